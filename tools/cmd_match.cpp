// `riposte match`: compile the triggers once, then match the alert stream
// (triggers/match_run.h).  Exit status: 0 when the run completed (malformed
// alert lines are reported on stderr and counted, the run goes on), 2 when
// the triggers file or an input file cannot be used.
#include <cstdio>
#include <string>

#include "jit/native.h"
#include "tools/commands.h"
#include "triggers/match_run.h"
#include "triggers/trigger_file.h"
#include "triggers/trigger_set.h"

namespace riposte::tools {

int run_match(const MatchCommand& cmd) {
  using namespace riposte::triggers;
  std::string err;
  std::vector<TriggerSpec> specs;
  Scope scope = parse_scope(cmd.scope).value_or(Scope::Alert);
  if (!read_trigger_file(cmd.triggers, scope, specs, err)) {
    std::fprintf(stderr, "riposte match: %s\n", err.c_str());
    return 2;
  }
  vm::Budgets budgets;
  budgets.fuel = cmd.fuel;
  budgets.memory_bytes = cmd.memory;
  budgets.max_depth = cmd.max_depth;
  // --engine jit|auto asks for native code: a JIT that cannot be loaded
  // is the installation's fault, said once, not a silent fall-back.
  if (cmd.engine != "vm" && !jit::backend(&err)) {
    std::fprintf(stderr, "riposte match: --engine %s: %s\n", cmd.engine.c_str(), err.c_str());
    return 2;
  }
  TriggerSet set(std::move(specs), budgets);
  // --engine: which tier runs each trigger's own program (docs/jit.md).
  set.set_engine(cmd.engine == "jit"    ? jit::Tier::Jit
                 : cmd.engine == "auto" ? jit::Tier::Auto
                                        : jit::Tier::Vm);
  MatchOptions opt;
  opt.alerts_path = cmd.alerts;
  opt.events_path = cmd.events;
  opt.output = cmd.output == "count" ? MatchOutput::Count : MatchOutput::Results;
  opt.threads = cmd.threads;
  opt.project_input = !cmd.whole_input;
  opt.profile = cmd.profile;
  MatchSummary summary;
  if (!match_stream(set, opt, stdout, stderr, summary, err)) {
    std::fprintf(stderr, "riposte match: %s\n", err.c_str());
    return 2;
  }
  if (opt.output == MatchOutput::Count)
    std::printf("%s\n", summary_json(summary).c_str());
  else if (opt.profile)
    std::fprintf(stderr, "%s\n", summary_json(summary).c_str());
  if (summary.malformed) {
    std::fprintf(stderr, "riposte match: %llu malformed line(s) skipped\n",
                 static_cast<unsigned long long>(summary.malformed));
  }
  return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace riposte::tools
