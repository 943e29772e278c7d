// InstanceState <-> JSON.
#include <chrono>
#include <random>

#include <fmt/format.h>

#include "value/json.h"
#include "orchestrator/instance.h"

namespace riposte::orchestrator {

InstanceState new_instance(Value object, bool incident, Value targets) {
  InstanceState s;
  std::random_device rd;
  s.id = fmt::format("{:08x}{:08x}", rd(), rd());
  s.object = std::move(object);
  s.incident = incident;
  s.targets = std::move(targets);
  s.started_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  return s;
}

Value state_to_value(const InstanceState& s) {
  Array pending;
  for (const std::string& p : s.pending) {
    Value v;
    JsonError err;
    if (parse_json(p, v, err)) pending.push_back(std::move(v));
  }
  // With an object reference the object is kept elsewhere (the engine's
  // store keeps each object text once for all its instances).
  Object o{{"id", Value::string(s.id)},
           {"object", s.object_ref.empty() ? s.object : Value()},
           {"scope", Value::string(s.incident ? "incident" : "alert")},
           {"targets", s.targets},
           {"startedAt", Value::integer(s.started_ms)},
           {"started", Value::boolean(s.started)},
           {"next", Value::integer(int64_t(s.next))},
           {"stepsDone", Value::integer(s.steps_done)},
           {"pausedAt", Value::integer(s.paused_at)},
           {"data", s.data},
           {"warned", Value::boolean(s.warned)},
           {"status", Value::string(status_name(s.status))},
           {"error", s.error.empty() ? Value() : Value::string(s.error)},
           {"result", s.result},
           {"history", Value::array(Array(s.history))},
           {"calls", Value::array(Array(s.calls))},
           {"pendingApprovals", Value::array(std::move(pending))}};
  if (!s.object_ref.empty()) o.emplace("objectRef", Value::string(s.object_ref));
  return Value::object(std::move(o));
}

bool state_from_value(const Value& v, InstanceState& s, std::string& error) {
  auto get = [&](const char* key) -> const Value* {
    const Value* m = v.find(key);
    if (!m) error = std::string("the state has no \"") + key + "\"";
    return m;
  };
  const Value *object = get("object"), *scope = get("scope"), *next = get("next"), *data = get("data"),
              *status = get("status"), *history = get("history"), *calls = get("calls");
  if (!object || !scope || !next || !data || !status || !history || !calls) return false;
  auto st = parse_status(status->str());
  if (!st || !next->is_int() || next->as_int() < 0 || !scope->is_string() || !history->is_array() ||
      !calls->is_array()) {
    error = "the state's status, position, scope, history or calls are invalid";
    return false;
  }
  if (const Value* id = v.find("id")) s.id = std::string(id->str());
  s.object = *object;
  const Value* ref = v.find("objectRef");
  s.object_ref = ref && ref->is_string() ? std::string(ref->str()) : std::string();
  s.incident = scope->str() == "incident";
  if (const Value* t = v.find("targets")) s.targets = *t;
  if (const Value* t = v.find("startedAt"); t && t->is_int()) s.started_ms = t->as_int();
  s.started = v.find("started") && v.find("started")->kind() == Kind::True;
  s.next = size_t(next->as_int());
  // Counters of --stop-after only: absent or bad, counting starts again.
  auto counter = [&](const char* key) -> int64_t {
    const Value* c = v.find(key);
    return c && c->is_int() && c->as_int() >= 0 ? c->as_int() : 0;
  };
  s.steps_done = counter("stepsDone");
  s.paused_at = counter("pausedAt");
  s.data = *data;
  s.warned = v.find("warned") && v.find("warned")->kind() == Kind::True;
  s.status = *st;
  if (const Value* e = v.find("error"); e && e->is_string()) s.error = std::string(e->str());
  if (const Value* r = v.find("result")) s.result = *r;
  s.history.assign(history->items().begin(), history->items().end());
  s.calls.assign(calls->items().begin(), calls->items().end());
  s.pending.clear();
  return true;
}

}  // namespace riposte::orchestrator
