// A micro-measurement of the SQLite store, not a test (DISABLED_: it runs
// only when asked, and asserts nothing about speed):
//   build/tests/test_store_sqlite --gtest_also_run_disabled_tests --gtest_filter='StoreBench.*'
// (RIPOSTE_BENCH_SINGLES and RIPOSTE_BENCH_BATCHES change the counts.)
// Commits per second of single-row writes of a 6 KB alert under each sync
// mode, and rows per second of 1,000-row transactions; docs/store.md
// reports the numbers.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "tests/unit/store_sqlite/temp_store.h"

namespace riposte::store::sqlite {
namespace {

std::string alert_json(size_t bytes) {
  std::string s = R"({"Name":"Suspicious login","Severity":"high","Payload":")";
  while (s.size() + 2 < bytes) s += "0123456789abcdef";
  return s + "\"}";
}

int count_from_env(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

struct Result {
  double per_second;
  double bytes_per_row;
};

Result run(Options::Sync sync, int transactions, int rows_per_transaction) {
  test::TempDir dir;
  auto store = open(dir.file("bench.db"), Options{sync, 5000});
  store->write([](Tx& tx) {
    tx.insert_tenant({"t", "T", "", "2026-01-01T00:00:00.000Z"});
    return true;
  });
  const std::string json = alert_json(6 * 1024);
  int64_t n = 0;
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < transactions; ++t) {
    store->write([&](Tx& tx) {
      for (int r = 0; r < rows_per_transaction; ++r) {
        ObjectRow o;
        o.internal_id = "a-" + std::to_string(++n);
        o.short_id = n;
        o.tenant = "t";
        o.status = "new";
        o.severity = "high";
        o.created_at = o.updated_at = "2026-01-01T00:00:00.000Z";
        o.json = json;
        tx.insert_object(o);
      }
      return true;
    });
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double units = rows_per_transaction == 1 ? transactions : static_cast<double>(n);
  return {units / seconds, static_cast<double>(store->size_bytes()) / static_cast<double>(n)};
}

TEST(StoreBench, DISABLED_CommitsAndRowsPerSecond) {
  const int singles = count_from_env("RIPOSTE_BENCH_SINGLES", 500);
  const int batches = count_from_env("RIPOSTE_BENCH_BATCHES", 20);
  for (auto [sync, name] :
       {std::pair{Options::Sync::Full, "Full"}, std::pair{Options::Sync::Normal, "Normal"}}) {
    Result one = run(sync, singles, 1);
    Result many = run(sync, batches, 1000);
    std::printf(
        "sync=%-6s  single-row commits: %8.0f /s   1000-row transactions: %8.0f rows/s   (%.0f bytes/row)\n",
        name, one.per_second, many.per_second, many.bytes_per_row);
  }
}

}  // namespace
}  // namespace riposte::store::sqlite
