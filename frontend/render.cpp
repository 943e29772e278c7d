// Rendering of diagnostics: terminal text with the source line and a
// caret, or one JSON object for tools.  Columns count code points.
#include <fmt/format.h>

#include "frontend/diagnostic.h"
#include "support/json_text.h"

namespace riposte::frontend {
namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// The text of 1-based line `line` of `source`, without its end of line.
std::string_view source_line(std::string_view source, uint32_t line) {
  size_t begin = 0;
  for (uint32_t l = 1; l < line; ++l) {
    size_t nl = source.find('\n', begin);
    if (nl == std::string_view::npos) return {};
    begin = nl + 1;
  }
  size_t end = source.find('\n', begin);
  std::string_view text = source.substr(begin, end == std::string_view::npos ? source.size() - begin : end - begin);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

// Spaces (tabs kept) that put a caret under code point `column` of `text`.
std::string caret_padding(std::string_view text, uint32_t column) {
  std::string pad;
  uint32_t seen = 1;
  for (char c : text) {
    if (seen >= column) break;
    if (is_continuation_byte(c)) continue;
    pad += c == '\t' ? '\t' : ' ';
    ++seen;
  }
  return pad;
}

}  // namespace

std::string render_text(const Diagnostic& d, std::string_view source, std::string_view file) {
  std::string out = fmt::format("{}:{}:{}: {}: {}\n", file, d.line, d.column, severity_name(d.severity), d.message);
  if (d.line == 0) return out;
  std::string_view text = source_line(source, d.line);
  uint32_t width = 1;
  if (d.end_line == d.line && d.end_column > d.column) width = d.end_column - d.column + 1;
  out += "    ";
  out += text;
  out += "\n    ";
  out += caret_padding(text, d.column);
  out += '^';
  out.append(width - 1, '~');
  out += '\n';
  return out;
}

std::string render_json(const Diagnostic& d) {
  std::string out = "{\"severity\":";
  support::append_json_quoted(out, severity_name(d.severity));
  out += ",\"code\":";
  support::append_json_quoted(out, d.code);
  out += ",\"message\":";
  support::append_json_quoted(out, d.message);
  out += fmt::format(",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{}}}", d.line, d.column, d.end_line,
                     d.end_column);
  return out;
}

}  // namespace riposte::frontend
