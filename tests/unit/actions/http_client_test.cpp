// actions/http/client.h against a real cpp-httplib server in this binary
// (tests/unit/actions/http_test_util.h): what arrives, the allow-list before
// and after name resolution and on redirects, deadline, cancellation,
// header injection and the response cap.
#include <gtest/gtest.h>

#include <future>

#include "actions/http/client.h"
#include "tests/unit/actions/http_test_util.h"

namespace riposte::actions::http {
namespace {

using riposte::actions::testing::RecordingServer;
using riposte::actions::testing::SilentListener;
using namespace std::chrono_literals;

const std::vector<std::string> kLoopback = {"127.0.0.1"};

Clock::time_point in(std::chrono::milliseconds d) {
  return Clock::now() + d;
}

Response send(const Request& rq, const std::vector<std::string>& allowed = kLoopback,
              Clock::time_point deadline = Clock::now() + 10s, const CancelToken& cancel = {}) {
  return perform(rq, allowed, deadline, cancel);
}

TEST(HttpClient, MethodsBodiesAndHeadersArrive) {
  RecordingServer s;
  for (std::string method : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
    Response r = send({.method = method,
                       .url = s.url("/echo?a=1&b=two%20words"),
                       .headers = {{"X-Tag", "t-" + method}, {"Content-Type", "application/json"}},
                       .body = method == "GET" ? "" : "{\"m\":\"" + method + "\"}"});
    EXPECT_EQ(r.failure, Failure::None) << method << ": " << r.error;
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "ok");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.remote_address, "127.0.0.1");
  }
  auto got = s.requests();
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].body, "");
  EXPECT_EQ(got[1].method, "POST");
  EXPECT_EQ(got[1].body, "{\"m\":\"POST\"}");
  EXPECT_EQ(got[2].method, "PUT");
  EXPECT_EQ(got[3].method, "DELETE");
  EXPECT_EQ(got[3].body, "{\"m\":\"DELETE\"}");
  EXPECT_EQ(got[4].method, "PATCH");
  for (const auto& g : got) {
    EXPECT_EQ(g.path, "/echo");
    EXPECT_EQ(g.param("a"), "1");
    EXPECT_EQ(g.param("b"), "two words");
    EXPECT_EQ(g.header("x-tag"), "t-" + g.method);
    EXPECT_EQ(g.header("content-type"), "application/json");
    EXPECT_FALSE(g.has_header("idempotency-key"));
    EXPECT_FALSE(g.has_header("authorization"));
  }
}

TEST(HttpClient, StatusAndResponseHeaders) {
  RecordingServer s;
  Response r = send({.url = s.url("/status/503")});
  EXPECT_EQ(r.failure, Failure::None);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "status 503");
  EXPECT_FALSE(r.ok());
  bool found = false;
  for (const auto& [n, v] : r.headers) found = found || (n == "content-type" && v == "text/plain");
  EXPECT_TRUE(found);
}

TEST(HttpClient, IdempotencyKeyAndAuthentication) {
  RecordingServer s;
  Response r =
      send({.method = "POST", .url = s.url("/a"), .idempotency_key = "0123abcd", .bearer_token = "tok-1"});
  ASSERT_EQ(r.failure, Failure::None) << r.error;
  r = send({.url = s.url("/b"), .basic_user = "soc", .basic_password = "pa ss"});
  ASSERT_EQ(r.failure, Failure::None) << r.error;
  // A caller's own Idempotency-Key or Authorization header does not win over the fields.
  r = send({.url = s.url("/c"),
            .headers = {{"Idempotency-Key", "theirs"}, {"Authorization", "Bearer x"}},
            .idempotency_key = "ours",
            .bearer_token = "tok-2"});
  ASSERT_EQ(r.failure, Failure::None) << r.error;
  auto got = s.requests();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].header("idempotency-key"), "0123abcd");
  EXPECT_EQ(got[0].header("authorization"), "Bearer tok-1");
  EXPECT_EQ(got[1].header("authorization"), "Basic c29jOnBhIHNz");  // base64("soc:pa ss")
  EXPECT_EQ(got[2].header("idempotency-key"), "ours");
  EXPECT_EQ(got[2].header("authorization"), "Bearer tok-2");
  int keys = 0;
  for (const auto& [n, v] : got[2].headers) keys += n == "idempotency-key";
  EXPECT_EQ(keys, 1);
}

TEST(HttpClient, HostNotListedIsRefusedWithNothingSent) {
  RecordingServer s;
  for (const std::vector<std::string>& allowed :
       {std::vector<std::string>{}, std::vector<std::string>{"example.invalid", "10.0.0.1"}}) {
    Response r = send({.method = "POST", .url = s.url("/x"), .body = "b"}, allowed);
    EXPECT_EQ(r.failure, Failure::Refused);
    EXPECT_NE(r.error.find("host \"127.0.0.1\" is not in allow.hosts"), std::string::npos) << r.error;
  }
  EXPECT_EQ(s.count(), 0u);
}

TEST(HttpClient, AddressEntriesMatchAsAddresses) {
  RecordingServer s;
  // The same address written otherwise; an IPv4-mapped IPv6 entry.
  for (std::string entry : {"127.0.0.1", "::ffff:127.0.0.1", "[::ffff:7f00:1]"}) {
    Response r = send({.url = s.url("/y")}, {entry});
    EXPECT_EQ(r.failure, Failure::None) << entry << ": " << r.error;
  }
  EXPECT_EQ(s.count(), 3u);
}

TEST(HttpClient, NameIsCheckedAfterResolution) {
  RecordingServer s;
  const std::string url = "http://localhost:" + std::to_string(s.port()) + "/n";
  // Not listed by name, and it resolves to an address not listed: refused before connecting.
  Response r = send({.url = url}, {"127.0.0.2"});
  EXPECT_EQ(r.failure, Failure::Refused) << r.error;
  EXPECT_NE(r.error.find("host \"localhost\" (address "), std::string::npos) << r.error;
  EXPECT_EQ(s.count(), 0u);
  // Not listed by name, but the address it resolves to is.
  r = send({.url = url}, {"127.0.0.1"});
  EXPECT_EQ(r.failure, Failure::None) << r.error;
  EXPECT_EQ(r.remote_address, "127.0.0.1");
  // Listed by name (case and a trailing dot do not matter).
  r = send({.url = url}, {"LocalHost."});
  EXPECT_EQ(r.failure, Failure::None) << r.error;
  EXPECT_EQ(s.count(), 2u);
}

TEST(HttpClient, RedirectsAreFollowedOneByOneAndChecked) {
  RecordingServer a;               // 127.0.0.1, allowed
  RecordingServer b("127.0.0.2");  // allowed in one case, denied in the other
  const std::string to_b = b.url("/landed");
  const std::string via_a = a.url("/redirect?to=" + httplib::detail::encode_query_param(to_b) + "&code=307");

  // Not followed by default: the 3xx is the answer.
  Response r = send({.url = via_a});
  EXPECT_EQ(r.failure, Failure::None);
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(b.count(), 0u);

  // Followed to an allowed host: the method and body are kept (307), credentials are not.
  r = send({.method = "POST",
            .url = via_a,
            .body = "payload",
            .idempotency_key = "k1",
            .bearer_token = "secret-t",
            .max_redirects = 3},
           {"127.0.0.1", "127.0.0.2"});
  EXPECT_EQ(r.failure, Failure::None) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.final_url, to_b);
  EXPECT_EQ(r.redirects, 1u);
  auto got = b.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].body, "payload");
  EXPECT_EQ(got[0].header("idempotency-key"), "k1");
  EXPECT_FALSE(got[0].has_header("authorization"));
  EXPECT_EQ(a.requests().back().header("authorization"), "Bearer secret-t");

  // To a host not allowed: refused, nothing reaches it.
  r = send({.method = "POST", .url = via_a, .body = "payload", .max_redirects = 3}, {"127.0.0.1"});
  EXPECT_EQ(r.failure, Failure::Peer);
  EXPECT_NE(r.error.find("redirect to \"" + to_b + "\" refused: host \"127.0.0.2\" is not in allow.hosts"),
            std::string::npos)
      << r.error;
  EXPECT_EQ(b.count(), 1u);

  // A name that resolves to an address not allowed, on a redirect.
  const std::string to_name = "http://localhost:" + std::to_string(b.port()) + "/x";
  r = send({.url = a.url("/redirect?to=" + httplib::detail::encode_query_param(to_name)), .max_redirects = 3},
           {"127.0.0.1"});
  // localhost resolves to 127.0.0.1 (allowed), where b does not listen: nothing reaches b.
  EXPECT_EQ(b.count(), 1u);

  // 303 turns a POST into a GET without a body; a loop ends at max_redirects.
  r = send({.method = "POST", .url = a.url("/redirect?code=303&to=/after"), .body = "x", .max_redirects = 1});
  EXPECT_EQ(r.failure, Failure::None) << r.error;
  EXPECT_EQ(a.requests().back().method, "GET");
  EXPECT_EQ(a.requests().back().path, "/after");
  EXPECT_EQ(a.requests().back().body, "");
  const std::string loop = "/redirect?to=" + httplib::detail::encode_query_param("/redirect?to=/end");
  r = send({.url = a.url(loop), .max_redirects = 1});
  EXPECT_EQ(r.failure, Failure::Peer);
  EXPECT_NE(r.error.find("too many redirects"), std::string::npos) << r.error;
}

TEST(HttpClient, OnlyHttpAndHttps) {
  for (std::string url :
       {"ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1/", "dict://127.0.0.1/"}) {
    Response r = send({.url = url});
    EXPECT_EQ(r.failure, Failure::Refused) << url;
  }
  RecordingServer s;
  Response r =
      send({.url = s.url("/redirect?to=" + httplib::detail::encode_query_param("file:///etc/passwd")),
            .max_redirects = 2});
  EXPECT_EQ(r.failure, Failure::Peer);
  EXPECT_EQ(r.body, "");
  r = send({.url = "http://user:pw@127.0.0.1:1/"});
  EXPECT_EQ(r.failure, Failure::Refused);
  EXPECT_EQ(r.error.find("pw"), std::string::npos) << r.error;
}

TEST(HttpClient, SilentPeerTimesOut) {
  SilentListener silent;
  const auto t0 = Clock::now();
  Response r = send({.url = silent.url("/never")}, kLoopback, in(300ms));
  const auto took = Clock::now() - t0;
  EXPECT_EQ(r.failure, Failure::Timeout) << r.error;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 3s);
  r = send({.url = silent.url("/never")}, kLoopback, Clock::now() - 1ms);
  EXPECT_EQ(r.failure, Failure::Timeout);
}

TEST(HttpClient, CancelStopsPromptly) {
  SilentListener silent;
  CancelSource source;
  auto t0 = Clock::now();
  auto fut = std::async(std::launch::async, [&] {
    return perform({.url = silent.url("/never")}, kLoopback, in(30s), source.token());
  });
  std::this_thread::sleep_for(200ms);
  const auto cancelled_at = Clock::now();
  source.cancel();
  Response r = fut.get();
  EXPECT_EQ(r.failure, Failure::Cancelled) << r.error;
  EXPECT_LT(Clock::now() - cancelled_at, 500ms);
  EXPECT_LT(Clock::now() - t0, 5s);
  // Cancelled before starting: nothing sent.
  RecordingServer s;
  r = perform({.url = s.url("/z")}, kLoopback, in(5s), source.token());
  EXPECT_EQ(r.failure, Failure::Cancelled);
  EXPECT_EQ(s.count(), 0u);
}

TEST(HttpClient, HeaderInjectionIsRefused) {
  RecordingServer s;
  const std::vector<std::pair<std::string, std::string>> bad[] = {
      {{"X-A", "v\r\nX-Evil: 1"}},
      {{"X-A", "v\nX-Evil: 1"}},
      {{"X-A\r\nX-Evil", "1"}},
      {{"X A", "1"}},
      {{"X:A", "1"}},
      {{"", "1"}},
  };
  for (const auto& headers : bad) {
    Response r = send({.method = "POST", .url = s.url("/h"), .headers = headers, .body = "b"});
    EXPECT_EQ(r.failure, Failure::Refused) << headers[0].first;
  }
  Response r = send({.url = s.url("/h"), .idempotency_key = "k\r\nX-Evil: 1"});
  EXPECT_EQ(r.failure, Failure::Refused);
  r = send({.url = s.url("/h"), .bearer_token = "very-secret\r\nX: 1"});
  EXPECT_EQ(r.failure, Failure::Refused);
  EXPECT_EQ(r.error.find("very-secret"), std::string::npos) << r.error;
  r = send({.method = "GET\r\nX", .url = s.url("/h")});
  EXPECT_EQ(r.failure, Failure::Refused);
  EXPECT_EQ(s.count(), 0u);
  // An empty value is sent as an empty header ("X-Empty:", which cpp-httplib does not list).
  r = send({.url = s.url("/h"), .headers = {{"X-Empty", ""}}});
  EXPECT_EQ(r.failure, Failure::None);
  EXPECT_EQ(s.count(), 1u);
}

TEST(HttpClient, ResponseBodyIsBounded) {
  RecordingServer s;
  Response r = send({.url = s.url("/big?n=200000"), .response_cap = 1000});
  EXPECT_EQ(r.failure, Failure::None) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::string(1000, 'x'));
  EXPECT_TRUE(r.truncated);
  r = send({.url = s.url("/big?n=1000"), .response_cap = 1000});
  EXPECT_EQ(r.body.size(), 1000u);
  EXPECT_FALSE(r.truncated);
}

TEST(HttpClient, ClosedPortIsAPeerFailure) {
  SilentListener* gone = new SilentListener();
  const std::string url = gone->url("/");
  delete gone;
  Response r = send({.url = url});
  EXPECT_EQ(r.failure, Failure::Peer) << r.error;
  EXPECT_FALSE(r.error.empty());
}

TEST(HttpClient, TlsVerificationIsOnByDefault) {
  // An HTTP server spoken to over https fails the handshake: a peer failure, not a response.
  RecordingServer s;
  Response r = send({.url = "https://127.0.0.1:" + std::to_string(s.port()) + "/"}, kLoopback, in(5s));
  EXPECT_EQ(r.failure, Failure::Peer) << r.error;
}

}  // namespace
}  // namespace riposte::actions::http
