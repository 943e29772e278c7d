// Idempotency keys: fixed, distinct, and passed to the binding untouched.
#include <gtest/gtest.h>

#include "actions/idempotency.h"
#include "actions/recording.h"
#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions {
namespace {
using namespace testing;

TEST(Idempotency, KeysAreStableAcrossRunsAndMachines) {
  // Pinned: a change of algorithm would re-run actions after an upgrade.
  std::string k = idempotency_key("inst-1", "executionFlow[0]", "a51");
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(k, idempotency_key("inst-1", "executionFlow[0]", "a51"));
  EXPECT_EQ(k, "713e194f01220d781e1f790bad865251");
}

TEST(Idempotency, EveryPartCounts) {
  const std::string keys[] = {
      idempotency_key("inst-1", "executionFlow[0]", "a51"),
      idempotency_key("inst-2", "executionFlow[0]", "a51"),
      idempotency_key("inst-1", "executionFlow[1]", "a51"),
      idempotency_key("inst-1", "executionFlow[0]", "a52"),
      idempotency_key("inst-1", "executionFlow[0]", std::nullopt),
      idempotency_key("inst-1", "executionFlow[0]", ""),
      idempotency_key("inst-1executionFlow[0]", "", "a51"),
  };
  for (size_t i = 0; i < std::size(keys); ++i)
    for (size_t j = i + 1; j < std::size(keys); ++j) EXPECT_NE(keys[i], keys[j]) << i << " " << j;
}

TEST(Idempotency, TheBindingSeesTheCallersKey) {
  Registry r;
  auto log = std::make_shared<RecordingLog>();
  r.bind(make_recording_binding(*find_action("avScan"), log));
  Call c = make_call("avScan", "{}", "h1");
  c.idempotency_key = idempotency_key("inst-1", "executionFlow[2]", "h1");
  r.call(c);
  r.call(c);  // a retry: the same key
  ASSERT_EQ(log->calls().size(), 2u);
  EXPECT_EQ(log->calls()[0].idempotency_key, c.idempotency_key);
  EXPECT_EQ(log->calls()[1].idempotency_key, c.idempotency_key);
}

}  // namespace
}  // namespace riposte::actions
