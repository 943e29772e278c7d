// The compile pipeline: frontend -> verifier -> passes -> bytecode.
#include "compiler/pipeline.h"

#include <algorithm>

#include "compiler/environment.h"
#include "ir/printer.h"
#include "ir/verifier.h"

namespace riposte::compiler {
std::vector<support::Diagnostic> verify_module(const ir::Module& m, std::string_view stage) {
  std::vector<support::Diagnostic> out;
  for (const ir::VerifyError& e : ir::verify(m))
    out.push_back(support::emit(support::diag::IrVerify, support::Span::at(e.loc), e.message, stage));
  return out;
}

void optimize_module(ir::Module& m, std::string* trace) {
  ir::PassOptions opt;
  opt.folder = make_folder();
  opt.print_after_all = trace != nullptr;
  opt.trace = trace;
  ir::optimize(m, opt);
}

namespace {

// Appends the verifier's problems to `out`; true when there were none.
bool verified(const ir::Module& m, std::string_view stage, std::vector<support::Diagnostic>& out) {
  std::vector<support::Diagnostic> problems = verify_module(m, stage);
  out.insert(out.end(), problems.begin(), problems.end());
  return problems.empty();
}

}  // namespace

Compiled compile(std::string_view text, const CompileOptions& opt) {
  return compile(text, lower_options(Environment::Jq, opt.global_vars), opt);
}

Compiled compile(std::string_view text, const frontend::LowerOptions& lower, const CompileOptions& opt) {
  Compiled out;
  frontend::LowerResult lowered = frontend::compile_to_ir(text, lower, opt.file);
  out.diagnostics = std::move(lowered.diagnostics);
  if (!lowered.module) return out;
  out.module = std::move(lowered.module);
  // Verify before and after the passes: a failure names the stage at fault.
  if (!verified(*out.module, " (after lowering)", out.diagnostics)) return out;
  if (opt.optimize) {
    if (opt.print_after_all) out.trace = "; *** IR after lowering ***\n" + ir::print(*out.module);
    optimize_module(*out.module, opt.print_after_all ? &out.trace : nullptr);
    if (!verified(*out.module, " (after optimisation)", out.diagnostics)) return out;
  }
  out.program = vm::Program::compile(*out.module);
  return out;
}

void GlobalBindings::bind(std::string name, Value v) {
  if (std::find(names.begin(), names.end(), name) != names.end()) return;
  names.push_back(std::move(name));
  values.push_back(std::move(v));
}

std::vector<Value> GlobalBindings::for_module(const ir::Module& m) const {
  Object named;
  for (size_t i = 0; i < names.size(); ++i) named.emplace(names[i], values[i]);
  Object args;
  args.emplace("named", Value::object(std::move(named)));
  args.emplace("positional", Value::array(Array(positional)));
  Value args_value = Value::object(std::move(args));

  std::vector<Value> out;
  out.reserve(m.globals.size());
  for (ir::VarId id : m.globals) {
    const std::string& name = m.vars[id];
    auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) {
      out.push_back(values[it - names.begin()]);
    } else {
      out.push_back(name == "ARGS" ? args_value : Value::null());
    }
  }
  return out;
}

}  // namespace riposte::compiler
