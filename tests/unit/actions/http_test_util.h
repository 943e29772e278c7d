// Test peers of the HTTP client and bindings (tests/unit/actions/http_*):
// a cpp-httplib server on a loopback address and a port of its own that
// records every request it receives, and a listener that accepts
// connections (the kernel completes the handshake) but never answers.
//
//   RecordingServer s;                       // 127.0.0.1, any free port
//   s.url("/echo")                           // "http://127.0.0.1:PORT/echo"
//   s.requests()                             // what arrived, in order
//
// Paths it answers (any method):
//   /status/N              status N, body "status N"
//   /big?n=N               N bytes of 'x'
//   /redirect?to=URL       302 with Location: URL (&code=N for another 3xx)
//   /json?body=TEXT        200, application/json, the body TEXT
//   anything else          200, body "ok"
// set_answer(path, status, body) overrides one path.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/actions/silent_listener.h"

namespace riposte::actions::testing {

struct Received {
  std::string method, path, body;
  std::multimap<std::string, std::string> query;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case

  std::string header(std::string_view name) const {
    for (const auto& [n, v] : headers)
      if (n == name) return v;
    return "";
  }
  bool has_header(std::string_view name) const {
    for (const auto& [n, v] : headers)
      if (n == name) return true;
    return false;
  }
  std::string param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? "" : it->second;
  }
};

class RecordingServer {
 public:
  explicit RecordingServer(const std::string& address = "127.0.0.1") : address_(address) {
    auto handler = [this](const httplib::Request& rq, httplib::Response& rs) { answer(rq, rs); };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    server_.Put(".*", handler);
    server_.Delete(".*", handler);
    server_.Patch(".*", handler);
    server_.Options(".*", handler);
    port_ = server_.bind_to_any_port(address_);
    EXPECT_GT(port_, 0) << "cannot bind " << address_;
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 2000 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~RecordingServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string base() const { return "http://" + address_ + ":" + std::to_string(port_); }
  std::string url(const std::string& path) const { return base() + path; }

  std::vector<Received> requests() const {
    std::lock_guard lock(mu_);
    return received_;
  }
  size_t count() const {
    std::lock_guard lock(mu_);
    return received_.size();
  }
  void set_answer(const std::string& path, int status, std::string body) {
    std::lock_guard lock(mu_);
    answers_[path] = {status, std::move(body)};
  }

 private:
  void answer(const httplib::Request& rq, httplib::Response& rs) {
    Received r;
    r.method = rq.method;
    r.path = rq.path;
    r.body = rq.body;
    for (const auto& [k, v] : rq.params) r.query.emplace(k, v);
    for (const auto& [k, v] : rq.headers) {
      std::string n = k;
      for (char& c : n) c = char(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace_back(n, v);
    }
    {
      std::lock_guard lock(mu_);
      received_.push_back(r);
      if (auto it = answers_.find(rq.path); it != answers_.end()) {
        rs.status = it->second.first;
        rs.set_content(it->second.second, "application/json");
        return;
      }
    }
    if (rq.path.starts_with("/status/")) {
      rs.status = std::stoi(rq.path.substr(8));
      rs.set_content("status " + rq.path.substr(8), "text/plain");
    } else if (rq.path == "/big") {
      rs.set_content(std::string(std::stoul(r.param("n")), 'x'), "text/plain");
    } else if (rq.path == "/redirect") {
      rs.status = r.param("code").empty() ? 302 : std::stoi(r.param("code"));
      rs.set_header("Location", r.param("to"));
    } else if (rq.path == "/json") {
      rs.set_content(r.param("body"), "application/json");
    } else {
      rs.set_content("ok", "text/plain");
    }
  }

  std::string address_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<Received> received_;
  std::map<std::string, std::pair<int, std::string>> answers_;
};


}  // namespace riposte::actions::testing
