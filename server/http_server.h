// The HTTP server: cpp-httplib underneath, every request handed to the
// dispatcher (api.h) through one generic handler per method.  A bounded
// pool of worker threads (each with a large stack, as the engine's parsers
// need: tools/large_stack.h), read and write timeouts, keep-alive, the body
// limit (413 problem+json whether the body comes with a Content-Length or
// chunked).  stop() may come from any thread (a signal watcher, a test):
// the server stops accepting, lets the requests in flight finish, and run()
// returns.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "engine/service.h"
#include "server/api.h"

namespace riposte::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0: any free port (port() tells which)
  size_t max_body = kDefaultMaxBody;  // bytes
  unsigned threads = 8;               // workers; each serves one connection at a time
  size_t queue = 64;  // accepted connections waiting for a worker; the accept loop waits beyond
  size_t worker_stack_bytes = size_t(512) << 20;  // reserved, not committed
  int read_timeout_seconds = 30;
  int write_timeout_seconds = 30;
  int keep_alive_seconds = 2;  // an idle connection is closed after this
  size_t keep_alive_max_requests = 100;
};

// "HOST:PORT" (an IPv6 host in brackets: "[::1]:8080") -> host and port
// (0..65535).  False with a message otherwise.
bool parse_listen(std::string_view text, std::string& host, int& port, std::string& error);
// host:port as parse_listen reads it ("[::1]:8080" for IPv6).
std::string format_listen(std::string_view host, int port);

class HttpServer {
 public:
  HttpServer(engine::Service& service, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket; false with a message (address in use, ...).
  bool bind(std::string& error);
  int port() const { return port_; }  // the bound port
  // Serves until stop(); returns after the requests in flight are answered.
  // True when it served, false when it could not listen.
  bool run();
  // Thread-safe, idempotent; before run() it makes run() return at once.
  void stop();

  Api& api() { return *api_; }

 private:
  struct Impl;
  ServerOptions options_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> run_started_{false};
  std::atomic<bool> run_returned_{false};
};

}  // namespace riposte::server
