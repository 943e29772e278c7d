// A set of triggers compiled once and evaluated on one alert (or incident)
// at a time, by the rules of ../shared/spec/triggers.md:
//   exactly one output: true matches, false/null do not, anything else is
//   an error; zero or several outputs, a runtime error or an exhausted
//   budget are errors for that trigger and that alert only; on a manual
//   change a trigger that never mentions `event` is skipped; a trigger that
//   does not compile is an error on every alert.
// A TriggerSet is immutable after construction, so several threads may
// evaluate with it at once (vm::Program::run is re-entrant and its constants are
// pinned by their program, value/constant_pool.h); the values passed to
// evaluate() belong to the calling thread.  Its programs own their constants
// and free them with the set: no value it produces outlives an evaluation.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/triggers/plan.h"
#include "jit/tier.h"
#include "triggers/trigger_env.h"
#include "value/value.h"
#include "vm/program.h"

namespace riposte::triggers {

struct TriggerSpec {
  std::string id;
  std::string text;  // the jq program
  Scope scope = Scope::Alert;
};

// Defaults sized for triggers over alerts of a few KB (every 500th carries
// ~0.5 MB of SIEM events): generous for any honest trigger, small enough
// that a hostile one costs well under a second.  See docs/triggers.md.
inline constexpr uint64_t kDefaultTriggerFuel = 5'000'000;              // VM instructions
inline constexpr uint64_t kDefaultTriggerMemory = 32ull * 1024 * 1024;  // bytes created by one evaluation
inline constexpr uint32_t kDefaultTriggerDepth = 10'000;                // nested calls
vm::Budgets default_trigger_budgets();

enum class Verdict : uint8_t { NoMatch, Match, Error, Skipped };

struct TriggerResult {
  Verdict verdict = Verdict::NoMatch;
  std::string message;  // Error only
};

// Where evaluate_all's time goes (`riposte match --profile`): the shared
// program (index probes and shared subexpressions, ScopeProgram::begin and
// end), reading its answers for every trigger, and the triggers' own
// programs for what the shared program could not decide.  Nanoseconds of
// the evaluating thread, summed over alerts.
struct EvalProfile {
  uint64_t shared_ns = 0;
  uint64_t decide_ns = 0;    // the loop over triggers, minus residual_ns
  uint64_t residual_ns = 0;  // own programs (VM or JIT)
  uint64_t decided = 0;      // (alert, trigger) pairs the shared program decided
  uint64_t residual_runs = 0;
  uint64_t skipped = 0;  // manual changes and compile errors
  EvalProfile& operator+=(const EvalProfile& o);
};

class ScopeProgram;  // triggers/scope_program.h
}  // namespace riposte::triggers
namespace riposte::jit {
class TieredCode;  // jit/tiered_code.h
}  // namespace riposte::jit
namespace riposte::triggers {

class TriggerSet {
 public:
  // Compiles every trigger; failures are kept and reported at evaluation.
  explicit TriggerSet(std::vector<TriggerSpec> specs, const vm::Budgets& budgets = default_trigger_budgets());
  ~TriggerSet();
  TriggerSet(const TriggerSet&) = delete;
  TriggerSet& operator=(const TriggerSet&) = delete;

  size_t size() const;
  const TriggerSpec& spec(size_t i) const;
  // Empty when trigger i compiled; else the message every evaluation reports.
  const std::string& compile_error(size_t i) const;
  // Whether a manual change event reaches trigger i (mentions_event).
  bool wants_manual_events(size_t i) const;
  // Whether trigger i's compiled IR reads the change event (calls_event):
  // exact, unlike the textual rule above; for static checks and statistics.
  bool calls_event(size_t i) const;

  // Trigger i on `object` (the alert or incident) for the change `event`
  // (null when the evaluation does not come from a change).
  TriggerResult evaluate(size_t i, const Value& object, const Value& event) const;
  // The tier that runs each trigger's own program (jit/tier.h): Vm (the
  // default), Jit (native code for every trigger the JIT supports, compiled
  // now) or Auto (native once a trigger is hot).  Call before evaluating.
  void set_engine(jit::Tier tier, uint32_t hot_after = jit::kDefaultHotAfter);
  // "" when trigger i runs native code; else "not compiled: <why>".
  std::string native_status(size_t i) const;
  // Every trigger, in order; `out` is resized to size().  Triggers made of
  // atoms are answered by the set's one shared program (engine/
  // scope_program.h) and fall back to their own program whenever it cannot
  // decide exactly; the results are those of evaluate(i) for every i.
  // With `profile`, where the time went is added to it.
  void evaluate_all(const Value& object, const Value& event, std::vector<TriggerResult>& out,
                    EvalProfile* profile = nullptr) const;

  // What the triggers together can observe of an alert (incident): the
  // union of their input projections.  `riposte match` builds only that
  // part of each line (value/json.h, parse_json_projected).
  const ir::analysis::InputProjection& input_projection() const { return projection_; }
  // The same for the JSON reader (parse_json_projected).
  const JsonProjection& read_projection() const { return read_projection_; }

  // The cross-trigger plan (`riposte ir --triggers`).
  const ir::triggers::Plan& plan() const;
  // Trigger i's answer from the shared program alone, without its own
  // program: nullopt when it would fall back (tests compare it with
  // evaluate(i)).
  std::optional<TriggerResult> evaluate_shared(size_t i, const Value& object, const Value& event) const;

 private:
  struct Compiled;
  std::vector<std::unique_ptr<Compiled>> triggers_;
  vm::Budgets budgets_;
  void build_shared_program();
  // Per trigger, contiguous: compiled, mentions `event` (the hot loop's reads).
  static constexpr uint8_t kCompiledFlag = 1, kMentionsEventFlag = 2;
  std::vector<uint8_t> flags_;
  std::unique_ptr<ScopeProgram> shared_;
  ir::analysis::InputProjection projection_;
  JsonProjection read_projection_;
};

// True for a change event that says the change was made by hand
// (`{"manual": true, ...}`).
bool is_manual(const Value& event);

}  // namespace riposte::triggers
