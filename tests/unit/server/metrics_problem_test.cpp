// The Prometheus text of /metrics, and problem+json rendering.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

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

engine::LabelledCount count(std::vector<std::pair<std::string, std::string>> labels, uint64_t value) {
  return engine::LabelledCount{std::move(labels), value};
}

// The engine's labelled metrics: one family per name (HELP and TYPE once),
// label values escaped as the text format says (\\, \", \n), the totals of
// Stats kept beside the per-playbook samples.
TEST(Metrics, LabelledSeries) {
  Metrics m(routes());
  engine::Stats stats;
  stats.trigger_matches = 5;
  stats.trigger_errors = 1;
  stats.instances_launched = 4;
  stats.approvals_requested = 2;
  stats.emails_sent = 3;
  stats.email_failures = 1;
  engine::LabelledMetrics lm;
  lm.trigger_evaluations = {count({{"playbook", "p1"}}, 10), count({{"playbook", "a\"b\\c\nd"}}, 2)};
  lm.trigger_matches = {count({{"playbook", "p1"}}, 4), count({{"playbook", "a\"b\\c\nd"}}, 1)};
  lm.trigger_errors = {count({{"playbook", "p1"}}, 1)};
  lm.instances = {count({{"status", "InProgress"}}, 2), count({{"status", "Success"}}, 7)};
  lm.calls = {count({{"type", "block_ip"}, {"status", "Success"}}, 3),
              count({{"type", "send_email"}, {"status", "Error"}}, 1)};
  std::string text = m.render(stats, lm);
  auto has = [&](const std::string& l) { return text.find("\n" + l + "\n") != std::string::npos; };
  auto times = [&](const std::string& l) {
    size_t n = 0;
    for (size_t at = 0; (at = text.find("\n" + l + "\n", at)) != std::string::npos; ++at) ++n;
    return n;
  };

  EXPECT_TRUE(has("# TYPE riposte_trigger_evaluations_total counter"));
  EXPECT_TRUE(has("riposte_trigger_evaluations_total{playbook=\"p1\"} 10"));
  // a quote, a backslash and a new line in a label value
  EXPECT_TRUE(has(R"(riposte_trigger_evaluations_total{playbook="a\"b\\c\nd"} 2)")) << text;
  EXPECT_TRUE(has(R"(riposte_trigger_matches_total{playbook="a\"b\\c\nd"} 1)"));
  EXPECT_EQ(text.find("c\nd"), std::string::npos);  // no raw new line inside a sample
  // matches and errors: the Stats total without labels, then by playbook, in one family
  EXPECT_EQ(times("# TYPE riposte_trigger_matches_total counter"), 1u);
  EXPECT_EQ(times("# HELP riposte_trigger_matches_total Trigger evaluations that matched: in all (no label), "
                  "and by playbook."),
            1u);
  EXPECT_NE(text.find("# TYPE riposte_trigger_matches_total counter\nriposte_trigger_matches_total 5\n"
                      "riposte_trigger_matches_total{playbook=\"p1\"} 4\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("riposte_trigger_errors_total 1\nriposte_trigger_errors_total{playbook=\"p1\"} 1\n"),
            std::string::npos);
  EXPECT_TRUE(has("# TYPE riposte_instances gauge"));
  EXPECT_TRUE(has("# HELP riposte_instances Playbook instances, by status."));
  EXPECT_TRUE(has("riposte_instances{status=\"InProgress\"} 2"));
  EXPECT_TRUE(has("riposte_instances{status=\"Success\"} 7"));
  EXPECT_TRUE(has("# TYPE riposte_action_calls_total counter"));
  EXPECT_TRUE(has("riposte_action_calls_total{type=\"block_ip\",status=\"Success\"} 3"));
  EXPECT_TRUE(has("riposte_action_calls_total{type=\"send_email\",status=\"Error\"} 1"));
  EXPECT_TRUE(has("riposte_instances_launched_total 4"));
  EXPECT_TRUE(has("riposte_approvals_requested_total 2"));
  EXPECT_TRUE(has("riposte_emails_sent_total 3"));
  EXPECT_TRUE(has("riposte_email_failures_total 1"));
  EXPECT_TRUE(has("# TYPE riposte_email_failures_total counter"));
  // the names from before stay
  EXPECT_TRUE(has("riposte_triggers_evaluated_total 0"));
  EXPECT_TRUE(has("riposte_alerts_ingested_total 0"));

  // Every family has one HELP and one TYPE, and its samples follow them.
  std::istringstream lines(text);
  std::string line, family;
  std::set<std::string> helped, typed;
  while (std::getline(lines, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      family = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_TRUE(helped.insert(family).second) << "HELP twice: " << family;
    } else if (line.rfind("# TYPE ", 0) == 0) {
      std::string name = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_EQ(name, family) << line;
      EXPECT_TRUE(typed.insert(name).second) << "TYPE twice: " << name;
    } else {
      std::string name = line.substr(0, line.find_first_of("{ "));
      EXPECT_TRUE(name == family || name.rfind(family + "_", 0) == 0) << line << " under " << family;
    }
  }
  EXPECT_EQ(helped, typed);
}

TEST(Metrics, EmptyLabelledSeriesKeepTheirHelpAndType) {
  Metrics m(routes());
  engine::Stats stats;
  std::string text = m.render(stats, engine::LabelledMetrics{});
  EXPECT_NE(text.find("# TYPE riposte_instances gauge\n# HELP riposte_action_calls_total "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nriposte_trigger_matches_total 0\n# HELP riposte_trigger_errors_total "),
            std::string::npos);
  EXPECT_EQ(text.find("{playbook="), std::string::npos);
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
