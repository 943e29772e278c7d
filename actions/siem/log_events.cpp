// logEvents: the results appended to the job log (`jobLog` in --config) as
// JSON Lines, one line per result: {"timestamp", "instance_id",
// "playbook", "result"}.
#include <fmt/format.h>

#include "actions/siem/siem_internal.h"
#include "value/json.h"

namespace riposte::actions::siem {

namespace {
class LogEventsBinding : public Binding {
 public:
  LogEventsBinding(const ActionSchema& schema, const BindingContext& context)
      : Binding(schema), context_(context) {}

  Outcome invoke(const Call& call) override {
    Params p(call.params);
    std::vector<Value> results = p.results();
    if (!p.ok()) return Outcome::error(Failure::BadCall, fmt::format("{}: {}", call.type, p.error()));
    std::shared_ptr<const config::Connections> c = context_.config->for_tenants(call.context.tenants);
    if (!c->job_log)
      return Outcome::error(
          Failure::Action,
          fmt::format("{}: no \"jobLog\" in the configuration (--config): no job log file to "
                      "append to",
                      call.type));
    if (call.cancel.cancelled()) return Outcome::error(Failure::Cancelled, call.type + ": cancelled");
    std::vector<std::string> lines;
    const std::string now = now_timestamp();
    for (Value& r : results) lines.push_back(to_json(line_of(call, now, std::move(r))));
    if (std::string e = append_job_log(*c->job_log, lines); !e.empty())
      return Outcome::error(Failure::Action, fmt::format("{}: {}", call.type, e));
    Value result = Value::object();
    result.set("lines", Value::integer(int64_t(lines.size())));
    return Outcome::success(std::move(result));
  }

 private:
  static Value line_of(const Call& call, const std::string& now, Value result) {
    Value line = Value::object();
    line.set("timestamp", Value::string(now));
    line.set("instance_id", Value::string(call.context.instance));
    line.set("playbook", Value::string(call.context.playbook));
    line.set("result", std::move(result));
    return line;
  }

  BindingContext context_;
};
}  // namespace

std::unique_ptr<Binding> make_log_events_binding(const ActionSchema& schema, const BindingContext& context) {
  return std::make_unique<LogEventsBinding>(schema, context);
}

}  // namespace riposte::actions::siem
