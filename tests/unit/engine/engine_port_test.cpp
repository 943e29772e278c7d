// engine/engine_port.h against a real SQLite store in a temporary folder:
// incidents made once per key, edits with the rules of PATCH and their
// change events, launches and the recursion limit, the named indexes.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/engine_port.h"
#include "engine/service.h"
#include "store/sqlite/sqlite_store.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

Value J(std::string_view text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text;
  return v;
}

std::string str(const Value& v, std::string_view key) {
  const Value* m = v.find(key);
  return m && m->is_string() ? std::string(m->str()) : std::string();
}

constexpr std::string_view kAlgorithm =
    R"({"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
        "executionFlow": [{"responseAction": {"function": {"type": "blockLDAPAccount",
          "assets": "${[alert.Assets[] | .ID]}"}}}]})";

class EnginePortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("riposte_port_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::filesystem::remove(dir_ / "s.db");
    store_ = store::sqlite::open((dir_ / "s.db").string());
    service_ = std::make_unique<Service>(*store_);
    auto b = service_->bootstrap();
    ASSERT_TRUE(b.ok());
    root_ = str(b.value(), "tenant");
    admin_ = service_->administrator().value();
    auto made = service_->ingest(admin_, store::ObjectKind::Alert,
                                 std::vector<Value>{J(R"({"TenantID": ")" + root_ + R"(", "Severity": "low"})")},
                                 false, std::nullopt);
    ASSERT_TRUE(made.ok()) << made.problem().detail;
    alert_ = str(made.value().body, "id");
    ctx_.instance = "inst-0";
    ctx_.playbook = "pb-0";
    ctx_.tenants = {root_};
    ctx_.object_kind = "alert";
    ctx_.object_id = alert_;
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  actions::EnginePort& port() { return service_->engine_port(); }

  std::string playbook(std::string_view name, std::string_view mode, std::string_view trigger) {
    Value b = J(R"({"scope": "alert"})");
    b.set("tenant", Value::string(root_));
    b.set("name", Value::string(name));
    b.set("mode", Value::string(mode));
    if (!trigger.empty()) b.set("trigger", Value::string(trigger));
    b.set("algorithm", J(kAlgorithm));
    auto r = service_->create_playbook(admin_, b);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problem().detail);
    return r.ok() ? str(r.value().body, "id") : "";
  }

  size_t count(store::ObjectKind kind) {
    auto l = service_->list_objects(admin_, kind, ObjectQuery{}, Page{1000, ""});
    return l.ok() ? l.value().items.size() : 0;
  }
  std::vector<store::InstanceRow> instances(const std::string& pb) {
    std::vector<store::InstanceRow> out;
    store_->read([&](store::Tx& tx) {
      store::InstanceFilter f;
      f.tenants = {root_};
      f.playbook = pb;
      f.limit = 100;
      out = tx.instances(f);
    });
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Service> service_;
  std::string root_, alert_;
  Caller admin_;
  actions::CallContext ctx_;
};

TEST_F(EnginePortTest, AnIncidentIsCreatedOncePerKey) {
  size_t before = count(store::ObjectKind::Incident);
  std::string incident = R"({"Name": "Brute force", "Severity": "high", "AdditionalData": {"k": 1}})";
  actions::PortReply r1 = port().create_incident(ctx_, "call-1", incident);
  ASSERT_TRUE(r1.ok) << r1.error;
  actions::PortReply r2 = port().create_incident(ctx_, "call-1", incident);  // a retry
  ASSERT_TRUE(r2.ok) << r2.error;
  EXPECT_EQ(r1.result_json, r2.result_json);
  EXPECT_EQ(count(store::ObjectKind::Incident), before + 1);
  std::string id = str(J(r1.result_json), "id");
  EXPECT_EQ(port().incident_created_by(ctx_), id);
  Value stored = service_->get_object(admin_, store::ObjectKind::Incident, id).value();
  EXPECT_EQ(str(stored, "TenantID"), root_);
  EXPECT_EQ(str(stored, "Status"), "open");
  ASSERT_TRUE(stored.find("Alerts") && stored.find("Alerts")->size() == 1);  // the instance's alert
  EXPECT_EQ(str(stored.find("Alerts")->at(0), "InternalID"), alert_);
  // Another key: another incident.
  ASSERT_TRUE(port().create_incident(ctx_, "call-2", incident).ok);
  EXPECT_EQ(count(store::ObjectKind::Incident), before + 2);
  // The intake's rules hold.
  actions::PortReply bad = port().create_incident(ctx_, "call-3", R"({"Name": "x", "Severity": "urgent"})");
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.error.find("Severity"), std::string::npos) << bad.error;
}

TEST_F(EnginePortTest, EditsRaiseChangeEventsAndClosedObjectsAreRefused) {
  std::string pb = playbook("on progress", "auto", R"(.Status == "inProgress")");
  actions::PortReply r = port().edit_object(ctx_, "e1", "alert", "", R"({"Status": "inProgress", "comment": "mine"})");
  ASSERT_TRUE(r.ok) << r.error;
  auto changes = service_->object_changes(admin_, store::ObjectKind::Alert, alert_, Page{}).value();
  ASSERT_EQ(changes.items.size(), 1u);
  EXPECT_EQ(str(changes.items[0], "user"), "playbook:pb-0/instance:inst-0");
  EXPECT_EQ(to_json(*changes.items[0].find("event")),
            R"({"manual":false,"updateOperations":["alertChangedToInProgress","alertCommentAdded"]})");
  EXPECT_EQ(instances(pb).size(), 1u);  // the change matched the trigger and launched
  // A retried call replays: no second comment.
  ASSERT_TRUE(port().edit_object(ctx_, "e1", "alert", "", R"({"Status": "inProgress", "comment": "mine"})").ok);
  EXPECT_EQ(service_->object_changes(admin_, store::ObjectKind::Alert, alert_, Page{}).value().items.size(), 1u);
  // Assignees by user id get the user's name; unknown users are refused.
  r = port().edit_object(ctx_, "e2", "alert", alert_, R"({"Assignee": [{"ID": ")" + admin_.user + R"("}]})");
  ASSERT_TRUE(r.ok) << r.error;
  Value after = service_->get_object(admin_, store::ObjectKind::Alert, alert_).value();
  EXPECT_EQ(str(after.find("Assignee")->at(0), "Name"), "admin");
  r = port().edit_object(ctx_, "e3", "alert", "", R"({"Assignee": [{"ID": "nobody"}]})");
  EXPECT_EQ(r.error, R"(no such user "nobody" to assign)");
  // Closed: only a reopening goes through.
  ASSERT_TRUE(port().edit_object(ctx_, "e4", "alert", "", R"({"Status": "closed"})").ok);
  r = port().edit_object(ctx_, "e5", "alert", "", R"({"ExternalReference": "X-1"})");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.substr(0, 4), "409:") << r.error;
  // The instance's object is an alert: an incident edit needs an id.
  r = port().edit_object(ctx_, "e6", "incident", "", R"({"Status": "hold"})");
  EXPECT_EQ(r.error, R"(this instance runs for an alert, not an incident: name the incident with "id")");
  // Objects outside the call's tenant are not found.
  actions::CallContext nowhere = ctx_;
  nowhere.tenants = {};
  EXPECT_FALSE(port().edit_object(nowhere, "e7", "alert", "", R"({"Status": "new"})").ok);
}

TEST_F(EnginePortTest, LaunchesAPlaybookAndStopsRecursion) {
  std::string pb = playbook("by hand", "manual", "");
  actions::PortReply r = port().launch_playbook(ctx_, "l1", pb, R"({"user": "bob"})");
  ASSERT_TRUE(r.ok) << r.error;
  Value answer = J(r.result_json);
  std::string first = str(answer, "instance");
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(port().launch_playbook(ctx_, "l1", pb, "{}").result_json, r.result_json);  // replayed
  auto rows = instances(pb);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].input, R"({"user": "bob"})");
  EXPECT_EQ(rows[0].launched_by, "playbook:pb-0/instance:inst-0");
  EXPECT_EQ(rows[0].object, alert_);
  // The launched instance launches the same playbook again, and so on.
  actions::CallContext ctx = ctx_;
  ctx.playbook = pb;
  ctx.instance = first;
  for (int depth = 2; depth <= kMaxPlaybookRecursion; ++depth) {
    actions::PortReply next = port().launch_playbook(ctx, "deeper" + std::to_string(depth), pb, "null");
    ASSERT_TRUE(next.ok) << depth << ": " << next.error;
    ctx.instance = str(J(next.result_json), "instance");
  }
  actions::PortReply refused = port().launch_playbook(ctx, "deepest", pb, "null");
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.error, R"(playbook "by hand" runs 3 times already in this chain of runPlaybook launches (at most 3))");
  EXPECT_EQ(port().launch_playbook(ctx_, "l9", "no-such", "null").error, R"(no such playbook "no-such")");
}

TEST_F(EnginePortTest, IndexDocumentsUpdateOrAppend) {
  auto docs = [&](std::string key = "") {
    std::vector<store::IndexDocumentRow> out;
    store_->read([&](store::Tx& tx) {
      store::IndexDocumentFilter f;
      f.index = "risk";
      f.tenants = {root_};
      f.key = key;
      out = tx.index_documents(f);
    });
    return out;
  };
  actions::PortReply r = port().index_documents(ctx_, "i1", "risk", R"([{"host": "h1", "score": 1}])", true, "host");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.result_json, R"({"appended":1,"index":"risk","updated":0,"written":1})");
  r = port().index_documents(ctx_, "i2", "risk", R"([{"host": "h1", "score": 2}, {"host": "h2"}])", true, "host");
  EXPECT_EQ(r.result_json, R"({"appended":1,"index":"risk","updated":1,"written":2})");
  ASSERT_EQ(docs().size(), 2u);
  EXPECT_EQ(docs("h1")[0].doc, R"({"host":"h1","score":2})");
  // Append: a new document each call, but once per call key.
  ASSERT_TRUE(port().index_documents(ctx_, "i3", "risk", R"([{"host": "h1", "score": 3}])", false, "host").ok);
  ASSERT_TRUE(port().index_documents(ctx_, "i3", "risk", R"([{"host": "h1", "score": 3}])", false, "host").ok);
  EXPECT_EQ(docs("h1").size(), 2u);
  EXPECT_EQ(docs().size(), 3u);
  EXPECT_EQ(port().index_documents(ctx_, "i4", "risk", R"([1])", false, "").error, "document 0 is not a JSON object");
}

}  // namespace
}  // namespace riposte::engine
