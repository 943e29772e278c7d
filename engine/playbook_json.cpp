#include "engine/playbook_json.h"

#include "value/json.h"

namespace riposte::engine {

std::string_view scope_text(store::ObjectKind scope) {
  return scope == store::ObjectKind::Alert ? "alert" : "incident";
}

std::optional<store::ObjectKind> parse_scope_text(std::string_view s) {
  if (s == "alert") return store::ObjectKind::Alert;
  if (s == "incident") return store::ObjectKind::Incident;
  return std::nullopt;
}

Value algorithm_value(std::string_view text) {
  Value v;
  JsonError err;
  if (parse_json(text, v, err)) return v;
  return Value::string(text);
}

Value strings_value(const std::vector<std::string>& items) {
  Array a;
  a.reserve(items.size());
  for (const std::string& s : items) a.push_back(Value::string(s));
  return Value::array(std::move(a));
}

Value playbook_value(const store::PlaybookRow& p, bool available) {
  Object o;
  o["id"] = Value::string(p.id);
  o["tenant"] = Value::string(p.tenant);
  o["name"] = Value::string(p.name);
  o["tags"] = strings_value(p.tags);
  o["description"] = Value::string(p.description);
  o["scope"] = Value::string(scope_text(p.scope));
  o["mode"] = Value::string(p.mode);
  o["launchingRule"] = p.mode == "auto" && !p.launching_rule.empty() ? Value::string(p.launching_rule) : Value::null();
  o["trigger"] = p.trigger ? Value::string(*p.trigger) : Value::null();
  o["algorithm"] = algorithm_value(p.algorithm);
  Object inh;
  inh["enabled"] = Value::boolean(p.inheritance);
  inh["excludedTenants"] = strings_value(p.excluded_tenants);
  o["inheritance"] = Value::object(std::move(inh));
  o["predefined"] = Value::boolean(p.predefined);
  o["deleted"] = Value::boolean(p.deleted);
  o["launches"] = Value::integer(p.launches);
  o["availability"] = Value::string(available ? "available" : "unavailable");
  o["createdAt"] = Value::string(p.created_at);
  o["createdBy"] = Value::string(p.created_by);
  o["updatedAt"] = Value::string(p.updated_at);
  o["updatedBy"] = Value::string(p.updated_by);
  return Value::object(std::move(o));
}

}  // namespace riposte::engine
