// Query parameters: the generic check against a route's list, and their
// reading into the engine's Page and the queries of the lists.
#include "server/query.h"

#include <gtest/gtest.h>

namespace riposte::server {
namespace {

const Route& route(std::string_view method, std::string_view path) {
  Match m = match_route(routes(), method, path);
  EXPECT_NE(m.route, nullptr) << path;
  return *m.route;
}

std::string check(const Route& r, const QueryParams& q) {
  std::optional<engine::Problem> p = check_query(r, q);
  if (!p) return "ok";
  EXPECT_EQ(p->status, 400);
  return p->detail;
}

TEST(Query, UnknownParametersAreNamed) {
  const Route& list = route("GET", "/api/v1/tenants");
  EXPECT_EQ(check(list, {{"limit", "5"}, {"cursor", "abc"}}), "ok");
  EXPECT_EQ(check(list, {{"limti", "5"}}), "unknown query parameter: limti (this route takes limit, cursor)");
  EXPECT_EQ(check(list, {{"b", "1"}, {"a", "2"}}),
            "unknown query parameters: a, b (this route takes limit, cursor)");
  const Route& one = route("GET", "/api/v1/tenants/t1");
  EXPECT_EQ(check(one, {{"limit", "5"}}), "unknown query parameter: limit (this route takes none)");
  EXPECT_EQ(check(one, {}), "ok");
}

TEST(Query, TypesAndRepeats) {
  const Route& pb = route("GET", "/api/v1/playbooks");
  EXPECT_EQ(check(pb, {{"limit", "x"}}), "query parameter limit must be an integer, not \"x\"");
  EXPECT_EQ(check(pb, {{"limit", ""}}), "query parameter limit must be an integer, not \"\"");
  EXPECT_EQ(check(pb, {{"deleted", "yes"}}), "query parameter deleted must be true or false, not \"yes\"");
  EXPECT_EQ(check(pb, {{"limit", "1"}, {"limit", "2"}}), "query parameter limit is given more than once");
  EXPECT_EQ(check(pb, {{"tags", "a"}, {"tags", "b,c"}, {"deleted", "true"}}), "ok");
  const Route& alerts = route("GET", "/api/v1/alerts");
  EXPECT_EQ(check(alerts, {{"ID", "12"}, {"TenantID", "t"}, {"Status", "new"}}), "ok");
  EXPECT_EQ(check(alerts, {{"ID", "1.5"}}), "query parameter ID must be an integer, not \"1.5\"");
  EXPECT_EQ(check(alerts, {{"tenant", "t"}}).substr(0, 32), "unknown query parameter: tenant ");
}

TEST(Query, Page) {
  auto p = page_of({});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value().limit, 50u);
  EXPECT_EQ(p.value().cursor, "");
  p = page_of({{"limit", "1"}, {"cursor", "c2"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value().limit, 1u);
  EXPECT_EQ(p.value().cursor, "c2");
  EXPECT_EQ(page_of({{"limit", "1000"}}).value().limit, 1000u);
  for (const char* bad : {"0", "1001", "-1", "ten", "", "99999999999999999999", "5 "}) {
    auto q = page_of({{"limit", bad}});
    ASSERT_FALSE(q.ok()) << bad;
    EXPECT_EQ(q.problem().status, 400);
    EXPECT_NE(q.problem().detail.find("from 1 to 1000"), std::string::npos);
  }
}

TEST(Query, Playbooks) {
  auto q = playbook_query_of({{"tenant", "t1"},
                              {"tags", "a,b"},
                              {"tags", "c"},
                              {"tags", ",d,"},
                              {"mode", "auto"},
                              {"scope", "alert"},
                              {"text", "Office"},
                              {"deleted", "true"}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.value().tenant, "t1");
  EXPECT_EQ(q.value().tags, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(q.value().mode, "auto");
  EXPECT_EQ(q.value().scope, "alert");
  EXPECT_EQ(q.value().text, "Office");
  EXPECT_TRUE(q.value().include_deleted);
  EXPECT_FALSE(playbook_query_of({{"deleted", "false"}}).value().include_deleted);
  EXPECT_FALSE(playbook_query_of({}).value().include_deleted);
  EXPECT_FALSE(playbook_query_of({{"deleted", "1"}}).ok());
}

TEST(Query, Objects) {
  auto q = object_query_of({{"TenantID", "t"},
                            {"Status", "new"},
                            {"Severity", "high"},
                            {"ID", "42"},
                            {"createdFrom", "2026-01-01T00:00:00Z"},
                            {"createdTo", "2026-02-01T00:00:00Z"}});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.value().tenant, "t");
  EXPECT_EQ(q.value().status, "new");
  EXPECT_EQ(q.value().severity, "high");
  EXPECT_EQ(q.value().id, 42);
  EXPECT_EQ(q.value().created_from, "2026-01-01T00:00:00Z");
  EXPECT_EQ(q.value().created_to, "2026-02-01T00:00:00Z");
  EXPECT_FALSE(object_query_of({}).value().id.has_value());
  EXPECT_FALSE(object_query_of({{"ID", "x"}}).ok());
}

// The lists of engine-launch are as strict as the others: an unknown name
// (a field of another list, a wrong case) is refused, naming it and what
// the route takes; limit is an integer; a filter is given once.
TEST(Query, LaunchListsAreChecked) {
  const Route& instances = route("GET", "/api/v1/instances");
  EXPECT_EQ(check(instances, {{"tenant", "t"},
                              {"playbook", "p"},
                              {"objectId", "o"},
                              {"status", "Success"},
                              {"limit", "10"},
                              {"cursor", "c"}}),
            "ok");
  EXPECT_EQ(check(instances, {{"objectid", "o"}}),
            "unknown query parameter: objectid (this route takes limit, cursor, tenant, playbook, objectId, "
            "status)");
  EXPECT_EQ(check(instances, {{"status", "Success"}, {"status", "Error"}}),
            "query parameter status is given more than once");
  const Route& approvals = route("GET", "/api/v1/approvals");
  EXPECT_EQ(check(approvals, {{"tenant", "t"}, {"instance", "i"}, {"kind", "launch"}, {"status", "any"}}),
            "ok");
  EXPECT_EQ(
      check(approvals, {{"playbook", "p"}}),
      "unknown query parameter: playbook (this route takes limit, cursor, tenant, instance, kind, status)");
  EXPECT_EQ(check(approvals, {{"limit", "ten"}}), "query parameter limit must be an integer, not \"ten\"");
  const Route& history = route("GET", "/api/v1/history");
  EXPECT_EQ(check(history, {{"tenant", "t"},
                            {"instance", "i"},
                            {"playbook", "p"},
                            {"objectId", "o"},
                            {"kind", "action"},
                            {"status", "Success"},
                            {"from", "2026-01-01T00:00:00Z"},
                            {"to", "2026-02-01T00:00:00Z"}}),
            "ok");
  EXPECT_EQ(check(history, {{"createdFrom", "x"}, {"until", "y"}}),
            "unknown query parameters: createdFrom, until (this route takes limit, cursor, tenant, instance, "
            "playbook, objectId, kind, status, from, to)");
  EXPECT_EQ(check(route("GET", "/api/v1/instances/n1"), {{"limit", "1"}}),
            "unknown query parameter: limit (this route takes none)");
  EXPECT_EQ(check(route("GET", "/api/v1/playbooks/p1/launch-progress"), {{"x", "1"}}),
            "unknown query parameter: x (this route takes none)");
  EXPECT_EQ(check(route("POST", "/api/v1/playbooks/p1/launch"), {{"objectId", "o"}}),
            "unknown query parameter: objectId (this route takes none)");
}

TEST(Query, Instances) {
  engine::InstanceQuery q =
      instance_query_of({{"tenant", "t"}, {"playbook", "p"}, {"objectId", "o"}, {"status", "InProgress"}});
  EXPECT_EQ(q.tenant, "t");
  EXPECT_EQ(q.playbook, "p");
  EXPECT_EQ(q.object_id, "o");
  EXPECT_EQ(q.status, "InProgress");
  q = instance_query_of({});
  EXPECT_EQ(q.tenant + q.playbook + q.object_id + q.status, "");
}

TEST(Query, Approvals) {
  engine::ApprovalQuery q =
      approval_query_of({{"tenant", "t"}, {"instance", "i"}, {"kind", "action"}, {"status", "Expired"}});
  EXPECT_EQ(q.tenant, "t");
  EXPECT_EQ(q.instance, "i");
  EXPECT_EQ(q.kind, "action");
  EXPECT_EQ(q.status, "Expired");
  EXPECT_EQ(approval_query_of({}).status, "Pending");  // ApprovalQuery's default
  EXPECT_EQ(approval_query_of({{"status", ""}}).status, "Pending");
  EXPECT_EQ(approval_query_of({{"status", "any"}}).status, "");     // every status
  EXPECT_EQ(approval_query_of({{"status", "Any"}}).status, "Any");  // values pass through: the engine checks
}

TEST(Query, History) {
  engine::HistoryQuery q = history_query_of({{"tenant", "t"},
                                             {"instance", "i"},
                                             {"playbook", "p"},
                                             {"objectId", "o"},
                                             {"kind", "playbook"},
                                             {"status", "Error"},
                                             {"from", "2026-01-01T00:00:00Z"},
                                             {"to", "2026-02-01T00:00:00Z"}});
  EXPECT_EQ(q.tenant, "t");
  EXPECT_EQ(q.instance, "i");
  EXPECT_EQ(q.playbook, "p");
  EXPECT_EQ(q.object_id, "o");
  EXPECT_EQ(q.kind, "playbook");
  EXPECT_EQ(q.status, "Error");
  EXPECT_EQ(q.from, "2026-01-01T00:00:00Z");
  EXPECT_EQ(q.to, "2026-02-01T00:00:00Z");
  q = history_query_of({});
  EXPECT_EQ(q.status + q.from + q.to, "");
}

}  // namespace
}  // namespace riposte::server
