// store/sqlite/migrations.h and the refusals of open(): the schema version
// of a new file, files newer than this program, files that are not a
// database or not riposte's, a path that cannot be opened.
#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

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
  for (const char* table : {"meta", "tenants", "users", "user_roles", "tokens", "playbooks",
                            "playbook_changelog", "objects", "object_changes", "idempotency"}) {
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
