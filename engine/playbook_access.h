// Who reaches a playbook (engine.md, Tenants and roles; docs/engine.md,
// Playbooks): the tenants that hold it (its owner, and the owner's
// descendants when inheritance is on and they are not excluded) and the
// caller's rights on them.
#pragma once

#include <string_view>
#include <vector>

#include "engine/access.h"
#include "engine/service.h"
#include "store/records.h"
#include "store/store.h"

namespace riposte::engine {

// Whether tenant `t` holds the playbook: its owner, or a descendant of the
// owner with inheritance on, not in (or under) an excluded tenant.
bool playbook_held_by(const TenantTree& tree, const store::PlaybookRow& p, std::string_view t);

// One snapshot's tenant tree and the caller's reach over it.
class View {
 public:
  View(store::Tx& tx, const Caller& c) : tree_(tx.tenants()), access_(c.roles, tree_) {}
  View(const View&) = delete;
  View& operator=(const View&) = delete;
  const TenantTree& tree() const { return tree_; }
  const Access& access() const { return access_; }

  // Whether tenant `t` holds the playbook: its owner, or a descendant of the
  // owner with inheritance on, not in (or under) an excluded tenant.
  bool holds(const store::PlaybookRow& p, std::string_view t) const { return playbook_held_by(tree_, p, t); }
  // Whether `op` is allowed on some tenant that holds the playbook.
  bool reaches(const store::PlaybookRow& p, Operation op) const;
  bool readable(const store::PlaybookRow& p) const { return reaches(p, Operation::Read); }
  // "available": the caller may launch it (LaunchPlaybook where it is held).
  bool available(const store::PlaybookRow& p) const { return reaches(p, Operation::LaunchPlaybook); }

 private:
  TenantTree tree_;
  Access access_;
};

}  // namespace riposte::engine
