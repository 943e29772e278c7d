// JitProgram: generate, compile through the session, run (jit/jit_program.h).
#include "jit/jit_program.h"

#include "jit/codegen.h"
#include "jit/llvm.h"
#include "jit/runtime.h"
#include "jit/session.h"
#include "jit/subset.h"
#include "value/constant_pool.h"

namespace riposte::jit {
namespace {

std::string print(const llvm::Module& m) {
  std::string text;
  llvm::raw_string_ostream os(text);
  m.print(os, nullptr);
  return text;
}

bool generate_checked(const ir::Module& m, Generated& g, std::string& why) {
  return supported(m, why) && generate(m, g, why);
}

// Slots reused from run to run on a thread: an evaluation allocates none.
std::vector<Value>& thread_slots() {
  thread_local std::vector<Value> slots;
  return slots;
}

}  // namespace

struct JitProgram::Impl {
  EntryFn entry = nullptr;
  // The table the native code indexes (passed at run time, never embedded
  // in the code, which the session shares between programs of one shape):
  // pinned in the program's own pool, so runs on several threads read them
  // without counting, and freed with the program.
  ConstantPool pool;  // declared before `consts`: outlives them
  std::vector<Value> consts;
  uint32_t slots = 0;
  size_t globals = 0;
  std::string ir;
};

JitProgram::JitProgram() : impl_(std::make_unique<Impl>()) {}
JitProgram::~JitProgram() = default;

std::unique_ptr<JitProgram> JitProgram::compile(const ir::Module& m, std::string* why_not) {
  Generated g;
  std::string why;
  std::unique_ptr<JitProgram> p(new JitProgram());
  if (generate_checked(m, g, why)) {
    p->impl_->ir = print(*g.module);
    p->impl_->entry = JitSession::instance().compile(g, p->impl_->ir, why);
  }
  if (!p->impl_->entry) {
    if (why_not) *why_not = why;
    return nullptr;
  }
  p->impl_->consts.reserve(g.consts.size());
  for (const Value& c : g.consts) p->impl_->consts.push_back(p->impl_->pool.add(c));
  p->impl_->slots = g.slots;
  p->impl_->globals = m.globals.size();
  return p;
}

vm::Program::Outcome JitProgram::run(const Value& input, const std::vector<Value>& globals, const vm::Budgets& budgets,
                                 const std::function<bool(const Value&)>& emit) const {
  std::vector<Value>& slots = thread_slots();
  if (slots.size() < impl_->slots) slots.resize(impl_->slots);
  for (size_t i = 0; i < impl_->globals && i < globals.size(); ++i) slots[i] = globals[i];
  vm::Program::Outcome out;
  {
    JitRun run(budgets, emit, slots);
    int32_t status = impl_->entry(&run, &input, slots.data(), impl_->consts.data());
    out = run.outcome(status);
  }
  out.error.detach();  // as vm::Program::run: the outcome is the caller's
  out.halt_value.detach();
  for (uint32_t i = 0; i < impl_->slots; ++i) slots[i] = Value();
  return out;
}

std::string JitProgram::llvm_ir() const { return impl_->ir; }

std::string JitProgram::assembly() const {
  std::string why;
  std::string text = JitSession::instance().assembly(impl_->ir, why);
  return text.empty() ? "; " + why + "\n" : text;
}

bool llvm_ir_text(const ir::Module& m, std::string& out, std::string& why_not) {
  Generated g;
  if (!generate_checked(m, g, why_not)) return false;
  out = print(*g.module);
  return true;
}

}  // namespace riposte::jit
