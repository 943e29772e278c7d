// The shapes of the `mitre` and `risk` documents (docs/actions-siem.md).
#include <cmath>

#include "actions/siem/siem_internal.h"

namespace riposte::actions::siem {

namespace {
// The result's fields: an object as it is, anything else under "result".
Value base_of(const Value* result) {
  if (!result) return Value::object();
  if (result->is_object()) return *result;
  Value doc = Value::object();
  doc.set("result", *result);
  return doc;
}

void merge(Value& doc, const Value& fields) {
  for (const auto& [k, v] : fields.entries()) doc.set(k, v);
}

void set_opt(Value& doc, std::string_view key, const std::optional<std::string>& v) {
  if (v) doc.set(key, Value::string(*v));
}

void set_run(Value& doc, const CallContext& ctx, const std::string& now) {
  doc.set("timestamp", Value::string(now));
  if (!ctx.instance.empty()) doc.set("instance_id", Value::string(ctx.instance));
  if (!ctx.playbook.empty()) doc.set("playbook", Value::string(ctx.playbook));
}

// A scalar field by its flat name ("host.name") or nested path (host.name).
const Value* field(const Value& result, std::string_view name) {
  if (const Value* v = result.find(name); v && !v->is_null() && !v->is_object()) return v;
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) return nullptr;
  const Value* outer = result.find(name.substr(0, dot));
  return outer && outer->is_object() ? field(*outer, name.substr(dot + 1)) : nullptr;
}

const Value* first_field(const Value& result, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (const Value* v = field(result, n)) return v;
  return nullptr;
}

Value number(double d) {
  return std::nearbyint(d) == d && std::fabs(d) < 9e15 ? Value::integer(int64_t(d)) : Value::number(d);
}
}  // namespace

Value mitre_document(const Value* result, const MitreTags& tags, const CallContext& ctx,
                     const std::string& now) {
  Value doc = base_of(result);
  merge(doc, tags.additional);
  set_opt(doc, "name", tags.name);
  set_opt(doc, "rule", tags.rule);
  set_opt(doc, "layer", tags.layer);
  Array techniques;
  for (const std::string& t : tags.techniques) techniques.push_back(Value::string(t));
  doc.set("techniques", Value::array(std::move(techniques)));
  set_opt(doc, "severity", tags.severity);
  set_opt(doc, "incident_id", tags.incident_id);
  set_run(doc, ctx, now);
  return doc;
}

Value risk_object(const Value* result, std::string_view category) {
  Value object = Value::object();
  if (!result || !result->is_object()) return object;
  if (category != "user")
    if (const Value* h = first_field(*result, {"host", "hostname", "host.name"})) object.set("host", *h);
  if (category != "system")
    if (const Value* u = first_field(*result, {"user", "username", "user.name"})) object.set("user", *u);
  return object;
}

Value risk_document(const Value* result, const RiskTags& tags, const CallContext& ctx,
                    const std::string& now) {
  Value doc = base_of(result);
  merge(doc, tags.fields);
  set_opt(doc, "name", tags.name);
  doc.set("score", number(tags.score));
  doc.set("fidelity", number(tags.fidelity));
  doc.set("weightedScore", number(tags.score * tags.fidelity));
  set_opt(doc, "category", tags.category);
  set_opt(doc, "scoringType", tags.scoring_type);
  doc.set("object", risk_object(result, tags.category.value_or("both")));
  set_run(doc, ctx, now);
  return doc;
}

}  // namespace riposte::actions::siem
