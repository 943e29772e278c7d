// Source ranges from IR locations (see span.h).  Columns count
// code points, as the parser's do.
#include "triggers/check/span.h"
#include "support/line_index.h"
#include "support/utf8.h"

#include <algorithm>
#include <string>

namespace riposte::triggers::check {
namespace {

// Byte offset of code-point column `column` (1-based) in `text`.
size_t offset_of(std::string_view text, uint32_t column) {
  uint32_t col = 1;
  size_t i = 0;
  while (i < text.size() && col < column) {
    ++i;
    while (i < text.size() && support::is_continuation_byte(text[i])) ++i;
    ++col;
  }
  return i;
}

// Code-point column (1-based) of byte offset `offset` in `text`.
uint32_t column_of(std::string_view text, size_t offset) {
  uint32_t col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (!support::is_continuation_byte(text[i])) ++col;
  return col;
}

support::Span on_line(std::string_view text, uint32_t line, size_t from, size_t to) {
  return support::Span{line, column_of(text, from), line, column_of(text, to)};
}

// Offset of the quote closing the string literal that opens at `open`.
size_t closing_quote(std::string_view text, size_t open) {
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i;
  }
  return open;
}

// Offset of the bracket closing the one at `open` on the same line
// (strings skipped), or `open` when it closes on a later line.
size_t closing_bracket(std::string_view text, size_t open) {
  int depth = 0;
  for (size_t i = open; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') i = closing_quote(text, i);
    else if (c == '[' || c == '{' || c == '(') ++depth;
    else if ((c == ']' || c == '}' || c == ')') && --depth == 0) return i;
  }
  return open;
}

bool is_word(char c) {
  return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The leftmost location in a subtree (the start of `.a.b[]` is its `.`).
ir::Loc leftmost(const ir::Node& n, ir::Loc best) {
  if (n.loc.line && (!best.line || n.loc.line < best.line || (n.loc.line == best.line && n.loc.column < best.column)))
    best = n.loc;
  for (const ir::NodePtr& k : n.kids)
    if (k) best = leftmost(*k, best);
  return best;
}

support::Span point(ir::Loc loc) { return support::Span{loc.line, loc.column, loc.line, loc.column}; }

}  // namespace

support::Span key_span(std::string_view source, ir::Loc loc, std::string_view name) {
  std::string_view text = support::source_line(source, loc.line);
  size_t at = offset_of(text, loc.column);
  if (at >= text.size()) return point(loc);
  if (text[at] == '.' && text.substr(at + 1).starts_with(name) && !name.empty())
    return on_line(text, loc.line, at + 1, at + name.size());
  if (text[at] == '"') return on_line(text, loc.line, at, closing_quote(text, at));
  return point(loc);
}

support::Span witness_span(std::string_view source, const ir::Node& witness) {
  ir::Loc loc = witness.loc;
  std::string_view text = support::source_line(source, loc.line);
  size_t at = offset_of(text, loc.column);
  if (at >= text.size()) return point(loc);
  switch (witness.kind) {
    case ir::NodeKind::Iterate: {
      // From the start of what is iterated to the `]` of `[]`.
      ir::Loc start = witness.kids.empty() ? loc : leftmost(*witness.kids[0], loc);
      size_t close = text.find(']', at);
      if (start.line != loc.line || close == std::string_view::npos) return point(loc);
      return on_line(text, loc.line, offset_of(text, start.column), close);
    }
    case ir::NodeKind::CallFunc:
    case ir::NodeKind::CallNative: {
      size_t end = at;
      while (end + 1 < text.size() && is_word(text[end + 1])) ++end;
      if (text[at] == '.' && end + 1 < text.size() && text[end + 1] == '.') ++end;  // `..`
      return on_line(text, loc.line, at, end);
    }
    default: return point(loc);
  }
}

support::Span result_span(std::string_view source, const ir::Node& main) {
  const ir::Node* n = &main;
  while (true) {
    if ((n->kind == ir::NodeKind::Pipe || n->kind == ir::NodeKind::Bind) && n->kids.size() == 2) n = n->kids[1].get();
    else if (n->kind == ir::NodeKind::FuncDefs && !n->kids.empty()) n = n->kids[0].get();
    else break;
  }
  std::string_view text = support::source_line(source, n->loc.line);
  size_t at = offset_of(text, n->loc.column);
  if (at < text.size() && (text[at] == '[' || text[at] == '{')) return on_line(text, n->loc.line, at, closing_bracket(text, at));
  if (at < text.size() && text[at] == '"') return on_line(text, n->loc.line, at, closing_quote(text, at));
  return point(n->loc);
}

}  // namespace riposte::triggers::check
