// Scaffold: every operation answers 501 until engine/ implements it (replaced piece by piece).
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "engine/service.h"

namespace riposte::engine {

Service::Service(store::Store& store) : store_(store) {}
Service::~Service() = default;

Outcome<Value> Service::bootstrap(std::string_view tenant_name, std::string_view user_name) {
  return Problem{501, "Not implemented", "bootstrap", {}};
}

Outcome<Caller> Service::authenticate(std::string_view token) {
  return Problem{501, "Not implemented", "authenticate", {}};
}

Outcome<Created> Service::create_tenant(const Caller& c, const Value& body) {
  return Problem{501, "Not implemented", "create_tenant", {}};
}

Outcome<Value> Service::get_tenant(const Caller& c, std::string_view id) {
  return Problem{501, "Not implemented", "get_tenant", {}};
}

Outcome<Listing> Service::list_tenants(const Caller& c, const Page& page) {
  return Problem{501, "Not implemented", "list_tenants", {}};
}

Outcome<Created> Service::create_user(const Caller& c, const Value& body) {
  return Problem{501, "Not implemented", "create_user", {}};
}

Outcome<Value> Service::get_user(const Caller& c, std::string_view id) {
  return Problem{501, "Not implemented", "get_user", {}};
}

Outcome<Listing> Service::list_users(const Caller& c, const Page& page) {
  return Problem{501, "Not implemented", "list_users", {}};
}

Outcome<Value> Service::set_roles(const Caller& c, std::string_view user, const Value& body) {
  return Problem{501, "Not implemented", "set_roles", {}};
}

Outcome<Created> Service::issue_token(const Caller& c, const Value& body) {
  return Problem{501, "Not implemented", "issue_token", {}};
}

Outcome<Value> Service::revoke_token(const Caller& c, std::string_view id) {
  return Problem{501, "Not implemented", "revoke_token", {}};
}











Outcome<Created> Service::ingest(const Caller& c, store::ObjectKind kind, std::span<const Value> objects, bool batch, const std::optional<Idempotency>& idem) {
  return Problem{501, "Not implemented", "ingest", {}};
}

Outcome<Value> Service::get_object(const Caller& c, store::ObjectKind kind, std::string_view id) {
  return Problem{501, "Not implemented", "get_object", {}};
}

Outcome<Listing> Service::list_objects(const Caller& c, store::ObjectKind kind, const ObjectQuery& q, const Page& page) {
  return Problem{501, "Not implemented", "list_objects", {}};
}

Outcome<Value> Service::patch_object(const Caller& c, store::ObjectKind kind, std::string_view id, const Value& body) {
  return Problem{501, "Not implemented", "patch_object", {}};
}

Outcome<Listing> Service::object_changes(const Caller& c, store::ObjectKind kind, std::string_view id, const Page& page) {
  return Problem{501, "Not implemented", "object_changes", {}};
}

}  // namespace riposte::engine
