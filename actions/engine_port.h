// What the bindings that act on the engine itself need from it
// (spec/actions.md: createIncident, runPlaybook, the alert and incident
// edits, indexEvents / mitreTechnique / riskScore into the embedded store).
// actions/ must not depend on engine/, so the engine implements this port
// and hands it to the registry (RegistryOptions::engine); outside the
// engine (`riposte run` without --db) there is none and those bindings
// answer an error saying so.
//
// Called on the bindings' threads, concurrently: implementations are
// thread-safe.  Everything crosses as JSON text (Values are per thread).
// Every method takes the call's idempotency key: a call retried after a
// crash or a timeout must not create a second incident, launch or document.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "actions/binding.h"

namespace riposte::actions {

struct PortReply {
  bool ok = false;
  std::string result_json = "null";  // ok: what the binding returns (e.g. {"id": "..."})
  std::string error = {};            // !ok: why, for the step's history
};

class EnginePort {
 public:
  virtual ~EnginePort() = default;

  // Stores a new incident (data-model.md) in the tenant of the call's object.
  virtual PortReply create_incident(const CallContext& ctx, std::string_view idempotency_key,
                                    const std::string& incident_json) = 0;
  // Edits an alert or incident as PATCH /alerts|incidents/{id} would (api.md;
  // closed objects refused); the edit raises change events like any other.
  virtual PortReply edit_object(const CallContext& ctx, std::string_view idempotency_key, std::string_view kind,
                                std::string_view id, const std::string& patch_json) = 0;
  // Launches playbook `playbook` with `input_json` as its `.input` (runPlaybook).
  virtual PortReply launch_playbook(const CallContext& ctx, std::string_view idempotency_key,
                                    std::string_view playbook, const std::string& input_json) = 0;
  // Writes documents (a JSON array of objects) to the named index of the
  // embedded store; with `update`, a document whose `key` field matches a
  // stored one replaces it, else it is appended.
  virtual PortReply index_documents(const CallContext& ctx, std::string_view idempotency_key, std::string_view index,
                                    const std::string& documents_json, bool update, std::string_view key) = 0;
  // The last incident createIncident made in this instance (mitreTechnique's incident_id).
  virtual std::optional<std::string> incident_created_by(const CallContext& ctx) = 0;
};

}  // namespace riposte::actions
