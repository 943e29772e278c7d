#include "server/openapi.h"

#include <string>

#include "server/reply.h"
#include "value/json.h"

namespace riposte::server {
namespace {

Value str(std::string_view s) {
  return Value::string(s);
}

Value obj(std::initializer_list<std::pair<std::string_view, Value>> members) {
  Value v = Value::object();
  for (const auto& [k, m] : members) v.set(k, m);
  return v;
}

Value arr(std::initializer_list<Value> items) {
  return Value::array(Array(items));
}

Value schema_of(ParamType t) {
  switch (t) {
    case ParamType::Integer:
      return obj({{"type", str("integer")}});
    case ParamType::Boolean:
      return obj({{"type", str("boolean")}});
    case ParamType::StringList:
      return obj({{"type", str("array")}, {"items", obj({{"type", str("string")}})}});
    case ParamType::String:
      break;
  }
  return obj({{"type", str("string")}});
}

Value problem_schema() {
  Value error = obj({{"type", str("object")},
                     {"properties", obj({{"code", obj({{"type", str("string")}})},
                                         {"severity", obj({{"type", str("string")}})},
                                         {"message", obj({{"type", str("string")}})},
                                         {"path", obj({{"type", str("string")}})},
                                         {"line", obj({{"type", str("integer")}})},
                                         {"column", obj({{"type", str("integer")}})},
                                         {"end_line", obj({{"type", str("integer")}})},
                                         {"end_column", obj({{"type", str("integer")}})}})}});
  return obj(
      {{"type", str("object")},
       {"description", str("RFC 9457 problem details; errors: diagnostics of a trigger or an algorithm")},
       {"required", arr({str("type"), str("title"), str("status")})},
       {"properties", obj({{"type", obj({{"type", str("string")}})},
                           {"title", obj({{"type", str("string")}})},
                           {"status", obj({{"type", str("integer")}})},
                           {"detail", obj({{"type", str("string")}})},
                           {"errors", obj({{"type", str("array")}, {"items", error}})}})}});
}

Value problem_response(int status) {
  return obj({{"description", str(reason_phrase(status))},
              {"content", obj({{"application/problem+json",
                                obj({{"schema", obj({{"$ref", str("#/components/schemas/Problem")}})}})}})}});
}

Value success_response(const Route& r, std::string_view description) {
  std::string_view type = r.operation_id == "metrics" ? "text/plain" : "application/json";
  Value schema = r.operation_id == "metrics" ? obj({{"type", str("string")}}) : Value::object();
  return obj({{"description", str(description)}, {"content", obj({{type, obj({{"schema", schema}})}})}});
}

Value operation(const Route& r) {
  Value op = obj({{"operationId", str(r.operation_id)}, {"summary", str(r.summary)}});
  Array params;
  for (std::string_view name : path_parameters(r.path)) {
    params.push_back(obj({{"name", str(name)},
                          {"in", str("path")},
                          {"required", Value::boolean(true)},
                          {"schema", obj({{"type", str("string")}})}}));
  }
  for (const QueryParam& q : r.query) {
    Value p = obj({{"name", str(q.name)},
                   {"in", str("query")},
                   {"required", Value::boolean(false)},
                   {"description", str(q.description)},
                   {"schema", schema_of(q.type)}});
    if (q.type == ParamType::StringList) {
      p.set("style", str("form"));
      p.set("explode", Value::boolean(true));
    }
    params.push_back(std::move(p));
  }
  if (r.idempotent) {
    params.push_back(obj({{"name", str("Idempotency-Key")},
                          {"in", str("header")},
                          {"required", Value::boolean(false)},
                          {"description", str("a repeated key returns the first answer")},
                          {"schema", obj({{"type", str("string")}})}}));
  }
  if (!params.empty()) op.set("parameters", Value::array(std::move(params)));
  if (r.body != BodyKind::None) {
    Value content = obj({{"application/json", obj({{"schema", Value::object()}})}});
    if (r.body == BodyKind::JsonOrNdjson)
      content.set(
          "application/x-ndjson",
          obj({{"schema", obj({{"type", str("string")},
                               {"description", str("JSON Lines: one object per non-empty line")}})}}));
    op.set("requestBody", obj({{"required", Value::boolean(true)}, {"content", content}}));
  }
  Value responses = Value::object();
  responses.set(std::to_string(r.success), success_response(r, reason_phrase(r.success)));
  if (r.other_success) responses.set(std::to_string(r.other_success), success_response(r, r.other_summary));
  if (r.body != BodyKind::None || !r.query.empty()) responses.set("400", problem_response(400));
  if (r.auth) responses.set("401", problem_response(401));
  if (r.body != BodyKind::None) {
    responses.set("413", problem_response(413));
    responses.set("415", problem_response(415));
  }
  if (r.auth) responses.set("503", problem_response(503));
  responses.set("default", problem_response(500));
  op.set("responses", responses);
  if (!r.auth) op.set("security", Value::array());
  return op;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

}  // namespace

Value openapi_document(std::span<const Route> table) {
  Value paths = Value::object();
  for (const Route& r : table) {
    const Value* existing = paths.find(r.path);
    Value item = existing ? *existing : Value::object();
    item.set(lower(method_name(r.method)), operation(r));
    paths.set(r.path, std::move(item));
  }
  Value components =
      obj({{"schemas", obj({{"Problem", problem_schema()}})},
           {"securitySchemes", obj({{"bearer", obj({{"type", str("http")}, {"scheme", str("bearer")}})}})}});
  return obj(
      {{"openapi", str("3.0.3")},
       {"info", obj({{"title", str("Riposte API")},
                     {"version", str("1")},
                     {"description", str("The HTTP API of the Riposte engine (api.md); generated from the "
                                         "server's route table.")}})},
       {"servers", arr({obj({{"url", str("/")}})})},
       {"security", arr({obj({{"bearer", Value::array()}})})},
       {"paths", paths},
       {"components", components}});
}

std::string openapi_json(std::span<const Route> table) {
  return to_json(openapi_document(table));
}

}  // namespace riposte::server
