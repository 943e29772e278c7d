#include "engine/instance_json.h"

#include "engine/ids.h"
#include "engine/resources.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

int64_t count_assets(const Value& input) {
  if (!input.is_object()) return 0;
  const Value* assets = input.find("assets");
  return assets && assets->is_array() ? int64_t(assets->size()) : 0;
}

// The type of the target assets of a manual launch (their "Type": host is
// a device), "" when they do not say.
std::string target_asset_type(const Value& input) {
  const Value& first = input.find("assets")->at(0);
  const Value* type = first.is_object() ? first.find("Type") : nullptr;
  if (!type || !type->is_string()) return "";
  return type->str() == "user" ? "user" : type->str() == "host" ? "device" : "";
}

std::string text_of(const Value* v) {
  return v && v->is_string() ? std::string(v->str()) : std::string();
}

// The kind of asset a record's assets are: the alert's Assets say "host"
// or "user"; the ids alone do not, so a record names them "device" unless
// the action targets users (docs/launch.md).
std::string asset_type_of(std::string_view action) {
  return action.find("LDAP") != std::string_view::npos || action == "assignKasapGroup" ? "user" : "device";
}

}  // namespace

store::HistoryRow history_of(const store::InstanceRow& r) {
  store::HistoryRow h;
  h.id = r.id;
  h.instance = r.id;
  h.playbook = r.playbook;
  h.tenant = r.tenant;
  h.kind = "playbook";
  h.name = r.playbook_name;
  h.params = r.input == "null" ? "" : r.input;
  h.start = r.start.empty() ? r.created_at : r.start;
  h.end = r.end;
  h.object_kind = r.kind;
  h.object = r.object;
  h.launched_by = r.launched_by;
  h.approver = r.approver;
  h.approval_time = r.approval_time;
  h.status = r.status;
  Value input = parsed_or_null(r.input);
  h.assets = count_assets(input);
  if (h.assets) h.asset_type = target_asset_type(input);
  return h;
}

store::HistoryRow action_history(const store::InstanceRow& r, const Value& record, size_t index) {
  store::HistoryRow h;
  h.id = r.id + "/" + std::to_string(index);
  h.instance = r.id;
  h.playbook = r.playbook;
  h.tenant = r.tenant;
  h.kind = "action";
  h.name = text_of(record.find("type"));
  h.step = text_of(record.find("step"));
  if (const Value* p = record.find("params")) h.params = to_json(*p);
  h.start = text_of(record.find("start"));
  h.end = text_of(record.find("end"));
  h.object_kind = r.kind;
  h.object = r.object;
  h.launched_by = r.launched_by;
  h.status = text_of(record.find("status"));
  if (const Value* a = record.find("assets"); a && a->is_array()) {
    h.assets = int64_t(a->size());
    h.asset_type = h.assets ? asset_type_of(h.name) : "";
  }
  return h;
}

store::ApprovalRow new_request(const store::InstanceRow& r, std::string_view kind, const std::string& now) {
  store::ApprovalRow a;
  a.id = new_uuid();
  a.kind = std::string(kind);
  a.instance = r.id;
  a.playbook = r.playbook;
  a.tenant = r.tenant;
  a.object_kind = r.kind;
  a.object = r.object;
  a.assets = "[]";
  a.decisions = "{}";
  a.requested_at = now;
  a.status = "Pending";
  return a;
}

std::string decision_json(std::string_view asset, std::string_view decision, std::string_view user,
                          std::string_view at, std::string_view decisions) {
  Value all = parsed_or_null(std::string(decisions));
  if (!all.is_object()) all = Value::object();
  all.set(asset, object_of({{"decision", Value::string(decision)},
                            {"user", Value::string(user)},
                            {"at", Value::string(at)}}));
  return to_json(all);
}

Value instance_value(const store::InstanceRow& r, bool with_steps) {
  Value v = object_of({{"id", Value::string(r.id)},
                       {"playbook", Value::string(r.playbook)},
                       {"playbookName", Value::string(r.playbook_name)},
                       {"tenant", Value::string(r.tenant)},
                       {"objectType", Value::string(kind_name(r.kind))},
                       {"objectId", Value::string(r.object)},
                       {"status", Value::string(r.status)},
                       {"launchedBy", string_or_null(r.launched_by)},
                       {"approver", string_or_null(r.approver)},
                       {"approvalTime", string_or_null(r.approval_time)},
                       {"createdAt", Value::string(r.created_at)},
                       {"start", string_or_null(r.start)},
                       {"end", string_or_null(r.end)},
                       {"waitingFor", string_or_null(r.waiting_for)},
                       {"input", parsed_or_null(r.input)},
                       {"error", string_or_null(r.error)}});
  Value state = parsed_or_null(r.state);
  const Value* result = state.is_object() ? state.find("result") : nullptr;
  v.set("result", result ? *result : Value::null());
  if (!with_steps) return v;
  Array steps;
  if (const Value* history = state.is_object() ? state.find("history") : nullptr;
      history && history->is_array())
    for (const Value& rec : history->items()) {
      Value s = object_of({{"path", rec.find("step") ? *rec.find("step") : Value::null()},
                           {"type", rec.find("type") ? *rec.find("type") : *rec.find("kind")}});
      for (const char* key : {"scope", "status", "start", "end", "params", "assets", "result", "error"})
        if (const Value* f = rec.find(key)) s.set(key, *f);
      steps.push_back(std::move(s));
    }
  v.set("steps", Value::array(std::move(steps)));
  const Value* calls = state.is_object() ? state.find("calls") : nullptr;
  v.set("calls", calls ? *calls : Value::array());
  const Value* pending = state.is_object() ? state.find("pending") : nullptr;
  v.set("pending", pending ? *pending : Value::array());
  return v;
}

Value approval_value(const store::ApprovalRow& a) {
  Value v = object_of({{"id", Value::string(a.id)},
                       {"kind", Value::string(a.kind)},
                       {"instance", Value::string(a.instance)},
                       {"playbook", Value::string(a.playbook)},
                       {"tenant", Value::string(a.tenant)},
                       {"objectType", Value::string(kind_name(a.object_kind))},
                       {"objectId", Value::string(a.object)},
                       {"action", string_or_null(a.action)},
                       {"step", string_or_null(a.step)},
                       {"assets", parsed_or_null(a.assets)},
                       {"params", parsed_or_null(a.params)},
                       {"decisions", parsed_or_null(a.decisions)},
                       {"requestedAt", Value::string(a.requested_at)},
                       {"dueAt", string_or_null(a.due_at)},
                       {"status", Value::string(a.status)},
                       {"decidedBy", string_or_null(a.decided_by)},
                       {"decidedAt", string_or_null(a.decided_at)}});
  if (!v.find("assets")->is_array()) v.set("assets", Value::array());
  return v;
}

Value history_value(const store::HistoryRow& h) {
  Value v = object_of({{"id", Value::string(h.id)},
                       {"instance", Value::string(h.instance)},
                       {"playbookId", Value::string(h.playbook)},
                       {"params", parsed_or_null(h.params)},
                       {"start", string_or_null(h.start)},
                       {"end", string_or_null(h.end)},
                       {"objectType", Value::string(kind_name(h.object_kind))},
                       {"objectId", Value::string(h.object)},
                       {"launchedBy", string_or_null(h.launched_by)},
                       {"approver", string_or_null(h.approver)},
                       {"approvalTime", string_or_null(h.approval_time)},
                       {"status", Value::string(h.status)},
                       {"assets", Value::integer(h.assets)},
                       {"assetType", string_or_null(h.asset_type)},
                       {"tenant", Value::string(h.tenant)}});
  v.set(h.kind == "playbook" ? "playbook" : "action", Value::string(h.name));
  if (!h.step.empty()) v.set("step", Value::string(h.step));
  return v;
}

}  // namespace riposte::engine
