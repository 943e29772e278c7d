#include "server/http_server.h"

#include <httplib.h>
#include <pthread.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/reply.h"

namespace riposte::server {
namespace {

// httplib's task queue with what its ThreadPool lacks: a bound on the
// connections waiting (enqueue, called by the accept loop, waits for room)
// and worker threads with a large stack.
class WorkerPool : public httplib::TaskQueue {
 public:
  WorkerPool(unsigned threads, size_t queue, size_t stack_bytes) : queue_(queue ? queue : 1) {
    for (unsigned i = 0; i < (threads ? threads : 1); ++i) {
      pthread_t t;
      pthread_attr_t attr;
      bool started = false;
      if (pthread_attr_init(&attr) == 0) {
        started =
            pthread_attr_setstacksize(&attr, stack_bytes) == 0 && pthread_create(&t, &attr, run, this) == 0;
        pthread_attr_destroy(&attr);
      }
      if (!started) started = pthread_create(&t, nullptr, run, this) == 0;  // the default stack, then
      if (started) threads_.push_back(t);
    }
    if (threads_.empty()) throw std::runtime_error("cannot start any worker thread");
  }

  ~WorkerPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return jobs_.size() < queue_ || shutdown_; });
    jobs_.push_back(std::move(fn));
    work_.notify_one();
  }

  // Runs what was accepted, then joins the workers.
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (shutdown_) return;
      shutdown_ = true;
    }
    work_.notify_all();
    room_.notify_all();
    for (pthread_t t : threads_) pthread_join(t, nullptr);
  }

 private:
  static void* run(void* self) {
    static_cast<WorkerPool*>(self)->work();
    return nullptr;
  }

  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shut down and drained
        fn = std::move(jobs_.front());
        jobs_.pop_front();
        room_.notify_one();
      }
      fn();
    }
  }

  size_t queue_;
  std::vector<pthread_t> threads_;
  std::deque<std::function<void()>> jobs_;
  bool shutdown_ = false;
  std::mutex mutex_;
  std::condition_variable work_, room_;
};

void write_reply(Reply&& r, httplib::Response& res) {
  res.status = r.status;
  for (auto& [name, value] : r.headers) res.set_header(name.c_str(), value);
  res.set_content(r.body, r.content_type.c_str());
}

}  // namespace

bool parse_listen(std::string_view text, std::string& host, int& port, std::string& error) {
  std::string_view h, p;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      error = "--listen: expected [IPV6]:PORT, got \"" + std::string(text) + "\"";
      return false;
    }
    h = text.substr(1, close - 1);
    p = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      error = "--listen: expected HOST:PORT, got \"" + std::string(text) + "\"";
      return false;
    }
    h = text.substr(0, colon);
    p = text.substr(colon + 1);
    if (h.find(':') != std::string_view::npos) {
      error = "--listen: an IPv6 address goes in brackets: [::1]:8080";
      return false;
    }
  }
  if (h.empty()) {
    error = "--listen: the host is missing in \"" + std::string(text) + "\"";
    return false;
  }
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string_view::npos ||
      std::stoi(std::string(p)) > 65535) {
    error = "--listen: the port must be a number from 0 to 65535, got \"" + std::string(p) + "\"";
    return false;
  }
  host = std::string(h);
  port = std::stoi(std::string(p));
  return true;
}

std::string format_listen(std::string_view host, int port) {
  if (host.find(':') != std::string_view::npos) return "[" + std::string(host) + "]:" + std::to_string(port);
  return std::string(host) + ":" + std::to_string(port);
}

struct HttpServer::Impl {
  httplib::Server svr;
};

HttpServer::HttpServer(engine::Service& service, ServerOptions options)
    : options_(std::move(options)),
      api_(std::make_unique<Api>(service, options_.max_body)),
      impl_(std::make_unique<Impl>()) {
  httplib::Server& svr = impl_->svr;
  const ServerOptions o = options_;
  svr.new_task_queue = [o] { return new WorkerPool(o.threads, o.queue, o.worker_stack_bytes); };
  svr.set_read_timeout(o.read_timeout_seconds, 0);
  svr.set_write_timeout(o.write_timeout_seconds, 0);
  svr.set_keep_alive_timeout(o.keep_alive_seconds);
  svr.set_keep_alive_max_count(o.keep_alive_max_requests);
  // Answers go out as headers then body: with Nagle's algorithm on, the body
  // waits for the client's delayed ACK (40 ms a request on Linux).
  svr.set_tcp_nodelay(true);
  // A body announced by Content-Length over the limit: httplib skips it and
  // answers 413 (the error handler below makes that problem+json).
  svr.set_payload_max_length(o.max_body);
  // httplib's default also sets SO_REUSEPORT, which lets a second server
  // bind a port in use (and share its connections): SO_REUSEADDR only.
  svr.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });

  // A request with neither Content-Length nor Transfer-Encoding has no body
  // (RFC 9112, 6.3); httplib 0.11 would read one until the connection
  // closes (curl -X DELETE sends neither).  Say so before it reads.
  svr.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding"))
      const_cast<httplib::Request&>(req).set_header("Content-Length",
                                                    "0");  // req is httplib's own, not const
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto respond = [this](const httplib::Request& req, httplib::Response& res, std::string_view body,
                        bool too_large, bool multipart) {
    std::optional<std::string> authorization, idempotency;
    if (req.has_header("Authorization")) authorization = req.get_header_value("Authorization");
    if (req.has_header("Idempotency-Key")) idempotency = req.get_header_value("Idempotency-Key");
    std::string content_type = req.get_header_value("Content-Type");
    Incoming in{req.method,   req.path, req.params, std::nullopt, content_type,
                std::nullopt, body,     too_large,  multipart};
    if (authorization) in.authorization = *authorization;
    if (idempotency) in.idempotency_key = *idempotency;
    write_reply(api_->handle(in), res);
  };

  httplib::Server::Handler plain = [respond](const httplib::Request& req, httplib::Response& res) {
    respond(req, res, {}, false, false);
  };
  const size_t max = o.max_body;
  httplib::Server::HandlerWithContentReader with_body = [respond, max](const httplib::Request& req,
                                                                       httplib::Response& res,
                                                                       const httplib::ContentReader& reader) {
    std::string body;
    bool too_large = false;
    bool multipart = req.is_multipart_form_data();
    // One allocation for a body of announced length (within the limit), not
    // a doubling string copied as it grows (a batch is megabytes).
    if (!multipart && req.has_header("Content-Length")) {
      uint64_t announced = req.get_header_value<uint64_t>("Content-Length");
      if (announced <= max) body.reserve(size_t(announced));
    }
    bool ok;
    if (multipart) {
      ok = reader([](const httplib::MultipartFormData&) { return true; },
                  [](const char*, size_t) { return true; });
    } else {
      // Chunked bodies are not bounded by httplib 0.11: read on, keeping
      // nothing beyond the limit, so that the connection stays usable.
      ok = reader([&](const char* data, size_t n) {
        if (too_large) return true;
        if (n > max - body.size()) {
          too_large = true;
          std::string().swap(body);
          return true;
        }
        body.append(data, n);
        return true;
      });
    }
    if (!ok) {
      if (res.status != 413) {
        write_reply(problem_reply(400, "the request body could not be read"), res);
        return;
      }
      too_large = true;
      body.clear();
    }
    respond(req, res, body, too_large, multipart);
  };
  svr.Get(".*", plain);
  svr.Options(".*", plain);
  svr.Post(".*", with_body);
  svr.Put(".*", with_body);
  svr.Patch(".*", with_body);
  svr.Delete(".*", with_body);

  // What httplib answers itself (a malformed request line, 413 from a
  // Content-Length, 414) as problem+json too; answers of the dispatcher
  // already have their body.
  svr.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&,
                                                                httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string detail = res.status == 413 ? "the request body is over the limit" : "the request was refused";
    write_reply(problem_reply(res.status, detail), res);
    return httplib::Server::HandlerResponse::Handled;
  }));
  svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "riposte serve: internal error on %s %s: %s\n", req.method.c_str(), req.path.c_str(),
                 what.c_str());
    write_reply(problem_reply(500, "an internal error; it was logged"), res);
  });
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind(std::string& error) {
  httplib::Server& svr = impl_->svr;
  errno = 0;
  int port = -1;
  if (options_.port == 0) {
    port = svr.bind_to_any_port(options_.host);
  } else if (svr.bind_to_port(options_.host, options_.port)) {
    port = options_.port;
  }
  if (port < 0) {
    int e = errno;
    error = "cannot listen on " + format_listen(options_.host, options_.port);
    if (e) error += std::string(": ") + std::strerror(e);
    return false;
  }
  port_ = port;
  return true;
}

bool HttpServer::run() {
  run_started_ = true;
  bool ok = true;
  if (!stop_requested_) ok = impl_->svr.listen_after_bind();
  run_returned_ = true;
  return ok || stop_requested_;
}

void HttpServer::stop() {
  stop_requested_ = true;
  if (!run_started_) return;  // run() will see stop_requested_
  // Between run_started_ and httplib's is_running, stop() would be lost.
  while (!impl_->svr.is_running() && !run_returned_)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->svr.stop();
}

}  // namespace riposte::server
