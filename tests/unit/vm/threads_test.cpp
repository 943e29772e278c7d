// One compiled program runs on several threads at once (trigger matching
// with --threads): the bytecode and its constants are shared read-only,
// each run has its own stacks.
#include <gtest/gtest.h>

#include <thread>

#include "vm_test_util.h"

namespace riposte::vm::testing {
namespace {

TEST(Threads, OneProgramManyThreads) {
  auto program = compile_jq(R"([.[] | select(.k == "x") | {v: (.v + 1), tags: ["a", "b"]}] | length)");
  ASSERT_TRUE(program);
  Value input;
  JsonError err;
  std::string text = "[";
  for (int i = 0; i < 200; ++i) text += std::string(i ? "," : "") + "{\"k\":\"" + (i % 2 ? "x" : "y") + "\",\"v\":1}";
  text += "]";
  ASSERT_TRUE(parse_json(text, input, err));
  input.share_across_threads();
  std::vector<int> ok(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        vm::Host host;
        program->run(input, {Value::object()}, {}, host, [&](const Value& v) {
          if (to_json(v) == "100") ++ok[t];
          return true;
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(ok[t], 500);
}

}  // namespace
}  // namespace riposte::vm::testing
