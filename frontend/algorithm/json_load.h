// Loading a JSON document into a JsonNode tree with positions (simdjson
// On-Demand underneath).  Malformed JSON is one error with its offset.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "frontend/algorithm/json_tree.h"

namespace riposte::frontend::algorithm {

struct JsonError {
  std::string message;  // e.g. "expected ',' or '}'"
  size_t offset = 0;    // byte offset of the offending text
};

struct JsonLoad {
  JsonNode root;
  std::optional<JsonError> error;  // set: `root` is meaningless
};

// Duplicate keys are kept (in order) for the validator to report.
JsonLoad load_json(std::string_view text);

}  // namespace riposte::frontend::algorithm
