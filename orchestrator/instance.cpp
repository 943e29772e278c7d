// The top-level loop of an instance.
#include <algorithm>
#include <chrono>
#include <mutex>

#include "ir/algorithm/printer.h"
#include "value/json.h"
#include "orchestrator/instance.h"

namespace riposte::orchestrator {

namespace g = ir::algorithm;

namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Saves the state at a boundary and on every journal change.
class Saver {
 public:
  Saver(const Checkpoint& checkpoint, const Journal& journal) : checkpoint_(checkpoint), journal_(journal) {}
  void boundary(const InstanceState& s) {
    if (!checkpoint_) return;  // nothing to save: the text would cost O(history) per step
    std::string text = to_json(state_to_value(s));
    std::lock_guard<std::mutex> lock(mu_);
    instance_ = std::move(text);
    if (checkpoint_) checkpoint_(instance_, journal_.to_json());
  }
  void journal_changed() {
    std::lock_guard<std::mutex> lock(mu_);
    if (checkpoint_ && !instance_.empty()) checkpoint_(instance_, journal_.to_json());
  }

 private:
  const Checkpoint& checkpoint_;
  const Journal& journal_;
  std::mutex mu_;
  std::string instance_;
};

void finish(InstanceState& s, Status status, const std::optional<StepError>& error) {
  s.status = status;
  if (error) s.error = error->text();
}

// The playbook input transform: {"input": targets} then `input`.
bool start(InstanceState& s, const g::Algorithm& a, const Evaluator& ev) {
  s.started = true;
  s.data = Value::object(Object{{"input", s.targets}});
  if (a.input == ir::kNone) return true;
  Evaluated e = ev.eval(a.input, s.data);
  if (!e.ok()) {
    finish(s, Status::Error, e.error);
    return false;
  }
  s.data = std::move(e.value);
  return true;
}

void conclude(InstanceState& s, const g::Algorithm& a, const Evaluator& ev) {
  s.result = s.data;
  if (a.output != ir::kNone) {
    Evaluated e = ev.eval(a.output, s.data);
    if (!e.ok()) {
      s.result = Value();
      finish(s, Status::Error, e.error);
      return;
    }
    s.result = std::move(e.value);
  }
  s.status = s.warned ? Status::Warning : Status::Success;
}

}  // namespace

void run_instance(const CompiledAlgorithm& algorithm, InstanceState& s, ActionPort& port, Approver& approver,
                  Journal& journal, const RunOptions& options, const Checkpoint& checkpoint) {
  const g::Algorithm& a = *algorithm.graph;
  Shared shared{algorithm, port, approver, journal, options, {}, false, 0, {}, {}, {}, {}, {}, {}};
  shared.steps_done = s.steps_done;
  shared.stop_at = options.stop_after >= 0 ? std::max(s.steps_done, s.paused_at) + options.stop_after : -1;
  shared.object_json = to_json(s.object);
  shared.incident = s.incident;
  int64_t left_ms = s.started_ms + scaled(a.run_timeout_ns, options.time_scale) / 1'000'000 - wall_ms();
  shared.deadline_ns = steady_now_ns() + left_ms * 1'000'000;
  Saver saver(checkpoint, journal);
  journal.on_record([&saver] { saver.journal_changed(); });
  Evaluator ev(algorithm, s.object, s.incident, options.budgets);
  Runner runner(shared, ev);
  if (!paused(s.status)) {  // a state that finished (saved after its last step): nothing more runs
    journal.on_record(nullptr);
    return;
  }
  s.status = Status::InProgress;
  s.error.clear();
  s.pending.clear();
  if (s.next > a.flow.steps.size()) {  // a state that does not belong to this algorithm
    finish(s, Status::Error, StepError{"", "the saved position is past the last step", true});
    saver.boundary(s);
    journal.on_record(nullptr);
    return;
  }
  if (!s.started && !start(s, a, ev)) {
    saver.boundary(s);
    journal.on_record(nullptr);
    return;
  }
  saver.boundary(s);
  while (s.next < a.flow.steps.size()) {
    Value data = s.data;
    Trace trace;
    BlockResult r = runner.run_step(a.flow.steps[s.next], data, "", trace);
    if (paused(r.status)) {  // the step runs again on resume, replaying its calls
      s.status = r.status;
      s.paused_at = shared.steps_done.load();
      s.pending = shared.pending;
      // Parallel branches ask in whatever order their threads run: sorted,
      // the list (stderr, the saved state) is the same on every run.
      std::sort(s.pending.begin(), s.pending.end());
      break;
    }
    for (Value& h : trace.history) s.history.push_back(std::move(h));
    for (Value& c : trace.calls) s.calls.push_back(std::move(c));
    s.data = std::move(data);
    ++s.next;
    s.steps_done = s.paused_at = shared.steps_done.load();
    if (!goes_on(r.status)) {
      finish(s, r.status, r.error);
      break;
    }
    s.warned |= r.status == Status::Warning;
    if (s.next == a.flow.steps.size()) conclude(s, a, ev);
    if (shared.suspend.load() && s.next < a.flow.steps.size()) {
      saver.boundary(s);
      break;
    }
    saver.boundary(s);
  }
  saver.boundary(s);
  journal.on_record(nullptr);
}

}  // namespace riposte::orchestrator
