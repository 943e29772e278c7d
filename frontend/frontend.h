// The jq front end: text -> AST (ANTLR4 grammar) -> IR module.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/ast.h"  // ParseResult owns an Ast: destroying it needs the full type
#include "support/diagnostics.h"
#include "ir/ir.h"

namespace riposte::frontend {

// Which native builtins exist (name/arity) and what they are, so that
// unknown functions are compile errors and the analyses know each native.
// Supplied by the caller (stdlib's table) to keep the front end free of
// run-time code.  A native whose capability is not `allowed` (or a
// jq-defined builtin that calls one) is an error that names `environment`:
// "env/0 is not available in a trigger: it reads the server's environment".
struct NativeCatalog {
  ir::NativeFactsFn facts = nullptr;
  ir::CapabilitySet allowed = ir::kAllCapabilities;
  std::string_view environment = "jq";  // "a trigger", "an algorithm expression"
};

struct ParseResult {
  std::unique_ptr<Ast> ast;  // null on syntax errors
  std::vector<support::Diagnostic> diagnostics;
};

// Parses one jq program.  `file` names the source in diagnostics.
ParseResult parse(std::string_view text, std::string_view file = "<program>");
// Dumps the AST (`riposte ir --stage ast`).
std::string print_ast(const Ast& ast);

// A function of arity 0 whose value is a global the caller binds (the
// trigger functions `event`, `alert`, `incident`).  `var` names the global;
// choose a name jq cannot spell as `$name` (e.g. with a space) so that only
// the function reaches it.  The program's own definitions shadow it, as a
// definition the host would prepend; the prelude cannot see it.
struct GlobalFunction {
  std::string name;
  std::string var;
};

struct LowerOptions {
  NativeCatalog natives;
  std::string_view prelude;              // jq source of the jq-defined builtins
  std::vector<std::string> global_vars;  // names bound by the caller ($foo from --arg; "ENV", "__prog_args" implied)
  std::vector<GlobalFunction> global_functions;  // their globals follow global_vars in Module::globals
};

struct LowerResult {
  std::unique_ptr<ir::Module> module;  // null on errors
  std::vector<support::Diagnostic> diagnostics;
};

// Parses and lowers a program (with the prelude in scope) to IR.
LowerResult compile_to_ir(std::string_view text, const LowerOptions& opt, std::string_view file = "<program>");

}  // namespace riposte::frontend
