// The end of an expression is the `}` that balances its `${`.  jq text may
// itself contain braces (object construction), strings with `}` in them
// and string interpolation `\(...)`, so the scan follows jq's lexical
// structure: a stack of what is open (brace, paren, string) and comments.
#include "frontend/algorithm/template.h"

namespace riposte::frontend::algorithm {
namespace {

// Offset just past the `}` closing the expression that starts at `i`
// (just after `${`), or npos.
size_t expression_end(std::string_view s, size_t i) {
  std::vector<char> open{'{'};  // '{', '(', '"' (inside a jq string)
  while (i < s.size()) {
    char c = s[i];
    if (open.back() == '"') {
      if (c == '\\' && i + 1 < s.size() && s[i + 1] == '(') {
        open.push_back('(');
        i += 2;
        continue;
      }
      if (c == '\\') ++i;
      else if (c == '"') open.pop_back();
      ++i;
      continue;
    }
    switch (c) {
      case '"': open.push_back('"'); break;
      case '{': open.push_back('{'); break;
      case '(': open.push_back('('); break;
      case '#':
        while (i < s.size() && s[i] != '\n') ++i;
        continue;
      case '}':
      case ')':
        if (open.back() != (c == '}' ? '{' : '(')) break;  // unbalanced: leave it to the jq parser
        open.pop_back();
        if (open.empty()) return i + 1;
        break;
      default: break;
    }
    ++i;
  }
  return std::string_view::npos;
}

void add_literal(Template& t, std::string_view text, size_t offset) {
  if (text.empty()) return;
  if (!t.parts.empty() && !t.parts.back().is_expression) {
    t.parts.back().text += text;
    return;
  }
  t.parts.push_back(TemplatePart{false, std::string(text), offset});
}

}  // namespace

bool Template::has_expressions() const {
  for (const TemplatePart& p : parts)
    if (p.is_expression) return true;
  return false;
}

Template parse_template(std::string_view s) {
  Template t;
  size_t i = 0, literal_start = 0;
  while (i < s.size()) {
    if (s.compare(i, 3, "$${") == 0) {  // escaped: a literal "${"
      add_literal(t, s.substr(literal_start, i - literal_start), literal_start);
      add_literal(t, "${", i);
      i += 3;
      literal_start = i;
      continue;
    }
    if (s.compare(i, 2, "${") != 0) {
      ++i;
      continue;
    }
    add_literal(t, s.substr(literal_start, i - literal_start), literal_start);
    size_t end = expression_end(s, i + 2);
    if (end == std::string_view::npos) {
      t.error = TemplateError{"unterminated ${ expression: no matching }", i};
      return t;
    }
    std::string_view jq = s.substr(i + 2, end - 1 - (i + 2));
    if (jq.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      t.error = TemplateError{"empty ${} expression", i};
      return t;
    }
    t.parts.push_back(TemplatePart{true, std::string(jq), i + 2});
    i = literal_start = end;
  }
  add_literal(t, s.substr(literal_start), literal_start);
  return t;
}

}  // namespace riposte::frontend::algorithm
