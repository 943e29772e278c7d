// The jq-defined builtins (stdlib/builtins.jq) run through the front end
// and the VM on the cases of cases/jq_defined.txt, whose expected outputs
// are gojq 0.12.11's (written by check_builtins_jq.py --write-cases).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frontend/frontend.h"
#include "stdlib/natives.h"
#include "tests/unit/case_table.h"
#include "value/json.h"
#include "vm/program.h"

namespace riposte {
namespace {

// The outputs of the program on the input (compact JSON, one per line), then
// "!" and the error value if it fails: the form of unit::render_results.
std::string run(const std::string& program_text, const std::string& input_text) {
  frontend::LowerOptions opt;
  opt.natives.facts = stdlib::native_facts;
  opt.prelude = stdlib::builtins_jq_source();
  auto lowered = frontend::compile_to_ir(program_text, opt);
  if (!lowered.module) return "<compile error: " + lowered.diagnostics.at(0).message + ">";
  auto program = vm::Program::compile(*lowered.module);
  std::vector<Value> globals(lowered.module->globals.size());
  for (size_t i = 0; i < globals.size(); ++i)
    if (lowered.module->vars[lowered.module->globals[i]] == "ARGS") globals[i] = Value::object();
  Value input;
  JsonError err;
  EXPECT_TRUE(parse_json(input_text, input, err)) << input_text;
  vm::Host host;
  host.next_input = [](Value&, std::string&) { return false; };  // the one input is `.`
  std::string outputs;
  auto outcome = program->run(input, globals, vm::Budgets{}, host, [&](const Value& v) {
    outputs += to_json(v) + "\n";
    return true;
  });
  if (outcome.status == vm::Program::Status::Error) outputs += "!" + to_json(outcome.error) + "\n";
  return outputs;
}

TEST(BuiltinsJq, AgreeWithGojq) {
  auto rows = unit::read_case_table("tests/unit/stdlib/cases/jq_defined.txt", {{"program", "input"}, true});
  EXPECT_GT(rows.size(), 50u);
  for (const unit::CaseRow& row : rows) {
    if (!row.problem.empty()) {
      ADD_FAILURE() << row.where << ": " << row.problem;
      continue;
    }
    EXPECT_EQ(run(row.columns[0], row.columns[1]), unit::render_results(row.results))
        << row.where << ": " << row.columns[0] << " on " << row.columns[1];
  }
}

}  // namespace
}  // namespace riposte
