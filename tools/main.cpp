// `riposte`: the command-line program.  CLI11 parses the subcommands; the
// words after `riposte jq` are handed over untouched, because jq's own
// command line (`--arg name value`, `--args`, `-nr`, filters such as `-.`)
// follows gojq's rules rather than CLI11's (see jq_options.h).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "engine/trigger_set.h"
#include "tools/commands.h"

namespace {

using riposte::tools::IrCommand;
using riposte::tools::CheckCommand;
using riposte::tools::MatchCommand;

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

CLI::App* add_match(CLI::App& app, MatchCommand& cmd) {
  CLI::App* m = app.add_subcommand("match", "evaluate triggers on a stream of alerts (or incidents)");
  m->add_option("--triggers", cmd.triggers, "JSON Lines: {\"id\", \"trigger\", \"scope\"}")->required();
  m->add_option("--alerts", cmd.alerts, "JSON Lines: one alert or incident per line (- for stdin)")->required();
  m->add_option("--events", cmd.events, "JSON Lines: the change event (or null) of each alert line");
  m->add_option("--engine", cmd.engine, "vm, jit or auto (jit and auto run the VM for now)")
      ->check(CLI::IsMember({"vm", "jit", "auto"}))
      ->capture_default_str();
  m->add_option("--output", cmd.output, "results (a line per alert) or count (a summary)")
      ->check(CLI::IsMember({"results", "count"}))
      ->capture_default_str();
  m->add_option("--threads", cmd.threads, "worker threads; output stays in input order")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  m->add_option("--scope", cmd.scope, "scope of trigger lines that do not name one")
      ->check(CLI::IsMember({"alert", "incident"}))
      ->capture_default_str();
  m->add_option("--fuel", cmd.fuel, "instructions one evaluation may execute (0: unlimited)")->capture_default_str();
  m->add_option("--memory", cmd.memory, "bytes one evaluation may allocate (0: unlimited)")->capture_default_str();
  m->add_option("--max-depth", cmd.max_depth, "nested calls one evaluation may make (0: unlimited)")
      ->capture_default_str();
  return m;
}

CLI::App* add_check(CLI::App& app, CheckCommand& cmd) {
  CLI::App* c = app.add_subcommand("check", "static checks of a trigger (--scope) or an algorithm (--algorithm)");
  c->add_option("--scope", cmd.scope, "the data model of the trigger: alert or incident")
      ->check(CLI::IsMember({"alert", "incident"}));
  c->add_option("--file", cmd.file, "read the trigger from this file");
  c->add_option("--algorithm", cmd.algorithm, "check this algorithm JSON file instead of a trigger");
  c->add_option("--format", cmd.format, "text (with carets) or json (for tools)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  c->add_option("trigger", cmd.trigger, "the trigger (a jq program)");
  return c;
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
  MatchCommand match_cmd;
  {
    riposte::Budgets b = riposte::engine::default_trigger_budgets();
    match_cmd.fuel = b.fuel;
    match_cmd.memory = b.memory_bytes;
    match_cmd.max_depth = b.max_depth;
  }
  CLI::App* jq = add_jq(app);
  CLI::App* ir = add_ir(app, ir_cmd);
  CheckCommand check_cmd;
  CLI::App* check = add_check(app, check_cmd);
  CLI::App* match = add_match(app, match_cmd);
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
  if (match->parsed()) return riposte::tools::run_match(match_cmd);
  if (check->parsed()) return riposte::tools::run_check(check_cmd);
  return 2;
}
