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
// webhook and iocsEnrichment (actions/http/, docs/actions-http.md).
namespace http {
std::unique_ptr<Binding> make_http_bindings(const ActionSchema& schema, const BindingContext& context);
}
// The endpoint actions through the HTTP+JSON connector protocol
// (actions/endpoint/, docs/actions-endpoint.md).
namespace endpoint {
std::unique_ptr<Binding> make_endpoint_bindings(const ActionSchema& schema, const BindingContext& context);
}

namespace engine_acts {
// createIncident, runPlaybook and the alert and incident edits, through
// the engine's port (actions/engine_acts/, docs/actions-engine.md).
std::unique_ptr<Binding> make_engine_bindings(const ActionSchema& schema, const BindingContext& context);
}  // namespace engine_acts
// blockLDAPAccount, resetLDAPPassword, addToLDAPGroup, removeFromLDAPGroup (actions/ldap/).
namespace ldap {
std::unique_ptr<Binding> make_ldap_bindings(const ActionSchema& schema, const BindingContext& context);
}
// writeToDatabase into SQLite and PostgreSQL (actions/database/, docs/actions-database.md).
namespace database {
std::unique_ptr<Binding> make_database_bindings(const ActionSchema& schema, const BindingContext& context);
}

namespace siem {
// indexEvents, mitreTechnique, riskScore, mitreRiskScore and logEvents
// (actions/siem/, docs/actions-siem.md).
std::unique_ptr<Binding> make_siem_bindings(const ActionSchema& schema, const BindingContext& context);
}  // namespace siem
// sendEmail (actions/email/, over the SMTP client of actions/mail/; docs/actions-email.md).
namespace email {
std::unique_ptr<Binding> make_mail_bindings(const ActionSchema& schema, const BindingContext& context);
}

}  // namespace riposte::actions
