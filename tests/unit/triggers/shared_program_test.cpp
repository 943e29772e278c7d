// The one program per scope (triggers/scope_program.h) against each trigger's
// own program, on every (alert, event, trigger) of hand-written edge data
// (tests/unit/triggers/data/shared_program_*.jsonl): null and missing fields,
// wrong types, empty arrays, objects where arrays are expected, duplicate
// keys, 1 vs 1.0, big integers, unicode escapes, errors after a match (the
// short-circuit `any(g; c)` against the collecting `[g | c] | any`), and
// `false and error`.  Add a line to a data file to add a case.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "triggers/trigger_file.h"
#include "triggers/trigger_set.h"
#include "value/json.h"

namespace riposte::triggers {
namespace {

std::string data_path(const char* name) {
  return std::string(RIPOSTE_SOURCE_DIR) + "/tests/unit/triggers/data/" + name;
}

std::vector<Value> read_values(const char* name) {
  std::ifstream in(data_path(name));
  std::vector<Value> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Value v;
    JsonError err;
    EXPECT_TRUE(parse_json(line, v, err)) << name << ": " << line << ": " << err.message;
    out.push_back(v);
  }
  return out;
}

std::unique_ptr<TriggerSet> read_set(const vm::Budgets& budgets = default_trigger_budgets()) {
  std::vector<TriggerSpec> specs;
  std::string err;
  EXPECT_TRUE(read_trigger_file(data_path("shared_program_triggers.jsonl"), Scope::Alert, specs, err)) << err;
  return std::make_unique<TriggerSet>(std::move(specs), budgets);
}

std::string describe(const TriggerSet& set, size_t i, const Value& alert, const Value& event) {
  return set.spec(i).text + "\n  on " + to_json(alert) + "\n  event " + to_json(event);
}

// evaluate_all (shared program, falling back when it cannot decide) gives
// exactly what each trigger's own program gives.
TEST(SharedProgram, EvaluateAllEqualsEachTriggerAlone) {
  auto set = read_set();
  std::vector<TriggerResult> all;
  for (const Value& event : read_values("shared_program_events.jsonl")) {
    for (const Value& alert : read_values("shared_program_alerts.jsonl")) {
      set->evaluate_all(alert, event, all);
      for (size_t i = 0; i < set->size(); ++i) {
        TriggerResult own = set->evaluate(i, alert, event);
        EXPECT_EQ(all[i].verdict, own.verdict) << describe(*set, i, alert, event);
        EXPECT_EQ(all[i].message, own.message) << describe(*set, i, alert, event);
      }
    }
  }
}

// Where the shared program decides on its own, its answer is the trigger's;
// and it does decide most pairs (otherwise it would only cost time).
TEST(SharedProgram, DecidedAnswersAreExact) {
  auto set = read_set();
  size_t decided = 0, pairs = 0;
  for (const Value& event : read_values("shared_program_events.jsonl")) {
    if (is_manual(event)) continue;  // skips come before the shared program
    for (const Value& alert : read_values("shared_program_alerts.jsonl")) {
      for (size_t i = 0; i < set->size(); ++i) {
        ++pairs;
        std::optional<TriggerResult> shared = set->evaluate_shared(i, alert, event);
        if (!shared) continue;
        ++decided;
        TriggerResult own = set->evaluate(i, alert, event);
        EXPECT_EQ(shared->verdict, own.verdict) << describe(*set, i, alert, event) << "\n  " << own.message;
      }
    }
  }
  // The data is hostile on purpose; on generated alerts nearly every pair
  // of an atom trigger is decided.
  EXPECT_GT(decided * 3, pairs) << decided << " of " << pairs;
}

// Small budgets: where a trigger's own program runs out, the shared program
// must not answer in its place (tiny budgets disable it; at the smallest
// budgets that keep it, the element limit sends the big alert to each
// trigger's own program).
class SharedProgramBudgets : public ::testing::TestWithParam<vm::Budgets> {};

INSTANTIATE_TEST_SUITE_P(Small, SharedProgramBudgets,
                         ::testing::Values(vm::Budgets{40, 4096, 8}, vm::Budgets{100'000, 1u << 20, 256},
                                           vm::Budgets{150, 0, 0}, vm::Budgets{0, 20'000, 0}));

// {"OriginalEvents": [{"ExternalID": "R0", "Extra": {"x": 0}}, ...], "Severity": "low"}
Value many_events(int n) {
  std::string text = "{\"OriginalEvents\": [";
  for (int i = 0; i < n; ++i) {
    text += std::string(i ? "," : "") + "{\"ExternalID\": \"R" + std::to_string(i) + "\", \"Extra\": {\"x\": " +
            std::to_string(i % 2) + "}}";
  }
  text += "], \"Severity\": \"low\", \"Rules\": [{\"Name\": \"R698\"}]}";
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << err.message;
  return v;
}

TEST_P(SharedProgramBudgets, FallBack) {
  auto set = read_set(GetParam());
  std::vector<TriggerResult> all;
  Value event;
  // 999 is just under the element limit of the 100,000-instruction budget.
  for (int n : {0, 10, 200, 999, 1000, 1001, 2000}) {
    Value big = many_events(n);
    set->evaluate_all(big, event, all);
    for (size_t i = 0; i < set->size(); ++i) {
      TriggerResult own = set->evaluate(i, big, event);
      EXPECT_EQ(all[i].verdict, own.verdict) << n << " events: " << set->spec(i).text;
      EXPECT_EQ(all[i].message, own.message) << n << " events: " << set->spec(i).text;
    }
  }
}

}  // namespace
}  // namespace riposte::triggers
