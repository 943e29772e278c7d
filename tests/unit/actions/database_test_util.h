// Helpers of the writeToDatabase tests (actions/database/): a temporary
// folder, a registry of real bindings made from a --config text, SQLite
// read back with the C API, and the PostgreSQL 15 peer of
// tests/actions_real/peers/postgres.py (started once per test program,
// stopped at exit; read back with psql through the same script).
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "actions/config/config.h"
#include "actions/registry.h"
#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions::testing {

inline std::string temp_folder(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  const char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern;
}

// A port of 127.0.0.1 nobody listens on now (the kernel's choice).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

// The output of a command (stderr joined), and its exit status.
struct Ran {
  int status = -1;
  std::string out;
};
inline Ran run_command(const std::string& command) {
  Ran r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct RealDb {
  std::shared_ptr<const config::ActionConfig> config;
  std::unique_ptr<Registry> registry;
  explicit RealDb(const std::string& config_json) {
    auto parsed = config::parse_action_config_json(config_json);
    EXPECT_EQ(parsed.error, "") << config_json;
    config = parsed.config;
    MadeRegistry made = make_registry({.mode = Mode::Real, .config = parsed.config});
    EXPECT_EQ(made.error, "");
    registry = std::move(made.registry);
  }
  Outcome call(const std::string& params, std::string key = "key",
               std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    Call c = make_call("writeToDatabase", params);
    c.idempotency_key = std::move(key);
    c.deadline = Clock::now() + timeout;
    return registry->call(c);
  }
};

// The PostgreSQL peer, started on first use.  `error` says why it could
// not start: a test then FAILS with it (never skips).
struct PostgresPeer {
  std::string dir, url, error;
  int port = 0;
  static constexpr const char* kPassword = "pg-Secret-7'x";  // a quote: passed as a parameter, never spliced

  PostgresPeer() {
    dir = temp_folder("riposte-db-pg-") + "/pg";
    port = free_port();
    Ran r = run_command(script() + " start --dir " + shell_quote(dir) + " --port " + std::to_string(port) +
                        " --password " + shell_quote(kPassword));
    const size_t at = r.out.find("READY ");
    if (r.status != 0 || at == std::string::npos) {
      error = "the PostgreSQL peer did not start: " + r.out;
      return;
    }
    url = r.out.substr(at + 6);
    while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
  }
  ~PostgresPeer() {
    run_command(script() + " stop --dir " + shell_quote(dir));
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(dir).parent_path(), ignored);
  }

  static std::string script() {
    return "/usr/bin/python3 " + std::string(RIPOSTE_SOURCE_DIR) + "/tests/actions_real/peers/postgres.py";
  }
  // psql as the superuser in database soc: the rows, fields joined by '|',
  // NULL as "<null>", one line each.
  Ran sql(const std::string& text) const {
    Ran r = run_command(script() + " sql --dir " + shell_quote(dir) + " --port " + std::to_string(port) +
                        " " + shell_quote(text));
    std::string shown;
    for (char c : r.out) {
      if (c == '\x1f')
        shown += '|';
      else if (c == '\x1e')
        shown += "<null>";
      else
        shown += c;
    }
    r.out = shown;
    return r;
  }

  static PostgresPeer& get() {
    static PostgresPeer peer;
    return peer;
  }
};

}  // namespace riposte::actions::testing
