// writeToDatabase into SQLite (docs/actions-database.md, "SQLite"): WAL
// mode, one IMMEDIATE transaction per call, values bound with
// sqlite3_bind_*, a busy handler and a progress handler that stop at the
// call's deadline or on its cancellation.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>

#include "actions/database/database_internal.h"

namespace riposte::actions::database {
namespace {

constexpr auto kBusyStep = std::chrono::milliseconds(5);  // between tries of a locked database

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, Finalize>;

bool stopped(const Call& call) {
  return call.cancel.cancelled() || Clock::now() >= call.deadline;
}

// A locked database is retried in short steps until the deadline, waking
// at once on a cancel (sqlite3_busy_timeout would sleep through both).
int on_busy(void* arg, int) {
  const Call& call = *static_cast<const Call*>(arg);
  if (stopped(call)) return 0;
  return call.cancel.sleep_until(std::min(Clock::now() + kBusyStep, call.deadline)) ? 0 : 1;
}

// A long statement is interrupted at the deadline or on a cancel.
int on_progress(void* arg) {
  return stopped(*static_cast<const Call*>(arg)) ? 1 : 0;
}

class Writer {
 public:
  Writer(const WritePlan& plan, const Call& call) : plan_(plan), call_(call) {}

  WriteResult run() {
    const std::string path = plan_.db->url.substr(std::string_view("sqlite://").size());
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) return failed(fmt::format("cannot open databases.{}", plan_.db->name));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_handler(raw, on_busy, const_cast<Call*>(&call_));
    sqlite3_progress_handler(raw, 1000, on_progress, const_cast<Call*>(&call_));
    if (!exec("PRAGMA journal_mode=WAL")) return failed("cannot set WAL mode");

    std::vector<std::string> columns;
    if (!read_columns(columns)) return failed("cannot read the table's columns");
    if (columns.empty())
      return {Failure::Action, fmt::format("writeToDatabase: table \"{}\" does not exist in databases.{}",
                                           plan_.table_text, plan_.db->name)};
    if (std::string e = check_columns(plan_, columns); !e.empty()) return {Failure::BadCall, e};
    const bool keyed = std::find(columns.begin(), columns.end(), kIdempotencyColumn) != columns.end();

    if (!exec("BEGIN IMMEDIATE")) return failed("cannot begin a transaction");
    size_t inserted = 0;
    for (const Row& row : plan_.rows) {
      if (!insert(row, keyed, inserted)) {
        WriteResult r = failed(fmt::format("insert of params.results[{}] failed", row.index));
        exec("ROLLBACK");
        return r;
      }
    }
    if (!exec("COMMIT")) {
      WriteResult r = failed("commit failed");
      exec("ROLLBACK");
      return r;
    }
    return {Failure::None, "", inserted};
  }

 private:
  bool exec(const char* sql) { return sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

  Stmt prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), int(sql.size()), &s, nullptr) != SQLITE_OK) return nullptr;
    return Stmt(s);
  }

  bool read_columns(std::vector<std::string>& out) {
    // The table name is bound, never spliced into the text.
    Stmt s = prepare("SELECT name FROM pragma_table_info(?1, ?2)");
    if (!s) return false;
    const std::string schema = plan_.table.schema.empty() ? "main" : plan_.table.schema;
    sqlite3_bind_text(s.get(), 1, plan_.table.name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 2, schema.c_str(), -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW)
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
    return rc == SQLITE_DONE;
  }

  bool insert(const Row& row, bool keyed, size_t& inserted) {
    std::vector<std::string> columns = row.columns;
    if (keyed) columns.emplace_back(kIdempotencyColumn);
    Stmt s = prepare(insert_sql(plan_.table, columns, keyed, false));
    if (!s) return false;
    int i = 1;
    for (const Cell& c : row.cells) bind(s.get(), i++, c);
    if (keyed) {
      if (call_.idempotency_key.empty())
        sqlite3_bind_null(s.get(), i);  // no key: nothing to deduplicate on
      else
        sqlite3_bind_text(s.get(), i, row_key(call_.idempotency_key, row.index).c_str(), -1,
                          SQLITE_TRANSIENT);
    }
    if (sqlite3_step(s.get()) != SQLITE_DONE) return false;
    inserted += size_t(sqlite3_changes(db_.get()));
    return true;
  }

  static void bind(sqlite3_stmt* s, int i, const Cell& c) {
    switch (c.kind) {
      case Cell::Kind::Null:
        sqlite3_bind_null(s, i);
        break;
      case Cell::Kind::Integer:
      case Cell::Kind::Boolean:
        sqlite3_bind_int64(s, i, c.integer);
        break;
      case Cell::Kind::Real:
        sqlite3_bind_double(s, i, c.real);
        break;
      case Cell::Kind::Text:
      case Cell::Kind::Json:
        sqlite3_bind_text(s, i, c.text.data(), int(c.text.size()), SQLITE_TRANSIENT);
        break;
    }
  }

  // Cancelled, Timeout, else Action with SQLite's message.
  WriteResult failed(std::string_view what) {
    if (call_.cancel.cancelled()) return {Failure::Cancelled, "writeToDatabase: cancelled"};
    if (Clock::now() >= call_.deadline)
      return {Failure::Timeout, fmt::format("writeToDatabase: deadline passed ({})", what)};
    return {Failure::Action,
            fmt::format("writeToDatabase: {}: {}", what, db_ ? sqlite3_errmsg(db_.get()) : "out of memory")};
  }

  const WritePlan& plan_;
  const Call& call_;
  Db db_;
};

}  // namespace

WriteResult write_sqlite(const WritePlan& plan, const Call& call) {
  return Writer(plan, call).run();
}

}  // namespace riposte::actions::database
