// engine/find.cpp: "Find" over stored objects matches what the trigger set
// decides on each object; the check endpoints.
#include <gtest/gtest.h>

#include <fmt/format.h>


#include "engine_fixture.h"
#include "triggers/trigger_set.h"

namespace riposte::engine::testing {
namespace {

class FindTest : public EngineTest {
 protected:
  // n alerts spread over root, A, A1, B; every third has R350, every fifth is high.
  void store_alerts(int n, size_t pad = 0) {
    store_->write([&](store::Tx& tx) {
      const std::string tenants[] = {root, a, a1, b};
      for (int i = 0; i < n; ++i) {
        store::ObjectRow o;
        o.kind = store::ObjectKind::Alert;
        o.internal_id = fmt::format("00000000-0000-4000-9000-{:012}", i);
        o.short_id = i + 1;
        o.tenant = tenants[i % 4];
        o.status = "new";
        o.severity = i % 5 == 0 ? "high" : "low";
        o.created_at = o.updated_at = "2026-01-01T00:00:00.000Z";
        o.json = fmt::format(
            R"({{"ID": {}, "InternalID": "{}", "TenantID": "{}", "Severity": "{}", "Status": "new", "Extra": "{}",)"
            R"( "OriginalEvents": [{{"ExternalID": "R{}"}}, {{"ExternalID": "R1"}}]}})",
            i + 1, o.internal_id, o.tenant, o.severity, std::string(pad, 'x'), i % 3 == 0 ? 350 : 100 + i);
        tx.insert_object(o);
        jsons_.push_back(o.json);
        tenant_of_.push_back(o.tenant);
      }
      return true;
    });
  }
  Value find_body(std::string_view trigger) {
    Value v = J(R"({"scope": "alert"})");
    v.set("trigger", Value::string(trigger));
    return v;
  }
  std::vector<std::string> jsons_, tenant_of_;
};

TEST_F(FindTest, MatchesWhatTheTriggerSetDecides) {
  store_alerts(200);
  const char* triggers[] = {
      R"([.OriginalEvents[] | .ExternalID == "R350"] | any)",
      R"(.Severity == "high")",
      "true",
      "false",
      R"(.ID > 150 and .Severity == "low")",
  };
  for (const char* t : triggers) {
    SCOPED_TRACE(t);
    triggers::TriggerSet set({triggers::TriggerSpec{"t", t, triggers::Scope::Alert}});
    for (const auto& [who, readable] : std::vector<std::pair<Caller, std::vector<std::string>>>{
             {admin, {root, a, a1, b}}, {caller("o", a, "observer"), {a, a1}}, {caller("o", b, "tier1Analyst"), {b}}}) {
      std::vector<Value> expected;
      for (size_t i = 0; i < jsons_.size(); ++i) {
        if (std::find(readable.begin(), readable.end(), tenant_of_[i]) == readable.end()) continue;
        Value v = J(jsons_[i]);
        if (set.evaluate(0, v, Value::null()).verdict == triggers::Verdict::Match) expected.push_back(v);
      }
      // All at once, and by pages of 7.
      auto all = service_->find(who, find_body(t), Page{1000, ""});
      ASSERT_TRUE(all.ok()) << all.problem().detail;
      EXPECT_EQ(all.value().items, expected);
      std::vector<Value> paged;
      std::string cursor;
      for (int guard = 0; guard < 100; ++guard) {
        auto page = service_->find(who, find_body(t), Page{7, cursor});
        ASSERT_TRUE(page.ok());
        EXPECT_LE(page.value().items.size(), 7u);
        for (Value& v : page.value().items) paged.push_back(v);
        cursor = page.value().next;
        if (cursor.empty()) break;
      }
      EXPECT_EQ(paged, expected);
    }
  }
  EXPECT_GT(service_->stats().triggers_evaluated.load(), 0u);
  EXPECT_GT(service_->stats().trigger_matches.load(), 0u);
}

TEST_F(FindTest, RuntimeErrorsAreCountedNotMatched) {
  store_alerts(10);
  auto r = service_->find(admin, find_body(R"(.Severity | test(1))"), Page{});
  // A type error at run time on every alert: no match, errors counted.
  if (r.ok()) {
    EXPECT_TRUE(r.value().items.empty());
    EXPECT_EQ(service_->stats().trigger_errors.load(), 10u);
  } else {
    EXPECT_EQ(r.problem().status, 422);
  }
}

TEST_F(FindTest, InvalidTriggersAndBodies) {
  auto syntax = service_->find(admin, find_body(".Severity =="), Page{});
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.problem().status, 422);
  ASSERT_FALSE(syntax.problem().errors.empty());
  EXPECT_EQ(syntax.problem().errors[0].path, "trigger");
  EXPECT_GT(syntax.problem().errors[0].span.column, 0u);
  auto many = service_->find(admin, find_body(R"(.OriginalEvents[] | .ExternalID == "R1")"), Page{});
  EXPECT_EQ(many.problem().status, 422);
  EXPECT_EQ(service_->find(admin, J(R"({"scope": "event", "trigger": "true"})"), Page{}).problem().status, 422);
  EXPECT_EQ(service_->find(admin, J(R"({"trigger": "true"})"), Page{}).problem().status, 400);
  EXPECT_EQ(service_->find(admin, find_body("true"), Page{5, "zz"}).problem().status, 400);
  auto none = service_->find(Caller{"nobody", {}}, find_body("true"), Page{});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.value().items.empty());
}

TEST_F(FindTest, CheckTrigger) {
  auto ok = service_->check_trigger(admin, find_body(R"(.Severity == "high")"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok.value().find("ok"), Value::boolean(true));
  EXPECT_EQ(ok.value().find("diagnostics")->size(), 0u);
  auto warn = service_->check_trigger(admin, find_body(R"(.Serverity == "high")"));
  ASSERT_TRUE(warn.ok());
  EXPECT_EQ(*warn.value().find("ok"), Value::boolean(true));
  ASSERT_EQ(warn.value().find("diagnostics")->size(), 1u);
  const Value& d = warn.value().find("diagnostics")->at(0);
  EXPECT_EQ(str(d, "severity"), "warning");
  EXPECT_EQ(str(d, "path"), "trigger");
  EXPECT_NE(str(d, "message").find("Severity"), std::string::npos);
  for (const char* k : {"code", "message", "line", "column"}) EXPECT_NE(d.find(k), nullptr) << k;
  auto bad = service_->check_trigger(admin, find_body(".a =="));
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(*bad.value().find("ok"), Value::boolean(false));
  EXPECT_EQ(service_->check_trigger(Caller{"nobody", {}}, find_body("true")).problem().status, 403);
  EXPECT_EQ(service_->check_trigger(admin, J(R"({"scope": "alert"})")).problem().status, 400);
}

TEST_F(FindTest, CheckAlgorithm) {
  Value body = J("{}");
  body.set("algorithm", J(kAlgorithm));
  auto ok = service_->check_algorithm(admin, body);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok.value().find("ok"), Value::boolean(true));
  body.set("algorithm", Value::string("{\n  \"version\": \"1\"\n}"));
  auto bad = service_->check_algorithm(admin, body);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(*bad.value().find("ok"), Value::boolean(false));
  ASSERT_GT(bad.value().find("diagnostics")->size(), 0u);
  EXPECT_EQ(str(bad.value().find("diagnostics")->at(0), "path").rfind("algorithm", 0), 0u);
  EXPECT_EQ(service_->check_algorithm(admin, J(R"({"algorithm": 1})")).problem().status, 400);
  EXPECT_EQ(service_->check_algorithm(Caller{"nobody", {}}, body).problem().status, 403);
}

// A scan longer than the engine's read batches (1,000 objects): every match
// found once, in arrival order, whether read in one page or many.  (How
// fast: bench/serve_intake.py; never a timed test.)
TEST_F(FindTest, ScansAcrossReadBatches) {
  store_alerts(2'600, 100);
  auto all = service_->find(admin, find_body(R"([.OriginalEvents[] | .ExternalID == "R350"] | any)"), Page{1000, ""});
  ASSERT_TRUE(all.ok());
  // Alert i carries R350 when i % 3 == 0, and alert 250 ("R" + (100 + i)).
  std::vector<int64_t> expected;
  for (int i = 0; i < 2'600; ++i)
    if (i % 3 == 0 || i == 250) expected.push_back(i + 1);
  EXPECT_EQ(all.value().items.size(), expected.size());
  EXPECT_TRUE(all.value().next.empty());
  std::vector<int64_t> ids;
  Page page{100, ""};
  for (int pages = 0; pages < 20; ++pages) {
    auto r = service_->find(admin, find_body(R"([.OriginalEvents[] | .ExternalID == "R350"] | any)"), page);
    ASSERT_TRUE(r.ok());
    for (const Value& v : r.value().items) ids.push_back(v.find("ID")->as_int());
    if (r.value().next.empty()) break;
    page.cursor = r.value().next;
  }
  EXPECT_EQ(ids, expected);
}

}  // namespace
}  // namespace riposte::engine::testing
