// writeToDatabase into PostgreSQL 15 (tests/actions_real/peers/postgres.py,
// TCP with scram-sha-256) through the registry of real bindings: what the
// tables hold afterwards, read back with psql; a silent server and a
// cancel end the call on time.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

#include "tests/unit/actions/database_test_util.h"

namespace riposte::actions {
namespace {

using namespace std::chrono_literals;
using testing::PostgresPeer;
using testing::RealDb;

// The peer with a fresh set of tables; FAILS the test when it cannot start.
#define REQUIRE_POSTGRES(pg)              \
  PostgresPeer& pg = PostgresPeer::get(); \
  ASSERT_EQ(pg.error, "");                \
  ASSERT_EQ(pg.sql(kSchema).status, 0) << pg.sql(kSchema).out

constexpr const char* kSchema =
    "DROP TABLE IF EXISTS alerts_out, keyed, secret;"
    "CREATE TABLE alerts_out (id serial PRIMARY KEY, host text, n bigint, r double precision, ok boolean, "
    "extra jsonb, seen timestamptz);"
    "CREATE TABLE keyed (host text, idempotency_key text UNIQUE);"
    "CREATE TABLE secret (x text);"
    "GRANT ALL ON alerts_out, keyed, secret TO riposte; GRANT ALL ON SEQUENCE alerts_out_id_seq TO riposte;";

std::string config_for(const std::string& url, const std::string& env = "DB_TEST_PG_PASSWORD") {
  ::setenv("DB_TEST_PG_PASSWORD", PostgresPeer::kPassword, 1);
  ::setenv("DB_TEST_PG_WRONG", "not-the-password", 1);
  return R"({"allow": {"hosts": ["127.0.0.1"]}, "databases": {"pg": {"url": ")" + url +
         R"(", "passwordEnv": ")" + env + R"(", "tables": ["alerts_out", "keyed", "public.alerts_out"]}}})";
}

TEST(DatabasePostgres, InsertsRowsWithTheirTypes) {
  REQUIRE_POSTGRES(pg);
  RealDb real(config_for(pg.url));
  Outcome o = real.call(R"({"connection": "pg", "table": "alerts_out", "results": [
      {"host": "h1", "n": 9007199254740993, "r": 2.5, "ok": true, "extra": {"tags": ["a", "b"]},
       "seen": "2026-01-02T03:04:05Z"},
      {"host": null, "n": -1, "ok": false, "extra": [1, null]}]})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"connection":"pg","rows":2,"table":"alerts_out"})");
  testing::Ran r = pg.sql(
      "SET TIME ZONE 'UTC'; SELECT host, n, r, ok, extra::text, seen, jsonb_typeof(extra) FROM alerts_out "
      "ORDER BY "
      "id");
  EXPECT_EQ(r.out,
            "h1|9007199254740993|2.5|t|{\"tags\": [\"a\", \"b\"]}|2026-01-02 03:04:05+00|object\n"
            "<null>|-1|<null>|f|[1, null]|<null>|array\n");
}

TEST(DatabasePostgres, SchemaQualifiedTable) {
  REQUIRE_POSTGRES(pg);
  RealDb real(config_for(pg.url));
  Outcome o = real.call(R"({"connection": "pg", "table": "public.alerts_out", "results": {"host": "q"}})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(pg.sql("SELECT host FROM alerts_out").out, "q\n");
}

TEST(DatabasePostgres, InjectionLandsAsData) {
  REQUIRE_POSTGRES(pg);
  RealDb real(config_for(pg.url));
  Outcome o = real.call(
      R"({"connection": "pg", "table": "alerts_out", "results": [{"host": "'); DROP TABLE alerts_out; --"}]})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(pg.sql("SELECT host FROM alerts_out").out, "'); DROP TABLE alerts_out; --\n");
}

TEST(DatabasePostgres, RefusedCallsWriteNothing) {
  REQUIRE_POSTGRES(pg);
  RealDb real(config_for(pg.url));
  Outcome o = real.call(R"({"connection": "pg", "table": "secret", "results": [{"x": "1"}]})");
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_EQ(o.message, R"(writeToDatabase: params.table: table "secret" is not in databases.pg.tables)");
  o = real.call(R"({"connection": "pg", "table": "alerts_out", "results": [{"host": "a"}, {"nope": 1}]})");
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_EQ(
      o.message,
      R"(writeToDatabase: params.results[1].nope: table "alerts_out" has no column "nope" (fields that are not columns are refused))");
  // A value the column's type refuses: the whole call is rolled back.
  o = real.call(R"({"connection": "pg", "table": "alerts_out", "results": [{"host": "a"}, {"n": "many"}]})");
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("insert of params.results[1] failed"), std::string::npos) << o.message;
  EXPECT_EQ(pg.sql("SELECT (SELECT count(*) FROM alerts_out) + (SELECT count(*) FROM secret)").out, "0\n");
}

TEST(DatabasePostgres, RetriedCallInsertsOnce) {
  REQUIRE_POSTGRES(pg);
  RealDb real(config_for(pg.url));
  const char* params = R"({"connection": "pg", "table": "keyed", "results": [{"host": "a"}, {"host": "b"}]})";
  Outcome first = real.call(params, "k-1");
  ASSERT_EQ(first.status, Status::Success) << first.message;
  EXPECT_EQ(first.result.find("rows")->as_int(), 2);
  Outcome again = real.call(params, "k-1");
  ASSERT_EQ(again.status, Status::Success) << again.message;
  EXPECT_EQ(again.result.find("rows")->as_int(), 0);
  EXPECT_EQ(pg.sql("SELECT host, idempotency_key FROM keyed ORDER BY 2").out, "a|k-1#0\nb|k-1#1\n");
}

TEST(DatabasePostgres, WrongPasswordIsRefusedAndNotShown) {
  REQUIRE_POSTGRES(pg);
  RealDb real(config_for(pg.url, "DB_TEST_PG_WRONG"));
  Outcome o = real.call(R"({"connection": "pg", "table": "alerts_out", "results": [{"host": "a"}]})");
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("password authentication failed"), std::string::npos) << o.message;
  EXPECT_EQ(o.message.find("not-the-password"), std::string::npos);
  EXPECT_EQ(pg.sql("SELECT count(*) FROM alerts_out").out, "0\n");
}

TEST(DatabasePostgres, HostOutsideTheAllowListIsRefused) {
  // The URL's `host` query parameter overrides its host: both are checked.
  REQUIRE_POSTGRES(pg);
  RealDb real(config_for(pg.url + "?host=localhost"));
  Outcome o = real.call(R"({"connection": "pg", "table": "alerts_out", "results": [{"host": "a"}]})");
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_NE(o.message.find("databases.pg.url"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("localhost"), std::string::npos) << o.message;
  EXPECT_EQ(pg.sql("SELECT count(*) FROM alerts_out").out, "0\n");
}

// A TCP listener that accepts connections and never says a word.
struct SilentServer {
  int fd = -1;
  int port = 0;
  std::vector<int> accepted;
  std::thread thread;
  std::atomic<bool> stop{false};
  SilentServer() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd, 8), 0);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    thread = std::thread([this] {
      while (!stop) {
        const int c = ::accept(fd, nullptr, nullptr);
        if (c >= 0) accepted.push_back(c);
      }
    });
  }
  ~SilentServer() {
    stop = true;
    ::shutdown(fd, SHUT_RDWR);
    thread.join();
    ::close(fd);
    for (int c : accepted) ::close(c);
  }
  std::string url() const { return "postgresql://riposte@127.0.0.1:" + std::to_string(port) + "/soc"; }
};

TEST(DatabasePostgres, SilentServerEndsAtTheDeadline) {
  SilentServer s;
  RealDb real(config_for(s.url()));
  Call c = testing::make_call("writeToDatabase",
                              R"({"connection": "pg", "table": "alerts_out", "results": [{"host": "a"}]})");
  c.deadline = Clock::now() + 500ms;
  const auto t0 = Clock::now();
  // invoke() itself (not through Pending, whose own timer would also say
  // Timeout): the binding must stop at the deadline by itself.
  Outcome o = real.registry->find("writeToDatabase")->invoke(c);
  const auto took = Clock::now() - t0;
  EXPECT_EQ(o.failure, Failure::Timeout) << o.message;
  EXPECT_GE(took, 450ms);
  EXPECT_LT(took, 1500ms);
}

TEST(DatabasePostgres, CancelEndsPromptly) {
  SilentServer s;
  RealDb real(config_for(s.url()));
  CancelSource source;
  Call c = testing::make_call("writeToDatabase",
                              R"({"connection": "pg", "table": "alerts_out", "results": [{"host": "a"}]})");
  c.deadline = Clock::now() + 30s;
  c.cancel = source.token();
  std::thread canceller([&] {
    std::this_thread::sleep_for(300ms);
    source.cancel();
  });
  const auto t0 = Clock::now();
  Outcome o = real.registry->find("writeToDatabase")->invoke(c);
  const auto took = Clock::now() - t0;
  canceller.join();
  EXPECT_EQ(o.failure, Failure::Cancelled) << o.message;
  EXPECT_LT(took, 1s);
}

TEST(DatabasePostgres, CancelDuringAStatementStopsIt) {
  // A statement blocked on a lock another session holds: the cancel
  // reaches the server (PQcancel) and the call ends Cancelled, nothing written.
  REQUIRE_POSTGRES(pg);
  RealDb real(config_for(pg.url));
  std::thread locker(
      [&] { pg.sql("BEGIN; LOCK TABLE alerts_out IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3); COMMIT;"); });
  std::this_thread::sleep_for(1s);  // the lock is held
  CancelSource source;
  Call c = testing::make_call("writeToDatabase",
                              R"({"connection": "pg", "table": "alerts_out", "results": [{"host": "a"}]})");
  c.deadline = Clock::now() + 30s;
  c.cancel = source.token();
  std::thread canceller([&] {
    std::this_thread::sleep_for(500ms);
    source.cancel();
  });
  const auto t0 = Clock::now();
  Outcome o = real.registry->find("writeToDatabase")->invoke(c);
  const auto took = Clock::now() - t0;
  canceller.join();
  locker.join();
  EXPECT_EQ(o.failure, Failure::Cancelled) << o.message;
  EXPECT_LT(took, 1500ms);
  EXPECT_EQ(pg.sql("SELECT count(*) FROM alerts_out").out, "0\n");
}

}  // namespace
}  // namespace riposte::actions
