// The bindings that act on the engine itself (docs/actions-engine.md):
// createIncident and runPlaybook (the SIEM's active actions, seeds/000),
// and the alert and incident edits of the playbook documentation
// (assignAlert, setAlertStatus, setAlertExternalRef, assignIncident,
// setIncidentStatus).  They check and shape their parameters and go
// through the engine's port (actions/engine_port.h); without one (`riposte
// run` without --db) every call answers a system error saying where they
// work.  The factory, make_engine_bindings, is declared in
// actions/bindings.h (registry.cpp's table of real factories).
#include "actions/bindings.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "actions/engine_port.h"
#include "value/json.h"

namespace riposte::actions::engine_acts {
namespace {

using Names = std::vector<std::string_view>;

const Names kSeverities = {"critical", "high", "medium", "low"};  // data-model.md, Incident
const Names kDrilldownTypes = {"search", "link"};
const Names kAlertStatuses = {"new", "inProgress", "closed"};
const Names kIncidentStatuses = {"open", "inProgress", "hold", "closed"};
const Names kResolutions = {"truePositive", "falsePositive", "lowPriority", "merged"};

std::string one_of(const Names& names) {
  std::string s;
  for (std::string_view n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

bool in(const Names& names, std::string_view s) { return std::find(names.begin(), names.end(), s) != names.end(); }

// The evaluated parameters, checked again here: a `${ }` value is known
// only now.  The first problem is kept, worded with the parameter's name.
class Params {
 public:
  explicit Params(const Value& v) : v_(v) {}
  const std::string& error() const { return error_; }
  bool ok() const { return error_.empty(); }

  const Value* get(std::string_view name) const {
    const Value* m = v_.find(name);
    return m && !m->is_null() ? m : nullptr;
  }
  std::optional<std::string> string(std::string_view name, bool required = false) {
    const Value* m = get(name);
    if (!m) {
      if (required) fail(fmt::format("\"{}\" is required", name));
      return std::nullopt;
    }
    if (!m->is_string() || m->str().empty()) {
      fail(fmt::format("\"{}\" must be a non-empty string, got {}", name, m->is_string() ? "\"\"" : m->type_name()));
      return std::nullopt;
    }
    return std::string(m->str());
  }
  std::optional<std::string> choice(std::string_view name, const Names& names, bool required = false) {
    auto s = string(name, required);
    if (s && !in(names, *s)) {
      fail(fmt::format("\"{}\" must be one of {}, got \"{}\"", name, one_of(names), *s));
      return std::nullopt;
    }
    return s;
  }
  bool boolean(std::string_view name) {
    const Value* m = get(name);
    if (m && !m->is_bool()) fail(fmt::format("\"{}\" must be true or false, got {}", name, m->type_name()));
    return m && m->truthy();
  }
  const Value* object(std::string_view name) {
    const Value* m = get(name);
    if (m && !m->is_object()) {
      fail(fmt::format("\"{}\" must be an object, got {}", name, m->type_name()));
      return nullptr;
    }
    return m;
  }
  // `results`: absent (nullopt), else an array (a single value counts as one result).
  std::optional<std::vector<Value>> results() const {
    const Value* m = get("results");
    if (!m) return std::nullopt;
    if (!m->is_array()) return std::vector<Value>{*m};
    return std::vector<Value>(m->items().begin(), m->items().end());
  }
  void fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }

 private:
  const Value& v_;
  std::string error_;
};

Outcome bad_params(std::string_view type, const std::string& why) {
  return Outcome::error(Failure::Action, fmt::format("{}: {}", type, why));
}

Value parsed(const std::string& text) {
  Value v;
  JsonError err;
  return parse_json(text, v, err) ? v : Value();
}

// The key of the i-th of n writes one call makes.
std::string part_key(const std::string& key, size_t i, size_t n) {
  return n == 1 || key.empty() ? key : fmt::format("{}#{}", key, i);
}

class EngineBinding : public Binding {
 public:
  EngineBinding(const ActionSchema& schema, EnginePort* port) : Binding(schema), port_(port) {}
  Outcome invoke(const Call& call) override {
    if (!port_)
      return Outcome::error(Failure::Unbound,
                            fmt::format("{} needs the engine's store: run inside `riposte serve`/`process`, or "
                                        "`riposte run --db FILE`",
                                        type()));
    if (call.cancel.cancelled()) return Outcome::error(Failure::Cancelled, "cancelled");
    return act(*port_, call);
  }

 protected:
  virtual Outcome act(EnginePort& port, const Call& call) = 0;

 private:
  EnginePort* port_;
};

// ---- createIncident

// Fields from the search results (seeds/000): a field set to null or
// "none" takes the result's value of that name; others stay as given.
Value fields_from(const Value& fields, const Value* result) {
  Value out = Value::object();
  for (const auto& [name, v] : fields.entries()) {
    bool from_result = v.is_null() || (v.is_string() && v.str() == "none");
    const Value* r = from_result && result && result->is_object() ? result->find(name) : nullptr;
    out.set(name, from_result ? (r ? *r : Value()) : v);
  }
  return out;
}

class CreateIncident final : public EngineBinding {
 public:
  using EngineBinding::EngineBinding;

 protected:
  Outcome act(EnginePort& port, const Call& call) override {
    Params p(call.params);
    auto title = p.string("title", true);
    auto severity = p.string("severity");
    if (severity) {
      std::transform(severity->begin(), severity->end(), severity->begin(),
                     [](unsigned char c) { return char(std::tolower(c)); });
      if (!in(kSeverities, *severity))
        p.fail(fmt::format("\"severity\" must be one of {} (any case), got \"{}\"", one_of(kSeverities),
                           call.params.find("severity")->str()));
    }
    auto workflow = p.string("workflow");
    auto description = p.string("description");
    const Value* drilldown = p.object("drilldown");
    if (drilldown) {
      Params d(*drilldown);
      d.choice("type", kDrilldownTypes, true);
      d.string("text", true);
      d.string("from");
      d.string("to");
      if (!d.ok()) p.fail("drilldown: " + d.error());
    }
    auto index_suffix = p.string("indexSuffix");
    const Value* fields = p.object("fields");
    const Value* additional = p.object("additionalFields");
    const Value* inventory = p.object("inventory");
    const Value* local = p.object("localParameters");
    bool run_once = p.boolean("runOnce");
    if (!p.ok()) return bad_params(type(), p.error());

    // One incident for all results (runOnce), one per result, or one for
    // the call when it names no results.
    std::optional<std::vector<Value>> results = p.results();
    struct One {
      const Value* result = nullptr;  // the result it is for
      bool all = false;               // runOnce: every result
    };
    std::vector<One> incidents;
    if (!results) incidents.push_back(One{});
    else if (run_once) {
      if (!results->empty()) incidents.push_back(One{nullptr, true});
    } else {
      for (const Value& r : *results) incidents.push_back(One{&r, false});
    }
    Array ids;
    Value last;
    for (size_t i = 0; i < incidents.size(); ++i) {
      if (call.cancel.cancelled()) return Outcome::error(Failure::Cancelled, "cancelled");
      const One& one = incidents[i];
      Value extra = Value::object();
      if (drilldown) extra.set("drilldown", *drilldown);
      if (index_suffix) extra.set("indexSuffix", Value::string(*index_suffix));
      const Value* first = one.all ? &results->front() : one.result;
      if (fields) extra.set("fields", fields_from(*fields, first));
      if (additional) extra.set("additionalFields", *additional);
      if (inventory) extra.set("inventory", *inventory);
      if (local) extra.set("localParameters", *local);
      if (one.all) extra.set("results", Value::array(Array(results->begin(), results->end())));
      else if (one.result) extra.set("result", *one.result);
      extra.set("createdBy", Value::object(Object{{"playbook", Value::string(call.context.playbook)},
                                                  {"instance", Value::string(call.context.instance)}}));
      Value incident = Value::object();
      incident.set("Name", Value::string(*title));
      if (severity) incident.set("Severity", Value::string(*severity));
      if (workflow) incident.set("WorkflowName", Value::string(*workflow));
      if (description) incident.set("Description", Value::string(*description));  // Markdown, kept as text
      incident.set("CreationType", Value::string("auto"));
      incident.set("AdditionalData", std::move(extra));
      PortReply r =
          port.create_incident(call.context, part_key(call.idempotency_key, i, incidents.size()), to_json(incident));
      if (!r.ok) {
        std::string why = incidents.size() > 1 ? fmt::format("result {}: {}", i, r.error) : r.error;
        return Outcome::error(Failure::Action, "createIncident: " + why,
                              Value::object(Object{{"ids", Value::array(std::move(ids))}}));
      }
      last = parsed(r.result_json);
      if (const Value* id = last.find("id")) ids.push_back(*id);
    }
    Value out = Value::object();
    out.set("id", ids.empty() ? Value() : ids.back());
    if (const Value* short_id = last.find("ID")) out.set("ID", *short_id);
    out.set("ids", Value::array(std::move(ids)));
    return Outcome::success(std::move(out));
  }
};

// ---- runPlaybook

class RunPlaybook final : public EngineBinding {
 public:
  using EngineBinding::EngineBinding;

 protected:
  Outcome act(EnginePort& port, const Call& call) override {
    Params p(call.params);
    auto playbook = p.string("playbook", true);
    bool run_once = p.boolean("runOnce");
    if (!p.ok()) return bad_params(type(), p.error());
    // `.input` of each launch: its result (runOnce: the first only, as the
    // seed says), or null when the call names no results.
    std::optional<std::vector<Value>> results = p.results();
    std::vector<Value> inputs;
    if (!results) inputs.push_back(Value());
    else if (run_once && !results->empty()) inputs.push_back(results->front());
    else if (!run_once) inputs = std::move(*results);
    Array instances;
    int64_t skipped = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (call.cancel.cancelled()) return Outcome::error(Failure::Cancelled, "cancelled");
      PortReply r = port.launch_playbook(call.context, part_key(call.idempotency_key, i, inputs.size()), *playbook,
                                         to_json(inputs[i]));
      if (!r.ok)
        return Outcome::error(Failure::Action,
                              "runPlaybook: " + (inputs.size() > 1 ? fmt::format("result {}: {}", i, r.error) : r.error),
                              Value::object(Object{{"instances", Value::array(std::move(instances))}}));
      Value answer = parsed(r.result_json);
      if (const Value* id = answer.find("instance"); id && id->is_string()) instances.push_back(*id);
      else ++skipped;
    }
    Value out = Value::object(Object{{"playbook", Value::string(*playbook)},
                                     {"launched", Value::integer(int64_t(instances.size()))},
                                     {"instances", Value::array(std::move(instances))}});
    if (skipped) {
      out.set("skipped", Value::integer(skipped));
      return Outcome::warning(std::move(out), fmt::format("runPlaybook: {} launch(es) skipped: an instance of the "
                                                          "playbook is under way and its launching rule is skip",
                                                          skipped));
    }
    return Outcome::success(std::move(out));
  }
};

// ---- the alert and incident edits: parameters -> a PATCH body (api.md)

enum class Edit : uint8_t { AssignAlert, SetAlertStatus, SetAlertExternalRef, AssignIncident, SetIncidentStatus };

class EditObject final : public EngineBinding {
 public:
  EditObject(const ActionSchema& schema, EnginePort* port, Edit edit) : EngineBinding(schema, port), edit_(edit) {}

 protected:
  Outcome act(EnginePort& port, const Call& call) override {
    Params p(call.params);
    bool alert = edit_ == Edit::AssignAlert || edit_ == Edit::SetAlertStatus || edit_ == Edit::SetAlertExternalRef;
    Value patch = Value::object();
    switch (edit_) {
      case Edit::AssignAlert: {  // "assignee": a user id or several
        const Value* a = p.get("assignee");
        Array people;
        if (!a) {
          p.fail("\"assignee\" is required");
        } else if (a->is_string() && !a->str().empty()) {
          people.push_back(Value::object(Object{{"ID", *a}}));
        } else if (a->is_array() && a->size() > 0) {
          for (const Value& id : a->items()) {
            if (!id.is_string() || id.str().empty()) {
              p.fail("\"assignee\" must be a user id or an array of user ids");
              break;
            }
            people.push_back(Value::object(Object{{"ID", id}}));
          }
        } else {
          p.fail(fmt::format("\"assignee\" must be a user id or a non-empty array of user ids, got {}",
                             a->type_name()));
        }
        patch.set("Assignee", Value::array(std::move(people)));
        break;
      }
      case Edit::AssignIncident:
        if (auto a = p.string("assignee", true)) patch.set("Assignee", Value::object(Object{{"ID", Value::string(*a)}}));
        break;
      case Edit::SetAlertStatus:
      case Edit::SetIncidentStatus:
        if (auto s = p.choice("status", alert ? kAlertStatuses : kIncidentStatuses, true))
          patch.set("Status", Value::string(*s));
        if (auto r = p.choice("resolution", kResolutions)) patch.set("StatusResolution", Value::string(*r));
        break;
      case Edit::SetAlertExternalRef:
        if (auto r = p.string("externalRef", true)) patch.set("ExternalReference", Value::string(*r));
        break;
    }
    if (auto c = p.string("comment")) patch.set("comment", Value::string(*c));
    auto id = p.string("id");
    if (!p.ok()) return bad_params(type(), p.error());
    PortReply r = port.edit_object(call.context, call.idempotency_key, alert ? "alert" : "incident", id.value_or(""),
                                   to_json(patch));
    if (!r.ok) return Outcome::error(Failure::Action, fmt::format("{}: {}", type(), r.error));
    return Outcome::success(parsed(r.result_json));
  }

 private:
  Edit edit_;
};

}  // namespace

std::unique_ptr<Binding> make_engine_bindings(const ActionSchema& schema, const BindingContext& context) {
  std::string_view t = schema.type;
  EnginePort* port = context.engine;
  if (t == "createIncident") return std::make_unique<CreateIncident>(schema, port);
  if (t == "runPlaybook") return std::make_unique<RunPlaybook>(schema, port);
  if (t == "assignAlert") return std::make_unique<EditObject>(schema, port, Edit::AssignAlert);
  if (t == "setAlertStatus") return std::make_unique<EditObject>(schema, port, Edit::SetAlertStatus);
  if (t == "setAlertExternalRef") return std::make_unique<EditObject>(schema, port, Edit::SetAlertExternalRef);
  if (t == "assignIncident") return std::make_unique<EditObject>(schema, port, Edit::AssignIncident);
  if (t == "setIncidentStatus") return std::make_unique<EditObject>(schema, port, Edit::SetIncidentStatus);
  return nullptr;
}

}  // namespace riposte::actions::engine_acts
