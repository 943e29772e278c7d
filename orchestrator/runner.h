// The step runner: runs blocks of the step graph on a data value, for one
// thread of control (the main flow, or one branch of a parallel fan-out on
// a worker thread).  What every thread shares (the compiled algorithm, the
// ports, the journal, the stop flag) is in Shared; what one thread produces
// (history records and calls, in start order) is in Trace.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ir/algorithm/step_graph.h"
#include "orchestrator/evaluator.h"
#include "orchestrator/journal.h"
#include "orchestrator/ports.h"
#include "orchestrator/status.h"

namespace riposte::orchestrator {

struct RunOptions {
  vm::Budgets budgets = default_expression_budgets();
  unsigned pool = 4;        // worker threads of one parallel fan-out
  // Debug: pause after this many finished steps (any depth) more than had
  // finished when the instance last paused; -1 = never.  Counting from the
  // last pause (not from this process's start) is what makes a resume with
  // --stop-after progress: the step under way is re-run from its start and
  // its inner steps finish again (replayed) before any new one does.
  int64_t stop_after = -1;
  // Set by the engine to terminate the instance: no new step starts, the
  // instance ends Terminated; calls already made are not rolled back.
  const std::atomic<bool>* terminate = nullptr;
  // A testing aid (--time-scale): every duration of the algorithm (run and
  // step timeouts, approval timeouts and e-mail delays) elapses this many
  // times faster.
  double time_scale = 1;
};

// A duration under RunOptions::time_scale.
inline int64_t scaled(int64_t ns, double time_scale) {
  return time_scale > 0 && time_scale != 1 ? int64_t(double(ns) / time_scale) : ns;
}

struct Shared {
  const CompiledAlgorithm& algorithm;
  ActionPort& port;
  Approver& approver;
  Journal& journal;
  RunOptions options;
  std::string object_json;  // the launching object, re-read by each worker thread
  bool incident = false;
  int64_t deadline_ns = 0;  // playbookRunTimeout on the steady clock
  std::atomic<int64_t> steps_done{0};  // since launch, as InstanceState counts them
  int64_t stop_at = -1;                // steps_done that pauses the run (RunOptions::stop_after)
  std::atomic<bool> suspend{false};
  std::atomic<uint64_t> history_bytes{0};  // bound_history_record (data_ops.h)
  std::mutex pending_mu;
  std::vector<std::string> pending;  // approvals not answered yet, as JSON text {"step", "asset", "key"}
};

struct Trace {
  Array history;
  Array calls;
};

struct BlockResult {
  Status status = Status::Success;
  std::optional<StepError> error;
};

struct Unit;  // one batch or branch of a fan-out (run_fan_out.cpp)

class Runner {
 public:
  Runner(Shared& shared, const Evaluator& ev) : shared_(shared), ev_(ev) {}

  // Runs the steps in order; stops at the first that neither succeeds nor
  // warns.  Warning when any step warned.  `scope` prefixes idempotency keys.
  BlockResult run_block(const ir::algorithm::Block& b, Value& data, const std::string& scope, Trace& trace);
  BlockResult run_step(const ir::algorithm::Step& s, Value& data, const std::string& scope, Trace& trace);

 private:
  BlockResult run_action(const ir::algorithm::Step& s, Value& data, const std::string& scope, Trace& trace,
                         Value& record);
  BlockResult run_fan_out(const ir::algorithm::Step& s, Value& data, const std::string& scope, Trace& trace,
                          Value& record);
  BlockResult run_switch(const ir::algorithm::Step& s, Value& data, const std::string& scope, Trace& trace,
                         Value& record);
  BlockResult run_update(const ir::algorithm::Step& s, Value& data, Value& record);
  void run_units_in_sequence(std::vector<Unit>& units, bool stop);
  void run_units_in_parallel(std::vector<Unit>& units, bool stop);

  Shared& shared_;
  const Evaluator& ev_;
};

// Wall-clock time as RFC 3339 with milliseconds, for history records.
std::string now_rfc3339();
int64_t steady_now_ns();

}  // namespace riposte::orchestrator
