#include "engine/outcome.h"

#include <string>

namespace riposte::engine {

Problem not_found(std::string_view what) {
  return Problem{404, "Not found", std::string(what) + " not found", {}};
}

Problem forbidden(std::string_view what) {
  return Problem{403, "Forbidden", std::string(what), {}};
}

Problem invalid(std::string detail) {
  return Problem{422, "Invalid request", std::move(detail), {}};
}

Problem bad_request(std::string detail) {
  return Problem{400, "Bad request", std::move(detail), {}};
}

Problem conflict(std::string detail) {
  return Problem{409, "Conflict", std::move(detail), {}};
}

Problem unauthorized() {
  return Problem{401, "Unauthorized", "a valid bearer token is required", {}};
}

Problem malformed_json(std::string detail, uint32_t line, uint32_t column, std::string message) {
  support::Diagnostic d =
      support::emit(support::diag::JsonSyntax, support::Span::at(support::Position{line, column}), std::move(message));
  d.path = "";
  return Problem{400, "Malformed JSON", std::move(detail), {std::move(d)}};
}

}  // namespace riposte::engine
