// `riposte`: the command-line program.  CLI11 parses the subcommands; the
// words after `riposte jq` are handed over untouched, because jq's own
// command line (`--arg name value`, `--args`, `-nr`, filters such as `-.`)
// follows gojq's rules rather than CLI11's (see jq_options.h).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "triggers/trigger_set.h"
#include "tools/commands.h"
#include "tools/large_stack.h"

namespace {

using riposte::tools::IrCommand;
using riposte::tools::CheckCommand;
using riposte::tools::MatchCommand;
using riposte::tools::RunCommand;
using riposte::tools::ServeCommand;
using riposte::tools::ProcessCommand;
using riposte::tools::AdminBootstrapCommand;

CLI::App* add_jq(CLI::App& app) {
  CLI::App* jq =
      app.add_subcommand("jq", "run a jq program: a drop-in jq with gojq's semantics (riposte jq --help)");
  jq->prefix_command();  // listed for --help; main() hands its words to run_jq
  jq->set_help_flag();   // -h and --help are jq's own
  return jq;
}

CLI::App* add_ir(CLI::App& app, IrCommand& cmd) {
  CLI::App* ir = app.add_subcommand("ir", "print a stage of the compilation of a jq program");
  ir->add_option("--stage", cmd.stage, "ast, ir, opt (optimised IR), bytecode, llvm (JIT's LLVM IR) or asm (native)")
      ->check(CLI::IsMember({"ast", "ir", "opt", "bytecode", "llvm", "asm"}))
      ->capture_default_str();
  ir->add_flag("--print-after-all", cmd.print_after_all, "print the IR after lowering and after every pass");
  ir->add_option("-f,--from-file", cmd.from_file, "read the program from this file");
  ir->add_option("--var", cmd.vars, "bind $NAME as a global variable (as --arg would)");
  ir->add_option("--algorithm", cmd.algorithm, "print the compiled playbook algorithm of this JSON file");
  ir->add_option("--triggers", cmd.triggers, "print the trigger set of this JSON Lines file as one program");
  ir->add_option("--scope", cmd.scope, "with --triggers: scope of trigger lines that do not name one")
      ->check(CLI::IsMember({"alert", "incident"}));
  ir->add_option("filter", cmd.filter, "the jq program");
  return ir;
}

CLI::App* add_match(CLI::App& app, MatchCommand& cmd) {
  CLI::App* m = app.add_subcommand("match", "evaluate triggers on a stream of alerts (or incidents)");
  m->add_option("--triggers", cmd.triggers, "JSON Lines: {\"id\", \"trigger\", \"scope\"}")->required();
  m->add_option("--alerts", cmd.alerts, "JSON Lines: one alert or incident per line (- for stdin)")->required();
  m->add_option("--events", cmd.events, "JSON Lines: the change event (or null) of each alert line");
  m->add_option("--engine", cmd.engine, "vm, jit (native code up front) or auto (native once hot); docs/jit.md")
      ->check(CLI::IsMember({"vm", "jit", "auto"}))
      ->capture_default_str();
  m->add_option("--output", cmd.output, "results (a line per alert) or count (a summary)")
      ->check(CLI::IsMember({"results", "count"}))
      ->capture_default_str();
  m->add_option("--threads", cmd.threads, "worker threads; output stays in input order")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  m->add_flag("--profile", cmd.profile,
              "time each stage per alert (parse, shared program, answers, own programs, output): a \"profile\" "
              "in the count summary, or the summary on stderr with --output results");
  m->add_flag("--whole-input", cmd.whole_input,
              "build every alert whole, not only the parts the triggers read (docs/triggers.md)");
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

// `riposte run` and `riposte resume` (tools/cmd_run.cpp, docs/playbooks.md).
void add_run_options(CLI::App* r, RunCommand& cmd) {
  r->add_option("--mock", cmd.mock, "dry-run results by action type: {\"killProcess\": {...}}");
  r->add_option("--approve", cmd.approve, "answer approval requests: all, none (reject) or expire")
      ->check(CLI::IsMember({"all", "none", "expire"}));
  r->add_option("--bindings", cmd.bindings, "dry-run (record what would be called) or real")
      ->check(CLI::IsMember({"dry-run", "real"}))
      ->capture_default_str();
  r->add_option("--config", cmd.config, "with --bindings real: the connections of the bindings (docs/actions.md)");
  r->add_option("--stop-after", cmd.stop_after, "debug: pause after N finished steps (resume continues)");
  r->add_option("--trace-calls", cmd.trace_calls, "debug: append each call really made to this file");
  r->add_option("--db", cmd.db,
                "the SQLite store the engine-facing actions (createIncident, runPlaybook, the alert and incident "
                "edits, indexes) act on; created and bootstrapped when missing (docs/actions-engine.md)");
}

CLI::App* add_run(CLI::App& app, RunCommand& cmd) {
  CLI::App* r = app.add_subcommand("run", "run a playbook (or a bare algorithm) on one alert or incident");
  r->add_option("--playbook", cmd.playbook, "the playbook file (docs/playbooks.md)");
  r->add_option("--algorithm", cmd.algorithm,
                "instead of --playbook: a bare algorithm document (its scope is --alert's or --incident's)");
  auto* alert = r->add_option("--alert", cmd.alert, "the alert (JSON)");
  r->add_option("--incident", cmd.incident, "the incident (JSON)")->excludes(alert);
  r->add_option("--input", cmd.input, "target objects for .input: {\"observables\": [...], \"assets\": [...]}");
  r->add_option("--state", cmd.state, "save the instance state to this file at every step boundary");
  r->add_option("--pool", cmd.pool, "worker threads of a parallel split or scatter-gather")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  add_run_options(r, cmd);
  return r;
}

CLI::App* add_resume(CLI::App& app, RunCommand& cmd) {
  CLI::App* r = app.add_subcommand("resume", "continue a playbook instance saved by run --state");
  r->add_option("--state", cmd.state, "the saved instance (updated as the run goes on)")->required();
  add_run_options(r, cmd);
  return r;
}

// The engine's runtime (engine/runtime.h), for serve and process.
void add_runtime_options(CLI::App* a, unsigned& workers, double& time_scale, std::string& bindings,
                         std::string& mock) {
  a->add_option("--workers", workers, "playbook instances run at once")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  a->add_option("--time-scale", time_scale,
                "testing aid: every duration (approval timeouts, e-mail delays, run and step timeouts) elapses N "
                "times faster")
      ->check(CLI::Range(0.001, 1e9))
      ->capture_default_str();
  a->add_option("--bindings", bindings, "dry-run (nothing is called) or real")
      ->check(CLI::IsMember({"dry-run", "real"}))
      ->capture_default_str();
  a->add_option("--mock", mock, "dry-run: results per action type (docs/actions.md, Mocks)");
}

// `riposte serve` (api.md, docs/api.md).
CLI::App* add_serve(CLI::App& app, ServeCommand& cmd) {
  CLI::App* s = app.add_subcommand("serve", "serve the HTTP API (docs/api.md) until SIGTERM or SIGINT");
  s->add_option("--db", cmd.db, "the SQLite store file (created when missing)")->required();
  s->add_option("--listen", cmd.listen, "HOST:PORT to listen on (port 0: any free port)")->capture_default_str();
  s->add_option("--config", cmd.config, "a JSON object: connections of the action bindings (actions.md)");
  s->add_option("--max-body", cmd.max_body, "largest request body in bytes (413 beyond)")
      ->check(CLI::Range(uint64_t(1), uint64_t(1) << 40))
      ->capture_default_str();
  s->add_option("--threads", cmd.threads, "worker threads (connections served at once)")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  s->add_option("--sync", cmd.sync, "full (fsync every commit) or normal (fsync at checkpoints)")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  add_runtime_options(s, cmd.workers, cmd.time_scale, cmd.bindings, cmd.mock);
  return s;
}

// `riposte process` (api.md, docs/launch.md).
CLI::App* add_process(CLI::App& app, ProcessCommand& cmd) {
  CLI::App* p = app.add_subcommand("process", "ingest alerts, match, launch and run playbooks on a store; print a summary");
  p->add_option("--alerts", cmd.alerts, "the alerts (JSON Lines)")->required();
  p->add_option("--events", cmd.events, "change events (JSON Lines), line i for alert i; default alertCreated");
  p->add_option("--playbooks", cmd.playbooks, "a folder of playbook files (*.json)")->required();
  p->add_option("--db", cmd.db, "the SQLite store file (created and bootstrapped when missing)")->capture_default_str();
  p->add_option("--sync", cmd.sync, "full (fsync every commit) or normal (fsync at checkpoints)")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  p->add_option("--config", cmd.config, "a JSON object: connections of the action bindings");
  p->add_option("--progress", cmd.progress, "a progress bar on stderr: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  add_runtime_options(p, cmd.workers, cmd.time_scale, cmd.bindings, cmd.mock);
  return p;
}

// `riposte admin bootstrap` (api.md).
CLI::App* add_admin(CLI::App& app, AdminBootstrapCommand& cmd, CLI::App*& bootstrap) {
  CLI::App* a = app.add_subcommand("admin", "administration of a store");
  a->require_subcommand(1);
  bootstrap = a->add_subcommand("bootstrap", "create the root tenant and a Main administrator; print its token once");
  bootstrap->add_option("--db", cmd.db, "the SQLite store file (created when missing)")->required();
  bootstrap->add_option("--sync", cmd.sync, "full or normal")
      ->check(CLI::IsMember({"full", "normal"}))
      ->capture_default_str();
  return a;
}

}  // namespace

static int riposte_main(int argc, char** argv) {
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
    riposte::vm::Budgets b = riposte::triggers::default_trigger_budgets();
    match_cmd.fuel = b.fuel;
    match_cmd.memory = b.memory_bytes;
    match_cmd.max_depth = b.max_depth;
  }
  CLI::App* jq = add_jq(app);
  CLI::App* ir = add_ir(app, ir_cmd);
  CheckCommand check_cmd;
  CLI::App* check = add_check(app, check_cmd);
  CLI::App* match = add_match(app, match_cmd);
  RunCommand run_cmd, resume_cmd;
  CLI::App* run = add_run(app, run_cmd);
  CLI::App* resume = add_resume(app, resume_cmd);
  ServeCommand serve_cmd;
  CLI::App* serve = add_serve(app, serve_cmd);
  ProcessCommand process_cmd;
  CLI::App* process = add_process(app, process_cmd);
  AdminBootstrapCommand bootstrap_cmd;
  CLI::App* bootstrap = nullptr;
  add_admin(app, bootstrap_cmd, bootstrap);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (jq->parsed()) return riposte::tools::run_jq(jq->remaining());
  if (ir->parsed()) {
    if (ir_cmd.stage == "llvm" || ir_cmd.stage == "asm") return riposte::tools::run_ir_native(ir_cmd);
    if (!ir_cmd.triggers.empty() && ir_cmd.stage == "opt") return riposte::tools::run_ir_triggers(ir_cmd);
    if (ir_cmd.filter.empty() && ir_cmd.from_file.empty() && ir_cmd.algorithm.empty()) {
      std::fputs("riposte ir: a filter or --from-file is required\n", stderr);
      return 2;
    }
    return riposte::tools::run_ir(ir_cmd);
  }
  if (match->parsed()) return riposte::tools::run_match(match_cmd);
  if (check->parsed()) return riposte::tools::run_check(check_cmd);
  if (run->parsed()) return riposte::tools::run_run(run_cmd);
  if (resume->parsed()) return riposte::tools::run_resume(resume_cmd);
  if (serve->parsed()) return riposte::tools::run_serve(serve_cmd);
  if (process->parsed()) return riposte::tools::run_process(process_cmd);
  if (bootstrap->parsed()) return riposte::tools::run_admin_bootstrap(bootstrap_cmd);
  return 2;
}

// The whole program runs on a large stack (tools/large_stack.h).
int main(int argc, char** argv) {
  return riposte::tools::run_on_large_stack([&] { return riposte_main(argc, argv); });
}
