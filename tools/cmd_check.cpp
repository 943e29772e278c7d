// `riposte check --scope alert|incident (TRIGGER | --file F) [--format text|json]`
// and `riposte check --algorithm FILE`: diagnostics; exit 0 when there is
// no error (warnings allowed), 1 when there is one, 2 on usage errors.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "triggers/check/check_trigger.h"
#include "tools/commands.h"
#include "compiler/pipeline.h"

namespace riposte::tools {
namespace {

constexpr int kCheckOk = 0, kCheckErrors = 1, kCheckUsage = 2;

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "riposte check: could not open {}: {}\n", path, std::strerror(errno));
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

// Algorithm validation lives with the algorithm loader (frontend/algorithm,
// tools/cmd_check_algorithm.cpp); `check` only dispatches to it.
int check_algorithm(const CheckCommand& cmd) { return run_check_algorithm(cmd.algorithm, cmd.format); }

}  // namespace

int run_check(const CheckCommand& cmd) {
  if (!cmd.algorithm.empty()) return check_algorithm(cmd);
  std::optional<triggers::Scope> scope = triggers::parse_scope(cmd.scope);
  if (!scope) {
    std::fputs("riposte check: --scope alert|incident is required (or --algorithm FILE)\n", stderr);
    return kCheckUsage;
  }
  if (cmd.trigger.empty() == cmd.file.empty()) {
    std::fputs("riposte check: give either a TRIGGER or --file F\n", stderr);
    return kCheckUsage;
  }
  std::string text = cmd.trigger, name = "<trigger>";
  if (!cmd.file.empty()) {
    if (!read_file(cmd.file, text)) return kCheckUsage;
    name = cmd.file;
  }
  std::vector<support::Diagnostic> diags = triggers::check::check_trigger(text, *scope, name);
  std::string out = cmd.format == "json" ? support::render_json_array(diags) : support::render_text(diags, text, name);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return triggers::check::has_errors(diags) ? kCheckErrors : kCheckOk;
}

}  // namespace riposte::tools
