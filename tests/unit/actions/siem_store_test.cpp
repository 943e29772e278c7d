// The SIEM index writers into the embedded store (through a recording
// EnginePort): parameters checked first, document shapes, update and key,
// the idempotency key passed, incident_id, no engine.
#include <gtest/gtest.h>

#include "actions/siem/siem_internal.h"
#include "tests/unit/actions/siem_test_util.h"
#include "value/json.h"

namespace riposte::actions::testing {
namespace {

Call siem_call(std::string type, std::string_view params) {
  Call c = make_call(std::move(type), params);
  c.idempotency_key = "inst-1:step-3";
  c.context = {.instance = "inst-1",
               .playbook = "pb-9",
               .tenants = {"root"},
               .object_kind = "alert",
               .object_id = "a-1"};
  return c;
}

std::vector<Value> docs_of(const RecordingPort::IndexCall& c) {
  Value v = json(c.documents);
  return std::vector<Value>(v.items().begin(), v.items().end());
}

struct BadParams {
  std::string type, params, message;
};

TEST(SiemStore, BadParametersAreRefusedBeforeAnythingIsWritten) {
  const BadParams cases[] = {
      {"indexEvents", "{}", "indexEvents: params.index: is required"},
      {"indexEvents", R"({"index": "Bad"})", "indexEvents: params.index: the index name must be lower case"},
      {"indexEvents", R"({"index": "_x"})",
       "indexEvents: params.index: the index name may not start with '_'"},
      {"indexEvents", R"({"index": "e", "update": true})",
       "indexEvents: params.key: is required when update is true (the field naming a document)"},
      {"indexEvents", R"({"index": "e", "update": "yes"})",
       "indexEvents: params.update: must be a boolean, got string"},
      {"mitreTechnique", R"({"techniques": []})",
       "mitreTechnique: params.techniques: needs at least one technique"},
      {"mitreTechnique", R"({"techniques": ["T1059", "TA0002"]})",
       "mitreTechnique: params.techniques[1]: \"TA0002\" is a tactic, not a technique (T#### or T####.###)"},
      {"mitreTechnique", R"({"techniques": ["T1059", 5]})",
       "mitreTechnique: params.techniques[1]: must be a string, got number"},
      {"mitreTechnique", R"({"techniques": ["T1059"], "severity": "critical"})",
       "mitreTechnique: params.severity: \"critical\" is not one of low, medium, high"},
      {"mitreTechnique", R"({"techniques": ["T1059"], "additionalFields": [1]})",
       "mitreTechnique: params.additionalFields: must be an object, got array"},
      {"riskScore", "{}", "riskScore: params.score: is required"},
      {"riskScore", R"({"score": "5"})", "riskScore: params.score: must be a number, got string"},
      {"riskScore", R"({"score": 5, "index": "a b"})",
       "riskScore: params.index: the index name may not contain ' '"},
      {"mitreRiskScore", R"({"score": 5})", "mitreRiskScore: params.category: is required"},
      {"mitreRiskScore", R"({"score": 5, "category": "host"})",
       "mitreRiskScore: params.category: \"host\" is not one of system, user, both"},
      {"mitreRiskScore", R"({"score": 5, "category": "user", "fidelity": 1.5})",
       "mitreRiskScore: params.fidelity: must be from 0 to 1, got 1.5"},
      {"mitreRiskScore", R"({"score": 5, "category": "user", "fidelity": -0.1})",
       "mitreRiskScore: params.fidelity: must be from 0 to 1, got -0.1"},
  };
  for (const BadParams& c : cases) {
    RecordingPort port;
    SiemBinding b = siem_binding(c.type, "{}", &port);
    Outcome o = b.call(siem_call(c.type, c.params));
    EXPECT_EQ(o.failure, Failure::BadCall) << c.params;
    EXPECT_EQ(o.message, c.message) << c.params;
    EXPECT_TRUE(port.calls().empty()) << c.params;
  }
}

TEST(SiemStore, IndexEventsWritesEachResultWithTheKeyAndUpdate) {
  RecordingPort port;
  SiemBinding b = siem_binding("indexEvents", "{}", &port);
  Outcome o = b.call(siem_call(
      "indexEvents",
      R"({"index": "events", "update": true, "key": "id", "results": [{"id": 1, "a": "x"}, {"id": 2}, 7]})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  ASSERT_EQ(port.calls().size(), 1u);
  const auto calls = port.calls();
  const auto& c = calls[0];
  EXPECT_EQ(c.index, "events");
  EXPECT_EQ(c.key, "inst-1:step-3");
  EXPECT_TRUE(c.update);
  EXPECT_EQ(c.field, "id");
  EXPECT_EQ(c.ctx.instance, "inst-1");
  EXPECT_EQ(c.documents, R"([{"a":"x","id":1},{"id":2},{"result":7}])");
  EXPECT_EQ(to_json(o.result), R"({"appended":1,"documents":3,"index":"events","sink":"store","updated":0})");
}

TEST(SiemStore, RunOnceWritesTheFirstResultOnly) {
  RecordingPort port;
  SiemBinding b = siem_binding("indexEvents", "{}", &port);
  Outcome o = b.call(
      siem_call("indexEvents", R"({"index": "events", "runOnce": true, "results": [{"n": 1}, {"n": 2}]})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(port.calls().at(0).documents, R"([{"n":1}])");
}

TEST(SiemStore, NoResultsWritesNothing) {
  RecordingPort port;
  SiemBinding b = siem_binding("indexEvents", "{}", &port);
  Outcome o = b.call(siem_call("indexEvents", R"({"index": "events", "results": []})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"documents":0,"index":"events"})");
  EXPECT_TRUE(port.calls().empty());
}

TEST(SiemStore, MitreDocumentsCarryTheTagsAndTheIncident) {
  RecordingPort port;
  port.incident = "inc-42";
  SiemBinding b = siem_binding("mitreTechnique", "{}", &port);
  Outcome o = b.call(siem_call("mitreTechnique", R"({"name": "n", "rule": "r", "layer": "l",
      "techniques": ["T1059.001", "T1003"], "severity": "high", "additionalFields": {"team": "blue", "name": "lost"},
      "results": [{"host": "h1", "severity": "low"}, {"host": "h2"}]})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  ASSERT_EQ(port.calls().size(), 1u);
  EXPECT_EQ(port.calls()[0].index, "mitre");
  std::vector<Value> docs = docs_of(port.calls()[0]);
  ASSERT_EQ(docs.size(), 2u);
  Value d = docs[0];
  ASSERT_NE(d.find("timestamp"), nullptr);
  d.erase("timestamp");
  EXPECT_EQ(
      to_json(d),
      R"({"host":"h1","incident_id":"inc-42","instance_id":"inst-1","layer":"l","name":"n",)"
      R"("playbook":"pb-9","rule":"r","severity":"high","team":"blue","techniques":["T1059.001","T1003"]})");
  EXPECT_EQ(to_json(*docs[1].find("host")), R"("h2")");
}

TEST(SiemStore, MitreWithoutResultsOrIncidentWritesTheTagsAlone) {
  RecordingPort port;
  SiemBinding b = siem_binding("mitreTechnique", "{}", &port);
  Outcome o = b.call(siem_call("mitreTechnique", R"({"techniques": ["T1059"], "runOnce": true})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  std::vector<Value> docs = docs_of(port.calls().at(0));
  ASSERT_EQ(docs.size(), 1u);
  docs[0].erase("timestamp");
  EXPECT_EQ(to_json(docs[0]), R"({"instance_id":"inst-1","playbook":"pb-9","techniques":["T1059"]})");
}

TEST(SiemStore, RiskScoreDocuments) {
  RecordingPort port;
  SiemBinding b = siem_binding("riskScore", "{}", &port);
  Outcome o = b.call(siem_call("riskScore", R"({"score": 30, "index": "risk-hosts", "scoringType": "host",
      "resultFields": {"reason": "brute force"}, "results": [{"host": {"name": "h1"}, "user": "bob"}]})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(port.calls().at(0).index, "risk-hosts");
  std::vector<Value> docs = docs_of(port.calls()[0]);
  ASSERT_EQ(docs.size(), 1u);
  docs[0].erase("timestamp");
  EXPECT_EQ(to_json(docs[0]),
            R"({"fidelity":1,"host":{"name":"h1"},"instance_id":"inst-1",)"
            R"("object":{"host":"h1","user":"bob"},"playbook":"pb-9","reason":"brute force",)"
            R"("score":30,"scoringType":"host","user":"bob","weightedScore":30})");
}

TEST(SiemStore, MitreRiskScoreWeightsByFidelityAndPicksTheCategory) {
  RecordingPort port;
  SiemBinding b = siem_binding("mitreRiskScore", "{}", &port);
  Outcome o =
      b.call(siem_call("mitreRiskScore", R"({"name": "rs", "category": "user", "score": 40, "fidelity": 0.25,
      "additionalFields": {"k": "v"}, "runOnce": true, "results": [{"hostname": "h1", "username": "bob"}, {"user": "x"}]})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(port.calls().at(0).index, "risk");
  std::vector<Value> docs = docs_of(port.calls()[0]);
  ASSERT_EQ(docs.size(), 1u);
  docs[0].erase("timestamp");
  EXPECT_EQ(to_json(docs[0]),
            R"({"category":"user","fidelity":0.25,"hostname":"h1","instance_id":"inst-1","k":"v",)"
            R"("name":"rs","object":{"user":"bob"},"playbook":"pb-9","score":40,"username":"bob",)"
            R"("weightedScore":10})");
}

TEST(SiemStore, RiskObjectByCategory) {
  Value r = json(R"({"host": "h", "user": {"name": "u"}})");
  EXPECT_EQ(to_json(siem::risk_object(&r, "system")), R"({"host":"h"})");
  EXPECT_EQ(to_json(siem::risk_object(&r, "user")), R"({"user":"u"})");
  EXPECT_EQ(to_json(siem::risk_object(&r, "both")), R"({"host":"h","user":"u"})");
  Value none = json("[1]");
  EXPECT_EQ(to_json(siem::risk_object(&none, "both")), "{}");
}

TEST(SiemStore, WithoutAnEngineOrAnIndexSectionTheCallSaysWhatIsMissing) {
  SiemBinding b = siem_binding("indexEvents", "{}", nullptr);
  Outcome o = b.call(siem_call("indexEvents", R"({"index": "events", "results": [{"a": 1}]})"));
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Unbound);
  EXPECT_NE(o.message.find("needs a document store"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("--db FILE"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("`index` section in --config"), std::string::npos) << o.message;
}

TEST(SiemStore, TheStoresRefusalIsAnActionError) {
  RecordingPort port;
  port.refuse = "the call comes from no tenant";
  SiemBinding b = siem_binding("riskScore", "{}", &port);
  Outcome o = b.call(siem_call("riskScore", R"({"score": 1})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, "riskScore: the store refused: the call comes from no tenant");
}

TEST(SiemStore, ACancelledCallWritesNothing) {
  RecordingPort port;
  SiemBinding b = siem_binding("riskScore", "{}", &port);
  Call c = siem_call("riskScore", R"({"score": 1})");
  CancelSource source;
  source.cancel();
  c.cancel = source.token();
  Outcome o = b.call(c);
  EXPECT_EQ(o.failure, Failure::Cancelled);
  EXPECT_TRUE(port.calls().empty());
}

}  // namespace
}  // namespace riposte::actions::testing
