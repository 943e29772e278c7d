// Reading a triggers file (JSON Lines: {"id": "...", "trigger": "<jq>",
// "scope": "alert"|"incident"}), as `riposte match --triggers` takes it.
#pragma once

#include <string>
#include <vector>

#include "triggers/trigger_set.h"

namespace riposte::triggers {

// Appends the triggers of `path` to `out`; blank lines are skipped.  A line
// without "scope" takes `default_scope`.  On a malformed line (not JSON, not
// an object, no string "trigger", no "id", unknown scope) returns false with
// `err` naming the file and the 1-based line.
bool read_trigger_file(const std::string& path, Scope default_scope, std::vector<TriggerSpec>& out,
                       std::string& err);

}  // namespace riposte::triggers
