// The checks writeToDatabase makes before it connects (docs/
// actions-database.md, "Checks"): the connection, the table against the
// allow-list, every result an object whose fields are plain identifiers.
// Values become Cells here so the writers bind plain data.
#include <fmt/format.h>

#include <algorithm>

#include "actions/database/database_internal.h"
#include "value/json.h"

namespace riposte::actions::database {

bool is_identifier(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;  // 63: PostgreSQL's NAMEDATALEN - 1
  auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!alpha(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

std::string TableName::quoted() const {
  return schema.empty() ? fmt::format("\"{}\"", name) : fmt::format("\"{}\".\"{}\"", schema, name);
}

std::optional<TableName> parse_table_name(std::string_view text) {
  TableName t;
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) {
    t.name = text;
  } else {
    t.schema = text.substr(0, dot);
    t.name = text.substr(dot + 1);
    if (!is_identifier(t.schema)) return std::nullopt;
  }
  if (!is_identifier(t.name)) return std::nullopt;
  return t;
}

std::string row_key(std::string_view call_key, size_t index) {
  return fmt::format("{}#{}", call_key, index);
}

namespace {

std::string bad(std::string_view why) {
  return fmt::format("writeToDatabase: {}", why);
}

// Names and values from parameters are shown in messages; keep them short.
std::string shown(std::string_view s) {
  std::string out(s.substr(0, 80));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return s.size() > 80 ? out + "..." : out;
}

Cell cell_of(const Value& v) {
  Cell c;
  if (v.is_null()) return c;
  if (v.is_bool()) {
    c.kind = Cell::Kind::Boolean;
    c.integer = v.truthy() ? 1 : 0;
  } else if (v.is_int()) {
    c.kind = Cell::Kind::Integer;
    c.integer = v.as_int();
  } else if (v.is_double()) {
    c.kind = Cell::Kind::Real;
    c.real = v.as_double();
  } else if (v.is_number()) {  // beyond int64: exact, as its decimal text
    c.kind = Cell::Kind::Text;
    c.text = to_json(v);
  } else if (v.is_string()) {
    c.kind = Cell::Kind::Text;
    c.text = v.str();
  } else {  // objects and arrays as JSON text
    c.kind = Cell::Kind::Json;
    c.text = to_json(v);
  }
  return c;
}

std::string add_row(const Value& result, size_t index, WritePlan& plan) {
  if (!result.is_object())
    return bad(fmt::format("params.results[{}] must be an object (its fields are the columns), got {}", index,
                           result.type_name()));
  if (result.size() == 0)
    return bad(fmt::format("params.results[{}] has no fields: nothing to insert", index));
  Row row;
  row.index = index;
  for (const auto& [field, value] : result.entries()) {  // a std::map: sorted
    if (!is_identifier(field))
      return bad(fmt::format(
          "params.results[{}]: field \"{}\" is not a plain column name ([A-Za-z_][A-Za-z0-9_]*, at most 63)",
          index, shown(field)));
    row.columns.push_back(field);
    row.cells.push_back(cell_of(value));
  }
  plan.rows.push_back(std::move(row));
  return "";
}

}  // namespace

std::string make_plan(const Value& params, const config::Connections& connections, WritePlan& plan) {
  const Value* conn = params.find("connection");
  if (!conn || !conn->is_string()) return bad("params.connection must be a string (a name under databases)");
  auto it = connections.databases.find(conn->str());
  if (it == connections.databases.end()) {
    std::string known;
    for (const auto& [name, unused] : connections.databases) known += (known.empty() ? "" : ", ") + name;
    return bad(fmt::format("params.connection \"{}\" is not in the configuration's databases ({})",
                           shown(conn->str()), known.empty() ? "none configured" : "known: " + known));
  }
  plan.db = &it->second;

  const Value* table = params.find("table");
  if (!table || !table->is_string()) return bad("params.table must be a string");
  const auto& allowed = plan.db->tables;
  if (std::find(allowed.begin(), allowed.end(), table->str()) == allowed.end())
    return bad(fmt::format("params.table: table \"{}\" is not in databases.{}.tables", shown(table->str()),
                           plan.db->name));
  auto name = parse_table_name(table->str());
  if (!name)
    return bad(fmt::format("params.table \"{}\" is not a plain table name (NAME or SCHEMA.NAME)",
                           shown(table->str())));
  plan.table = *name;
  plan.table_text = table->str();

  bool run_once = false;
  if (const Value* r = params.find("runOnce"); r && !r->is_null()) {
    if (!r->is_bool()) return bad(fmt::format("params.runOnce must be a boolean, got {}", r->type_name()));
    run_once = r->truthy();
  }

  const Value* results = params.find("results");
  if (!results || results->is_null()) return bad("params.results is required (an array of objects)");
  if (results->is_object()) return add_row(*results, 0, plan);  // a single object: one row
  if (!results->is_array())
    return bad(fmt::format("params.results must be an array of objects, got {}", results->type_name()));
  // runOnce: the first result only (the SIEM's "Recording in the DB").
  const size_t n = run_once ? std::min<size_t>(results->size(), 1) : results->size();
  if (n > kMaxRows)
    return bad(fmt::format("params.results has {} results; at most {} rows per call", n, kMaxRows));
  for (size_t i = 0; i < n; ++i)
    if (std::string e = add_row(results->at(i), i, plan); !e.empty()) return e;
  return "";
}

std::string check_columns(const WritePlan& plan, const std::vector<std::string>& table_columns) {
  auto has = [&](std::string_view c) {
    return std::find(table_columns.begin(), table_columns.end(), c) != table_columns.end();
  };
  const bool keyed = has(kIdempotencyColumn);
  for (const Row& row : plan.rows)
    for (const std::string& c : row.columns) {
      if (!has(c))
        return bad(
            fmt::format("params.results[{}].{}: table \"{}\" has no column \"{}\" (fields that are not "
                        "columns are refused)",
                        row.index, c, plan.table_text, c));
      if (keyed && c == kIdempotencyColumn)
        return bad(
            fmt::format("params.results[{}].{}: the binding fills this column with the call's "
                        "idempotency key",
                        row.index, c));
    }
  return "";
}

std::string insert_sql(const TableName& table, const std::vector<std::string>& columns, bool idempotent,
                       bool dollar_params) {
  std::string names, values;
  for (size_t i = 0; i < columns.size(); ++i) {
    names += fmt::format("{}\"{}\"", i ? ", " : "", columns[i]);
    values += fmt::format("{}{}{}", i ? ", " : "", dollar_params ? '$' : '?', i + 1);
  }
  return fmt::format("INSERT INTO {} ({}) VALUES ({}){}", table.quoted(), names, values,
                     idempotent ? " ON CONFLICT DO NOTHING" : "");
}

}  // namespace riposte::actions::database
