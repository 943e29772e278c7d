// Program: the compiled bytecode of a module and its evaluation.
#include "vm/program.h"

#include <string>

#include "vm/compiler.h"
#include "vm/disasm.h"
#include "vm/interp.h"
#include "value/constant_pool.h"

namespace riposte::vm {

// One program may run on several threads at once (trigger matching): its
// constants are pinned in its own pool, never counted while it lives, and
// freed with it (value/constant_pool.h).
struct Program::Impl {
  ConstantPool pool;  // declared first: outlives `code`, whose constants it holds
  vm::Code code;
};

Program::Program() : impl_(std::make_unique<Impl>()) {}
Program::~Program() = default;

std::unique_ptr<Program> Program::compile(const ir::Module& m) {
  std::unique_ptr<Program> p(new Program());
  p->impl_->code = vm::compile(m);
  for (Value& k : p->impl_->code.consts) k = p->impl_->pool.add(k);
  return p;
}

std::string Program::disassemble() const { return vm::disassemble(impl_->code); }

Program::Outcome Program::run(const Value& input, const std::vector<Value>& globals, const Budgets& budgets,
                              const Host& host, const std::function<bool(const Value&)>& emit) const {
  vm::Interp interp(impl_->code, budgets, host, emit);
  Outcome out = interp.run(input, globals);
  // The outcome outlives the run and may outlive the program (its outputs
  // are the caller's to detach: see program.h).
  out.error.detach();
  out.halt_value.detach();
  return out;
}

}  // namespace riposte::vm
