#include "engine/playbook_access.h"

namespace riposte::engine {

bool playbook_held_by(const TenantTree& tree, const store::PlaybookRow& p, std::string_view t) {
  if (t == p.tenant) return true;
  if (!p.inheritance || !tree.covers(p.tenant, t)) return false;
  for (const std::string& e : p.excluded_tenants)
    if (tree.covers(e, t)) return false;
  return true;
}

bool View::reaches(const store::PlaybookRow& p, Operation op) const {
  if (access_.can(op, p.tenant)) return true;
  if (!p.inheritance) return false;
  for (const store::TenantRow& t : tree_.all())
    if (t.id != p.tenant && holds(p, t.id) && access_.can(op, t.id)) return true;
  return false;
}

}  // namespace riposte::engine
