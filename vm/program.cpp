// Program: the compiled bytecode of a module and its evaluation.
#include "vm/program.h"

#include "vm/compiler.h"
#include "vm/disasm.h"
#include "vm/interp.h"

namespace riposte {

struct Program::Impl {
  vm::Code code;
};

Program::Program() : impl_(std::make_unique<Impl>()) {}
Program::~Program() = default;

std::unique_ptr<Program> Program::compile(const ir::Module& m) {
  std::unique_ptr<Program> p(new Program());
  p->impl_->code = vm::compile(m);
  // One program may run on several threads at once (trigger matching):
  // its constants must not be reference counted.
  for (const Value& k : p->impl_->code.consts) k.share_across_threads();
  return p;
}

std::string Program::disassemble() const { return vm::disassemble(impl_->code); }

Program::Outcome Program::run(const Value& input, const std::vector<Value>& globals, const Budgets& budgets,
                              const Host& host, const std::function<bool(const Value&)>& emit) const {
  vm::Interp interp(impl_->code, budgets, host, emit);
  return interp.run(input, globals);
}

}  // namespace riposte
