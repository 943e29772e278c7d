// The kinds of diagnostics the front end emits (diagnostic_kinds.def) and
// the one function that creates them, so that codes, severities and texts
// live in a single table.
#pragma once

#include <fmt/format.h>

#include <string_view>

#include "frontend/ast.h"
#include "frontend/diagnostic.h"

namespace riposte::frontend {

enum class DiagKind : uint8_t {
#define X(kind, code, severity, format) kind,
#include "frontend/diagnostic_kinds.def"
#undef X
};

struct DiagInfo {
  std::string_view code;
  Severity severity;
  std::string_view format;
};
const DiagInfo& info(DiagKind k);

// A diagnostic of kind `k` spanning [begin, end] (end inclusive; an
// unknown end means the single character at `begin`).
template <typename... Args>
Diagnostic make_diagnostic(DiagKind k, SourceLoc begin, SourceLoc end, Args&&... args) {
  const DiagInfo& i = info(k);
  Diagnostic d;
  d.severity = i.severity;
  d.code = std::string(i.code);
  d.message = fmt::format(fmt::runtime(i.format), std::forward<Args>(args)...);
  d.line = begin.line;
  d.column = begin.column;
  d.end_line = end.line ? end.line : begin.line;
  d.end_column = end.line ? end.column : begin.column;
  return d;
}

}  // namespace riposte::frontend
