// The playbook algorithm (spec/algorithm.md): loading and validation.
// `check_algorithm` reads the JSON document, checks every rule the spec
// fixes and every `${ jq }` expression, and reports ALL problems with the
// JSON path of the value and its line and column in the document.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/algorithm/json_tree.h"
#include "support/diagnostics.h"

namespace riposte::frontend::algorithm {

// Checks one jq program; its diagnostics are relative to the jq text.
// The default (null) only parses; the tools pass one that also lowers with
// the standard library and the global functions `alert` and `incident`.
using ExpressionChecker = std::function<std::vector<support::Diagnostic>(std::string_view jq)>;

struct CheckOptions {
  ExpressionChecker check_expression;
};

// One jq expression of the document, as later stages compile it.
struct AlgorithmExpression {
  std::string path;  // JSON path of the string that holds it
  std::string jq;
  bool whole = false;  // the string is `${...}` alone (or a jq-only field)
};

struct CheckResult {
  bool json_ok = false;  // false: one json-syntax diagnostic, `root` is empty
  JsonNode root;
  std::vector<support::Diagnostic> diagnostics;  // in document order
  std::vector<AlgorithmExpression> expressions;
  bool ok() const;  // no errors (warnings allowed)
};

CheckResult check_algorithm(std::string_view text, const CheckOptions& options = {});

// Every diagnostic has a JSON path (`path`, "" = the document); the one
// renderer (support/diagnostic_render.h) shows it: text with the JSON line
// and a caret ("file:3:7: error: PATH: message"), or a JSON array of
// {severity, code, message, path, line, column, end_line, end_column}.

}  // namespace riposte::frontend::algorithm
