// Shared by the writeToDatabase binding of actions/database/ (docs/
// actions-database.md): the rows a call writes, checked before anything is
// sent, and the two writers (SQLite, PostgreSQL) that insert them in one
// transaction.  Internal to actions/database/ (and its unit tests).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actions/binding.h"
#include "actions/bindings.h"
#include "actions/config/config.h"

namespace riposte::actions::database {

// [A-Za-z_][A-Za-z0-9_]*: the only column and table names the binding
// accepts (they are double-quoted in statements anyway).
bool is_identifier(std::string_view name);

// A table name as the allow-list holds it: NAME or SCHEMA.NAME, each part
// an identifier.  `schema` is empty for a bare NAME.
struct TableName {
  std::string schema;
  std::string name;
  std::string quoted() const;  // "SCHEMA"."NAME" or "NAME"
};
std::optional<TableName> parse_table_name(std::string_view text);

// One value of a row, as plain data (no Value: the writers bind it).
struct Cell {
  enum class Kind : uint8_t { Null, Integer, Real, Boolean, Text, Json };
  Kind kind = Kind::Null;
  int64_t integer = 0;
  double real = 0;
  std::string text;  // Text; Json (an object or array as JSON text); numbers beyond int64 as Text
};

struct Row {
  size_t index = 0;                  // the result's index in params.results
  std::vector<std::string> columns;  // the result's fields, sorted
  std::vector<Cell> cells;           // one per column
};

// What one call writes, checked against the parameters and the
// configuration (not yet against the table's columns: the writer reads them).
struct WritePlan {
  const config::DatabaseConfig* db = nullptr;
  TableName table;
  std::string table_text;  // as the parameter spells it (for results and messages)
  std::vector<Row> rows;
};

// The name of the column the binding fills with the call's idempotency key
// (when the table has it).
inline constexpr std::string_view kIdempotencyColumn = "idempotency_key";
inline constexpr size_t kMaxRows = 10000;  // per call

// Checks the parameters (params.connection, params.table, params.runOnce,
// params.results) against the connections: "" and `plan` filled, or the
// message of a BadCall ("writeToDatabase: params.table ...").
std::string make_plan(const Value& params, const config::Connections& connections, WritePlan& plan);

// The columns of the plan's rows that the table lacks: the message of a
// BadCall naming params.results[i].FIELD, or "".  Also refuses a result
// field named idempotency_key when the table has that column (the binding
// fills it).
std::string check_columns(const WritePlan& plan, const std::vector<std::string>& table_columns);

// A writer's answer: the rows inserted, or the failure.
struct WriteResult {
  Failure failure = Failure::None;
  std::string message;  // when failure != None (no secret in it)
  size_t rows = 0;
};

// Writes the plan in one transaction: reads the table's columns, checks
// them (check_columns), fills idempotency_key when the table has it
// (ON CONFLICT DO NOTHING), inserts.  Watches call.cancel and call.deadline.
WriteResult write_sqlite(const WritePlan& plan, const Call& call);
WriteResult write_postgres(const WritePlan& plan, const Call& call, const config::Connections& connections);

// The INSERT of one row: INSERT INTO table ("c1", ...) VALUES (?1, ...) or
// ($1, ...), with ON CONFLICT DO NOTHING when `idempotent`.
std::string insert_sql(const TableName& table, const std::vector<std::string>& columns, bool idempotent,
                       bool dollar_params);

// The idempotency key of the row at `index`: KEY#INDEX.
std::string row_key(std::string_view call_key, size_t index);

std::unique_ptr<Binding> make_write_binding(const ActionSchema& schema, const BindingContext& context);

}  // namespace riposte::actions::database
