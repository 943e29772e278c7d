// Playbook algorithms through the pipeline: the document is validated
// (frontend/algorithm/), and every `${...}` expression compiled in the
// algorithm environment (compiler/environment.h), verified and optimised,
// into the step graph the orchestrator runs.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "frontend/algorithm/checker.h"
#include "ir/algorithm/step_graph.h"

namespace riposte::compiler {

struct AlgorithmResult {
  std::unique_ptr<ir::algorithm::Algorithm> algorithm;  // null on errors
  std::string rendered_diagnostics;                     // terminal text of the errors
  bool ok() const { return algorithm != nullptr; }
};

// The checks an algorithm's expressions get: jq diagnostics in the
// algorithm environment.
frontend::algorithm::CheckOptions algorithm_check_options();

// Validates and compiles `text` (named `file` in diagnostics).
AlgorithmResult compile_algorithm(std::string_view text, std::string_view file);

}  // namespace riposte::compiler
