// The evaluation rules of ../shared/spec/triggers.md, one row per case:
// trigger text, alert, change event -> verdict (and a piece of the message).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "triggers/trigger_set.h"
#include "value/json.h"

namespace riposte::triggers {
namespace {

Value json(const std::string& text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text << ": " << err.message;
  return v;
}

struct Row {
  const char* trigger;
  const char* alert;
  const char* event;  // JSON
  Verdict want;
  const char* message = "";  // a substring of the error message
  Scope scope = Scope::Alert;
};

constexpr const char* kAlert = R"({"Severity": "high", "DetectionTechnologies": ["IOC", "IOA"], "Assets": []})";
constexpr const char* kManual = R"({"manual": true, "updateOperations": ["alertAssigned"]})";
constexpr const char* kAuto = R"({"manual": false, "updateOperations": ["alertCreated"]})";

const Row kRows[] = {
    // one value: true matches, false and null do not, anything else is an error
    {".Severity == \"high\"", kAlert, "null", Verdict::Match},
    {".Severity == \"low\"", kAlert, "null", Verdict::NoMatch},
    {"null", kAlert, "null", Verdict::NoMatch},
    {"[.Severity == \"high\"]", kAlert, "null", Verdict::Error, "trigger must yield a boolean, got array"},
    {"1", kAlert, "null", Verdict::Error, "got number"},
    {"\"yes\"", kAlert, "null", Verdict::Error, "got string"},
    {"{}", kAlert, "null", Verdict::Error, "got object"},
    // zero or several values: an error with the hint
    {"empty", kAlert, "null", Verdict::Error, "no value"},
    {"empty", kAlert, "null", Verdict::Error, "[ ... ] | any"},
    {".DetectionTechnologies[] == \"IOC\"", kAlert, "null", Verdict::Error, "more than one value"},
    {".DetectionTechnologies[] == \"IOC\"", kAlert, "null", Verdict::Error, "[ ... ] | any"},
    {"[.DetectionTechnologies[] == \"IOC\"] | any", kAlert, "null", Verdict::Match},
    {"repeat(true)", kAlert, "null", Verdict::Error, "more than one value"},  // stops after two
    {"true, error(\"late\")", kAlert, "null", Verdict::Error, "late"},     // one value, then an error
    // a cardinality `check` would reject still matches when it yields one true
    {".Assets[] == 1 // true", kAlert, "null", Verdict::Match},
    // runtime errors
    {".Severity[]", kAlert, "null", Verdict::Error, "cannot iterate over"},
    {"error(\"boom\")", kAlert, "null", Verdict::Error, "boom"},
    // compile errors: on every alert
    {".a | ", kAlert, "null", Verdict::Error, "compile error"},
    {"foo(1)", kAlert, "null", Verdict::Error, "unknown function foo/1"},
    {"incident == .", kAlert, "null", Verdict::Error, "unknown function incident/0"},
    {"$event == null", kAlert, "null", Verdict::Error, "compile error"},
    // the trigger functions
    {"alert == .", kAlert, "null", Verdict::Match},
    {"[.Severity | alert.Severity] == [\"high\"]", kAlert, "null", Verdict::Match},
    {"incident.Name == \"x\"", R"({"Name": "x"})", "null", Verdict::Match, "", Scope::Incident},
    {"alert == .", R"({"Name": "x"})", "null", Verdict::Error, "unknown function alert/0", Scope::Incident},
    {"event == null", kAlert, "null", Verdict::Match},
    {"event.updateOperations | index(\"alertCreated\") != null", kAlert, kAuto, Verdict::Match},
    {"def event: 5; event == 5", kAlert, kAuto, Verdict::Match},  // the trigger's own def shadows it
    // manual changes: skipped unless the trigger mentions event
    {".Severity == \"high\"", kAlert, kManual, Verdict::Skipped},
    {".Severity == \"high\"", kAlert, kAuto, Verdict::Match},
    {"event.manual", kAlert, kManual, Verdict::Match},
    {"(event | .manual | not) and .Severity == \"high\"", kAlert, kManual, Verdict::NoMatch},
    {".x == \"new event\" or true", kAlert, kManual, Verdict::Match},  // the oracle's textual rule
    {".event == null", kAlert, kManual, Verdict::Skipped},
    {"error(\"x\")", kAlert, kManual, Verdict::Skipped},
    {".a | ", kAlert, kManual, Verdict::Error, "compile error"},  // compile errors come first
};

TEST(TriggerRules, Table) {
  for (const Row& row : kRows) {
    TriggerSet set({{"t", row.trigger, row.scope}});
    TriggerResult r = set.evaluate(0, json(row.alert), json(row.event));
    EXPECT_EQ(static_cast<int>(r.verdict), static_cast<int>(row.want)) << row.trigger << " -> " << r.message;
    EXPECT_NE(r.message.find(row.message), std::string::npos) << row.trigger << " -> " << r.message;
  }
}

// Hostile triggers end with a budget error for themselves only, each with
// the budget it exhausts: compiled without error, then stopped by that
// budget (the message names it and its limit).
TEST(TriggerRules, Budgets) {
  struct Hostile {
    const char* trigger;
    const char* message;  // the whole error message
  };
  const Hostile hostile[] = {
      {"def f: f; f", "fuel budget of 1000000 instructions exhausted"},
      {"def f: 1 + f; f", "depth budget of 1000 frames exceeded"},
      {"[repeat(.)] | length > 0", "fuel budget of 1000000 instructions exhausted"},
      {"[range(1e18)] | length > 0", "memory budget of 8388608 bytes exceeded"},
      {"(\"x\" * 100000000) | length > 0", "memory budget of 8388608 bytes exceeded"},
      {"until(false; .)", "fuel budget of 1000000 instructions exhausted"},
  };
  vm::Budgets b;
  b.fuel = 1'000'000;
  b.memory_bytes = 8 << 20;
  b.max_depth = 1000;
  std::vector<TriggerSpec> specs;
  for (const Hostile& h : hostile) specs.push_back({h.trigger, h.trigger, Scope::Alert});
  specs.push_back({"honest", ".Severity == \"high\"", Scope::Alert});
  TriggerSet set(std::move(specs), b);
  std::vector<TriggerResult> out;
  set.evaluate_all(json(kAlert), Value::null(), out);
  ASSERT_EQ(out.size(), std::size(hostile) + 1);
  for (size_t i = 0; i < std::size(hostile); ++i) {
    EXPECT_EQ(set.compile_error(i), "") << hostile[i].trigger;
    EXPECT_EQ(out[i].verdict, Verdict::Error) << hostile[i].trigger;
    EXPECT_EQ(out[i].message, hostile[i].message) << hostile[i].trigger;
  }
  EXPECT_EQ(out.back().verdict, Verdict::Match);
}

TEST(TriggerEnv, MentionsEvent) {
  EXPECT_TRUE(mentions_event("event"));
  EXPECT_TRUE(mentions_event("event.manual"));
  EXPECT_TRUE(mentions_event("(event|.x)"));
  EXPECT_TRUE(mentions_event("\"an event\""));
  EXPECT_TRUE(mentions_event("def event: 1; event"));
  EXPECT_FALSE(mentions_event(".event"));
  EXPECT_FALSE(mentions_event("$event"));
  EXPECT_FALSE(mentions_event("events"));
  EXPECT_FALSE(mentions_event("myevent"));
  EXPECT_FALSE(mentions_event("event_id"));
  EXPECT_FALSE(mentions_event(".OriginalEvents"));
}

TEST(TriggerEnv, CallsEventFromTheIr) {
  auto calls = [](const char* text) {
    TriggerSet set({{"t", text, Scope::Alert}});
    return set.compile_error(0).empty() && set.calls_event(0);
  };
  EXPECT_TRUE(calls("event == null"));
  EXPECT_TRUE(calls("def f: event; f | . == null"));
  EXPECT_FALSE(calls(".Severity == \"x\""));
  EXPECT_FALSE(calls(".x == \"new event\""));
  EXPECT_FALSE(calls("def event: 1; event == 1"));
}

}  // namespace
}  // namespace riposte::triggers
