// The JIT against the VM: every case runs both ways and must give the same
// outputs, the same status and the same error value.  A data table first
// (trigger, input), then the generated corpus of ../shared/corpus when it
// is there (every trigger on every alert through TriggerSet::evaluate).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "triggers/trigger_set.h"
#include "jit/jit_program.h"
#include "compiler/pipeline.h"
#include "value/json.h"

namespace riposte {
namespace {

struct Case {
  const char* program;
  const char* input;
  bool native = true;  // false: the JIT must refuse it (the VM runs it)
};

const Case kCases[] = {
    {".Severity == \"low\"", R"({"Severity": "low"})"},
    {"(.Severity == \"low\") and (.DetectSource == \"KES\")", R"({"Severity": "low", "DetectSource": "KES"})"},
    {"[.OriginalEvents[] | .ExternalID == \"R1\"] | any", R"({"OriginalEvents": [{"ExternalID": "R2"}, {"ExternalID": "R1"}]})"},
    {"[.OriginalEvents[] | .ExternalID == \"R1\"] | any", R"({"OriginalEvents": null})"},
    {"[.OriginalEvents[] | .ExternalID == \"R1\"] | any", R"({"OriginalEvents": [1]})"},
    {"[.Observables[] | select(.Type == \"domain\")] | length >= 2", R"({"Observables": [{"Type": "domain"}, {"Type": "domain"}]})"},
    {"[.Rules[] | .Name | contains(\"R1\")] | any", R"({"Rules": [{"Name": "xR1y"}]})"},
    {"[.Rules[] | .Name | contains(\"R1\")] | any", R"({"Rules": [{"Name": 3}]})"},
    {"any(.T[]; .ID | startswith(\"T15\"))", R"({"T": [{"ID": "T1566"}]})"},
    {"[.E[] | .P // \"\" | ascii_downcase | test(\"^(a\\\\.exe|b)\")] | any", R"({"E": [{"P": "A.EXE"}, {}]})"},
    {"(.CreatedAt | split(\".\")[0] + \"Z\") | fromdate > 5", R"({"CreatedAt": "2023-07-15T08:09:51.123"})"},
    {"reduce .E[] as $e (0; . + (if $e.O == \"ok\" then 1 else 0 end)) > 1", R"({"E": [{"O": "ok"}, {"O": "ok"}]})"},
    {".Severity | IN(\"a\", \"b\")", R"({"Severity": "b"})"},
    {".Severity as $s | [\"high\", \"critical\"] | index($s) != null", R"({"Severity": "high"})"},
    {"[.E[] | .T] | (max - min) / 3 > 4", R"({"E": [{"T": 1}, {"T": 100}]})"},
    {".ID % 7 == 3", R"({"ID": 10})"},
    {".ID % 0", R"({"ID": 10})"},
    {".a[]", R"({"a": {"x": 1, "b": 2}})"},
    {".a[] == 1", R"({"a": [1, 2, 1]})"},
    {"try error(\"boom\") catch .", "null"},
    {"try (1, error(\"x\"), 3) catch .", "null"},
    {"(try (1, 2) catch .) | if . == 2 then error(\"after\") else . end", "null"},
    {"[.[] | try error catch .]", "[1, null, \"s\"]"},
    {"error(null)", "null"},
    {"[.[]?]", "3"},
    {".a.b.c", R"({"a": 5})"},
    {"label $out | 1, 2, break $out, 3", "null"},
    {"first(.[] | select(. > 1))", "[1, 2, 3]"},
    {"[limit(2; .[])]", "[1, 2, 3]"},
    {"{a: .x, (.k): 2}", R"({"x": 1, "k": "z"})"},
    {"{(.k): 2}", R"({"k": 1})"},
    {".[1:3]", "[1, 2, 3, 4]"},
    {"(1, 2) + (10, 20)", "null"},
    {"(true, false) and (true, false)", "null"},
    {"(true, false) or (true, false)", "null"},
    {"(null, 1, false, 2) // 9", "null"},
    {"(null, false) // 9", "null"},
    {"foreach .[] as $x (0; . + $x; [$x, .])", "[1, 2, 3]"},
    {"reduce .[] as $x (0, 10; . + $x)", "[1, 2]"},
    {"[.[] | tostring] | join(\",\")", "[1, \"a\", null]"},
    {"\"x\" * 100000000", "null"},
    {"[.[] | [.[] | . * 2]]", "[[1], [2, 3]]"},
    {"def f: f; f", "null", false},
    {"[repeat(.)]", "1", false},
    {"[range(1e18)]", "null", false},
    {"path(.a)", "null", false},
};

struct Evaluation {
  vm::Program::Outcome outcome;
  std::vector<std::string> outputs;
};

std::string describe(const Evaluation& r) {
  std::string s = std::to_string(static_cast<int>(r.outcome.status)) + " " + to_json(r.outcome.error) + " [";
  for (const std::string& o : r.outputs) s += o + ",";
  return s + "]";
}

vm::Budgets test_budgets() {
  vm::Budgets b;
  b.fuel = 100000;
  b.memory_bytes = 1 << 20;
  b.max_depth = 1000;
  return b;
}

TEST(JitVsVm, Table) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.program);
    compiler::CompileOptions opt;
    compiler::Compiled compiled = compiler::compile(c.program, opt);
    ASSERT_TRUE(compiled.ok());
    std::string why;
    auto native = jit::JitProgram::compile(*compiled.module, &why);
    ASSERT_EQ(native != nullptr, c.native) << why;
    if (!native) continue;
    Value input;
    JsonError err;
    ASSERT_TRUE(parse_json(c.input, input, err));
    std::vector<Value> globals(compiled.module->globals.size(), Value::object());
    Evaluation vm, jit;
    auto collect = [](Evaluation& r) {
      return [&r](const Value& v) {
        r.outputs.push_back(to_json(v));
        return true;
      };
    };
    vm.outcome = compiled.program->run(input, globals, test_budgets(), vm::Host{}, collect(vm));
    jit.outcome = native->run(input, globals, test_budgets(), collect(jit));
    EXPECT_EQ(describe(vm), describe(jit));
  }
}

// Reads a generator's output (one JSON value per line).
std::vector<std::string> lines_of(const std::string& command) {
  std::vector<std::string> out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  std::string line;
  for (int ch; (ch = std::fgetc(p)) != EOF;) {
    if (ch != '\n') {
      line += static_cast<char>(ch);
    } else if (!line.empty()) {
      out.push_back(std::move(line));
      line.clear();
    }
  }
  pclose(p);
  return out;
}

// Every generated trigger on every generated alert: the JIT tier's verdicts
// and messages are the VM's.
TEST(JitVsVm, Corpus) {
  std::string corpus = std::string(RIPOSTE_SOURCE_DIR) + "/../shared/corpus";
  std::vector<std::string> triggers = lines_of(corpus + "/gen_triggers.py --count 300 --seed 11 2>/dev/null");
  std::vector<std::string> alerts = lines_of(corpus + "/gen_alerts.py --count 150 --seed 5 2>/dev/null");
  if (triggers.empty() || alerts.empty()) GTEST_SKIP() << "no corpus at " << corpus;
  std::vector<triggers::TriggerSpec> specs;
  for (const std::string& line : triggers) {
    Value v;
    JsonError err;
    ASSERT_TRUE(parse_json(line, v, err));
    specs.push_back({std::string(v.find("id")->str()), std::string(v.find("trigger")->str()), triggers::Scope::Alert});
  }
  triggers::TriggerSet vm(specs), jit(specs);
  jit.set_engine(jit::Tier::Jit);
  size_t native = 0;
  for (size_t i = 0; i < jit.size(); ++i) native += jit.native_status(i).empty() ? 1 : 0;
  EXPECT_GT(native, jit.size() * 9 / 10);
  Value event = Value::null();
  for (const std::string& line : alerts) {
    Value alert;
    JsonError err;
    ASSERT_TRUE(parse_json(line, alert, err));
    for (size_t i = 0; i < vm.size(); ++i) {
      triggers::TriggerResult a = vm.evaluate(i, alert, event), b = jit.evaluate(i, alert, event);
      ASSERT_EQ(a.verdict, b.verdict) << specs[i].text << "\n" << line.substr(0, 200);
      ASSERT_EQ(a.message, b.message) << specs[i].text;
    }
  }
}

}  // namespace
}  // namespace riposte
