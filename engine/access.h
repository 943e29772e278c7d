// Who may do what where (engine.md, "Tenants and roles"): the tenant tree,
// the roles of engine/rights.def, and a caller's reach over the tree.  A
// role on a tenant covers that tenant and its descendants, never its
// ancestors or siblings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/records.h"

namespace riposte::engine {

enum class Role : uint8_t {
#define ROLE(id, api, title) id,
#include "engine/rights.def"
#undef ROLE
};

enum class Operation : uint8_t {
#define OP(id, what, ...) id,
#include "engine/rights.def"
#undef OP
};

std::optional<Role> parse_role(std::string_view api_name);  // "tier1Analyst" -> Tier1Analyst
std::string_view role_name(Role r);                          // the api name
std::string_view operation_name(Operation op);               // "CreatePlaybook"
bool role_allows(Role r, Operation op);

// The tenants as a tree, built from one snapshot of the store.
class TenantTree {
 public:
  explicit TenantTree(const std::vector<store::TenantRow>& tenants);
  bool exists(std::string_view id) const;
  const store::TenantRow* find(std::string_view id) const;
  // `ancestor` is `id` or one of its ancestors.
  bool covers(std::string_view ancestor, std::string_view id) const;
  // id, its parent, ..., the root.
  std::vector<std::string> path_to_root(std::string_view id) const;
  // id and every descendant, in creation order.
  std::vector<std::string> subtree(std::string_view id) const;
  const std::vector<store::TenantRow>& all() const { return tenants_; }

 private:
  std::vector<store::TenantRow> tenants_;
  std::unordered_map<std::string, size_t> index_;
};

// A caller's reach: for each operation, the tenants where some role it
// holds (on that tenant or an ancestor) allows it.
class Access {
 public:
  Access(const std::vector<store::RoleGrant>& roles, const TenantTree& tree);
  bool can(Operation op, std::string_view tenant) const;
  bool can_read(std::string_view tenant) const { return can(Operation::Read, tenant); }
  // Every tenant where `op` is allowed, in creation order.
  std::vector<std::string> tenants_where(Operation op) const;
  // Whether any role the caller holds allows `op` (on any tenant).
  bool holds_any(Operation op) const;

 private:
  std::vector<std::pair<std::string, Role>> grants_;  // unknown role names dropped
  const TenantTree& tree_;
};

}  // namespace riposte::engine
