// Helpers of the actions/mail/ tests: a temporary folder, a free loopback
// port, programs started and stopped by the pid they got, and the real SMTP
// sink (tests/unit/actions/smtp_sink.py on Debian's python3-aiosmtpd).  A
// peer that cannot start is an error string the test asserts empty, so the
// test fails with the reason; nothing is skipped.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "actions/mail/smtp.h"

#include "tests/unit/actions/silent_listener.h"

namespace riposte::actions::mail::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "riposte-mail-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A loopback port nobody listens on right now.
inline int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(fd);
  return port;
}

inline bool port_accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(uint16_t(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

using actions::testing::SilentListener;  // tests/unit/actions/silent_listener.h

// Runs argv (no shell) with stdout and stderr to `log`, extra environment
// `env` ("NAME=value"); returns the pid, or -1.  The child dies with the
// test (PR_SET_PDEATHSIG), so a crashed test leaves no peer behind.
inline pid_t spawn(const std::vector<std::string>& argv, const fs::path& log,
                   const std::vector<std::string>& env = {}) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; e++) envp.push_back(*e);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const std::string log_path = log.string();
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // The child: only async-signal-safe calls until exec.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(127);
  int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);
  }
  execve(args[0], args.data(), envp.data());
  _exit(127);
}

// Runs argv to its end; "" or why it failed (with its output).
inline std::string run(const std::vector<std::string>& argv, const fs::path& log) {
  const pid_t pid = spawn(argv, log);
  if (pid < 0) return "fork failed";
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  return argv[0] + " failed (status " + std::to_string(status) + "): " + read_file(log);
}

// A self-signed certificate for 127.0.0.1 (IP SAN), made with the openssl
// program: cert.pem (also the CA file the client trusts) and key.pem.
inline std::string make_certificate(const fs::path& dir) {
  if (access("/usr/bin/openssl", X_OK) != 0) return "/usr/bin/openssl is missing (Debian package openssl)";
  return run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
              (dir / "key.pem").string(), "-out", (dir / "cert.pem").string(), "-days", "2", "-subj",
              "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"},
             dir / "openssl.log");
}

// The real SMTP sink on 127.0.0.1, saving what it receives under dir()/msg-N/.
class SmtpSink {
 public:
  SmtpSink() = default;
  ~SmtpSink() { stop(); }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  // Starts the sink with extra arguments (smtp_sink.py's usage) and waits
  // until its port accepts connections; "" or why it could not start.  A
  // port taken by someone else in the meantime is retried with another.
  std::string start(const std::vector<std::string>& extra = {}, const std::vector<std::string>& env = {}) {
    if (dir_.path().empty()) return "cannot make a temporary folder";
    messages_ = dir_.path() / "messages";
    fs::create_directories(messages_);
    std::string error;
    for (int attempt = 0; attempt < 3; attempt++) {
      error = start_once(extra, env);
      if (error.empty() || error.find("already in use") == std::string::npos) break;
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
  const fs::path& dir() const { return dir_.path(); }
  // The folder of the n-th message received (1-based); it exists only once
  // the message is saved whole.
  fs::path message(int n) const { return messages_ / ("msg-" + std::to_string(n)); }
  int received() const {
    int n = 0;
    while (fs::exists(message(n + 1))) n++;
    return n;
  }
  std::string part(int n, const std::string& name) const { return read_file(message(n) / name); }
  std::string log() const { return read_file(dir_.path() / "sink.log"); }

 private:
  std::string start_once(const std::vector<std::string>& extra, const std::vector<std::string>& env) {
    // Debian's interpreter, which sees python3-aiosmtpd; isolated (-I) from
    // PYTHONPATH and user site-packages.
    const std::string python = "/usr/bin/python3";
    if (access(python.c_str(), X_OK) != 0) return python + " is missing";
    const std::string script = std::string(RIPOSTE_SOURCE_DIR) + "/tests/unit/actions/smtp_sink.py";
    port_ = free_port();
    if (port_ <= 0) return "no free loopback port";
    std::vector<std::string> argv = {
        python, "-I", script, "--port", std::to_string(port_), "--dir", messages_.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const fs::path log = dir_.path() / "sink.log";
    pid_ = spawn(argv, log, env);
    if (pid_ < 0) return "fork failed";
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        const std::string how = WIFEXITED(status)
                                    ? "exited with code " + std::to_string(WEXITSTATUS(status))
                                    : "was killed by signal " + std::to_string(WTERMSIG(status));
        return "the SMTP sink (" + python + " -I " + script + ") " + how +
               " before listening; is python3-aiosmtpd installed (.ci/install-deps)?  Its output:\n" +
               read_file(log);
      }
      if (port_accepts(port_)) return "";
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stop();
    return "the SMTP sink did not listen on 127.0.0.1:" + std::to_string(port_) +
           " within 20 s; its output:\n" + read_file(log);
  }

  TempDir dir_;
  fs::path messages_;
  int port_ = -1;
  pid_t pid_ = -1;
};

}  // namespace riposte::actions::mail::testing
