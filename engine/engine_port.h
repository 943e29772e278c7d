// The engine's side of actions::EnginePort (actions/engine_port.h): what
// the engine-facing bindings (createIncident, runPlaybook, the alert and
// incident edits, the named indexes of indexEvents / mitreTechnique /
// riskScore) do to the engine.  docs/actions-engine.md.
//
// - Every call acts as its playbook: a caller holding Tier 2 analyst on the
//   tenant of the instance's object (ingest, change, launch there and
//   below, nothing above or beside), recorded as the author
//   "playbook:<playbook id>/instance:<instance id>" (author_of).
// - Incidents go through Service::ingest (the path of POST /incidents:
//   the same checks, triggers matched, listeners told) with the call's
//   idempotency key as the Idempotency-Key; edits through
//   Service::patch_object (the rules of PATCH, change events raised);
//   launches through Runtime::launch (the playbook's mode and launching
//   rule apply).
// - Idempotency: a call's key is stored with its answer (the idempotency
//   table, under the bootstrap's Main administrator, the one user every
//   bootstrapped store has), in the transaction of the write for incidents,
//   launches and documents; for edits right after it (an edit made again
//   changes nothing anyway; only a comment would be recorded twice).
//
// Thread-safe: no state of its own but the Service's; called on the
// bindings' threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "actions/engine_port.h"

namespace riposte::engine {

class Service;

// runPlaybook refuses to launch a playbook that already runs this many
// times in the chain of runPlaybook launches that leads to the call.
inline constexpr int kMaxPlaybookRecursion = 3;

// "playbook:<playbook>/instance:<instance>" ("-" for an empty part).
std::string author_of(const actions::CallContext& ctx);
// The instance id of an author_of text; "" when it is not one.
std::string instance_of_author(std::string_view author);

class StorePort final : public actions::EnginePort {
 public:
  explicit StorePort(Service& service) : service_(service) {}

  actions::PortReply create_incident(const actions::CallContext& ctx, std::string_view idempotency_key,
                                     const std::string& incident_json) override;
  actions::PortReply edit_object(const actions::CallContext& ctx, std::string_view idempotency_key,
                                 std::string_view kind, std::string_view id, const std::string& patch_json) override;
  actions::PortReply launch_playbook(const actions::CallContext& ctx, std::string_view idempotency_key,
                                     std::string_view playbook, const std::string& input_json) override;
  actions::PortReply index_documents(const actions::CallContext& ctx, std::string_view idempotency_key,
                                     std::string_view index, const std::string& documents_json, bool update,
                                     std::string_view key) override;
  std::optional<std::string> incident_created_by(const actions::CallContext& ctx) override;

 private:
  Service& service_;
};

}  // namespace riposte::engine
