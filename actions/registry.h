// The registry: every response action type of the schema table
// (actions/schema.h, all_actions()) bound for one mode, looked up by name.
//
// - dry-run: nothing is called.  Each call answers {"dryRun": true}, or
//   the mock given for its type (docs/actions.md, "Mocks"): an `error`
//   member makes the call fail with that message, a `warning` member makes
//   it a warning; {"$perAsset": {"a51": mock, "*": mock}} picks the mock by
//   asset.
// - real: executeCustomScript runs the program (actions/script.h); the
//   LDAP actions act on the configured directory (actions/ldap/ldap.h); the
//   other types answer the system error "no real binding for X yet" until
//   their connectors come.
//
// Stable API for the orchestrator and the tools:
//
//   auto made = actions::make_registry({.mode = Mode::DryRun, .mocks_json = text});
//   if (!made.error.empty()) ...;             // bad --mock file, say why
//   actions::Outcome o = made.registry->call(actions::Call{.type = "killProcess",
//       .params = params, .asset = "a51", .idempotency_key = key, .deadline = d});
//
// Lookups and calls are thread-safe; bind() is not (set up first, then call).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actions/binding.h"
#include "actions/config/config.h"
#include "actions/script.h"

namespace riposte::actions {

enum class Mode : uint8_t { DryRun, Real };
// "dry-run" or "real" (riposte run --bindings); nullopt otherwise.
std::optional<Mode> parse_mode(std::string_view text);
std::string_view mode_name(Mode m);

class EnginePort;

struct RegistryOptions {
  Mode mode = Mode::DryRun;
  std::string mocks_json = {};  // dry-run: the --mock file's text, "" = none
  ScriptOptions script = {};    // real executeCustomScript, runScript
  // real: the --config file (null = none: no connection, every host denied)
  std::shared_ptr<const config::ActionConfig> config = {};
  EnginePort* engine = nullptr;  // real: the engine's port (actions/engine_port.h); null outside it
};

class Registry {
 public:
  Registry() = default;  // empty: nothing bound

  // The binding of `type`, or null.
  Binding* find(std::string_view type) const;
  // Adds or replaces the binding of its type (tests: a recording binding;
  // later: configured connectors).
  void bind(std::unique_ptr<Binding> binding);
  // The bound types, sorted.
  std::vector<std::string_view> types() const;

  // Starts a call.  An unknown type is answered at once with
  // Failure::Unbound ("no binding for action type X").
  Pending start(const Call& call) const;
  // start(call).wait(): the outcome by the call's deadline, with every
  // configured secret masked in its result and message.
  Outcome call(const Call& call) const;
  // The configured secrets masked ("********").
  Outcome masked(Outcome outcome) const;
  Value mask(const Value& v) const { return config_ ? config_->mask(v) : v; }
  void set_config(std::shared_ptr<const config::ActionConfig> config) { config_ = std::move(config); }

 private:
  std::vector<std::unique_ptr<Binding>> bindings_;  // sorted by type
  std::shared_ptr<const config::ActionConfig> config_;  // for masking; may be null
};

struct MadeRegistry {
  std::unique_ptr<Registry> registry;  // null when error is set
  std::string error;                   // e.g. "mocks: unknown action type \"kilProcess\""
};

// Every type of all_actions() bound for `options.mode`.
MadeRegistry make_registry(const RegistryOptions& options);

}  // namespace riposte::actions
