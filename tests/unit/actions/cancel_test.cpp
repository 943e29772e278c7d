// Cancellation, deadlines and concurrency, with the recording binding
// (blocked at its gate: nothing here measures time).
#include <gtest/gtest.h>

#include <thread>

#include "actions/recording.h"
#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions {
namespace {
using namespace testing;

struct Gated {
  std::shared_ptr<RecordingLog> log = std::make_shared<RecordingLog>();
  Registry registry;
  Gated() {
    log->close_gate();
    registry.bind(make_recording_binding(*find_action("killProcess"), log));
  }
};

TEST(Cancel, TokensAndLinkedSources) {
  CancelSource parent;
  CancelSource child(parent.token());
  CancelToken never;
  EXPECT_FALSE(child.cancelled());
  parent.cancel();
  EXPECT_TRUE(child.cancelled());
  EXPECT_TRUE(child.token().sleep_until(Clock::time_point::max()));  // returns at once
  EXPECT_FALSE(never.cancelled());
  CancelSource late(parent.token());  // linked to an already cancelled parent
  EXPECT_TRUE(late.cancelled());
}

TEST(Cancel, PendingCancelStopsABlockedCall) {
  Gated g;
  Pending p = g.registry.start(make_call("killProcess", "{}", "h1"));
  ASSERT_TRUE(g.log->wait_in_flight(1));
  EXPECT_FALSE(p.ready());
  p.cancel();
  Outcome o = p.wait();
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Cancelled);
}

TEST(Cancel, TheCallersTokenCancelsTheCall) {
  Gated g;
  CancelSource terminate;
  Call call = make_call("killProcess", "{}", "h1");
  call.cancel = terminate.token();
  Pending p = g.registry.start(call);
  ASSERT_TRUE(g.log->wait_in_flight(1));
  terminate.cancel();
  EXPECT_EQ(p.wait().failure, Failure::Cancelled);
}

TEST(Cancel, TheDeadlineIsEnforcedByTheCaller) {
  Gated g;
  Call call = make_call("killProcess", "{}", "h1");
  call.deadline = Clock::now();  // already passed: the binding never answers in time
  Outcome o = g.registry.call(call);
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Timeout);
  EXPECT_EQ(o.message, "deadline exceeded");
}

TEST(Cancel, DestroyingAPendingCallCancelsIt) {
  Gated g;
  { Pending p = g.registry.start(make_call("killProcess", "{}", "h1")); }
  EXPECT_EQ(g.log->in_flight(), 0u);
}

TEST(Cancel, PeakConcurrencyIsRecorded) {
  Gated g;
  std::vector<Pending> calls;
  for (int i = 0; i < 4; ++i) calls.push_back(g.registry.start(make_call("killProcess", "{}", "h" + std::to_string(i))));
  ASSERT_TRUE(g.log->wait_in_flight(4));
  g.log->open_gate();
  for (Pending& p : calls) EXPECT_EQ(p.wait().status, Status::Success);
  EXPECT_EQ(g.log->peak(), 4u);
  EXPECT_EQ(g.log->in_flight(), 0u);
  EXPECT_EQ(g.log->calls().size(), 4u);
}

TEST(Cancel, CallsFromManyThreadsShareOneRegistry) {
  Registry& r = dry_run_registry(R"({"killProcess": {"killed": true}})");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i)
        if (to_json(r.call(make_call("killProcess", R"({"pid":1})", "h")).result) == R"({"killed":true})") ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 100);
}

}  // namespace
}  // namespace riposte::actions
