// Algorithm text -> step graph with every expression lowered (standard
// library, `alert`, `incident`), verified and optimised.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "frontend/algorithm/build_graph.h"
#include "tools/cmd_run.h"
#include "tools/driver.h"
#include "vm/orchestrator/evaluator.h"

namespace riposte::tools {
namespace {

namespace algo = frontend::algorithm;

frontend::LowerOptions algorithm_lower_options() {
  frontend::LowerOptions opt = lower_options({});
  opt.global_functions = {{"alert", orchestrator::kAlertGlobal}, {"incident", orchestrator::kIncidentGlobal}};
  return opt;
}

std::unique_ptr<ir::Module> compile_expression(std::string_view jq, std::vector<frontend::Diagnostic>& diags) {
  frontend::LowerResult lowered = frontend::compile_to_ir(jq, algorithm_lower_options(), "<expression>");
  diags = std::move(lowered.diagnostics);
  if (!lowered.module) return nullptr;
  if (auto problems = verify_module(*lowered.module); !problems.empty()) {
    diags = std::move(problems);
    return nullptr;
  }
  optimize_module(*lowered.module, nullptr);
  return std::move(lowered.module);
}

std::vector<frontend::Diagnostic> check_expression(std::string_view jq) {
  return frontend::compile_to_ir(jq, algorithm_lower_options(), "<expression>").diagnostics;
}

}  // namespace

bool read_text_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "riposte: error: could not open {}: {}\n", path, std::strerror(errno));
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

std::unique_ptr<ir::algorithm::Algorithm> compile_algorithm_text(const std::string& text, const std::string& file) {
  algo::CheckOptions check;
  check.check_expression = check_expression;
  algo::BuildResult built = algo::build_algorithm(text, check, compile_expression);
  if (!built.ok()) {
    std::string rendered = algo::render_text(built.diagnostics, text, file);
    std::fwrite(rendered.data(), 1, rendered.size(), stderr);
  }
  return std::move(built.algorithm);
}

}  // namespace riposte::tools
