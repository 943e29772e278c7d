// Tenants, users, roles and tokens (engine.md, "Tenants and roles"), and
// the first set-up of a store (bootstrap).  Who may manage what is in
// engine/rights.def (ManageTenants, ManageUsers); docs/engine.md, "People".
#include <algorithm>

#include "engine/body.h"
#include "engine/cursor.h"
#include "engine/ids.h"
#include "engine/predefined.h"
#include "engine/resources.h"
#include "engine/service.h"
#include "engine/view.h"
#include "support/utf8.h"

namespace riposte::engine {
namespace {

constexpr std::string_view kBootstrappedKey = "bootstrapped";

// The answer for a tenant the caller names: 404 when it does not exist or
// is not readable, 403 when readable but `op` is not allowed there.
std::optional<Problem> check_on_tenant(const View& v, Operation op, std::string_view tenant, std::string_view what) {
  if (!v.tree().exists(tenant) || !v.access().can_read(tenant)) return not_found(what);
  if (!v.access().can(op, tenant)) return forbidden(std::string("not allowed to ") + std::string(what));
  return std::nullopt;
}

// A user is visible to themselves and to whoever may read a tenant where
// the user holds a role.
bool user_visible(const View& v, const Caller& c, const store::UserRow& u) {
  if (u.id == c.user) return true;
  return std::any_of(u.roles.begin(), u.roles.end(), [&](const store::RoleGrant& g) { return v.access().can_read(g.tenant); });
}

// Managing a user (roles, tokens) needs ManageUsers on every tenant where
// the user holds a role: a tenant administrator cannot act on a user who
// also works for tenants outside theirs.
bool user_manageable(const View& v, const store::UserRow& u) {
  return !u.roles.empty() && std::all_of(u.roles.begin(), u.roles.end(), [&](const store::RoleGrant& g) {
    return v.access().can(Operation::ManageUsers, g.tenant);
  });
}

// Reads [{"tenant","role"}] at `path` and checks that the caller may grant
// each role: the tenant readable (404), ManageUsers there (403), and a Main
// administrator granted only by a Main administrator covering it (403).
Outcome<std::vector<store::RoleGrant>> read_grants(const View& v, const Caller& c, const Value& list, std::string path) {
  if (!list.is_array()) {
    const Value empty = Value::object();  // the reader keeps a reference: not a temporary
    BodyReader r(empty);
    r.wrong_type(path, "an array of {\"tenant\", \"role\"}", list);
    return *r.finish();
  }
  std::vector<store::RoleGrant> grants;
  for (size_t i = 0; i < list.size(); ++i) {
    BodyReader r(list.at(i), index_path(path, i));
    auto tenant = r.string("tenant", Need::Required);
    auto role = r.string("role", Need::Required);
    if (role && !parse_role(*role)) r.refuse(r.path_of("role"), "unknown role \"" + *role + "\"");
    if (auto p = r.finish()) return *p;
    if (auto p = check_on_tenant(v, Operation::ManageUsers, *tenant, "grant roles on tenant " + *tenant)) return *p;
    if (*parse_role(*role) == Role::MainAdministrator) {
      store::UserRow self{c.user, "", "", c.roles, ""};
      bool main_admin = std::any_of(c.roles.begin(), c.roles.end(), [&](const store::RoleGrant& g) {
        return parse_role(g.role) == Role::MainAdministrator && v.tree().covers(g.tenant, *tenant);
      });
      if (!main_admin) return forbidden("only a Main administrator grants the Main administrator role");
    }
    store::RoleGrant g{*tenant, *role};
    if (std::none_of(grants.begin(), grants.end(),
                     [&](const store::RoleGrant& o) { return o.tenant == g.tenant && o.role == g.role; }))
      grants.push_back(std::move(g));
  }
  if (grants.empty()) return refused(path, "a user needs at least one role");
  return grants;
}

template <class Row, class ToJson>
Outcome<Listing> page_of(const std::vector<Row>& rows, const Page& page, ToJson to_json) {
  auto start = decode_cursor(page.cursor);
  if (!start) return bad_cursor();
  size_t limit = std::clamp<size_t>(page.limit, 1, kMaxLimit);
  Listing out;
  for (size_t i = size_t(*start); i < rows.size(); ++i) {
    if (out.items.size() == limit) {
      out.next = encode_cursor(int64_t(i));
      break;
    }
    out.items.push_back(to_json(rows[i]));
  }
  return out;
}

}  // namespace

std::string display_name_problem(std::string_view name) {
  size_t n = support::code_point_count(name);
  if (n == 0) return "must not be empty";
  if (n > 255) return fmt::format("{} characters, at most 255", n);
  if (name.find_first_of("<>\"") != std::string_view::npos) return "must not contain <, > or \"";
  return "";
}

Outcome<Value> Service::bootstrap(std::string_view tenant_name, std::string_view user_name) {
  std::optional<Problem> problem;
  Value answer;
  store_.write([&](store::Tx& tx) {
    if (tx.meta(kBootstrappedKey)) {
      problem = conflict("this store was bootstrapped before: its root tenant and Main administrator exist");
      return false;
    }
    std::string now = now_rfc3339();
    store::TenantRow root{new_uuid(), std::string(tenant_name), "", now};
    tx.insert_tenant(root);
    store::UserRow admin{new_uuid(), std::string(user_name), "", {{root.id, std::string(role_name(Role::MainAdministrator))}}, now};
    tx.insert_user(admin);
    std::string token = new_token();
    tx.insert_token(store::TokenRow{new_uuid(), admin.id, sha256_hex(token), now, false});
    install_predefined_playbooks(tx, root.id, admin.id);
    tx.set_meta(kBootstrappedKey, root.id);
    answer = object_of({{"tenant", Value::string(root.id)}, {"user", Value::string(admin.id)}, {"token", Value::string(token)}});
    return true;
  });
  if (problem) return *problem;
  playbooks_changed(nullptr, "");  // the predefined playbooks
  return answer;
}

Outcome<Caller> Service::authenticate(std::string_view token) {
  std::optional<Caller> caller;
  if (!token.empty()) {
    std::string hash = sha256_hex(token);
    store_.read([&](store::Tx& tx) {
      auto t = tx.token_by_hash(hash);
      if (!t || t->revoked) return;
      if (auto u = tx.user(t->user)) caller = Caller{u->id, u->roles};
    });
  }
  if (!caller) {
    stats_.auth_failures++;
    return unauthorized();
  }
  return *caller;
}

Outcome<Created> Service::create_tenant(const Caller& c, const Value& body) {
  std::optional<Problem> problem;
  store::TenantRow row;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    BodyReader r(body);
    auto id = r.string("id");  // the source system's tenant id, when alerts arrive with it
    auto name = r.string("name", Need::Required);
    auto parent = r.string("parent", Need::Required);
    if (name) {
      if (std::string why = display_name_problem(*name); !why.empty()) r.refuse("name", why);
    }
    if (id && !is_uuid(*id)) r.refuse("id", "must be a UUID");
    if ((problem = r.finish())) return false;
    if ((problem = check_on_tenant(v, Operation::ManageTenants, *parent, "create a child of tenant " + *parent)))
      return false;
    if (id && v.tree().exists(*id)) {
      problem = conflict("tenant " + *id + " exists already");
      return false;
    }
    for (const store::TenantRow& t : v.tree().all())
      if (t.parent == *parent && t.name == *name) {
        problem = conflict("tenant " + *parent + " already has a child named \"" + *name + "\"");
        return false;
      }
    row = store::TenantRow{id.value_or(new_uuid()), *name, *parent, now_rfc3339()};
    tx.insert_tenant(row);
    return true;
  });
  if (problem) return *problem;
  return Created{tenant_json(row)};
}

Outcome<Value> Service::get_tenant(const Caller& c, std::string_view id) {
  std::optional<Value> out;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    if (const store::TenantRow* t = v.tree().find(id); t && v.access().can_read(id)) out = tenant_json(*t);
  });
  if (!out) return not_found("tenant " + std::string(id));
  return *out;
}

Outcome<Listing> Service::list_tenants(const Caller& c, const Page& page) {
  std::vector<store::TenantRow> readable;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    for (const store::TenantRow& t : v.tree().all())
      if (v.access().can_read(t.id)) readable.push_back(t);
  });
  return page_of(readable, page, tenant_json);
}

Outcome<Created> Service::create_user(const Caller& c, const Value& body) {
  std::optional<Problem> problem;
  store::UserRow row;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    BodyReader r(body);
    auto name = r.string("name", Need::Required);
    auto email = r.string("email");
    const Value* roles = r.array("roles", Need::Required);
    if (name) {
      if (std::string why = display_name_problem(*name); !why.empty()) r.refuse("name", why);
    }
    if (email && (email->size() > 254 || email->find('@') == std::string::npos))
      r.refuse("email", "not an e-mail address");
    if ((problem = r.finish())) return false;
    auto grants = read_grants(v, c, *roles, "roles");
    if (!grants.ok()) {
      problem = grants.problem();
      return false;
    }
    row = store::UserRow{new_uuid(), *name, email.value_or(""), grants.value(), now_rfc3339()};
    tx.insert_user(row);
    return true;
  });
  if (problem) return *problem;
  return Created{user_json(row)};
}

Outcome<Value> Service::get_user(const Caller& c, std::string_view id) {
  std::optional<Value> out;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    if (auto u = tx.user(id); u && user_visible(v, c, *u)) out = user_json(*u);
  });
  if (!out) return not_found("user " + std::string(id));
  return *out;
}

Outcome<Listing> Service::list_users(const Caller& c, const Page& page) {
  std::vector<store::UserRow> visible;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    for (store::UserRow& u : tx.users())
      if (user_visible(v, c, u)) visible.push_back(std::move(u));
  });
  return page_of(visible, page, user_json);
}

Outcome<Value> Service::set_roles(const Caller& c, std::string_view user, const Value& body) {
  std::optional<Problem> problem;
  Value out;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    auto u = tx.user(user);
    if (!u || !user_visible(v, c, *u)) {
      problem = not_found("user " + std::string(user));
      return false;
    }
    if (!user_manageable(v, *u)) {
      problem = forbidden("changing the roles of a user needs the right to manage users on every tenant the user works for");
      return false;
    }
    auto grants = read_grants(v, c, body, "");
    if (!grants.ok()) {
      problem = grants.problem();
      return false;
    }
    tx.set_roles(u->id, grants.value());
    u->roles = grants.value();
    out = user_json(*u);
    return true;
  });
  if (problem) return *problem;
  return out;
}

Outcome<Created> Service::issue_token(const Caller& c, const Value& body) {
  std::optional<Problem> problem;
  Value out;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    BodyReader r(body);
    auto user = r.string("user", Need::Required);
    if ((problem = r.finish())) return false;
    auto u = tx.user(*user);
    if (!u || !user_visible(v, c, *u)) {
      problem = not_found("user " + *user);
      return false;
    }
    if (u->id != c.user && !user_manageable(v, *u)) {
      problem = forbidden("issuing a token for another user needs the right to manage users on every tenant that user works for");
      return false;
    }
    std::string token = new_token();
    store::TokenRow row{new_uuid(), u->id, sha256_hex(token), now_rfc3339(), false};
    tx.insert_token(row);
    out = object_of({{"id", Value::string(row.id)}, {"user", Value::string(row.user)}, {"token", Value::string(token)},
                     {"createdAt", Value::string(row.created_at)}});
    return true;
  });
  if (problem) return *problem;
  return Created{out};
}

Outcome<Value> Service::revoke_token(const Caller& c, std::string_view id) {
  std::optional<Problem> problem;
  Value out;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    // A revoked token is gone as a credential: revoking it again is a 404.
    auto t = tx.token(id);
    auto u = t ? tx.user(t->user) : std::nullopt;
    if (!t || t->revoked || !u || !user_visible(v, c, *u)) {
      problem = not_found("token " + std::string(id));
      return false;
    }
    if (u->id != c.user && !user_manageable(v, *u)) {
      problem = forbidden("revoking another user's token needs the right to manage users on every tenant that user works for");
      return false;
    }
    tx.revoke_token(t->id);
    out = object_of({{"id", Value::string(t->id)}, {"user", Value::string(t->user)}, {"revoked", Value::boolean(true)}});
    return true;
  });
  if (problem) return *problem;
  return out;
}

}  // namespace riposte::engine

namespace riposte::engine {

Outcome<Caller> Service::administrator() {
  std::optional<Caller> found;
  store_.read([&](store::Tx& tx) {
    auto root = tx.meta(kBootstrappedKey);
    if (!root) return;
    for (const store::UserRow& u : tx.users())
      for (const store::RoleGrant& g : u.roles)
        if (!found && g.tenant == *root && g.role == "mainAdministrator") found = Caller{u.id, u.roles};
  });
  if (!found) return Problem{409, "Not bootstrapped", "the store has no Main administrator on its root tenant", {}};
  return *found;
}

}  // namespace riposte::engine
