// Compiling and evaluating a set of triggers.
#include "triggers/trigger_set.h"

#include <fmt/format.h>

#include <chrono>

#include "compiler/pipeline.h"
#include "ir/triggers/form.h"
#include "jit/tiered_code.h"
#include "triggers/scope_program.h"
#include "value/json.h"

namespace riposte::triggers {

vm::Budgets default_trigger_budgets() {
  vm::Budgets b;
  b.fuel = kDefaultTriggerFuel;
  b.memory_bytes = kDefaultTriggerMemory;
  b.max_depth = kDefaultTriggerDepth;
  return b;
}

bool is_manual(const Value& event) {
  const Value* manual = event.is_object() ? event.find("manual") : nullptr;
  return manual != nullptr && manual->kind() == Kind::True;
}

struct TriggerSet::Compiled {
  TriggerSpec spec;
  std::unique_ptr<ir::Module> module;    // for the host globals' order
  std::unique_ptr<vm::Program> program;  // null when it did not compile
  std::string compile_error;
  bool mentions_event = false;
  bool calls_event = false;
  std::unique_ptr<jit::TieredCode> native;  // null: the VM only (set_engine)
};

namespace {

// The first error as one line: "compile error at 1:5: unknown function foo/0".
std::string first_error(const std::vector<support::Diagnostic>& diags) {
  for (const support::Diagnostic& d : diags) {
    if (d.severity != support::Severity::Error) continue;
    return fmt::format("compile error at {}:{}: {}", d.span.line, d.span.column, d.message);
  }
  return "compile error";
}

std::string error_message(const vm::Program::Outcome& r) {
  switch (r.status) {
    case vm::Program::Status::Halt:
      return r.halt_error ? "halt_error: " + (r.halt_value.is_string() ? std::string(r.halt_value.str())
                                                                       : to_json(r.halt_value))
                          : "trigger called halt";
    default:
      return r.error.is_string() ? std::string(r.error.str()) : to_json(r.error) + " (not a string)";
  }
}

TriggerResult error(std::string message) {
  return {Verdict::Error, std::move(message)};
}

// Applies the "exactly one boolean" rule to what an evaluation produced.
TriggerResult judge(size_t outputs, const Value& first) {
  if (outputs == 0) {
    return error(
        "trigger yielded no value; it must yield exactly one boolean (for an iterator, "
        "wrap it: [ ... ] | any)");
  }
  if (outputs > 1) {
    return error(
        "trigger yielded more than one value; it must yield exactly one boolean (wrap the "
        "iterator: [ ... ] | any)");
  }
  if (first.kind() == Kind::True) return {Verdict::Match, {}};
  if (first.kind() == Kind::False || first.is_null()) return {Verdict::NoMatch, {}};
  return error(fmt::format("trigger must yield a boolean, got {}", first.type_name()));
}

}  // namespace

TriggerSet::TriggerSet(std::vector<TriggerSpec> specs, const vm::Budgets& budgets) : budgets_(budgets) {
  triggers_.reserve(specs.size());
  for (TriggerSpec& s : specs) {
    auto t = std::make_unique<Compiled>();
    t->spec = std::move(s);
    t->mentions_event = mentions_event(t->spec.text);
    compiler::CompileOptions opt;
    opt.file = "<trigger>";
    compiler::Compiled c = compiler::compile(t->spec.text, trigger_lower_options(t->spec.scope), opt);
    if (c.ok()) {
      t->calls_event = triggers::calls_event(*c.module);
      ir::analysis::merge(projection_, object_projection(*c.module));
      t->module = std::move(c.module);
      t->program = std::move(c.program);
    } else {
      t->compile_error = first_error(c.diagnostics);
    }
    triggers_.push_back(std::move(t));
  }
  read_projection_ = json_projection(projection_);
  flags_.reserve(triggers_.size());
  for (const auto& t : triggers_)
    flags_.push_back(static_cast<uint8_t>((t->program ? kCompiledFlag : 0) |
                                          (t->mentions_event ? kMentionsEventFlag : 0)));
  build_shared_program();
}

// Recognises every compiled trigger's canonical form and merges them into
// one plan (ir/triggers/); a trigger that did not compile is residual.
void TriggerSet::build_shared_program() {
  std::vector<ir::triggers::TriggerForm> forms;
  forms.reserve(triggers_.size());
  for (const auto& t : triggers_) {
    if (t->program) {
      forms.push_back(ir::triggers::recognise(*t->module));
    } else {
      forms.emplace_back().why = "compile error";
    }
  }
  shared_ = std::make_unique<ScopeProgram>(ir::triggers::build_plan(std::move(forms)), budgets_);
}

TriggerSet::~TriggerSet() = default;

void TriggerSet::set_engine(jit::Tier tier, uint32_t hot_after) {
  for (auto& t : triggers_) {
    t->native.reset();
    if (t->program && tier != jit::Tier::Vm)
      t->native = std::make_unique<jit::TieredCode>(*t->module, tier, hot_after);
  }
}

std::string TriggerSet::native_status(size_t i) const {
  const Compiled& t = *triggers_[i];
  if (!t.program) return "not compiled: " + t.compile_error;
  return t.native ? t.native->status() : "not compiled: --engine vm";
}

size_t TriggerSet::size() const {
  return triggers_.size();
}
const TriggerSpec& TriggerSet::spec(size_t i) const {
  return triggers_[i]->spec;
}
const std::string& TriggerSet::compile_error(size_t i) const {
  return triggers_[i]->compile_error;
}
bool TriggerSet::wants_manual_events(size_t i) const {
  return triggers_[i]->mentions_event;
}
bool TriggerSet::calls_event(size_t i) const {
  return triggers_[i]->calls_event;
}

TriggerResult TriggerSet::evaluate(size_t i, const Value& object, const Value& event) const {
  const Compiled& t = *triggers_[i];
  if (!t.program) return error(t.compile_error);
  if (!t.mentions_event && is_manual(event)) return {Verdict::Skipped, {}};
  vm::FirstOutput out;
  static const vm::Host kNoHost;  // `input`, `debug` ... have nothing to talk to
  const jit::NativeProgram* native = t.native ? t.native->native() : nullptr;
  // One globals vector per thread, refilled for each evaluation and emptied
  // after it (values are thread-confined; none outlives the evaluation).
  thread_local std::vector<Value> globals;
  trigger_globals(*t.module, object, event, globals);
  vm::Program::Outcome r = native ? native->run(object, globals, budgets_, out.emitter())
                                  : t.program->run(object, globals, budgets_, kNoHost, out.emitter());
  globals.clear();
  if (r.status != vm::Program::Status::Ok) return error(error_message(r));
  return judge(out.count, out.first);
}

const ir::triggers::Plan& TriggerSet::plan() const {
  return shared_->plan();
}

namespace {
uint64_t now_ns() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}
}  // namespace

EvalProfile& EvalProfile::operator+=(const EvalProfile& o) {
  shared_ns += o.shared_ns;
  decide_ns += o.decide_ns;
  residual_ns += o.residual_ns;
  decided += o.decided;
  residual_runs += o.residual_runs;
  skipped += o.skipped;
  return *this;
}

void TriggerSet::evaluate_all(const Value& object, const Value& event, std::vector<TriggerResult>& out,
                              EvalProfile* profile) const {
  out.resize(triggers_.size());
  ScopeProgram::State& state = ScopeProgram::thread_state();
  uint64_t t0 = profile ? now_ns() : 0;
  shared_->begin(state, object, event);
  uint64_t t1 = profile ? now_ns() : 0, residual = 0;
  bool manual = is_manual(event);
  // The loop reads the compact flags_, not the Compiled records: with
  // thousands of triggers, a cache miss per trigger would cost more than
  // the shared evaluation itself.
  for (size_t i = 0; i < triggers_.size(); ++i) {
    uint8_t f = flags_[i];
    TriggerResult& r = out[i];
    if (!(f & kCompiledFlag)) {
      r = evaluate(i, object, event);  // the compile error
      if (profile) ++profile->skipped;
    } else if (manual && !(f & kMentionsEventFlag)) {
      r.verdict = Verdict::Skipped;  // as evaluate(i): compile errors first, then the manual skip
      r.message.clear();
      if (profile) ++profile->skipped;
    } else if (Answer a = shared_->answer(state, i); a != Answer::Unknown) {
      r.verdict = a == Answer::True ? Verdict::Match : Verdict::NoMatch;
      r.message.clear();
      if (profile) ++profile->decided;
    } else if (profile) {
      uint64_t r0 = now_ns();
      r = evaluate(i, object, event);
      residual += now_ns() - r0;
      ++profile->residual_runs;
    } else {
      r = evaluate(i, object, event);
    }
  }
  uint64_t t2 = profile ? now_ns() : 0;
  shared_->end(state);
  if (profile) {
    uint64_t t3 = now_ns();
    profile->shared_ns += (t1 - t0) + (t3 - t2);
    profile->decide_ns += (t2 - t1) - residual;
    profile->residual_ns += residual;
  }
}

std::optional<TriggerResult> TriggerSet::evaluate_shared(size_t i, const Value& object,
                                                         const Value& event) const {
  ScopeProgram::State& state = ScopeProgram::thread_state();
  shared_->begin(state, object, event);
  Answer a = shared_->answer(state, i);
  shared_->end(state);
  if (a == Answer::Unknown) return std::nullopt;
  return TriggerResult{a == Answer::True ? Verdict::Match : Verdict::NoMatch, {}};
}

}  // namespace riposte::triggers
