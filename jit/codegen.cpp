// IR -> LLVM IR: the entry function, values, helper calls and the walk
// (jit/codegen.h).  The node kinds are generated in codegen_nodes.cpp.
#include "jit/codegen.h"

#include <fmt/format.h>

#include "jit/codegen_state.h"
#include "value/json.h"

namespace riposte::jit {

Generated::Generated() = default;
Generated::Generated(Generated&&) noexcept = default;
Generated::~Generated() {
  module.reset();  // before the context it lives in
  context.reset();
}

namespace {

// Bounds on the generated code: continuations are inlined, so `a, b` and
// `if` copy their consumer; a pathological nesting stays on the VM.
constexpr uint32_t kMaxNodeVisits = 20'000;
constexpr size_t kMaxInstructions = 200'000;

enum Ty { I32, I64, PTR, VOID };

struct RtDecl {
  const char* name;
  std::vector<Ty> sig;  // the result, then the parameters
};

const RtDecl kRuntime[] = {
#define RIPOSTE_JIT_RUNTIME(name, ...) {#name, {__VA_ARGS__}},
#include "jit/runtime.def"
#undef RIPOSTE_JIT_RUNTIME
};

llvm::Type* llvm_type(llvm::LLVMContext& c, Ty t) {
  switch (t) {
    case I32:
      return llvm::Type::getInt32Ty(c);
    case I64:
      return llvm::Type::getInt64Ty(c);
    case PTR:
      return llvm::PointerType::getUnqual(c);
    case VOID:
      break;
  }
  return llvm::Type::getVoidTy(c);
}

struct TooLarge {};  // thrown out of the walk when the code grows too big

}  // namespace

Codegen::Codegen(const ir::Module& m, Generated& out)
    : m_(m), out_(out), ctx_(*out.context), mod_(*out.module), b_(ctx_) {
  for (size_t i = 0; i < m.globals.size(); ++i) vars_[m.globals[i]] = static_cast<uint32_t>(i);
  out_.slots = static_cast<uint32_t>(m.globals.size());
}

void Codegen::generate() {
  llvm::Type* ptr = llvm::PointerType::getUnqual(ctx_);
  auto* type = llvm::FunctionType::get(b_.getInt32Ty(), {ptr, ptr, ptr, ptr}, false);
  fn_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, kEntryName, mod_);
  const char* names[] = {"run", "input", "slots", "consts"};
  for (unsigned i = 0; i < 4; ++i) fn_->getArg(i)->setName(names[i]);
  run_ = fn_->getArg(0);
  slots_ = fn_->getArg(2);
  consts_ = fn_->getArg(3);
  entry_ = block("entry");
  llvm::BasicBlock* start = block("start");
  on_error_ = block("fail");
  on_stop_ = block("stop");
  b_.SetInsertPoint(on_error_);
  b_.CreateRet(b_.getInt32(1));
  b_.SetInsertPoint(on_stop_);
  b_.CreateRet(b_.getInt32(0));
  b_.SetInsertPoint(start);
  gen(*m_.main, fn_->getArg(1), [&](llvm::Value* v) {
    llvm::BasicBlock* more = block("more");
    b_.CreateCondBr(b_.CreateICmpEQ(call(Rt::rt_emit, {run_, v}), b_.getInt32(0)), on_stop_, more);
    b_.SetInsertPoint(more);
  });
  b_.CreateRet(b_.getInt32(0));
  b_.SetInsertPoint(entry_);  // allocas were put here; now fall into the code
  b_.CreateBr(start);
}

void Codegen::gen(const ir::Node& n, llvm::Value* in, const Cont& k) {
  if (++visits_ > kMaxNodeVisits) throw TooLarge{};
  using K = ir::NodeKind;
  switch (n.kind) {
    case K::Identity:
      return k(in);
    case K::Const:
      return k(constant_json(n.text));
    case K::Var:
      return k(slot(var_slot(n.var)));
    case K::Pipe:
      return gen_pipe(n, in, k);
    case K::Comma:
      gen(*n.kids[0], in, k);
      return gen(*n.kids[1], in, k);
    case K::Binary:
      return gen_binary(n, in, k);
    case K::And:
    case K::Or:
      return gen_and_or(n, in, k);
    case K::Alt:
      return gen_alt(n, in, k);
    case K::If:
      return gen_if(n, in, k);
    case K::Try:
      return gen_try(n, in, k);
    case K::Reduce:
      return gen_reduce(n, in, k);
    case K::Foreach:
      return gen_foreach(n, in, k);
    case K::Bind:
      return gen_bind(n, in, k);
    case K::Label:
      return gen_label(n, in, k);
    case K::Break:
      return gen_break(n);
    case K::Collect:
      return gen_collect(n, in, k);
    case K::Object:
      return gen_object(n, in, k);
    case K::Index:
      return gen_index(n, in, k);
    case K::Slice:
      return gen_slice(n, in, k);
    case K::Iterate:
      return gen_iterate(n, in, k);
    case K::FuncDefs:
      return gen(*n.kids[0], in, k);
    case K::CallNative:
      return gen_native(n, in, k);
    case K::Path:
    case K::CallFunc:
    case K::CallParam:
      break;  // outside the subset: supported() refused the module
  }
  throw std::logic_error(fmt::format("jit: node {} outside the subset", ir::name(n.kind)));
}

uint32_t Codegen::new_slot() { return out_.slots++; }

uint32_t Codegen::new_slots(uint32_t n) {
  uint32_t first = out_.slots;
  out_.slots += n;
  return first;
}

llvm::Value* Codegen::slot(uint32_t i) {
  return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), slots_, uint64_t{i} * sizeof(Value));
}

llvm::Value* Codegen::constant(const Value& v) {
  std::string json = to_json(v);
  auto [it, added] = const_index_.try_emplace(json, static_cast<uint32_t>(out_.consts.size()));
  if (added) out_.consts.push_back(v);
  return b_.CreateConstInBoundsGEP1_64(b_.getInt8Ty(), consts_, uint64_t{it->second} * sizeof(Value));
}

llvm::Value* Codegen::constant_json(const std::string& json) {
  Value v;
  JsonError err;
  if (!parse_json(json, v, err)) throw std::logic_error("jit: bad constant " + json);
  return constant(v);
}

uint32_t Codegen::var_slot(ir::VarId v) {
  auto [it, added] = vars_.try_emplace(v, 0);
  if (added) it->second = new_slot();
  return it->second;
}

llvm::CallInst* Codegen::call(Rt fn, std::initializer_list<llvm::Value*> args) {
  const RtDecl& d = kRuntime[static_cast<size_t>(fn)];
  llvm::Function* f = mod_.getFunction(d.name);
  if (!f) {
    std::vector<llvm::Type*> params;
    for (size_t i = 1; i < d.sig.size(); ++i) params.push_back(llvm_type(ctx_, d.sig[i]));
    auto* type = llvm::FunctionType::get(llvm_type(ctx_, d.sig[0]), params, false);
    f = llvm::Function::Create(type, llvm::Function::ExternalLinkage, d.name, mod_);
    f->addFnAttr(llvm::Attribute::NoUnwind);
  }
  return b_.CreateCall(f, args);
}

llvm::BasicBlock* Codegen::block(const char* name) { return llvm::BasicBlock::Create(ctx_, name, fn_); }

void Codegen::guard(llvm::Value* status, const std::function<void()>& ok) {
  llvm::BasicBlock* ok_bb = block("ok");
  llvm::BasicBlock* next = block("next");
  llvm::SwitchInst* sw = b_.CreateSwitch(status, on_error_, 2);
  sw->addCase(b_.getInt32(0), ok_bb);
  sw->addCase(b_.getInt32(3), next);
  b_.SetInsertPoint(ok_bb);
  ok();
  b_.CreateBr(next);
  b_.SetInsertPoint(next);
}

llvm::Value* Codegen::truthy(llvm::Value* v) {
  return b_.CreateICmpNE(call(Rt::rt_truthy, {v}), b_.getInt32(0));
}

void Codegen::copy(llvm::Value* dst, llvm::Value* src) { call(Rt::rt_copy, {dst, src}); }

llvm::AllocaInst* Codegen::local_i64(const char* name) {
  llvm::IRBuilder<> at(entry_, entry_->begin());
  return at.CreateAlloca(b_.getInt64Ty(), nullptr, name);
}

void Codegen::tick() {
  guard(call(Rt::rt_tick, {run_}), [] {});
}

bool generate(const ir::Module& m, Generated& out, std::string& why) {
  out.context = std::make_unique<llvm::LLVMContext>();
  out.module = std::make_unique<llvm::Module>("riposte.trigger", *out.context);
  try {
    Codegen(m, out).generate();
  } catch (const TooLarge&) {
    why = "the native code would be too large";
    return false;
  } catch (const std::logic_error& e) {
    why = e.what();
    return false;
  }
  llvm::Function* f = out.module->getFunction(kEntryName);
  if (f->getInstructionCount() > kMaxInstructions) {
    why = "the native code would be too large";
    return false;
  }
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*out.module, &os)) {
    why = "internal error: invalid LLVM IR: " + problems;
    return false;
  }
  return true;
}

}  // namespace riposte::jit
