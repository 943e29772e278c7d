// The bindings the registry makes (internal to actions/): dry-run, the real
// ones, and the placeholder of a type without a real binding.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "actions/binding.h"
#include "actions/config/config.h"
#include "actions/script.h"

namespace riposte::actions {

class EnginePort;

// What a real binding is made with: the --config file (never null: an empty
// configuration denies every host), the engine (null outside it) and the
// script options.  The registry masks the configured secrets in every
// outcome, so bindings need not.
struct BindingContext {
  std::shared_ptr<const config::ActionConfig> config;
  EnginePort* engine = nullptr;
  ScriptOptions script = {};
};

// Answers {"dryRun": true}, or `mock_json`'s outcome when set.
std::unique_ptr<Binding> make_dry_run_binding(const ActionSchema& schema, std::optional<std::string> mock_json);

// Answers the system error "no real binding for X yet".
std::unique_ptr<Binding> make_unbound_binding(const ActionSchema& schema);

// The real bindings, one factory per group (each in its own folder or
// file): the binding of `schema.type` when the group has it, else null.
// registry.cpp asks each factory of kRealFactories in turn.
using RealFactory = std::unique_ptr<Binding> (*)(const ActionSchema& schema, const BindingContext& context);
std::unique_ptr<Binding> make_script_bindings(const ActionSchema& schema, const BindingContext& context);
// sendEmail (actions/mail/, docs/actions-email.md).
namespace mail {
std::unique_ptr<Binding> make_mail_bindings(const ActionSchema& schema, const BindingContext& context);
}

}  // namespace riposte::actions
