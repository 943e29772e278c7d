// Algorithm text -> step graph with every expression lowered in the
// algorithm environment, verified and optimised.
#include "compiler/algorithm.h"

#include "compiler/pipeline.h"
#include "frontend/algorithm/build_graph.h"
#include "support/diagnostic_render.h"

namespace riposte::compiler {
namespace {

namespace algo = frontend::algorithm;

frontend::LowerOptions algorithm_lower_options() {
  return lower_options(Environment::Algorithm);
}

std::unique_ptr<ir::Module> compile_expression(std::string_view jq,
                                               std::vector<support::Diagnostic>& diags) {
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

std::vector<support::Diagnostic> check_expression(std::string_view jq) {
  return frontend::compile_to_ir(jq, algorithm_lower_options(), "<expression>").diagnostics;
}

}  // namespace

algo::CheckOptions algorithm_check_options() {
  algo::CheckOptions check;
  check.check_expression = check_expression;
  return check;
}

AlgorithmResult compile_algorithm(std::string_view text, std::string_view file) {
  algo::BuildResult built = algo::build_algorithm(text, algorithm_check_options(), compile_expression);
  AlgorithmResult out;
  if (!built.ok()) out.rendered_diagnostics = support::render_text(built.diagnostics, text, file);
  out.algorithm = std::move(built.algorithm);
  return out;
}

}  // namespace riposte::compiler
