// The jq inside the document.  Each expression is checked on its own text;
// its diagnostics (lines and columns within the jq) are carried back into
// the document: jq position -> byte in the jq text -> byte in the decoded
// JSON string -> byte in the string as written (escapes!) -> line:column.
#include <fmt/format.h>

#include "frontend/algorithm/checker.h"
#include "frontend/algorithm/string_escapes.h"
#include "frontend/frontend.h"

namespace riposte::frontend::algorithm {
namespace {

// The byte offset of 1-based (line, column-in-code-points) in `text`.
size_t offset_of_position(std::string_view text, uint32_t line, uint32_t column) {
  size_t i = 0;
  for (uint32_t l = 1; l < line && i < text.size(); ++i)
    if (text[i] == '\n') ++l;
  for (uint32_t c = 1; c < column && i < text.size();) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) ++i;
    ++c;
  }
  return i;
}

// The byte after the code point at `offset`.
size_t after_code_point(std::string_view text, size_t offset) {
  size_t i = offset + 1;
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) ++i;
  return std::min(i, text.size() + 1);
}

}  // namespace

void Checker::check_expression(std::string_view jq, const JsonNode& holder, size_t jq_offset,
                               const std::string& path, bool whole) {
  out_.expressions.push_back(AlgorithmExpression{path, std::string(jq), whole});
  std::vector<support::Diagnostic> diags =
      options_.check_expression ? options_.check_expression(jq) : parse(jq, "<expression>").diagnostics;
  std::string_view literal = holder.raw(text_);
  auto to_document = [&](size_t jq_byte) {
    return holder.begin + source_offset_in_literal(literal, jq_offset + jq_byte);
  };
  for (support::Diagnostic& d : diags) {
    d.path = path;
    if (d.span.line == 0) {
      place(d, holder.begin, holder.end);
    } else {
      size_t begin = offset_of_position(jq, d.span.line, d.span.column);
      size_t last = d.span.end_line ? offset_of_position(jq, d.span.end_line, d.span.end_column) : begin;
      // The end of a diagnostic is inclusive: map the last code point's end.
      place(d, to_document(begin), to_document(after_code_point(jq, std::max(begin, last))));
    }
    out_.diagnostics.push_back(std::move(d));
  }
}

Template Checker::check_template(const JsonNode& n, const std::string& path) {
  Template t = parse_template(n.text);
  if (t.error) {
    uint32_t at = n.begin + static_cast<uint32_t>(source_offset_in_literal(n.raw(text_), t.error->offset));
    report(diag::Template, path, at, n.end - 1, t.error->message);
    t.parts.clear();
    return t;
  }
  for (const TemplatePart& p : t.parts)
    if (p.is_expression) check_expression(p.text, n, p.offset, path, t.is_whole_expression());
  return t;
}

bool Checker::is_dynamic(const JsonNode& n, const std::string& path) {
  if (!n.is(JsonKind::String)) return false;
  Template t = check_template(n, path);
  return t.is_whole_expression() || (t.parts.empty() && !n.text.empty());  // a broken template: already reported
}

void Checker::check_jq_field(const JsonNode& n, const std::string& path) {
  if (!check_non_empty_string(n, path)) return;
  Template t = parse_template(n.text);
  if (t.is_whole_expression()) {
    check_expression(t.parts[0].text, n, t.parts[0].offset, path, true);
    return;
  }
  check_expression(n.text, n, 0, path, true);
}

}  // namespace riposte::frontend::algorithm
