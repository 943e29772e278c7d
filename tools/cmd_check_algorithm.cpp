// `riposte check --algorithm FILE [--format text|json]`: every problem of a
// playbook algorithm, with its JSON path, line and column.  The jq inside
// `${...}` is lowered in the algorithm environment (compiler/environment.h),
// so an unknown or forbidden function is an error here too.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "compiler/algorithm.h"
#include "frontend/algorithm/algorithm.h"
#include "support/diagnostic_render.h"
#include "tools/commands.h"

namespace riposte::tools {
namespace {

namespace algo = frontend::algorithm;

void print(const std::string& text, FILE* to) { std::fwrite(text.data(), 1, text.size(), to); }

}  // namespace

int run_check_algorithm(const std::string& path, const std::string& format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "riposte: error: could not open {}: {}\n", path, std::strerror(errno));
    return 2;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  algo::CheckResult result = algo::check_algorithm(text, compiler::algorithm_check_options());
  if (format == "json") print(support::render_json_array(result.diagnostics), stdout);
  else print(support::render_text(result.diagnostics, text, path), stdout);
  std::fflush(stdout);
  return result.ok() ? 0 : 1;
}

}  // namespace riposte::tools
