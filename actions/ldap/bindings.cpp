// The four LDAP actions (docs/actions-ldap.md): the asset found by the user
// filter, then one state set on the directory.
#include <fmt/format.h>
#include <ldap.h>

#include <algorithm>

#include "actions/bindings.h"
#include "actions/ldap/ldap.h"
#include "actions/ldap/session.h"

namespace riposte::actions::ldap {

namespace {

enum class Kind { Block, Reset, AddToGroup, RemoveFromGroup };

Value str(std::string_view s) { return Value::string(std::string(s)); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// The member attributes of a group: DN-valued ones get the user's DN,
// memberUid the user's uid.
struct MemberAttr {
  std::string name;
  bool by_dn;
};

class LdapBinding : public Binding {
 public:
  LdapBinding(const ActionSchema& schema, Kind kind, std::shared_ptr<const config::ActionConfig> config)
      : Binding(schema), kind_(kind), config_(std::move(config)) {}

  Outcome invoke(const Call& call) override {
    try {
      return run(call);
    } catch (const std::exception& e) {
      return fail(Failure::Action, fmt::format("ldap: {}", e.what()));
    }
  }

 private:
  Outcome fail(Failure f, std::string why) const { return Outcome::error(f, fmt::format("{}: {}", type(), why)); }
  Outcome fail(const Reply& r) const { return fail(r.failure, r.error); }

  Outcome run(const Call& call) {
    const std::shared_ptr<const config::Connections> conns = config_->for_tenants(call.context.tenants);
    if (!conns->ldap) return fail(Failure::Action, "no \"ldap\" section in --config for this tenant");
    const config::LdapConfig& cfg = *conns->ldap;
    if (!call.asset || call.asset->empty()) return fail(Failure::BadCall, "the asset (a user ID) is empty");
    const std::string& asset = *call.asset;

    std::string group_dn;
    if (kind_ == Kind::AddToGroup || kind_ == Kind::RemoveFromGroup) {
      const Value* g = call.params.find("groupDN");
      if (g == nullptr) return fail(Failure::BadCall, "params.groupDN is required");
      if (!g->is_string() || g->str().empty())
        return fail(Failure::BadCall, fmt::format("params.groupDN must be a non-empty string, got {}", g->type_name()));
      group_dn = std::string(g->str());
      if (std::string why = check_dn(group_dn); !why.empty())
        return fail(Failure::BadCall, fmt::format("params.groupDN \"{}\" is not a DN: {}", group_dn, why));
      if (!dn_within(group_dn, cfg.base_dn))
        return fail(Failure::BadCall,
                    fmt::format("params.groupDN \"{}\" is not under the configured baseDN \"{}\"", group_dn, cfg.base_dn));
    }

    Session s(cfg, call);
    if (Reply r = s.open(*conns); !r.success()) return fail(r);

    // The asset's entry: exactly one.
    const std::string filter = user_filter(cfg.user_filter, asset);
    Reply found = s.search(cfg.base_dn, LDAP_SCOPE_SUBTREE, filter, {"uid", cfg.block_attribute}, 2);
    if (!found.answered()) return fail(found);
    if (found.code != LDAP_SUCCESS && found.code != LDAP_SIZELIMIT_EXCEEDED)
      return fail(Failure::Action, fmt::format("searching {} under {} failed: {}", filter, cfg.base_dn, found.describe()));
    if (found.entries.empty())
      return fail(Failure::Action, fmt::format("no user matches {} under {}", filter, cfg.base_dn));
    if (found.entries.size() > 1 || found.code == LDAP_SIZELIMIT_EXCEEDED)
      return fail(Failure::Action, fmt::format("several entries match {} under {} ({}, {}, ...): refused, the asset "
                                               "must name exactly one user",
                                               filter, cfg.base_dn, found.entries[0].dn,
                                               found.entries.size() > 1 ? found.entries[1].dn : "?"));
    const Entry& user = found.entries[0];

    switch (kind_) {
      case Kind::Block:
        return block(s, cfg, user);
      case Kind::Reset:
        return reset(s, cfg, user);
      case Kind::AddToGroup:
      case Kind::RemoveFromGroup:
        return membership(s, user, group_dn);
    }
    return fail(Failure::Action, "unknown action");
  }

  static bool blocked(const config::LdapConfig& cfg, const Entry& user) {
    const std::vector<std::string>* v = user.find(cfg.block_attribute);
    return v != nullptr && std::find(v->begin(), v->end(), cfg.block_value) != v->end();
  }

  Outcome set_block(Session& s, const config::LdapConfig& cfg, const Entry& user) const {
    Reply m = s.modify(user.dn, ModOp::Replace, cfg.block_attribute, {cfg.block_value});
    if (!m.answered()) return fail(m);
    if (m.code == LDAP_UNDEFINED_TYPE || m.code == LDAP_NO_SUCH_ATTRIBUTE || m.code == LDAP_OBJECT_CLASS_VIOLATION)
      return fail(Failure::Action,
                  fmt::format("cannot set {} on {}: {} (blockAttribute {} must be in the directory's schema and "
                              "allowed on the entry; pwdAccountLockedTime needs the ppolicy overlay)",
                              cfg.block_attribute, user.dn, m.describe(), cfg.block_attribute));
    if (m.code != LDAP_SUCCESS)
      return fail(Failure::Action, fmt::format("cannot set {} on {}: {}", cfg.block_attribute, user.dn, m.describe()));
    return Outcome::success(Value());
  }

  Outcome block(Session& s, const config::LdapConfig& cfg, const Entry& user) const {
    const bool already = blocked(cfg, user);
    if (!already) {
      Outcome o = set_block(s, cfg, user);
      if (!o.ok()) return o;
    }
    Object r;
    r.emplace("dn", str(user.dn));
    r.emplace("blocked", Value::boolean(true));
    r.emplace("attribute", str(cfg.block_attribute));
    r.emplace("value", str(cfg.block_value));
    r.emplace("changed", Value::boolean(!already));
    return Outcome::success(Value::object(std::move(r)));
  }

  Outcome reset(Session& s, const config::LdapConfig& cfg, const Entry& user) const {
    const std::string password = generate_password();
    if (password.empty()) return fail(Failure::Action, "no randomness from the kernel (getrandom)");
    Reply p = s.set_password(user.dn, password);
    if (!p.answered()) return fail(p);
    if (p.code != LDAP_SUCCESS)
      return fail(Failure::Action, fmt::format("the directory refused to set the password of {}: {}", user.dn,
                                               p.describe()));
    // A directory may lift a lock when an administrator sets a password
    // (OpenLDAP's ppolicy does): an account blocked by blockLDAPAccount stays blocked.
    const bool was_blocked = blocked(cfg, user);
    if (was_blocked) {
      Outcome o = set_block(s, cfg, user);
      if (!o.ok())
        return Outcome::error(Failure::Action,
                              fmt::format("{} (the password of {} WAS reset)", o.message, user.dn));
    }
    Object r;
    r.emplace("dn", str(user.dn));
    r.emplace("passwordReset", Value::boolean(true));
    if (cfg.reveal_passwords)
      r.emplace("password", str(password));
    else
      r.emplace("passwordRevealed", Value::boolean(false));
    if (was_blocked) r.emplace("stillBlocked", Value::boolean(true));
    return Outcome::success(Value::object(std::move(r)));
  }

  Outcome membership(Session& s, const Entry& user, const std::string& group_dn) const {
    const bool add = kind_ == Kind::AddToGroup;
    Reply g = s.search(group_dn, LDAP_SCOPE_BASE, "(objectClass=*)", {"objectClass"}, 1);
    if (!g.answered()) return fail(g);
    if (g.code == LDAP_NO_SUCH_OBJECT || (g.code == LDAP_SUCCESS && g.entries.empty()))
      return fail(Failure::Action, fmt::format("the group {} does not exist", group_dn));
    if (g.code != LDAP_SUCCESS)
      return fail(Failure::Action, fmt::format("reading the group {} failed: {}", group_dn, g.describe()));
    std::vector<MemberAttr> attrs;
    std::string classes;
    if (const std::vector<std::string>* oc = g.entries[0].find("objectClass")) {
      for (const std::string& c : *oc) {
        const std::string l = lower(c);
        classes += (classes.empty() ? "" : ", ") + c;
        if (l == "groupofnames") attrs.push_back({"member", true});
        if (l == "groupofuniquenames") attrs.push_back({"uniqueMember", true});
        if (l == "posixgroup") attrs.push_back({"memberUid", false});
      }
    }
    if (attrs.empty())
      return fail(Failure::Action, fmt::format("{} is not a groupOfNames, groupOfUniqueNames or posixGroup "
                                               "(objectClass: {})",
                                               group_dn, classes));
    bool changed = false;
    Array names;
    for (const MemberAttr& a : attrs) {
      std::string value = user.dn;
      if (!a.by_dn) {
        const std::vector<std::string>* uid = user.find("uid");
        if (uid == nullptr || uid->empty())
          return fail(Failure::Action, fmt::format("{} is a posixGroup (memberUid) but {} has no uid", group_dn, user.dn));
        value = uid->front();
      }
      Reply m = s.modify(group_dn, add ? ModOp::Add : ModOp::Delete, a.name, {value});
      if (!m.answered()) return fail(m);
      names.push_back(str(a.name));
      // Set, not toggle: already a member (add) or not one (remove) is the state asked for.
      if (add && m.code == LDAP_TYPE_OR_VALUE_EXISTS) continue;
      if (!add && m.code == LDAP_NO_SUCH_ATTRIBUTE) continue;
      if (!add && m.code == LDAP_OBJECT_CLASS_VIOLATION)
        return fail(Failure::Action, fmt::format("cannot remove {} from {}: it is the group's last {} and the schema "
                                                 "requires one ({})",
                                                 value, group_dn, a.name, m.describe()));
      if (m.code != LDAP_SUCCESS)
        return fail(Failure::Action, fmt::format("cannot {} {} {} {} ({}): {}", add ? "add" : "remove", value,
                                                 add ? "to" : "from", group_dn, a.name, m.describe()));
      changed = true;
    }
    Object r;
    r.emplace("dn", str(user.dn));
    r.emplace("groupDN", str(group_dn));
    r.emplace("member", Value::boolean(add));
    r.emplace("attributes", Value::array(std::move(names)));
    r.emplace("changed", Value::boolean(changed));
    return Outcome::success(Value::object(std::move(r)));
  }

  Kind kind_;
  std::shared_ptr<const config::ActionConfig> config_;
};

}  // namespace

std::unique_ptr<Binding> make_ldap_bindings(const ActionSchema& schema, const BindingContext& context) {
  Kind kind;
  if (schema.type == "blockLDAPAccount") kind = Kind::Block;
  else if (schema.type == "resetLDAPPassword") kind = Kind::Reset;
  else if (schema.type == "addToLDAPGroup") kind = Kind::AddToGroup;
  else if (schema.type == "removeFromLDAPGroup") kind = Kind::RemoveFromGroup;
  else return nullptr;
  return std::make_unique<LdapBinding>(schema, kind, context.config);
}

}  // namespace riposte::actions::ldap
