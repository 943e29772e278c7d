// Runs jq programs through the front end and the VM (no IR passes), and
// renders the outcome as one string: the outputs as compact JSON, one per
// line, then "error: <message>" / "budget: <message>" / "halt: <code>".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frontend/frontend.h"
#include "stdlib/natives.h"
#include "value/json.h"
#include "vm/program.h"

namespace riposte::vm::testing {

inline std::unique_ptr<vm::Program> compile_jq(std::string_view text, std::string* diag = nullptr) {
  frontend::LowerOptions opt;
  opt.natives.facts = stdlib::native_facts;
  opt.prelude = stdlib::builtins_jq_source();
  frontend::LowerResult r = frontend::compile_to_ir(text, opt);
  if (!r.module) {
    if (diag) *diag = r.diagnostics.empty() ? "no module" : r.diagnostics[0].message;
    return nullptr;
  }
  return vm::Program::compile(*r.module);
}

inline std::string message_of(const Value& v) { return v.is_string() ? std::string(v.str()) : to_json(v); }

inline std::string run_jq(std::string_view text, std::string_view input = "null", const vm::Budgets& budgets = {},
                          size_t max_outputs = 1000) {
  std::string diag;
  auto program = compile_jq(text, &diag);
  if (!program) return "compile error: " + diag;
  Value in;
  JsonError jerr;
  if (!parse_json(input, in, jerr)) return "bad input: " + jerr.message;
  std::string out;
  size_t n = 0;
  vm::Host host;
  host.debug = [&](const Value& v) { out += "debug: " + to_json(v) + "\n"; };
  vm::Program::Outcome o = program->run(in, {Value::object()}, budgets, host, [&](const Value& v) {
    out += to_json(v);
    out += '\n';
    return ++n < max_outputs;
  });
  switch (o.status) {
    case vm::Program::Status::Ok: break;
    case vm::Program::Status::Error: out += "error: " + message_of(o.error) + "\n"; break;
    case vm::Program::Status::BudgetExceeded: out += "budget: " + message_of(o.error) + "\n"; break;
    case vm::Program::Status::Halt: out += "halt: " + std::to_string(o.halt_code) + "\n"; break;
  }
  if (!out.empty()) out.pop_back();
  return out;
}

// The outcome in the form of a case table's results (unit::render_results):
// one line per output (compact JSON) or debug message ("debug: JSON"), then
// "!JSON" of the error value, "halt: N", or "budget: message" (which no
// table expects).
inline std::string run_jq_results(std::string_view text, std::string_view input) {
  std::string diag;
  auto program = compile_jq(text, &diag);
  if (!program) return "compile error: " + diag + "\n";
  Value in;
  JsonError jerr;
  if (!parse_json(input, in, jerr)) return "bad input: " + jerr.message + "\n";
  std::string out;
  size_t n = 0;
  vm::Host host;
  host.debug = [&](const Value& v) { out += "debug: " + to_json(v) + "\n"; };
  vm::Program::Outcome o = program->run(in, {Value::object()}, vm::Budgets{}, host, [&](const Value& v) {
    out += to_json(v) + "\n";
    return ++n < 1000;
  });
  switch (o.status) {
    case vm::Program::Status::Ok: break;
    case vm::Program::Status::Error: out += "!" + to_json(o.error) + "\n"; break;
    case vm::Program::Status::BudgetExceeded: out += "budget: " + message_of(o.error) + "\n"; break;
    case vm::Program::Status::Halt: out += "halt: " + std::to_string(o.halt_code) + "\n"; break;
  }
  return out;
}

}  // namespace riposte::vm::testing
