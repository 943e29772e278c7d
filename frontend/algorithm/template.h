// The `${ jq }` notation of algorithm strings (algorithm.md, "Expressions"):
// a string that is one `${...}` and nothing else yields the jq's value; a
// string with `${...}` among other text is an interpolation; `$${` is a
// literal `${`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace riposte::frontend::algorithm {

struct TemplatePart {
  bool is_expression = false;
  std::string text;   // literal text (with `$${` already turned into `${`), or the jq source
  size_t offset = 0;  // where `text` starts in the decoded string (jq: after `${`)
};

struct TemplateError {
  std::string message;
  size_t offset = 0;  // in the decoded string
};

struct Template {
  std::vector<TemplatePart> parts;
  std::optional<TemplateError> error;
  // One expression and no other text: the value is the jq's value, any type.
  bool is_whole_expression() const { return parts.size() == 1 && parts[0].is_expression; }
  bool has_expressions() const;
};

Template parse_template(std::string_view s);

}  // namespace riposte::frontend::algorithm
