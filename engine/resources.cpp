#include "engine/resources.h"

#include "value/json.h"

namespace riposte::engine {
Value parsed_or_null(const std::string& text) {
  Value v;
  JsonError err;
  if (text.empty() || !parse_json(text, v, err)) return Value::null();
  return v;
}

Value object_of(std::initializer_list<std::pair<std::string_view, Value>> members) {
  Value o = Value::object();
  for (const auto& [k, v] : members) o.set(k, v);
  return o;
}

Value string_or_null(std::string_view s) {
  return s.empty() ? Value::null() : Value::string(s);
}

Value strings_array(const std::vector<std::string>& items) {
  Array a;
  a.reserve(items.size());
  for (const std::string& s : items) a.push_back(Value::string(s));
  return Value::array(std::move(a));
}

Value tenant_json(const store::TenantRow& t) {
  return object_of({{"id", Value::string(t.id)},
                    {"name", Value::string(t.name)},
                    {"parent", string_or_null(t.parent)},
                    {"createdAt", Value::string(t.created_at)}});
}

Value user_json(const store::UserRow& u) {
  Array roles;
  for (const store::RoleGrant& g : u.roles)
    roles.push_back(object_of({{"tenant", Value::string(g.tenant)}, {"role", Value::string(g.role)}}));
  return object_of({{"id", Value::string(u.id)},
                    {"name", Value::string(u.name)},
                    {"email", Value::string(u.email)},
                    {"roles", Value::array(std::move(roles))},
                    {"createdAt", Value::string(u.created_at)}});
}

Value change_json(const store::ObjectChangeRow& c) {
  return object_of({{"at", Value::string(c.at)},
                    {"user", Value::string(c.user)},
                    {"event", parsed_or_null(c.event)},
                    {"patch", parsed_or_null(c.patch)}});
}

std::string_view kind_name(store::ObjectKind k) {
  return k == store::ObjectKind::Alert ? "alert" : "incident";
}

}  // namespace riposte::engine
