// The compile pipeline shared by every command, the tests and the bench:
//   jq text -> frontend (parse, lower with the prelude) -> ir::verify
//           -> ir::optimize (folding through the VM's operators) -> vm::Program.
// Each stage is callable on its own so `riposte ir` can print any of them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/environment.h"
#include "frontend/frontend.h"
#include "ir/ir.h"
#include "ir/passes.h"
#include "support/diagnostic_render.h"
#include "support/diagnostics.h"
#include "vm/program.h"

namespace riposte::compiler {

struct CompileOptions {
  // Names of the variables the caller binds ($foo from --arg, without '$').
  // The module's globals follow this order, then "ARGS" (see Module::globals).
  std::vector<std::string> global_vars;
  std::string_view file = "<program>";  // names the source in diagnostics
  bool optimize = true;
  bool print_after_all = false;  // fills Compiled::trace with each pass's result
};

struct Compiled {
  std::unique_ptr<ir::Module> module;    // the (optimised) IR; null on errors
  std::unique_ptr<vm::Program> program;  // null on errors
  std::vector<support::Diagnostic> diagnostics;
  std::string trace;  // print_after_all output
  bool ok() const { return program != nullptr; }
};

// Folds constants with the VM's own operators and pure natives, so a folded
// program computes exactly what the unfolded one would.
ir::Folder make_folder();

// Verifier problems as diagnostics (kind IrVerify, code "ir-verify"): they
// are compiler bugs, reported like compile errors rather than crashing the
// VM.  `stage` ends each message (" (after lowering)").
std::vector<support::Diagnostic> verify_module(const ir::Module& m, std::string_view stage = "");

// Runs the standard pass pipeline; appends per-pass dumps to `trace` when set.
void optimize_module(ir::Module& m, std::string* trace);

// The whole pipeline.  On failure `diagnostics` says why and `program` is null.
Compiled compile(std::string_view text, const CompileOptions& opt);
// The same with the caller's lowering options (compiler/environment.h: a
// trigger or an algorithm expression); opt.global_vars is then ignored.
Compiled compile(std::string_view text, const frontend::LowerOptions& lower, const CompileOptions& opt);

// Variable names and values for vm::Program::run: `named` in first-wins order
// (jq's --arg/--argjson/--slurpfile/--rawfile), `positional` for --args.
struct GlobalBindings {
  std::vector<std::string> names;
  std::vector<Value> values;
  std::vector<Value> positional;
  // Adds $name unless it is already bound (the first binding wins, as in gojq).
  void bind(std::string name, Value v);
  // Values in the order of m.globals, with $ARGS built from the bindings.
  std::vector<Value> for_module(const ir::Module& m) const;
};

}  // namespace riposte::compiler
