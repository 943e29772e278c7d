// The static checks of a trigger (../shared/spec/triggers.md, "Static
// checks"): what `riposte check --scope` prints, and what the API runs on
// every save.  Errors block saving; warnings are shown.
#pragma once

#include <string_view>
#include <vector>

#include "triggers/trigger_env.h"
#include "support/diagnostics.h"

namespace riposte::triggers::check {

// Diagnostics of `text` as a trigger of `scope`, sorted by position:
// syntax errors and unknown functions (the front end's), then, when it
// compiles, unknown fields, heavy fields, cardinality and non-boolean
// results.  `file` names the source in the front end's diagnostics.
std::vector<support::Diagnostic> check_trigger(std::string_view text, Scope scope,
                                                std::string_view file = "<trigger>");

bool has_errors(const std::vector<support::Diagnostic>& diags);

}  // namespace riposte::triggers::check
