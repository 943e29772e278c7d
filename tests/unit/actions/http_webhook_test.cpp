// The real webhook and iocsEnrichment bindings (actions/http/) through the
// registry, against the recording cpp-httplib server of http_test_util.h.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "actions/config/config.h"
#include "tests/unit/actions/actions_test_util.h"
#include "tests/unit/actions/http_test_util.h"
#include "value/json.h"

namespace riposte::actions {
namespace {

using testing::json;
using testing::make_call;
using testing::RecordingServer;
using namespace std::chrono_literals;

struct Real {
  std::unique_ptr<Registry> registry;
  explicit Real(const std::string& config_json) {
    auto parsed = config::parse_action_config_json(config_json);
    EXPECT_EQ(parsed.error, "");
    MadeRegistry made = make_registry({.mode = Mode::Real, .config = parsed.config});
    EXPECT_EQ(made.error, "");
    registry = std::move(made.registry);
  }
  Outcome call(const std::string& type, const std::string& params, std::string key = "key") {
    Call c = make_call(type, params);
    c.idempotency_key = std::move(key);
    c.deadline = Clock::now() + 10s;
    return registry->call(c);
  }
};

std::string config_for(int tip_port = 0) {
  ::setenv("HTTP_TEST_TOKEN", "tok-Secret-1", 1);
  ::setenv("HTTP_TEST_PASSWORD", "pw-Secret-2", 1);
  ::setenv("HTTP_TEST_TIP_KEY", "tip-Secret-3", 1);
  std::string c = R"({"allow": {"hosts": ["127.0.0.1"]},
    "credentials": {"tick": {"type": "bearer", "tokenEnv": "HTTP_TEST_TOKEN"},
                    "legacy": {"type": "basic", "username": "soc", "passwordEnv": "HTTP_TEST_PASSWORD"}})";
  if (tip_port)
    c += R"(, "tip": {"url": "http://127.0.0.1:)" + std::to_string(tip_port) +
         R"(/", "keyEnv": "HTTP_TEST_TIP_KEY"})";
  return c + "}";
}

std::string webhook(const RecordingServer& s, const std::string& extra) {
  return R"({"protocol": "http", "host": "127.0.0.1", "port": )" + std::to_string(s.port()) +
         (extra.empty() ? "" : ", ") + extra + "}";
}

TEST(HttpWebhook, RequestAsParametersSay) {
  RecordingServer s;
  Real real(config_for());
  Outcome o = real.call("webhook", webhook(s, R"("method": "PUT", "path": "/hooks/a b?c",
      "query": {"q": "x&y=z", "n": 3, "list": ["a", "b"]}, "headers": {"X-Tag": "t1", "X-Num": 7},
      "authorization": {"credential": "tick"}, "body": {"alert": "a1", "n": [1, 2]}, "runOnce": true)"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  auto got = s.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "PUT");
  EXPECT_EQ(got[0].path, "/hooks/a b?c");
  EXPECT_EQ(got[0].param("q"), "x&y=z");
  EXPECT_EQ(got[0].param("n"), "3");
  EXPECT_EQ(got[0].query.count("list"), 2u);
  EXPECT_EQ(got[0].header("x-tag"), "t1");
  EXPECT_EQ(got[0].header("x-num"), "7");
  EXPECT_EQ(got[0].header("authorization"), "Bearer tok-Secret-1");
  EXPECT_EQ(got[0].header("idempotency-key"), "key");
  EXPECT_EQ(got[0].header("content-type"), "application/json");
  EXPECT_EQ(got[0].body, R"({"alert":"a1","n":[1,2]})");
  EXPECT_EQ(to_json(o.result), R"({"body":"ok","requests":1,"status":200})");
}

TEST(HttpWebhook, BasicCredentialAndMethods) {
  RecordingServer s;
  Real real(config_for());
  for (std::string m : {"GET", "POST", "DELETE"}) {
    Outcome o = real.call("webhook",
                          webhook(s, R"("method": ")" + m +
                                         R"(", "authorization": {"credential": "legacy"}, "body": "plain")"));
    EXPECT_EQ(o.status, Status::Success) << o.message;
  }
  auto got = s.requests();
  ASSERT_EQ(got.size(), 3u);
  const std::string methods[] = {"GET", "POST", "DELETE"};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got[i].method, methods[i]);
    EXPECT_EQ(got[i].header("authorization"), "Basic c29jOnB3LVNlY3JldC0y");  // soc:pw-Secret-2
    if (methods[i] != "GET") {  // cpp-httplib reads no body of a GET
      EXPECT_EQ(got[i].body, "plain");
    }
    EXPECT_EQ(got[i].header("content-type"), "text/plain; charset=utf-8");
  }
}

TEST(HttpWebhook, RunOnceAndPerResult) {
  RecordingServer s;
  Real real(config_for());
  const std::string results = R"("results": [{"id": 1}, {"id": 2}, {"id": 3}])";
  Outcome o = real.call("webhook", webhook(s, R"("path": "/once", "runOnce": true, )" + results));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  o = real.call("webhook", webhook(s, R"("path": "/each", )" + results));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(o.result.find("requests")->as_int(), 3);
  EXPECT_EQ(o.result.find("responses")->size(), 3u);
  auto got = s.requests();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].path, "/once");
  EXPECT_EQ(got[0].body, R"([{"id":1},{"id":2},{"id":3}])");
  EXPECT_EQ(got[0].header("idempotency-key"), "key");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(got[1 + i].path, "/each");
    EXPECT_EQ(got[1 + i].body, R"({"id":)" + std::to_string(i + 1) + "}");
    EXPECT_EQ(got[1 + i].header("idempotency-key"), "key-" + std::to_string(i));
  }
  // No results: one request; an empty list: none, a warning.
  o = real.call("webhook", webhook(s, R"("path": "/none")"));
  EXPECT_EQ(o.status, Status::Success);
  o = real.call("webhook", webhook(s, R"("path": "/empty", "results": [])"));
  EXPECT_EQ(o.status, Status::Warning);
  EXPECT_EQ(s.count(), 5u);
}

TEST(HttpWebhook, ResultIsBounded) {
  RecordingServer s;
  Real real(config_for());
  // 20 responses of 60,000 bytes: the bodies past 1 MiB in all are omitted; each is capped at 64 KiB.
  Outcome o = real.call("webhook", webhook(s, R"("method": "GET", "path": "/big", "query": {"n": 60000},
      "results": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  size_t bodies = 0, omitted = 0;
  for (const Value& r : o.result.find("responses")->items()) {
    if (const Value* b = r.find("body")) bodies += b->str().size();
    omitted += r.find("bodyOmitted") != nullptr;
  }
  EXPECT_LE(bodies, size_t(1) << 20);
  EXPECT_EQ(omitted, 3u);  // 17 x 60,000 fit
  o = real.call("webhook", webhook(s, R"("method": "GET", "path": "/big", "query": {"n": 100000})"));
  EXPECT_EQ(o.result.find("body")->str().size(), 65536u);
  EXPECT_TRUE(o.result.find("truncated")->truthy());
  EXPECT_EQ(s.requests().back().header("user-agent"), "riposte");
}

TEST(HttpWebhook, Non2xxIsAnErrorKeepingTheResult) {
  RecordingServer s;
  s.set_answer("/bad", 422, R"({"error": "nope"})");
  Real real(config_for());
  Outcome o = real.call("webhook", webhook(s, R"("path": "/bad")"));
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("answered 422"), std::string::npos) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"body":{"error":"nope"},"requests":1,"status":422})");
}

TEST(HttpWebhook, BadParametersAreRefusedBeforeSending) {
  RecordingServer s;
  Real real(config_for());
  const std::pair<std::string, std::string> cases[] = {
      {R"("authorization": {"credential": "nope"})",
       "\"nope\" is not in the configuration's credentials (known: legacy, tick)"},
      {R"("headers": {"Authorization": "Bearer x"})", "secrets are never inline"},
      {R"("headers": {"X-A": "v\r\nX-Evil: 1"})", "header injection"},
      {R"("headers": {"Content-Length": "5"})", "is set by the binding"},
      {R"("results": {"id": 1})", "params.results must be an array"},
  };
  for (const auto& [extra, expected] : cases) {
    Outcome o = real.call("webhook", webhook(s, extra));
    EXPECT_EQ(o.failure, Failure::BadCall) << extra;
    EXPECT_NE(o.message.find(expected), std::string::npos) << o.message;
  }
  for (std::string host : {"127.0.0.1@evil", "127.0.0.1:80", "http://127.0.0.1", "a b", "h/p", "[::1]x"}) {
    Outcome o = real.call("webhook", R"({"protocol": "http", "host": ")" + host + R"(", "port": 1})");
    EXPECT_EQ(o.failure, Failure::BadCall) << host;
  }
  Outcome o =
      real.call("webhook", R"({"protocol": "http", "host": "::1", "port": 1, "headers": {"Cookie": "c"}})");
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_EQ(s.count(), 0u);
}

TEST(HttpWebhook, HostNotAllowedAndSecretsMasked) {
  RecordingServer s;
  Real real(config_for());
  Outcome o =
      real.call("webhook", R"({"protocol": "http", "host": "localhost", "port": )" +
                               std::to_string(s.port()) + R"(, "authorization": {"credential": "tick"}})");
  // localhost resolves to 127.0.0.1, which is listed: allowed.
  EXPECT_EQ(o.status, Status::Success) << o.message;
  Real denied(R"({"allow": {"hosts": ["10.9.9.9"]}})");
  o = denied.call("webhook", webhook(s, ""));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("not in allow.hosts"), std::string::npos) << o.message;
  EXPECT_EQ(s.count(), 1u);
  // A peer that echoes the token back: masked in the result.
  s.set_answer("/echo-token", 200, R"({"got": "tok-Secret-1"})");
  o = real.call("webhook", webhook(s, R"("path": "/echo-token", "authorization": {"credential": "tick"})"));
  EXPECT_EQ(to_json(o.result).find("tok-Secret-1"), std::string::npos) << to_json(o.result);
}

TEST(HttpIocs, ObservablesAskedByKind) {
  RecordingServer tip;
  std::string many = "[";
  for (int i = 0; i < 150; ++i) many += (i ? "," : "") + std::to_string(i);
  many += "]";
  tip.set_answer("/api/v1/search/domain", 200, R"({"Zone": "Red", "records": )" + many + "}");
  for (std::string kind : {"url", "ip", "hash"})
    tip.set_answer("/api/v1/search/" + kind, 200, R"({"Zone": "Grey"})");
  Real real(config_for(tip.port()));
  const std::string obs = R"("observables": ["evil.example", "http://evil.example/x?a=1", "10.1.2.3",
      "d41d8cd98f00b204e9800998ecf8427e", {"type": "sha256", "value": "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"},
      {"type": "ip", "value": "::1"}])";
  Outcome o = real.call("iocsEnrichment", "{" + obs + "}");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  auto got = tip.requests();
  ASSERT_EQ(got.size(), 6u);
  const std::pair<std::string, std::string> expected[] = {
      {"domain", "evil.example"},
      {"url", "http://evil.example/x?a=1"},
      {"ip", "10.1.2.3"},
      {"hash", "d41d8cd98f00b204e9800998ecf8427e"},
      {"hash", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"ip", "::1"},
  };
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(got[i].method, "GET");
    EXPECT_EQ(got[i].path, "/api/v1/search/" + expected[i].first);
    EXPECT_EQ(got[i].param("request"), expected[i].second);
    EXPECT_EQ(got[i].param("source"), "OpenTIP");
    EXPECT_EQ(got[i].header("x-api-key"), "tip-Secret-3");
  }
  const Value& first = o.result.find("results")->at(0);
  EXPECT_EQ(first.find("answer")->find("records")->size(), 100u);
  EXPECT_EQ(to_json(*first.find("cut")), R"([{"path":".records","total":150}])");
  EXPECT_EQ(first.find("type")->str(), "domain");

  o = real.call("iocsEnrichment",
                R"({"observables": ["evil.example"], "fullEnrichment": true, "source": "TIP"})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(o.result.find("results")->at(0).find("answer")->find("records")->size(), 150u);
  EXPECT_EQ(tip.requests().back().param("source"), "TIP");
}

TEST(HttpIocs, UnknownFormsRefusedBeforeSending) {
  RecordingServer tip;
  Real real(config_for(tip.port()));
  for (std::string bad :
       {R"(["not an observable"])", R"(["abc"])", R"([{"type": "md5", "value": "evil.example"}])",
        R"([{"type": "email", "value": "a@b.example"}])", R"(["ftp://x.example/"])", R"([42])"}) {
    Outcome o = real.call("iocsEnrichment", R"({"observables": )" + bad + "}");
    EXPECT_EQ(o.failure, Failure::BadCall) << bad;
  }
  EXPECT_EQ(tip.count(), 0u);
  Real none(config_for());
  Outcome o = none.call("iocsEnrichment", R"({"observables": ["evil.example"]})");
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_NE(o.message.find("no \"tip\""), std::string::npos);
}

TEST(HttpIocs, NotFoundAndErrors) {
  RecordingServer tip;
  tip.set_answer("/api/v1/search/ip", 404, "");
  tip.set_answer("/api/v1/search/hash", 500, "boom");
  tip.set_answer("/api/v1/search/domain", 200, "{}");
  Real real(config_for(tip.port()));
  Outcome o = real.call("iocsEnrichment",
                        R"({"observables": ["10.0.0.1", "d41d8cd98f00b204e9800998ecf8427e", "a.example"]})");
  EXPECT_EQ(o.status, Status::Warning) << o.message;
  EXPECT_EQ(o.result.find("notFound")->as_int(), 1);
  EXPECT_EQ(o.result.find("errors")->as_int(), 1);
  o = real.call("iocsEnrichment", R"({"observables": ["d41d8cd98f00b204e9800998ecf8427e"]})");
  EXPECT_EQ(o.status, Status::Error);
}

}  // namespace
}  // namespace riposte::actions
