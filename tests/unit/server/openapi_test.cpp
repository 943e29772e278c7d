// The OpenAPI document is generated from the route table: it parses as
// JSON and lists exactly the table's routes, with their parameters.
#include "server/openapi.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "server/routes.h"
#include "test_support.h"

namespace riposte::server {
namespace {

using testing::parse;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApi, ListsExactlyTheRouteTable) {
  Value doc = parse(openapi_json(routes()));
  ASSERT_TRUE(doc.is_object()) << to_json(doc);
  EXPECT_EQ(doc.find("openapi")->str(), "3.0.3");
  ASSERT_TRUE(doc.find("info") && doc.find("info")->find("title"));
  ASSERT_TRUE(doc.find("servers") && doc.find("servers")->is_array());

  std::set<std::string> from_doc, from_table, ids;
  const Value* paths = doc.find("paths");
  ASSERT_TRUE(paths && paths->is_object());
  for (const auto& [path, item] : paths->entries()) {
    for (const auto& [method, op] : item.entries()) {
      from_doc.insert(method + " " + path);
      ASSERT_TRUE(op.find("operationId")) << path;
      ids.insert(std::string(op.find("operationId")->str()));
      ASSERT_TRUE(op.find("responses") && op.find("responses")->is_object());
      EXPECT_TRUE(op.find("responses")->find("default")) << path;
    }
  }
  for (const Route& r : routes()) {
    from_table.insert(lower(method_name(r.method)) + " " + std::string(r.path));
    EXPECT_TRUE(ids.count(std::string(r.operation_id))) << r.operation_id;
  }
  EXPECT_EQ(from_doc, from_table);
}

TEST(OpenApi, OperationsCarryTheirParametersBodiesAndSecurity) {
  Value doc = parse(openapi_json(routes()));
  const Value& paths = *doc.find("paths");
  for (const Route& r : routes()) {
    const Value& op = *paths.find(r.path)->find(lower(method_name(r.method)));
    std::set<std::string> in_path, in_query;
    for (const Value& p : op.find("parameters") ? op.find("parameters")->items() : std::span<const Value>{}) {
      std::string where(p.find("in")->str());
      if (where == "path") in_path.insert(std::string(p.find("name")->str()));
      if (where == "query") in_query.insert(std::string(p.find("name")->str()));
    }
    std::set<std::string> want_path, want_query;
    for (std::string_view n : path_parameters(r.path)) want_path.insert(std::string(n));
    for (const QueryParam& q : r.query) want_query.insert(std::string(q.name));
    EXPECT_EQ(in_path, want_path) << r.path;
    EXPECT_EQ(in_query, want_query) << r.path;
    EXPECT_EQ(op.find("requestBody") != nullptr, r.body != BodyKind::None) << r.path;
    if (r.body == BodyKind::JsonOrNdjson) {
      EXPECT_TRUE(op.find("requestBody")->find("content")->find("application/x-ndjson")) << r.path;
    }
    const Value& responses = *op.find("responses");
    EXPECT_TRUE(responses.find(std::to_string(r.success))) << r.path;
    EXPECT_EQ(responses.find("401") != nullptr, r.auth) << r.path;
    // no auth: an empty security list overrides the document's bearer
    EXPECT_EQ(op.find("security") != nullptr, !r.auth) << r.path;
  }
  const Value* schemes = doc.find("components")->find("securitySchemes");
  ASSERT_TRUE(schemes && schemes->find("bearer"));
  EXPECT_EQ(schemes->find("bearer")->find("scheme")->str(), "bearer");
  EXPECT_TRUE(doc.find("components")->find("schemas")->find("Problem"));
  EXPECT_EQ(
      to_json(*paths.find("/api/v1/alerts")->find("post")->find("responses")->find("401")->find("content")),
      "{\"application/problem+json\":{\"schema\":{\"$ref\":\"#/components/schemas/Problem\"}}}");
}

// The routes of engine-launch, as a client reads them: each operation with
// its path, query and header parameters, its body and its responses.
TEST(OpenApi, ListsTheLaunchingRoutes) {
  Value doc = parse(openapi_json(routes()));
  const Value& paths = *doc.find("paths");
  struct Want {
    const char* method;
    const char* path;
    const char* operation_id;
    const char* parameters;  // "in:name" in order
    bool body;
    const char* responses;  // the status keys (the document's objects are ordered by key)
  };
  const char* kListResponses = "200,400,401,503,default";
  const char* kPostResponses = "200,400,401,413,415,503,default";
  const Want kWant[] = {
      {"post", "/api/v1/playbooks/{id}/launch", "launchPlaybook", "path:id,header:Idempotency-Key", true,
       "200,201,400,401,413,415,503,default"},
      {"get", "/api/v1/playbooks/{id}/launch-progress", "launchProgress", "path:id", false,
       "200,401,503,default"},
      {"get", "/api/v1/instances", "listInstances",
       "query:limit,query:cursor,query:tenant,query:playbook,query:objectId,query:status", false,
       kListResponses},
      {"get", "/api/v1/instances/{id}", "getInstance", "path:id", false, "200,401,503,default"},
      {"post", "/api/v1/instances/terminate", "terminateInstances", "", true, kPostResponses},
      {"get", "/api/v1/approvals", "listApprovals",
       "query:limit,query:cursor,query:tenant,query:instance,query:kind,query:status", false, kListResponses},
      {"post", "/api/v1/approvals/decide", "decideApprovals", "", true, kPostResponses},
      {"get", "/api/v1/history", "listHistory",
       "query:limit,query:cursor,query:tenant,query:instance,query:playbook,query:objectId,query:kind,"
       "query:status,query:from,query:to",
       false, kListResponses},
  };
  for (const Want& w : kWant) {
    const Value* item = paths.find(w.path);
    ASSERT_TRUE(item) << w.path;
    const Value* op = item->find(w.method);
    ASSERT_TRUE(op) << w.method << " " << w.path;
    EXPECT_EQ(op->find("operationId")->str(), w.operation_id);
    EXPECT_FALSE(op->find("summary")->str().empty()) << w.path;
    std::string params;
    if (const Value* ps = op->find("parameters")) {
      for (const Value& p : ps->items()) {
        params += (params.empty() ? "" : ",") + std::string(p.find("in")->str()) + ":" +
                  std::string(p.find("name")->str());
        EXPECT_TRUE(p.find("schema")) << w.path;
        if (p.find("in")->str() == "query") {
          EXPECT_FALSE(p.find("description")->str().empty()) << w.path;
          if (p.find("name")->str() == "limit") {
            EXPECT_EQ(p.find("schema")->find("type")->str(), "integer");
          }
        }
      }
    }
    EXPECT_EQ(params, w.parameters) << w.path;
    const Value* body = op->find("requestBody");
    EXPECT_EQ(body != nullptr, w.body) << w.path;
    if (body) {
      EXPECT_TRUE(body->find("content")->find("application/json")) << w.path;
      EXPECT_FALSE(body->find("content")->find("application/x-ndjson")) << w.path;
    }
    std::string responses;
    for (const auto& [code, r] : op->find("responses")->entries()) {
      responses += (responses.empty() ? "" : ",") + code;
      EXPECT_TRUE(r.find("description")) << w.path << " " << code;
    }
    EXPECT_EQ(responses, w.responses) << w.path;
  }
  // launch: 201 the Instance, 200 when not launched
  const Value& launch = *paths.find("/api/v1/playbooks/{id}/launch")->find("post")->find("responses");
  EXPECT_EQ(launch.find("201")->find("description")->str(), "Created");
  EXPECT_NE(launch.find("200")->find("description")->str().find("\"launched\": false"), std::string::npos);
}

}  // namespace
}  // namespace riposte::server
