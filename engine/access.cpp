#include "engine/access.h"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace riposte::engine {
namespace {

struct RoleInfo {
  Role role;
  std::string_view api;
  std::string_view title;
};

constexpr RoleInfo kRoles[] = {
#define ROLE(id, api, title) {Role::id, api, title},
#include "engine/rights.def"
#undef ROLE
};

constexpr size_t kRoleCount = std::size(kRoles);

struct OpInfo {
  std::string_view name;
  std::array<bool, kRoleCount> allowed{};
};

template <class... R>
constexpr OpInfo op(std::string_view name, R... roles) {
  OpInfo info{name, {}};
  for (Role r : {roles...}) info.allowed[size_t(r)] = true;
  return info;
}

constexpr OpInfo kOps[] = {
#define OP(id, what, ...)                                     \
  [] {                                                        \
    using enum Role;                                          \
    return op(#id, __VA_ARGS__);                              \
  }(),
#include "engine/rights.def"
#undef OP
};

}  // namespace

std::optional<Role> parse_role(std::string_view api_name) {
  for (const RoleInfo& r : kRoles)
    if (r.api == api_name) return r.role;
  return std::nullopt;
}

std::string_view role_name(Role r) {
  return kRoles[size_t(r)].api;
}

std::string_view operation_name(Operation op) {
  return kOps[size_t(op)].name;
}

bool role_allows(Role r, Operation op) {
  return kOps[size_t(op)].allowed[size_t(r)];
}

TenantTree::TenantTree(const std::vector<store::TenantRow>& tenants) : tenants_(tenants) {
  for (size_t i = 0; i < tenants_.size(); ++i) index_.emplace(tenants_[i].id, i);
}

bool TenantTree::exists(std::string_view id) const {
  return find(id) != nullptr;
}

const store::TenantRow* TenantTree::find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? nullptr : &tenants_[it->second];
}

bool TenantTree::covers(std::string_view ancestor, std::string_view id) const {
  // The tree is acyclic (a parent exists before its child), so the walk ends.
  for (const store::TenantRow* t = find(id); t; t = t->parent.empty() ? nullptr : find(t->parent))
    if (t->id == ancestor) return true;
  return false;
}

std::vector<std::string> TenantTree::path_to_root(std::string_view id) const {
  std::vector<std::string> out;
  for (const store::TenantRow* t = find(id); t; t = t->parent.empty() ? nullptr : find(t->parent))
    out.push_back(t->id);
  return out;
}

std::vector<std::string> TenantTree::subtree(std::string_view id) const {
  std::vector<std::string> out;
  for (const store::TenantRow& t : tenants_)
    if (covers(id, t.id)) out.push_back(t.id);
  return out;
}

Access::Access(const std::vector<store::RoleGrant>& roles, const TenantTree& tree) : tree_(tree) {
  for (const store::RoleGrant& g : roles)
    if (auto r = parse_role(g.role)) grants_.emplace_back(g.tenant, *r);
}

bool Access::can(Operation op, std::string_view tenant) const {
  for (const auto& [granted_on, role] : grants_)
    if (role_allows(role, op) && tree_.covers(granted_on, tenant)) return true;
  return false;
}

std::vector<std::string> Access::tenants_where(Operation op) const {
  std::vector<std::string> out;
  for (const store::TenantRow& t : tree_.all())
    if (can(op, t.id)) out.push_back(t.id);
  return out;
}

bool Access::holds_any(Operation op) const {
  return std::any_of(grants_.begin(), grants_.end(), [&](const auto& g) { return role_allows(g.second, op); });
}

}  // namespace riposte::engine
