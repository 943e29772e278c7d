// `riposte ir --triggers T.jsonl [--stage opt]`: the trigger set as the
// engine runs it, after the cross-trigger passes (ir/triggers/plan.h), and
// the parts of an alert the set reads (ir/analysis/input_projection.h).
#include <cstdio>
#include <string>
#include <vector>

#include "triggers/trigger_file.h"
#include "triggers/trigger_set.h"
#include "ir/triggers/plan.h"
#include "tools/commands.h"

namespace riposte::tools {

int run_ir_triggers(const IrCommand& cmd) {
  using namespace riposte::triggers;
  std::string err;
  std::vector<TriggerSpec> specs;
  if (!read_trigger_file(cmd.triggers, parse_scope(cmd.scope).value_or(Scope::Alert), specs, err)) {
    std::fprintf(stderr, "riposte ir: %s\n", err.c_str());
    return 2;
  }
  std::vector<std::string> ids;
  for (const TriggerSpec& s : specs) ids.push_back(s.id);
  TriggerSet set(std::move(specs));
  std::string text = ir::triggers::print(set.plan(), ids);
  // What `riposte match` builds of each alert (docs/triggers.md).
  text += "input projection: " + ir::analysis::to_string(set.input_projection()) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace riposte::tools
