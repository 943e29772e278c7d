// Helpers of the LDAP action tests: a real slapd on 127.0.0.1, set up by
// tests/actions_real/peers/slapd.py (the one place the test directory's
// configuration and data are written; `run` mode: the script execs slapd in
// the foreground, so slapd is this test's child, dies with it and is
// stopped by its pid), the database read back with slapcat (`slapd.py
// dump`), binds tried with ldapwhoami, and a registry of real bindings over
// a --config naming it.  A peer that cannot start is an error string the
// test asserts empty: nothing is skipped.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actions/registry.h"
#include "mail_test_util.h"
#include "value/json.h"

namespace riposte::actions::ldap::testing {

using mail::testing::free_port;
using mail::testing::port_accepts;
using mail::testing::read_file;
using mail::testing::spawn;
using mail::testing::TempDir;
using mail::testing::write_file;
namespace fs = std::filesystem;

inline constexpr const char* kRootDn = "cn=admin,dc=corp,dc=example";
inline constexpr const char* kRootPassword = "Root-Pw-4d1c7e-secret";  // slapd.py ROOT_PASSWORD
inline constexpr const char* kBase = "dc=corp,dc=example";

inline std::string user_dn(const std::string& uid, const std::string& ou = "people") {
  return "uid=" + uid + ",ou=" + ou + ",dc=corp,dc=example";
}

inline std::string script() { return std::string(RIPOSTE_SOURCE_DIR) + "/tests/actions_real/peers/slapd.py"; }

// Runs argv to its end; its exit status (-1: did not run) and output.
inline int run_capture(const std::vector<std::string>& argv, const fs::path& log, std::string& out) {
  const pid_t pid = spawn(argv, log);
  if (pid < 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  out = read_file(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class Slapd {
 public:
  Slapd() = default;
  ~Slapd() { stop(); }
  Slapd(const Slapd&) = delete;
  Slapd& operator=(const Slapd&) = delete;

  // "" or why slapd could not start.  A port taken meanwhile is retried.
  // `extra`: more arguments of slapd.py (--tls-cert F --tls-key K).
  std::string start(const std::vector<std::string>& extra = {}) {
    if (dir_.path().empty()) return "cannot make a temporary folder";
    std::string error;
    for (int attempt = 0; attempt < 3; attempt++) {
      error = start_once(attempt, extra);
      if (error.empty()) return "";
    }
    return error;
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  int port() const { return port_; }
  std::string url() const { return "ldap://127.0.0.1:" + std::to_string(port_); }
  const fs::path& dir() const { return dir_.path(); }

  // The entries of the database now (slapcat): DN lower-case -> attribute
  // lower-case -> values.
  using Entries = std::map<std::string, std::map<std::string, std::vector<std::string>>>;
  Entries dump() const {
    std::string out;
    Entries entries;
    int rc = run_capture({"/usr/bin/python3", "-I", script(), "dump", "--dir", db_.string()}, dir_.path() / "dump.log",
                         out);
    EXPECT_EQ(rc, 0) << out;
    std::string dn;
    size_t at = 0;
    while (at < out.size()) {
      size_t end = out.find('\n', at);
      if (end == std::string::npos) end = out.size();
      std::string line = out.substr(at, end - at);
      at = end + 1;
      if (line.empty()) {
        dn.clear();
        continue;
      }
      const size_t colon = line.find(':');
      if (colon == std::string::npos || line[0] == '#') continue;
      std::string name = line.substr(0, colon);
      std::string value = line.substr(colon + 1);
      if (!value.empty() && value[0] == ':') value = "(base64)" + value.substr(1);
      while (!value.empty() && value[0] == ' ') value.erase(0, 1);
      for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
      if (name == "dn") {
        dn = value;
        for (char& c : dn) c = char(std::tolower(static_cast<unsigned char>(c)));
        entries[dn];
        continue;
      }
      if (!dn.empty()) entries[dn][name].push_back(value);
    }
    return entries;
  }
  // The values of `attr` (lower-case) of `dn` now.
  std::vector<std::string> values(std::string dn, const std::string& attr) const {
    for (char& c : dn) c = char(std::tolower(static_cast<unsigned char>(c)));
    Entries e = dump();
    auto it = e.find(dn);
    if (it == e.end()) return {};
    auto a = it->second.find(attr);
    return a == it->second.end() ? std::vector<std::string>{} : a->second;
  }

  // True when a simple bind as dn with password succeeds.
  bool can_bind(const std::string& dn, const std::string& password) const {
    std::string out;
    return run_capture({"/usr/bin/ldapwhoami", "-x", "-H", url(), "-D", dn, "-w", password},
                       dir_.path() / "whoami.log", out) == 0;
  }

 private:
  std::string start_once(int attempt, const std::vector<std::string>& extra) {
    if (access("/usr/bin/python3", X_OK) != 0) return "/usr/bin/python3 is missing";
    if (access("/usr/sbin/slapd", X_OK) != 0) return "/usr/sbin/slapd is missing (Debian package slapd)";
    port_ = free_port();
    if (port_ <= 0) return "no free loopback port";
    db_ = dir_.path() / ("slapd-" + std::to_string(attempt));
    const fs::path log = dir_.path() / ("slapd-" + std::to_string(attempt) + ".log");
    std::vector<std::string> argv = {"/usr/bin/python3", "-I", script(), "run", "--dir", db_.string(),
                                     "--port", std::to_string(port_)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    pid_ = spawn(argv, log);
    if (pid_ < 0) return "fork failed";
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return "slapd (" + script() + " run) ended before listening on " + std::to_string(port_) + "; output:\n" +
               read_file(log) + read_file(db_ / "slapd.log");
      }
      if (port_accepts(port_)) return "";
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    stop();
    return "slapd did not listen on 127.0.0.1:" + std::to_string(port_) + " within 20 s; output:\n" + read_file(log);
  }

  TempDir dir_;
  fs::path db_;
  int port_ = -1;
  pid_t pid_ = -1;
};

// A registry of real bindings over a --config whose `ldap` section points
// at `url`, with the bind password in a file of `dir`; `extra` are more
// keys of the ldap section (JSON members, "" for none), `top` more
// top-level members.
struct Bound {
  std::unique_ptr<Registry> registry;
  std::string error;
};

inline Bound bind_real(const fs::path& dir, const std::string& url, const std::string& extra = "",
                       const std::string& password = kRootPassword, const std::string& top = "") {
  write_file(dir / "bind.pw", password);
  std::string text = std::string(R"({"allow": {"hosts": ["127.0.0.1"]}, "ldap": {"url": ")") + url +
                     R"(", "bindDN": ")" + kRootDn + R"(", "passwordFile": ")" + (dir / "bind.pw").string() +
                     R"(", "baseDN": ")" + kBase + "\"" + (extra.empty() ? "" : ", " + extra) + "}" +
                     (top.empty() ? "" : ", " + top) + "}";
  Bound b;
  config::ActionConfigResult parsed = config::parse_action_config_json(text);
  if (!parsed.ok()) {
    b.error = parsed.error + " in " + text;
    return b;
  }
  MadeRegistry made = make_registry({.mode = Mode::Real, .config = parsed.config});
  b.registry = std::move(made.registry);
  b.error = made.error;
  return b;
}

inline Call ldap_call(std::string type, std::string asset, std::string_view params = "{}",
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  Call c;
  c.type = std::move(type);
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(params, v, err)) << params;
  c.params = v;
  c.asset = std::move(asset);
  c.idempotency_key = "key";
  c.deadline = Clock::now() + timeout;
  return c;
}

inline std::string result_json(const Outcome& o) { return to_json(o.result); }

}  // namespace riposte::actions::ldap::testing
