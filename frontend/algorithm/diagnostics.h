// The diagnostics of the algorithm validator: the front end's Diagnostic
// (code, message, line:column range) plus the JSON path of the value.
// Kinds, codes and texts live in one table, diagnostics.def.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "frontend/diagnostic.h"

namespace riposte::frontend::algorithm {

struct AlgorithmDiagnostic {
  Diagnostic diagnostic;
  std::string path;  // "executionFlow[2].split.steps[0].responseAction.function.params.path"; "" = the document
};

enum class AlgoDiag : uint8_t {
#define X(kind, code, severity, format) kind,
#include "frontend/algorithm/diagnostics.def"
#undef X
};

struct AlgoDiagInfo {
  std::string_view code;
  Severity severity;
  std::string_view format;
};
const AlgoDiagInfo& info(AlgoDiag k);

// A diagnostic of kind `k` with its message; the caller fills the range.
template <typename... Args>
AlgorithmDiagnostic make_algorithm_diagnostic(AlgoDiag k, std::string path, Args&&... args) {
  const AlgoDiagInfo& i = info(k);
  AlgorithmDiagnostic d;
  d.diagnostic.severity = i.severity;
  d.diagnostic.code = std::string(i.code);
  d.diagnostic.message = fmt::format(fmt::runtime(i.format), std::forward<Args>(args)...);
  d.path = std::move(path);
  return d;
}

}  // namespace riposte::frontend::algorithm
