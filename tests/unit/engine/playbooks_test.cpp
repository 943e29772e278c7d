// engine/playbooks.cpp: the playbook rules of engine.md and api.md through
// the Service, over a real SQLite store.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/playbook_rules.h"
#include "engine_fixture.h"

namespace riposte::engine::testing {
namespace {

std::vector<std::string> paths(const Problem& p) {
  std::vector<std::string> out;
  for (const auto& d : p.errors) out.push_back(d.path.value_or("<none>"));
  return out;
}

bool has_path(const Problem& p, std::string_view path) {
  for (const auto& d : p.errors)
    if (d.path && *d.path == path) return true;
  return false;
}

using PlaybookTest = EngineTest;

TEST_F(PlaybookTest, CreateAnswersTheResource) {
  auto r = service_->create_playbook(admin, body(a, "Block users"));
  ASSERT_TRUE(r.ok()) << r.problem().detail;
  EXPECT_EQ(r.value().status, 201);
  const Value& p = r.value().body;
  for (const char* k : {"id", "tenant", "name", "tags", "description", "scope", "mode", "launchingRule", "trigger",
                        "algorithm", "inheritance", "predefined", "deleted", "launches", "availability",
                        "createdAt", "createdBy", "updatedAt", "updatedBy"})
    EXPECT_NE(p.find(k), nullptr) << k;
  EXPECT_EQ(p.size(), 20u);
  EXPECT_EQ(to_json(*p.find("triggerStats")), R"({"errors":0,"evaluated":0,"matched":0})");
  EXPECT_EQ(str(p, "tenant"), a);
  EXPECT_EQ(str(p, "launchingRule"), "queue");
  EXPECT_TRUE(p.find("algorithm")->is_object());
  EXPECT_EQ(*p.find("inheritance"), J(R"({"enabled": true, "excludedTenants": []})"));
  EXPECT_EQ(*p.find("predefined"), Value::boolean(false));
  EXPECT_EQ(str(p, "createdBy"), "u-admin");
  EXPECT_EQ(str(p, "availability"), "available");
  auto g = service_->get_playbook(admin, str(p, "id"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g.value(), p);
  EXPECT_EQ(service_->stats().playbooks_saved.load(), 1u);
}

struct FieldCase {
  const char* what;
  const char* extra;  // members merged over a valid body ("$absent" removes one)
  int status;
  const char* path;  // a path among the errors ("" = any)
};

TEST_F(PlaybookTest, FieldRules) {
  const std::string long_name(256, 'n'), name255(255, 'n'), tag51(51, 't'), tag50(50, 't');
  std::string tags31 = "[", tags30 = "[";
  for (int i = 0; i < 31; ++i) tags31 += (i ? ",\"t" : "\"t") + std::to_string(i) + "\"";
  for (int i = 0; i < 30; ++i) tags30 += (i ? ",\"t" : "\"t") + std::to_string(i) + "\"";
  tags31 += "]", tags30 += "]";
  const std::string n255 = R"({"name": ")" + name255 + "\"}";
  const std::string n256 = R"({"name": ")" + long_name + "\"}";
  const std::string t50 = R"({"tags": [")" + tag50 + "\"]}";
  const std::string t51 = R"({"tags": [")" + tag51 + "\"]}";
  const std::string t30 = R"({"tags": )" + tags30 + "}";
  const std::string t31 = R"({"tags": )" + tags31 + "}";
  const std::string long_description = R"({"description": ")" + std::string(10001, 'd') + "\"}";
  const FieldCase cases[] = {
      {"valid", "{}", 201, ""},
      {"name 255", n255.c_str(), 201, ""},
      {"name 256", n256.c_str(), 422, "name"},
      {"name 255 code points of 2 bytes", R"({"name": "é"})", 201, ""},
      {"empty name", R"({"name": ""})", 422, "name"},
      {"blank name", R"({"name": "   "})", 422, "name"},
      {"name with <", R"({"name": "a<b"})", 422, "name"},
      {"name with >", R"({"name": "a>b"})", 422, "name"},
      {"name with quote", R"({"name": "a\"b"})", 422, "name"},
      {"name not a string", R"({"name": 3})", 400, "name"},
      {"name missing", R"({"name": "$absent"})", 400, "name"},
      {"tenant missing", R"({"tenant": "$absent"})", 400, "tenant"},
      {"30 tags", t30.c_str(), 201, ""},
      {"31 tags", t31.c_str(), 422, "tags"},
      {"tag of 50", t50.c_str(), 201, ""},
      {"tag of 51", t51.c_str(), 422, "tags[0]"},
      {"empty tag", R"({"tags": [""]})", 422, "tags[0]"},
      {"duplicate tag", R"({"tags": ["x", "x"]})", 422, "tags[1]"},
      {"reserved tag", R"({"tags": ["predefined"]})", 422, "tags[0]"},
      {"tag not a string", R"({"tags": [1]})", 400, "tags[0]"},
      {"scope incident", R"({"scope": "incident", "trigger": ".Status == \"open\""})", 201, ""},
      {"scope unknown", R"({"scope": "event"})", 422, "scope"},
      {"mode unknown", R"({"mode": "Auto"})", 422, "mode"},
      {"training", R"({"mode": "training"})", 201, ""},
      {"manual without trigger", R"({"mode": "manual", "trigger": null})", 201, ""},
      {"manual with trigger", R"({"mode": "manual"})", 422, "trigger"},
      {"auto without trigger", R"({"trigger": null})", 422, "trigger"},
      {"training without trigger", R"({"mode": "training", "trigger": "$absent"})", 422, "trigger"},
      {"launchingRule skip", R"({"launchingRule": "skip"})", 201, ""},
      {"launchingRule terminateAndLaunch", R"({"launchingRule": "terminateAndLaunch"})", 201, ""},
      {"launchingRule unknown", R"({"launchingRule": "terminate-and-launch2"})", 422, "launchingRule"},
      {"launchingRule in training", R"({"mode": "training", "launchingRule": "queue"})", 422, "launchingRule"},
      {"launchingRule null in training", R"({"mode": "training", "launchingRule": null})", 201, ""},
      {"trigger syntax error", R"({"trigger": ".Severity =="})", 422, "trigger"},
      {"trigger yields several", R"({"trigger": ".DetectionTechnologies[] == \"IOC\""})", 422, "trigger"},
      {"trigger warning only", R"({"trigger": ".Serverity == \"high\""})", 201, ""},
      {"trigger not a string", R"({"trigger": true})", 400, "trigger"},
      {"algorithm as text", R"({"algorithm": "{\"dslSpecVersion\": \"1.0.0\", \"version\": \"1\", \"responseActionsSpecVersion\": \"1\", \"executionFlow\": [{\"updateData\": \".\"}]}"})", 201, ""},
      {"algorithm unknown key", R"({"algorithm": {"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1", "executionFlow": [{"updateData": "."}], "bogus": 1}})", 422, "algorithm.bogus"},
      {"algorithm bad step", R"({"algorithm": {"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1", "executionFlow": [{"responseAction": {"function": {"type": "noSuchAction"}}}]}})", 422, ""},
      {"algorithm not JSON", R"({"algorithm": "{\"dslSpecVersion\": "})", 422, "algorithm"},
      {"algorithm a number", R"({"algorithm": 3})", 400, "algorithm"},
      {"algorithm missing", R"({"algorithm": "$absent"})", 400, "algorithm"},
      {"inheritance off", R"({"inheritance": {"enabled": false}})", 201, ""},
      {"exclude a descendant", R"({"inheritance": {"enabled": true, "excludedTenants": ["00000000-0000-4000-8000-0000000000a1"]}})", 201, ""},
      {"exclude itself", R"({"inheritance": {"excludedTenants": ["00000000-0000-4000-8000-00000000000a"]}})", 422, "inheritance.excludedTenants[0]"},
      {"exclude a sibling", R"({"inheritance": {"excludedTenants": ["00000000-0000-4000-8000-00000000000b"]}})", 422, "inheritance.excludedTenants[0]"},
      {"exclude unknown", R"({"inheritance": {"excludedTenants": ["nope"]}})", 422, "inheritance.excludedTenants[0]"},
      {"inheritance unknown member", R"({"inheritance": {"on": true}})", 400, "inheritance.on"},
      {"system field id", R"({"id": "x"})", 400, "id"},
      {"system field predefined", R"({"predefined": true})", 400, "predefined"},
      {"system field createdAt", R"({"createdAt": "x"})", 400, "createdAt"},
      {"runningInstances on create", R"({"runningInstances": "keep"})", 400, "runningInstances"},
      {"launchForAllMatching", R"({"launchForAllMatching": true})", 201, ""},
      {"launchForAllMatching manual", R"({"mode": "manual", "trigger": null, "launchForAllMatching": true})", 422, "launchForAllMatching"},
      {"description too long", long_description.c_str(), 422, "description"},
  };
  int n = 0;
  for (const FieldCase& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = service_->create_playbook(admin, body(a, "pb " + std::to_string(n++), c.extra));
    if (c.status == 201) {
      EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problem().detail);
      continue;
    }
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problem().status, c.status) << r.problem().detail;
    if (*c.path) {
      EXPECT_TRUE(has_path(r.problem(), c.path)) << ::testing::PrintToString(paths(r.problem()));
    }
  }
}

TEST_F(PlaybookTest, DiagnosticsHaveLineAndColumnOfTheAuthorsText) {
  std::string alg = "{\n  \"dslSpecVersion\": \"1.0.0\",\n  \"version\": \"1\",\n  \"responseActionsSpecVersion\": \"1\",\n"
                    "  \"executionFlow\": [{\"updateData\": \".\"}],\n  \"bogus\": 1\n}";
  Value bd = body(a, "x", R"({"trigger": ".Severity == "})");
  bd.set("algorithm", Value::string(alg));
  auto r = service_->create_playbook(admin, bd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().status, 422);
  EXPECT_EQ(r.problem().title, "Invalid playbook");
  bool trigger = false, algorithm = false;
  for (const auto& d : r.problem().errors) {
    if (d.path == "trigger") trigger = d.span.line == 1;
    if (d.path == "algorithm.bogus") algorithm = d.span.line == 6 && d.span.column == 3;
  }
  EXPECT_TRUE(trigger);
  EXPECT_TRUE(algorithm) << ::testing::PrintToString(paths(r.problem()));
  // The text is stored as written and returned as an object.
  bd.set("trigger", Value::string(".Severity == \"high\""));
  bd.set("algorithm", Value::string(std::string(kAlgorithm)));
  auto ok = service_->create_playbook(admin, bd);
  ASSERT_TRUE(ok.ok()) << ok.problem().detail;
  EXPECT_EQ(*ok.value().body.find("algorithm"), J(kAlgorithm));
}

TEST_F(PlaybookTest, NamesAreUniquePerTenantAmongLivePlaybooks) {
  std::string id = create(a, "Same");
  auto again = service_->create_playbook(admin, body(a, "Same"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.problem().status, 409);
  EXPECT_TRUE(service_->create_playbook(admin, body(b, "Same")).ok());  // another tenant
  ASSERT_TRUE(service_->delete_playbook(admin, id).ok());
  EXPECT_TRUE(service_->create_playbook(admin, body(a, "Same")).ok());  // the first one is deleted
  std::string other = create(a, "Other");
  auto rename = service_->update_playbook(admin, other, J(R"({"name": "Same"})"));
  ASSERT_FALSE(rename.ok());
  EXPECT_EQ(rename.problem().status, 409);
}

TEST_F(PlaybookTest, EditRules) {
  std::string id = create(a, "E");
  struct Case {
    const char* what;
    const char* body;
    int status;  // 200 or the problem's
    const char* path;
  } cases[] = {
      {"description", R"({"description": "new"})", 200, ""},
      {"scope change", R"({"scope": "incident"})", 422, "scope"},
      {"same scope", R"({"scope": "alert"})", 200, ""},
      {"tenant change", R"({"tenant": "00000000-0000-4000-8000-00000000000b"})", 422, "tenant"},
      {"launchingRule skip", R"({"launchingRule": "skip"})", 200, ""},
      {"to training keeps trigger, drops rule", R"({"mode": "training", "runningInstances": "terminate-awaiting"})", 200, ""},
      {"launchingRule in training", R"({"launchingRule": "queue"})", 422, "launchingRule"},
      {"runningInstances without mode change", R"({"runningInstances": "keep"})", 422, "runningInstances"},
      {"runningInstances unknown", R"({"mode": "auto", "runningInstances": "all"})", 422, "runningInstances"},
      {"to auto", R"({"mode": "auto", "runningInstances": "terminateAll"})", 200, ""},
      {"to manual with trigger", R"({"mode": "manual", "trigger": ".Severity == \"low\""})", 422, "trigger"},
      {"to manual drops the trigger", R"({"mode": "manual"})", 200, ""},
      {"runningInstances with manual", R"({"mode": "manual", "runningInstances": "keep"})", 422, "runningInstances"},
      {"to training needs a trigger", R"({"mode": "training"})", 422, "trigger"},
      {"to training with a trigger", R"({"mode": "training", "trigger": ".Severity == \"low\""})", 200, ""},
      {"bad algorithm", R"({"algorithm": {"version": "1"}})", 422, ""},
      {"unknown field", R"({"launches": 3})", 400, "launches"},
      {"inheritance partial", R"({"inheritance": {"excludedTenants": ["00000000-0000-4000-8000-0000000000a1"]}})", 200, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = service_->update_playbook(admin, id, J(c.body));
    if (c.status == 200) {
      EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problem().detail);
      continue;
    }
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problem().status, c.status) << r.problem().detail;
    if (*c.path) {
      EXPECT_TRUE(has_path(r.problem(), c.path)) << ::testing::PrintToString(paths(r.problem()));
    }
  }
  auto g = service_->get_playbook(admin, id);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(str(g.value(), "mode"), "training");
  EXPECT_EQ(str(g.value(), "trigger"), ".Severity == \"low\"");
  EXPECT_TRUE(g.value().find("launchingRule")->is_null());
  EXPECT_EQ(str(g.value(), "description"), "new");
  EXPECT_EQ(*g.value().find("inheritance"), J(R"({"enabled": true, "excludedTenants": ["00000000-0000-4000-8000-0000000000a1"]})"));
}

// Authorisation by role and position of the caller's tenant.
TEST_F(PlaybookTest, AuthorisationByRoleAndTenant) {
  std::string own = create(a, "Own");                                                       // A, inherited by A1
  std::string noinherit = create(a, "NoInherit", R"({"inheritance": {"enabled": false}})");  // A only
  std::string excl = create(a, "Excl", R"({"inheritance": {"excludedTenants": ["00000000-0000-4000-8000-0000000000a1"]}})");
  struct Case {
    const char* who;
    std::string tenant, role, playbook;
    int read, edit, del, dup;  // 200/201 ok, else the status
  };
  const std::vector<Case> cases = {
      {"admin at root (ancestor)", root, "mainAdministrator", own, 200, 200, 200, 201},
      {"tier2 on the owner", a, "tier2Analyst", own, 200, 200, 200, 201},
      {"tier1 on the owner", a, "tier1Analyst", own, 200, 200, 200, 201},
      {"observer on the owner", a, "observer", own, 200, 403, 403, 403},
      {"junior on the owner", a, "juniorAnalyst", own, 200, 403, 403, 403},
      {"socManager on the owner", a, "socManager", own, 200, 403, 403, 403},
      {"approver on the owner", a, "approver", own, 200, 403, 403, 403},
      {"tier2 on a descendant (inherited)", a1, "tier2Analyst", own, 200, 403, 403, 201},
      {"tier2 on a descendant, inheritance off", a1, "tier2Analyst", noinherit, 404, 404, 404, 404},
      {"tier2 on an excluded descendant", a1, "tier2Analyst", excl, 404, 404, 404, 404},
      {"tier2 on a sibling", b, "tier2Analyst", own, 404, 404, 404, 404},
      {"tier2 on the parent (root)", root, "tier2Analyst", own, 200, 200, 200, 201},
      {"unknown role", a, "wizard", own, 404, 404, 404, 404},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.who);
    Caller who = caller("u-" + std::to_string(n), c.tenant, c.role);
    auto r = service_->get_playbook(who, c.playbook);
    EXPECT_EQ(r.ok() ? 200 : r.problem().status, c.read);
    auto e = service_->update_playbook(who, c.playbook, J(R"({"description": "by )" + std::to_string(n) + "\"}"));
    EXPECT_EQ(e.ok() ? 200 : e.problem().status, c.edit);
    // Duplicate into the caller's own tenant.
    Value dup = J("{}");
    dup.set("tenant", Value::string(c.tenant));
    dup.set("name", Value::string("dup " + std::to_string(n)));
    auto d = service_->duplicate_playbook(who, c.playbook, dup);
    EXPECT_EQ(d.ok() ? 201 : d.problem().status, c.dup) << (d.ok() ? "" : d.problem().detail);
    ++n;
  }
  // Deletes last, on fresh playbooks.
  n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.who);
    std::string victim = c.playbook == own ? create(a, "Victim " + std::to_string(n))
                         : c.playbook == noinherit
                             ? create(a, "Victim " + std::to_string(n), R"({"inheritance": {"enabled": false}})")
                             : create(a, "Victim " + std::to_string(n),
                                      R"({"inheritance": {"excludedTenants": ["00000000-0000-4000-8000-0000000000a1"]}})");
    Caller who = caller("u-" + std::to_string(n), c.tenant, c.role);
    auto r = service_->delete_playbook(who, victim);
    EXPECT_EQ(r.ok() ? 200 : r.problem().status, c.del);
    ++n;
  }
}

TEST_F(PlaybookTest, CreateNeedsTheRightOnTheTargetTenant) {
  auto unknown = service_->create_playbook(admin, body("nope", "x"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.problem().status, 404);
  Caller t2 = caller("u-t2", a, "tier2Analyst");
  auto sibling = service_->create_playbook(t2, body(b, "x"));
  ASSERT_FALSE(sibling.ok());
  EXPECT_EQ(sibling.problem().status, 404);
  auto parent = service_->create_playbook(t2, body(root, "x"));
  ASSERT_FALSE(parent.ok());
  EXPECT_EQ(parent.problem().status, 404);
  EXPECT_TRUE(service_->create_playbook(t2, body(a1, "x")).ok());  // a descendant
  Caller obs = caller("u-obs", a, "observer");
  auto ro = service_->create_playbook(obs, body(a, "y"));
  ASSERT_FALSE(ro.ok());
  EXPECT_EQ(ro.problem().status, 403);
  // Shape errors come first; rule errors after the tenant checks.
  auto shape = service_->create_playbook(obs, body(a, "y", R"({"bogus": 1})"));
  EXPECT_EQ(shape.problem().status, 400);
  auto rules = service_->create_playbook(obs, body(a, "y<"));
  EXPECT_EQ(rules.problem().status, 403);
}

TEST_F(PlaybookTest, AvailabilityFollowsTheLaunchRight) {
  std::string id = create(a, "Av");
  auto junior = service_->get_playbook(caller("j", a1, "juniorAnalyst"), id);
  ASSERT_TRUE(junior.ok());
  EXPECT_EQ(str(junior.value(), "availability"), "available");
  auto obs = service_->get_playbook(caller("o", a, "observer"), id);
  ASSERT_TRUE(obs.ok());
  EXPECT_EQ(str(obs.value(), "availability"), "unavailable");
}

TEST_F(PlaybookTest, DeletedPlaybooks) {
  std::string id = create(a, "Gone");
  auto d = service_->delete_playbook(admin, id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d.value().find("deleted"), Value::boolean(true));
  auto g = service_->get_playbook(admin, id);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g.value().find("deleted"), Value::boolean(true));
  auto e = service_->update_playbook(admin, id, J(R"({"description": "x"})"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.problem().status, 409);
  auto again = service_->delete_playbook(admin, id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.problem().status, 409);
  auto copy = service_->duplicate_playbook(admin, id, J("{}"));
  ASSERT_TRUE(copy.ok()) << copy.problem().detail;
  EXPECT_EQ(*copy.value().body.find("deleted"), Value::boolean(false));
  EXPECT_EQ(str(copy.value().body, "name"), "Gone (copy)");
  auto list = service_->list_playbooks(admin, PlaybookQuery{}, Page{});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.value().items.size(), 1u);
  PlaybookQuery all;
  all.include_deleted = true;
  EXPECT_EQ(service_->list_playbooks(admin, all, Page{}).value().items.size(), 2u);
}

class PredefinedTest : public EngineTest {
 protected:
  PredefinedTest() { with_predefined_ = true; }
  std::string id_of(std::string_view prefix) {
    PlaybookQuery q;
    q.text = std::string(prefix);
    auto l = service_->list_playbooks(admin, q, Page{});
    EXPECT_TRUE(l.ok());
    return l.ok() && l.value().items.size() == 1 ? str(l.value().items[0], "id") : "";
  }
};

TEST_F(PredefinedTest, InstalledInTheRootTenant) {
  PlaybookQuery q;
  q.tags = {"Predefined"};
  auto l = service_->list_playbooks(admin, q, Page{});
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(l.value().items.size(), 3u);
  const char* modes[] = {"training", "manual", "training"};
  const char* scopes[] = {"alert", "incident", "alert"};
  for (size_t i = 0; i < 3; ++i) {
    const Value& p = l.value().items[i];
    EXPECT_EQ(str(p, "tenant"), root);
    EXPECT_EQ(str(p, "name").rfind("[KL] P00" + std::to_string(i + 1), 0), 0u) << str(p, "name");
    EXPECT_EQ(str(p, "mode"), modes[i]);
    EXPECT_EQ(str(p, "scope"), scopes[i]);
    EXPECT_EQ(*p.find("predefined"), Value::boolean(true));
    EXPECT_TRUE(p.find("algorithm")->is_object());
    EXPECT_FALSE(str(p, "trigger").empty());
  }
  // Inherited by every child tenant.
  auto child = service_->list_playbooks(caller("o", a1, "observer"), PlaybookQuery{}, Page{});
  EXPECT_EQ(child.value().items.size(), 3u);
}

TEST_F(PredefinedTest, TheirTriggersAndAlgorithmsPassTheChecks) {
  store_->read([&](store::Tx& tx) {
    for (const store::PlaybookRow& p : tx.playbooks()) {
      auto errors = code_errors(p);
      EXPECT_TRUE(errors.empty()) << p.name << ": " << (errors.empty() ? "" : errors[0].message);
    }
  });
}

TEST_F(PredefinedTest, OnlyModeAndLaunchingRuleChange) {
  std::string p1 = id_of("P001"), p2 = id_of("P002");
  for (const char* change : {R"({"name": "x"})", R"({"tags": []})", R"({"description": "d"})",
                             R"({"trigger": ".Severity == \"high\""})", R"({"algorithm": {"dslSpecVersion": "1.0.0", "version": "2", "responseActionsSpecVersion": "1", "executionFlow": [{"updateData": "."}]}})",
                             R"({"inheritance": {"enabled": false}})"}) {
    SCOPED_TRACE(change);
    auto r = service_->update_playbook(admin, p1, J(change));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problem().status, 422);
    EXPECT_NE(r.problem().detail.find("only mode and launchingRule can change"), std::string::npos);
  }
  auto to_auto = service_->update_playbook(admin, p1, J(R"({"mode": "auto", "launchingRule": "skip"})"));
  ASSERT_TRUE(to_auto.ok()) << to_auto.problem().detail;
  EXPECT_EQ(str(to_auto.value(), "launchingRule"), "skip");
  // The same value of another field is not a change.
  auto same = service_->update_playbook(admin, p1, J(R"({"scope": "alert", "tags": ["Predefined"]})"));
  EXPECT_TRUE(same.ok());
  // P002 (manual) keeps its shipped trigger, so it can go to training.
  auto p2t = service_->update_playbook(admin, p2, J(R"({"mode": "training"})"));
  ASSERT_TRUE(p2t.ok()) << p2t.problem().detail;
  auto p1m = service_->update_playbook(admin, p1, J(R"({"mode": "manual"})"));
  ASSERT_TRUE(p1m.ok());
  EXPECT_FALSE(str(p1m.value(), "trigger").empty());
  auto del = service_->delete_playbook(admin, p1);
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.problem().status, 422);
  // Editing it needs the right on the root tenant that owns it.
  auto child = service_->update_playbook(caller("t2", a, "tier2Analyst"), p1, J(R"({"mode": "training"})"));
  EXPECT_EQ(child.problem().status, 403);
}

TEST_F(PredefinedTest, DuplicateToCustomise) {
  std::string p1 = id_of("P001");
  Value dup = J(R"({"tags": ["Predefined", "kasap"]})");
  auto bad = service_->duplicate_playbook(admin, p1, dup);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problem().status, 422);
  auto r = service_->duplicate_playbook(admin, p1, J(R"({"mode": "auto"})"));
  ASSERT_TRUE(r.ok()) << r.problem().detail;
  const Value& c = r.value().body;
  EXPECT_EQ(*c.find("predefined"), Value::boolean(false));
  EXPECT_EQ(*c.find("tags"), J("[]"));
  EXPECT_EQ(str(c, "name"), "P001 'Creation of executable files by office applications' (copy)");
  EXPECT_EQ(str(c, "launchingRule"), "queue");
  auto again = service_->duplicate_playbook(admin, p1, J("{}"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(str(again.value().body, "name"), "P001 'Creation of executable files by office applications' (copy 2)");
  // The copy is a custom playbook: editable and deletable.
  std::string id = str(c, "id");
  EXPECT_TRUE(service_->update_playbook(admin, id, J(R"({"name": "KASAP for finance"})")).ok());
  EXPECT_TRUE(service_->delete_playbook(admin, id).ok());
  // A child tenant's user duplicates the inherited playbook into its tenant.
  Value into_a = J(R"({"name": "mine"})");
  into_a.set("tenant", Value::string(a));
  EXPECT_TRUE(service_->duplicate_playbook(caller("t1", a, "tier1Analyst"), p1, into_a).ok());
  auto no_tenant = service_->duplicate_playbook(caller("t1", a, "tier1Analyst"), p1, J(R"({"name": "mine2"})"));
  EXPECT_EQ(no_tenant.problem().status, 403);  // the copy would be in the root tenant
}

TEST_F(PlaybookTest, Changelog) {
  std::string id = create(a, "Log");
  ASSERT_TRUE(service_->update_playbook(admin, id, J(R"({"trigger": ".Severity == \"low\"", "name": "Log2"})")).ok());
  ASSERT_TRUE(service_->update_playbook(admin, id, J(R"({"name": "Log2"})")).ok());  // no change: no entry
  auto dup = service_->duplicate_playbook(caller("u-t2", a, "tier2Analyst"), id, J(R"({"name": "Log3"})"));
  ASSERT_TRUE(dup.ok());
  ASSERT_TRUE(service_->delete_playbook(admin, id).ok());
  auto log = service_->playbook_changelog(admin, id, Page{});
  ASSERT_TRUE(log.ok());
  const auto& items = log.value().items;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(str(*items[0].find("change"), "action"), "created");
  EXPECT_EQ(str(items[0], "user"), "u-admin");
  const Value& edit = *items[1].find("change");
  EXPECT_EQ(str(edit, "action"), "edited");
  EXPECT_EQ(*edit.find("fields"), J(R"([{"field": "name", "before": "Log", "after": "Log2"},
      {"field": "trigger", "before": ".Severity == \"high\"", "after": ".Severity == \"low\""}])"));
  EXPECT_EQ(str(edit, "diff"), "--- trigger\n+++ trigger\n@@ -1,1 +1,1 @@\n-.Severity == \"high\"\n+.Severity == \"low\"\n");
  const Value& del = *items[2].find("change");
  EXPECT_EQ(str(del, "action"), "deleted");
  EXPECT_EQ(*del.find("fields"), J(R"([{"field": "deleted", "before": false, "after": true}])"));
  auto dlog = service_->playbook_changelog(admin, str(dup.value().body, "id"), Page{});
  ASSERT_TRUE(dlog.ok());
  ASSERT_EQ(dlog.value().items.size(), 1u);
  const Value& d = *dlog.value().items[0].find("change");
  EXPECT_EQ(str(d, "action"), "duplicated");
  EXPECT_EQ(str(d, "message"), "duplicated from " + id);
  EXPECT_EQ(str(dlog.value().items[0], "user"), "u-t2");
  // Paging, oldest first.
  auto p1 = service_->playbook_changelog(admin, id, Page{2, ""});
  ASSERT_EQ(p1.value().items.size(), 2u);
  ASSERT_FALSE(p1.value().next.empty());
  auto p2 = service_->playbook_changelog(admin, id, Page{2, p1.value().next});
  ASSERT_EQ(p2.value().items.size(), 1u);
  EXPECT_TRUE(p2.value().next.empty());
  EXPECT_EQ(service_->playbook_changelog(caller("x", b, "observer"), id, Page{}).problem().status, 404);
}

TEST_F(PlaybookTest, ListFiltersAndPaging) {
  create(a, "Alpha phish", R"({"tags": ["phishing", "email"]})");
  create(a, "Beta", R"({"tags": ["email"], "description": "Handles PHISHING reports", "mode": "training"})");
  create(a1, "Gamma", R"({"scope": "incident", "trigger": ".Status == \"open\"", "tags": []})");
  create(b, "Delta", R"({"mode": "manual", "trigger": null})");
  auto names = [&](const Caller& who, PlaybookQuery q) {
    std::vector<std::string> out;
    auto l = service_->list_playbooks(who, q, Page{});
    EXPECT_TRUE(l.ok());
    for (const Value& p : l.value().items) out.push_back(str(p, "name"));
    return out;
  };
  using V = std::vector<std::string>;
  auto Q = [](auto set) {
    PlaybookQuery q;
    set(q);
    return q;
  };
  EXPECT_EQ(names(admin, {}), (V{"Alpha phish", "Beta", "Gamma", "Delta"}));
  EXPECT_EQ(names(admin, Q([&](PlaybookQuery& q) { q.tenant = a; })), (V{"Alpha phish", "Beta"}));
  EXPECT_EQ(names(admin, Q([&](PlaybookQuery& q) { q.tags = {"email"}; })), (V{"Alpha phish", "Beta"}));
  EXPECT_EQ(names(admin, Q([&](PlaybookQuery& q) { q.tags = {"email", "phishing"}; })), (V{"Alpha phish"}));
  EXPECT_EQ(names(admin, Q([&](PlaybookQuery& q) { q.mode = "training"; })), (V{"Beta"}));
  EXPECT_EQ(names(admin, Q([&](PlaybookQuery& q) { q.scope = "incident"; })), (V{"Gamma"}));
  EXPECT_EQ(names(admin, Q([&](PlaybookQuery& q) { q.text = "phish"; })), (V{"Alpha phish", "Beta"}));
  EXPECT_EQ(names(caller("o", a1, "observer"), {}), (V{"Alpha phish", "Beta", "Gamma"}));  // inherited + own
  EXPECT_EQ(names(caller("o", b, "observer"), {}), (V{"Delta"}));
  EXPECT_EQ(service_->list_playbooks(admin, Q([&](PlaybookQuery& q) { q.mode = "x"; }), Page{}).problem().status, 422);
  EXPECT_EQ(service_->list_playbooks(admin, {}, Page{10, "garbage"}).problem().status, 400);
  // Paging: 4 items by 3.
  auto p1 = service_->list_playbooks(admin, {}, Page{3, ""});
  ASSERT_EQ(p1.value().items.size(), 3u);
  ASSERT_FALSE(p1.value().next.empty());
  auto p2 = service_->list_playbooks(admin, {}, Page{3, p1.value().next});
  ASSERT_EQ(p2.value().items.size(), 1u);
  EXPECT_EQ(str(p2.value().items[0], "name"), "Delta");
  EXPECT_TRUE(p2.value().next.empty());
  auto exact = service_->list_playbooks(admin, {}, Page{4, ""});
  EXPECT_TRUE(exact.value().next.empty());
}

}  // namespace
}  // namespace riposte::engine::testing
