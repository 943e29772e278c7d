// The Prometheus text of /metrics, and problem+json rendering.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>

#include "server/metrics.h"
#include "server/reply.h"
#include "support/diagnostics.h"
#include "test_support.h"

namespace riposte::server {
namespace {

using testing::parse;

const Route* route_of(std::string_view method, std::string_view path) {
  return match_route(routes(), method, path).route;
}

TEST(Metrics, TextExpositionFormat) {
  Metrics m(routes());
  engine::Stats stats;
  stats.alerts_ingested = 7;
  stats.trigger_matches = 3;
  m.record(route_of("GET", "/api/v1/playbooks"), 200, 0.0004);
  m.record(route_of("GET", "/api/v1/playbooks"), 200, 0.02);
  m.record(route_of("GET", "/api/v1/playbooks"), 404, 3.0);
  m.record(route_of("POST", "/api/v1/alerts"), 503, 0.002);
  m.record(nullptr, 404, 0.0001);
  std::string text = m.render(stats);

  // Every line is a comment (# HELP / # TYPE) or `name{labels} value`.
  const std::regex sample(
      R"(^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9]+(\.[0-9]+)?(e[-+][0-9]+)?$)");
  const std::regex comment(R"(^# (HELP [a-z_]+ .+|TYPE [a-z_]+ (counter|gauge|histogram))$)");
  std::istringstream lines(text);
  std::string line;
  size_t n = 0;
  while (std::getline(lines, line)) {
    ++n;
    EXPECT_TRUE(std::regex_match(line, sample) || std::regex_match(line, comment)) << line;
  }
  EXPECT_GT(n, 20u);
  EXPECT_EQ(text.back(), '\n');
  auto has = [&](const std::string& l) { return text.find("\n" + l + "\n") != std::string::npos; };
  EXPECT_TRUE(has("riposte_up 1"));
  EXPECT_TRUE(has("riposte_alerts_ingested_total 7"));
  EXPECT_TRUE(has("riposte_trigger_matches_total 3"));
  EXPECT_TRUE(has("riposte_auth_failures_total 0"));
  EXPECT_TRUE(has("# TYPE riposte_http_requests_total counter"));
  EXPECT_TRUE(
      has("riposte_http_requests_total{method=\"GET\",route=\"/api/v1/playbooks\",status=\"2xx\"} 2"));
  EXPECT_TRUE(
      has("riposte_http_requests_total{method=\"GET\",route=\"/api/v1/playbooks\",status=\"4xx\"} 1"));
  EXPECT_TRUE(has("riposte_http_requests_total{method=\"POST\",route=\"/api/v1/alerts\",status=\"5xx\"} 1"));
  EXPECT_TRUE(has("riposte_http_requests_total{method=\"any\",route=\"unmatched\",status=\"4xx\"} 1"));
  EXPECT_TRUE(has("# TYPE riposte_http_request_duration_seconds histogram"));
  std::string l = "{method=\"GET\",route=\"/api/v1/playbooks\"";
  EXPECT_TRUE(has("riposte_http_request_duration_seconds_bucket" + l + ",le=\"0.001\"} 1"));
  EXPECT_TRUE(has("riposte_http_request_duration_seconds_bucket" + l + ",le=\"0.05\"} 2"));
  EXPECT_TRUE(has("riposte_http_request_duration_seconds_bucket" + l + ",le=\"1\"} 2"));
  EXPECT_TRUE(has("riposte_http_request_duration_seconds_bucket" + l + ",le=\"5\"} 3"));
  EXPECT_TRUE(has("riposte_http_request_duration_seconds_bucket" + l + ",le=\"+Inf\"} 3"));
  EXPECT_TRUE(has("riposte_http_request_duration_seconds_count" + l + "} 3"));
  // routes that answered nothing have no series
  EXPECT_EQ(text.find("/api/v1/tenants"), std::string::npos);
}

TEST(Problem, RendersRfc9457WithDiagnostics) {
  support::Diagnostic d =
      support::emit(support::diag::JsonSyntax, support::Span::at({3, 7}), "unexpected '}'");
  d.path = "algorithm.executionFlow[0]";
  Reply r = problem_reply(engine::Problem{422, "Invalid playbook", "1 error", {d}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.content_type, "application/problem+json");
  Value v = parse(r.body);
  ASSERT_TRUE(v.is_object()) << r.body;
  EXPECT_EQ(v.find("type")->str(), "about:blank");
  EXPECT_EQ(v.find("title")->str(), "Invalid playbook");
  EXPECT_EQ(v.find("status")->as_int(), 422);
  EXPECT_EQ(v.find("detail")->str(), "1 error");
  ASSERT_EQ(v.find("errors")->size(), 1u);
  const Value& e = v.find("errors")->at(0);
  // api.md: errors entries carry path, line, column, message, severity
  EXPECT_EQ(e.find("path")->str(), "algorithm.executionFlow[0]");
  EXPECT_EQ(e.find("line")->as_int(), 3);
  EXPECT_EQ(e.find("column")->as_int(), 7);
  EXPECT_EQ(e.find("message")->str(), "malformed JSON: unexpected '}'");
  EXPECT_EQ(e.find("severity")->str(), "error");
}

TEST(Problem, EmptyTitleIsTheReasonPhrase) {
  Value v = parse(problem_reply(engine::Problem{404, "", "playbook not found", {}}).body);
  EXPECT_EQ(v.find("title")->str(), "Not Found");
  EXPECT_EQ(v.find("errors")->size(), 0u);
  v = parse(problem_reply(503, "down").body);
  EXPECT_EQ(v.find("status")->as_int(), 503);
  EXPECT_EQ(v.find("title")->str(), "Service Unavailable");
}

TEST(Reply, ListingsAndCreated) {
  engine::Listing l;
  l.items = {Value::integer(1), Value::string("x")};
  EXPECT_EQ(to_json(listing_json(l)), "{\"items\":[1,\"x\"],\"next\":null}");
  l.next = "c2";
  EXPECT_EQ(to_json(listing_json(l)), "{\"items\":[1,\"x\"],\"next\":\"c2\"}");
  Reply r = created_reply(engine::Created{parse("{\"accepted\":2}"), 200, true});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Idempotent-Replayed");
  r = created_reply(engine::Created{parse("{\"id\":\"a\"}")});
  EXPECT_EQ(r.status, 201);
  EXPECT_TRUE(r.headers.empty());
  r = listing_reply(engine::Problem{403, "Forbidden", "no", {}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.content_type, "application/problem+json");
}

}  // namespace
}  // namespace riposte::server
