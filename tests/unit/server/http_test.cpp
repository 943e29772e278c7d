// The HTTP server in process: HttpServer on 127.0.0.1, port 0, driven with
// httplib's client.  What the HTTP layer answers itself (healthz, 401,
// 404/405, 413 by Content-Length and chunked, malformed JSON), keep-alive
// after an error, and shutdown by stop() and by SIGTERM.  The engine is a
// scaffold over a store that refuses every use (test_support.h).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

#include "server/http_server.h"
#include "server/signals.h"
#include "test_support.h"

namespace riposte::server {
namespace {

using testing::parse;

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions o;
    o.port = 0;
    o.max_body = 1024;
    o.threads = 2;
    o.worker_stack_bytes = size_t(8) << 20;
    server_ = std::make_unique<HttpServer>(service_, o);
    std::string error;
    ASSERT_TRUE(server_->bind(error)) << error;
    ASSERT_GT(server_->port(), 0);
    server_->api().set_authenticator([](std::string_view token) -> engine::Outcome<engine::Caller> {
      if (token == "good") return engine::Caller{"u1", {}};
      return engine::unauthorized();
    });
    thread_ = std::thread([this] { ran_ = server_->run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_keep_alive(true);
    client_->set_read_timeout(10, 0);
  }

  void TearDown() override {
    client_.reset();
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  static httplib::Headers token() { return {{"Authorization", "Bearer good"}}; }

  testing::RefusingStore store_;
  engine::Service service_{store_};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  bool ran_ = false;
};

TEST_F(HttpTest, Healthz) {
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(res->body, "{\"status\":\"ok\"}");
}

TEST_F(HttpTest, Unauthenticated) {
  auto res = client_->Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  res = client_->Get("/metrics", token());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("riposte_up 1"), std::string::npos);
}

TEST_F(HttpTest, NotFoundAndMethodNotAllowed) {
  auto res = client_->Get("/api/v1/nothing-here");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(parse(res->body).find("status")->as_int(), 404);
  // DELETE without a body (no Content-Length): answered at once.
  auto start = std::chrono::steady_clock::now();
  res = client_->Delete("/healthz");
  ASSERT_TRUE(res);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET");
  res = client_->Options("/api/v1/alerts");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "POST, GET");
}

TEST_F(HttpTest, BodyOverTheLimit) {
  std::string big(2000, ' ');
  big[0] = '[';
  big[1999] = ']';
  auto res = client_->Post("/api/v1/alerts", token(), big, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(parse(res->body).find("status")->as_int(), 413);
  // Chunked: no Content-Length to refuse up front.
  res = client_->Post(
      "/api/v1/alerts", token(),
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset < big.size()) {
          sink.write(big.data() + offset, 500);
        } else {
          sink.done();
        }
        return true;
      },
      "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  // The connection is still good.
  res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(HttpTest, MalformedJson) {
  auto res = client_->Post("/api/v1/playbooks", token(), "{\"name\": [1, 2,]}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  Value v = parse(res->body);
  EXPECT_NE(v.find("detail")->str().find("line 1, column 16"), std::string::npos) << res->body;
  res = client_->Post("/api/v1/alerts", token(), "{}\n{]\n", "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("line 2"), std::string::npos) << res->body;
  // Well-formed: on to the engine (the scaffold's 501, or 503 from the refusing store).
  res = client_->Post("/api/v1/alerts", token(), "{}\n{}\n", "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_TRUE(res->status == 501 || res->status == 503) << res->status;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
}

TEST_F(HttpTest, QueryParameters) {
  auto res = client_->Get("/api/v1/playbooks?limit=5&colour=red", token());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(parse(res->body).find("detail")->str().find("unknown query parameter: colour"),
            std::string::npos);
  res = client_->Get("/api/v1/playbooks?limit=1001", token());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(HttpTest, StopsOnStop) {
  ASSERT_TRUE(client_->Get("/healthz"));
  server_->stop();
  thread_.join();
  EXPECT_TRUE(ran_);
}

TEST_F(HttpTest, StopsOnSigterm) {
  {
    SignalWatcher watcher([&](int sig) {
      EXPECT_EQ(sig, SIGTERM);
      server_->stop();
    });
    ASSERT_TRUE(client_->Get("/healthz"));
    kill(getpid(), SIGTERM);
    thread_.join();
  }
  EXPECT_TRUE(ran_);
}

TEST(HttpServer, StopBeforeRun) {
  testing::RefusingStore store;
  engine::Service service(store);
  ServerOptions o;
  o.port = 0;
  HttpServer s(service, o);
  std::string error;
  ASSERT_TRUE(s.bind(error)) << error;
  s.stop();
  EXPECT_TRUE(s.run());  // returns at once
}

TEST(HttpServer, PortInUse) {
  testing::RefusingStore store;
  engine::Service service(store);
  ServerOptions o;
  o.port = 0;
  HttpServer a(service, o);
  std::string error;
  ASSERT_TRUE(a.bind(error)) << error;
  o.port = a.port();
  HttpServer b(service, o);
  EXPECT_FALSE(b.bind(error));
  EXPECT_NE(error.find("cannot listen on 127.0.0.1:" + std::to_string(a.port())), std::string::npos) << error;
  a.stop();
  a.run();
}

TEST(Listen, Parse) {
  std::string host, error;
  int port = -1;
  EXPECT_TRUE(parse_listen("127.0.0.1:8080", host, port, error));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 8080);
  EXPECT_TRUE(parse_listen("[::1]:0", host, port, error));
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  EXPECT_EQ(format_listen("::1", 80), "[::1]:80");
  EXPECT_TRUE(parse_listen("0.0.0.0:65535", host, port, error));
  for (const char* bad : {"8080", ":8080", "host:", "host:65536", "host:-1", "::1:80", "[::1]80", "h:8x"})
    EXPECT_FALSE(parse_listen(bad, host, port, error)) << bad;
}

}  // namespace
}  // namespace riposte::server
