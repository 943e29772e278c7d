// The dispatcher (server/api.h) without sockets: status codes, headers and
// problem+json of the HTTP layer's own answers.  The engine is whatever
// engine/ holds (a 501 scaffold for now) over a store that refuses every
// use (RefusingStore): requests that get past the layer answer 501 (the
// scaffold) or 503 (the engine touched the store), never a 400 of ours.
// Authentication goes through a fake (Api::set_authenticator) where a test
// must get past it.
#include "server/api.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "server/openapi.h"
#include "store/store.h"
#include "test_support.h"

namespace riposte::server {
namespace {

using testing::parse;

struct Request {
  std::string method = "GET";
  std::string path;
  QueryParams query;
  std::optional<std::string> authorization;
  std::string content_type;
  std::optional<std::string> idempotency_key;
  std::string body;
  bool too_large = false;
  bool multipart = false;
};

class ApiTest : public ::testing::Test {
 protected:
  ApiTest() : service_(store_), api_(service_, 1024) {}

  void fake_auth() {
    api_.set_authenticator([](std::string_view token) -> engine::Outcome<engine::Caller> {
      if (token == "good") return engine::Caller{"u1", {}};
      if (token == "store-down") throw store::StoreError("disk I/O error");
      if (token == "boom") throw std::runtime_error("boom");
      return engine::unauthorized();
    });
  }

  Reply send(const Request& r) {
    Incoming in{r.method,     r.path, r.query,     std::nullopt, r.content_type,
                std::nullopt, r.body, r.too_large, r.multipart};
    if (r.authorization) in.authorization = *r.authorization;
    if (r.idempotency_key) in.idempotency_key = *r.idempotency_key;
    return api_.handle(in);
  }

  Reply authed(std::string method, std::string path, std::string body = "",
               std::string type = "application/json") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.authorization = "Bearer good";
    r.body = std::move(body);
    r.content_type = std::move(type);
    return send(r);
  }

  static std::string header(const Reply& r, std::string_view name) {
    for (const auto& [n, v] : r.headers)
      if (n == name) return v;
    return "<none>";
  }

  static std::string detail(const Reply& r) {
    EXPECT_EQ(r.content_type, "application/problem+json") << r.body;
    Value v = parse(r.body);
    EXPECT_EQ(v.find("status") ? v.find("status")->as_int() : -1, r.status) << r.body;
    return v.find("detail") ? std::string(v.find("detail")->str()) : "<no detail>";
  }

  testing::RefusingStore store_;
  engine::Service service_;
  Api api_;
};

TEST_F(ApiTest, HealthzNeedsNoToken) {
  Request r;
  r.path = "/healthz";
  Reply a = send(r);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.content_type, "application/json");
  EXPECT_EQ(a.body, "{\"status\":\"ok\"}");
  r.authorization = "Basic junk";
  EXPECT_EQ(send(r).status, 200);
}

TEST_F(ApiTest, MissingOrMalformedTokenIs401) {
  for (std::optional<std::string> auth : std::initializer_list<std::optional<std::string>>{
           std::nullopt, "", "Basic dXNlcjpwdw==", "Bearer", "Bearer ", "Bearer a b", "Token abc"}) {
    Request r;
    r.path = "/metrics";
    r.authorization = auth;
    Reply a = send(r);
    EXPECT_EQ(a.status, 401) << auth.value_or("(none)");
    EXPECT_EQ(header(a, "WWW-Authenticate"), "Bearer");
    EXPECT_NE(detail(a).find("Bearer <token>"), std::string::npos);
  }
}

TEST_F(ApiTest, TokensGoToTheEngine) {
  // The scaffold answers 501; the real engine over a refusing store, 503.
  Reply a = authed("GET", "/api/v1/tenants");
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.status << " " << a.body;
  EXPECT_EQ(a.content_type, "application/problem+json");
  fake_auth();
  Reply bad = authed("GET", "/api/v1/tenants");
  EXPECT_TRUE(bad.status == 501 || bad.status == 503) << bad.body;
  Request r;
  r.path = "/metrics";
  r.authorization = "Bearer revoked";
  Reply revoked = send(r);
  EXPECT_EQ(revoked.status, 401);
  EXPECT_EQ(header(revoked, "WWW-Authenticate"), "Bearer error=\"invalid_token\"");
}

TEST_F(ApiTest, StoreErrorsAre503AndOtherExceptions500) {
  fake_auth();
  Request r;
  r.path = "/metrics";
  r.authorization = "Bearer store-down";
  Reply a = send(r);
  EXPECT_EQ(a.status, 503);
  EXPECT_EQ(detail(a), "the store failed; try again later");
  r.authorization = "Bearer boom";
  a = send(r);
  EXPECT_EQ(a.status, 500);
  EXPECT_EQ(detail(a), "an internal error; it was logged");
  // The engine over the refusing store: 501 (scaffold) or 503 (StoreError).
  Reply b = authed("POST", "/api/v1/tenants", "{\"name\": \"t\"}");
  EXPECT_TRUE(b.status == 501 || b.status == 503) << b.body;
}

TEST_F(ApiTest, UnknownPathAndMethod) {
  Request r;
  r.path = "/api/v1/nope";
  Reply a = send(r);
  EXPECT_EQ(a.status, 404);
  EXPECT_EQ(detail(a), "no route /api/v1/nope");
  r.path = "/api/v1/playbooks/p1";
  r.method = "PATCH";
  a = send(r);
  EXPECT_EQ(a.status, 405);
  EXPECT_EQ(header(a, "Allow"), "GET, PUT, DELETE");
  r.method = "OPTIONS";
  EXPECT_EQ(send(r).status, 405);
}

TEST_F(ApiTest, BodyOverTheLimitIs413) {
  Request r;
  r.method = "POST";
  r.path = "/api/v1/alerts";
  r.too_large = true;
  Reply a = send(r);
  EXPECT_EQ(a.status, 413);
  EXPECT_EQ(detail(a), "the request body is over the limit of 1024 bytes");
}

TEST_F(ApiTest, QueryParameters) {
  fake_auth();
  Request r;
  r.path = "/api/v1/tenants";
  r.authorization = "Bearer good";
  r.query = {{"bogus", "1"}};
  Reply a = send(r);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a), "unknown query parameter: bogus (this route takes limit, cursor)");
  r.query = {{"limit", "0"}};
  a = send(r);
  EXPECT_EQ(a.status, 400);
  EXPECT_NE(detail(a).find("from 1 to 1000"), std::string::npos);
  r.query = {{"limit", "1000"}};
  a = send(r);
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.body;
}

TEST_F(ApiTest, MalformedJsonNamesLineAndColumn) {
  fake_auth();
  Reply a = authed("POST", "/api/v1/tenants", "{\n  \"name\": }");
  EXPECT_EQ(a.status, 400);
  EXPECT_NE(detail(a).find("line 2, column 11"), std::string::npos) << a.body;
  Value v = parse(a.body);
  ASSERT_EQ(v.find("errors")->size(), 1u);
  EXPECT_EQ(v.find("errors")->at(0).find("line")->as_int(), 2);
  EXPECT_EQ(v.find("errors")->at(0).find("column")->as_int(), 11);
  EXPECT_EQ(v.find("errors")->at(0).find("code")->str(), "json-syntax");
  EXPECT_EQ(v.find("title")->str(), "Malformed JSON");

  a = authed("PUT", "/api/v1/users/u1/roles", "  \n");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a), "a JSON body is required");
  a = authed("POST", "/api/v1/tenants", "{} {}");
  EXPECT_EQ(a.status, 400);
  // Content-Type: JSON, its parameters, or none.
  a = authed("POST", "/api/v1/tenants", "{\"name\": \"t\"}", "application/json; charset=utf-8");
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.body;
  a = authed("POST", "/api/v1/tenants", "{\"name\": \"t\"}", "");
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.body;
}

TEST_F(ApiTest, MediaTypes) {
  fake_auth();
  Reply a = authed("POST", "/api/v1/tenants", "name=t", "application/x-www-form-urlencoded");
  EXPECT_EQ(a.status, 415);
  EXPECT_EQ(detail(a), "the body must be application/json, not application/x-www-form-urlencoded");
  a = authed("POST", "/api/v1/tenants", "{}\n{}\n", "application/x-ndjson");
  EXPECT_EQ(a.status, 415);  // JSON Lines only where the route takes them
  Request r;
  r.method = "POST";
  r.path = "/api/v1/alerts";
  r.authorization = "Bearer good";
  r.multipart = true;
  r.content_type = "multipart/form-data; boundary=x";
  a = send(r);
  EXPECT_EQ(a.status, 415);
  EXPECT_EQ(
      detail(a),
      "the body must be application/json or application/x-ndjson (JSON Lines), not multipart/form-data");
}

TEST_F(ApiTest, JsonLines) {
  fake_auth();
  Reply a = authed("POST", "/api/v1/alerts", "{\"a\": 1}\n\n{\"a\": 2}\r\n{\"a\": }\n{\"a\": 4}\n",
                   "application/x-ndjson");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a).rfind("JSON Lines body, line 4: malformed JSON at column 7: ", 0), 0u) << a.body;
  Value v = parse(a.body);
  EXPECT_EQ(v.find("errors")->at(0).find("line")->as_int(), 4);
  a = authed("POST", "/api/v1/incidents", "{\"a\": 1}\n{\"a\": 2}", "application/x-ndjson");
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.body;
  a = authed("POST", "/api/v1/alerts", "{\"a\": 1}", "application/json");
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.body;
}

TEST_F(ApiTest, IdempotencyKey) {
  fake_auth();
  Request r;
  r.method = "POST";
  r.path = "/api/v1/alerts";
  r.authorization = "Bearer good";
  r.body = "{}";
  r.idempotency_key = " ";
  Reply a = send(r);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a), "the Idempotency-Key header is empty");
  r.idempotency_key = "k1";
  a = send(r);
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.body;
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// The routes of engine-launch go through the layer to the engine (501 from
// the scaffold, or 503: the engine touched the refusing store), never 404
// or 405; their query parameters and bodies are checked first.
TEST_F(ApiTest, LaunchRoutesReachTheEngine) {
  fake_auth();
  struct Case {
    const char* method;
    const char* path;
    const char* body;
  };
  for (const Case& c : {Case{"POST", "/api/v1/playbooks/p1/launch", "{\"objectId\": \"a1\"}"},
                        Case{"GET", "/api/v1/playbooks/p1/launch-progress", ""},
                        Case{"GET", "/api/v1/instances", ""}, Case{"GET", "/api/v1/instances/n1", ""},
                        Case{"POST", "/api/v1/instances/terminate", "{\"ids\": [\"n1\"]}"},
                        Case{"GET", "/api/v1/approvals", ""},
                        Case{"POST", "/api/v1/approvals/decide", "{\"ids\": [], \"decision\": \"approve\"}"},
                        Case{"GET", "/api/v1/history", ""}}) {
    Reply a = authed(c.method, c.path, c.body);
    EXPECT_TRUE(a.status == 501 || a.status == 503) << c.method << " " << c.path << ": " << a.body;
    EXPECT_EQ(a.content_type, "application/problem+json") << c.path;
    Request r;
    r.method = c.method;
    r.path = c.path;
    r.body = c.body;
    EXPECT_EQ(send(r).status, 401) << c.path;  // a token is required
  }
}

TEST_F(ApiTest, LaunchRoutesRefuseBadQueriesAndBodies) {
  fake_auth();
  Request r;
  r.path = "/api/v1/history";
  r.authorization = "Bearer good";
  r.query = {{"since", "2026-01-01T00:00:00Z"}};
  Reply a = send(r);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a),
            "unknown query parameter: since (this route takes limit, cursor, tenant, instance, playbook, "
            "objectId, kind, status, from, to)");
  r.path = "/api/v1/instances";
  r.query = {{"limit", "1001"}};
  a = send(r);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a), "limit must be an integer from 1 to 1000, not \"1001\"");
  r.query = {{"limit", "many"}};
  EXPECT_EQ(detail(send(r)), "query parameter limit must be an integer, not \"many\"");
  r.path = "/api/v1/approvals";
  r.query = {{"status", "Pending"}, {"status", "Expired"}};
  a = send(r);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a), "query parameter status is given more than once");
  r.query = {{"status", "any"}, {"kind", "launch"}};
  a = send(r);
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.body;
  r.path = "/api/v1/instances/n1";
  r.query = {{"status", "Success"}};
  EXPECT_EQ(detail(send(r)), "unknown query parameter: status (this route takes none)");

  a = authed("POST", "/api/v1/playbooks/p1/launch", "{\"objectId\": }");
  EXPECT_EQ(a.status, 400);
  EXPECT_NE(detail(a).find("line 1, column 14"), std::string::npos) << a.body;
  a = authed("POST", "/api/v1/instances/terminate", "");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a), "a JSON body is required");
  a = authed("POST", "/api/v1/approvals/decide", "ids=1", "application/x-www-form-urlencoded");
  EXPECT_EQ(a.status, 415);
  a = authed("POST", "/api/v1/playbooks/p1/launch", "{}\n{}\n", "application/x-ndjson");
  EXPECT_EQ(a.status, 415);  // one launch per request: no JSON Lines
}

TEST_F(ApiTest, LaunchReadsTheIdempotencyKey) {
  fake_auth();
  Request r;
  r.method = "POST";
  r.path = "/api/v1/playbooks/p1/launch";
  r.authorization = "Bearer good";
  r.body = "{\"objectId\": \"a1\"}";
  r.idempotency_key = "";
  Reply a = send(r);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(detail(a), "the Idempotency-Key header is empty");
  r.idempotency_key = "k1";
  a = send(r);
  EXPECT_TRUE(a.status == 501 || a.status == 503) << a.body;
  // not on routes that do not create: the empty header is not looked at,
  // the engine's body check answers
  r.path = "/api/v1/instances/terminate";
  r.idempotency_key = "";
  a = send(r);
  EXPECT_EQ(a.status, 400) << a.body;
  EXPECT_EQ(detail(a), "ids: required (and 1 more)");
}

TEST(Idempotency, RouteIsTheRequestedPathAndHashTheBody) {
  const Route* launch = match_route(routes(), "POST", "/api/v1/playbooks/p1/launch").route;
  ASSERT_NE(launch, nullptr);
  engine::Idempotency i = idempotency_of(*launch, "/api/v1/playbooks/p1/launch", "k1", "abc");
  EXPECT_EQ(i.key, "k1");
  EXPECT_EQ(i.route, "POST /api/v1/playbooks/p1/launch");
  EXPECT_EQ(i.request_hash, sha256_hex("abc"));
  // the same key and body on another playbook is another request
  EXPECT_NE(idempotency_of(*launch, "/api/v1/playbooks/p2/launch", "k1", "abc").route, i.route);
  const Route* alerts = match_route(routes(), "POST", "/api/v1/alerts").route;
  ASSERT_NE(alerts, nullptr);
  EXPECT_EQ(idempotency_of(*alerts, "/api/v1/alerts", "k", "").route, "POST /api/v1/alerts");
}

TEST_F(ApiTest, BearerToken) {
  EXPECT_EQ(bearer_token("Bearer abc.def"), "abc.def");
  EXPECT_EQ(bearer_token("bearer   abc"), "abc");
  EXPECT_FALSE(bearer_token("Bearerabc"));
  EXPECT_FALSE(bearer_token("Basic abc"));
  EXPECT_FALSE(bearer_token("Bearer a\tb"));
}

TEST_F(ApiTest, MetricsAndOpenApiRoutes) {
  fake_auth();
  authed("GET", "/api/v1/nope");
  Reply m = authed("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(m.body.find("\nriposte_up 1\n"), std::string::npos);
  EXPECT_NE(m.body.find("riposte_http_requests_total{method=\"any\",route=\"unmatched\",status=\"4xx\"} 1\n"),
            std::string::npos)
      << m.body;
  Reply o = authed("GET", "/api/v1/openapi.json");
  EXPECT_EQ(o.status, 200);
  EXPECT_EQ(o.body, openapi_json(routes()));
  m = authed("GET", "/metrics");
  EXPECT_NE(
      m.body.find(
          "riposte_http_requests_total{method=\"GET\",route=\"/api/v1/openapi.json\",status=\"2xx\"} 1\n"),
      std::string::npos);
}

}  // namespace
}  // namespace riposte::server
