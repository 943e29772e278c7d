// The orchestrator's action port on the bindings of actions/ (registry.h):
// `riposte run --bindings dry-run|real` goes through here.  Each call gets
// the binding's idempotency key (actions/idempotency.h) from the instance
// id and the orchestrator's call key, and the step's deadline.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "actions/registry.h"
#include "orchestrator/ports.h"

namespace riposte::tools {

class RegistryPort : public orchestrator::ActionPort {
 public:
  // `trace_path`: append the orchestrator's key of each call made ("" = none).
  RegistryPort(const actions::Registry& registry, std::string instance_id, std::string trace_path);
  orchestrator::CallReply call(const orchestrator::CallRequest& request) override;

 private:
  const actions::Registry& registry_;
  std::string instance_id_, trace_path_;
  std::mutex trace_mu_;
};

}  // namespace riposte::tools
