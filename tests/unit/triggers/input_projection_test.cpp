// Input projection (ir/analysis/input_projection.h, parse_json_projected):
// for each trigger of tests/unit/triggers/data/projection_triggers.jsonl, the
// projection the analysis computes is the one pinned there, and the trigger
// gives exactly the same result, error messages included, on each alert
// built projected as on the alert built whole.  Alerts: the edge cases of
// data/projection_alerts.jsonl (duplicate keys, wrong types, non-objects),
// the shared-program edge data and the bundled samples.  Add a line to a
// data file to add a case.
#include "ir/analysis/input_projection.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "triggers/trigger_set.h"
#include "value/json.h"

namespace riposte::triggers {
namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string source_path(const char* rel) {
  return std::string(RIPOSTE_SOURCE_DIR) + "/" + rel;
}

std::vector<std::string> alert_lines() {
  std::vector<std::string> out;
  for (const char* f : {"tests/unit/triggers/data/projection_alerts.jsonl",
                        "tests/unit/triggers/data/shared_program_alerts.jsonl", "samples/alerts.jsonl"}) {
    std::vector<std::string> lines = read_lines(source_path(f));
    out.insert(out.end(), lines.begin(), lines.end());
  }
  return out;
}

struct Case {
  std::string trigger, projection;
};

// Every line is {"trigger": TEXT, "projection": TEXT} and nothing else; a
// malformed line fails the test that reads it.
std::vector<Case> cases() {
  std::vector<Case> out;
  int n = 0;
  for (const std::string& line :
       read_lines(source_path("tests/unit/triggers/data/projection_triggers.jsonl"))) {
    ++n;
    Value v;
    JsonError err;
    bool ok = parse_json(line, v, err) && v.is_object() && v.size() == 2 && v.find("trigger") &&
              v.find("trigger")->is_string() && v.find("projection") && v.find("projection")->is_string();
    if (!ok) {
      ADD_FAILURE() << "projection_triggers.jsonl:" << n
                    << ": not {\"trigger\": TEXT, \"projection\": TEXT}: " << line;
      continue;
    }
    out.push_back({std::string(v.find("trigger")->str()), std::string(v.find("projection")->str())});
  }
  EXPECT_GT(out.size(), 10u) << "projection_triggers.jsonl";
  return out;
}

// Every trigger of `set` compiled.
void expect_compiled(const TriggerSet& set) {
  ASSERT_GT(set.size(), 0u);
  for (size_t i = 0; i < set.size(); ++i) EXPECT_EQ(set.compile_error(i), "") << set.spec(i).text;
}

// Every trigger of `set` on `line` built whole and built projected.
void expect_same_results(const TriggerSet& set, const std::string& line) {
  Value whole, projected;
  JsonError err;
  ASSERT_TRUE(parse_json(line, whole, err)) << line;
  ASSERT_TRUE(parse_json_projected(line, set.read_projection(), projected, err)) << line;
  std::vector<TriggerResult> a, b;
  set.evaluate_all(whole, Value::null(), a);
  set.evaluate_all(projected, Value::null(), b);
  for (size_t i = 0; i < set.size(); ++i) {
    EXPECT_EQ(a[i].verdict, b[i].verdict) << set.spec(i).text << "\n  on " << line;
    EXPECT_EQ(a[i].message, b[i].message) << set.spec(i).text << "\n  on " << line;
  }
}

TEST(InputProjection, EachTriggerReadsWhatIsPinned) {
  for (const Case& c : cases()) {
    TriggerSet set({{"t", c.trigger, Scope::Alert}});
    ASSERT_EQ(set.compile_error(0), "") << c.trigger;
    EXPECT_EQ(ir::analysis::to_string(set.input_projection()), c.projection) << c.trigger;
  }
}

TEST(InputProjection, EachTriggerGivesTheSameResultsOnProjectedAlerts) {
  std::vector<std::string> alerts = alert_lines();
  for (const Case& c : cases()) {
    TriggerSet set({{"t", c.trigger, Scope::Alert}});
    expect_compiled(set);
    for (const std::string& line : alerts) expect_same_results(set, line);
  }
}

// The union over a set: the triggers that read only a few fields, together.
TEST(InputProjection, ASetGivesTheSameResultsOnProjectedAlerts) {
  std::vector<TriggerSpec> specs;
  for (const Case& c : cases())
    if (c.projection != ".") specs.push_back({"t" + std::to_string(specs.size()), c.trigger, Scope::Alert});
  TriggerSet set(std::move(specs));
  expect_compiled(set);
  EXPECT_NE(ir::analysis::to_string(set.input_projection()), ".");
  for (const std::string& line : alert_lines()) expect_same_results(set, line);
}

// A projected parse reads (and checks) the parts it does not build: its
// errors are a whole parse's, at the same line and column.
TEST(InputProjection, MalformedTextFailsAsAWholeParse) {
  TriggerSet set({{"t", ".Assets[].Name == \"x\"", Scope::Alert}});
  expect_compiled(set);
  for (const char* text :
       {R"({"Other": [1, 2,], "Assets": []})", R"({"Other": {"a" 1}, "Assets": []})", R"({"Other": "\x"})",
        R"({"Other": "a)", R"({"Other": tru})", R"({"Other": -})", R"({"Other": 1.})",
        "{\"Other\": \"\x01\"}", R"({"Assets": [{"Type": [}]})", R"({"Assets": [{"Name": "x"}]} extra)",
        R"({"Other": {}}})", R"({"Other": "\ud800"} x)", R"({"Assets": [{"Name": 01}]})"}) {
    Value a, b;
    JsonError whole, projected;
    EXPECT_FALSE(parse_json(text, a, whole)) << text;
    EXPECT_FALSE(parse_json_projected(text, set.read_projection(), b, projected)) << text;
    EXPECT_EQ(whole.message, projected.message) << text;
    EXPECT_EQ(whole.line, projected.line) << text;
    EXPECT_EQ(whole.column, projected.column) << text;
  }
}

// What is not read is not built.
TEST(InputProjection, UnreadMembersAreDropped) {
  TriggerSet set({{"t", "[.Assets[] | .Name == \"x\"] | any", Scope::Alert}});
  expect_compiled(set);
  Value v;
  JsonError err;
  ASSERT_TRUE(parse_json_projected(R"({"Severity": "high", "Assets": [{"Name": "x", "Type": "host"}, 3]})",
                                   set.read_projection(), v, err));
  EXPECT_EQ(to_json(v), R"({"Assets":[{"Name":"x"},3]})");
}

}  // namespace
}  // namespace riposte::triggers
