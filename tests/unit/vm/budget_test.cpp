// Hostile programs end with a clear error under budgets, and without
// budgets they never crash the process (the interpreter uses no native
// stack for jq recursion).
#include <gtest/gtest.h>

#include "vm_test_util.h"

namespace riposte::vm::testing {
namespace {

vm::Budgets fuel(uint64_t n) {
  vm::Budgets b;
  b.fuel = n;
  return b;
}

vm::Budgets memory(uint64_t n) {
  vm::Budgets b;
  b.memory_bytes = n;
  return b;
}

vm::Budgets depth(uint32_t n) {
  vm::Budgets b;
  b.max_depth = n;
  return b;
}

TEST(Budgets, InfiniteTailRecursionRunsOutOfFuel) {
  EXPECT_EQ(run_jq("def f: f; f", "null", fuel(100000)), "budget: fuel budget of 100000 instructions exhausted");
}

TEST(Budgets, FuelIsExact) {
  // 1 instruction per step of a tight loop: the budget ends it, whatever its size.
  EXPECT_EQ(run_jq("def f: f; f", "null", fuel(1)), "budget: fuel budget of 1 instructions exhausted");
}

TEST(Budgets, DeepRecursionHitsTheDepthBudget) {
  EXPECT_EQ(run_jq("def f: 1 + f; f", "null", depth(1000)), "budget: depth budget of 1000 frames exceeded");
}

TEST(Budgets, DeepRecursionWithoutBudgetsIsAnErrorNotACrash) {
  EXPECT_EQ(run_jq("def f: 1 + f; f"), "error: call depth limit of 1000000 frames exceeded");
}

TEST(Budgets, EndlessCollectionHitsTheMemoryBudget) {
  EXPECT_EQ(run_jq("[repeat(.)]", "1", memory(10 << 20)), "budget: memory budget of 10485760 bytes exceeded");
  EXPECT_EQ(run_jq("[range(1e18)]", "null", memory(10 << 20)), "budget: memory budget of 10485760 bytes exceeded");
}

TEST(Budgets, HugeStringHitsTheMemoryBudget) {
  EXPECT_EQ(run_jq("\"x\" * 100000000 | length", "null", memory(10 << 20)),
            "budget: memory budget of 10485760 bytes exceeded");
}

TEST(Budgets, EndlessForksHitTheMemoryBudget) {
  EXPECT_EQ(run_jq("def f: f, 1; f", "null", memory(10 << 20)), "budget: memory budget of 10485760 bytes exceeded");
}

TEST(Budgets, BudgetErrorsAreNotCaughtByTry) {
  EXPECT_EQ(run_jq("def f: try (1 + f) catch 0; f", "null", depth(100)), "budget: depth budget of 100 frames exceeded");
  EXPECT_EQ(run_jq("try (def f: f; f) catch 1", "null", fuel(1000)), "budget: fuel budget of 1000 instructions exhausted");
}

TEST(Budgets, DeepValuesAreFine) {
  EXPECT_EQ(run_jq("reduce range(3000) as $_ ([]; [.]) | [paths] | length"), "3000");
  EXPECT_EQ(run_jq("[limit(100000; repeat(1))] | length"), "100000");
  EXPECT_EQ(run_jq("reduce range(100000) as $i ([]; . + [$i]) | length"), "100000");
  EXPECT_EQ(run_jq("def r: if . > 0 then . - 1 | r else \"done\" end; 1000000 | r"), "\"done\"");
}

TEST(Budgets, NonTailRecursionWithinTheLimitWorks) {
  EXPECT_EQ(run_jq("def f: if . == 0 then 0 else (. - 1 | f) + 1 end; 50000 | f"), "50000");
}

}  // namespace
}  // namespace riposte::vm::testing
