#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/string_list.h"

namespace riposte::store::sqlite {

namespace {

std::string_view kind_text(ObjectKind k) {
  return k == ObjectKind::Incident ? "incident" : "alert";
}

ObjectKind kind_of(const Connection& c, std::string_view purpose, const std::string& text) {
  if (text == "alert") return ObjectKind::Alert;
  if (text == "incident") return ObjectKind::Incident;
  c.fail(purpose, "unknown kind '" + text + "'");
}

std::vector<std::string> list_of(const Connection& c, std::string_view purpose, const std::string& text) {
  auto items = decode_string_list(text);
  if (!items) c.fail(purpose, "not a JSON array of strings: " + text);
  return std::move(*items);
}

void expect_changed(Connection& c, std::string_view purpose, std::string_view what) {
  if (sqlite3_changes64(c.handle()) == 0) c.fail(purpose, "no " + std::string(what));
}

// -- the statements, by what they are for

constexpr std::string_view kPlaybookColumns =
    "id, tenant, name, tags, description, scope, mode, launching_rule, trigger, algorithm, inheritance, "
    "excluded_tenants, predefined, deleted, launches, created_at, created_by, updated_at, updated_by, seq";
constexpr std::string_view kObjectColumns =
    "kind, internal_id, short_id, tenant, status, severity, created_at, updated_at, json, seq";
// An instance's columns but state, journal and seq: ?1 .. ?18 of
// bind_instance, then state ?19 and journal ?20.
constexpr std::string_view kInstanceHead =
    "id, playbook, playbook_name, tenant, kind, object, status, launched_by, approver, approval_time, "
    "created_at, start, \"end\", due_at, waiting_for, algorithm, input, error";
constexpr std::string_view kApprovalColumns =
    "id, kind, instance, playbook, tenant, object_kind, object, step, \"group\", action, params, assets, "
    "decisions, requested_at, due_at, email_at, status, decided_by, decided_at, seq";
constexpr std::string_view kHistoryColumns =
    "id, instance, playbook, tenant, kind, name, step, params, start, \"end\", object_kind, object, "
    "launched_by, approver, approval_time, status, assets, asset_type, seq";

// Lists of at most this many tenants take one index range per tenant
// (SqliteTx::objects, SqliteTx::page); longer ones one walk in seq order.
constexpr size_t kPerTenantRanges = 16;

// A filter's limit as an SQL LIMIT.
int64_t sql_limit(size_t limit) {
  constexpr auto kMax = static_cast<size_t>(std::numeric_limits<int64_t>::max());
  return static_cast<int64_t>(limit < kMax ? limit : kMax);
}

// The columns up to the last comma (all but seq), for an INSERT.
std::string without_seq(std::string_view columns) {
  return std::string(columns.substr(0, columns.rfind(',')));
}

// One transaction on one connection: the write connection inside write(),
// a read-only one inside read() (where the writing methods fail).
class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c) {}

  // -- meta

  std::optional<std::string> meta(std::string_view key) override {
    Statement s = c_.prepare("read meta", "SELECT value FROM meta WHERE key = ?1");
    s.bind_text(1, key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  }

  void set_meta(std::string_view key, std::string_view value) override {
    Statement s = c_.prepare("write meta",
                             "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind_text(1, key).bind_text(2, value).run();
  }

  // -- tenants

  void insert_tenant(const TenantRow& t) override {
    Statement s =
        c_.prepare("insert tenant",
                   "INSERT INTO tenants (id, name, parent, created_at) VALUES (?1, ?2, NULLIF(?3, ''), ?4)");
    s.bind_text(1, t.id).bind_text(2, t.name).bind_text(3, t.parent).bind_text(4, t.created_at).run();
  }

  std::optional<TenantRow> tenant(std::string_view id) override {
    Statement s = c_.prepare("read tenant",
                             "SELECT id, name, IFNULL(parent, ''), created_at FROM tenants WHERE id = ?1");
    s.bind_text(1, id);
    if (!s.step()) return std::nullopt;
    return tenant_row(s);
  }

  std::vector<TenantRow> tenants() override {
    Statement s = c_.prepare("list tenants",
                             "SELECT id, name, IFNULL(parent, ''), created_at FROM tenants ORDER BY seq");
    std::vector<TenantRow> out;
    while (s.step()) out.push_back(tenant_row(s));
    return out;
  }

  // -- users

  void insert_user(const UserRow& u) override {
    Statement s =
        c_.prepare("insert user", "INSERT INTO users (id, name, email, created_at) VALUES (?1, ?2, ?3, ?4)");
    s.bind_text(1, u.id).bind_text(2, u.name).bind_text(3, u.email).bind_text(4, u.created_at).run();
    insert_roles(u.id, u.roles);
  }

  std::optional<UserRow> user(std::string_view id) override {
    std::optional<UserRow> u;
    {
      Statement s = c_.prepare("read user", "SELECT id, name, email, created_at FROM users WHERE id = ?1");
      s.bind_text(1, id);
      if (!s.step()) return std::nullopt;
      u = user_row(s);
    }
    Statement r =
        c_.prepare("read roles", "SELECT tenant, role FROM user_roles WHERE user = ?1 ORDER BY position");
    r.bind_text(1, id);
    while (r.step()) u->roles.push_back(RoleGrant{r.text(0), r.text(1)});
    return u;
  }

  std::vector<UserRow> users() override {
    std::vector<UserRow> out;
    std::unordered_map<std::string, size_t> index;
    {
      Statement s = c_.prepare("list users", "SELECT id, name, email, created_at FROM users ORDER BY seq");
      while (s.step()) {
        out.push_back(user_row(s));
        index.emplace(out.back().id, out.size() - 1);
      }
    }
    Statement r =
        c_.prepare("list roles", "SELECT user, tenant, role FROM user_roles ORDER BY user, position");
    while (r.step()) {
      auto it = index.find(r.text(0));
      if (it != index.end()) out[it->second].roles.push_back(RoleGrant{r.text(1), r.text(2)});
    }
    return out;
  }

  void set_roles(std::string_view user, const std::vector<RoleGrant>& roles) override {
    {
      Statement s = c_.prepare("set roles", "SELECT 1 FROM users WHERE id = ?1");
      s.bind_text(1, user);
      if (!s.step()) c_.fail("set roles", "no user " + std::string(user));
    }
    Statement d = c_.prepare("set roles", "DELETE FROM user_roles WHERE user = ?1");
    d.bind_text(1, user).run();
    insert_roles(user, roles);
  }

  // -- tokens

  void insert_token(const TokenRow& t) override {
    Statement s =
        c_.prepare("insert token",
                   "INSERT INTO tokens (id, user, hash, created_at, revoked) VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind_text(1, t.id).bind_text(2, t.user).bind_text(3, t.hash).bind_text(4, t.created_at);
    s.bind_bool(5, t.revoked).run();
  }

  std::optional<TokenRow> token(std::string_view id) override {
    Statement s =
        c_.prepare("read token", "SELECT id, user, hash, created_at, revoked FROM tokens WHERE id = ?1");
    s.bind_text(1, id);
    if (!s.step()) return std::nullopt;
    return token_row(s);
  }

  std::optional<TokenRow> token_by_hash(std::string_view hash) override {
    Statement s = c_.prepare("read token by hash",
                             "SELECT id, user, hash, created_at, revoked FROM tokens WHERE hash = ?1");
    s.bind_text(1, hash);
    if (!s.step()) return std::nullopt;
    return token_row(s);
  }

  void revoke_token(std::string_view id) override {
    Statement s = c_.prepare("revoke token", "UPDATE tokens SET revoked = 1 WHERE id = ?1");
    s.bind_text(1, id).run();
    expect_changed(c_, "revoke token", "token " + std::string(id));
  }

  // -- playbooks

  void insert_playbook(PlaybookRow& p) override {
    static const std::string sql =
        "INSERT INTO playbooks (" + std::string(kPlaybookColumns.substr(0, kPlaybookColumns.rfind(','))) +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
    Statement s = c_.prepare("insert playbook", sql);
    bind_playbook(s, p);
    s.run();
    p.seq = sqlite3_last_insert_rowid(c_.handle());
  }

  void update_playbook(const PlaybookRow& p) override {
    Statement s =
        c_.prepare("update playbook",
                   "UPDATE playbooks SET tenant = ?2, name = ?3, tags = ?4, description = ?5, scope = ?6, "
                   "mode = ?7, launching_rule = ?8, trigger = ?9, algorithm = ?10, inheritance = ?11, "
                   "excluded_tenants = ?12, predefined = ?13, deleted = ?14, launches = ?15, "
                   "created_at = ?16, created_by = ?17, updated_at = ?18, updated_by = ?19 WHERE id = ?1");
    bind_playbook(s, p);
    s.run();
    expect_changed(c_, "update playbook", "playbook " + p.id);
  }

  std::optional<PlaybookRow> playbook(std::string_view id) override {
    static const std::string sql =
        "SELECT " + std::string(kPlaybookColumns) + " FROM playbooks WHERE id = ?1";
    Statement s = c_.prepare("read playbook", sql);
    s.bind_text(1, id);
    if (!s.step()) return std::nullopt;
    return playbook_row(s);
  }

  std::vector<PlaybookRow> playbooks() override {
    static const std::string sql = "SELECT " + std::string(kPlaybookColumns) + " FROM playbooks ORDER BY seq";
    Statement s = c_.prepare("list playbooks", sql);
    std::vector<PlaybookRow> out;
    while (s.step()) out.push_back(playbook_row(s));
    return out;
  }

  void insert_changelog(ChangelogRow& c) override {
    Statement s =
        c_.prepare("insert changelog",
                   "INSERT INTO playbook_changelog (playbook, at, user, change) VALUES (?1, ?2, ?3, ?4)");
    s.bind_text(1, c.playbook).bind_text(2, c.at).bind_text(3, c.user).bind_text(4, c.change).run();
    c.seq = sqlite3_last_insert_rowid(c_.handle());
  }

  std::vector<ChangelogRow> changelog(std::string_view playbook) override {
    Statement s = c_.prepare("read changelog",
                             "SELECT seq, playbook, at, user, change FROM playbook_changelog "
                             "WHERE playbook = ?1 ORDER BY seq");
    s.bind_text(1, playbook);
    std::vector<ChangelogRow> out;
    while (s.step()) out.push_back(ChangelogRow{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4)});
    return out;
  }

  // -- objects

  void insert_object(ObjectRow& o) override {
    static const std::string sql = "INSERT INTO objects (" +
                                   std::string(kObjectColumns.substr(0, kObjectColumns.rfind(','))) +
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    Statement s = c_.prepare("insert object", sql);
    bind_object(s, o);
    s.run();
    o.seq = sqlite3_last_insert_rowid(c_.handle());
  }

  void update_object(const ObjectRow& o) override {
    Statement s =
        c_.prepare("update object",
                   "UPDATE objects SET short_id = ?3, tenant = ?4, status = ?5, severity = ?6, "
                   "created_at = ?7, updated_at = ?8, json = ?9 WHERE kind = ?1 AND internal_id = ?2");
    bind_object(s, o);
    s.run();
    expect_changed(c_, "update object", std::string(kind_text(o.kind)) + " " + o.internal_id);
  }

  std::optional<ObjectRow> object(ObjectKind kind, std::string_view internal_id) override {
    static const std::string sql =
        "SELECT " + std::string(kObjectColumns) + " FROM objects WHERE kind = ?1 AND internal_id = ?2";
    Statement s = c_.prepare("read object", sql);
    s.bind_text(1, kind_text(kind)).bind_text(2, internal_id);
    if (!s.step()) return std::nullopt;
    return object_row(s, "read object");
  }

  // A page in two steps, so that its cost follows the page, not the table:
  // (1) for each tenant, the next `limit` positions (seq) that pass the
  // filter, walked in order on the (kind, tenant, seq) index -- one range
  // per tenant, no sort of everything after the cursor; (2) the first
  // `limit` of their merge, read whole by key.  A list of many tenants
  // walks the table in seq order once instead (`+tenant` keeps SQLite off
  // the tenant index, whose IN-list plan sorts every remaining row).
  std::vector<ObjectRow> objects(const ObjectFilter& f) override {
    std::vector<ObjectRow> out;
    if (f.tenants.empty() || f.limit == 0) return out;
    const int64_t limit = sql_limit(f.limit);
    const bool per_tenant = f.tenants.size() <= kPerTenantRanges;
    std::string where = per_tenant ? " WHERE kind = ?1 AND tenant = ?2"
                                   : " WHERE kind = ?1 AND +tenant IN (SELECT value FROM json_each(?2))";
    if (!f.status.empty()) where += " AND status = ?3";
    if (!f.severity.empty()) where += " AND severity = ?4";
    if (f.short_id) where += " AND short_id = ?5";
    if (!f.created_from.empty()) where += " AND created_at >= ?6";
    if (!f.created_to.empty()) where += " AND created_at < ?7";
    if (f.open_only) where += " AND status <> 'closed'";
    where += " AND seq > ?8";
    auto bind_filter = [&](Statement& s, std::string_view tenants) {
      s.bind_text(1, kind_text(f.kind)).bind_text(2, tenants);
      if (!f.status.empty()) s.bind_text(3, f.status);
      if (!f.severity.empty()) s.bind_text(4, f.severity);
      if (f.short_id) s.bind_int(5, *f.short_id);
      if (!f.created_from.empty()) s.bind_text(6, f.created_from);
      if (!f.created_to.empty()) s.bind_text(7, f.created_to);
      s.bind_int(8, f.after_seq);
      s.bind_int(9, limit);
    };
    if (!per_tenant) {
      Statement s = c_.prepare("list objects", "SELECT " + std::string(kObjectColumns) + " FROM objects" + where +
                                                   " ORDER BY seq LIMIT ?9");
      bind_filter(s, encode_string_list(f.tenants));
      while (s.step()) out.push_back(object_row(s, "list objects"));
      return out;
    }
    std::vector<int64_t> seqs;
    Statement pick = c_.prepare("list object positions", "SELECT seq FROM objects" + where + " ORDER BY seq LIMIT ?9");
    for (const std::string& tenant : f.tenants) {
      bind_filter(pick, tenant);
      while (pick.step()) seqs.push_back(pick.integer(0));
      pick.reset();
    }
    std::sort(seqs.begin(), seqs.end());
    if (seqs.size() > f.limit) seqs.resize(f.limit);
    if (seqs.empty()) return out;
    std::string keys = "[";
    for (int64_t seq : seqs) keys += (keys.size() > 1 ? "," : "") + std::to_string(seq);
    keys += "]";
    Statement s = c_.prepare("list objects", "SELECT " + std::string(kObjectColumns) +
                                                 " FROM objects WHERE seq IN (SELECT value FROM json_each(?1)) ORDER BY seq");
    s.bind_text(1, keys);
    while (s.step()) out.push_back(object_row(s, "list objects"));
    return out;
  }

  int64_t next_short_id(ObjectKind kind) override {
    Statement s =
        c_.prepare("next short id", "SELECT IFNULL(MAX(short_id), 0) + 1 FROM objects WHERE kind = ?1");
    s.bind_text(1, kind_text(kind));
    if (!s.step()) c_.fail("next short id", "no row");
    return s.integer(0);
  }

  void insert_change(ObjectChangeRow& c) override {
    Statement s = c_.prepare("insert change",
                             "INSERT INTO object_changes (kind, object, at, user, event, patch) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    s.bind_text(1, kind_text(c.kind)).bind_text(2, c.object).bind_text(3, c.at).bind_text(4, c.user);
    s.bind_text(5, c.event).bind_text(6, c.patch).run();
    c.seq = sqlite3_last_insert_rowid(c_.handle());
  }

  std::vector<ObjectChangeRow> changes(ObjectKind kind, std::string_view internal_id) override {
    Statement s = c_.prepare("read changes",
                             "SELECT seq, kind, object, at, user, event, patch FROM object_changes "
                             "WHERE kind = ?1 AND object = ?2 ORDER BY seq");
    s.bind_text(1, kind_text(kind)).bind_text(2, internal_id);
    std::vector<ObjectChangeRow> out;
    while (s.step()) {
      out.push_back(ObjectChangeRow{s.integer(0), kind_of(c_, "read changes", s.text(1)), s.text(2),
                                    s.text(3), s.text(4), s.text(5), s.text(6)});
    }
    return out;
  }

  // -- idempotency

  std::optional<IdempotencyRow> idempotency(std::string_view user, std::string_view key) override {
    Statement s =
        c_.prepare("read idempotency",
                   "SELECT user, key, route, request_hash, status, body, created_at FROM idempotency "
                   "WHERE user = ?1 AND key = ?2");
    s.bind_text(1, user).bind_text(2, key);
    if (!s.step()) return std::nullopt;
    return IdempotencyRow{s.text(0), s.text(1), s.text(2), s.text(3), static_cast<int>(s.integer(4)),
                          s.text(5), s.text(6)};
  }

  void insert_idempotency(const IdempotencyRow& r) override {
    Statement s =
        c_.prepare("insert idempotency",
                   "INSERT INTO idempotency (user, key, route, request_hash, status, body, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    s.bind_text(1, r.user).bind_text(2, r.key).bind_text(3, r.route).bind_text(4, r.request_hash);
    s.bind_int(5, r.status).bind_text(6, r.body).bind_text(7, r.created_at).run();
  }

  // -- instances

  void insert_instance(InstanceRow& r) override {
    static const std::string sql = "INSERT INTO instances (" + std::string(kInstanceHead) +
                                   ", state, journal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                                   "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";
    Statement s = c_.prepare("insert instance", sql);
    bind_instance(s, r);
    s.run();
    r.seq = sqlite3_last_insert_rowid(c_.handle());
  }

  void update_instance(const InstanceRow& r) override {
    Statement s = c_.prepare(
        "update instance",
        "UPDATE instances SET playbook = ?2, playbook_name = ?3, tenant = ?4, kind = ?5, object = ?6, "
        "status = ?7, launched_by = ?8, approver = ?9, approval_time = ?10, created_at = ?11, start = ?12, "
        "\"end\" = ?13, due_at = ?14, waiting_for = ?15, algorithm = ?16, input = ?17, error = ?18, "
        "state = ?19, journal = ?20 WHERE id = ?1");
    bind_instance(s, r);
    s.run();
    expect_changed(c_, "update instance", "instance " + r.id);
  }

  std::optional<InstanceRow> instance(std::string_view id) override {
    static const std::string sql = "SELECT " + instance_columns(true) + " FROM instances WHERE id = ?1";
    Statement s = c_.prepare("read instance", sql);
    s.bind_text(1, id);
    if (!s.step()) return std::nullopt;
    return instance_row(s, "read instance");
  }

  // Unfinished instances, an object's and a list of only unfinished
  // statuses are few: one walk of their index (status or object), sorted;
  // other filters take the tenants' ranges (page).
  std::vector<InstanceRow> instances(const InstanceFilter& f) override {
    std::string where;
    if (!f.playbook.empty()) where += " AND playbook = ?4";
    if (!f.object.empty()) where += " AND object = ?5";
    if (!f.statuses.empty()) where += " AND status IN (SELECT value FROM json_each(?6))";
    if (f.unfinished_only) where += " AND status IN ('AwaitingApproval', 'InProgress')";
    const bool only_unfinished_statuses =
        !f.statuses.empty() && std::none_of(f.statuses.begin(), f.statuses.end(), is_final_status);
    const bool narrow = f.unfinished_only || !f.object.empty() || only_unfinished_statuses;
    return page<InstanceRow>(
        "list instances", "instances", instance_columns(f.with_state), f.tenants, narrow, where, f.after_seq,
        f.limit,
        [&](Statement& s) {
          if (!f.playbook.empty()) s.bind_text(4, f.playbook);
          if (!f.object.empty()) s.bind_text(5, f.object);
          if (!f.statuses.empty()) s.bind_text(6, encode_string_list(f.statuses));
        },
        [&](const Statement& s) { return instance_row(s, "list instances"); });
  }

  std::vector<std::pair<std::string, int64_t>> instance_counts() override {
    Statement s = c_.prepare("count instances",
                             "SELECT status, count(*) FROM instances GROUP BY status ORDER BY status");
    std::vector<std::pair<std::string, int64_t>> out;
    while (s.step()) out.emplace_back(s.text(0), s.integer(1));
    return out;
  }

  // -- algorithms

  void put_algorithm(std::string_view key, std::string_view text) override {
    Statement s = c_.prepare(
        "put algorithm", "INSERT INTO algorithms (key, text) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING");
    s.bind_text(1, key).bind_text_static(2, text).run();
  }

  std::optional<std::string> algorithm(std::string_view key) override {
    Statement s = c_.prepare("read algorithm", "SELECT text FROM algorithms WHERE key = ?1");
    s.bind_text(1, key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  }

  // -- approvals

  void insert_approval(ApprovalRow& r) override {
    static const std::string sql = "INSERT INTO approvals (" + without_seq(kApprovalColumns) +
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                                   "?15, ?16, ?17, ?18, ?19)";
    Statement s = c_.prepare("insert approval", sql);
    bind_approval(s, r);
    s.run();
    r.seq = sqlite3_last_insert_rowid(c_.handle());
  }

  void update_approval(const ApprovalRow& r) override {
    Statement s = c_.prepare(
        "update approval",
        "UPDATE approvals SET kind = ?2, instance = ?3, playbook = ?4, tenant = ?5, object_kind = ?6, "
        "object = ?7, step = ?8, \"group\" = ?9, action = ?10, params = ?11, assets = ?12, decisions = ?13, "
        "requested_at = ?14, due_at = ?15, email_at = ?16, status = ?17, decided_by = ?18, decided_at = ?19 "
        "WHERE id = ?1");
    bind_approval(s, r);
    s.run();
    expect_changed(c_, "update approval", "approval " + r.id);
  }

  std::optional<ApprovalRow> approval(std::string_view id) override {
    static const std::string sql =
        "SELECT " + std::string(kApprovalColumns) + " FROM approvals WHERE id = ?1";
    Statement s = c_.prepare("read approval", sql);
    s.bind_text(1, id);
    if (!s.step()) return std::nullopt;
    return approval_row(s, "read approval");
  }

  std::optional<ApprovalRow> approval_by_group(std::string_view instance, std::string_view group) override {
    static const std::string sql =
        "SELECT " + std::string(kApprovalColumns) + " FROM approvals WHERE instance = ?1 AND \"group\" = ?2";
    Statement s = c_.prepare("read approval by group", sql);
    s.bind_text(1, instance).bind_text(2, group);
    if (!s.step()) return std::nullopt;
    return approval_row(s, "read approval by group");
  }

  // Pending approvals are few (they are decided or expire), as are an
  // instance's: one walk of their index, sorted.
  std::vector<ApprovalRow> approvals(const ApprovalFilter& f) override {
    std::string where;
    if (!f.instance.empty()) where += " AND instance = ?4";
    if (!f.kind.empty()) where += " AND kind = ?5";
    if (!f.status.empty()) where += " AND status = ?6";
    const bool narrow = !f.instance.empty() || f.status == "Pending";
    return page<ApprovalRow>(
        "list approvals", "approvals", std::string(kApprovalColumns), f.tenants, narrow, where, f.after_seq,
        f.limit,
        [&](Statement& s) {
          if (!f.instance.empty()) s.bind_text(4, f.instance);
          if (!f.kind.empty()) s.bind_text(5, f.kind);
          if (!f.status.empty()) s.bind_text(6, f.status);
        },
        [&](const Statement& s) { return approval_row(s, "list approvals"); });
  }

  // One range of each of the (status, due_at) and (status, email_at)
  // indexes, merged and sorted by seq.
  std::vector<ApprovalRow> approvals_due(std::string_view now) override {
    static const std::string sql = "SELECT " + std::string(kApprovalColumns) +
                                   " FROM approvals WHERE status = 'Pending' AND "
                                   "((due_at > '' AND due_at <= ?1) OR (email_at > '' AND email_at <= ?1)) "
                                   "ORDER BY seq";
    Statement s = c_.prepare("list due approvals", sql);
    s.bind_text(1, now);
    std::vector<ApprovalRow> out;
    while (s.step()) out.push_back(approval_row(s, "list due approvals"));
    return out;
  }

  // -- history

  // An upsert: the first write of an id takes a seq, a rewrite keeps it
  // (the row stays where lists paged past it).
  void put_history(HistoryRow& r) override {
    static const std::string sql =
        "INSERT INTO history (" + without_seq(kHistoryColumns) +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
        "ON CONFLICT (id) DO UPDATE SET instance = excluded.instance, playbook = excluded.playbook, "
        "tenant = excluded.tenant, kind = excluded.kind, name = excluded.name, step = excluded.step, "
        "params = excluded.params, start = excluded.start, \"end\" = excluded.\"end\", "
        "object_kind = excluded.object_kind, object = excluded.object, launched_by = excluded.launched_by, "
        "approver = excluded.approver, approval_time = excluded.approval_time, status = excluded.status, "
        "assets = excluded.assets, asset_type = excluded.asset_type "
        "RETURNING seq";
    Statement s = c_.prepare("put history", sql);
    bind_history(s, r);
    if (!s.step()) c_.fail("put history", "no seq returned");
    r.seq = s.integer(0);
    s.run();
  }

  std::vector<HistoryRow> history(const HistoryFilter& f) override {
    std::string where;
    if (!f.instance.empty()) where += " AND instance = ?4";
    if (!f.playbook.empty()) where += " AND playbook = ?5";
    if (!f.object.empty()) where += " AND object = ?6";
    if (!f.kind.empty()) where += " AND kind = ?7";
    if (!f.status.empty()) where += " AND status = ?8";
    if (!f.from.empty()) where += " AND start >= ?9";
    if (!f.to.empty()) where += " AND start < ?10";
    return page<HistoryRow>(
        "list history", "history", std::string(kHistoryColumns), f.tenants, !f.instance.empty(), where,
        f.after_seq, f.limit,
        [&](Statement& s) {
          if (!f.instance.empty()) s.bind_text(4, f.instance);
          if (!f.playbook.empty()) s.bind_text(5, f.playbook);
          if (!f.object.empty()) s.bind_text(6, f.object);
          if (!f.kind.empty()) s.bind_text(7, f.kind);
          if (!f.status.empty()) s.bind_text(8, f.status);
          if (!f.from.empty()) s.bind_text(9, f.from);
          if (!f.to.empty()) s.bind_text(10, f.to);
        },
        [&](const Statement& s) { return history_row(s, "list history"); });
  }

  void add_launches(std::string_view playbook, int64_t n) override {
    Statement s = c_.prepare("add launches", "UPDATE playbooks SET launches = launches + ?2 WHERE id = ?1");
    s.bind_text(1, playbook).bind_int(2, n).run();
    expect_changed(c_, "add launches", "playbook " + std::string(playbook));
  }

  // -- the named indexes and the instances' incidents (migration 3)

  void insert_index_document(IndexDocumentRow& r) override {
    Statement s = c_.prepare("insert index document",
                             "INSERT INTO index_documents (\"index\", tenant, key, doc, created) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind_text(1, r.index).bind_text(2, r.tenant).bind_text(3, r.key).bind_text_static(4, r.doc);
    s.bind_text(5, r.created).run();
    r.seq = sqlite3_last_insert_rowid(c_.handle());
  }

  bool replace_index_document(const IndexDocumentRow& r) override {
    Statement s = c_.prepare("replace index document",
                             "UPDATE index_documents SET doc = ?4 WHERE seq = (SELECT MAX(seq) FROM "
                             "index_documents WHERE \"index\" = ?1 AND tenant = ?2 AND key = ?3)");
    s.bind_text(1, r.index).bind_text(2, r.tenant).bind_text(3, r.key).bind_text_static(4, r.doc).run();
    return sqlite3_changes64(c_.handle()) > 0;
  }

  std::vector<IndexDocumentRow> index_documents(const IndexDocumentFilter& f) override {
    std::vector<IndexDocumentRow> out;
    if (f.tenants.empty() || f.limit == 0) return out;
    Statement s = c_.prepare("read index documents",
                             "SELECT \"index\", tenant, key, doc, created, seq FROM index_documents "
                             "WHERE \"index\" = ?1 AND tenant IN (SELECT value FROM json_each(?2)) "
                             "AND (?3 = '' OR key = ?3) AND seq > ?4 ORDER BY seq LIMIT ?5");
    s.bind_text(1, f.index).bind_text(2, encode_string_list(f.tenants)).bind_text(3, f.key);
    s.bind_int(4, f.after_seq).bind_int(5, sql_limit(f.limit));
    while (s.step())
      out.push_back(IndexDocumentRow{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5)});
    return out;
  }

  void set_instance_incident(std::string_view instance, std::string_view incident) override {
    Statement s = c_.prepare("write instance incident",
                             "INSERT INTO instance_incidents (instance, incident) VALUES (?1, ?2) "
                             "ON CONFLICT (instance) DO UPDATE SET incident = excluded.incident");
    s.bind_text(1, instance).bind_text(2, incident).run();
  }

  std::optional<std::string> instance_incident(std::string_view instance) override {
    Statement s = c_.prepare("read instance incident", "SELECT incident FROM instance_incidents WHERE instance = ?1");
    s.bind_text(1, instance);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  }

 private:
  void insert_roles(std::string_view user, const std::vector<RoleGrant>& roles) {
    Statement s = c_.prepare("insert roles",
                             "INSERT INTO user_roles (user, tenant, role, position) VALUES (?1, ?2, ?3, ?4)");
    for (size_t i = 0; i < roles.size(); ++i) {
      s.bind_text(1, user).bind_text(2, roles[i].tenant).bind_text(3, roles[i].role);
      s.bind_int(4, static_cast<int64_t>(i)).run();
      s.reset();
    }
  }

  static TenantRow tenant_row(const Statement& s) {
    return TenantRow{s.text(0), s.text(1), s.text(2), s.text(3)};
  }
  static UserRow user_row(const Statement& s) {
    return UserRow{s.text(0), s.text(1), s.text(2), {}, s.text(3)};
  }
  static TokenRow token_row(const Statement& s) {
    return TokenRow{s.text(0), s.text(1), s.text(2), s.text(3), s.boolean(4)};
  }

  // ?1 .. ?19 in kPlaybookColumns' order (all but seq).
  static void bind_playbook(Statement& s, const PlaybookRow& p) {
    s.bind_text(1, p.id).bind_text(2, p.tenant).bind_text(3, p.name);
    s.bind_text(4, encode_string_list(p.tags));
    s.bind_text(5, p.description).bind_text(6, kind_text(p.scope)).bind_text(7, p.mode);
    s.bind_text(8, p.launching_rule).bind_optional(9, p.trigger).bind_text(10, p.algorithm);
    s.bind_bool(11, p.inheritance);
    s.bind_text(12, encode_string_list(p.excluded_tenants));
    s.bind_bool(13, p.predefined).bind_bool(14, p.deleted).bind_int(15, p.launches);
    s.bind_text(16, p.created_at).bind_text(17, p.created_by).bind_text(18, p.updated_at);
    s.bind_text(19, p.updated_by);
  }

  PlaybookRow playbook_row(const Statement& s) const {
    PlaybookRow p;
    p.id = s.text(0);
    p.tenant = s.text(1);
    p.name = s.text(2);
    p.tags = list_of(c_, "read playbook tags", s.text(3));
    p.description = s.text(4);
    p.scope = kind_of(c_, "read playbook scope", s.text(5));
    p.mode = s.text(6);
    p.launching_rule = s.text(7);
    p.trigger = s.optional_text(8);
    p.algorithm = s.text(9);
    p.inheritance = s.boolean(10);
    p.excluded_tenants = list_of(c_, "read playbook excluded tenants", s.text(11));
    p.predefined = s.boolean(12);
    p.deleted = s.boolean(13);
    p.launches = s.integer(14);
    p.created_at = s.text(15);
    p.created_by = s.text(16);
    p.updated_at = s.text(17);
    p.updated_by = s.text(18);
    p.seq = s.integer(19);
    return p;
  }

  // ?1 .. ?9 in kObjectColumns' order (all but seq).  The JSON (kilobytes)
  // is bound without a copy: `o` outlives the statement.
  static void bind_object(Statement& s, const ObjectRow& o) {
    s.bind_text(1, kind_text(o.kind)).bind_text(2, o.internal_id).bind_int(3, o.short_id);
    s.bind_text(4, o.tenant).bind_text(5, o.status).bind_text(6, o.severity);
    s.bind_text(7, o.created_at).bind_text(8, o.updated_at).bind_text_static(9, o.json);
  }

  ObjectRow object_row(const Statement& s, std::string_view purpose) const {
    return ObjectRow{kind_of(c_, purpose, s.text(0)),
                     s.text(1),
                     s.integer(2),
                     s.text(3),
                     s.text(4),
                     s.text(5),
                     s.text(6),
                     s.text(7),
                     s.text(8),
                     s.integer(9)};
  }

  // A page of `table` (which has `tenant` and `seq` columns): the rows of
  // `tenants` that pass `where` (" AND ..." terms whose parameters, from
  // ?4, `bind` binds), after `after_seq`, at most `limit`, in seq order.
  // As objects(): up to kPerTenantRanges tenants, the next `limit`
  // positions of each tenant on its (tenant, seq) index, merged, then
  // those rows read by key; more tenants, or a `narrow` filter whose own
  // index finds few rows, one query with `+tenant` (which keeps SQLite off
  // the tenant index).  ?1 is the tenant (the JSON list), ?2 after_seq, ?3
  // the limit.
  template <typename Row, typename Bind, typename Read>
  std::vector<Row> page(std::string_view purpose, std::string_view table, const std::string& columns,
                        const std::vector<std::string>& tenants, bool narrow, const std::string& where,
                        int64_t after_seq, size_t limit, Bind bind, Read read_row) {
    std::vector<Row> out;
    if (tenants.empty() || limit == 0) return out;
    const int64_t n = sql_limit(limit);
    const std::string from = " FROM " + std::string(table) + " WHERE ";
    if (narrow || tenants.size() > kPerTenantRanges) {
      Statement s =
          c_.prepare(purpose, "SELECT " + columns + from + "+tenant IN (SELECT value FROM json_each(?1))" +
                                  where + " AND seq > ?2 ORDER BY seq LIMIT ?3");
      s.bind_text(1, encode_string_list(tenants)).bind_int(2, after_seq).bind_int(3, n);
      bind(s);
      while (s.step()) out.push_back(read_row(s));
      return out;
    }
    std::vector<int64_t> seqs;
    {
      Statement pick = c_.prepare(
          purpose, "SELECT seq" + from + "tenant = ?1" + where + " AND seq > ?2 ORDER BY seq LIMIT ?3");
      for (const std::string& tenant : tenants) {
        pick.bind_text(1, tenant).bind_int(2, after_seq).bind_int(3, n);
        bind(pick);
        while (pick.step()) seqs.push_back(pick.integer(0));
        pick.reset();
      }
    }
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());  // a tenant listed twice
    if (seqs.size() > limit) seqs.resize(limit);
    if (seqs.empty()) return out;
    std::string keys = "[";
    for (int64_t seq : seqs) keys += (keys.size() > 1 ? "," : "") + std::to_string(seq);
    keys += "]";
    Statement s = c_.prepare(
        purpose, "SELECT " + columns + from + "seq IN (SELECT value FROM json_each(?1)) ORDER BY seq");
    s.bind_text(1, keys);
    while (s.step()) out.push_back(read_row(s));
    return out;
  }

  // The columns of an instance, seq last; without the state and journal
  // (lists): '' in their place, so that the column numbers stay.
  static const std::string& instance_columns(bool with_state) {
    static const std::string whole = std::string(kInstanceHead) + ", state, journal, seq";
    static const std::string light = std::string(kInstanceHead) + ", '', '', seq";
    return with_state ? whole : light;
  }

  // ?1 .. ?18 in kInstanceHead's order, state ?19, journal ?20.  The state
  // and journal (the largest) are bound without a copy: `r` outlives the
  // statement.
  static void bind_instance(Statement& s, const InstanceRow& r) {
    s.bind_text(1, r.id).bind_text(2, r.playbook).bind_text(3, r.playbook_name).bind_text(4, r.tenant);
    s.bind_text(5, kind_text(r.kind)).bind_text(6, r.object).bind_text(7, r.status);
    s.bind_text(8, r.launched_by).bind_text(9, r.approver).bind_text(10, r.approval_time);
    s.bind_text(11, r.created_at).bind_text(12, r.start).bind_text(13, r.end).bind_text(14, r.due_at);
    s.bind_text(15, r.waiting_for).bind_text(16, r.algorithm).bind_text(17, r.input).bind_text(18, r.error);
    s.bind_text_static(19, r.state).bind_text_static(20, r.journal);
  }

  InstanceRow instance_row(const Statement& s, std::string_view purpose) const {
    InstanceRow r;
    r.id = s.text(0);
    r.playbook = s.text(1);
    r.playbook_name = s.text(2);
    r.tenant = s.text(3);
    r.kind = kind_of(c_, purpose, s.text(4));
    r.object = s.text(5);
    r.status = s.text(6);
    r.launched_by = s.text(7);
    r.approver = s.text(8);
    r.approval_time = s.text(9);
    r.created_at = s.text(10);
    r.start = s.text(11);
    r.end = s.text(12);
    r.due_at = s.text(13);
    r.waiting_for = s.text(14);
    r.algorithm = s.text(15);
    r.input = s.text(16);
    r.error = s.text(17);
    r.state = s.text(18);
    r.journal = s.text(19);
    r.seq = s.integer(20);
    return r;
  }

  // ?1 .. ?19 in kApprovalColumns' order (all but seq).
  static void bind_approval(Statement& s, const ApprovalRow& r) {
    s.bind_text(1, r.id).bind_text(2, r.kind).bind_text(3, r.instance).bind_text(4, r.playbook);
    s.bind_text(5, r.tenant).bind_text(6, kind_text(r.object_kind)).bind_text(7, r.object);
    s.bind_text(8, r.step).bind_text(9, r.group).bind_text(10, r.action).bind_text(11, r.params);
    s.bind_text(12, r.assets).bind_text(13, r.decisions).bind_text(14, r.requested_at);
    s.bind_text(15, r.due_at).bind_text(16, r.email_at).bind_text(17, r.status);
    s.bind_text(18, r.decided_by).bind_text(19, r.decided_at);
  }

  ApprovalRow approval_row(const Statement& s, std::string_view purpose) const {
    ApprovalRow r;
    r.id = s.text(0);
    r.kind = s.text(1);
    r.instance = s.text(2);
    r.playbook = s.text(3);
    r.tenant = s.text(4);
    r.object_kind = kind_of(c_, purpose, s.text(5));
    r.object = s.text(6);
    r.step = s.text(7);
    r.group = s.text(8);
    r.action = s.text(9);
    r.params = s.text(10);
    r.assets = s.text(11);
    r.decisions = s.text(12);
    r.requested_at = s.text(13);
    r.due_at = s.text(14);
    r.email_at = s.text(15);
    r.status = s.text(16);
    r.decided_by = s.text(17);
    r.decided_at = s.text(18);
    r.seq = s.integer(19);
    return r;
  }

  // ?1 .. ?18 in kHistoryColumns' order (all but seq).
  static void bind_history(Statement& s, const HistoryRow& r) {
    s.bind_text(1, r.id).bind_text(2, r.instance).bind_text(3, r.playbook).bind_text(4, r.tenant);
    s.bind_text(5, r.kind).bind_text(6, r.name).bind_text(7, r.step).bind_text(8, r.params);
    s.bind_text(9, r.start).bind_text(10, r.end).bind_text(11, kind_text(r.object_kind));
    s.bind_text(12, r.object).bind_text(13, r.launched_by).bind_text(14, r.approver);
    s.bind_text(15, r.approval_time).bind_text(16, r.status).bind_int(17, r.assets);
    s.bind_text(18, r.asset_type);
  }

  HistoryRow history_row(const Statement& s, std::string_view purpose) const {
    HistoryRow r;
    r.id = s.text(0);
    r.instance = s.text(1);
    r.playbook = s.text(2);
    r.tenant = s.text(3);
    r.kind = s.text(4);
    r.name = s.text(5);
    r.step = s.text(6);
    r.params = s.text(7);
    r.start = s.text(8);
    r.end = s.text(9);
    r.object_kind = kind_of(c_, purpose, s.text(10));
    r.object = s.text(11);
    r.launched_by = s.text(12);
    r.approver = s.text(13);
    r.approval_time = s.text(14);
    r.status = s.text(15);
    r.assets = s.integer(16);
    r.asset_type = s.text(17);
    r.seq = s.integer(18);
    return r;
  }

  Connection& c_;
};

// Ends the connection's transaction, if one is open, ignoring failures: used
// while another failure is on its way out.
void rollback_quietly(Connection& c) {
  if (c.in_transaction()) sqlite3_exec(c.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

class SqliteStore final : public Store {
 public:
  static constexpr int kPageSize = 65536;

  SqliteStore(const std::string& path, const Options& options) : path_(path), options_(options) {
    writer_ = std::make_unique<Connection>(path_, Connection::Mode::ReadWrite, options_.busy_timeout_ms);
    // 64 KiB pages for a new file (an existing one keeps its size: WAL mode
    // fixes it): an alert's JSON (~7 KB) fits in a page with others instead
    // of spilling into overflow pages of 4 KiB, and a batch writes 16 times
    // fewer WAL frames (docs/store.md, docs/bench.md "Intake").
    writer_->exec("set the page size", "PRAGMA page_size = " + std::to_string(kPageSize));
    std::string mode = writer_->query_text("set WAL mode", "PRAGMA journal_mode = WAL");
    if (mode != "wal") writer_->fail("set WAL mode", "the journal mode stayed '" + mode + "'");
    writer_->exec("turn foreign keys on", "PRAGMA foreign_keys = ON");
    if (writer_->query_int("turn foreign keys on", "PRAGMA foreign_keys") != 1) {
      writer_->fail("turn foreign keys on", "this SQLite has no foreign keys");
    }
    writer_->exec("set synchronous", options_.sync == Options::Sync::Full ? "PRAGMA synchronous = FULL"
                                                                          : "PRAGMA synchronous = NORMAL");
    // Each write runs in a savepoint (group commit); its statement journal
    // would otherwise spill to a new temporary file in nearly every
    // transaction with 64 KiB pages (docs/bench.md, "Launching").
    writer_->exec("keep temporary data in memory", "PRAGMA temp_store = MEMORY");
    migrate(*writer_);
  }

  void read(const std::function<void(Tx&)>& body) override {
    std::unique_ptr<Connection> conn = take_reader();
    conn->prepare("begin a read", "BEGIN").run();
    try {
      SqliteTx tx(*conn);
      body(tx);
    } catch (...) {
      rollback_quietly(*conn);
      give_back(std::move(conn));
      throw;
    }
    conn->prepare("end a read", "COMMIT").run();
    give_back(std::move(conn));
  }

  // Group commit: writes that arrive while another is committing wait, and
  // the next thread to lead runs all of them (in arrival order, up to
  // kMaxGroup) in one transaction, each in its own savepoint, then commits
  // once: one fsync for the group instead of one each.  Every write still
  // returns only after the COMMIT that holds it succeeded; a body that
  // returns false or throws is rolled back to its savepoint alone (and its
  // caller gets the exception); a failure of the transaction itself (BEGIN,
  // COMMIT, or SQLite rolling it back) fails every write of the group.
  void write(const std::function<bool(Tx&)>& body) override {
    if (writing_thread_.load() == std::this_thread::get_id()) {
      throw StoreError("store " + path_ +
                       ": a write inside a write of the same thread (it would wait forever)");
    }
    QueuedWrite me;
    me.body = &body;
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&me);
    while (!me.done) {
      if (leading_) {
        queue_cv_.wait(lock);
        continue;
      }
      leading_ = true;
      size_t n = std::min(queue_.size(), kMaxGroup);
      std::vector<QueuedWrite*> group(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      lock.unlock();
      run_group(group);
      lock.lock();
      for (QueuedWrite* w : group) w->done = true;
      leading_ = false;
      queue_cv_.notify_all();
    }
    if (me.error) std::rethrow_exception(me.error);
  }

  uint64_t size_bytes() override {
    uint64_t total = 0;
    for (const std::string& file : {path_, path_ + "-wal"}) {
      std::error_code ec;
      auto n = std::filesystem::file_size(file, ec);
      if (!ec) total += n;
    }
    return total;
  }

 private:
  static constexpr size_t kMaxIdleReaders = 8;

  static constexpr size_t kMaxGroup = 64;

  struct QueuedWrite {
    const std::function<bool(Tx&)>* body = nullptr;
    std::exception_ptr error;  // what the caller gets instead of returning
    bool done = false;         // under queue_mutex_
  };

  // Runs a group of writes in one transaction (one thread at a time: the
  // leader).  Sets each write's error, if any.
  void run_group(const std::vector<QueuedWrite*>& group) {
    std::lock_guard lock(write_mutex_);
    writing_thread_.store(std::this_thread::get_id());
    struct Clear {
      std::atomic<std::thread::id>& id;
      ~Clear() { id.store(std::thread::id()); }
    } clear{writing_thread_};
    try {
      writer_->prepare("begin a write", "BEGIN IMMEDIATE").run();
      bool changed = false;
      for (QueuedWrite* queued : group) {
        QueuedWrite& w = *queued;
        writer_->prepare("begin a write", "SAVEPOINT riposte_write").run();
        bool keep = false;
        try {
          SqliteTx tx(*writer_);
          keep = (*w.body)(tx);
        } catch (...) {
          w.error = std::current_exception();
        }
        if (!writer_->in_transaction()) {
          // SQLite rolled the whole transaction back (an I/O error, a full
          // disk): the group's earlier writes are lost with it.
          throw StoreError("store " + path_ + ": the transaction was rolled back" +
                           (w.error ? "" : " after a write"));
        }
        if (keep && !w.error) {
          writer_->prepare("end a write", "RELEASE riposte_write").run();
          changed = true;
        } else {
          writer_->prepare("roll back a write", "ROLLBACK TO riposte_write").run();
          writer_->prepare("roll back a write", "RELEASE riposte_write").run();
        }
      }
      writer_->prepare(changed ? "commit a write" : "roll back a write", changed ? "COMMIT" : "ROLLBACK").run();
    } catch (...) {
      rollback_quietly(*writer_);
      std::exception_ptr failure = std::current_exception();
      // Every write of the group is lost; one whose body threw keeps its
      // own exception (for the write that was running, the likely cause).
      for (QueuedWrite* w : group)
        if (!w->error) w->error = failure;
    }
  }

  std::unique_ptr<Connection> take_reader() {
    {
      std::lock_guard lock(pool_mutex_);
      if (!idle_readers_.empty()) {
        auto c = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return c;
      }
    }
    return std::make_unique<Connection>(path_, Connection::Mode::ReadOnly, options_.busy_timeout_ms);
  }

  void give_back(std::unique_ptr<Connection> c) {
    if (c->in_transaction()) return;  // a broken one: closed here
    std::lock_guard lock(pool_mutex_);
    if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(c));
  }

  std::string path_;
  Options options_;
  std::unique_ptr<Connection> writer_;  // declared first: closed last
  std::mutex write_mutex_;  // held by the leader running a group
  std::atomic<std::thread::id> writing_thread_{};
  std::mutex queue_mutex_;  // queue_, leading_, QueuedWrite::done
  std::condition_variable queue_cv_;
  std::vector<QueuedWrite*> queue_;  // writes waiting for a leader, oldest first
  bool leading_ = false;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace

std::unique_ptr<Store> open(const std::string& path, const Options& options) {
  return std::make_unique<SqliteStore>(path, options);
}

}  // namespace riposte::store::sqlite
