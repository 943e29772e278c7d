// The entry point: load, validate, order the diagnostics by position.
#include <algorithm>

#include "frontend/algorithm/checker.h"
#include "frontend/algorithm/json_load.h"

namespace riposte::frontend::algorithm {

bool CheckResult::ok() const {
  return std::none_of(diagnostics.begin(), diagnostics.end(),
                      [](const support::Diagnostic& d) { return d.severity == support::Severity::Error; });
}

CheckResult check_algorithm(std::string_view text, const CheckOptions& options) {
  CheckResult out;
  JsonLoad loaded = load_json(text);
  Checker checker(text, options, out);
  if (loaded.error) {
    checker.report(diag::JsonSyntax, "", static_cast<uint32_t>(loaded.error->offset),
                   static_cast<uint32_t>(loaded.error->offset + 1), loaded.error->message);
    return out;
  }
  out.json_ok = true;
  out.root = std::move(loaded.root);
  checker.check_document(out.root);
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(),
                   [](const support::Diagnostic& a, const support::Diagnostic& b) {
                     return std::tie(a.span.line, a.span.column) < std::tie(b.span.line, b.span.column);
                   });
  return out;
}

}  // namespace riposte::frontend::algorithm
