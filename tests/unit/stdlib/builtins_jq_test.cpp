// The jq-defined builtins (stdlib/builtins.jq) run through the front end
// and the VM on the cases of cases/jq_defined.txt, whose expected outputs
// are gojq 0.12.11's (written by check_builtins_jq.py --write-cases).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "frontend/frontend.h"
#include "stdlib/natives.h"
#include "value/json.h"
#include "vm/program.h"

namespace riposte {
namespace {

struct Case {
  int line = 0;
  std::string program, input;
  std::vector<std::string> expected;  // compact JSON per output; "!message" for an error
};

std::vector<Case> load_cases() {
  std::ifstream in(std::filesystem::path(RIPOSTE_SOURCE_DIR) / "tests/unit/stdlib/cases" / "jq_defined.txt");
  std::vector<Case> cases;
  Case c;
  int n = 0, field = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty()) {
      if (field >= 2) cases.push_back(c);
      c = Case{};
      field = 0;
      continue;
    }
    if (field == 0) {
      c.line = n;
      c.program = line;
    } else if (field == 1) {
      c.input = line;
    } else {
      c.expected.push_back(line);
    }
    ++field;
  }
  if (field >= 2) cases.push_back(c);
  return cases;
}

// Outputs of the program on the input (compact JSON), then "!message" if it fails.
std::vector<std::string> run(const Case& c) {
  frontend::LowerOptions opt;
  opt.natives.facts = stdlib::native_facts;
  opt.prelude = stdlib::builtins_jq_source();
  auto lowered = frontend::compile_to_ir(c.program, opt);
  if (!lowered.module) return {"<compile error: " + lowered.diagnostics.at(0).message + ">"};
  auto program = vm::Program::compile(*lowered.module);
  std::vector<Value> globals(lowered.module->globals.size());
  for (size_t i = 0; i < globals.size(); ++i)
    if (lowered.module->vars[lowered.module->globals[i]] == "ARGS") globals[i] = Value::object();
  Value input;
  JsonError err;
  EXPECT_TRUE(parse_json(c.input, input, err)) << c.input;
  vm::Host host;
  host.next_input = [](Value&, std::string&) { return false; };  // the one input is `.`
  std::vector<std::string> outputs;
  auto outcome = program->run(input, globals, vm::Budgets{}, host, [&](const Value& v) {
    outputs.push_back(to_json(v));
    return true;
  });
  if (outcome.status == vm::Program::Status::Error)
    outputs.push_back("!" + (outcome.error.is_string() ? std::string(outcome.error.str()) : to_json(outcome.error)));
  return outputs;
}

// Our writer's text for gojq's (both print compact JSON; the values match).
std::string normalized(const std::string& text) {
  if (!text.empty() && text[0] == '!') return text;
  Value v;
  JsonError err;
  return parse_json(text, v, err) ? to_json(v) : text;
}

TEST(BuiltinsJq, AgreeWithGojq) {
  auto cases = load_cases();
  ASSERT_GT(cases.size(), 50u);
  for (const Case& c : cases) {
    std::vector<std::string> want;
    for (const std::string& e : c.expected) want.push_back(normalized(e));
    EXPECT_EQ(run(c), want) << "jq_defined.txt:" << c.line << ": " << c.program << " on " << c.input;
  }
}

}  // namespace
}  // namespace riposte
