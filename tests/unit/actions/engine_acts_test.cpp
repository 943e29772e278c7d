// actions/engine_acts/: the parameters of createIncident, runPlaybook and
// the alert and incident edits as the engine's port receives them (a fake
// port records each call), and the error without an engine.
#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "actions/engine_port.h"
#include "actions_test_util.h"

namespace riposte::actions::testing {
namespace {

struct Recorded {
  std::string method, key, what, json;  // what: kind+id, playbook, index
};

class FakePort : public EnginePort {
 public:
  PortReply create_incident(const CallContext&, std::string_view key, const std::string& incident_json) override {
    std::lock_guard<std::mutex> lock(mu);
    calls.push_back({"create", std::string(key), "", incident_json});
    if (fail_next) return PortReply{false, "null", "409: no"};
    return PortReply{true, R"({"id": "inc-)" + std::to_string(calls.size()) + R"(", "ID": 7})", {}};
  }
  PortReply edit_object(const CallContext&, std::string_view key, std::string_view kind, std::string_view id,
                        const std::string& patch_json) override {
    std::lock_guard<std::mutex> lock(mu);
    calls.push_back({"edit", std::string(key), std::string(kind) + "/" + std::string(id), patch_json});
    return PortReply{true, R"({"id": "x"})", {}};
  }
  PortReply launch_playbook(const CallContext&, std::string_view key, std::string_view playbook,
                            const std::string& input_json) override {
    std::lock_guard<std::mutex> lock(mu);
    calls.push_back({"launch", std::string(key), std::string(playbook), input_json});
    return PortReply{true, R"({"launched": true, "instance": "i-)" + std::to_string(calls.size()) + R"("})", {}};
  }
  PortReply index_documents(const CallContext&, std::string_view, std::string_view, const std::string&, bool,
                            std::string_view) override {
    return PortReply{false, "null", "not here"};
  }
  std::optional<std::string> incident_created_by(const CallContext&) override { return std::nullopt; }

  std::mutex mu;
  std::vector<Recorded> calls;
  bool fail_next = false;
};

class EngineActs : public ::testing::Test {
 protected:
  Outcome call(const std::string& type, std::string_view params) {
    MadeRegistry made = make_registry({.mode = Mode::Real, .engine = &port});
    EXPECT_EQ(made.error, "");
    Call c = make_call(type, params);
    c.context.instance = "inst-1";
    c.context.playbook = "pb-1";
    c.context.tenants = {"root"};
    c.context.object_kind = "alert";
    c.context.object_id = "alert-1";
    return made.registry->call(c);
  }
  FakePort port;
};

TEST_F(EngineActs, WithoutAnEngineEveryOneSaysWhereItWorks) {
  MadeRegistry made = make_registry({.mode = Mode::Real});
  for (std::string type : {"createIncident", "runPlaybook", "assignAlert", "setAlertStatus", "setAlertExternalRef",
                           "assignIncident", "setIncidentStatus"}) {
    Outcome o = made.registry->call(make_call(type, "{}"));
    EXPECT_EQ(o.status, Status::Error) << type;
    EXPECT_TRUE(o.system()) << type;
    EXPECT_EQ(o.message, type + " needs the engine's store: run inside `riposte serve`/`process`, or "
                                "`riposte run --db FILE`");
  }
}

TEST_F(EngineActs, CreateIncidentWithoutResultsMakesOne) {
  Outcome o = call("createIncident", R"({"title": "Brute force", "severity": "High", "workflow": "SOC",
      "description": "**bold** _text_", "drilldown": {"type": "search", "text": "user=bob", "from": "-1h"},
      "indexSuffix": "bf", "additionalFields": {"k": "v"}, "inventory": {"host": "h1"},
      "localParameters": {"p": 1}})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  ASSERT_EQ(port.calls.size(), 1u);
  EXPECT_EQ(port.calls[0].key, "key");
  Value inc = json(port.calls[0].json);
  EXPECT_EQ(to_json(inc),
            R"({"AdditionalData":{"additionalFields":{"k":"v"},"createdBy":{"instance":"inst-1","playbook":"pb-1"},)"
            R"("drilldown":{"from":"-1h","text":"user=bob","type":"search"},"indexSuffix":"bf","inventory":)"
            R"({"host":"h1"},"localParameters":{"p":1}},"CreationType":"auto","Description":"**bold** _text_",)"
            R"("Name":"Brute force","Severity":"high","WorkflowName":"SOC"})");
  EXPECT_EQ(to_json(o.result), R"({"ID":7,"id":"inc-1","ids":["inc-1"]})");
}

TEST_F(EngineActs, CreateIncidentOnePerResultOrOnceForAll) {
  Outcome o = call("createIncident", R"({"title": "t", "fields": {"user": "none", "fixed": 1},
      "results": [{"user": "bob"}, {"user": "eve"}]})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  ASSERT_EQ(port.calls.size(), 2u);
  EXPECT_EQ(port.calls[0].key, "key#0");
  EXPECT_EQ(port.calls[1].key, "key#1");
  Value second = json(port.calls[1].json);
  EXPECT_EQ(to_json(*second.find("AdditionalData")->find("fields")), R"({"fixed":1,"user":"eve"})");
  EXPECT_EQ(to_json(*second.find("AdditionalData")->find("result")), R"({"user":"eve"})");
  EXPECT_EQ(to_json(*o.result.find("ids")), R"(["inc-1","inc-2"])");

  port.calls.clear();
  o = call("createIncident", R"({"title": "t", "runOnce": true, "results": [{"a": 1}, {"a": 2}]})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  ASSERT_EQ(port.calls.size(), 1u);
  EXPECT_EQ(port.calls[0].key, "key");
  EXPECT_EQ(to_json(*json(port.calls[0].json).find("AdditionalData")->find("results")), R"([{"a":1},{"a":2}])");

  port.calls.clear();
  o = call("createIncident", R"({"title": "t", "results": []})");
  EXPECT_EQ(o.status, Status::Success);
  EXPECT_TRUE(port.calls.empty());
}

TEST_F(EngineActs, CreateIncidentRefusesBadValues) {
  struct Case {
    const char* params;
    const char* message;
  } cases[] = {
      {R"({"severity": "high"})", R"(createIncident: "title" is required)"},
      {R"({"title": "t", "severity": "urgent"})",
       R"(createIncident: "severity" must be one of critical, high, medium, low (any case), got "urgent")"},
      {R"({"title": "t", "drilldown": {"type": "graph", "text": "x"}})",
       R"(createIncident: drilldown: "type" must be one of search, link, got "graph")"},
      {R"({"title": 3})", R"(createIncident: "title" must be a non-empty string, got number)"},
  };
  for (const Case& c : cases) {
    Outcome o = call("createIncident", c.params);
    EXPECT_EQ(o.status, Status::Error) << c.params;
    EXPECT_EQ(o.message, c.message);
  }
  EXPECT_TRUE(port.calls.empty());
  port.fail_next = true;
  Outcome o = call("createIncident", R"({"title": "t"})");
  EXPECT_EQ(o.message, "createIncident: 409: no");
  EXPECT_EQ(o.failure, Failure::Action);
}

TEST_F(EngineActs, RunPlaybookLaunchesPerResultOrTheFirstOnly) {
  Outcome o = call("runPlaybook", R"({"playbook": "pb-2", "results": [{"a": 1}, {"a": 2}]})");
  ASSERT_EQ(o.status, Status::Success) << o.message;
  ASSERT_EQ(port.calls.size(), 2u);
  EXPECT_EQ(port.calls[0].what, "pb-2");
  EXPECT_EQ(port.calls[1].json, R"({"a":2})");
  EXPECT_EQ(to_json(o.result), R"({"instances":["i-1","i-2"],"launched":2,"playbook":"pb-2"})");
  port.calls.clear();
  o = call("runPlaybook", R"({"playbook": "pb-2", "runOnce": true, "results": [{"a": 1}, {"a": 2}]})");
  ASSERT_EQ(port.calls.size(), 1u);
  EXPECT_EQ(port.calls[0].json, R"({"a":1})");
  EXPECT_EQ(port.calls[0].key, "key");
  port.calls.clear();
  o = call("runPlaybook", R"({"playbook": "pb-2"})");
  ASSERT_EQ(port.calls.size(), 1u);
  EXPECT_EQ(port.calls[0].json, "null");
}

TEST_F(EngineActs, EditsBecomePatchBodies) {
  struct Case {
    const char* type;
    const char* params;
    const char* what;
    const char* patch;
  } cases[] = {
      {"assignAlert", R"({"assignee": "u1"})", "alert/", R"({"Assignee":[{"ID":"u1"}]})"},
      {"assignAlert", R"({"assignee": ["u1", "u2"], "comment": "yours"})", "alert/",
       R"({"Assignee":[{"ID":"u1"},{"ID":"u2"}],"comment":"yours"})"},
      {"setAlertStatus", R"({"status": "closed", "resolution": "falsePositive"})", "alert/",
       R"({"Status":"closed","StatusResolution":"falsePositive"})"},
      {"setAlertExternalRef", R"({"externalRef": "JIRA-1", "id": "a-9"})", "alert/a-9",
       R"({"ExternalReference":"JIRA-1"})"},
      {"assignIncident", R"({"assignee": "u3"})", "incident/", R"({"Assignee":{"ID":"u3"}})"},
      {"setIncidentStatus", R"({"status": "hold", "id": "i-1"})", "incident/i-1", R"({"Status":"hold"})"},
  };
  for (const Case& c : cases) {
    port.calls.clear();
    Outcome o = call(c.type, c.params);
    ASSERT_EQ(o.status, Status::Success) << c.type << ": " << o.message;
    ASSERT_EQ(port.calls.size(), 1u);
    EXPECT_EQ(port.calls[0].what, c.what) << c.type;
    EXPECT_EQ(to_json(json(port.calls[0].json)), c.patch) << c.type;
  }
  Outcome o = call("setAlertStatus", R"({"status": "hold"})");
  EXPECT_EQ(o.message, R"(setAlertStatus: "status" must be one of new, inProgress, closed, got "hold")");
  o = call("assignAlert", R"({"assignee": []})");
  EXPECT_EQ(o.message,
            R"(assignAlert: "assignee" must be a user id or a non-empty array of user ids, got array)");
}

}  // namespace
}  // namespace riposte::actions::testing
