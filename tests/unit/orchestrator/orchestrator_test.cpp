// The step orchestrator through its API (orchestrator/instance.h): what
// the golden run files cannot pin without timing — parallel concurrency,
// the parallel onError stop, approvals answered later, per-asset approval,
// resume inside a parallel split — and the error paths.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "actions/recording.h"
#include "actions/registry.h"
#include "engine/registry_port.h"
#include "value/json.h"
#include "compiler/algorithm.h"
#include "orchestrator/data_ops.h"
#include "orchestrator/instance.h"

namespace riposte::orchestrator {
namespace {

Value json(std::string_view text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << err.message;
  return v;
}

CompiledAlgorithm compile(const std::string& text) {
  compiler::AlgorithmResult built = compiler::compile_algorithm(text, "<test>");
  EXPECT_TRUE(built.ok()) << built.rendered_diagnostics;
  return compile_algorithm(std::move(built.algorithm));
}

std::string flow(const std::string& steps) {
  return R"({"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1", "executionFlow": )" +
         steps + "}";
}

// Records calls; `gate` calls wait (without a clock deciding the outcome)
// until `gate` calls are in flight together, so parallelism is observable.
class RecordingPort : public ActionPort {
 public:
  explicit RecordingPort(unsigned gate = 0, std::set<std::string> failing = {})
      : gate_(gate), failing_(std::move(failing)) {}
  CallReply call(const CallRequest& r) override {
    std::unique_lock<std::mutex> lock(mu_);
    keys.push_back(r.idempotency_key);
    ++live_;
    peak = std::max(peak, live_);
    cv_.notify_all();
    if (gate_) cv_.wait_for(lock, std::chrono::seconds(10), [&] { return live_ >= gate_ || released_; });
    released_ = released_ || live_ >= gate_;
    --live_;
    CallReply reply;
    std::string path = r.params.find("path") ? std::string(r.params.find("path")->str()) : "";
    reply.result = Value::object(Object{{"path", Value::string(path)}});
    if (failing_.count(path)) {
      reply.status = CallStatus::Error;
      reply.error = "failed " + path;
    }
    return reply;
  }
  std::vector<std::string> keys;
  unsigned peak = 0;

 private:
  unsigned gate_;
  std::set<std::string> failing_;
  std::mutex mu_;
  std::condition_variable cv_;
  unsigned live_ = 0;
  bool released_ = false;
};

class MapApprover : public Approver {
 public:
  explicit MapApprover(std::map<std::string, Approval> d, Approval otherwise = Approval::Pending)
      : d_(std::move(d)), otherwise_(otherwise) {}
  Approval decide(const ApprovalAsk& ask) override {
    auto it = d_.find(ask.asset);
    return it == d_.end() ? otherwise_ : it->second;
  }

 private:
  std::map<std::string, Approval> d_;
  Approval otherwise_;
};

const char* kAlert = R"({"Assets": [{"ID": "h1", "Type": "host"}, {"ID": "h2", "Type": "host"}],
  "OriginalEvents": [{"P": "a.exe"}, {"P": "b.exe"}, {"P": "c.exe"}, {"P": "d.exe"}, {"P": "e.exe"}, {"P": "f.exe"}]})";

std::string kill_split(const std::string& mode, const std::string& on_error) {
  return flow(R"([{"split": {"input": "${ [alert.OriginalEvents[].P] }", "mode": ")" + mode +
              R"(", "onError": ")" + on_error + R"(", "aggregate": "length",
      "steps": [{"responseAction": {"function": {"type": "killProcess", "assets": ["h1"], "params": {"path": "${ .[0] }"}}}}]}}])");
}

struct Inst {
  InstanceState state;
  Journal journal;
};

void run(const CompiledAlgorithm& c, Inst& r, ActionPort& port, Approver& approver, RunOptions options = {}) {
  run_instance(c, r.state, port, approver, r.journal, options, nullptr);
}

TEST(Orchestrator, ParallelSplitRunsConcurrentlyWithinThePool) {
  CompiledAlgorithm c = compile(kill_split("parallel", "stop"));
  RecordingPort port(2);
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  RunOptions options;
  options.pool = 3;
  run(c, r, port, approver, options);
  EXPECT_EQ(status_name(r.state.status), "Success");
  EXPECT_EQ(port.keys.size(), 6u);
  EXPECT_GT(port.peak, 1u);
  EXPECT_LE(port.peak, 3u);
  // Calls are listed batch by batch, in input order.
  ASSERT_EQ(r.state.calls.size(), 6u);
  EXPECT_EQ(r.state.calls[0].find("params")->find("path")->str(), "a.exe");
  EXPECT_EQ(r.state.calls[5].find("params")->find("path")->str(), "f.exe");
}

// Through the bindings of actions/: the recording binding holds the calls
// at its gate until three are in flight together (no timing involved).
TEST(Orchestrator, ParallelSplitPeakConcurrencyThroughTheRecordingBinding) {
  CompiledAlgorithm c = compile(kill_split("parallel", "stop"));
  auto log = std::make_shared<actions::RecordingLog>();
  log->close_gate();
  actions::Registry registry;
  registry.bind(actions::make_recording_binding(*actions::find_action("killProcess"), log));
  engine::RegistryPort port(registry, "instance-1", "");
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  RunOptions options;
  options.pool = 3;
  std::thread runner([&] { run(c, r, port, approver, options); });
  EXPECT_TRUE(log->wait_in_flight(3));
  EXPECT_EQ(log->in_flight(), 3u);  // the pool bounds it: the other batches wait
  log->open_gate();
  runner.join();
  EXPECT_EQ(status_name(r.state.status), "Success");
  EXPECT_EQ(log->calls().size(), 6u);
  EXPECT_GT(log->peak(), 1u);
  EXPECT_LE(log->peak(), 3u);
}

TEST(Orchestrator, SequenceSplitNeverOverlaps) {
  CompiledAlgorithm c = compile(kill_split("sequence", "stop"));
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, approver);
  EXPECT_EQ(port.peak, 1u);
  EXPECT_EQ(port.keys.size(), 6u);
}

TEST(Orchestrator, ParallelStopLetsRunningBatchesFinish) {
  CompiledAlgorithm c = compile(kill_split("parallel", "stop"));
  RecordingPort port(2, {"a.exe"});  // a.exe and b.exe run together; a.exe fails
  MapApprover approver({});
  Inst r{new_instance(json(R"({"OriginalEvents": [{"P": "a.exe"}, {"P": "b.exe"}]})"), false, Value()), {}};
  RunOptions options;
  options.pool = 2;
  run(c, r, port, approver, options);
  EXPECT_EQ(status_name(r.state.status), "Error");
  EXPECT_EQ(port.keys.size(), 2u);  // the running b.exe finished
  ASSERT_EQ(r.state.calls.size(), 2u);
  EXPECT_EQ(r.state.calls[1].find("status")->str(), "Success");
  EXPECT_NE(r.state.error.find("executionFlow[0].split.steps[0]"), std::string::npos) << r.state.error;
}

TEST(Orchestrator, ParallelStopStartsNoNewBatch) {
  CompiledAlgorithm c = compile(kill_split("parallel", "stop"));
  RecordingPort port(0, {"a.exe"});
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  RunOptions options;
  options.pool = 1;  // one at a time: after a.exe fails nothing else starts
  run(c, r, port, approver, options);
  EXPECT_EQ(status_name(r.state.status), "Error");
  EXPECT_EQ(port.keys.size(), 1u);
}

TEST(Orchestrator, ParallelContinueRunsEveryBatchAndWarns) {
  CompiledAlgorithm c = compile(kill_split("parallel", "continue"));
  RecordingPort port(2, {"a.exe", "d.exe"});
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, approver);
  EXPECT_EQ(status_name(r.state.status), "Warning");
  EXPECT_EQ(port.keys.size(), 6u);
}

TEST(Orchestrator, PerAssetApproval) {
  CompiledAlgorithm c = compile(flow(R"([{"responseAction": {"function": {"type": "netIsolateOff",
      "assets": "${ [alert.Assets[].ID] }"}, "manualApprove": true, "output": {"action": "overwrite"}}}])"));
  RecordingPort port;
  MapApprover approver({{"h1", Approval::Approved}, {"h2", Approval::Rejected}});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, approver);
  EXPECT_EQ(status_name(r.state.status), "Warning");
  EXPECT_EQ(port.keys.size(), 1u);
  EXPECT_EQ(to_json(r.state.data),
            R"([{"asset":"h1","result":{"path":""},"status":"Success"},{"asset":"h2","result":null,"status":"Rejected"}])");
}

TEST(Orchestrator, PendingApprovalResumesWithoutRepeatingCalls) {
  CompiledAlgorithm c = compile(flow(R"([
      {"responseAction": {"function": {"type": "updateBases", "assets": ["h1"]}}},
      {"responseAction": {"function": {"type": "netIsolateOff", "assets": ["h1", "h2"]}, "manualApprove": true}},
      {"responseAction": {"function": {"type": "avScan", "assets": ["h2"], "params": {"scope": {"area": "full"}}}}}])"));
  RecordingPort port;
  MapApprover waiting({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, waiting);
  EXPECT_EQ(status_name(r.state.status), "AwaitingApproval");
  EXPECT_EQ(r.state.pending.size(), 2u);
  EXPECT_EQ(port.keys.size(), 1u);
  // The state survives JSON; the journal too.
  Inst resumed;
  std::string error;
  ASSERT_TRUE(state_from_value(json(to_json(state_to_value(r.state))), resumed.state, error)) << error;
  ASSERT_TRUE(resumed.journal.load(r.journal.to_json()));
  MapApprover yes({}, Approval::Approved);
  run(c, resumed, port, yes);
  EXPECT_EQ(status_name(resumed.state.status), "Success");
  EXPECT_EQ(port.keys.size(), 4u);  // updateBases once, netIsolateOff twice, avScan once
  EXPECT_EQ(resumed.state.calls.size(), 4u);
}

TEST(Orchestrator, StopInsideParallelSplitAndResumeCallsEachOnce) {
  CompiledAlgorithm c = compile(kill_split("parallel", "stop"));
  for (int stop = 1; stop <= 6; ++stop) {
    RecordingPort port;
    MapApprover approver({});
    Inst r{new_instance(json(kAlert), false, Value()), {}};
    RunOptions options;
    options.stop_after = stop;
    run(c, r, port, approver, options);
    if (r.state.status != Status::InProgress) continue;
    Inst resumed;
    std::string error;
    ASSERT_TRUE(state_from_value(state_to_value(r.state), resumed.state, error));
    resumed.journal.load(r.journal.to_json());
    run(c, resumed, port, approver);
    EXPECT_EQ(status_name(resumed.state.status), "Success");
    std::set<std::string> unique(port.keys.begin(), port.keys.end());
    EXPECT_EQ(unique.size(), port.keys.size()) << "stop after " << stop;
    EXPECT_EQ(port.keys.size(), 6u);
    EXPECT_EQ(resumed.state.calls.size(), 6u);
  }
}

// `--stop-after N` on a resume counts from where the instance paused: the
// step under way re-runs from its start and its finished inner steps are
// replayed first.  Counted from the process's start instead, stopping after
// 1 again and again never got past the first inner step.
TEST(Orchestrator, ResumeWithStopAfterMakesProgress) {
  CompiledAlgorithm c = compile(kill_split("parallel", "stop"));
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  RunOptions options;
  options.stop_after = 1;
  options.pool = 1;
  run(c, r, port, approver, options);
  int resumes = 0;
  while (r.state.status == Status::InProgress && resumes < 20) {
    Inst next;
    std::string error;
    ASSERT_TRUE(state_from_value(json(to_json(state_to_value(r.state))), next.state, error)) << error;
    ASSERT_TRUE(next.journal.load(r.journal.to_json()));
    run(c, next, port, approver, options);
    r.state = std::move(next.state);
    r.journal.load(next.journal.to_json());
    ++resumes;
  }
  EXPECT_EQ(status_name(r.state.status), "Success");
  EXPECT_EQ(resumes, 6);  // one more inner step per process, then the join
  std::set<std::string> unique(port.keys.begin(), port.keys.end());
  EXPECT_EQ(unique.size(), port.keys.size());
  EXPECT_EQ(port.keys.size(), 6u);
}

// History keeps each step's result; a value past 64 KiB of JSON, or past
// the run's 16 MiB history budget, is replaced by a note (a flow growing
// its data used to keep every version: 5,000 steps took 1.2 GB).
TEST(Orchestrator, HistoryKeepsBoundedValues) {
  std::string steps = R"([{"updateData": "[range(20000)]"}, {"updateData": "length"})";
  for (int i = 0; i < 400; ++i) steps += R"(, {"updateData": "[range(6000)]"})";
  CompiledAlgorithm c = compile(flow(steps + "]"));
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, approver);
  EXPECT_EQ(status_name(r.state.status), "Success");
  ASSERT_EQ(r.state.history.size(), 402u);
  EXPECT_EQ(r.state.history[0].find("result")->str(), "(omitted: larger than 65536 bytes of JSON)");
  EXPECT_EQ(to_json(*r.state.history[1].find("result")), "20000");
  EXPECT_TRUE(r.state.history[2].find("result")->is_array());
  EXPECT_EQ(r.state.history[401].find("result")->str(), "(omitted: the run's history is over its 16 MiB budget)");
  EXPECT_EQ(r.state.data.items().size(), 6000u);  // the data itself is whole
}

TEST(Orchestrator, ErrorsNameTheJsonPath) {
  CompiledAlgorithm c = compile(flow(R"([{"updateData": "{a: 1}"},
      {"responseAction": {"function": {"type": "netIsolateOff", "assets": "${ alert.Assets[0].ID }"}}}])"));
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, approver);
  EXPECT_EQ(status_name(r.state.status), "Error");
  EXPECT_EQ(r.state.error,
            "executionFlow[1].responseAction.function.assets: assets must be an array of asset ID strings, got string");
}

TEST(Orchestrator, ExpressionsRunUnderBudgets) {
  CompiledAlgorithm c = compile(flow(R"([{"updateData": "{a: [range(1e9)] | length}"}])"));
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  RunOptions options;
  options.budgets.fuel = 100000;
  run(c, r, port, approver, options);
  EXPECT_EQ(status_name(r.state.status), "Error");
  EXPECT_EQ(r.state.error.rfind("executionFlow[0].updateData: budget exceeded", 0), 0u) << r.state.error;
}

TEST(Orchestrator, ExpressionsYieldExactlyOneValue) {
  CompiledAlgorithm c = compile(flow(R"([{"switch": {"conditions": [{"condition": "alert.Assets[] | .ID == \"h1\"", "steps": []}]}}])"));
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, approver);
  EXPECT_EQ(r.state.error,
            "executionFlow[0].switch.conditions[0].condition: the expression yielded more than one value; it must "
            "yield exactly one");
}

TEST(Orchestrator, SecretsAreMaskedInCallsAndHistory) {
  CompiledAlgorithm c = compile(flow(R"([{"responseAction": {"function": {"type": "executeCustomScript",
      "params": {"commandLine": "login", "stdIn": "${ {user: \"u\", password: \"hunter2\"} | tojson }",
                 "workingDirectory": "/tmp"}}}}])"));
  EXPECT_EQ(to_json(mask_secrets(json(R"({"a": {"apiKey": "k", "Password": "p", "x": [{"token": 1}]}, "b": 2})"))),
            R"({"a":{"Password":"***","apiKey":"***","x":[{"token":"***"}]},"b":2})");
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, approver);
  EXPECT_EQ(status_name(r.state.status), "Success");
}

TEST(Orchestrator, EmptyAssetListWarnsWithoutCalling) {
  CompiledAlgorithm c = compile(flow(R"([{"responseAction": {"function": {"type": "blockLDAPAccount",
      "assets": "${ [alert.Assets[] | select(.Type == \"user\") | .ID] }"}}}])"));
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  run(c, r, port, approver);
  EXPECT_EQ(status_name(r.state.status), "Warning");
  EXPECT_TRUE(port.keys.empty());
}

// Terminates the instance from inside its first call.
class TerminatingPort : public RecordingPort {
 public:
  explicit TerminatingPort(std::atomic<bool>& flag) : flag_(flag) {}
  CallReply call(const CallRequest& r) override {
    flag_.store(true);
    return RecordingPort::call(r);
  }

 private:
  std::atomic<bool>& flag_;
};

TEST(Orchestrator, TerminateStopsBeforeTheNextStepAndKeepsFinishedCalls) {
  CompiledAlgorithm c = compile(flow(R"([
      {"responseAction": {"function": {"type": "updateBases", "assets": ["h1"]}, "onError": "continue"}},
      {"responseAction": {"function": {"type": "netIsolateOff", "assets": ["h1"]}}}])"));
  std::atomic<bool> terminate{false};
  TerminatingPort port(terminate);
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  RunOptions options;
  options.terminate = &terminate;
  run(c, r, port, approver, options);
  EXPECT_EQ(status_name(r.state.status), "Terminated");
  EXPECT_EQ(r.state.error, "executionFlow[1]: the instance was terminated");
  EXPECT_EQ(port.keys.size(), 1u);
  EXPECT_EQ(r.state.calls.size(), 1u);
}

TEST(Orchestrator, PlaybookRunTimeoutCountsFromTheLaunch) {
  CompiledAlgorithm c = compile(R"({"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
      "playbookRunTimeout": "1h", "executionFlow": [{"updateData": "{a: 1}"}]})");
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, Value()), {}};
  r.state.started_ms -= 2 * 3600 * 1000;  // launched two hours ago (e.g. queued, or resumed late)
  run(c, r, port, approver);
  EXPECT_EQ(status_name(r.state.status), "Error");
  EXPECT_EQ(r.state.error, "executionFlow[0]: playbookRunTimeout of 1h exceeded");
}

TEST(Orchestrator, InputAndOutputTransforms) {
  CompiledAlgorithm c = compile(R"({"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
      "input": ". + {n: (.input.assets | length)}", "output": "{n, done: true}",
      "executionFlow": [{"updateData": {"action": "merge", "filter": "{n: (.n * 10)}"}}]})");
  RecordingPort port;
  MapApprover approver({});
  Inst r{new_instance(json(kAlert), false, json(R"({"assets": [{"ID": "x"}, {"ID": "y"}], "observables": []})")), {}};
  run(c, r, port, approver);
  EXPECT_EQ(to_json(r.state.result), R"({"done":true,"n":20})");
}

}  // namespace
}  // namespace riposte::orchestrator
