#include "store/sqlite/connection.h"

#include <limits>
#include <utility>

#include "store/store.h"

namespace riposte::store::sqlite {

namespace {

std::string message(std::string_view path, std::string_view purpose, std::string_view what) {
  std::string m = "store ";
  m += path;
  m += ": ";
  m += purpose;
  m += ": ";
  m += what;
  return m;
}

}  // namespace

// -- Statement

Statement::Statement(Connection& conn, sqlite3_stmt* stmt, std::string_view purpose, bool owned)
    : conn_(conn), stmt_(stmt), purpose_(purpose), owned_(owned) {}

Statement::~Statement() {
  if (owned_) {
    sqlite3_finalize(stmt_);
  } else {
    sqlite3_reset(stmt_);  // its error, if any, was reported by step()
    sqlite3_clear_bindings(stmt_);
  }
}

void Statement::fail(int rc) const {
  conn_.fail(purpose_, rc);
}

Statement& Statement::bind_text(int index, std::string_view value) {
  // A default string_view has no data: bind "" rather than NULL.  SQLite
  // copies the text (SQLITE_TRANSIENT): a temporary may be bound.
  const char* data = value.data() != nullptr ? value.data() : "";
  int rc = sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement& Statement::bind_text_static(int index, std::string_view value) {
  const char* data = value.data() != nullptr ? value.data() : "";
  int rc = sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement& Statement::bind_int(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) fail(rc);
  return *this;
}

Statement& Statement::bind_optional(int index, const std::optional<std::string>& value) {
  return value ? bind_text(index, *value) : bind_null(index);
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc);
}

void Statement::run() {
  while (step()) {
  }
}

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (data == nullptr) {
    if (sqlite3_errcode(conn_.handle()) == SQLITE_NOMEM) fail(SQLITE_NOMEM);
    return {};
  }
  return std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return text(column);
}

int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

// -- Connection

Connection::Connection(std::string path, Mode mode, int busy_timeout_ms) : path_(std::move(path)) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string what = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open store " + path_ + ": " + what);
  }
  rc = sqlite3_busy_timeout(db_, busy_timeout_ms);
  if (rc != SQLITE_OK) {
    std::string m = message(path_, "set the busy timeout", sqlite3_errmsg(db_));
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(m);
  }
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  cache_.clear();
  sqlite3_close(db_);  // all its statements are finalized: cannot be busy
}

void Connection::fail(std::string_view purpose, int rc) const {
  // The connection's message describes its last failure; when rc is not
  // that failure (a misuse reported only through rc), say rc's text.
  const char* what = sqlite3_extended_errcode(db_) == rc ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw StoreError(message(path_, purpose, what));
}

void Connection::fail(std::string_view purpose, const std::string& what) const {
  throw StoreError(message(path_, purpose, what));
}

Statement Connection::prepare(std::string_view purpose, std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && sqlite3_stmt_busy(it->second) == 0) {
    return Statement(*this, it->second, purpose, false);
  }
  bool cache = it == cache_.end();  // busy: a use inside another use gets a statement of its own
  if (sql.size() >= static_cast<size_t>(std::numeric_limits<int>::max())) fail(purpose, "statement too long");
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    fail(purpose, rc);
  }
  if (stmt == nullptr) fail(purpose, "empty statement");
  if (cache) cache_.emplace(std::string(sql), stmt);
  return Statement(*this, stmt, purpose, !cache);
}

void Connection::exec(std::string_view purpose, const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string what = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    fail(purpose, what);
  }
}

std::string Connection::query_text(std::string_view purpose, std::string_view sql) {
  Statement s = prepare(purpose, sql);
  if (!s.step()) fail(purpose, "no row");
  return s.text(0);
}

int64_t Connection::query_int(std::string_view purpose, std::string_view sql) {
  Statement s = prepare(purpose, sql);
  if (!s.step()) fail(purpose, "no row");
  return s.integer(0);
}

}  // namespace riposte::store::sqlite
