// A playbook instance: its state (serialisable to JSON at every step
// boundary) and the loop that runs the top-level steps from where the state
// says, applying the playbook's input and output transforms, checking
// playbookRunTimeout, and handing each new state to a checkpoint callback.
//
// Resume = run_instance on a state read back, with the journal read back:
// the step that was under way when the state was saved runs again from its
// start, and every call or approval it had already made is replayed from
// the journal, so nothing is called twice and the output is the same.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "orchestrator/compiled.h"
#include "orchestrator/journal.h"
#include "orchestrator/ports.h"
#include "orchestrator/runner.h"
#include "orchestrator/status.h"

namespace riposte::orchestrator {

struct InstanceState {
  std::string id;         // random at launch; part of the bindings' idempotency keys
  Value object;           // global data: the alert or incident, frozen at launch
  std::string object_ref; // when set, the saved state names the object by this key instead of holding it
  bool incident = false;  // which function (`alert` / `incident`) reads it
  Value targets;          // target objects {"observables", "assets"} or null
  int64_t started_ms = 0; // wall clock (Unix ms) at launch: playbookRunTimeout counts from it
  bool started = false;   // the playbook input transform has run
  size_t next = 0;        // index in executionFlow of the next top-level step
  int64_t steps_done = 0; // steps finished (any depth) before step `next`
  int64_t paused_at = 0;  // steps finished when the instance last paused (RunOptions::stop_after)
  Value data;             // operational data at that boundary
  bool warned = false;    // a step ended with Warning
  Status status = Status::InProgress;
  std::string error;      // Error and the other failures: "PATH: message"
  Value result;           // the playbook's output once finished
  Array history;          // step records, in start order
  Array calls;            // calls, in start order
  std::vector<std::string> pending;  // approvals waited for (JSON texts)
};

InstanceState new_instance(Value object, bool incident, Value targets);

Value state_to_value(const InstanceState& s);
// False with a message when `v` is not a state state_to_value made.
bool state_from_value(const Value& v, InstanceState& s, std::string& error);

// Called with the instance's state (JSON text) and the journal (JSON text)
// whenever either changes: after each top-level step and after each call.
// May be called from worker threads, never concurrently.
using Checkpoint = std::function<void(const std::string& instance_json, const std::string& journal_json)>;

void run_instance(const CompiledAlgorithm& algorithm, InstanceState& state, ActionPort& port, Approver& approver,
                  Journal& journal, const RunOptions& options, const Checkpoint& checkpoint);

}  // namespace riposte::orchestrator
