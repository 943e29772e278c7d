// writeToDatabase into PostgreSQL over libpq (docs/actions-database.md,
// "PostgreSQL"): the configured URL plus the password as a connection
// parameter of its own, the host checked against allow.hosts, and every
// wait non-blocking (PQconnectPoll, PQsendQueryParams + PQconsumeInput)
// in short poll() steps that watch the call's cancellation and deadline.
#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>

#include "actions/database/database_internal.h"

namespace riposte::actions::database {
namespace {

constexpr auto kPollStep = std::chrono::milliseconds(50);  // longest wait between cancel checks

struct Finish {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct Clear {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, Finish>;
using Result = std::unique_ptr<PGresult, Clear>;

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

// The hosts a URL connects to (PQconninfoParse: also `?host=` and
// `hostaddr`, comma-separated lists), each to pass allow.hosts.
std::string check_hosts(const std::string& url, const config::Connections& connections,
                        std::string_view name) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    std::string e = trimmed(err);
    PQfreemem(err);
    return fmt::format("writeToDatabase: databases.{}.url: {}", name, e);
  }
  std::string why;
  bool any = false;
  for (PQconninfoOption* o = opts; o->keyword && why.empty(); ++o) {
    if (std::string_view(o->keyword) != "host" && std::string_view(o->keyword) != "hostaddr") continue;
    if (!o->val || !*o->val) continue;
    std::string_view list = o->val;
    while (why.empty()) {
      const size_t comma = list.find(',');
      std::string host(list.substr(0, comma));
      any = true;
      if (std::string e = connections.check_host(host); !e.empty())
        why = fmt::format("writeToDatabase: databases.{}.url: {}", name, e);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  PQconninfoFree(opts);
  if (why.empty() && !any)
    why =
        fmt::format("writeToDatabase: databases.{}.url names no host (a local socket is not allowed)", name);
  return why;
}

class Writer {
 public:
  Writer(const WritePlan& plan, const Call& call) : plan_(plan), call_(call) {}

  WriteResult run() {
    if (WriteResult r = connect(); r.failure != Failure::None) return r;
    std::vector<std::string> columns;
    if (WriteResult r = read_columns(columns); r.failure != Failure::None) return r;
    if (columns.empty())
      return {Failure::Action,
              fmt::format("writeToDatabase: table \"{}\" does not exist in databases.{} (or is not visible)",
                          plan_.table_text, plan_.db->name)};
    if (std::string e = check_columns(plan_, columns); !e.empty()) return {Failure::BadCall, e};
    const bool keyed = std::find(columns.begin(), columns.end(), kIdempotencyColumn) != columns.end();

    // One transaction: a failed row leaves nothing behind (closing the
    // connection without COMMIT rolls back).
    if (WriteResult r = exec("BEGIN", {}, "cannot begin a transaction"); r.failure != Failure::None) return r;
    size_t inserted = 0;
    for (const Row& row : plan_.rows) {
      std::vector<std::string> names = row.columns;
      std::vector<std::optional<std::string>> values;
      for (const Cell& c : row.cells) values.push_back(text_of(c));
      if (keyed) {
        names.emplace_back(kIdempotencyColumn);
        values.push_back(call_.idempotency_key.empty()
                             ? std::nullopt
                             : std::optional(row_key(call_.idempotency_key, row.index)));
      }
      Result res;
      WriteResult r = exec(insert_sql(plan_.table, names, keyed, true), values,
                           fmt::format("insert of params.results[{}] failed", row.index), &res);
      if (r.failure != Failure::None) return r;
      inserted += size_t(std::strtoull(PQcmdTuples(res.get()), nullptr, 10));
    }
    if (WriteResult r = exec("COMMIT", {}, "commit failed"); r.failure != Failure::None) return r;
    return {Failure::None, "", inserted};
  }

 private:
  // Values travel as text with no declared type: the server reads each as
  // its column's type (a JSON text into json/jsonb, "true" into boolean).
  static std::optional<std::string> text_of(const Cell& c) {
    switch (c.kind) {
      case Cell::Kind::Null:
        return std::nullopt;
      case Cell::Kind::Integer:
        return std::to_string(c.integer);
      case Cell::Kind::Real:
        return fmt::format("{}", c.real);
      case Cell::Kind::Boolean:
        return std::string(c.integer ? "true" : "false");
      case Cell::Kind::Text:
      case Cell::Kind::Json:
        return c.text;
    }
    return std::nullopt;
  }

  WriteResult connect() {
    // The password is a parameter of its own, never part of a string that
    // libpq or we might show.
    const char* keys[] = {"dbname", "password", "application_name", nullptr};
    const char* values[] = {plan_.db->url.c_str(),
                            plan_.db->password.empty() ? nullptr : plan_.db->password.c_str(), "riposte",
                            nullptr};
    conn_.reset(PQconnectStartParams(keys, values, /*expand_dbname=*/1));
    if (!conn_) return {Failure::Action, "writeToDatabase: out of memory"};
    if (PQstatus(conn_.get()) == CONNECTION_BAD) return failed("cannot connect");
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    while (st != PGRES_POLLING_OK) {
      if (st == PGRES_POLLING_FAILED) return failed("cannot connect");
      if (WriteResult r = wait(st == PGRES_POLLING_READING ? POLLIN : POLLOUT, false);
          r.failure != Failure::None)
        return r;
      st = PQconnectPoll(conn_.get());
    }
    if (PQsetnonblocking(conn_.get(), 1) != 0) return failed("cannot switch to non-blocking mode");
    return {};
  }

  WriteResult read_columns(std::vector<std::string>& out) {
    std::vector<std::optional<std::string>> params = {plan_.table.name};
    std::string sql = "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 AND ";
    if (plan_.table.schema.empty()) {
      sql += "table_schema = current_schema()";
    } else {
      sql += "table_schema = $2";
      params.push_back(plan_.table.schema);
    }
    Result res;
    if (WriteResult r = exec(sql, params, "cannot read the table's columns", &res);
        r.failure != Failure::None)
      return r;
    for (int i = 0; i < PQntuples(res.get()); ++i) out.emplace_back(PQgetvalue(res.get(), i, 0));
    return {};
  }

  // Sends one statement with its parameters and waits for its results;
  // the last one is kept in `*last` when asked.
  WriteResult exec(const std::string& sql, const std::vector<std::optional<std::string>>& params,
                   std::string_view what, Result* last = nullptr) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    if (!PQsendQueryParams(conn_.get(), sql.c_str(), int(values.size()), nullptr, values.data(), nullptr,
                           nullptr, 0))
      return failed(what);
    for (;;) {  // flush what libpq could not send at once
      const int f = PQflush(conn_.get());
      if (f < 0) return failed(what);
      if (f == 0) break;
      if (WriteResult r = wait(POLLOUT | POLLIN, true); r.failure != Failure::None) return r;
      if (!PQconsumeInput(conn_.get())) return failed(what);
    }
    Result keep;
    std::string error;
    for (;;) {
      while (PQisBusy(conn_.get())) {
        if (WriteResult r = wait(POLLIN, true); r.failure != Failure::None) return r;
        if (!PQconsumeInput(conn_.get())) return failed(what);
      }
      Result r(PQgetResult(conn_.get()));
      if (!r) break;
      const ExecStatusType s = PQresultStatus(r.get());
      if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && error.empty())
        error = trimmed(PQresultErrorMessage(r.get()));
      keep = std::move(r);
    }
    if (!error.empty()) return {Failure::Action, fmt::format("writeToDatabase: {}: {}", what, error)};
    if (last) *last = std::move(keep);
    return {};
  }

  // Waits for the socket in short steps; at the deadline or on a cancel,
  // asks the server to cancel a running statement (`query`) and stops.
  WriteResult wait(short events, bool query) {
    for (;;) {
      const bool cancelled = call_.cancel.cancelled();
      const auto now = Clock::now();
      if (cancelled || now >= call_.deadline) {
        if (query) send_cancel();
        return cancelled ? WriteResult{Failure::Cancelled, "writeToDatabase: cancelled"}
                         : WriteResult{Failure::Timeout,
                                       "writeToDatabase: deadline passed waiting for "
                                       "databases." +
                                           plan_.db->name};
      }
      const auto step = std::min<Clock::duration>(kPollStep, call_.deadline - now);
      pollfd p{PQsocket(conn_.get()), events, 0};
      if (p.fd < 0) return failed("no connection");
      const int ms = int(std::chrono::ceil<std::chrono::milliseconds>(step).count());
      const int n = ::poll(&p, 1, std::max(ms, 1));
      if (n > 0) return {};
      if (n < 0 && errno != EINTR) return failed("poll failed");
    }
  }

  // PQcancel (libpq 15 has no non-blocking cancel) opens a second
  // connection to the server that answered the startup; it is short.
  void send_cancel() {
    if (PGcancel* c = PQgetCancel(conn_.get())) {
      char buf[256];
      PQcancel(c, buf, sizeof buf);
      PQfreeCancel(c);
    }
  }

  WriteResult failed(std::string_view what) {
    if (call_.cancel.cancelled()) return {Failure::Cancelled, "writeToDatabase: cancelled"};
    if (Clock::now() >= call_.deadline)
      return {Failure::Timeout, fmt::format("writeToDatabase: deadline passed ({})", what)};
    return {Failure::Action, fmt::format("writeToDatabase: databases.{}: {}: {}", plan_.db->name, what,
                                         conn_ ? trimmed(PQerrorMessage(conn_.get())) : "out of memory")};
  }

  const WritePlan& plan_;
  const Call& call_;
  Conn conn_;
};

}  // namespace

WriteResult write_postgres(const WritePlan& plan, const Call& call, const config::Connections& connections) {
  if (std::string e = check_hosts(plan.db->url, connections, plan.db->name); !e.empty())
    return {Failure::BadCall, e};
  return Writer(plan, call).run();
}

}  // namespace riposte::actions::database
