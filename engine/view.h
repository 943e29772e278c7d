// One consistent look at the tenant tree through a caller's roles, taken
// inside a store transaction: every authorisation decision of an operation
// is made against the same snapshot it reads and writes.
#pragma once

#include "engine/access.h"
#include "engine/service.h"
#include "store/store.h"

namespace riposte::engine {

struct View {
  View(store::Tx& tx, const Caller& c) : tree(tx.tenants()), access(c.roles, tree) {}
  View(const View&) = delete;
  View& operator=(const View&) = delete;

  TenantTree tree;
  Access access;  // refers to tree
};

// 1 to 255 code points, none of < > " (engine.md's rule for playbook
// names, used for every display name); "" when acceptable, else why not.
std::string display_name_problem(std::string_view name);

}  // namespace riposte::engine
