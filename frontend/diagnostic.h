// Diagnostics as values: a kind declared once, a severity, a source range
// and a message.  Rendered in one place (render.cpp): terminal text with the
// source line and a caret, or JSON for tools.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riposte::frontend {

enum class Severity : uint8_t { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;     // stable identifier, e.g. "syntax", "unknown-function"
  std::string message;  // e.g. "unexpected token ')', expected a term"
  uint32_t line = 0, column = 0;          // 1-based start
  uint32_t end_line = 0, end_column = 0;  // 1-based, inclusive end
};

// "file:3:7: error: message\n  <source line>\n      ^~~~\n"
std::string render_text(const Diagnostic& d, std::string_view source, std::string_view file);
// {"severity":"error","code":...,"message":...,"line":..,"column":..,"end_line":..,"end_column":..}
std::string render_json(const Diagnostic& d);

}  // namespace riposte::frontend
