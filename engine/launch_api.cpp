// Temporary: the launching operations of service.h answer 501 until the
// launcher lands (engine-launch, in progress on this branch).
#include "engine/service.h"

namespace riposte::engine {
namespace {
Problem not_yet() { return Problem{501, "Not implemented", "engine-launch is being built", {}}; }
}  // namespace

Outcome<Created> Service::launch(const Caller&, std::string_view, const Value&, const std::optional<Idempotency>&) {
  return not_yet();
}
Outcome<Value> Service::launch_progress(const Caller&, std::string_view) { return not_yet(); }
Outcome<Listing> Service::list_instances(const Caller&, const InstanceQuery&, const Page&) { return not_yet(); }
Outcome<Value> Service::get_instance(const Caller&, std::string_view) { return not_yet(); }
Outcome<Value> Service::terminate(const Caller&, const Value&) { return not_yet(); }
Outcome<Listing> Service::list_approvals(const Caller&, const ApprovalQuery&, const Page&) { return not_yet(); }
Outcome<Value> Service::decide(const Caller&, const Value&) { return not_yet(); }
Outcome<Listing> Service::list_history(const Caller&, const HistoryQuery&, const Page&) { return not_yet(); }
LabelledMetrics Service::labelled_metrics() { return {}; }
void Service::start_runtime(const RuntimeOptions&) {}
void Service::stop_runtime() {}
bool Service::wait_idle(int64_t) { return true; }

}  // namespace riposte::engine
