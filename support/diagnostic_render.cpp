// Rendering of diagnostics: terminal text with the source line and a caret,
// JSON for tools, problem+json for the HTTP API.  Columns count code points.
#include "support/diagnostic_render.h"

#include <fmt/format.h>

#include "support/json_text.h"
#include "support/line_index.h"
#include "support/utf8.h"

namespace riposte::support {
namespace {

// The text of 1-based line `line` of `source`, without its end of line.
std::string_view line_without_eol(std::string_view source, uint32_t line) {
  std::string_view text = source_line(source, line);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

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

void append_span(std::string& out, const Span& s) {
  out += fmt::format("\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{}", s.line, s.column,
                     s.end_line, s.end_column);
}

std::string count_of(size_t n, std::string_view what) {
  return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
}

}  // namespace

std::string render_text(const Diagnostic& d, std::string_view source, std::string_view file) {
  const Span& s = d.span;
  std::string out = fmt::format("{}:{}:{}: {}: ", file, s.line, s.column, severity_name(d.severity));
  if (d.path && !d.path->empty()) out += *d.path + ": ";
  out += d.message;
  out += '\n';
  if (s.line == 0) return out;
  std::string_view text = line_without_eol(source, s.line);
  uint32_t width = 1;
  if (s.end_line == s.line && s.end_column > s.column) width = s.end_column - s.column + 1;
  out += "    ";
  out += text;
  out += "\n    ";
  out += caret_padding(text, s.column);
  out += '^';
  out.append(width - 1, '~');
  out += '\n';
  return out;
}

std::string render_text(std::span<const Diagnostic> diags, std::string_view source, std::string_view file) {
  std::string out;
  for (const Diagnostic& d : diags) out += render_text(d, source, file);
  return out;
}

std::string render_json(const Diagnostic& d) {
  std::string out = "{\"severity\":";
  append_json_quoted(out, severity_name(d.severity));
  out += ",\"code\":";
  append_json_quoted(out, d.code);
  out += ",\"message\":";
  append_json_quoted(out, d.message);
  if (d.path) {
    out += ",\"path\":";
    append_json_quoted(out, *d.path);
  }
  out += ',';
  append_span(out, d.span);
  out += '}';
  return out;
}

std::string render_json_array(std::span<const Diagnostic> diags) {
  if (diags.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < diags.size(); ++i) {
    out += "  " + render_json(diags[i]);
    out += i + 1 < diags.size() ? ",\n" : "\n";
  }
  return out + "]\n";
}

std::string render_problem_json(const Problem& p, std::span<const Diagnostic> diags) {
  std::string detail = p.detail;
  if (detail.empty()) {
    size_t errors = 0, warnings = 0, notes = 0;
    for (const Diagnostic& d : diags) {
      if (d.severity == Severity::Error)
        ++errors;
      else if (d.severity == Severity::Warning)
        ++warnings;
      else
        ++notes;
    }
    detail = count_of(errors, "error");
    if (warnings) detail += ", " + count_of(warnings, "warning");
    if (notes) detail += ", " + count_of(notes, "note");
  }
  std::string out = "{\"type\":";
  append_json_quoted(out, p.type);
  out += ",\"title\":";
  append_json_quoted(out, p.title);
  out += fmt::format(",\"status\":{},\"detail\":", p.status);
  append_json_quoted(out, detail);
  out += ",\"errors\":[";
  for (size_t i = 0; i < diags.size(); ++i) {
    const Diagnostic& d = diags[i];
    if (i) out += ',';
    out += "{\"code\":";
    append_json_quoted(out, d.code);
    out += ",\"severity\":";
    append_json_quoted(out, severity_name(d.severity));
    out += ",\"message\":";
    append_json_quoted(out, d.message);
    out += ',';
    append_span(out, d.span);
    if (d.path) {
      out += ",\"path\":";
      append_json_quoted(out, *d.path);
    }
    out += '}';
  }
  return out + "]}";
}

}  // namespace riposte::support
