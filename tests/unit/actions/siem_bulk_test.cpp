// The _bulk sink against a cpp-httplib server that records what arrives:
// the NDJSON lines, the headers (content type, Idempotency-Key, basic
// authentication), errors: true, a peer that never answers, hosts not allowed.
#include <gtest/gtest.h>

#include <cstdlib>

#include "actions/siem/siem_internal.h"
#include "tests/unit/actions/http_test_util.h"
#include "tests/unit/actions/siem_test_util.h"
#include "value/json.h"

namespace riposte::actions::testing {
namespace {

std::string index_config(const std::string& url, bool auth = false) {
  std::string c = R"({"allow": {"hosts": ["127.0.0.1"]}, "index": {"url": ")" + url + "\"";
  if (auth) c += R"(, "usernameEnv": "SIEM_TEST_USER", "passwordEnv": "SIEM_TEST_PASSWORD")";
  return c + "}}";
}

constexpr const char* kBulkOk = R"({"took": 1, "errors": false, "items": []})";

std::vector<std::string> split_lines(const std::string& body) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = body.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(body.substr(start, nl - start));
  EXPECT_EQ(start, body.size()) << "the body ends with a newline";
  return lines;
}

Call bulk_call(std::string type, std::string_view params) {
  Call c = make_call(std::move(type), params);
  c.idempotency_key = "inst-1:s2";
  c.deadline = Clock::now() + std::chrono::seconds(10);
  return c;
}

TEST(SiemBulk, AppendSendsIndexLinesWithIdsFromTheIdempotencyKey) {
  RecordingServer server;
  server.set_answer("/os/_bulk", 200, kBulkOk);
  ::setenv("SIEM_TEST_USER", "elastic", 1);
  ::setenv("SIEM_TEST_PASSWORD", "s3cr3t-pw", 1);
  SiemBinding b = siem_binding("indexEvents", index_config(server.url("/os/"), true));
  Outcome o = b.call(bulk_call("indexEvents", R"({"index": "events", "results": [{"a": 1}, {"b": "x"}]})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(to_json(o.result), R"({"documents":2,"index":"events","sink":"bulk"})");
  ASSERT_EQ(server.count(), 1u);
  Received r = server.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/os/_bulk");
  EXPECT_EQ(r.header("content-type"), "application/x-ndjson");
  EXPECT_EQ(r.header("idempotency-key"), "inst-1:s2");
  EXPECT_EQ(r.header("authorization"), "Basic ZWxhc3RpYzpzM2NyM3QtcHc=");  // elastic:s3cr3t-pw
  EXPECT_EQ(split_lines(r.body), (std::vector<std::string>{
                                     R"({"index":{"_id":"inst-1:s2-0","_index":"events"}})",
                                     R"({"a":1})",
                                     R"({"index":{"_id":"inst-1:s2-1","_index":"events"}})",
                                     R"({"b":"x"})",
                                 }));
  EXPECT_EQ(o.message.find("s3cr3t"), std::string::npos);
}

TEST(SiemBulk, UpdateUsesTheKeyFieldAsTheId) {
  RecordingServer server;
  server.set_answer("/_bulk", 200, kBulkOk);
  SiemBinding b = siem_binding("indexEvents", index_config(server.base()));
  Outcome o = b.call(bulk_call("indexEvents", R"({"index": "assets", "update": true, "key": "host",
      "results": [{"host": "h1", "n": 1}, {"host": 7}, {"other": true}]})"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  ASSERT_EQ(server.count(), 1u);
  EXPECT_FALSE(server.requests()[0].has_header("authorization"));
  EXPECT_EQ(split_lines(server.requests()[0].body), (std::vector<std::string>{
                                                        R"({"index":{"_id":"h1","_index":"assets"}})",
                                                        R"({"host":"h1","n":1})",
                                                        R"({"index":{"_id":"7","_index":"assets"}})",
                                                        R"({"host":7})",
                                                        R"({"index":{"_index":"assets"}})",
                                                        R"({"other":true})",
                                                    }));
}

TEST(SiemBulk, MitreAndRiskGoToTheirIndexes) {
  RecordingServer server;
  server.set_answer("/_bulk", 200, kBulkOk);
  SiemBinding mitre = siem_binding("mitreTechnique", index_config(server.base()));
  SiemBinding risk = siem_binding("mitreRiskScore", index_config(server.base()));
  ASSERT_EQ(
      mitre.call(bulk_call("mitreTechnique", R"({"techniques": ["T1059"], "results": [{"host": "h"}]})"))
          .status,
      Status::Success);
  ASSERT_EQ(risk.call(bulk_call("mitreRiskScore", R"({"category": "system", "score": 10, "fidelity": 0.5,
      "results": [{"host": "h"}]})"))
                .status,
            Status::Success);
  ASSERT_EQ(server.count(), 2u);
  std::vector<std::string> m = split_lines(server.requests()[0].body);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(json(m[0]).find("index")->find("_index")->str(), "mitre");
  EXPECT_EQ(to_json(*json(m[1]).find("techniques")), R"(["T1059"])");
  std::vector<std::string> r = split_lines(server.requests()[1].body);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(json(r[0]).find("index")->find("_index")->str(), "risk");
  EXPECT_EQ(to_json(*json(r[1]).find("weightedScore")), "5");
  EXPECT_EQ(to_json(*json(r[1]).find("object")), R"({"host":"h"})");
}

TEST(SiemBulk, ErrorsTrueNamesTheFirstFailedItem) {
  RecordingServer server;
  server.set_answer("/_bulk", 200, R"({"took": 3, "errors": true, "items": [
      {"index": {"_index": "events", "_id": "k-0", "status": 201}},
      {"index": {"_index": "events", "_id": "k-1", "status": 400,
                 "error": {"type": "mapper_parsing_exception", "reason": "failed to parse field [a]"}}},
      {"index": {"_index": "events", "_id": "k-2", "status": 429, "error": {"type": "es_rejected", "reason": "x"}}}]})");
  SiemBinding b = siem_binding("indexEvents", index_config(server.base()));
  Outcome o =
      b.call(bulk_call("indexEvents", R"({"index": "events", "results": [{"a": 1}, {"a": "x"}, {"a": 2}]})"));
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message,
            "indexEvents: _bulk into events: item 1 (index _id k-1) failed with status 400: "
            "mapper_parsing_exception: failed to parse field [a]");
}

TEST(SiemBulk, AnHttpErrorStatusIsAnActionError) {
  RecordingServer server;
  server.set_answer("/_bulk", 401, R"({"error": "unauthorized"})");
  SiemBinding b = siem_binding("indexEvents", index_config(server.base()));
  Outcome o = b.call(bulk_call("indexEvents", R"({"index": "events", "results": [{"a": 1}]})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("answered HTTP 401"), std::string::npos) << o.message;
}

TEST(SiemBulk, AnAnswerThatIsNotJsonIsAnError) {
  RecordingServer server;  // answers "ok" as text
  SiemBinding b = siem_binding("indexEvents", index_config(server.base()));
  Outcome o = b.call(bulk_call("indexEvents", R"({"index": "events", "results": [{"a": 1}]})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, "indexEvents: _bulk into events: the answer is not a JSON object");
}

TEST(SiemBulk, BulkFailureTable) {
  EXPECT_EQ(siem::bulk_failure(R"({"errors": false, "items": []})"), "");
  EXPECT_EQ(siem::bulk_failure("not json"), "the answer is not a JSON object");
  EXPECT_EQ(siem::bulk_failure(R"({"errors": true, "items": []})"), "errors: true, no failed item named");
  EXPECT_EQ(
      siem::bulk_failure(R"({"errors": true, "items": [{"update": {"status": 409, "error": "conflict"}}]})"),
      "item 0 (update) failed with status 409: conflict");
}

TEST(SiemBulk, APeerThatNeverAnswersIsATimeoutAtTheDeadline) {
  SilentListener silent;
  SiemBinding b = siem_binding("indexEvents", index_config(silent.url("")));
  Call c = bulk_call("indexEvents", R"({"index": "events", "results": [{"a": 1}]})");
  auto start = Clock::now();
  c.deadline = start + std::chrono::milliseconds(400);
  Outcome o = b.call(c);
  auto took = Clock::now() - start;
  EXPECT_EQ(o.failure, Failure::Timeout) << o.message;
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(SiemBulk, CancelStopsTheCall) {
  SilentListener silent;
  SiemBinding b = siem_binding("indexEvents", index_config(silent.url("")));
  Call c = bulk_call("indexEvents", R"({"index": "events", "results": [{"a": 1}]})");
  CancelSource source;
  c.cancel = source.token();
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    source.cancel();
  });
  auto start = Clock::now();
  Outcome o = b.call(c);
  canceller.join();
  EXPECT_EQ(o.failure, Failure::Cancelled) << o.message;
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
}

// The --config file refuses an index URL whose host is not allowed; the
// client checks again when it connects (here: an empty allow-list).
TEST(SiemBulk, AHostNotAllowedIsRefusedAndNothingIsSent) {
  RecordingServer server;
  config::HttpPeerConfig peer;
  peer.url = server.base();
  peer.host = "127.0.0.1";
  auto sink = siem::make_bulk_sink(peer, {});
  siem::Batch batch;
  batch.index = "events";
  batch.documents = {json(R"({"a": 1})")};
  Outcome o = sink->write(bulk_call("indexEvents", "{}"), batch);
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("indexEvents: _bulk: "), std::string::npos) << o.message;
  EXPECT_EQ(server.count(), 0u);
}

}  // namespace
}  // namespace riposte::actions::testing
