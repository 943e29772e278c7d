// `riposte`: the command-line program.  CLI11 parses the subcommands; the
// words after `riposte jq` are handed over untouched, because jq's own
// command line (`--arg name value`, `--args`, `-nr`, filters such as `-.`)
// follows gojq's rules rather than CLI11's (see jq_options.h).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tools/commands.h"

namespace {

using riposte::tools::IrCommand;

CLI::App* add_jq(CLI::App& app) {
  CLI::App* jq =
      app.add_subcommand("jq", "run a jq program: a drop-in jq with gojq's semantics (riposte jq --help)");
  jq->prefix_command();  // listed for --help; main() hands its words to run_jq
  jq->set_help_flag();   // -h and --help are jq's own
  return jq;
}

CLI::App* add_ir(CLI::App& app, IrCommand& cmd) {
  CLI::App* ir = app.add_subcommand("ir", "print a stage of the compilation of a jq program");
  ir->add_option("--stage", cmd.stage, "ast, ir, opt (optimised IR) or bytecode")
      ->check(CLI::IsMember({"ast", "ir", "opt", "bytecode"}))
      ->capture_default_str();
  ir->add_flag("--print-after-all", cmd.print_after_all, "print the IR after lowering and after every pass");
  ir->add_option("-f,--from-file", cmd.from_file, "read the program from this file");
  ir->add_option("--var", cmd.vars, "bind $NAME as a global variable (as --arg would)");
  ir->add_option("filter", cmd.filter, "the jq program");
  return ir;
}

}  // namespace

int main(int argc, char** argv) {
  // CLI11 would take a leading "--" for itself: jq's words go straight through.
  if (argc >= 2 && std::string_view(argv[1]) == "jq") {
    return riposte::tools::run_jq(std::vector<std::string>(argv + 2, argv + argc));
  }
  CLI::App app{"riposte: a jq compiler and virtual machine"};
  app.set_version_flag("--version", std::string("riposte ") + riposte::tools::kVersion);
  app.require_subcommand(1);
  IrCommand ir_cmd;
  CLI::App* jq = add_jq(app);
  CLI::App* ir = add_ir(app, ir_cmd);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (jq->parsed()) return riposte::tools::run_jq(jq->remaining());
  if (ir->parsed()) {
    if (ir_cmd.filter.empty() && ir_cmd.from_file.empty()) {
      std::fputs("riposte ir: a filter or --from-file is required\n", stderr);
      return 2;
    }
    return riposte::tools::run_ir(ir_cmd);
  }
  return 2;
}
