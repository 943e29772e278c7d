// What every engine operation answers: its result, or a Problem that says
// what was wrong and where.  Errors are values: the HTTP layer renders a
// Problem as application/problem+json (RFC 9457) with its status, the CLI
// as text; nothing below throws for a caller's mistake.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "support/diagnostics.h"

namespace riposte::engine {

struct Problem {
  int status = 400;    // 400 malformed, 401, 403, 404, 409 conflict, 413, 422 invalid, 503 store
  std::string title;   // the same for every problem of its kind: "Invalid playbook"
  std::string detail;  // this occurrence: "name: 256 characters, at most 255"
  // Diagnostics of a trigger or an algorithm, each with its JSON path
  // ("trigger", "algorithm.executionFlow[0]") and line:column in that text.
  std::vector<support::Diagnostic> errors;
};

Problem not_found(std::string_view what);        // 404 "Not found"
Problem forbidden(std::string_view what);        // 403 "Forbidden"
Problem invalid(std::string detail);             // 422 "Invalid request"
Problem bad_request(std::string detail);         // 400 "Bad request"
Problem conflict(std::string detail);            // 409 "Conflict"
Problem unauthorized();                          // 401 "Unauthorized"
// 400 "Malformed JSON" with one json-syntax diagnostic at line:column.
Problem malformed_json(std::string detail, uint32_t line, uint32_t column, std::string message);

template <class T>
class Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Outcome(Problem problem) : v_(std::move(problem)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  Problem& problem() { return std::get<1>(v_); }
  const Problem& problem() const { return std::get<1>(v_); }

 private:
  std::variant<T, Problem> v_;
};

}  // namespace riposte::engine
