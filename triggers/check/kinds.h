// The diagnostics of `riposte check` (cmd_check_kinds.def) and the one
// function that creates them; they are frontend::Diagnostic values, so the
// front end's renderer prints them with the same caret and JSON shape.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string_view>

#include "frontend/diagnostic.h"

namespace riposte::triggers::check {

enum class CheckKind : uint8_t {
#define X(kind, code, severity, format) kind,
#include "triggers/check/kinds.def"
#undef X
};

struct CheckKindInfo {
  std::string_view code;
  frontend::Severity severity;
  std::string_view format;
};

inline const CheckKindInfo& info(CheckKind k) {
  static constexpr CheckKindInfo kInfo[] = {
#define X(kind, code, severity, format) {code, frontend::Severity::severity, format},
#include "triggers/check/kinds.def"
#undef X
  };
  return kInfo[static_cast<size_t>(k)];
}

// A source range: 1-based lines and columns (code points), end inclusive.
struct Span {
  uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
};

template <typename... Args>
frontend::Diagnostic make_check_diagnostic(CheckKind k, Span at, Args&&... args) {
  const CheckKindInfo& i = info(k);
  frontend::Diagnostic d;
  d.severity = i.severity;
  d.code = std::string(i.code);
  d.message = fmt::format(fmt::runtime(i.format), std::forward<Args>(args)...);
  d.line = at.line;
  d.column = at.column;
  d.end_line = at.end_line ? at.end_line : at.line;
  d.end_column = at.end_line ? at.end_column : at.column;
  return d;
}

}  // namespace riposte::triggers::check
