// The builder of the step graph (ir/algorithm/step_graph.h) from an
// algorithm document: validation first (check_algorithm: any error stops
// the build), then each `${ jq }` compiled through the caller's callback and
// each step turned into a graph node carrying its JSON path.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "frontend/algorithm/algorithm.h"
#include "ir/algorithm/step_graph.h"

namespace riposte::frontend::algorithm {

// Lowers (and optimises) one jq program; null with diagnostics on failure.
using CompileExpression =
    std::function<std::unique_ptr<ir::Module>(std::string_view jq, std::vector<support::Diagnostic>& diags)>;

struct BuildResult {
  std::unique_ptr<ir::algorithm::Algorithm> algorithm;  // null when there are errors
  std::vector<support::Diagnostic> diagnostics;
  bool ok() const { return algorithm != nullptr; }
};

BuildResult build_algorithm(std::string_view text, const CheckOptions& check, const CompileExpression& compile);

}  // namespace riposte::frontend::algorithm
