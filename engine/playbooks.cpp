// The playbook operations of the Service (engine.md, Playbooks; api.md,
// Playbook): create, read, list, edit, duplicate, changelog, delete.
// Decisions where the spec is silent: docs/engine.md, Playbooks.
#include <algorithm>

#include <fmt/format.h>

#include "engine/body.h"
#include "engine/cursor.h"
#include "engine/ids.h"
#include "engine/playbook_access.h"
#include "engine/playbook_diff.h"
#include "engine/playbook_json.h"
#include "engine/playbook_rules.h"
#include "engine/runtime.h"
#include "engine/service.h"
#include "support/utf8.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

size_t page_limit(const Page& page) {
  if (page.limit == 0) return kDefaultLimit;
  return std::min(page.limit, kMaxLimit);
}

// A name taken by another non-deleted playbook of `tenant`.
bool name_taken(store::Tx& tx, std::string_view tenant, std::string_view name, std::string_view except_id) {
  for (const store::PlaybookRow& p : tx.playbooks())
    if (!p.deleted && p.tenant == tenant && p.name == name && p.id != except_id) return true;
  return false;
}

Problem name_conflict(std::string_view name) {
  return conflict(fmt::format("name: a playbook named \"{}\" already exists in this tenant", name));
}

// Every excluded tenant must be a descendant of the owner.
void check_excluded(const View& v, const store::PlaybookRow& row, std::vector<support::Diagnostic>& errors) {
  for (size_t i = 0; i < row.excluded_tenants.size(); ++i) {
    const std::string& t = row.excluded_tenants[i];
    if (t == row.tenant || !v.tree().exists(t) || !v.tree().covers(row.tenant, t))
      errors.push_back(rule_error(index_path("inheritance.excludedTenants", i),
                                  "not a descendant tenant of the playbook's tenant"));
  }
}

// The name of a copy: the original's without the characters names may not
// hold and the vendor's "[KL] " prefix, with " (copy)", " (copy 2)", ...
std::string copy_name(store::Tx& tx, std::string_view tenant, std::string_view original) {
  std::string base;
  for (char ch : original) {
    if (ch == '"') base += '\'';
    else if (ch != '<' && ch != '>') base += ch;
  }
  if (base.rfind("[KL] ", 0) == 0) base.erase(0, 5);
  for (int n = 1;; ++n) {
    std::string suffix = n == 1 ? " (copy)" : fmt::format(" (copy {})", n);
    std::string b = base;
    while (support::code_point_count(b) + suffix.size() > kMaxNameLength) {
      size_t cut = b.size() - 1;
      while (cut > 0 && support::is_continuation_byte(b[cut])) --cut;
      b.erase(cut);
    }
    std::string name = b + suffix;
    if (!name_taken(tx, tenant, name, "")) return name;
  }
}

void add_changelog(store::Tx& tx, const std::string& playbook, const std::string& at, const std::string& user,
                   std::string change) {
  store::ChangelogRow c;
  c.playbook = playbook;
  c.at = at;
  c.user = user;
  c.change = std::move(change);
  tx.insert_changelog(c);
}

// The checks of a playbook about to be saved: the body's rule errors, the
// excluded tenants, the trigger and the algorithm.  nullopt when it may be saved.
std::optional<Problem> save_errors(const View& v, PlaybookBody& b) {
  std::vector<support::Diagnostic> errors = std::move(b.errors);
  check_excluded(v, b.row, errors);
  for (support::Diagnostic& d : code_errors(b.row)) errors.push_back(std::move(d));
  if (errors.empty()) return std::nullopt;
  return invalid_playbook(std::move(errors));
}

const std::string& row_id_of(const store::PlaybookRow& p) { return p.id; }

// Unfinished instances (In progress or Awaiting approval) of a playbook, in
// any tenant: a playbook is deleted only when none runs (engine.md).
bool has_unfinished_instances(store::Tx& tx, const View& v, const std::string& playbook) {
  store::InstanceFilter f;
  for (const store::TenantRow& t : v.tree().all()) f.tenants.push_back(t.id);
  f.playbook = playbook;
  f.unfinished_only = true;
  f.with_state = false;
  f.limit = 1;
  return !tx.instances(f).empty();
}

}  // namespace

// runningInstances on a change of mode (engine.md): terminate every
// unfinished instance, or only those awaiting approval.
void Service::terminate_on_mode_change(store::Tx& tx, const store::PlaybookRow& p, bool all, const std::string& now,
                                       LaunchEffects& fx) {
  store::InstanceFilter f;
  for (const store::TenantRow& t : tx.tenants()) f.tenants.push_back(t.id);
  f.playbook = p.id;
  f.unfinished_only = true;
  f.with_state = false;
  f.limit = 1'000'000;
  for (store::InstanceRow& r : tx.instances(f))
    if (all || r.status == "AwaitingApproval") runtime_->terminate(tx, r, now, fx);
}

// The Playbook resource with its trigger's counters since the server
// started (docs/launch.md, Matching).
Value Service::playbook_resource(const store::PlaybookRow& p, bool available) {
  Value v = playbook_value(p, available);
  const TriggerCounters& n = runtime_->catalog.counters(p.id);
  v.set("triggerStats", Value::object(Object{{"evaluated", Value::integer(int64_t(n.evaluated.load()))},
                                             {"matched", Value::integer(int64_t(n.matched.load()))},
                                             {"errors", Value::integer(int64_t(n.errors.load()))}}));
  return v;
}

void Service::playbooks_changed(const store::PlaybookRow* launch_all, const std::string& user) {
  if (!defer_rebuilds_ || launch_all) runtime_->catalog.rebuild(store_);
  if (launch_all) runtime_->launch_for_all(*launch_all, user);
}

void Service::defer_trigger_rebuilds(bool defer) {
  bool was = defer_rebuilds_.exchange(defer);
  if (was && !defer) runtime_->catalog.rebuild(store_);
}

Outcome<Created> Service::create_playbook(const Caller& c, const Value& body) {
  store::PlaybookRow base;
  base.scope = store::ObjectKind::Alert;
  PlaybookBody b = read_playbook_body(body, BodyKind::Create, base);
  if (b.shape) return *b.shape;
  std::optional<Problem> problem;
  Value result;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    if (!v.tree().exists(b.row.tenant) || !v.access().can_read(b.row.tenant)) {
      problem = not_found("tenant " + b.row.tenant);
      return false;
    }
    if (!v.access().can(Operation::CreatePlaybook, b.row.tenant)) {
      problem = forbidden("creating playbooks in this tenant needs the CreatePlaybook right");
      return false;
    }
    if ((problem = save_errors(v, b))) return false;
    if (name_taken(tx, b.row.tenant, b.row.name, "")) {
      problem = name_conflict(b.row.name);
      return false;
    }
    store::PlaybookRow& row = b.row;
    row.id = new_uuid();
    row.created_at = row.updated_at = now_rfc3339();
    row.created_by = row.updated_by = c.user;
    tx.insert_playbook(row);
    add_changelog(tx, row.id, row.created_at, c.user, change_text("created", Value::array(), ""));
    result = playbook_resource(row, v.available(row));
    return true;
  });
  if (problem) return *problem;
  stats_.playbooks_saved.fetch_add(1, std::memory_order_relaxed);
  playbooks_changed(b.launch_for_all_matching ? &b.row : nullptr, c.user);
  return Created{result, 201, false};
}

Outcome<Value> Service::get_playbook(const Caller& c, std::string_view id) {
  std::optional<Problem> problem;
  Value result;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    auto p = tx.playbook(id);
    if (!p || !v.readable(*p)) {
      problem = not_found("playbook");
      return;
    }
    result = playbook_resource(*p, v.available(*p));
  });
  if (problem) return *problem;
  return result;
}

Outcome<Listing> Service::list_playbooks(const Caller& c, const PlaybookQuery& q, const Page& page) {
  auto after = decode_cursor(page.cursor);
  if (!after) return bad_cursor();
  if (!q.mode.empty() && q.mode != "auto" && q.mode != "training" && q.mode != "manual")
    return refused("mode", "must be \"auto\", \"training\" or \"manual\"");
  std::optional<store::ObjectKind> scope;
  if (!q.scope.empty() && !(scope = parse_scope_text(q.scope)))
    return refused("scope", "must be \"alert\" or \"incident\"");
  const size_t limit = page_limit(page);
  auto lower = [](std::string s) {
    for (char& ch : s)
      if (ch >= 'A' && ch <= 'Z') ch = char(ch - 'A' + 'a');
    return s;
  };
  const std::string text = lower(q.text);
  Listing out;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    int64_t last = *after;
    for (const store::PlaybookRow& p : tx.playbooks()) {
      if (p.seq <= *after) continue;
      if (p.deleted && !q.include_deleted) continue;
      if (!q.tenant.empty() && p.tenant != q.tenant) continue;
      if (!q.mode.empty() && p.mode != q.mode) continue;
      if (scope && p.scope != *scope) continue;
      bool tags_ok = std::all_of(q.tags.begin(), q.tags.end(), [&](const std::string& t) {
        return std::find(p.tags.begin(), p.tags.end(), t) != p.tags.end();
      });
      if (!tags_ok) continue;
      if (!text.empty() && lower(p.name).find(text) == std::string::npos &&
          lower(p.description).find(text) == std::string::npos)
        continue;
      if (!v.readable(p)) continue;
      if (out.items.size() == limit) {
        out.next = encode_cursor(last);
        break;
      }
      out.items.push_back(playbook_resource(p, v.available(p)));
      last = p.seq;
    }
  });
  return out;
}

Outcome<Value> Service::update_playbook(const Caller& c, std::string_view id, const Value& body) {
  std::optional<Problem> problem;
  Value result;
  bool saved = false, launch_all = false;
  store::PlaybookRow saved_row;
  LaunchEffects fx;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    auto old = tx.playbook(id);
    if (!old || !v.readable(*old)) {
      problem = not_found("playbook");
      return false;
    }
    if (!v.access().can(Operation::EditPlaybook, old->tenant)) {
      problem = forbidden("editing this playbook needs the EditPlaybook right on the tenant that owns it");
      return false;
    }
    if (old->deleted) {
      problem = conflict("the playbook is deleted: duplicate it to use it again");
      return false;
    }
    PlaybookBody b = read_playbook_body(body, BodyKind::Edit, *old);
    if (b.shape) {
      problem = *b.shape;
      return false;
    }
    if ((problem = save_errors(v, b))) return false;
    store::PlaybookRow& row = b.row;
    Value fields = changed_fields(*old, row);
    if (fields.size() == 0) {  // nothing changes: nothing is written
      result = playbook_resource(*old, v.available(*old));
      return false;
    }
    if (row.name != old->name && name_taken(tx, row.tenant, row.name, row.id)) {
      problem = name_conflict(row.name);
      return false;
    }
    row.updated_at = now_rfc3339();
    row.updated_by = c.user;
    tx.update_playbook(row);
    add_changelog(tx, row.id, row.updated_at, c.user, change_text("edited", fields, code_diff(*old, row)));
    if (row.mode != old->mode && b.running_instances && *b.running_instances != "keep")
      terminate_on_mode_change(tx, row, *b.running_instances == "terminateAll", row.updated_at, fx);
    result = playbook_resource(row, v.available(row));
    saved_row = row;
    launch_all = b.launch_for_all_matching;
    saved = true;
    return true;
  });
  if (problem) return *problem;
  if (saved) {
    stats_.playbooks_saved.fetch_add(1, std::memory_order_relaxed);
    runtime_->apply(fx);
    playbooks_changed(launch_all ? &saved_row : nullptr, c.user);
  }
  return result;
}

Outcome<Created> Service::duplicate_playbook(const Caller& c, std::string_view id, const Value& body) {
  std::optional<Problem> problem;
  Value result;
  std::optional<store::PlaybookRow> launch_all;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    auto src = tx.playbook(id);
    if (!src || !v.readable(*src)) {
      problem = not_found("playbook");
      return false;
    }
    store::PlaybookRow base = *src;
    base.predefined = false;
    base.deleted = false;
    base.launches = 0;
    std::erase(base.tags, std::string(kPredefinedTag));
    PlaybookBody b = read_playbook_body(body, BodyKind::Duplicate, base);
    if (b.shape) {
      problem = *b.shape;
      return false;
    }
    store::PlaybookRow& row = b.row;
    // The original's tenant is known to whoever reads the original: 403 there.
    if (row.tenant != src->tenant && (!v.tree().exists(row.tenant) || !v.access().can_read(row.tenant))) {
      problem = not_found("tenant " + row.tenant);
      return false;
    }
    if (!v.access().can(Operation::CreatePlaybook, row.tenant)) {
      problem = forbidden("creating playbooks in this tenant needs the CreatePlaybook right");
      return false;
    }
    const bool name_given = body.is_object() && body.find("name");
    const bool inheritance_given = body.is_object() && body.find("inheritance");
    // A copy to another tenant does not keep exclusions of the original's subtree.
    if (row.tenant != src->tenant && !inheritance_given) row.excluded_tenants.clear();
    if (!name_given) row.name = copy_name(tx, row.tenant, src->name);
    if ((problem = save_errors(v, b))) return false;
    if (name_taken(tx, row.tenant, row.name, "")) {
      problem = name_conflict(row.name);
      return false;
    }
    row.id = new_uuid();
    row.created_at = row.updated_at = now_rfc3339();
    row.created_by = row.updated_by = c.user;
    tx.insert_playbook(row);
    add_changelog(tx, row.id, row.created_at, c.user,
                  change_text("duplicated", changed_fields(*src, row), code_diff(*src, row), src->id));
    result = playbook_resource(row, v.available(row));
    if (b.launch_for_all_matching) launch_all = row;
    return true;
  });
  if (problem) return *problem;
  stats_.playbooks_saved.fetch_add(1, std::memory_order_relaxed);
  playbooks_changed(launch_all ? &*launch_all : nullptr, c.user);
  return Created{result, 201, false};
}

Outcome<Listing> Service::playbook_changelog(const Caller& c, std::string_view id, const Page& page) {
  auto after = decode_cursor(page.cursor);
  if (!after) return bad_cursor();
  const size_t limit = page_limit(page);
  std::optional<Problem> problem;
  Listing out;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    auto p = tx.playbook(id);
    if (!p || !v.readable(*p)) {
      problem = not_found("playbook");
      return;
    }
    int64_t last = *after;
    for (const store::ChangelogRow& e : tx.changelog(id)) {
      if (e.seq <= *after) continue;
      if (out.items.size() == limit) {
        out.next = encode_cursor(last);
        break;
      }
      Object o;
      o["at"] = Value::string(e.at);
      o["user"] = Value::string(e.user);
      Value change;
      JsonError err;
      if (!parse_json(e.change, change, err)) change = Value::string(e.change);
      o["change"] = std::move(change);
      out.items.push_back(Value::object(std::move(o)));
      last = e.seq;
    }
  });
  if (problem) return *problem;
  return out;
}

Outcome<Value> Service::delete_playbook(const Caller& c, std::string_view id) {
  std::optional<Problem> problem;
  Value result;
  store_.write([&](store::Tx& tx) {
    View v(tx, c);
    auto p = tx.playbook(id);
    if (!p || !v.readable(*p)) {
      problem = not_found("playbook");
      return false;
    }
    if (!v.access().can(Operation::DeletePlaybook, p->tenant)) {
      problem = forbidden("deleting this playbook needs the DeletePlaybook right on the tenant that owns it");
      return false;
    }
    if (p->predefined) {
      problem = refused("", "a predefined playbook cannot be deleted: switch it to manual mode instead");
      problem->title = "Invalid playbook";
      return false;
    }
    if (p->deleted) {
      problem = conflict("the playbook is already deleted");
      return false;
    }
    if (has_unfinished_instances(tx, v, row_id_of(*p))) {
      problem = conflict("the playbook has running instances: terminate them first");
      return false;
    }
    store::PlaybookRow row = *p;
    row.deleted = true;
    row.updated_at = now_rfc3339();
    row.updated_by = c.user;
    tx.update_playbook(row);
    add_changelog(tx, row.id, row.updated_at, c.user, change_text("deleted", changed_fields(*p, row), ""));
    result = playbook_resource(row, v.available(row));
    return true;
  });
  if (problem) return *problem;
  playbooks_changed(nullptr, c.user);
  return result;
}

}  // namespace riposte::engine
