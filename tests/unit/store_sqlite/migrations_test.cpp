// store/sqlite/migrations.h and the refusals of open(): the schema version
// of a new file, files newer than this program, files that are not a
// database or not riposte's, a path that cannot be opened.
#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "tests/unit/store_sqlite/temp_store.h"

namespace riposte::store::sqlite {
namespace {

using test::RawDb;
using test::TempDir;

// The message of the StoreError that open(path) throws ("" when it opens).
std::string refusal(const std::string& path) {
  try {
    open(path);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

TEST(Migrations, ANewFileHasEveryMigrationApplied) {
  TempDir dir;
  std::string path = dir.file("new.db");
  open(path);
  RawDb raw(path);
  EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(migrations().size()));
  EXPECT_EQ(raw.value("PRAGMA application_id"), std::to_string(kApplicationId));
  EXPECT_EQ(raw.value("PRAGMA journal_mode"), "wal");
  for (const char* table :
       {"meta", "tenants", "users", "user_roles", "tokens", "playbooks", "playbook_changelog", "objects",
        "object_changes", "idempotency", "algorithms", "instances", "approvals", "history"}) {
    EXPECT_EQ(raw.value(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") +
                        table + "'"),
              "1")
        << table;
  }
}

TEST(Migrations, TheListIsNotEmptyAndEveryOneHasSqlAndAName) {
  ASSERT_FALSE(migrations().empty());
  for (const auto& m : migrations()) {
    EXPECT_FALSE(m.name.empty());
    EXPECT_FALSE(m.sql.empty());
  }
}

TEST(Migrations, ReopeningAppliesNothingTwice) {
  TempDir dir;
  std::string path = dir.file("again.db");
  open(path);
  open(path);  // a second CREATE TABLE would throw
  RawDb raw(path);
  EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(migrations().size()));
}

TEST(Migrations, TheFiltersUseTheirIndexes) {
  TempDir dir;
  std::string path = dir.file("plan.db");
  open(path);
  struct Case {
    const char* where;
    const char* index;
  } cases[] = {
      {"kind = 'alert' AND status = 'new' ORDER BY seq", "objects_kind_status"},
      {"kind = 'alert' AND short_id = 3", "objects_kind_short_id"},
      {"kind = 'alert' AND tenant = 't' ORDER BY seq", "objects_kind_tenant"},
  };
  for (const auto& c : cases) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    std::string sql = std::string("EXPLAIN QUERY PLAN SELECT * FROM objects WHERE ") + c.where;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK);
    std::string plan;
    while (sqlite3_step(s) == SQLITE_ROW) plan += reinterpret_cast<const char*>(sqlite3_column_text(s, 3));
    sqlite3_finalize(s);
    sqlite3_close(db);
    EXPECT_NE(plan.find(c.index), std::string::npos) << c.where << ": " << plan;
  }
}

// The engine-launch lists, in the shapes SqliteTx gives them: the
// launching rule's lookup of an object's unfinished instances, the scan of
// every unfinished one, the approval timers (both indexes, one range
// each), an instance's approvals and history, and the tenants' ranges.
TEST(Migrations, TheLaunchListsUseTheirIndexes) {
  TempDir dir;
  std::string path = dir.file("plan.db");
  open(path);
  const std::string tenants = "+tenant IN (SELECT value FROM json_each(?1))";
  struct Case {
    std::string sql;
    std::vector<std::string> indexes;
  } cases[] = {
      {"SELECT * FROM instances WHERE " + tenants +
           " AND playbook = ?4 AND object = ?5 AND status IN ('AwaitingApproval', 'InProgress') AND seq > ?2 "
           "ORDER BY seq LIMIT ?3",
       {"instances_object_playbook (object=? AND playbook=? AND seq>?)"}},
      {"SELECT * FROM instances WHERE " + tenants +
           " AND status IN ('AwaitingApproval', 'InProgress') AND seq > ?2 ORDER BY seq LIMIT ?3",
       {"instances_status (status=? AND seq>?)"}},
      {"SELECT seq FROM instances WHERE tenant = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
       {"instances_tenant (tenant=? AND seq>?)"}},
      {"SELECT status, count(*) FROM instances GROUP BY status ORDER BY status", {"instances_status"}},
      {"SELECT * FROM approvals WHERE status = 'Pending' AND "
       "((due_at > '' AND due_at <= ?1) OR (email_at > '' AND email_at <= ?1)) ORDER BY seq",
       {"MULTI-INDEX OR", "approvals_status_due (status=? AND due_at>? AND due_at<?)",
        "approvals_status_email (status=? AND email_at>? AND email_at<?)"}},
      {"SELECT * FROM approvals WHERE instance = ?1 AND \"group\" = ?2",
       {"approvals_instance_group (instance=? AND group=?)"}},
      {"SELECT seq FROM approvals WHERE tenant = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
       {"approvals_tenant (tenant=? AND seq>?)"}},
      {"SELECT * FROM history WHERE " + tenants + " AND instance = ?4 AND seq > ?2 ORDER BY seq LIMIT ?3",
       {"history_instance (instance=? AND seq>?)"}},
      {"SELECT seq FROM history WHERE tenant = ?1 AND kind = ?7 AND seq > ?2 ORDER BY seq LIMIT ?3",
       {"history_tenant (tenant=? AND seq>?)"}},
  };
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (const auto& c : cases) {
    sqlite3_stmt* s = nullptr;
    std::string sql = "EXPLAIN QUERY PLAN " + c.sql;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::string plan;
    while (sqlite3_step(s) == SQLITE_ROW)
      plan += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 3))) + "; ";
    sqlite3_finalize(s);
    for (const auto& index : c.indexes)
      EXPECT_NE(plan.find(index), std::string::npos) << c.sql << ": " << plan;
    for (const char* table : {"instances", "approvals", "history"})  // no walk of a whole table
      EXPECT_EQ(plan.find(std::string("SCAN ") + table + ";"), std::string::npos) << c.sql << ": " << plan;
  }
  sqlite3_close(db);
}

// A file as migration 1 left it (with rows) gets the launch tables at
// open, keeps its rows, and takes instances of its playbooks and objects.
TEST(Migrations, AFileOfVersion1GetsTheLaunchTables) {
  TempDir dir;
  std::string path = dir.file("v1.db");
  {
    RawDb raw(path);
    raw.exec("PRAGMA page_size = 65536; PRAGMA journal_mode = WAL");
    raw.exec("BEGIN; " + std::string(migrations()[0].sql) +
             "; PRAGMA user_version = 1; PRAGMA application_id = " + std::to_string(kApplicationId) +
             "; COMMIT");
    raw.exec(
        "INSERT INTO tenants (id, name, parent, created_at) VALUES ('t-root', 'Root', NULL, "
        "'2026-01-01T00:00:00.000Z');"
        "INSERT INTO playbooks (id, tenant, name, description, scope, mode, launching_rule, algorithm, "
        "inheritance, predefined, deleted, launches, created_at, created_by, updated_at, updated_by) VALUES "
        "('p-old', 't-root', 'Old', '', 'alert', 'auto', 'queue', '{}', 1, 0, 0, 7, "
        "'2026-01-01T00:00:00.000Z', 'u', '2026-01-01T00:00:00.000Z', 'u');"
        "INSERT INTO objects (kind, internal_id, short_id, tenant, status, severity, created_at, updated_at, "
        "json) VALUES ('alert', 'a-old', 1, 't-root', 'new', 'low', '2026-01-01T00:00:00.000Z', "
        "'2026-01-01T00:00:00.000Z', '{}')");
    EXPECT_EQ(raw.value("SELECT count(*) FROM sqlite_schema WHERE name = 'instances'"), "0");
  }
  auto store = open(path);
  {
    RawDb raw(path);
    EXPECT_EQ(raw.value("PRAGMA user_version"), std::to_string(migrations().size()));
    for (const char* name :
         {"algorithms", "instances", "approvals", "history", "instances_object_playbook", "instances_status",
          "instances_tenant", "approvals_instance_group", "approvals_status_due", "approvals_status_email",
          "approvals_tenant", "history_tenant", "history_instance"}) {
      EXPECT_EQ(raw.value(std::string("SELECT count(*) FROM sqlite_schema WHERE name = '") + name + "'"), "1")
          << name;
    }
  }
  InstanceRow r;
  r.id = "i-new";
  r.playbook = "p-old";
  r.playbook_name = "Old";
  r.tenant = "t-root";
  r.object = "a-old";
  r.status = "InProgress";
  store->write([&](Tx& tx) {
    tx.insert_instance(r);
    tx.add_launches("p-old", 1);
    return true;
  });
  store->read([&](Tx& tx) {
    EXPECT_EQ(tx.playbook("p-old")->launches, 8);
    EXPECT_EQ(tx.object(ObjectKind::Alert, "a-old")->json, "{}");
    ASSERT_TRUE(tx.instance("i-new"));
    EXPECT_EQ(tx.instance("i-new")->seq, r.seq);
  });
}

TEST(Open, AFileWithANewerSchemaIsRefused) {
  TempDir dir;
  std::string path = dir.file("newer.db");
  open(path);
  const size_t newer = migrations().size() + 6;
  RawDb(path).exec("PRAGMA user_version = " + std::to_string(newer));
  EXPECT_EQ(refusal(path), "store " + path + " has schema version " + std::to_string(newer) +
                               ", this riposte knows up to " + std::to_string(migrations().size()));
  EXPECT_EQ(RawDb(path).value("PRAGMA user_version"), std::to_string(newer));  // left as it was
}

TEST(Open, AFileThatIsNotADatabaseIsRefused) {
  TempDir dir;
  std::string path = dir.file("notes.txt");
  {
    std::ofstream out(path);
    for (int i = 0; i < 200; ++i) out << "this is not a database, line " << i << "\n";
  }
  std::string m = refusal(path);
  EXPECT_NE(m.find(path), std::string::npos) << m;
  EXPECT_NE(m.find("file is not a database"), std::string::npos) << m;
}

TEST(Open, ADatabaseOfAnotherApplicationIsRefused) {
  TempDir dir;
  std::string path = dir.file("other.db");
  RawDb(path).exec("PRAGMA application_id = 42; CREATE TABLE t (x)");
  std::string m = refusal(path);
  EXPECT_NE(m.find(path), std::string::npos) << m;
  EXPECT_NE(m.find("another application"), std::string::npos) << m;
}

TEST(Open, APathThatCannotBeOpenedIsRefused) {
  TempDir dir;
  std::string path = dir.file("no/such/folder/riposte.db");
  std::string m = refusal(path);
  EXPECT_EQ(m.rfind("cannot open store " + path + ": ", 0), 0u) << m;
}

}  // namespace
}  // namespace riposte::store::sqlite
