// The endpoint binding (actions/endpoint/endpoint.h): validate, pick the
// tenant's endpoint-management server, POST the action, read the answer,
// and with `wait: true` poll the task until it ends or the deadline passes.
// The protocol is docs/endpoint-connector.openapi.yaml; what each answer
// becomes is docs/actions-endpoint.md, "Answers".
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "actions/bindings.h"
#include "actions/endpoint/endpoint.h"
#include "actions/http/client.h"
#include "actions/http/http_internal.h"
#include "value/json.h"

namespace riposte::actions::endpoint {
namespace {

using namespace std::chrono_literals;

constexpr size_t kAnswerCap = size_t(1) << 20;  // bytes of one answer kept
constexpr auto kFirstPoll = 250ms, kMaxPoll = 5000ms;

struct Answer {
  Value body;         // the parsed JSON (an object) or null
  std::string error;  // why the body is not of the protocol
};

Answer parse_answer(const http::Response& r) {
  Answer a;
  if (r.truncated) {
    a.error = fmt::format("an answer larger than {} bytes", kAnswerCap);
    return a;
  }
  JsonError err;
  Value v;
  if (!parse_json(r.body, v, err)) {
    a.error = "the answer is not JSON: " + err.message;
    return a;
  }
  if (!v.is_object()) {
    a.error = fmt::format("the answer is not a JSON object but {}", v.type_name());
    return a;
  }
  a.body = std::move(v);
  return a;
}

std::string member_text(const Value& body, std::string_view key) {
  const Value* m = body.find(key);
  if (!m) return {};
  return m->is_string() ? std::string(m->str()) : to_json(*m);
}

// The text of an error answer: its "error" member, else the start of the body.
std::string error_text(const http::Response& r, const Answer& a) {
  if (a.body.is_object()) {
    if (std::string e = member_text(a.body, "error"); !e.empty()) return e;
  }
  std::string text = http::detail::valid_utf8(r.body.substr(0, 300));
  return text.empty() ? "(no body)" : text;
}

Value copy_or_null(const Value& body, std::string_view key) {
  const Value* m = body.find(key);
  return m ? *m : Value();
}

class EndpointBinding final : public Binding {
 public:
  EndpointBinding(const ActionSchema& schema, const BindingContext& context)
      : Binding(schema), context_(context) {}

  Outcome invoke(const Call& call) override {
    const std::string& type = call.type;
    if (std::string why = validate(schema(), call.params); !why.empty())
      return Outcome::error(Failure::BadCall, fmt::format("{}: {}", type, why));
    if (!call.asset || call.asset->empty())
      return Outcome::error(Failure::BadCall, fmt::format("{}: the asset is empty", type));
    auto connections = http::detail::connections_of(context_, call);
    if (!connections->endpoint)
      return Outcome::error(Failure::Action,
                            fmt::format("{}: no endpoint-management server in --config (endpoint)", type));
    const config::HttpPeerConfig& peer = *connections->endpoint;
    std::string base = peer.url;
    while (!base.empty() && base.back() == '/') base.pop_back();

    const Value canonical = canonical_params(schema(), call.params);
    http::Request rq = request(peer, "POST", fmt::format("{}/v1/actions/{}", base, type));
    rq.body = request_body(schema(), call, canonical);
    rq.headers.emplace_back("Content-Type", "application/json");
    rq.idempotency_key = call.idempotency_key;
    const http::Response r = http::perform(rq, connections->allowed_hosts, call.deadline, call.cancel);
    if (r.failure != http::Failure::None)
      return http::detail::failed_request(type, fmt::format("the connector {}", base), r);

    const Answer a = parse_answer(r);
    if (!r.ok() && r.status != 409) {
      Value result = Value::object({{"httpStatus", Value::integer(r.status)},
                                    {"body", a.body.is_object() ? a.body : Value::string(error_text(r, a))}});
      return Outcome::error(
          Failure::Action, fmt::format("{}: the connector answered {}: {}", type, r.status, error_text(r, a)),
          std::move(result));
    }
    if (!a.error.empty())
      return Outcome::error(
          Failure::Action,
          fmt::format("{}: the connector answered {} outside the protocol: {}", type, r.status, a.error),
          Value::object({{"httpStatus", Value::integer(r.status)},
                         {"body", Value::string(http::detail::valid_utf8(r.body.substr(0, 4096)))}}));
    const std::string status = member_text(a.body, "status");
    if (r.status == 409 && status != "duplicate")
      return Outcome::error(Failure::Action,
                            fmt::format("{}: the connector answered 409: {}", type, error_text(r, a)),
                            Value::object({{"httpStatus", Value::integer(409)}, {"body", a.body}}));

    const Value* wait = canonical.find("wait");
    const bool waiting = wait && wait->is_bool() && wait->truthy();
    if (status == "accepted" && waiting) return poll(call, *connections, base, a.body);
    return finished(type, a.body, Value());
  }

 private:
  static http::Request request(const config::HttpPeerConfig& peer, std::string method, std::string url) {
    http::Request rq;
    rq.method = std::move(method);
    rq.url = std::move(url);
    rq.headers.emplace_back("Accept", "application/json");
    rq.bearer_token = peer.token;
    rq.ca_file = peer.ca_file;
    rq.response_cap = kAnswerCap;
    return rq;
  }

  // The outcome of an answer whose status is final (or accepted without
  // waiting): done, accepted, duplicate -> Success (Warning when the answer
  // carries "warning"); failed -> an action error; anything else is
  // outside the protocol.
  static Outcome finished(const std::string& type, const Value& body, Value polls) {
    const std::string status = member_text(body, "status");
    Object result;
    result.emplace("status", Value::string(status));
    if (const Value* id = body.find("taskId"); id && !id->is_null()) result.emplace("taskId", *id);
    result.emplace("result", copy_or_null(body, "result"));
    if (!polls.is_null()) result.emplace("polls", polls);
    if (status == "failed") {
      std::string why = member_text(body, "error");
      return Outcome::error(Failure::Action,
                            fmt::format("{}: the connector says the action failed: {}", type,
                                        why.empty() ? "(no reason given)" : why),
                            Value::object(std::move(result)));
    }
    if (status == "duplicate") result.insert_or_assign("duplicate", Value::boolean(true));
    if (status != "done" && status != "accepted" && status != "duplicate")
      return Outcome::error(
          Failure::Action,
          fmt::format("{}: the connector answered status {} outside the protocol (done, accepted, "
                      "failed, duplicate)",
                      type, to_json(copy_or_null(body, "status"))),
          Value::object({{"body", body}}));
    if (const Value* w = body.find("warning"); w && !w->is_null())
      return Outcome::warning(
          Value::object(std::move(result)),
          fmt::format("{}: {}", type, w->is_string() ? std::string(w->str()) : to_json(*w)));
    return Outcome::success(Value::object(std::move(result)));
  }

  // wait: true and the connector accepted: GET /v1/tasks/{taskId} until the
  // task is done or failed, the deadline passes or the call is cancelled.
  Outcome poll(const Call& call, const config::Connections& connections, const std::string& base,
               const Value& accepted) const {
    const std::string& type = call.type;
    const Value* id = accepted.find("taskId");
    if (!id || !id->is_string() || id->str().empty())
      return Outcome::error(
          Failure::Action,
          fmt::format("{}: the connector accepted the action without a taskId: cannot wait for it", type),
          Value::object({{"body", accepted}}));
    const std::string task(id->str());
    const std::string url = fmt::format("{}/v1/tasks/{}", base, http::detail::percent_encode(task));
    auto interval = std::chrono::duration_cast<Clock::duration>(kFirstPoll);
    int64_t polls = 0;
    while (true) {
      Clock::time_point next = Clock::now() + interval;
      if (next >= call.deadline) {
        call.cancel.sleep_until(call.deadline);
        if (call.cancel.cancelled() && Clock::now() < call.deadline)
          return Outcome::error(Failure::Cancelled,
                                fmt::format("{}: cancelled while waiting for task {}", type, task));
        return Outcome::error(
            Failure::Timeout,
            fmt::format("{}: deadline exceeded while waiting for task {} ({} polls)", type, task, polls),
            Value::object({{"status", Value::string("accepted")},
                           {"taskId", Value::string(task)},
                           {"polls", Value::integer(polls)}}));
      }
      if (call.cancel.sleep_until(next))
        return Outcome::error(Failure::Cancelled,
                              fmt::format("{}: cancelled while waiting for task {}", type, task));
      const http::Response r = http::perform(request(*connections.endpoint, "GET", url),
                                             connections.allowed_hosts, call.deadline, call.cancel);
      ++polls;
      if (r.failure != http::Failure::None)
        return http::detail::failed_request(type, fmt::format("polling task {}", task), r);
      const Answer a = parse_answer(r);
      if (!r.ok() || !a.error.empty())
        return Outcome::error(
            Failure::Action,
            fmt::format("{}: polling task {}: the connector answered {}: {}", type, task, r.status,
                        a.error.empty() ? error_text(r, a) : a.error),
            Value::object({{"httpStatus", Value::integer(r.status)}, {"taskId", Value::string(task)}}));
      const std::string status = member_text(a.body, "status");
      if (status != "accepted" && status != "running") {
        Value body = a.body;
        if (!body.find("taskId")) body.set("taskId", Value::string(task));
        return finished(type, body, Value::integer(polls));
      }
      const Value* after = a.body.find("pollAfterMs");
      if (after && after->is_int() && after->as_int() >= 10 && after->as_int() <= 60000)
        interval = std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(after->as_int()));
      else
        interval = std::min(interval * 2, std::chrono::duration_cast<Clock::duration>(kMaxPoll));
    }
  }

  BindingContext context_;
};

}  // namespace

std::unique_ptr<Binding> make_endpoint_bindings(const ActionSchema& schema, const BindingContext& context) {
  if (!is_endpoint_action(schema.type)) return nullptr;
  return std::make_unique<EndpointBinding>(schema, context);
}

}  // namespace riposte::actions::endpoint
