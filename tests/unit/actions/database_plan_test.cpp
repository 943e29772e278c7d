// The checks writeToDatabase makes before it connects (actions/database/
// plan.cpp): identifiers, the connection, the table allow-list, results.
#include <gtest/gtest.h>

#include "actions/database/database_internal.h"
#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions::database {
namespace {

using testing::json;

struct IdentCase {
  const char* name;
  bool ok;
};
constexpr IdentCase kIdentifiers[] = {
    {"a", true},
    {"_", true},
    {"Alert_Id2", true},
    {"x123456789012345678901234567890123456789012345678901234567890ab", true},    // 63
    {"x123456789012345678901234567890123456789012345678901234567890abc", false},  // 64
    {"", false},
    {"2a", false},
    {"a-b", false},
    {"a b", false},
    {"a.b", false},
    {"a\"b", false},
    {"a;b", false},
    {"é", false},
    {"a'", false},
    {"a\nb", false},
};

TEST(DatabasePlan, Identifiers) {
  for (const IdentCase& c : kIdentifiers) EXPECT_EQ(is_identifier(c.name), c.ok) << c.name;
}

TEST(DatabasePlan, TableNames) {
  EXPECT_EQ(parse_table_name("events")->quoted(), "\"events\"");
  EXPECT_EQ(parse_table_name("audit.events")->quoted(), "\"audit\".\"events\"");
  EXPECT_FALSE(parse_table_name("a.b.c"));
  EXPECT_FALSE(parse_table_name("ev ents"));
  EXPECT_FALSE(parse_table_name(".events"));
}

TEST(DatabasePlan, InsertStatements) {
  TableName t{.schema = "", .name = "events"};
  EXPECT_EQ(insert_sql(t, {"a", "b"}, false, false), R"(INSERT INTO "events" ("a", "b") VALUES (?1, ?2))");
  EXPECT_EQ(insert_sql(t, {"a", "idempotency_key"}, true, true),
            R"(INSERT INTO "events" ("a", "idempotency_key") VALUES ($1, $2) ON CONFLICT DO NOTHING)");
  EXPECT_EQ(row_key("k1", 3), "k1#3");
}

config::Connections connections() {
  config::Connections c;
  config::DatabaseConfig audit{
      .name = "audit", .url = "sqlite:///tmp/x.db", .password = "", .tables = {"events"}};
  config::DatabaseConfig pg{
      .name = "pg", .url = "postgresql://r@127.0.0.1:1/soc", .password = "", .tables = {"s.t"}};
  c.databases.emplace("audit", audit);
  c.databases.emplace("pg", pg);
  return c;
}

struct PlanCase {
  const char* params;
  const char* error;  // "" = accepted
  size_t rows;
};
const PlanCase kPlans[] = {
    {R"({"connection": "audit", "table": "events", "results": [{"a": 1}, {"b": "x"}]})", "", 2},
    {R"({"connection": "audit", "table": "events", "results": {"a": 1}})", "", 1},
    {R"({"connection": "audit", "table": "events", "runOnce": true, "results": [{"a": 1}, {"a": 2}]})", "",
     1},
    {R"({"connection": "audit", "table": "events", "results": []})", "", 0},
    {R"({"connection": "pg", "table": "s.t", "results": [{"a": 1}]})", "", 1},
    {R"({"connection": "nope", "table": "events", "results": []})",
     R"(writeToDatabase: params.connection "nope" is not in the configuration's databases (known: audit, pg))",
     0},
    {R"({"table": "events", "results": []})",
     "writeToDatabase: params.connection must be a string (a name under databases)", 0},
    {R"({"connection": "audit", "table": "x", "results": []})",
     R"(writeToDatabase: params.table: table "x" is not in databases.audit.tables)", 0},
    {R"({"connection": "audit", "table": "Events", "results": []})",
     R"(writeToDatabase: params.table: table "Events" is not in databases.audit.tables)", 0},
    {R"({"connection": "audit", "table": "events"})",
     "writeToDatabase: params.results is required (an array of objects)", 0},
    {R"({"connection": "audit", "table": "events", "results": "x"})",
     "writeToDatabase: params.results must be an array of objects, got string", 0},
    {R"({"connection": "audit", "table": "events", "results": [{"a": 1}, 5]})",
     "writeToDatabase: params.results[1] must be an object (its fields are the columns), got number", 0},
    {R"({"connection": "audit", "table": "events", "results": [{}]})",
     "writeToDatabase: params.results[0] has no fields: nothing to insert", 0},
    {R"({"connection": "audit", "table": "events", "results": [{"a\"); DROP TABLE events; --": 1}]})",
     R"(writeToDatabase: params.results[0]: field "a"); DROP TABLE events; --" is not a plain column name ([A-Za-z_][A-Za-z0-9_]*, at most 63))",
     0},
    {R"({"connection": "audit", "table": "events", "runOnce": "yes", "results": []})",
     "writeToDatabase: params.runOnce must be a boolean, got string", 0},
};

TEST(DatabasePlan, ParametersChecked) {
  const config::Connections c = connections();
  for (const PlanCase& pc : kPlans) {
    WritePlan plan;
    EXPECT_EQ(make_plan(json(pc.params), c, plan), pc.error) << pc.params;
    if (*pc.error == '\0') {
      EXPECT_EQ(plan.rows.size(), pc.rows) << pc.params;
    }
  }
}

TEST(DatabasePlan, CellsKeepTheirKinds) {
  WritePlan plan;
  ASSERT_EQ(make_plan(json(R"({"connection": "audit", "table": "events", "results": [{"i": 7, "r": 1.5,
      "b": true, "s": "x", "n": null, "o": {"k": [1]}, "big": 123456789012345678901234567890}]})"),
                      connections(), plan),
            "");
  ASSERT_EQ(plan.rows.size(), 1u);
  const Row& r = plan.rows[0];
  ASSERT_EQ(r.columns, (std::vector<std::string>{"b", "big", "i", "n", "o", "r", "s"}));
  EXPECT_EQ(r.cells[0].kind, Cell::Kind::Boolean);
  EXPECT_EQ(r.cells[1].kind, Cell::Kind::Text);
  EXPECT_EQ(r.cells[1].text, "123456789012345678901234567890");
  EXPECT_EQ(r.cells[2].integer, 7);
  EXPECT_EQ(r.cells[3].kind, Cell::Kind::Null);
  EXPECT_EQ(r.cells[4].kind, Cell::Kind::Json);
  EXPECT_EQ(r.cells[4].text, R"({"k":[1]})");
  EXPECT_EQ(r.cells[5].real, 1.5);
  EXPECT_EQ(r.cells[6].text, "x");
}

TEST(DatabasePlan, ColumnsMustExist) {
  WritePlan plan;
  ASSERT_EQ(make_plan(json(R"({"connection": "audit", "table": "events", "results": [{"a": 1}, {"zz": 2}]})"),
                      connections(), plan),
            "");
  EXPECT_EQ(check_columns(plan, {"a", "zz"}), "");
  EXPECT_EQ(
      check_columns(plan, {"a"}),
      R"(writeToDatabase: params.results[1].zz: table "events" has no column "zz" (fields that are not columns are refused))");
  WritePlan keyed;
  ASSERT_EQ(
      make_plan(json(R"({"connection": "audit", "table": "events", "results": [{"idempotency_key": "x"}]})"),
                connections(), keyed),
      "");
  EXPECT_EQ(
      check_columns(keyed, {"idempotency_key"}),
      "writeToDatabase: params.results[0].idempotency_key: the binding fills this column with the call's "
      "idempotency key");
}

}  // namespace
}  // namespace riposte::actions::database
