// `riposte ir --stage ast|ir|opt|bytecode FILTER`: the program as each
// stage of the compiler sees it.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ir/algorithm/printer.h"
#include "ir/printer.h"
#include "tools/cmd_run.h"
#include "tools/commands.h"
#include "compiler/pipeline.h"
#include "tools/jq_session.h"

namespace riposte::tools {
namespace {

int report(const std::vector<support::Diagnostic>& diags, std::string_view text, std::string_view file) {
  std::string rendered = support::render_text(diags, text, file);
  std::fwrite(rendered.data(), 1, rendered.size(), stderr);
  return kExitCompile;
}

void print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
}

int print_ast(std::string_view text, std::string_view file) {
  frontend::ParseResult parsed = frontend::parse(text, file);
  if (!parsed.ast) return report(parsed.diagnostics, text, file);
  print(frontend::print_ast(*parsed.ast));
  return kExitOk;
}

// Lowers, verifies and (for opt and bytecode) optimises, then prints.
int print_compiled(const IrCommand& cmd, std::string_view text, std::string_view file) {
  frontend::LowerResult lowered = frontend::compile_to_ir(text, compiler::lower_options(compiler::Environment::Jq, cmd.vars), file);
  if (!lowered.module) return report(lowered.diagnostics, text, file);
  ir::Module& m = *lowered.module;
  if (auto problems = compiler::verify_module(m); !problems.empty()) return report(problems, text, file);
  if (cmd.stage == "ir") {
    print(ir::print(m));
    return kExitOk;
  }
  std::string trace;
  if (cmd.print_after_all) trace = "; *** IR after lowering ***\n" + ir::print(m);
  compiler::optimize_module(m, cmd.print_after_all ? &trace : nullptr);
  if (auto problems = compiler::verify_module(m); !problems.empty()) return report(problems, text, file);
  if (cmd.print_after_all) print(trace);
  if (cmd.stage == "opt") {
    if (!cmd.print_after_all) print(ir::print(m));
    return kExitOk;
  }
  print(vm::Program::compile(m)->disassemble());
  return kExitOk;
}

// `--algorithm FILE`: the step graph and every expression's optimised IR.
int print_algorithm(const std::string& path) {
  std::string text;
  if (!read_text_file(path, text)) return kExitError;
  auto algorithm = compile_algorithm_text(text, path);
  if (!algorithm) return kExitCompile;
  print(ir::algorithm::print(*algorithm));
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

int run_ir(const IrCommand& cmd) {
  if (!cmd.algorithm.empty()) return print_algorithm(cmd.algorithm);
  std::string text = cmd.filter, file = "<arg>";
  if (!cmd.from_file.empty()) {
    std::ifstream in(cmd.from_file, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "riposte: error: could not open {}: {}\n", cmd.from_file, std::strerror(errno));
      return kExitError;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    text = buf.str();
    file = cmd.from_file;
  }
  int code = cmd.stage == "ast" ? print_ast(text, file) : print_compiled(cmd, text, file);
  std::fflush(stdout);
  return code;
}

}  // namespace riposte::tools
