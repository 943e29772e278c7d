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

}  // namespace
}  // namespace riposte::server
