// engine/runtime.h, launch_rules.cpp, launch_api.cpp: intake and changes
// launch playbooks by mode and launching rule; instances run on the
// runtime, pause for approvals, resume after a restart; terminate, delete,
// mode changes, history.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine_fixture.h"

namespace riposte::engine::testing {
namespace {

using store::ObjectKind;

// One step blocking the alert's user assets; `approve` adds manualApprove.
std::string algorithm(bool approve) {
  return fmt::format(
      R"({{"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
          "executionFlow": [{{"responseAction": {{"function": {{"type": "blockLDAPAccount",
            "assets": "${{[alert.Assets[] | .ID]}}"}}{}}}}}]}})",
      approve ? R"(, "manualApprove": {"timeout": "10m"})" : "");
}

class LaunchTest : public EngineTest {
 protected:
  void TearDown() override {
    if (service_) service_->stop_runtime();
    EngineTest::TearDown();
  }

  void start(double time_scale = 1) {
    RuntimeOptions o;
    o.workers = 2;
    o.time_scale = time_scale;
    o.stack_bytes = size_t(64) << 20;
    service_->start_runtime(o);
  }

  // A playbook on tenant A matching high alerts (on intake and on changes).
  std::string playbook(std::string_view mode, std::string_view rule = "queue", bool approve = false,
                       std::string_view trigger = R"(.Severity == "high")") {
    Value extra = Value::object();
    extra.set("mode", Value::string(mode));
    if (mode == "auto") extra.set("launchingRule", Value::string(rule));
    if (mode == "manual")
      extra.set("trigger", Value::null());
    else
      extra.set("trigger", Value::string(trigger));
    Value b = body(a, fmt::format("pb {}", ++made_), to_json(extra));
    b.set("algorithm", J(algorithm(approve)));
    if (mode == "manual") b.erase("trigger");
    auto r = service_->create_playbook(admin, b);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problem().detail);
    return r.ok() ? str(r.value().body, "id") : "";
  }

  std::string ingest(std::string_view severity = "high", std::string_view tenant = "") {
    Value alert =
        J(fmt::format(R"({{"TenantID": "{}", "Severity": "{}", "Assets": [{{"ID": "u1", "Type": "user"}},
                                     {{"ID": "u2", "Type": "user"}}]}})",
                      tenant.empty() ? a : std::string(tenant), severity));
    auto r = service_->ingest(admin, ObjectKind::Alert, std::vector<Value>{alert}, false, std::nullopt);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problem().detail);
    return r.ok() ? str(r.value().body, "id") : "";
  }

  std::vector<Value> instances(const std::string& playbook) {
    InstanceQuery q;
    q.playbook = playbook;
    auto r = service_->list_instances(admin, q, Page{1000, ""});
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value().items : std::vector<Value>{};
  }
  std::vector<std::string> statuses(const std::string& playbook) {
    std::vector<std::string> out;
    for (const Value& i : instances(playbook)) out.push_back(str(i, "status"));
    return out;
  }
  std::vector<Value> approvals(std::string_view status = "Pending") {
    ApprovalQuery q;
    q.status = std::string(status);
    auto r = service_->list_approvals(admin, q, Page{1000, ""});
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value().items : std::vector<Value>{};
  }
  void idle() { ASSERT_TRUE(service_->wait_idle(20'000)) << "instances still runnable after 20 s"; }

  // Waits until `pred` holds (timers run on their own thread).
  template <class Pred>
  bool eventually(Pred pred, int ms = 10'000) {
    for (int waited = 0; waited < ms; waited += 20) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
  }

  // The real bindings and an Auto playbook whose one step runs
  // /bin/sleep 1000, launched for one alert, its program running: the
  // playbook's id ("" on failure).
  std::string start_sleeper() {
    RuntimeOptions o;
    o.workers = 1;
    o.bindings = "real";
    o.stack_bytes = size_t(64) << 20;
    service_->start_runtime(o);
    Value b = body(a, "sleeper");
    b.set("algorithm", J(R"({"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
        "executionFlow": [{"responseAction": {"function": {"type": "executeCustomScript",
          "params": {"commandLine": "/bin/sleep", "commandLineParameters": "1000"}}}}]})"));
    auto made = service_->create_playbook(admin, b);
    EXPECT_TRUE(made.ok()) << made.problem().detail;
    if (!made.ok()) return "";
    std::string pb = str(made.value().body, "id");
    ingest();
    if (!eventually([&] { return !instances(pb).empty(); })) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the program is running
    return pb;
  }

  int made_ = 0;
};

using Strings = std::vector<std::string>;

TEST_F(LaunchTest, AutoLaunchesOnIntakeAndRunsToSuccess) {
  start();
  std::string pb = playbook("auto");
  ingest("high");
  ingest("low");  // no match
  idle();
  std::vector<Value> got = instances(pb);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(str(got[0], "status"), "Success");
  auto one = service_->get_instance(admin, str(got[0], "id"));
  ASSERT_TRUE(one.ok());
  const Value* calls = one.value().find("calls");
  ASSERT_TRUE(calls && calls->is_array());
  EXPECT_EQ(calls->size(), 2u);  // one per asset
  HistoryQuery hq;
  hq.instance = str(got[0], "id");
  auto h = service_->list_history(admin, hq, Page{100, ""});
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h.value().items.size(), 2u);  // the playbook's row and the action's
  EXPECT_EQ(str(h.value().items[0], "playbook"), "pb 1");
  EXPECT_EQ(str(h.value().items[1], "action"), "blockLDAPAccount");
  EXPECT_EQ(h.value().items[1].find("assets")->as_int(), 2);
  auto pbv = service_->get_playbook(admin, pb);
  ASSERT_TRUE(pbv.ok());
  EXPECT_EQ(pbv.value().find("launches")->as_int(), 1);
}

TEST_F(LaunchTest, MatchesRecordedWithoutRuntimeRunWhenItStarts) {
  std::string pb = playbook("auto");
  ingest();
  EXPECT_EQ(statuses(pb), (Strings{"InProgress"}));
  start();
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Success"}));
}

TEST_F(LaunchTest, ManualChangesSkipTriggersWithoutEvent) {
  start();
  std::string plain = playbook("auto");
  std::string evented =
      playbook("auto", "queue", false, R"(.Severity == "high" and (event.manual // false))");
  std::string id = ingest();
  idle();
  auto patched =
      service_->patch_object(admin, ObjectKind::Alert, id, J(R"({"manual": true, "Status": "inProgress"})"));
  ASSERT_TRUE(patched.ok()) << patched.problem().detail;
  idle();
  EXPECT_EQ(statuses(plain), (Strings{"Success"}));    // intake only
  EXPECT_EQ(statuses(evented), (Strings{"Success"}));  // the manual change only
}

// The launching rules of an Auto playbook, with the first instance held
// unfinished by an approval request.
struct RuleCase {
  const char* rule;
  Strings after;  // statuses after a change re-matches, in launch order
};

class LaunchRuleTest : public LaunchTest, public ::testing::WithParamInterface<RuleCase> {};

TEST_P(LaunchRuleTest, SecondMatchForTheSameObject) {
  start();
  std::string pb = playbook("auto", GetParam().rule, /*approve=*/true);
  EXPECT_EQ(str(service_->get_playbook(admin, pb).value(), "launchingRule"), GetParam().rule);
  std::string id = ingest();
  idle();
  ASSERT_EQ(statuses(pb), (Strings{"AwaitingApproval"}));
  auto patched = service_->patch_object(admin, ObjectKind::Alert, id, J(R"({"Status": "inProgress"})"));
  ASSERT_TRUE(patched.ok()) << patched.problem().detail;
  idle();
  EXPECT_EQ(statuses(pb), GetParam().after);
}

INSTANTIATE_TEST_SUITE_P(Rules, LaunchRuleTest,
                         ::testing::Values(RuleCase{"queue", {"AwaitingApproval", "InProgress"}},
                                           RuleCase{"terminateAndLaunch", {"Terminated", "AwaitingApproval"}},
                                           RuleCase{"skip", {"AwaitingApproval"}}),
                         [](const auto& info) { return std::string(info.param.rule); });

TEST_F(LaunchTest, QueuedInstanceStartsWhenTheCurrentOneEnds) {
  start();
  std::string pb = playbook("auto", "queue", true);
  std::string id = ingest();
  idle();
  ASSERT_TRUE(service_->patch_object(admin, ObjectKind::Alert, id, J(R"({"Status": "inProgress"})")).ok());
  idle();
  std::vector<Value> got = instances(pb);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(str(got[1], "waitingFor"), str(got[0], "id"));
  auto t = service_->terminate(admin, J(fmt::format(R"({{"ids": ["{}"]}})", str(got[0], "id"))));
  ASSERT_TRUE(t.ok()) << t.problem().detail;
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Terminated", "AwaitingApproval"}));  // the queued one ran to its approval
}

TEST_F(LaunchTest, ActionApprovalPerAsset) {
  start();
  std::string pb = playbook("auto", "queue", true);
  ingest();
  idle();
  std::vector<Value> pending = approvals();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(str(pending[0], "kind"), "action");
  EXPECT_EQ(to_json(*pending[0].find("assets")), R"(["u1","u2"])");
  std::string req = str(pending[0], "id");
  // u1 approved: the request stays pending for u2.
  auto d1 = service_->decide(
      admin, J(fmt::format(R"({{"ids": ["{}"], "assets": ["u1"], "decision": "approve"}})", req)));
  ASSERT_TRUE(d1.ok()) << d1.problem().detail;
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"AwaitingApproval"}));
  auto again = service_->decide(
      admin, J(fmt::format(R"({{"ids": ["{}"], "assets": ["u1"], "decision": "reject"}})", req)));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.problem().status, 422);
  auto d2 = service_->decide(
      admin, J(fmt::format(R"({{"ids": ["{}"], "assets": ["u2"], "decision": "reject"}})", req)));
  ASSERT_TRUE(d2.ok()) << d2.problem().detail;
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Warning"}));  // one asset called, one rejected
  std::vector<Value> done = approvals("");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(str(done[0], "status"), "Partial");
  auto inst = service_->get_instance(admin, str(instances(pb)[0], "id"));
  ASSERT_TRUE(inst.ok());
  EXPECT_EQ(inst.value().find("calls")->size(), 1u);  // u1 only
}

TEST_F(LaunchTest, TrainingAsksApprovalToLaunch) {
  start();
  std::string pb = playbook("training");
  ingest();
  ingest();
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"AwaitingApproval", "AwaitingApproval"}));
  std::vector<Value> pending = approvals();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(str(pending[0], "kind"), "launch");
  auto yes = service_->decide(
      admin, J(fmt::format(R"({{"ids": ["{}"], "decision": "approve"}})", str(pending[0], "id"))));
  ASSERT_TRUE(yes.ok()) << yes.problem().detail;
  auto no = service_->decide(
      admin, J(fmt::format(R"({{"ids": ["{}"], "decision": "reject"}})", str(pending[1], "id"))));
  ASSERT_TRUE(no.ok()) << no.problem().detail;
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Success", "Rejected"}));
  std::vector<Value> got = instances(pb);
  EXPECT_EQ(str(got[0], "approver"), "u-admin");
}

TEST_F(LaunchTest, TrainingApprovalExpires) {
  start(/*time_scale=*/3600 * 24 * 10);  // 24 h in under 0.01 s
  std::string pb = playbook("training");
  ingest();
  EXPECT_TRUE(eventually([&] { return statuses(pb) == Strings{"ApprovalTimeExpired"}; }));
  std::vector<Value> all = approvals("");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(str(all[0], "status"), "Expired");
}

TEST_F(LaunchTest, ActionApprovalExpires) {
  start(/*time_scale=*/60 * 10 * 20);  // the step's 10 min in 50 ms
  std::string pb = playbook("auto", "queue", true);
  ingest();
  // Every asset expired: the step, and so the instance, ends Approval time expired.
  EXPECT_TRUE(eventually([&] { return statuses(pb) == Strings{"ApprovalTimeExpired"}; }))
      << (statuses(pb).empty() ? "" : statuses(pb)[0]);
  auto inst = service_->get_instance(admin, str(instances(pb)[0], "id"));
  ASSERT_TRUE(inst.ok());
  EXPECT_NE(to_json(*inst.value().find("steps")).find("ApprovalTimeExpired"), std::string::npos);
}

TEST_F(LaunchTest, ManualLaunchWithTargetsAndIfRunning) {
  start();
  std::string pb = playbook("manual", "queue", true);
  std::string id = ingest();
  auto first = service_->launch(
      admin, pb, J(fmt::format(R"({{"objectId": "{}", "targets": {{"assets": [{{"ID": "h9"}}]}}}})", id)),
      std::nullopt);
  ASSERT_TRUE(first.ok()) << first.problem().detail;
  EXPECT_EQ(first.value().status, 201);
  idle();
  auto cancel = service_->launch(
      admin, pb, J(fmt::format(R"({{"objectId": "{}", "ifRunning": "cancel"}})", id)), std::nullopt);
  ASSERT_TRUE(cancel.ok());
  EXPECT_EQ(cancel.value().status, 200);
  auto wait = service_->launch(admin, pb, J(fmt::format(R"({{"objectId": "{}", "ifRunning": "wait"}})", id)),
                               std::nullopt);
  ASSERT_TRUE(wait.ok());
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"AwaitingApproval", "InProgress"}));
  auto term = service_->launch(
      admin, pb, J(fmt::format(R"({{"objectId": "{}", "ifRunning": "terminate"}})", id)), std::nullopt);
  ASSERT_TRUE(term.ok());
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Terminated", "Terminated", "AwaitingApproval"}));
  std::vector<Value> got = instances(pb);
  EXPECT_EQ(to_json(*got[0].find("input")), R"({"assets":[{"ID":"h9"}],"observables":[]})");
  auto bad = service_->launch(admin, pb, J(R"({"objectId": "nope", "ifRunning": "later"})"), std::nullopt);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problem().status, 422);
}

TEST_F(LaunchTest, ManualLaunchOfOneAwaitingApprovalStartsIt) {
  start();
  std::string pb = playbook("training");
  std::string id = ingest();
  idle();
  ASSERT_EQ(statuses(pb), (Strings{"AwaitingApproval"}));
  auto l = service_->launch(admin, pb, J(fmt::format(R"({{"objectId": "{}"}})", id)), std::nullopt);
  ASSERT_TRUE(l.ok()) << l.problem().detail;
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Success"}));
  EXPECT_TRUE(approvals().empty());
}

TEST_F(LaunchTest, DeleteRefusedWhileRunning) {
  start();
  std::string pb = playbook("auto", "queue", true);
  ingest();
  idle();
  auto del = service_->delete_playbook(admin, pb);
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.problem().status, 409);
  auto t = service_->terminate(admin, J(fmt::format(R"({{"ids": ["{}"]}})", str(instances(pb)[0], "id"))));
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(service_->delete_playbook(admin, pb).ok());
}

struct ModeCase {
  const char* running;
  Strings after;  // an Awaiting-approval (launch) and an In-progress instance (an action approval)
};

class ModeChangeTest : public LaunchTest, public ::testing::WithParamInterface<ModeCase> {};

TEST_P(ModeChangeTest, RunningInstancesOnModeChange) {
  start();
  std::string pb = playbook("training", "queue", true);
  std::string first = ingest(), second = ingest();
  idle();
  // the second launch approved: it runs to its action approval (AwaitingApproval, started).
  std::vector<Value> pending = approvals();
  ASSERT_EQ(pending.size(), 2u);
  ASSERT_TRUE(service_
                  ->decide(admin, J(fmt::format(R"({{"ids": ["{}"], "decision": "approve"}})",
                                                str(pending[1], "id"))))
                  .ok());
  idle();
  auto upd = service_->update_playbook(
      admin, pb, J(fmt::format(R"({{"mode": "auto", "runningInstances": "{}"}})", GetParam().running)));
  ASSERT_TRUE(upd.ok()) << upd.problem().detail;
  idle();
  EXPECT_EQ(statuses(pb), GetParam().after);
}

INSTANTIATE_TEST_SUITE_P(Modes, ModeChangeTest,
                         ::testing::Values(ModeCase{"terminateAll", {"Terminated", "Terminated"}},
                                           ModeCase{"terminateAwaiting", {"Terminated", "Terminated"}},
                                           ModeCase{"keep", {"AwaitingApproval", "AwaitingApproval"}}),
                         [](const auto& info) { return std::string(info.param.running); });

TEST_F(LaunchTest, LaunchForAllMatchingWithProgress) {
  for (int i = 0; i < 5; ++i) ingest(i % 2 ? "low" : "high");
  start();
  Value b = body(a, "all");
  b.set("launchForAllMatching", Value::boolean(true));
  auto made = service_->create_playbook(admin, b);
  ASSERT_TRUE(made.ok()) << made.problem().detail;
  std::string pb = str(made.value().body, "id");
  ASSERT_TRUE(eventually([&] {
    auto p = service_->launch_progress(admin, pb);
    return p.ok() && str(p.value(), "state") == "done";
  }));
  auto p = service_->launch_progress(admin, pb);
  EXPECT_EQ(p.value().find("scanned")->as_int(), 5);
  EXPECT_EQ(p.value().find("matched")->as_int(), 3);
  EXPECT_EQ(p.value().find("launched")->as_int(), 3);
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Success", "Success", "Success"}));
}

TEST_F(LaunchTest, RestartResumesFromTheLastBoundary) {
  std::string pb = playbook("auto", "queue", true);
  ingest();
  start();
  idle();
  ASSERT_EQ(statuses(pb), (Strings{"AwaitingApproval"}));
  std::string req = str(approvals()[0], "id");
  // A new service on the same store (the process restarted): decide, resume.
  service_->stop_runtime();
  service_ = std::make_unique<Service>(*store_);
  start();
  ASSERT_TRUE(
      service_->decide(admin, J(fmt::format(R"({{"ids": ["{}"], "decision": "approve"}})", req))).ok());
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Success"}));
}

TEST_F(LaunchTest, TriggerErrorsCountedPerPlaybook) {
  start();
  std::string bad = playbook("auto", "queue", false, R"((.Severity | tonumber) > 1)");
  ingest();
  idle();
  EXPECT_TRUE(statuses(bad).empty());
  LabelledMetrics m = service_->labelled_metrics();
  bool found = false;
  for (const LabelledCount& c : m.trigger_errors)
    if (c.labels.size() == 1 && c.labels[0].second == bad) found = c.value == 1;
  EXPECT_TRUE(found);
  auto read = service_->get_playbook(admin, bad);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(to_json(*read.value().find("triggerStats")), R"({"errors":1,"evaluated":1,"matched":0})");
}

TEST_F(LaunchTest, TenantScopedLists) {
  start();
  std::string pb = playbook("auto");
  ingest("high", a);
  idle();
  Caller other = caller("u-b", b, "mainAdministrator");
  auto r = service_->list_instances(other, {}, Page{100, ""});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().items.empty());
  std::string id = str(instances(pb)[0], "id");
  EXPECT_EQ(service_->get_instance(other, id).problem().status, 404);
  auto t = service_->terminate(other, J(fmt::format(R"({{"ids": ["{}"]}})", id)));
  EXPECT_EQ(t.problem().status, 404);
}

}  // namespace
}  // namespace riposte::engine::testing

namespace riposte::engine::testing {
namespace {

// Terminate reaches a call under way: the program of a real
// executeCustomScript is stopped, the instance ends Terminated at once
// instead of when the program ends.
TEST_F(LaunchTest, TerminateCancelsTheCallUnderWay) {
  std::string pb = start_sleeper();
  ASSERT_FALSE(pb.empty());
  std::string id = str(instances(pb)[0], "id");
  auto t = service_->terminate(admin, J(fmt::format(R"({{"ids": ["{}"]}})", id)));
  ASSERT_TRUE(t.ok()) << t.problem().detail;
  EXPECT_TRUE(eventually([&] { return statuses(pb) == Strings{"Terminated"}; }, 10'000))
      << (statuses(pb).empty() ? "no instance" : statuses(pb)[0]);  // not after the program's 1000 s
}

}  // namespace
}  // namespace riposte::engine::testing

namespace riposte::engine::testing {
namespace {

// A crash between the last step's save and the final write leaves a row In
// progress whose saved state already finished: on restart it ends with the
// state's status instead of being resumed forever.
TEST_F(LaunchTest, AFinishedStateLeftInProgressEndsOnRestart) {
  std::string pb = playbook("auto");
  ingest();
  start();
  idle();
  ASSERT_EQ(statuses(pb), (Strings{"Success"}));
  service_->stop_runtime();
  std::string id = str(instances(pb)[0], "id");
  store_->write([&](store::Tx& tx) {
    auto row = tx.instance(id);
    row->status = "InProgress";
    row->end.clear();
    tx.update_instance(*row);
    return true;
  });
  service_ = std::make_unique<Service>(*store_);
  start();
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Success"}));
}

}  // namespace
}  // namespace riposte::engine::testing

namespace riposte::engine::testing {
namespace {

// Stopping the runtime (SIGTERM) does not wait for a call under way: the
// call is cancelled, nothing more is saved, and the instance resumes from
// its last boundary at the next start.
TEST_F(LaunchTest, StopCancelsAndTheNextStartResumes) {
  std::string pb = start_sleeper();
  ASSERT_FALSE(pb.empty());
  service_->stop_runtime();  // returns once the cancelled call is answered, not after 1000 s
  EXPECT_EQ(statuses(pb), (Strings{"InProgress"}));
  service_ = std::make_unique<Service>(*store_);
  start();  // dry-run now: the resumed step answers at once
  idle();
  EXPECT_EQ(statuses(pb), (Strings{"Success"}));
}

}  // namespace
}  // namespace riposte::engine::testing
