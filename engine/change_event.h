// A change of an alert or an incident (api.md, PATCH) and the change event
// it raises (data-model.md): the request's fields applied to the stored
// object, and the update operations derived from what actually changed.
// Pure: no store, no caller; engine/objects.cpp authorises and stores.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/outcome.h"
#include "store/records.h"
#include "value/value.h"

namespace riposte::engine {

struct AppliedChange {
  Value object;                         // the object after the change
  std::vector<std::string> operations;  // data-model.md's names, in a fixed order; empty = nothing changed
  bool manual = false;
  std::string comment;  // the comment the change adds, if any
};

// Applies `patch` (a PATCH body) to `object` of `kind` at time `now`.
// Refuses (400/422 with the field's path) unknown fields, wrong types and
// values outside the data model; 409 when the object is closed and the
// change is not a reopening.
Outcome<AppliedChange> apply_change(store::ObjectKind kind, const Value& object, const Value& patch,
                                    const std::string& now);

// {"manual": B, "updateOperations": [...]}
Value change_event(bool manual, const std::vector<std::string>& operations);

}  // namespace riposte::engine
