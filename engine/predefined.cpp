#include "engine/predefined.h"

#include <stdexcept>
#include <string_view>

#include "engine/ids.h"
#include "engine/playbook_diff.h"
#include "engine/playbook_json.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

struct Shipped {
  std::string_view file;       // samples/playbooks/P00N.json
  std::string_view algorithm;  // samples/playbooks/P00N.algorithm.json
  std::string_view mode;
  std::string_view description;
};

constexpr Shipped kShipped[] = {
    {
#include "predefined_P001_json.inc"
        ,
#include "predefined_P001_algorithm_json.inc"
        ,
        "training",
        "Office applications created an executable file (correlation rule R350): resets the LDAP password of the "
        "alert's user accounts, then assigns them a KASAP security course. A template: set the KASAP groupId in a "
        "duplicate before use."},
    {
#include "predefined_P002_json.inc"
        ,
#include "predefined_P002_algorithm_json.inc"
        ,
        "manual",
        "The Windows Event Log was cleared (correlation rule R050, in the incident's alerts): blocks the "
        "attacker's account. Shipped in Manual mode; the vendor does not recommend Auto or Training."},
    {
#include "predefined_P003_json.inc"
        ,
#include "predefined_P003_algorithm_json.inc"
        ,
        "training",
        "Suspicious child process of wmiprvse.exe (correlation rule R297): blocks the attacker's account, then "
        "terminates the suspicious processes on the alert's hosts."},
};

std::string member(const Value& v, std::string_view key) {
  const Value* m = v.find(key);
  if (!m || !m->is_string()) throw std::logic_error("predefined playbook without " + std::string(key));
  return std::string(m->str());
}

}  // namespace

void install_predefined_playbooks(store::Tx& tx, const std::string& root_tenant, const std::string& user) {
  const std::string now = now_rfc3339();
  for (const Shipped& s : kShipped) {
    Value file;
    JsonError err;
    if (!parse_json(s.file, file, err)) throw std::logic_error("predefined playbook: invalid JSON: " + err.message);
    store::PlaybookRow p;
    p.id = new_uuid();
    p.tenant = root_tenant;
    p.name = member(file, "name");
    p.tags = {"Predefined"};
    p.description = std::string(s.description);
    p.scope = *parse_scope_text(member(file, "scope"));
    p.mode = std::string(s.mode);
    // Kept in every mode: the vendor's trigger is part of the shipped
    // playbook (P002 in Manual may be switched to Auto or Training).
    p.trigger = member(file, "trigger");
    p.algorithm = std::string(s.algorithm);
    p.predefined = true;
    p.created_at = p.updated_at = now;
    p.created_by = p.updated_by = user;
    tx.insert_playbook(p);
    store::ChangelogRow c;
    c.playbook = p.id;
    c.at = now;
    c.user = user;
    c.change = change_text("created", Value::array(), "");
    tx.insert_changelog(c);
  }
}

}  // namespace riposte::engine
