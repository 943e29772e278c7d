// store/sqlite/sqlite_store.h: every row type through a real file, updates,
// the playbook name rule, the object filters and paging, transactions that
// roll back, reopening, and a read beside a write.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "tests/unit/store_sqlite/temp_store.h"

namespace riposte::store::sqlite {
namespace {

using test::RawDb;
using test::TempDir;

// Every field of each row, so that EXPECT_EQ compares (and prints) them all.
auto fields(const TenantRow& t) {
  return std::tie(t.id, t.name, t.parent, t.created_at);
}
auto fields(const TokenRow& t) {
  return std::tie(t.id, t.user, t.hash, t.created_at, t.revoked);
}
auto fields(const PlaybookRow& p) {
  return std::tie(p.id, p.tenant, p.name, p.tags, p.description, p.scope, p.mode, p.launching_rule, p.trigger,
                  p.algorithm, p.inheritance, p.excluded_tenants, p.predefined, p.deleted, p.launches,
                  p.created_at, p.created_by, p.updated_at, p.updated_by, p.seq);
}
auto fields(const ChangelogRow& c) {
  return std::tie(c.seq, c.playbook, c.at, c.user, c.change);
}
auto fields(const ObjectRow& o) {
  return std::tie(o.kind, o.internal_id, o.short_id, o.tenant, o.status, o.severity, o.created_at,
                  o.updated_at, o.json, o.seq);
}
auto fields(const ObjectChangeRow& c) {
  return std::tie(c.seq, c.kind, c.object, c.at, c.user, c.event, c.patch);
}
auto fields(const IdempotencyRow& r) {
  return std::tie(r.user, r.key, r.route, r.request_hash, r.status, r.body, r.created_at);
}
std::vector<std::pair<std::string, std::string>> grants(const std::vector<RoleGrant>& roles) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : roles) out.emplace_back(r.tenant, r.role);
  return out;
}
auto fields(const UserRow& u) {
  return std::make_tuple(u.id, u.name, u.email, grants(u.roles), u.created_at);
}

std::string big_json(size_t bytes) {
  std::string s = R"({"Name":"ünïcödé ✓ 🚀","Payload":")";
  while (s.size() + 2 < bytes) s += "0123456789abcdef";
  return s + "\"}";
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("riposte.db");
    store_ = open(path_);
    write([](Tx& tx) {
      tx.insert_tenant({"t-root", "Root", "", "2026-01-01T00:00:00.000Z"});
      tx.insert_tenant({"t-a", "Tenant A", "t-root", "2026-01-01T00:00:01.000Z"});
      tx.insert_tenant({"t-b", "Tenant B", "t-root", "2026-01-01T00:00:02.000Z"});
      tx.insert_user(
          {"u-1", "Ann", "ann@example.com", {{"t-root", "mainAdministrator"}}, "2026-01-01T00:00:03.000Z"});
      tx.insert_user({"u-2", "Bob", "bob@example.com", {}, "2026-01-01T00:00:04.000Z"});
    });
  }
  void TearDown() override { store_.reset(); }

  void write(const std::function<void(Tx&)>& body) {
    store_->write([&](Tx& tx) {
      body(tx);
      return true;
    });
  }
  template <typename F>
  auto read(F f) {
    decltype(f(std::declval<Tx&>())) out{};
    store_->read([&](Tx& tx) { out = f(tx); });
    return out;
  }
  void reopen(const Options& options = {}) {
    store_.reset();
    store_ = open(path_, options);
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

PlaybookRow full_playbook() {
  PlaybookRow p;
  p.id = "p-1";
  p.tenant = "t-a";
  p.name = "Isolate host";
  p.tags = {"malware", "ünïcödé ✓", "emoji 🚀", "quote \" backslash \\ tab \t nl \n", ""};
  p.description = "Isolates the host.\nSecond line.";
  p.scope = ObjectKind::Incident;
  p.mode = "auto";
  p.launching_rule = "terminateAndLaunch";
  p.trigger = R"(.Severity == "critical" and (.Tags | index("x")))";
  p.algorithm = R"({"steps":[{"action":"isolate","params":{"host":"{{ .Host }}"}}]})";
  p.inheritance = false;
  p.excluded_tenants = {"t-b", "t-c"};
  p.predefined = true;
  p.deleted = false;
  p.launches = 42;
  p.created_at = "2026-02-01T10:00:00.000Z";
  p.created_by = "u-1";
  p.updated_at = "2026-02-02T11:00:00.000Z";
  p.updated_by = "u-2";
  return p;
}

TEST_F(SqliteStoreTest, TenantsRoundTripInCreationOrder) {
  auto all = read([](Tx& tx) { return tx.tenants(); });
  ASSERT_EQ(all.size(), 3u);
  TenantRow root{"t-root", "Root", "", "2026-01-01T00:00:00.000Z"};
  TenantRow a{"t-a", "Tenant A", "t-root", "2026-01-01T00:00:01.000Z"};
  EXPECT_EQ(fields(all[0]), fields(root));
  EXPECT_EQ(fields(all[1]), fields(a));
  EXPECT_EQ(all[2].id, "t-b");
  auto one = read([](Tx& tx) { return tx.tenant("t-a"); });
  ASSERT_TRUE(one);
  EXPECT_EQ(fields(*one), fields(a));
  EXPECT_FALSE(read([](Tx& tx) { return tx.tenant("t-none"); }));
}

TEST_F(SqliteStoreTest, UsersAndRolesRoundTrip) {
  UserRow u{"u-3",
            "Çelik ✓",
            "c@example.com",
            {{"t-a", "tier1Analyst"}, {"t-root", "auditor"}, {"t-b", "tier2Analyst"}},
            "2026-01-01T00:00:05.000Z"};
  write([&](Tx& tx) { tx.insert_user(u); });
  auto got = read([](Tx& tx) { return tx.user("u-3"); });
  ASSERT_TRUE(got);
  EXPECT_EQ(fields(*got), fields(u));  // roles in the order granted

  auto bob = read([](Tx& tx) { return tx.user("u-2"); });
  ASSERT_TRUE(bob);
  EXPECT_TRUE(bob->roles.empty());
  EXPECT_FALSE(read([](Tx& tx) { return tx.user("u-none"); }));

  auto all = read([](Tx& tx) { return tx.users(); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, "u-1");
  EXPECT_EQ(grants(all[0].roles), grants({{"t-root", "mainAdministrator"}}));
  EXPECT_EQ(all[1].id, "u-2");
  EXPECT_EQ(fields(all[2]), fields(u));
}

TEST_F(SqliteStoreTest, SetRolesReplacesTheGrants) {
  std::vector<RoleGrant> roles{{"t-b", "socAdministrator"}, {"t-a", "tier1Analyst"}};
  write([&](Tx& tx) { tx.set_roles("u-1", roles); });
  EXPECT_EQ(grants(read([](Tx& tx) { return tx.user("u-1"); })->roles), grants(roles));
  write([&](Tx& tx) { tx.set_roles("u-1", {}); });
  EXPECT_TRUE(read([](Tx& tx) { return tx.user("u-1"); })->roles.empty());
  EXPECT_THROW(write([&](Tx& tx) { tx.set_roles("u-none", roles); }), StoreError);
  // Foreign keys are on: a grant on an unknown tenant is refused.
  EXPECT_THROW(write([&](Tx& tx) { tx.set_roles("u-1", {{"t-none", "auditor"}}); }), StoreError);
}

TEST_F(SqliteStoreTest, TokensRoundTripAndRevoke) {
  TokenRow t{"k-1", "u-1", std::string(64, 'a'), "2026-01-01T00:00:06.000Z", false};
  TokenRow r{"k-2", "u-2", std::string(64, 'b'), "2026-01-01T00:00:07.000Z", true};
  write([&](Tx& tx) {
    tx.insert_token(t);
    tx.insert_token(r);
  });
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.token("k-1"); })), fields(t));
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.token("k-2"); })), fields(r));
  EXPECT_EQ(fields(*read([&](Tx& tx) { return tx.token_by_hash(t.hash); })), fields(t));
  EXPECT_FALSE(read([](Tx& tx) { return tx.token("k-none"); }));
  EXPECT_FALSE(read([](Tx& tx) { return tx.token_by_hash("c"); }));

  write([](Tx& tx) { tx.revoke_token("k-1"); });
  EXPECT_TRUE(read([](Tx& tx) { return tx.token("k-1"); })->revoked);
  EXPECT_THROW(write([](Tx& tx) { tx.revoke_token("k-none"); }), StoreError);
  TokenRow same_hash{"k-3", "u-1", t.hash, "2026-01-01T00:00:08.000Z", false};
  EXPECT_THROW(write([&](Tx& tx) { tx.insert_token(same_hash); }), StoreError);
}

TEST_F(SqliteStoreTest, MetaRoundTrip) {
  EXPECT_FALSE(read([](Tx& tx) { return tx.meta("bootstrapped"); }));
  write([](Tx& tx) { tx.set_meta("bootstrapped", "t-root"); });
  EXPECT_EQ(read([](Tx& tx) { return tx.meta("bootstrapped"); }), "t-root");
  write([](Tx& tx) { tx.set_meta("bootstrapped", "t-other"); });
  EXPECT_EQ(read([](Tx& tx) { return tx.meta("bootstrapped"); }), "t-other");
  write([](Tx& tx) { tx.set_meta("empty", ""); });
  EXPECT_EQ(read([](Tx& tx) { return tx.meta("empty"); }), "");
}

// Playbooks that differ in every way a field can: present and absent
// trigger, an empty trigger (present), empty lists, unicode and escapes.
std::vector<std::pair<std::string, PlaybookRow>> playbook_cases() {
  std::vector<std::pair<std::string, PlaybookRow>> cases;
  cases.emplace_back("full", full_playbook());
  PlaybookRow manual;
  manual.id = "p-2";
  manual.tenant = "t-root";
  manual.name = "Manual ✓";
  manual.description = "";
  manual.scope = ObjectKind::Alert;
  manual.mode = "manual";
  manual.launching_rule = "skip";
  manual.trigger = std::nullopt;
  manual.algorithm = "{}";
  manual.inheritance = true;
  manual.predefined = false;
  manual.deleted = true;
  manual.launches = 0;
  manual.created_at = manual.updated_at = "2026-02-03T00:00:00.000Z";
  manual.created_by = manual.updated_by = "u-2";
  cases.emplace_back("manual, no trigger, empty lists", manual);
  PlaybookRow empty_trigger = full_playbook();
  empty_trigger.id = "p-3";
  empty_trigger.name = "Empty trigger";
  empty_trigger.trigger = "";
  empty_trigger.tags = {"\x01\x1f control", "/slash"};
  empty_trigger.excluded_tenants = {};
  empty_trigger.launches = (int64_t{1} << 40) + 7;
  cases.emplace_back("empty trigger, control characters", empty_trigger);
  return cases;
}

TEST_F(SqliteStoreTest, PlaybooksRoundTripEveryField) {
  auto cases = playbook_cases();
  int64_t last_seq = 0;
  for (auto& [name, p] : cases) {
    SCOPED_TRACE(name);
    PlaybookRow inserted = p;
    write([&](Tx& tx) { tx.insert_playbook(inserted); });
    EXPECT_GT(inserted.seq, last_seq);  // filled, increasing
    last_seq = inserted.seq;
    p.seq = inserted.seq;
    auto got = read([&](Tx& tx) { return tx.playbook(p.id); });
    ASSERT_TRUE(got);
    EXPECT_EQ(fields(*got), fields(p));
    EXPECT_EQ(got->trigger.has_value(), p.trigger.has_value());
  }
  auto all = read([](Tx& tx) { return tx.playbooks(); });
  ASSERT_EQ(all.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i)
    EXPECT_EQ(fields(all[i]), fields(cases[i].second)) << cases[i].first;
  EXPECT_FALSE(read([](Tx& tx) { return tx.playbook("p-none"); }));
}

TEST_F(SqliteStoreTest, UpdatePlaybookChangesEveryFieldButIdAndSeq) {
  PlaybookRow p = full_playbook();
  write([&](Tx& tx) { tx.insert_playbook(p); });
  PlaybookRow q;
  q.id = p.id;
  q.seq = p.seq + 100;  // ignored
  q.tenant = "t-b";
  q.name = "Renamed";
  q.tags = {"other"};
  q.description = "changed";
  q.scope = ObjectKind::Alert;
  q.mode = "training";
  q.launching_rule = "queue";
  q.trigger = std::nullopt;
  q.algorithm = R"({"steps":[]})";
  q.inheritance = true;
  q.excluded_tenants = {};
  q.predefined = false;
  q.deleted = true;
  q.launches = 43;
  q.created_at = "2027-01-01T00:00:00.000Z";
  q.created_by = "u-2";
  q.updated_at = "2027-01-02T00:00:00.000Z";
  q.updated_by = "u-1";
  write([&](Tx& tx) { tx.update_playbook(q); });
  q.seq = p.seq;
  EXPECT_EQ(fields(*read([&](Tx& tx) { return tx.playbook(p.id); })), fields(q));
  PlaybookRow missing = q;
  missing.id = "p-none";
  EXPECT_THROW(write([&](Tx& tx) { tx.update_playbook(missing); }), StoreError);
}

TEST_F(SqliteStoreTest, PlaybookNameIsUniquePerTenantAmongTheLiving) {
  PlaybookRow first = full_playbook();
  write([&](Tx& tx) { tx.insert_playbook(first); });

  PlaybookRow second = full_playbook();
  second.id = "p-2";
  try {
    write([&](Tx& tx) { tx.insert_playbook(second); });
    ADD_FAILURE() << "a second live playbook of the same name was stored";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed: playbooks.tenant, playbooks.name"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find(path_), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("insert playbook"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(read([](Tx& tx) { return tx.playbook("p-2"); }));

  PlaybookRow other_tenant = second;
  other_tenant.id = "p-3";
  other_tenant.tenant = "t-b";
  write([&](Tx& tx) { tx.insert_playbook(other_tenant); });  // another tenant: allowed

  first.deleted = true;
  write([&](Tx& tx) { tx.update_playbook(first); });
  write([&](Tx& tx) { tx.insert_playbook(second); });  // the first is deleted: allowed
  EXPECT_TRUE(read([](Tx& tx) { return tx.playbook("p-2"); }));

  first.deleted = false;  // two live ones again: refused
  EXPECT_THROW(write([&](Tx& tx) { tx.update_playbook(first); }), StoreError);
  EXPECT_TRUE(read([&](Tx& tx) { return tx.playbook(first.id); })->deleted);
}

TEST_F(SqliteStoreTest, ChangelogOldestFirstPerPlaybook) {
  PlaybookRow p = full_playbook();
  PlaybookRow q = full_playbook();
  q.id = "p-2";
  q.name = "Other";
  std::vector<ChangelogRow> rows{
      {0, "p-1", "2026-03-01T00:00:00.000Z", "u-1", R"({"action":"create"})"},
      {0, "p-2", "2026-03-01T00:00:01.000Z", "u-2", R"({"action":"create"})"},
      {0, "p-1", "2026-03-01T00:00:02.000Z", "u-2", R"({"action":"update","diff":"ü"})"}};
  write([&](Tx& tx) {
    tx.insert_playbook(p);
    tx.insert_playbook(q);
    for (auto& r : rows) tx.insert_changelog(r);
  });
  EXPECT_GT(rows[0].seq, 0);
  EXPECT_LT(rows[0].seq, rows[1].seq);
  EXPECT_LT(rows[1].seq, rows[2].seq);
  auto got = read([](Tx& tx) { return tx.changelog("p-1"); });
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(fields(got[0]), fields(rows[0]));
  EXPECT_EQ(fields(got[1]), fields(rows[2]));
  EXPECT_EQ(read([](Tx& tx) { return tx.changelog("p-2"); }).size(), 1u);
  EXPECT_TRUE(read([](Tx& tx) { return tx.changelog("p-none"); }).empty());
}

ObjectRow object(ObjectKind kind, std::string id, int64_t short_id, std::string tenant, std::string status,
                 std::string severity, std::string created_at, std::string json = "{}") {
  ObjectRow o;
  o.kind = kind;
  o.internal_id = std::move(id);
  o.short_id = short_id;
  o.tenant = std::move(tenant);
  o.status = std::move(status);
  o.severity = std::move(severity);
  o.created_at = created_at;
  o.updated_at = created_at;
  o.json = std::move(json);
  return o;
}

TEST_F(SqliteStoreTest, ObjectsRoundTripAndUpdate) {
  ObjectRow alert = object(ObjectKind::Alert, "a-1", 1, "t-a", "new", "high", "2026-04-01T00:00:00.000Z",
                           big_json(6 * 1024));
  ObjectRow incident = object(ObjectKind::Incident, "a-1", 1, "t-b", "open", "low",
                              "2026-04-01T00:00:01.000Z", R"({"k":"ü"})");
  write([&](Tx& tx) {
    tx.insert_object(alert);
    tx.insert_object(incident);  // the same internal id under the other kind
  });
  EXPECT_GT(alert.seq, 0);
  EXPECT_GT(incident.seq, alert.seq);
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.object(ObjectKind::Alert, "a-1"); })), fields(alert));
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.object(ObjectKind::Incident, "a-1"); })), fields(incident));
  EXPECT_FALSE(read([](Tx& tx) { return tx.object(ObjectKind::Alert, "a-none"); }));

  ObjectRow dup = alert;
  EXPECT_THROW(write([&](Tx& tx) { tx.insert_object(dup); }), StoreError);

  ObjectRow changed = object(ObjectKind::Alert, "a-1", 9, "t-b", "closed", "critical",
                             "2026-05-01T00:00:00.000Z", R"({"v":2})");
  changed.updated_at = "2026-05-02T00:00:00.000Z";
  changed.seq = 12345;  // ignored: update keeps the seq
  write([&](Tx& tx) { tx.update_object(changed); });
  changed.seq = alert.seq;
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.object(ObjectKind::Alert, "a-1"); })), fields(changed));
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.object(ObjectKind::Incident, "a-1"); })), fields(incident));

  ObjectRow missing = changed;
  missing.internal_id = "a-none";
  EXPECT_THROW(write([&](Tx& tx) { tx.update_object(missing); }), StoreError);
}

TEST_F(SqliteStoreTest, NextShortIdIsOneMoreThanTheLargestOfTheKind) {
  EXPECT_EQ(read([](Tx& tx) { return tx.next_short_id(ObjectKind::Alert); }), 1);
  write([](Tx& tx) {
    auto a = object(ObjectKind::Alert, "a-1", 5, "t-a", "new", "low", "2026-04-01T00:00:00.000Z");
    auto b = object(ObjectKind::Alert, "a-2", 3, "t-a", "new", "low", "2026-04-01T00:00:01.000Z");
    tx.insert_object(a);
    tx.insert_object(b);
  });
  EXPECT_EQ(read([](Tx& tx) { return tx.next_short_id(ObjectKind::Alert); }), 6);
  EXPECT_EQ(read([](Tx& tx) { return tx.next_short_id(ObjectKind::Incident); }), 1);
}

TEST_F(SqliteStoreTest, ChangesOldestFirstPerObject) {
  ObjectRow a = object(ObjectKind::Alert, "x", 1, "t-a", "new", "low", "2026-04-01T00:00:00.000Z");
  ObjectRow i = object(ObjectKind::Incident, "x", 1, "t-a", "new", "low", "2026-04-01T00:00:00.000Z");
  std::vector<ObjectChangeRow> rows{
      {0, ObjectKind::Alert, "x", "2026-04-01T00:00:01.000Z", "u-1", R"({"manual":true})",
       R"({"Status":"a"})"},
      {0, ObjectKind::Incident, "x", "2026-04-01T00:00:02.000Z", "u-2", R"({"manual":false})", "{}"},
      {0, ObjectKind::Alert, "x", "2026-04-01T00:00:03.000Z", "u-2", R"({"manual":false})", R"({"k":"ü"})"}};
  write([&](Tx& tx) {
    tx.insert_object(a);
    tx.insert_object(i);
    for (auto& r : rows) tx.insert_change(r);
  });
  EXPECT_LT(rows[0].seq, rows[1].seq);
  EXPECT_LT(rows[1].seq, rows[2].seq);
  auto got = read([](Tx& tx) { return tx.changes(ObjectKind::Alert, "x"); });
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(fields(got[0]), fields(rows[0]));
  EXPECT_EQ(fields(got[1]), fields(rows[2]));
  auto inc = read([](Tx& tx) { return tx.changes(ObjectKind::Incident, "x"); });
  ASSERT_EQ(inc.size(), 1u);
  EXPECT_EQ(fields(inc[0]), fields(rows[1]));
  // A change of an object that is not stored is refused (foreign key).
  ObjectChangeRow orphan{0, ObjectKind::Alert, "nobody", "2026-04-01T00:00:04.000Z", "u-1", "{}", "{}"};
  EXPECT_THROW(write([&](Tx& tx) { tx.insert_change(orphan); }), StoreError);
}

TEST_F(SqliteStoreTest, IdempotencyRowsArePerUserAndKey) {
  IdempotencyRow a{"u-1", "key-1",           "POST /api/v1/alerts",     std::string(64, 'f'),
                   201,   R"({"id":"a-1"})", "2026-04-01T00:00:00.000Z"};
  IdempotencyRow b{"u-2", "key-1", "POST /api/v1/playbooks",  std::string(64, 'e'),
                   409,   "",      "2026-04-01T00:00:01.000Z"};
  IdempotencyRow c{"u-1", "key-2", "POST /api/v1/tokens",     std::string(64, 'd'),
                   200,   "{}",    "2026-04-01T00:00:02.000Z"};
  write([&](Tx& tx) {
    tx.insert_idempotency(a);
    tx.insert_idempotency(b);  // the same key of another user
    tx.insert_idempotency(c);  // another key of the same user
  });
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.idempotency("u-1", "key-1"); })), fields(a));
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.idempotency("u-2", "key-1"); })), fields(b));
  EXPECT_EQ(fields(*read([](Tx& tx) { return tx.idempotency("u-1", "key-2"); })), fields(c));
  EXPECT_FALSE(read([](Tx& tx) { return tx.idempotency("u-2", "key-2"); }));
  IdempotencyRow again = a;
  again.body = "other";
  EXPECT_THROW(write([&](Tx& tx) { tx.insert_idempotency(again); }), StoreError);
  EXPECT_EQ(read([](Tx& tx) { return tx.idempotency("u-1", "key-1"); })->body, a.body);
}

// -- the object filters

class ObjectFilterTest : public SqliteStoreTest {
 protected:
  void SetUp() override {
    SqliteStoreTest::SetUp();
    const char* tenants[] = {"t-a", "t-b", "t-root"};
    const char* statuses[] = {"new", "inProgress", "closed", "new"};
    const char* severities[] = {"low", "high", "critical"};
    int64_t short_ids[2] = {0, 0};
    write([&](Tx& tx) {
      for (int i = 0; i < 60; ++i) {
        ObjectKind kind = i % 5 == 4 ? ObjectKind::Incident : ObjectKind::Alert;
        char at[48];
        std::snprintf(at, sizeof at, "2026-06-01T00:%02d:%02d.000Z", i / 60, i % 60);
        ObjectRow o = object(kind, "o-" + std::to_string(i), ++short_ids[static_cast<int>(kind)],
                             tenants[i % 3], statuses[i % 4], severities[i % 7 % 3], at);
        tx.insert_object(o);
        all_.push_back(o);
      }
    });
  }

  // The rows the filter should give, computed over what was inserted.
  std::vector<int64_t> expected(const ObjectFilter& f) const {
    std::vector<int64_t> out;
    for (const auto& o : all_) {
      if (out.size() >= f.limit) break;
      bool tenant_ok = std::find(f.tenants.begin(), f.tenants.end(), o.tenant) != f.tenants.end();
      if (o.kind != f.kind || !tenant_ok || o.seq <= f.after_seq) continue;
      if (!f.status.empty() && o.status != f.status) continue;
      if (!f.severity.empty() && o.severity != f.severity) continue;
      if (f.short_id && o.short_id != *f.short_id) continue;
      if (!f.created_from.empty() && o.created_at < f.created_from) continue;
      if (!f.created_to.empty() && o.created_at >= f.created_to) continue;
      if (f.open_only && o.status == "closed") continue;
      out.push_back(o.seq);
    }
    return out;
  }
  std::vector<int64_t> actual(const ObjectFilter& f) {
    std::vector<int64_t> out;
    for (const auto& o : read([&](Tx& tx) { return tx.objects(f); })) out.push_back(o.seq);
    return out;
  }
  size_t count(ObjectKind kind) const {
    return static_cast<size_t>(
        std::count_if(all_.begin(), all_.end(), [&](const auto& o) { return o.kind == kind; }));
  }

  std::vector<ObjectRow> all_;
};

ObjectFilter every_tenant(ObjectKind kind = ObjectKind::Alert) {
  ObjectFilter f;
  f.kind = kind;
  f.tenants = {"t-a", "t-b", "t-root"};
  f.limit = 1000;
  return f;
}

struct FilterCase {
  std::string name;
  std::function<void(ObjectFilter&)> set;
};

TEST_F(ObjectFilterTest, EachFieldAloneAndCombined) {
  const std::vector<FilterCase> cases = {
      {"kind incident", [](ObjectFilter& f) { f.kind = ObjectKind::Incident; }},
      {"one tenant", [](ObjectFilter& f) { f.tenants = {"t-b"}; }},
      {"two tenants",
       [](ObjectFilter& f) {
         f.tenants = {"t-root", "t-a"};
       }},
      {"unknown tenant among them",
       [](ObjectFilter& f) {
         f.tenants = {"t-b", "t-none"};
       }},
      {"status", [](ObjectFilter& f) { f.status = "inProgress"; }},
      {"severity", [](ObjectFilter& f) { f.severity = "critical"; }},
      {"short id", [](ObjectFilter& f) { f.short_id = 7; }},
      {"created from", [](ObjectFilter& f) { f.created_from = "2026-06-01T00:00:30.000Z"; }},
      {"created to", [](ObjectFilter& f) { f.created_to = "2026-06-01T00:00:20.000Z"; }},
      {"open only", [](ObjectFilter& f) { f.open_only = true; }},
      {"after seq", [](ObjectFilter& f) { f.after_seq = 25; }},
      {"limit", [](ObjectFilter& f) { f.limit = 5; }},
      {"tenant and status",
       [](ObjectFilter& f) {
         f.tenants = {"t-a"};
         f.status = "new";
       }},
      {"severity, open, time window",
       [](ObjectFilter& f) {
         f.severity = "high";
         f.open_only = true;
         f.created_from = "2026-06-01T00:00:10.000Z";
         f.created_to = "2026-06-01T00:00:50.000Z";
       }},
      {"incident, tenants, status, after seq, limit",
       [](ObjectFilter& f) {
         f.kind = ObjectKind::Incident;
         f.tenants = {"t-a", "t-b"};
         f.status = "new";
         f.after_seq = 5;
         f.limit = 2;
       }},
      {"short id and tenant",
       [](ObjectFilter& f) {
         f.short_id = 4;
         f.tenants = {"t-a"};
       }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ObjectFilter f = every_tenant();
    c.set(f);
    auto want = expected(f);
    // Each case narrows: some rows, not every row of the kind (of any
    // kind for the kind filter).
    EXPECT_FALSE(want.empty());
    EXPECT_LT(want.size(), f.kind == ObjectKind::Alert ? count(ObjectKind::Alert) : all_.size());
    EXPECT_EQ(actual(f), want);
  }
}

TEST_F(ObjectFilterTest, NoFilterGivesEveryRowOfTheKindInArrivalOrder) {
  ObjectFilter f = every_tenant();
  auto got = actual(f);
  EXPECT_EQ(got.size(), count(ObjectKind::Alert));
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
  EXPECT_EQ(got, expected(f));
}

TEST_F(ObjectFilterTest, EmptyTenantsGiveNothing) {
  ObjectFilter f = every_tenant();
  f.tenants.clear();
  EXPECT_TRUE(actual(f).empty());
}

TEST_F(ObjectFilterTest, ShortIdAndStatusThatMatchNothing) {
  ObjectFilter f = every_tenant();
  f.short_id = 1000;
  EXPECT_TRUE(actual(f).empty());
  f = every_tenant();
  f.status = "nonexistent";
  EXPECT_TRUE(actual(f).empty());
}

TEST_F(ObjectFilterTest, PagesWithAfterSeqAndLimit) {
  ObjectFilter f = every_tenant();
  f.tenants = {"t-a", "t-b"};
  auto whole = expected(f);
  ASSERT_GT(whole.size(), 15u);
  f.limit = 7;
  std::vector<int64_t> paged;
  int pages = 0;
  for (;;) {
    auto page = read([&](Tx& tx) { return tx.objects(f); });
    ASSERT_LE(page.size(), 7u);
    ++pages;
    if (page.empty()) break;
    for (const auto& o : page) paged.push_back(o.seq);
    f.after_seq = page.back().seq;
    ASSERT_LT(pages, 100);
  }
  EXPECT_EQ(paged, whole);
  EXPECT_EQ(pages, static_cast<int>((whole.size() + 6) / 7) + 1);  // the last one empty
  EXPECT_GE(pages, 3);
}

TEST_F(ObjectFilterTest, RowsComeWhole) {
  ObjectFilter f = every_tenant(ObjectKind::Incident);
  f.limit = 1;
  auto got = read([&](Tx& tx) { return tx.objects(f); });
  ASSERT_EQ(got.size(), 1u);
  auto first =
      std::find_if(all_.begin(), all_.end(), [](const auto& o) { return o.kind == ObjectKind::Incident; });
  EXPECT_EQ(fields(got[0]), fields(*first));
}

// -- transactions

struct Boom : std::runtime_error {
  Boom() : std::runtime_error("boom") {}
};

TEST_F(SqliteStoreTest, WriteReturningFalseStoresNothing) {
  store_->write([](Tx& tx) {
    tx.insert_tenant({"t-new", "New", "t-root", "2026-01-02T00:00:00.000Z"});
    tx.set_meta("k", "v");
    return false;
  });
  EXPECT_FALSE(read([](Tx& tx) { return tx.tenant("t-new"); }));
  EXPECT_FALSE(read([](Tx& tx) { return tx.meta("k"); }));
  write([](Tx& tx) { tx.set_meta("k", "after"); });  // the store still writes
  EXPECT_EQ(read([](Tx& tx) { return tx.meta("k"); }), "after");
}

TEST_F(SqliteStoreTest, WriteThrowingStoresNothingAndRethrows) {
  EXPECT_THROW(store_->write([](Tx& tx) -> bool {
    tx.insert_tenant({"t-new", "New", "t-root", "2026-01-02T00:00:00.000Z"});
    throw Boom();
  }),
               Boom);
  EXPECT_FALSE(read([](Tx& tx) { return tx.tenant("t-new"); }));
  // A StoreError in the middle (a duplicate) undoes the earlier statements too.
  EXPECT_THROW(write([](Tx& tx) {
                 tx.set_meta("k", "v");
                 tx.insert_tenant({"t-a", "again", "", "2026-01-02T00:00:00.000Z"});
               }),
               StoreError);
  EXPECT_FALSE(read([](Tx& tx) { return tx.meta("k"); }));
  write([](Tx& tx) { tx.set_meta("k", "after"); });
  EXPECT_EQ(read([](Tx& tx) { return tx.meta("k"); }), "after");
}

TEST_F(SqliteStoreTest, ReadThrowingRethrowsAndTheStoreStillReads) {
  EXPECT_THROW(store_->read([](Tx& tx) {
    tx.tenants();
    throw Boom();
  }),
               Boom);
  EXPECT_EQ(read([](Tx& tx) { return tx.tenants(); }).size(), 3u);
}

TEST_F(SqliteStoreTest, WritingInsideAReadIsRefused) {
  EXPECT_THROW(store_->read([](Tx& tx) { tx.set_meta("k", "v"); }), StoreError);
  EXPECT_FALSE(read([](Tx& tx) { return tx.meta("k"); }));
}

TEST_F(SqliteStoreTest, AWriteInsideAWriteOfTheSameThreadIsRefused) {
  bool inner_ran = false;
  EXPECT_THROW(write([&](Tx&) { write([&](Tx&) { inner_ran = true; }); }), StoreError);
  EXPECT_FALSE(inner_ran);
  write([](Tx& tx) { tx.set_meta("k", "v"); });  // not left locked
  EXPECT_EQ(read([](Tx& tx) { return tx.meta("k"); }), "v");
}

TEST_F(SqliteStoreTest, AReopenedStoreKeepsEverything) {
  PlaybookRow p = full_playbook();
  ObjectRow o =
      object(ObjectKind::Alert, "a-1", 1, "t-a", "new", "high", "2026-04-01T00:00:00.000Z", big_json(6000));
  write([&](Tx& tx) {
    tx.set_meta("bootstrapped", "t-root");
    tx.insert_token({"k-1", "u-1", "h", "2026-01-01T00:00:00.000Z", false});
    tx.insert_playbook(p);
    tx.insert_object(o);
  });
  for (auto sync : {Options::Sync::Normal, Options::Sync::Full}) {
    reopen(Options{sync, 1000});
    EXPECT_EQ(read([](Tx& tx) { return tx.meta("bootstrapped"); }), "t-root");
    EXPECT_EQ(read([](Tx& tx) { return tx.tenants(); }).size(), 3u);
    EXPECT_EQ(read([](Tx& tx) { return tx.users(); }).size(), 2u);
    EXPECT_TRUE(read([](Tx& tx) { return tx.token("k-1"); }));
    EXPECT_EQ(fields(*read([](Tx& tx) { return tx.playbook("p-1"); })), fields(p));
    EXPECT_EQ(fields(*read([](Tx& tx) { return tx.object(ObjectKind::Alert, "a-1"); })), fields(o));
  }
  // The seq keeps increasing after a reopen.
  ObjectRow next = object(ObjectKind::Alert, "a-2", 2, "t-a", "new", "high", "2026-04-01T00:00:01.000Z");
  write([&](Tx& tx) { tx.insert_object(next); });
  EXPECT_GT(next.seq, o.seq);
}

TEST_F(SqliteStoreTest, SizeBytesCountsTheFileAndItsLog) {
  uint64_t before = store_->size_bytes();
  EXPECT_GT(before, 0u);
  write([](Tx& tx) {
    for (int i = 0; i < 50; ++i) {
      ObjectRow o = object(ObjectKind::Alert, "a-" + std::to_string(i), i + 1, "t-a", "new", "low",
                           "2026-04-01T00:00:00.000Z", big_json(6000));
      tx.insert_object(o);
    }
  });
  EXPECT_GE(store_->size_bytes(), before + 50 * 6000);
}

// -- concurrency

TEST_F(SqliteStoreTest, AReadBesideAWriteSeesTheOldSnapshot) {
  std::promise<void> written;    // the writer has inserted, not committed
  std::promise<void> read_done;  // the reader has finished
  std::future<void> read_done_f = read_done.get_future();
  std::thread writer([&] {
    store_->write([&](Tx& tx) {
      tx.insert_tenant({"t-new", "New", "t-root", "2026-01-02T00:00:00.000Z"});
      written.set_value();
      // Hold the write transaction until the read is over (bounded).
      read_done_f.wait_for(std::chrono::seconds(20));
      return true;
    });
  });
  written.get_future().wait();
  auto start = std::chrono::steady_clock::now();
  std::vector<TenantRow> seen;
  std::optional<TenantRow> fresh;
  store_->read([&](Tx& tx) {
    seen = tx.tenants();
    fresh = tx.tenant("t-new");
  });
  auto took = std::chrono::steady_clock::now() - start;
  read_done.set_value();
  writer.join();
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_FALSE(fresh);
  EXPECT_LT(took, std::chrono::seconds(2));  // not blocked behind the write
  EXPECT_TRUE(read([](Tx& tx) { return tx.tenant("t-new"); }));
}

TEST_F(SqliteStoreTest, AReadSeesOneSnapshotWhileWritesCommit) {
  std::promise<void> first_read;
  std::promise<void> committed;
  std::future<void> committed_f = committed.get_future();
  std::thread writer([&] {
    first_read.get_future().wait();
    write([](Tx& tx) { tx.insert_tenant({"t-new", "New", "t-root", "2026-01-02T00:00:00.000Z"}); });
    committed.set_value();
  });
  size_t before = 0, after = 0;
  bool committed_during_read = false;
  store_->read([&](Tx& tx) {
    before = tx.tenants().size();
    first_read.set_value();
    // The write commits while this read is open (bounded, so that a store
    // whose reads block writes fails here rather than hangs).
    committed_during_read = committed_f.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    after = tx.tenants().size();
  });
  writer.join();
  EXPECT_TRUE(committed_during_read);
  EXPECT_EQ(before, 3u);
  EXPECT_EQ(after, 3u);
  EXPECT_EQ(read([](Tx& tx) { return tx.tenants(); }).size(), 4u);
}

TEST_F(SqliteStoreTest, ConcurrentWritersAndReaders) {
  constexpr int kWriters = 4, kPerWriter = 40, kReaders = 3;
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        write([&](Tx& tx) {
          ObjectRow o =
              object(ObjectKind::Alert, "w" + std::to_string(w) + "-" + std::to_string(i),
                     tx.next_short_id(ObjectKind::Alert), "t-a", "new", "low", "2026-04-01T00:00:00.000Z");
          tx.insert_object(o);
        });
      }
    });
  }
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        store_->read([&](Tx& tx) {
          ObjectFilter f = every_tenant();
          auto rows = tx.objects(f);
          // One snapshot: short ids are 1..n without a hole.
          for (size_t k = 0; k < rows.size(); ++k) ASSERT_EQ(rows[k].short_id, static_cast<int64_t>(k + 1));
        });
        ++reads;
      }
    });
  }
  for (auto& t : threads) t.join();
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(read([](Tx& tx) { return tx.objects(every_tenant()); }).size(),
            static_cast<size_t>(kWriters * kPerWriter));
  EXPECT_EQ(read([](Tx& tx) { return tx.next_short_id(ObjectKind::Alert); }), kWriters * kPerWriter + 1);
}

// -- the file

TEST_F(SqliteStoreTest, TheFileIsInWalModeWithForeignKeysInTheSchema) {
  RawDb raw(path_);
  EXPECT_EQ(raw.value("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.value("SELECT count(*) FROM pragma_foreign_key_list('user_roles')"), "2");
}

// Group commit: concurrent writes share transactions, yet each keeps its own
// outcome -- a write that returns false or throws is undone alone.
TEST_F(SqliteStoreTest, ConcurrentWritesKeepTheirOwnOutcome) {
  constexpr int kThreads = 8, kEach = 25;
  std::atomic<int> thrown{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string id = "t-" + std::to_string(t) + "-" + std::to_string(i);
        try {
          store_->write([&](Tx& tx) {
            tx.insert_tenant({id, "n", "t-root", "2026-01-01T00:00:00.000Z"});
            if (i % 5 == 1) return false;
            if (i % 5 == 2) throw std::runtime_error("refused");
            return true;
          });
        } catch (const std::runtime_error&) {
          thrown++;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(thrown.load(), kThreads * kEach / 5);
  auto tenants = read([](Tx& tx) { return tx.tenants(); });
  EXPECT_EQ(tenants.size(), 3u + kThreads * kEach * 3 / 5);
  for (const auto& row : tenants) {
    auto dash = row.id.rfind('-');
    if (row.id.rfind("t-", 0) == 0 && dash > 2) {
      int i = std::stoi(row.id.substr(dash + 1));
      EXPECT_TRUE(i % 5 != 1 && i % 5 != 2) << row.id;
    }
  }
  // A write inside a write of the same thread is still refused.
  EXPECT_THROW(store_->write([&](Tx&) {
    store_->write([](Tx&) { return true; });
    return true;
  }),
               StoreError);
}

}  // namespace
}  // namespace riposte::store::sqlite
