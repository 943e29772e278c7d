// `riposte ir --stage llvm|asm`: what the JIT tier makes of a program
// (docs/jit.md).  `llvm` is the LLVM IR as generated, before LLVM's own
// optimisation (stable across machines: golden files pin it); `asm` is
// the optimised native code for this machine.  A program outside the
// JIT's subset prints `; not compiled: <why>` (the VM runs it).
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "triggers/trigger_env.h"
#include "triggers/trigger_file.h"
#include "jit/native.h"
#include "tools/cmd_run.h"
#include "tools/commands.h"
#include "compiler/pipeline.h"
#include "tools/jq_session.h"

namespace riposte::tools {
namespace {

// The stage's text for one compiled module.
std::string native_text(const ir::Module& m, const std::string& stage) {
  std::string why;
  const jit::Backend* b = jit::backend(&why);
  std::string text;
  if (b && stage == "llvm" && b->llvm_ir_text(m, text, why)) return text;
  if (b && stage != "llvm")
    if (auto p = b->compile(m, &why)) return p->assembly();
  return "; not compiled: " + why + "\n";
}

void print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
}

int print_filter(const IrCommand& cmd) {
  std::string text = cmd.filter, file = "<arg>";
  if (!cmd.from_file.empty()) {
    if (!read_text_file(cmd.from_file, text)) return kExitError;
    file = cmd.from_file;
  }
  compiler::CompileOptions opt;
  opt.global_vars = cmd.vars;
  opt.file = file;
  compiler::Compiled c = compiler::compile(text, opt);
  if (!c.ok()) {
    std::string rendered = support::render_text(c.diagnostics, text, file);
    std::fwrite(rendered.data(), 1, rendered.size(), stderr);
    return kExitCompile;
  }
  print(native_text(*c.module, cmd.stage));
  return kExitOk;
}

// Every trigger of the file, compiled in its scope's environment.
int print_triggers(const IrCommand& cmd) {
  std::vector<triggers::TriggerSpec> specs;
  std::string err;
  triggers::Scope scope = triggers::parse_scope(cmd.scope).value_or(triggers::Scope::Alert);
  if (!triggers::read_trigger_file(cmd.triggers, scope, specs, err)) {
    std::fprintf(stderr, "riposte ir: %s\n", err.c_str());
    return 2;
  }
  for (const triggers::TriggerSpec& s : specs) {
    compiler::CompileOptions opt;
    opt.file = "<trigger>";
    compiler::Compiled c = compiler::compile(s.text, triggers::trigger_lower_options(s.scope), opt);
    print(fmt::format("; trigger {}: {}", s.id, s.text));
    print(c.ok() ? native_text(*c.module, cmd.stage) : "; not compiled: compile error\n");
  }
  return kExitOk;
}

}  // namespace

int run_ir_native(const IrCommand& cmd) {
  int code = cmd.triggers.empty() ? print_filter(cmd) : print_triggers(cmd);
  std::fflush(stdout);
  return code;
}

}  // namespace riposte::tools
