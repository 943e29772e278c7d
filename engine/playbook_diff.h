// The changelog of a playbook (engine.md: time, user, what changed, as a
// readable diff): which fields an edit changed, and a line diff of the
// trigger and algorithm texts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"
#include "value/value.h"

namespace riposte::engine {

// A unified-style line diff of two texts: "@@ -a,b +c,d @@" hunks with up
// to `context` unchanged lines around the changes, each line prefixed with
// ' ', '-' or '+'.  "" when the texts are equal.  `label` names both sides
// in the "--- label" / "+++ label" header.
std::string line_diff(std::string_view before, std::string_view after, std::string_view label,
                      size_t context = 2);

// [{"field", "before", "after"}] for every field of the resource that
// differs between the two rows (algorithm: before/after null, see the diff).
Value changed_fields(const store::PlaybookRow& before, const store::PlaybookRow& after);

// The diffs of the trigger and of the algorithm (pretty-printed first so
// that a reformatting alone shows no change), concatenated.
std::string code_diff(const store::PlaybookRow& before, const store::PlaybookRow& after);

// The JSON text of a changelog entry's "change".
std::string change_text(std::string_view action, const Value& fields, std::string_view diff,
                        std::string_view from = "");

}  // namespace riposte::engine
