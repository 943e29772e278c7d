// The orchestrator's action port on the bindings of actions/ (registry.h):
// the engine's instances and `riposte run --bindings dry-run|real` go
// through here.  Each call gets
// the binding's idempotency key (actions/idempotency.h) from the instance
// id and the orchestrator's call key, and the step's deadline.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "actions/registry.h"
#include "orchestrator/ports.h"

namespace riposte::engine {

class RegistryPort : public orchestrator::ActionPort {
 public:
  // `trace_path`: append the orchestrator's key of each call made ("" = none).
  RegistryPort(const actions::Registry& registry, std::string instance_id, std::string trace_path);
  orchestrator::CallReply call(const orchestrator::CallRequest& request) override;
  Value mask(const Value& v) const override;
  // Where the calls come from (tenant chain, object): the bindings' --config
  // overrides and the engine-facing bindings read it.
  void set_context(actions::CallContext context) { context_ = std::move(context); }
  // Every call made from now on may be cancelled through `token` (terminate).
  void set_cancel(actions::CancelToken token) { cancel_ = std::move(token); }
  // Called after every call with its type and status ("Success", ...), for metrics.
  void on_call(std::function<void(const std::string&, std::string_view)> hook) { on_call_ = std::move(hook); }

 private:
  std::function<void(const std::string&, std::string_view)> on_call_;
  actions::CancelToken cancel_;
  actions::CallContext context_;
  const actions::Registry& registry_;
  std::string instance_id_, trace_path_;
  std::mutex trace_mu_;
};

}  // namespace riposte::engine
