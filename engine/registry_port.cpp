#include "engine/registry_port.h"

#include <chrono>
#include <cstdio>

#include "actions/idempotency.h"

namespace riposte::engine {

namespace orch = orchestrator;

RegistryPort::RegistryPort(const actions::Registry& registry, std::string instance_id, std::string trace_path)
    : registry_(registry), instance_id_(std::move(instance_id)), trace_path_(std::move(trace_path)) {}

orch::CallReply RegistryPort::call(const orch::CallRequest& request) {
  if (!trace_path_.empty()) {
    std::lock_guard<std::mutex> lock(trace_mu_);
    if (std::FILE* f = std::fopen(trace_path_.c_str(), "a")) {
      std::fprintf(f, "%s\n", request.idempotency_key.c_str());
      std::fclose(f);
    }
  }
  actions::Call call;
  call.type = request.type;
  call.params = request.params;
  call.asset = request.asset;
  call.cancel = cancel_;
  call.context = context_;
  call.context.instance = instance_id_;
  call.idempotency_key = actions::idempotency_key(instance_id_, request.idempotency_key, request.asset);
  if (request.deadline_ns)  // both are steady-clock times (orchestrator/runner.h, steady_now_ns)
    call.deadline = actions::Clock::time_point(std::chrono::duration_cast<actions::Clock::duration>(
        std::chrono::nanoseconds(request.deadline_ns)));
  actions::Outcome o = registry_.call(call);
  orch::CallReply reply;
  reply.status = o.status == actions::Status::Success   ? orch::CallStatus::Success
                 : o.status == actions::Status::Warning ? orch::CallStatus::Warning
                                                        : orch::CallStatus::Error;
  reply.result = std::move(o.result);
  reply.error = std::move(o.message);
  reply.system = o.system();
  if (on_call_)
    on_call_(request.type, reply.status == orch::CallStatus::Success   ? "Success"
                           : reply.status == orch::CallStatus::Warning ? "Warning"
                                                                       : "Error");
  return reply;
}

Value RegistryPort::mask(const Value& v) const {
  return registry_.mask(v);
}

}  // namespace riposte::engine
