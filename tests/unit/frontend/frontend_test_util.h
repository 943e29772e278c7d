// Shared helpers of the front end's tests: a small native catalog and
// prelude standing in for stdlib's, and one-line IR dumps.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "frontend/frontend.h"
#include "ir_sexpr.h"

namespace riposte::frontend::testing {

// A catalogue of the few natives the tests call, with default facts
// (stdlib's real table is not linked into the front end's tests' view).
inline const ir::NativeFacts* test_native_facts(std::string_view name, unsigned arity) {
  static const std::set<std::string> natives = {
      "empty/0", "error/0", "error/1", "not/0", "tostring/0", "_negate/1", "length/0", "keys/0",
      "getpath/1", "setpath/2", "delpaths/1", "type/0", "@base64/0", "@text/0", "@json/0",
      "range/2", "add/0", "tojson/0"};
  static const ir::NativeFacts kFacts{};
  return natives.count(std::string(name) + "/" + std::to_string(arity)) > 0 ? &kFacts : nullptr;
}

inline constexpr std::string_view kTestPrelude = R"jq(
def map(f): [.[] | f];
def select(f): if f then . else empty end;
def recurse(f): def r: ., (f | r); r;
def recurse: recurse(.[]?);
def _modify(paths; update): reduce path(paths) as $p (.; setpath($p; getpath($p) | update));
def _assign(paths; $value): reduce path(paths) as $p (.; setpath($p; $value));
def range($n): range(0; $n);
def unused: 1;
)jq";

inline LowerOptions test_options() {
  LowerOptions opt;
  opt.natives.facts = test_native_facts;
  opt.prelude = kTestPrelude;
  return opt;
}

// "main: ..." of the lowered program, or the first diagnostic's message.
inline std::string lower_main(std::string_view program, const LowerOptions& opt = test_options()) {
  LowerResult r = compile_to_ir(program, opt);
  if (!r.module) return r.diagnostics.empty() ? "no module" : "error: " + r.diagnostics[0].message;
  std::string main = SExpr(*r.module).node(*r.module->main);
  // Drop the prelude wrapper to keep expectations short.
  const std::string prefix = "(FuncDefs [";
  if (main.rfind(prefix, 0) == 0 && r.module->funcs[r.module->main->funcs[0]].builtin) {
    return SExpr(*r.module).node(*r.module->main->kids[0]);
  }
  return main;
}

}  // namespace riposte::frontend::testing
