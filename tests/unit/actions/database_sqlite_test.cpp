// writeToDatabase into SQLite through the registry of real bindings: what
// the database file holds afterwards, read back with the C API.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <thread>

#include "tests/unit/actions/database_test_util.h"

namespace riposte::actions {
namespace {

using namespace std::chrono_literals;
using testing::RealDb;

struct SqliteFile {
  std::string path;
  explicit SqliteFile(const char* schema) {
    path = testing::temp_folder("riposte-db-sqlite-") + "/audit.db";
    exec(schema);
  }
  ~SqliteFile() {
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(path).parent_path(), ignored);
  }
  std::string exec(const std::string& sql) const {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    std::string out;
    char* err = nullptr;
    auto add = [](void* o, int n, char** values, char**) {
      auto& s = *static_cast<std::string*>(o);
      for (int i = 0; i < n; ++i) s += std::string(i ? "|" : "") + (values[i] ? values[i] : "<null>");
      s += "\n";
      return 0;
    };
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), add, &out, &err), SQLITE_OK) << (err ? err : "") << ": " << sql;
    sqlite3_free(err);
    sqlite3_close(db);
    return out;
  }
  std::string config() const {
    return R"({"databases": {"audit": {"url": "sqlite://)" + path + R"(", "tables": ["events", "keyed"]}}})";
  }
};

constexpr const char* kSchema =
    "CREATE TABLE events (id INTEGER PRIMARY KEY, host TEXT, n INTEGER, r REAL, ok INTEGER, extra TEXT);"
    "CREATE TABLE keyed (host TEXT, idempotency_key TEXT UNIQUE);"
    "CREATE TABLE secret (x TEXT);";

TEST(DatabaseSqlite, InsertsRowsWithTheirTypes) {
  SqliteFile f(kSchema);
  RealDb real(f.config());
  Outcome o = real.call(R"({"connection": "audit", "table": "events", "results": [
      {"host": "h1", "n": 42, "r": 2.5, "ok": true, "extra": {"tags": ["a", "b"]}},
      {"host": null, "n": -1, "ok": false}]})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"connection":"audit","rows":2,"table":"events"})");
  EXPECT_EQ(f.exec("SELECT host, n, r, ok, extra, typeof(n), typeof(r) FROM events ORDER BY id"),
            "h1|42|2.5|1|{\"tags\":[\"a\",\"b\"]}|integer|real\n<null>|-1|<null>|0|<null>|integer|null\n");
  EXPECT_EQ(f.exec("PRAGMA journal_mode"), "wal\n");
}

TEST(DatabaseSqlite, RunOnceWritesTheFirstResultOnly) {
  SqliteFile f(kSchema);
  RealDb real(f.config());
  Outcome o = real.call(R"({"connection": "audit", "table": "events", "runOnce": true,
      "results": [{"host": "first"}, {"host": "second"}]})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(f.exec("SELECT host FROM events"), "first\n");
}

TEST(DatabaseSqlite, InjectionLandsAsData) {
  SqliteFile f(kSchema);
  RealDb real(f.config());
  const std::string evil = R"('); DROP TABLE events; --)";
  Outcome o = real.call(
      R"({"connection": "audit", "table": "events", "results": [{"host": "'); DROP TABLE events; --", "extra": "\"; DELETE FROM secret; --"}]})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(f.exec("SELECT host, extra FROM events"), evil + "|\"; DELETE FROM secret; --\n");
  EXPECT_EQ(f.exec("SELECT count(*) FROM sqlite_master WHERE name = 'events'"), "1\n");
}

struct Refusal {
  const char* params;
  const char* message;
};
const Refusal kRefusals[] = {
    {R"({"connection": "audit", "table": "secret", "results": [{"x": "1"}]})",
     R"(writeToDatabase: params.table: table "secret" is not in databases.audit.tables)"},
    {R"({"connection": "audit", "table": "events", "results": [{"host": "a"}, {"nope": 1}]})",
     R"(writeToDatabase: params.results[1].nope: table "events" has no column "nope" (fields that are not columns are refused))"},
    {R"({"connection": "audit", "table": "events", "results": [{"host": "a"}, {"host\" TEXT); --": 1}]})",
     R"(writeToDatabase: params.results[1]: field "host" TEXT); --" is not a plain column name ([A-Za-z_][A-Za-z0-9_]*, at most 63))"},
    {R"({"connection": "other", "table": "events", "results": [{"host": "a"}]})",
     R"(writeToDatabase: params.connection "other" is not in the configuration's databases (known: audit))"},
};

TEST(DatabaseSqlite, RefusedCallsWriteNothing) {
  for (const Refusal& r : kRefusals) {
    SqliteFile f(kSchema);
    RealDb real(f.config());
    Outcome o = real.call(r.params);
    EXPECT_EQ(o.status, Status::Error) << r.params;
    EXPECT_EQ(o.failure, Failure::BadCall) << r.params;
    EXPECT_EQ(o.message, r.message);
    EXPECT_EQ(f.exec("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM secret)"), "0\n")
        << r.params;
  }
}

TEST(DatabaseSqlite, AFailedRowRollsBackTheCall) {
  SqliteFile f("CREATE TABLE events (host TEXT NOT NULL);");
  RealDb real(R"({"databases": {"audit": {"url": "sqlite://)" + f.path + R"(", "tables": ["events"]}}})");
  Outcome o =
      real.call(R"({"connection": "audit", "table": "events", "results": [{"host": "a"}, {"host": null}]})");
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("insert of params.results[1] failed: NOT NULL constraint failed"),
            std::string::npos)
      << o.message;
  EXPECT_EQ(f.exec("SELECT count(*) FROM events"), "0\n");
}

TEST(DatabaseSqlite, RetriedCallInsertsOnce) {
  SqliteFile f(kSchema);
  RealDb real(f.config());
  const char* params =
      R"({"connection": "audit", "table": "keyed", "results": [{"host": "a"}, {"host": "b"}]})";
  Outcome first = real.call(params, "k-1");
  ASSERT_EQ(first.status, Status::Success) << first.message;
  EXPECT_EQ(first.result.find("rows")->as_int(), 2);
  Outcome again = real.call(params, "k-1");
  ASSERT_EQ(again.status, Status::Success) << again.message;
  EXPECT_EQ(again.result.find("rows")->as_int(), 0);
  Outcome other = real.call(params, "k-2");
  EXPECT_EQ(other.result.find("rows")->as_int(), 2);
  EXPECT_EQ(f.exec("SELECT host, idempotency_key FROM keyed ORDER BY rowid"),
            "a|k-1#0\nb|k-1#1\na|k-2#0\nb|k-2#1\n");
}

TEST(DatabaseSqlite, LockedDatabaseEndsAtTheDeadline) {
  SqliteFile f(kSchema);
  RealDb real(f.config());
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(f.path.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "PRAGMA journal_mode=WAL; BEGIN IMMEDIATE; INSERT INTO secret VALUES ('x')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  const auto t0 = Clock::now();
  Outcome o =
      real.call(R"({"connection": "audit", "table": "events", "results": [{"host": "a"}]})", "key", 400ms);
  const auto took = Clock::now() - t0;
  EXPECT_EQ(o.failure, Failure::Timeout) << o.message;
  EXPECT_GE(took, 350ms);
  EXPECT_LT(took, 2s);
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  EXPECT_EQ(f.exec("SELECT count(*) FROM events"), "0\n");
}

TEST(DatabaseSqlite, MissingTableIsAnActionError) {
  SqliteFile f("CREATE TABLE other (x TEXT);");
  RealDb real(f.config());
  Outcome o = real.call(R"({"connection": "audit", "table": "events", "results": [{"host": "a"}]})");
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, R"(writeToDatabase: table "events" does not exist in databases.audit)");
}

}  // namespace
}  // namespace riposte::actions
