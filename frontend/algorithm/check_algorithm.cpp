// The entry point: load, validate, order the diagnostics by position.
#include <algorithm>

#include "frontend/algorithm/checker.h"
#include "frontend/algorithm/json_load.h"

namespace riposte::frontend::algorithm {

bool CheckResult::ok() const {
  return std::none_of(diagnostics.begin(), diagnostics.end(),
                      [](const AlgorithmDiagnostic& d) { return d.diagnostic.severity == Severity::Error; });
}

CheckResult check_algorithm(std::string_view text, const CheckOptions& options) {
  CheckResult out;
  JsonLoad loaded = load_json(text);
  Checker checker(text, options, out);
  if (loaded.error) {
    checker.report(AlgoDiag::JsonSyntax, "", static_cast<uint32_t>(loaded.error->offset),
                   static_cast<uint32_t>(loaded.error->offset + 1), loaded.error->message);
    return out;
  }
  out.json_ok = true;
  out.root = std::move(loaded.root);
  checker.check_document(out.root);
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(),
                   [](const AlgorithmDiagnostic& a, const AlgorithmDiagnostic& b) {
                     return std::tie(a.diagnostic.line, a.diagnostic.column) <
                            std::tie(b.diagnostic.line, b.diagnostic.column);
                   });
  return out;
}

}  // namespace riposte::frontend::algorithm
