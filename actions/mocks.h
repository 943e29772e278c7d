// The mocks of dry-run mode (riposte run --mock MOCKS.json): per action
// type, what a call answers instead of {"dryRun": true}.  Format and rules
// in docs/actions.md, "Mocks".
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "actions/binding.h"

namespace riposte::actions {

struct Mocks {
  std::map<std::string, std::string, std::less<>> by_type;  // type -> the mock's JSON text
  std::string error;  // "" when the text is a valid mocks object
};

// Reads and checks a mocks object: every key a known action type, a
// `$perAsset` mock only for asset actions and alone in its object.
Mocks parse_mocks(std::string_view json);

// The outcome a mock gives for a call on `asset`: an `error` member fails
// the call with that message, a `warning` member makes it a warning (the
// mock is the result in both cases), anything else is the result.
Outcome mock_outcome(std::string_view mock_json, const std::optional<std::string>& asset);

}  // namespace riposte::actions
