// The route table and the matcher: table-driven, method + path -> the
// route's operationId, or 404 / 405 with the methods allowed.
#include "server/routes.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace riposte::server {
namespace {

struct MatchCase {
  const char* method;
  const char* path;
  const char* expect;  // operationId, "404", or "405:GET,PUT" (the Allow list)
  const char* id;      // the {id} parameter expected, or nullptr
};

const MatchCase kCases[] = {
    {"GET", "/healthz", "healthz", nullptr},
    {"HEAD", "/healthz", "healthz", nullptr},
    {"GET", "/metrics", "metrics", nullptr},
    {"GET", "/api/v1/openapi.json", "openapi", nullptr},
    {"POST", "/api/v1/tenants", "createTenant", nullptr},
    {"GET", "/api/v1/tenants", "listTenants", nullptr},
    {"GET", "/api/v1/tenants/t1", "getTenant", "t1"},
    {"POST", "/api/v1/users", "createUser", nullptr},
    {"GET", "/api/v1/users/u-1", "getUser", "u-1"},
    {"PUT", "/api/v1/users/u-1/roles", "setUserRoles", "u-1"},
    {"POST", "/api/v1/tokens", "issueToken", nullptr},
    {"DELETE", "/api/v1/tokens/k9", "revokeToken", "k9"},
    {"GET", "/api/v1/playbooks", "listPlaybooks", nullptr},
    {"POST", "/api/v1/playbooks", "createPlaybook", nullptr},
    {"POST", "/api/v1/playbooks/find", "findObjects", nullptr},
    {"GET", "/api/v1/playbooks/find", "getPlaybook", "find"},  // a playbook id that reads "find"
    {"GET", "/api/v1/playbooks/p1", "getPlaybook", "p1"},
    {"PUT", "/api/v1/playbooks/p1", "updatePlaybook", "p1"},
    {"DELETE", "/api/v1/playbooks/p1", "deletePlaybook", "p1"},
    {"POST", "/api/v1/playbooks/p1/duplicate", "duplicatePlaybook", "p1"},
    {"GET", "/api/v1/playbooks/p1/changelog", "playbookChangelog", "p1"},
    {"POST", "/api/v1/check/trigger", "checkTrigger", nullptr},
    {"POST", "/api/v1/check/algorithm", "checkAlgorithm", nullptr},
    {"POST", "/api/v1/alerts", "ingestAlerts", nullptr},
    {"GET", "/api/v1/alerts", "listAlerts", nullptr},
    {"GET", "/api/v1/alerts/a1", "getAlert", "a1"},
    {"PATCH", "/api/v1/alerts/a1", "patchAlert", "a1"},
    {"GET", "/api/v1/alerts/a1/changes", "alertChanges", "a1"},
    {"POST", "/api/v1/incidents", "ingestIncidents", nullptr},
    {"GET", "/api/v1/incidents?x", "404", nullptr},  // the matcher gets paths without their query
    {"GET", "/api/v1/incidents", "listIncidents", nullptr},
    {"GET", "/api/v1/incidents/i1", "getIncident", "i1"},
    {"PATCH", "/api/v1/incidents/i1", "patchIncident", "i1"},
    {"GET", "/api/v1/incidents/i1/changes", "incidentChanges", "i1"},
    // unknown paths
    {"GET", "/", "404", nullptr},
    {"GET", "", "404", nullptr},
    {"GET", "/api/v1", "404", nullptr},
    {"GET", "/api/v1/nope", "404", nullptr},
    {"GET", "/api/v1/tenants/", "404", nullptr},  // an empty {id}
    {"GET", "/api/v1/tenants/t1/extra", "404", nullptr},
    {"GET", "/healthz/", "404", nullptr},
    {"GET", "/api/v2/tenants", "404", nullptr},
    // launching and running playbooks
    {"POST", "/api/v1/playbooks/p1/launch", "launchPlaybook", "p1"},
    {"GET", "/api/v1/playbooks/p1/launch-progress", "launchProgress", "p1"},
    {"GET", "/api/v1/instances", "listInstances", nullptr},
    {"GET", "/api/v1/instances/n1", "getInstance", "n1"},
    {"POST", "/api/v1/instances/terminate", "terminateInstances", nullptr},
    {"GET", "/api/v1/instances/terminate", "getInstance",
     "terminate"},  // an instance id that reads "terminate"
    {"GET", "/api/v1/approvals", "listApprovals", nullptr},
    {"POST", "/api/v1/approvals/decide", "decideApprovals", nullptr},
    {"GET", "/api/v1/history", "listHistory", nullptr},
    {"GET", "/api/v1/history/h1", "404", nullptr},
    {"GET", "/api/v1/approvals/a1", "404", nullptr},
    {"POST", "/api/v1/instances/n1/terminate", "404", nullptr},
    {"GET", "/api/v1/playbooks/p1/launch/x", "404", nullptr},
    // known paths, other methods
    {"POST", "/healthz", "405:GET", nullptr},
    {"DELETE", "/api/v1/tenants", "405:POST,GET", nullptr},
    {"PATCH", "/api/v1/playbooks/p1", "405:GET,PUT,DELETE", nullptr},
    {"PATCH", "/api/v1/playbooks/find", "405:POST,GET,PUT,DELETE", nullptr},
    {"GET", "/api/v1/users/u1/roles", "405:PUT", nullptr},
    {"OPTIONS", "/api/v1/alerts", "405:POST,GET", nullptr},
    {"TRACE", "/api/v1/alerts/a1", "405:GET,PATCH", nullptr},
    {"GET", "/api/v1/playbooks/p1/launch", "405:POST", nullptr},
    {"POST", "/api/v1/playbooks/p1/launch-progress", "405:GET", nullptr},
    {"POST", "/api/v1/instances", "405:GET", nullptr},
    {"DELETE", "/api/v1/instances/n1", "405:GET", nullptr},
    {"PUT", "/api/v1/instances/terminate", "405:POST,GET", nullptr},
    {"POST", "/api/v1/approvals", "405:GET", nullptr},
    {"GET", "/api/v1/approvals/decide", "405:POST", nullptr},
    {"POST", "/api/v1/history", "405:GET", nullptr},
    {"OPTIONS", "/nowhere", "404", nullptr},
};

std::string describe(const Match& m) {
  if (m.route) return std::string(m.route->operation_id);
  if (m.allowed.empty()) return "404";
  std::string out = "405:";
  for (size_t i = 0; i < m.allowed.size(); ++i)
    out += (i ? "," : "") + std::string(method_name(m.allowed[i]));
  return out;
}

TEST(Routes, MatchTable) {
  for (const MatchCase& c : kCases) {
    Match m = match_route(routes(), c.method, c.path);
    EXPECT_EQ(describe(m), c.expect) << c.method << " " << c.path;
    if (c.id) {
      ASSERT_EQ(m.params.size(), 1u) << c.path;
      EXPECT_EQ(m.params[0].first, "id");
      EXPECT_EQ(m.params[0].second, c.id);
    } else if (m.route) {
      EXPECT_TRUE(m.params.empty()) << c.path;
    }
  }
}

TEST(Routes, TableIsWellFormed) {
  std::set<std::string> keys, ids;
  for (const Route& r : routes()) {
    std::string key = std::string(method_name(r.method)) + " " + std::string(r.path);
    EXPECT_TRUE(keys.insert(key).second) << "twice: " << key;
    EXPECT_TRUE(ids.insert(std::string(r.operation_id)).second) << "operationId twice: " << r.operation_id;
    EXPECT_EQ(r.path.front(), '/') << key;
    EXPECT_NE(r.handler, nullptr) << key;
    EXPECT_FALSE(r.summary.empty()) << key;
    EXPECT_TRUE(r.success == 200 || r.success == 201) << key;
    // GET and DELETE routes read no body; every route but /healthz needs a token.
    if (r.method == Method::Get || r.method == Method::Delete) {
      EXPECT_EQ(r.body, BodyKind::None) << key;
    }
    EXPECT_EQ(r.auth, r.path != "/healthz") << key;
    if (r.body == BodyKind::JsonOrNdjson) {
      EXPECT_TRUE(r.idempotent) << key;
    }
    // the idempotent routes read a body: its hash tells a replay from another request
    if (r.idempotent) {
      EXPECT_NE(r.body, BodyKind::None) << key;
    }
    // another success status comes with its description, and only then
    EXPECT_EQ(r.other_success != 0, !r.other_summary.empty()) << key;
    EXPECT_NE(r.other_success, r.success) << key;
    // every route is the route of its own path and method
    std::string concrete(r.path);
    for (size_t at; (at = concrete.find('{')) != std::string::npos;)
      concrete.replace(at, concrete.find('}', at) - at + 1, "x1");
    EXPECT_EQ(match_route(routes(), method_name(r.method), concrete).route, &r) << key;
  }
  EXPECT_EQ(routes().size(), 40u);
}

// The routes of engine-launch: each is one row, with the body, the query
// parameters and the statuses its engine call needs.
TEST(Routes, LaunchingAndRunning) {
  auto row = [](std::string_view method, std::string_view path) -> const Route& {
    Match m = match_route(routes(), method, path);
    EXPECT_NE(m.route, nullptr) << method << " " << path;
    static const Route kNone{};
    return m.route ? *m.route : kNone;
  };
  auto names = [](const Route& r) {
    std::string out;
    for (const QueryParam& q : r.query) out += (out.empty() ? "" : ",") + std::string(q.name);
    return out;
  };
  const Route& launch = row("POST", "/api/v1/playbooks/p1/launch");
  EXPECT_EQ(launch.body, BodyKind::Json);
  EXPECT_TRUE(launch.idempotent);
  EXPECT_EQ(launch.success, 201);
  EXPECT_EQ(launch.other_success, 200);  // ifRunning cancel: {"launched": false}
  EXPECT_EQ(names(launch), "");
  const Route& progress = row("GET", "/api/v1/playbooks/p1/launch-progress");
  EXPECT_EQ(progress.body, BodyKind::None);
  EXPECT_EQ(names(progress), "");
  EXPECT_EQ(names(row("GET", "/api/v1/instances")), "limit,cursor,tenant,playbook,objectId,status");
  EXPECT_EQ(names(row("GET", "/api/v1/instances/n1")), "");
  EXPECT_EQ(names(row("GET", "/api/v1/approvals")), "limit,cursor,tenant,instance,kind,status");
  EXPECT_EQ(names(row("GET", "/api/v1/history")),
            "limit,cursor,tenant,instance,playbook,objectId,kind,status,from,to");
  for (const char* post : {"/api/v1/instances/terminate", "/api/v1/approvals/decide"}) {
    const Route& r = row("POST", post);
    EXPECT_EQ(r.body, BodyKind::Json) << post;
    EXPECT_EQ(r.success, 200) << post;
    EXPECT_FALSE(r.idempotent) << post;
    EXPECT_EQ(names(r), "") << post;
  }
}

TEST(Routes, PathParameters) {
  EXPECT_EQ(path_parameters("/api/v1/playbooks/{id}/changelog"), std::vector<std::string_view>{"id"});
  EXPECT_TRUE(path_parameters("/healthz").empty());
}

TEST(Routes, Methods) {
  EXPECT_EQ(method_of("HEAD"), Method::Get);
  EXPECT_EQ(method_of("PATCH"), Method::Patch);
  EXPECT_FALSE(method_of("OPTIONS"));
  EXPECT_FALSE(method_of("get"));
}

}  // namespace
}  // namespace riposte::server
