// The endpoint binding (actions/endpoint/) through the registry, against a
// connector peer in the test binary: a cpp-httplib server that speaks the
// protocol of docs/endpoint-connector.openapi.yaml, records what it
// receives, and answers as each test scripts it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>

#include <atomic>
#include <functional>

#include "actions/config/config.h"
#include "tests/unit/actions/actions_test_util.h"
#include "tests/unit/actions/http_test_util.h"
#include "value/json.h"

namespace riposte::actions {
namespace {

using testing::json;
using testing::Received;
using testing::SilentListener;
using namespace std::chrono_literals;

struct Reply {
  int status = 200;
  std::string body = R"({"status": "done", "result": {"ok": true}})";
};

// The connector: POST /v1/actions/{type} and GET /v1/tasks/{id}, each
// answered by the functions set with on_action / on_task (default: done).
class Connector {
 public:
  using Answer = std::function<Reply(const Received&)>;

  Connector() {
    auto handler = [this](const httplib::Request& rq, httplib::Response& rs) {
      Received r;
      r.method = rq.method;
      r.path = rq.target;  // as sent (rq.path is percent-decoded)
      r.body = rq.body;
      for (const auto& [k, v] : rq.headers) {
        std::string n = k;
        for (char& c : n) c = char(std::tolower(static_cast<unsigned char>(c)));
        r.headers.emplace_back(n, v);
      }
      std::function<Reply(const Received&)> f;
      {
        std::lock_guard lock(mu_);
        received_.push_back(r);
        f = rq.path.starts_with("/v1/tasks/") ? on_task_ : on_action_;
      }
      Reply reply = f(r);
      rs.status = reply.status;
      rs.set_content(reply.body, "application/json");
    };
    server_.Get(".*", handler);
    server_.Post(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 2000 && !server_.is_running(); ++i) std::this_thread::sleep_for(1ms);
  }
  ~Connector() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<Received> requests() const {
    std::lock_guard lock(mu_);
    return received_;
  }
  void on_action(Answer f) {
    std::lock_guard lock(mu_);
    on_action_ = std::move(f);
  }
  void on_task(Answer f) {
    std::lock_guard lock(mu_);
    on_task_ = std::move(f);
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<Received> received_;
  Answer on_action_ = [](const Received&) { return Reply{}; };
  Answer on_task_ = [](const Received&) { return Reply{}; };
};

std::unique_ptr<Registry> real_registry(const std::string& config_json) {
  ::setenv("ENDPOINT_TEST_TOKEN", "ep-Secret-7", 1);
  ::setenv("ENDPOINT_TEST_TOKEN_T7", "ep-Secret-t7", 1);
  auto parsed = config::parse_action_config_json(config_json);
  EXPECT_EQ(parsed.error, "");
  MadeRegistry made = make_registry({.mode = Mode::Real, .config = parsed.config});
  EXPECT_EQ(made.error, "");
  return std::move(made.registry);
}

std::string config_for(const std::string& url, const std::string& extra = "") {
  return R"({"allow": {"hosts": ["127.0.0.1"]}, "endpoint": {"url": ")" + url +
         R"(", "tokenEnv": "ENDPOINT_TEST_TOKEN"})" + extra + "}";
}

Call endpoint_call(const std::string& type, const std::string& params, const std::string& asset = "h1") {
  Call c = testing::make_call(type, params, asset);
  c.idempotency_key = "key-" + asset;
  c.deadline = Clock::now() + 10s;
  return c;
}

TEST(EndpointConnector, PostsTheActionAsTheProtocolSays) {
  Connector peer;
  auto registry = real_registry(config_for(peer.url("/base/")));
  Call c =
      endpoint_call("netIsolateOn", R"({"isolationTimeoutSec": 7200.0, "exclusionsConflictBehavior": "skip",
      "exclusions": [{"remoteIPV4Address": "10.0.0.1", "remotePortRange": "80-90"}]})");
  c.context = {.instance = "i-1",
               .playbook = "pb-1",
               .tenants = {"root", "t7"},
               .object_kind = "alert",
               .object_id = "a-9"};
  Outcome o = registry->call(c);
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"result":{"ok":true},"status":"done"})");
  auto got = peer.requests();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].path, "/base/v1/actions/netIsolateOn");
  EXPECT_EQ(got[0].header("authorization"), "Bearer ep-Secret-7");
  EXPECT_EQ(got[0].header("idempotency-key"), "key-h1");
  EXPECT_EQ(got[0].header("content-type"), "application/json");
  EXPECT_EQ(
      to_json(json(got[0].body)),
      R"({"action":"netIsolateOn","asset":"h1","assetKind":"host","idempotencyKey":"key-h1","instance":"i-1",)"
      R"("object":{"id":"a-9","kind":"alert"},"params":{"exclusions":[{"remoteIPV4Address":"10.0.0.1",)"
      R"("remotePortRange":{"from":80,"to":90}}],"exclusionsConflictBehavior":"skip","isolationTimeoutSec":7200},)"
      R"("playbook":"pb-1","tenant":"t7"})");
}

TEST(EndpointConnector, UsersForKasapAndEveryTypeReachesItsPath) {
  Connector peer;
  auto registry = real_registry(config_for(peer.url()));
  const std::pair<const char*, const char*> calls[] = {
      {"updateBases", "{}"},
      {"avScan", R"({"scope": {"area": "critical"}})"},
      {"moveHostsToAdministrationGroup", R"({"group": "HQ/OrgUnit1"})"},
      {"quarantineFile", R"({"path": "C:\\evil.exe"})"},
      {"killProcess", R"({"pid": 42})"},
      {"changeAuthorizationStatus", R"({"authorized": false})"},
      {"netIsolateOn", "{}"},
      {"netIsolateOff", "{}"},
      {"executeCommand", R"({"path": "/bin/true"})"},
      {"addFilePreventionRules", R"({"md5": ["44d88612fea8a8f36de82e1278abb02f"]})"},
      {"deleteFilePreventionRules", R"({"md5": ["44d88612fea8a8f36de82e1278abb02f"]})"},
      {"resetFilePreventionRules", "{}"},
      {"assignKasapGroup", R"({"groupId": "g1"})"},
  };
  for (const auto& [type, params] : calls) {
    Outcome o = registry->call(endpoint_call(type, params, "u1"));
    EXPECT_EQ(o.status, Status::Success) << type << ": " << o.message;
  }
  auto got = peer.requests();
  ASSERT_EQ(got.size(), std::size(calls));
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].path, std::string("/v1/actions/") + calls[i].first);
    Value body = json(got[i].body);
    EXPECT_EQ(body.find("assetKind")->str(), i + 1 == got.size() ? "user" : "host") << calls[i].first;
    EXPECT_TRUE(body.find("tenant")->is_null());
  }
}

TEST(EndpointConnector, TheNearestTenantsEndpointIsUsed) {
  Connector top, t7;
  auto registry =
      real_registry(config_for(top.url(), R"(, "tenants": {"t7": {"endpoint": {"url": ")" + t7.url() +
                                              R"(", "tokenEnv": "ENDPOINT_TEST_TOKEN_T7"}}})"));
  Call c = endpoint_call("netIsolateOff", "{}");
  c.context.tenants = {"root", "t7", "t7-child"};
  ASSERT_TRUE(registry->call(c).ok());
  c.context.tenants = {"root", "t8"};
  ASSERT_TRUE(registry->call(c).ok());
  c.context.tenants = {};
  ASSERT_TRUE(registry->call(c).ok());
  auto at_t7 = t7.requests();
  auto at_top = top.requests();
  ASSERT_EQ(at_t7.size(), 1u);
  ASSERT_EQ(at_top.size(), 2u);
  EXPECT_EQ(at_t7[0].header("authorization"), "Bearer ep-Secret-t7");
  EXPECT_EQ(json(at_t7[0].body).find("tenant")->str(), "t7-child");
  EXPECT_EQ(json(at_top[0].body).find("tenant")->str(), "t8");
  EXPECT_EQ(at_top[0].header("authorization"), "Bearer ep-Secret-7");
}

TEST(EndpointConnector, NoEndpointConfigured) {
  auto registry = real_registry(R"({"allow": {"hosts": ["127.0.0.1"]}})");
  Outcome o = registry->call(endpoint_call("netIsolateOff", "{}"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, "netIsolateOff: no endpoint-management server in --config (endpoint)");
  // A tenant without one, where the top level has none either.
  Connector peer;
  auto only_t7 =
      real_registry(R"({"allow": {"hosts": ["127.0.0.1"]}, "tenants": {"t7": {"endpoint": {"url": ")" +
                    peer.url() + R"("}}}})");
  Call c = endpoint_call("netIsolateOff", "{}");
  c.context.tenants = {"root", "t8"};
  EXPECT_EQ(only_t7->call(c).message, "netIsolateOff: no endpoint-management server in --config (endpoint)");
  c.context.tenants = {"root", "t7"};
  EXPECT_EQ(only_t7->call(c).status, Status::Success);
  EXPECT_EQ(peer.requests().size(), 1u);
  EXPECT_FALSE(peer.requests()[0].has_header("authorization"));  // no token configured
}

TEST(EndpointConnector, BadParamsAreRefusedBeforeSending) {
  Connector peer;
  auto registry = real_registry(config_for(peer.url()));
  Outcome o = registry->call(endpoint_call("avScan", R"({"scope": {"area": "selective"}})"));
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_EQ(o.message, R"(avScan: params.scope.path: "path" is required when "area" is "selective")");
  o = registry->call(endpoint_call("netIsolateOn", R"({"isolationTimeoutSec": 60})"));
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_TRUE(o.message.starts_with("netIsolateOn: params.isolationTimeoutSec: 60 is out of range"))
      << o.message;
  // Even without an endpoint configured, the parameters are checked first.
  auto none = real_registry("{}");
  EXPECT_EQ(none->call(endpoint_call("killProcess", "{}")).message,
            R"(killProcess: params: one of "pid", "path", "md5", "sha256" is required)");
  EXPECT_EQ(peer.requests().size(), 0u);
}

TEST(EndpointConnector, HostNotAllowedSendsNothing) {
  Connector peer;
  auto parsed = config::parse_action_config_json(
      R"({"allow": {"hosts": ["10.9.9.9"]}, "endpoint": {"url": ")" + peer.url() + R"("}})");
  EXPECT_EQ(parsed.error, "endpoint.url: host \"127.0.0.1\" is not in allow.hosts");
  // Allowed at the top level, but a tenant's override is checked too.
  auto t = config::parse_action_config_json(
      R"({"allow": {"hosts": ["127.0.0.1"]}, "tenants": {"t7": {"allow": {"hosts": []},
      "endpoint": {"url": ")" +
      peer.url() + R"("}}}})");
  EXPECT_NE(t.error, "");
  EXPECT_EQ(peer.requests().size(), 0u);
}

TEST(EndpointConnector, ErrorAnswers) {
  Connector peer;
  auto registry = real_registry(config_for(peer.url()));
  peer.on_action([](const Received&) { return Reply{500, R"({"error": "agent unreachable"})"}; });
  Outcome o = registry->call(endpoint_call("killProcess", R"({"pid": 42})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, "killProcess: the connector answered 500: agent unreachable");
  EXPECT_EQ(to_json(o.result), R"({"body":{"error":"agent unreachable"},"httpStatus":500})");

  peer.on_action([](const Received&) { return Reply{404, "no such host"}; });
  o = registry->call(endpoint_call("killProcess", R"({"pid": 42})"));
  EXPECT_EQ(o.message, "killProcess: the connector answered 404: no such host");

  peer.on_action([](const Received&) {
    return Reply{200, R"({"status": "failed", "error": "process not found"})"};
  });
  o = registry->call(endpoint_call("killProcess", R"({"pid": 42})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, "killProcess: the connector says the action failed: process not found");

  peer.on_action([](const Received&) { return Reply{200, "not json"}; });
  o = registry->call(endpoint_call("killProcess", R"({"pid": 42})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_TRUE(o.message.starts_with(
      "killProcess: the connector answered 200 outside the protocol: the answer is not JSON"))
      << o.message;

  peer.on_action([](const Received&) { return Reply{200, R"({"status": "maybe"})"}; });
  o = registry->call(endpoint_call("killProcess", R"({"pid": 42})"));
  EXPECT_EQ(
      o.message,
      R"(killProcess: the connector answered status "maybe" outside the protocol (done, accepted, failed, duplicate))");

  peer.on_action([](const Received&) { return Reply{409, R"({"error": "conflict"})"}; });
  o = registry->call(endpoint_call("killProcess", R"({"pid": 42})"));
  EXPECT_EQ(o.message, "killProcess: the connector answered 409: conflict");
}

TEST(EndpointConnector, DuplicateWarningAndAccepted) {
  Connector peer;
  auto registry = real_registry(config_for(peer.url()));
  peer.on_action([](const Received&) {
    return Reply{409, R"({"status": "duplicate", "result": {"killed": 42}})"};
  });
  Outcome o = registry->call(endpoint_call("killProcess", R"({"pid": 42})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"duplicate":true,"result":{"killed":42},"status":"duplicate"})");

  peer.on_action([](const Received&) {
    return Reply{200, R"({"status": "done", "warning": "bases 3 days old"})"};
  });
  o = registry->call(endpoint_call("updateBases", "{}"));
  EXPECT_EQ(o.status, Status::Warning);
  EXPECT_EQ(o.message, "updateBases: bases 3 days old");

  // Accepted without wait: the call is done when the connector took it.
  peer.on_action([](const Received&) { return Reply{202, R"({"status": "accepted", "taskId": "t-1"})"}; });
  o = registry->call(endpoint_call("avScan", R"({"wait": false, "scope": {"area": "full"}})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"result":null,"status":"accepted","taskId":"t-1"})");
  EXPECT_EQ(peer.requests().size(), 3u);  // no polling
}

TEST(EndpointConnector, WaitPollsTheTaskUntilDone) {
  Connector peer;
  auto registry = real_registry(config_for(peer.url()));
  std::atomic<int> polls = 0;
  peer.on_action([](const Received&) { return Reply{202, R"({"status": "accepted", "taskId": "t/1"})"}; });
  peer.on_task([&](const Received&) {
    if (++polls < 3) return Reply{200, R"({"status": "running", "pollAfterMs": 20})"};
    return Reply{200, R"({"status": "done", "result": {"infected": 0}})"};
  });
  Outcome o = registry->call(endpoint_call("avScan", R"({"wait": true, "scope": {"area": "full"}})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"polls":3,"result":{"infected":0},"status":"done","taskId":"t/1"})");
  auto got = peer.requests();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[1].method, "GET");
  EXPECT_EQ(got[1].path, "/v1/tasks/t%2F1");
  EXPECT_EQ(got[1].header("authorization"), "Bearer ep-Secret-7");

  // A task that fails.
  polls = 0;
  peer.on_task([](const Received&) {
    return Reply{200, R"({"status": "failed", "error": "scan aborted"})"};
  });
  o = registry->call(endpoint_call("updateBases", R"({"wait": true})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, "updateBases: the connector says the action failed: scan aborted");

  // Accepted without a task to wait for.
  peer.on_action([](const Received&) { return Reply{202, R"({"status": "accepted"})"}; });
  o = registry->call(endpoint_call("updateBases", R"({"wait": true})"));
  EXPECT_EQ(o.message, "updateBases: the connector accepted the action without a taskId: cannot wait for it");
}

TEST(EndpointConnector, WaitEndsAtTheDeadline) {
  Connector peer;
  auto registry = real_registry(config_for(peer.url()));
  peer.on_action([](const Received&) { return Reply{202, R"({"status": "accepted", "taskId": "t-2"})"}; });
  peer.on_task([](const Received&) { return Reply{200, R"({"status": "running", "pollAfterMs": 50})"}; });
  Call c = endpoint_call("updateBases", R"({"wait": true})");
  c.deadline = Clock::now() + 600ms;
  const auto t0 = Clock::now();
  Outcome o = registry->call(c);
  const auto took = Clock::now() - t0;
  EXPECT_EQ(o.failure, Failure::Timeout) << o.message;
  EXPECT_TRUE(o.message.starts_with("updateBases: deadline exceeded while waiting for task t-2"))
      << o.message;
  EXPECT_GE(took, 550ms);
  EXPECT_LT(took, 3s);
  EXPECT_GE(peer.requests().size(), 3u);
}

TEST(EndpointConnector, ConnectionRefused) {
  int port = 0;
  {
    Connector closed;  // a port that was just free, now closed
    port = std::stoi(closed.url().substr(closed.url().rfind(':') + 1));
  }
  auto registry = real_registry(config_for("http://127.0.0.1:" + std::to_string(port)));
  Outcome o = registry->call(endpoint_call("netIsolateOff", "{}"));
  EXPECT_EQ(o.failure, Failure::Action) << o.message;
  EXPECT_TRUE(o.message.starts_with("netIsolateOff: the connector http://127.0.0.1:")) << o.message;
}

TEST(EndpointConnector, SilentConnectorTimesOut) {
  SilentListener silent;
  auto registry = real_registry(config_for(silent.url()));
  Call c = endpoint_call("netIsolateOff", "{}");
  c.deadline = Clock::now() + 500ms;
  const auto t0 = Clock::now();
  Outcome o = registry->call(c);
  EXPECT_EQ(o.failure, Failure::Timeout) << o.message;
  EXPECT_NE(o.message.find("deadline"), std::string::npos) << o.message;
  EXPECT_LT(Clock::now() - t0, 4s);
}

TEST(EndpointConnector, TokenIsMaskedInOutcomes) {
  Connector peer;
  auto registry = real_registry(config_for(peer.url()));
  peer.on_action([](const Received& r) {
    return Reply{500, R"({"error": "bad token )" + r.header("authorization").substr(7) + R"("})"};
  });
  Outcome o = registry->call(endpoint_call("netIsolateOff", "{}"));
  EXPECT_EQ(o.message.find("ep-Secret-7"), std::string::npos) << o.message;
  EXPECT_EQ(to_json(o.result).find("ep-Secret-7"), std::string::npos);
}

}  // namespace
}  // namespace riposte::actions
