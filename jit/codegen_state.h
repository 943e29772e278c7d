// The code generator's state (jit/codegen.h): the LLVM builder, where
// values live (slots and constants), the error and break targets in scope.
// codegen.cpp walks the IR; codegen_nodes.cpp generates one node kind each.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "ir/ir.h"
#include "jit/codegen.h"
#include "jit/llvm.h"

namespace riposte::jit {

// The runtime helpers, in the order of jit/runtime.def.
enum class Rt {
#define RIPOSTE_JIT_RUNTIME(name, ...) name,
#include "jit/runtime.def"
#undef RIPOSTE_JIT_RUNTIME
};

class Codegen {
 public:
  // Receives a pointer to the Value of one output.
  using Cont = std::function<void(llvm::Value*)>;

  Codegen(const ir::Module& m, Generated& out);
  void generate();  // the whole entry function

 private:
  void gen(const ir::Node& n, llvm::Value* in, const Cont& k);
  // One per node kind (codegen_nodes.cpp).
  void gen_pipe(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_binary(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_and_or(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_alt(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_if(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_try(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_reduce(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_foreach(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_bind(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_label(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_break(const ir::Node& n);
  void gen_collect(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_object(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_index(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_slice(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_iterate(const ir::Node& n, llvm::Value* in, const Cont& k);
  void gen_native(const ir::Node& n, llvm::Value* in, const Cont& k);
  // Evaluates `parts` on `in` (the first outermost), each output copied
  // into consecutive slots from `first`, then calls `done`.
  void gen_into_slots(const std::vector<const ir::Node*>& parts, size_t i, llvm::Value* in, uint32_t first,
                      const std::function<void()>& done);

  // Values.
  uint32_t new_slot();
  uint32_t new_slots(uint32_t n);
  llvm::Value* slot(uint32_t i);
  llvm::Value* constant(const Value& v);
  llvm::Value* constant_json(const std::string& json);
  uint32_t var_slot(ir::VarId v);

  // Calls and control flow.
  llvm::CallInst* call(Rt fn, std::initializer_list<llvm::Value*> args);
  llvm::BasicBlock* block(const char* name);
  // A helper's status: 0 runs `ok` then goes on, 3 (error(null)) goes on
  // at once, anything else goes to the error target in scope.
  void guard(llvm::Value* status, const std::function<void()>& ok);
  llvm::Value* truthy(llvm::Value* v);  // i1
  void copy(llvm::Value* dst, llvm::Value* src);
  llvm::AllocaInst* local_i64(const char* name);
  void tick();  // a loop step: fuel and memory

  const ir::Module& m_;
  Generated& out_;
  llvm::LLVMContext& ctx_;
  llvm::Module& mod_;
  llvm::IRBuilder<> b_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* run_ = nullptr;
  llvm::Value* slots_ = nullptr;
  llvm::Value* consts_ = nullptr;
  llvm::BasicBlock* entry_ = nullptr;
  llvm::BasicBlock* on_error_ = nullptr;  // where a failing helper goes
  llvm::BasicBlock* on_stop_ = nullptr;   // emit said stop: return 0
  std::map<ir::LabelId, llvm::BasicBlock*> labels_;
  std::map<ir::VarId, uint32_t> vars_;
  std::map<std::string, uint32_t> const_index_;
  uint32_t visits_ = 0;
};

}  // namespace riposte::jit
