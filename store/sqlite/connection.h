// One SQLite connection (sqlite3*) of the store and its cache of prepared
// statements; a Statement is one use of a cached statement.  Every SQLite
// failure becomes a StoreError that names the file, what the statement was
// for, and SQLite's message.  A connection is used by one thread at a time
// (opened SQLITE_OPEN_NOMUTEX); the store hands them out.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace riposte::store::sqlite {

class Connection;

// One use of a prepared statement: bind, step, read columns.  Bound text is
// copied; the statement is reset and its bindings cleared when the
// Statement ends.
class Statement {
 public:
  Statement(Connection& conn, sqlite3_stmt* stmt, std::string_view purpose, bool owned);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as in the SQL text (?1, ?2, ...).
  Statement& bind_text(int index, std::string_view value);
  // Binds without a copy: `value` must stay alive and unchanged until the
  // Statement is destroyed (a big text bound once, such as an object's JSON).
  Statement& bind_text_static(int index, std::string_view value);
  Statement& bind_int(int index, int64_t value);
  Statement& bind_bool(int index, bool value) { return bind_int(index, value ? 1 : 0); }
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::string>& value);

  // One step: true when a row is ready, false when the statement is done.
  bool step();
  // Steps to the end; for statements that return no rows.
  void run();
  // Ready to be bound and run again (bindings kept).
  void reset() { sqlite3_reset(stmt_); }

  // Columns are numbered from 0.
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  int64_t integer(int column) const;
  bool boolean(int column) const { return integer(column) != 0; }

 private:
  [[noreturn]] void fail(int rc) const;

  Connection& conn_;
  sqlite3_stmt* stmt_;
  std::string_view purpose_;
  bool owned_;  // a statement of its own (the cached one was busy): finalized at the end
};

class Connection {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  // Opens (ReadWrite: creates when missing) the file and sets the busy
  // timeout; throws StoreError naming the file.
  Connection(std::string path, Mode mode, int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The statement of `sql`, prepared once per connection
  // (SQLITE_PREPARE_PERSISTENT) and reused.  `purpose` names it in errors
  // ("insert playbook"); both must outlive the Statement.
  Statement prepare(std::string_view purpose, std::string_view sql);
  // Runs one or more statements that return nothing, uncached (migrations).
  void exec(std::string_view purpose, const std::string& sql);
  // The single value of a one-row, one-column query (PRAGMA user_version).
  std::string query_text(std::string_view purpose, std::string_view sql);
  int64_t query_int(std::string_view purpose, std::string_view sql);

  // Throws the StoreError of SQLite's last failure on this connection.
  [[noreturn]] void fail(std::string_view purpose, int rc) const;
  [[noreturn]] void fail(std::string_view purpose, const std::string& message) const;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;
};

}  // namespace riposte::store::sqlite
