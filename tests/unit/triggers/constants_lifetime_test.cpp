// The constants of a compiled trigger set are owned by it and freed with it
// (docs/architecture.md, "Who owns a value"): a server that recompiles its
// trigger sets on every playbook save must not grow.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "triggers/trigger_set.h"
#include "value/json.h"

namespace riposte::triggers {
namespace {

// Under AddressSanitizer freed memory sits in a quarantine and resident
// memory says nothing: a few rounds run (the sanitizer then checks that
// nothing is used after its set is freed, and its leak checker that
// everything is freed at exit) and the growth is only printed.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// Resident memory of this process, in KiB (VmRSS of /proc/self/status).
long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// `count` triggers whose constants differ from round to round (an edited
// playbook brings new constants): strings, integers, floats, arrays and
// objects, long enough to live on the heap.  Every shape is one the shared
// program (triggers/scope_program.h) models or one it leaves to the
// trigger's own program.
std::vector<TriggerSpec> make_triggers(int round, int count) {
  std::vector<TriggerSpec> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    std::string tag = fmt::format("r{}-t{}-a-string-long-enough-for-the-heap", round, i);
    std::string text;
    switch (i % 8) {
      case 0: text = fmt::format(R"(.Severity == "{}")", tag); break;
      case 1: text = fmt::format(R"(.Score > {}.5 and .Name != "{}")", round * 1000 + i, tag); break;
      case 2: text = fmt::format(R"([.DetectionTechnologies[] | . == "{}"] | any)", tag); break;
      case 3: text = fmt::format(R"(.Tags == ["{}", {}, "{}-2"])", tag, i, tag); break;
      case 4: text = fmt::format(R"(.Extra == {{"k": "{}", "n": [{}, {{"deep": "{}"}}]}})", tag, round, tag); break;
      case 5: text = fmt::format(R"(.Name | test("^{}"; "i"))", tag); break;
      case 6: text = fmt::format(R"(.Assets | map(.Name) | index("{}") != null)", tag); break;
      default:
        text = fmt::format(R"(([.Rules[]?.Name] + ["{}"]) as $n | $n | length > {} and (.Extra | contains({{"x": "{}"}})))",
                           tag, i, tag);
        break;
    }
    out.push_back({fmt::format("t{}", i), std::move(text), Scope::Alert});
  }
  return out;
}

int env_int(const char* name, int fallback) {
  const char* s = std::getenv(name);
  return s && *s ? std::atoi(s) : fallback;
}

Value alert() {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(R"({"Severity": "high", "Score": 7.5, "Name": "n", "DetectionTechnologies": ["IOC"],
                             "Tags": [], "Extra": {}, "Assets": [{"Name": "h"}], "Rules": [{"Name": "r"}]})",
                         v, err));
  return v;
}

// Compiles a 1,000-trigger set, evaluates it once and drops it, 300 times
// (1,000 times with RIPOSTE_CONSTANTS_ROUNDS=1000: about 75 s of CPU in
// Release, too long for every test run; a round is ~70 ms).  After a
// warm-up of 100 rounds (the allocator's arenas, the per-thread regex cache
// of 2,048 expressions, the scratch stacks reach their working size)
// resident memory must stay flat.  Before constants were owned by their
// program this grew by ~450 KiB a round (408,040 KiB from round 100 to
// 1,000); a leak of even a few bytes per constant would show as MBs over
// 200 rounds, while allocator noise stays under 100 KiB.
TEST(ConstantsLifetime, RecompilingATriggerSetKeepsMemoryFlat) {
  const int kTriggers = env_int("RIPOSTE_CONSTANTS_TRIGGERS", 1000);
  const int kRounds = env_int("RIPOSTE_CONSTANTS_ROUNDS", kSanitized ? 6 : 300);
  const int kWarmup = std::min(100, kRounds / 3);
  constexpr long kToleranceKib = 4 * 1024;
  const Value object = alert();
  const Value event;
  std::vector<TriggerResult> results;
  long base = 0;
  auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < kRounds; ++round) {
    {
      TriggerSet set(make_triggers(round, kTriggers));
      if (round == 0) {
        for (size_t i = 0; i < set.size(); ++i) ASSERT_TRUE(set.compile_error(i).empty()) << set.spec(i).text;
      }
      set.evaluate_all(object, event, results);
      ASSERT_EQ(results.size(), size_t(kTriggers));
    }
    if (round + 1 == kWarmup) base = rss_kib();
    if (getenv("RIPOSTE_CONSTANTS_TRACE") && (round + 1) % 10 == 0)
      std::fprintf(stderr, "[constants] round %d: VmRSS %ld KiB\n", round + 1, rss_kib());
  }
  long growth = rss_kib() - base;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "[constants] %d rounds of %d triggers in %.1f s; VmRSS after round %d: %ld KiB, growth since: %ld KiB\n",
               kRounds, kTriggers, seconds, kWarmup, base, growth);
  if (!kSanitized) {
    EXPECT_LT(growth, kToleranceKib);
  }
}

// The same with native code: each trigger's JitProgram owns its constant
// table (the session's cache shares the code of one shape between
// programs, never constants).  Every trigger runs its own program here,
// so the regex cache fills (2,048 expressions) by round 17: the warm-up is
// 20 rounds.  After the first round every shape is in the session's cache.
TEST(ConstantsLifetime, RecompilingWithTheJitKeepsMemoryFlat) {
  const int kTriggers = env_int("RIPOSTE_CONSTANTS_TRIGGERS", 1000);
  const int kRounds = env_int("RIPOSTE_CONSTANTS_JIT_ROUNDS", kSanitized ? 4 : 40);
  const int kWarmup = kRounds / 2;  // past the regex cache's first fill (125 expressions a round)
  constexpr long kToleranceKib = 4 * 1024;
  const Value object = alert();
  const Value event;
  std::vector<TriggerResult> results;
  long base = 0;
  auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < kRounds; ++round) {
    {
      TriggerSet set(make_triggers(round, kTriggers));
      set.set_engine(jit::Tier::Jit);
      if (round == 0) {
        size_t native = 0;
        for (size_t i = 0; i < set.size(); ++i) native += set.native_status(i).empty();
        ASSERT_GT(native, set.size() / 2);
      }
      for (size_t i = 0; i < set.size(); ++i) set.evaluate(i, object, event);
    }
    if (round + 1 == kWarmup) base = rss_kib();
    if (getenv("RIPOSTE_CONSTANTS_TRACE") && (round + 1) % 10 == 0)
      std::fprintf(stderr, "[constants] jit round %d: VmRSS %ld KiB\n", round + 1, rss_kib());
  }
  long growth = rss_kib() - base;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "[constants] jit: %d rounds of %d triggers in %.1f s; VmRSS after round %d: %ld KiB, growth since: %ld KiB\n",
               kRounds, kTriggers, seconds, kWarmup, base, growth);
  if (!kSanitized) {
    EXPECT_LT(growth, kToleranceKib);
  }
}

}  // namespace
}  // namespace riposte::triggers
