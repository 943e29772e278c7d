// Program: the compiled bytecode of a module and its evaluation.
#include "vm/program.h"

#include <mutex>
#include <string>
#include <unordered_map>

#include "vm/compiler.h"
#include "vm/disasm.h"
#include "vm/interp.h"
#include "value/json.h"

namespace riposte::vm {

namespace {

// One program may run on several threads at once (trigger matching), and
// its outputs may outlive it: constants are immortal values
// (share_across_threads), never freed.  Interning them process-wide bounds
// that memory by the distinct constants ever compiled, however often
// programs are recompiled.
Value intern_constant(const Value& v) {
  static std::mutex mu;
  static auto* interned = new std::unordered_map<std::string, Value>();
  std::string key = (v.is_double() ? "d" : "v") + to_json(v);
  std::lock_guard<std::mutex> lock(mu);
  auto [it, added] = interned->try_emplace(std::move(key), v);
  if (added) it->second.share_across_threads();
  return it->second;
}

}  // namespace

struct Program::Impl {
  vm::Code code;
};

Program::Program() : impl_(std::make_unique<Impl>()) {}
Program::~Program() = default;

std::unique_ptr<Program> Program::compile(const ir::Module& m) {
  std::unique_ptr<Program> p(new Program());
  p->impl_->code = vm::compile(m);
  for (Value& k : p->impl_->code.consts) k = intern_constant(k);
  return p;
}

std::string Program::disassemble() const { return vm::disassemble(impl_->code); }

Program::Outcome Program::run(const Value& input, const std::vector<Value>& globals, const Budgets& budgets,
                              const Host& host, const std::function<bool(const Value&)>& emit) const {
  vm::Interp interp(impl_->code, budgets, host, emit);
  return interp.run(input, globals);
}

}  // namespace riposte::vm
