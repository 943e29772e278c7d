// The service's rules for people, intake and changes, on a real SQLite
// store in a temporary directory (engine/service.h, docs/engine.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/service.h"
#include "store/sqlite/sqlite_store.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

namespace fs = std::filesystem;
using store::ObjectKind;

Value json(std::string_view text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text << ": " << err.message;
  return v;
}

std::string str(const Value& v, std::string_view key) {
  const Value* m = v.find(key);
  return m ? std::string(m->str()) : std::string();
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "riposte-engine-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    store_ = store::sqlite::open((fs::path(dir_) / "t.db").string());
    service_ = std::make_unique<Service>(*store_);
    auto boot = service_->bootstrap();
    ASSERT_TRUE(boot.ok()) << boot.problem().detail;
    root_ = str(boot.value(), "tenant");
    admin_ = login(str(boot.value(), "token"));
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  Caller login(const std::string& token) {
    auto c = service_->authenticate(token);
    EXPECT_TRUE(c.ok()) << "token refused";
    return c.ok() ? c.value() : Caller{};
  }
  std::string tenant(const std::string& name, const std::string& parent) {
    auto t = service_->create_tenant(admin_, json(R"({"name": ")" + name + R"(", "parent": ")" + parent + "\"}"));
    EXPECT_TRUE(t.ok()) << t.problem().detail;
    return t.ok() ? str(t.value().body, "id") : "";
  }
  // A user holding `role` on `tenant`, logged in.
  Caller user(const std::string& role, const std::string& on) {
    auto u = service_->create_user(
        admin_, json(R"({"name": "u", "roles": [{"tenant": ")" + on + R"(", "role": ")" + role + "\"}]}"));
    EXPECT_TRUE(u.ok()) << u.problem().detail;
    auto t = service_->issue_token(admin_, json(R"({"user": ")" + str(u.value().body, "id") + "\"}"));
    EXPECT_TRUE(t.ok()) << t.problem().detail;
    return login(str(t.value().body, "token"));
  }
  Value alert(const std::string& tenant_id, std::string_view extra = "") {
    return json(R"({"TenantID": ")" + tenant_id + R"(", "Severity": "high")" + std::string(extra) + "}");
  }
  size_t count(const Caller& c) {
    auto l = service_->list_objects(c, ObjectKind::Alert, {}, Page{1000, ""});
    EXPECT_TRUE(l.ok());
    return l.ok() ? l.value().items.size() : 0;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Service> service_;
  std::string root_;
  Caller admin_;
};

TEST_F(ServiceTest, BootstrapOnceAndTokens) {
  auto again = service_->bootstrap();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.problem().status, 409);
  EXPECT_EQ(service_->authenticate("rpt_nothing").problem().status, 401);
  EXPECT_EQ(service_->authenticate("").problem().status, 401);

  auto t = service_->issue_token(admin_, json(R"({"user": ")" + admin_.user + "\"}"));
  ASSERT_TRUE(t.ok());
  std::string token = str(t.value().body, "token");
  EXPECT_TRUE(service_->authenticate(token).ok());
  ASSERT_TRUE(service_->revoke_token(admin_, str(t.value().body, "id")).ok());
  EXPECT_EQ(service_->authenticate(token).problem().status, 401);
}

TEST_F(ServiceTest, TenantTreeAndVisibility) {
  std::string a = tenant("A", root_), a1 = tenant("A1", a), b = tenant("B", root_);
  Caller on_a = user("tenantAdministrator", a);
  EXPECT_TRUE(service_->get_tenant(on_a, a1).ok());
  EXPECT_EQ(service_->get_tenant(on_a, b).problem().status, 404);
  EXPECT_EQ(service_->get_tenant(on_a, root_).problem().status, 404);
  EXPECT_EQ(service_->list_tenants(on_a, Page{}).value().items.size(), 2u);
  // A tenant administrator creates children below its tenant, not beside it.
  EXPECT_TRUE(service_->create_tenant(on_a, json(R"({"name": "A2", "parent": ")" + a + "\"}")).ok());
  EXPECT_EQ(service_->create_tenant(on_a, json(R"({"name": "X", "parent": ")" + b + "\"}")).problem().status, 404);
  Caller analyst = user("tier2Analyst", a);
  EXPECT_EQ(service_->create_tenant(analyst, json(R"({"name": "Y", "parent": ")" + a + "\"}")).problem().status, 403);
  // Names: unique among siblings, the display-name rule, no unknown fields.
  EXPECT_EQ(service_->create_tenant(admin_, json(R"({"name": "A", "parent": ")" + root_ + "\"}")).problem().status, 409);
  auto bad = service_->create_tenant(admin_, json(R"({"name": "a<b", "parent": ")" + root_ + "\"}"));
  EXPECT_EQ(bad.problem().status, 422);
  EXPECT_EQ(bad.problem().errors.at(0).path.value_or(""), "name");
  auto unknown = service_->create_tenant(admin_, json(R"({"name": "Z", "parent": ")" + root_ + R"(", "color": 1})"));
  EXPECT_EQ(unknown.problem().status, 400);
  EXPECT_EQ(unknown.problem().errors.at(0).path.value_or(""), "color");
}

TEST_F(ServiceTest, GrantingRoles) {
  std::string a = tenant("A", root_), b = tenant("B", root_);
  Caller on_a = user("tenantAdministrator", a);
  auto made = service_->create_user(on_a, json(R"({"name": "n", "roles": [{"tenant": ")" + a + R"(", "role": "observer"}]})"));
  ASSERT_TRUE(made.ok()) << made.problem().detail;
  EXPECT_EQ(service_
                ->create_user(on_a, json(R"({"name": "n", "roles": [{"tenant": ")" + a +
                                         R"(", "role": "mainAdministrator"}]})"))
                .problem()
                .status,
            403);
  EXPECT_EQ(service_->create_user(on_a, json(R"({"name": "n", "roles": [{"tenant": ")" + b + R"(", "role": "observer"}]})"))
                .problem()
                .status,
            404);
  auto role = service_->create_user(on_a, json(R"({"name": "n", "roles": [{"tenant": ")" + a + R"(", "role": "boss"}]})"));
  EXPECT_EQ(role.problem().status, 422);
  EXPECT_EQ(role.problem().errors.at(0).path.value_or(""), "roles[0].role");
  EXPECT_EQ(service_->create_user(on_a, json(R"({"name": "n", "roles": []})")).problem().status, 422);
  auto not_a_list = service_->set_roles(admin_, str(made.value().body, "id"), json(R"({"tenant": "x"})"));
  EXPECT_EQ(not_a_list.problem().status, 400);
  EXPECT_EQ(not_a_list.problem().errors.at(0).path.value_or("<none>"), "");
  // A user who also works for B is out of A's administrator's hands.
  std::string id = str(made.value().body, "id");
  ASSERT_TRUE(service_->set_roles(admin_, id, json(R"([{"tenant": ")" + a + R"(", "role": "observer"}, {"tenant": ")" +
                                                      b + R"(", "role": "observer"}])"))
                  .ok());
  EXPECT_EQ(service_->issue_token(on_a, json(R"({"user": ")" + id + "\"}")).problem().status, 403);
}

TEST_F(ServiceTest, IntakeRightsAndAssignedFields) {
  std::string a = tenant("A", root_), b = tenant("B", root_);
  Caller writer = user("tier2Analyst", a), reader = user("observer", a);
  auto one = service_->ingest(writer, ObjectKind::Alert, std::vector<Value>{alert(a)}, false, std::nullopt);
  ASSERT_TRUE(one.ok()) << one.problem().detail;
  EXPECT_EQ(one.value().status, 201);
  auto got = service_->get_object(reader, ObjectKind::Alert, str(one.value().body, "id"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(str(got.value(), "Status"), "new");
  EXPECT_EQ(got.value().find("ID")->as_int(), 1);
  EXPECT_EQ(service_->ingest(reader, ObjectKind::Alert, std::vector<Value>{alert(a)}, false, std::nullopt).problem().status, 403);
  EXPECT_EQ(service_->ingest(writer, ObjectKind::Alert, std::vector<Value>{alert(b)}, false, std::nullopt).problem().status, 404);
  EXPECT_EQ(service_->get_object(user("observer", b), ObjectKind::Alert, str(one.value().body, "id")).problem().status, 404);
  EXPECT_EQ(service_->ingest(writer, ObjectKind::Alert, std::vector<Value>{alert(a, R"(, "Severity": "huge")")}, false,
                             std::nullopt)
                .problem()
                .status,
            422);
}

TEST_F(ServiceTest, BatchIsAllOrNothing) {
  std::vector<Value> batch = {alert(root_), alert(root_), alert(root_, R"(, "Assets": {})"), alert(root_)};
  auto out = service_->ingest(admin_, ObjectKind::Alert, batch, true, std::nullopt);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.problem().status, 400);
  EXPECT_EQ(out.problem().detail.rfind("line 3: Assets:", 0), 0u) << out.problem().detail;
  EXPECT_EQ(out.problem().errors.at(0).span.line, 3u);
  EXPECT_EQ(count(admin_), 0u);
  batch[2] = alert(root_);
  auto ok = service_->ingest(admin_, ObjectKind::Alert, batch, true, std::nullopt);
  ASSERT_TRUE(ok.ok()) << ok.problem().detail;
  EXPECT_EQ(ok.value().status, 200);
  EXPECT_EQ(ok.value().body.find("accepted")->as_int(), 4);
  EXPECT_EQ(count(admin_), 4u);
  // An InternalID stored before refuses the whole batch.
  std::string dup = std::string(ok.value().body.find("ids")->at(0).str());
  auto again = service_->ingest(admin_, ObjectKind::Alert,
                                std::vector<Value>{alert(root_), alert(root_, R"(, "InternalID": ")" + dup + "\"")}, true,
                                std::nullopt);
  EXPECT_EQ(again.problem().status, 409);
  EXPECT_EQ(count(admin_), 4u);
}

// Texts as they come (the HTTP API's path): the fast path stores the
// source's text with the assigned members in front; anything unusual takes
// the Value path; problems name the body's lines, blank ones counted.
TEST_F(ServiceTest, IntakeOfTexts) {
  auto texts = [](std::vector<std::string> t) { return t; };
  auto ingest = [&](const std::vector<std::string>& t, bool batch = true) {
    std::vector<std::string_view> views(t.begin(), t.end());
    return service_->ingest(admin_, ObjectKind::Alert, std::span<const std::string_view>(views), batch, std::nullopt);
  };
  std::string tenant = R"("TenantID": ")" + root_ + "\"";
  std::string uuid = "0b6f3f6e-2f7a-4c1e-9a55-6b1d6c0c9e01";
  auto out = ingest(texts({"  {" + tenant + R"(, "Severity": "low", "Extra": {"a": [1, 2.50, "\u00e9"]}} )", "",
                           "{" + tenant + R"(, "InternalID": null, "Status": "closed", "ID": 7})",
                           "{" + tenant + R"(, "InternalID": ")" + uuid + R"(", "CreatedAt": "2026-01-01T00:00:00Z"})",
                           "{" + tenant + R"(, "Severity": "low", "Severity": "high"})", "\r"}));
  ASSERT_TRUE(out.ok()) << out.problem().detail;
  EXPECT_EQ(out.value().body.find("accepted")->as_int(), 4);
  const Value& ids = *out.value().body.find("ids");
  auto get = [&](size_t i) { return service_->get_object(admin_, ObjectKind::Alert, ids.at(i).str()).value(); };
  Value first = get(0);
  EXPECT_EQ(to_json(*first.find("Extra")), R"({"a":[1,2.5,"é"]})");
  EXPECT_EQ(str(first, "Status"), "new");
  EXPECT_EQ(first.find("ID")->as_int(), 1);
  EXPECT_EQ(str(first, "CreatedAt"), str(first, "UpdatedAt"));
  Value second = get(1);  // a null InternalID: the Value path assigns one
  EXPECT_EQ(second.find("InternalID")->str(), ids.at(1).str());
  EXPECT_EQ(str(second, "Status"), "closed");
  EXPECT_EQ(second.find("ID")->as_int(), 7);
  Value third = get(2);
  EXPECT_EQ(ids.at(2).str(), uuid);
  EXPECT_EQ(str(third, "CreatedAt"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(third.find("ID")->as_int(), 8);
  EXPECT_EQ(str(get(3), "Severity"), "high");  // a repeated member: the last, as parse_json reads it
  // Malformed: the line and the column; blank lines count.
  auto bad = ingest(texts({"{" + tenant + "}", "", R"({"TenantID": tru})"}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problem().status, 400);
  EXPECT_EQ(bad.problem().title, "Malformed JSON");
  EXPECT_EQ(bad.problem().detail.rfind("JSON Lines body, line 3: malformed JSON at column ", 0), 0u) << bad.problem().detail;
  EXPECT_EQ(bad.problem().errors.at(0).span.line, 3u);
  // A rule broken: the body's line, blank lines counted.
  auto refused = ingest(texts({"{" + tenant + "}", "", "{" + tenant + R"(, "Assets": {}})"}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().detail.rfind("line 3: Assets:", 0), 0u) << refused.problem().detail;
  // Not UTF-8 simdjson takes but JSON parse_json reads: stored all the same.
  ASSERT_TRUE(ingest(texts({"{" + tenant + ", \"Name\": \"\\ud800\"}"}), false).ok());
  auto single = ingest(texts({"{\n" + tenant + ",\n\"x\": }"}), false);
  ASSERT_FALSE(single.ok());
  EXPECT_EQ(single.problem().detail.rfind("malformed JSON at line 3, column ", 0), 0u) << single.problem().detail;
  EXPECT_EQ(count(admin_), 5u);
  // Every object's tenant is checked, an empty TenantID too.
  auto unknown = ingest(texts({"{" + tenant + "}", R"({"TenantID": ""})"}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.problem().status, 404);
  EXPECT_EQ(unknown.problem().detail.rfind("line 2: ", 0), 0u) << unknown.problem().detail;
  EXPECT_EQ(ingest(texts({R"({"TenantID": ""})"}), false).problem().status, 404);
  EXPECT_EQ(count(admin_), 5u);
}

TEST_F(ServiceTest, IdempotencyKey) {
  Idempotency key{"k1", "POST /api/v1/alerts", "hash-a"};
  auto first = service_->ingest(admin_, ObjectKind::Alert, std::vector<Value>{alert(root_)}, false, key);
  ASSERT_TRUE(first.ok());
  auto second = service_->ingest(admin_, ObjectKind::Alert, std::vector<Value>{alert(root_)}, false, key);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second.value().replayed);
  EXPECT_EQ(to_json(second.value().body), to_json(first.value().body));
  EXPECT_EQ(count(admin_), 1u);
  key.request_hash = "hash-b";
  EXPECT_EQ(service_->ingest(admin_, ObjectKind::Alert, std::vector<Value>{alert(root_)}, false, key).problem().status, 409);
  EXPECT_EQ(count(admin_), 1u);
}

TEST_F(ServiceTest, ListFiltersAndPaging) {
  std::vector<Value> batch;
  for (int i = 0; i < 7; ++i) batch.push_back(alert(root_, i % 2 ? R"(, "Severity": "low")" : ""));
  ASSERT_TRUE(service_->ingest(admin_, ObjectKind::Alert, batch, true, std::nullopt).ok());
  ObjectQuery low;
  low.severity = "low";
  EXPECT_EQ(service_->list_objects(admin_, ObjectKind::Alert, low, Page{100, ""}).value().items.size(), 3u);
  std::vector<int64_t> seen;
  Page page{3, ""};
  for (int pages = 0; pages < 5; ++pages) {
    auto l = service_->list_objects(admin_, ObjectKind::Alert, {}, page);
    ASSERT_TRUE(l.ok());
    for (const Value& v : l.value().items) seen.push_back(v.find("ID")->as_int());
    if (l.value().next.empty()) break;
    page.cursor = l.value().next;
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(service_->list_objects(admin_, ObjectKind::Alert, {}, Page{3, "bogus"}).problem().status, 400);
}

TEST_F(ServiceTest, PatchStoresTheChangeEvent) {
  auto in = service_->ingest(admin_, ObjectKind::Alert, std::vector<Value>{alert(root_)}, false, std::nullopt);
  std::string id = str(in.value().body, "id");
  auto p = service_->patch_object(admin_, ObjectKind::Alert, id, json(R"({"Status": "closed", "manual": true})"));
  ASSERT_TRUE(p.ok()) << p.problem().detail;
  EXPECT_EQ(str(service_->get_object(admin_, ObjectKind::Alert, id).value(), "Status"), "closed");
  EXPECT_EQ(service_->patch_object(admin_, ObjectKind::Alert, id, json(R"({"comment": "x"})")).problem().status, 409);
  auto changes = service_->object_changes(admin_, ObjectKind::Alert, id, Page{});
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes.value().items.size(), 1u);
  EXPECT_EQ(to_json(*changes.value().items[0].find("event")),
            R"({"manual":true,"updateOperations":["alertChangedToClosed"]})");
  Caller observer = user("observer", root_);
  EXPECT_EQ(service_->patch_object(observer, ObjectKind::Alert, id, json(R"({"Status": "new"})")).problem().status, 403);
}

}  // namespace
}  // namespace riposte::engine
