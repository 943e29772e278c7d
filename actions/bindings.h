// The bindings the registry makes (internal to actions/): dry-run, and the
// placeholder of the real connectors not written yet.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "actions/binding.h"

namespace riposte::actions {

// Answers {"dryRun": true}, or `mock_json`'s outcome when set.
std::unique_ptr<Binding> make_dry_run_binding(const ActionSchema& schema, std::optional<std::string> mock_json);

// Answers the system error "no real binding for X yet".
std::unique_ptr<Binding> make_unbound_binding(const ActionSchema& schema);

}  // namespace riposte::actions
