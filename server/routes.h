// THE route table of the HTTP API (../shared/spec/api.md, docs/api.md): one
// entry per method and path, with what the dispatcher needs (authentication,
// the body it reads, the query parameters it accepts) and what the OpenAPI
// document says of it.  The server matches every request against this table
// itself and GET /api/v1/openapi.json is generated from it: a route exists
// exactly when it has a row here.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/service.h"
#include "value/value.h"

namespace riposte::server {

class Api;

enum class Method : uint8_t { Get, Post, Put, Patch, Delete };
std::string_view method_name(Method m);  // "GET", ...
// The table's method for an HTTP method; HEAD is answered as GET.  None for
// a method no route can have (OPTIONS, TRACE, ...).
std::optional<Method> method_of(std::string_view name);

// What a route reads of the request body.
enum class BodyKind : uint8_t {
  None,          // nothing (a body, if sent, is ignored)
  Json,          // one JSON value, Content-Type application/json
  JsonOrNdjson,  // that, or JSON Lines with Content-Type application/x-ndjson
};

enum class ParamType : uint8_t {
  Integer,
  String,
  Boolean,     // "true" or "false"
  StringList,  // comma-separated, or the parameter repeated
};

struct QueryParam {
  std::string_view name;
  ParamType type;
  std::string_view description;
};

using QueryParams = std::multimap<std::string, std::string>;
using PathParams = std::vector<std::pair<std::string_view, std::string>>;

// An answer: status, body, its media type and extra headers.
struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

// What a handler gets: the request as the dispatcher checked and parsed it.
struct Call {
  engine::Service& service;
  const Api& api;
  const QueryParams& query;
  engine::Caller caller;  // the bearer token's user (empty on routes without auth)
  PathParams params;      // the {name} segments of the path, decoded
  Value body;             // BodyKind::Json: the parsed body
  // BodyKind::JsonOrNdjson: the texts posted, unparsed (the engine reads
  // them): the body (batch = false) or every line of a JSON Lines body
  // (batch = true), views of the request's body.
  std::vector<std::string_view> texts;
  bool batch = false;
  std::optional<engine::Idempotency> idempotency;  // Idempotency-Key on an idempotent route

  std::string_view param(std::string_view name) const;  // "" when absent
};

using Handler = Reply (*)(Call&);

struct Route {
  Method method;
  std::string_view path;  // a template: "/api/v1/playbooks/{id}"
  std::string_view operation_id;
  std::string_view summary;
  bool auth;  // requires Authorization: Bearer
  BodyKind body;
  std::span<const QueryParam> query;  // the parameters accepted; any other is a 400
  int success;                        // the status of a successful answer
  int other_success;                  // a second success status or 0: a JSON Lines batch, a launch not made
  std::string_view other_summary;     // what that answer holds (the OpenAPI response's description)
  bool idempotent;                    // reads the Idempotency-Key header
  Handler handler;
};

// Every route the server answers, in the order the OpenAPI document lists them.
std::span<const Route> routes();

// The path parameters of a template, in order ("{id}" -> "id").
std::vector<std::string_view> path_parameters(std::string_view path_template);

// A request against a table: the route (with the values of its path
// parameters), or none: then `allowed` lists the methods of the routes
// whose path matches (405 with Allow), or is empty (404).  Where several
// templates match a path, the one with a literal segment first wins
// (/playbooks/find over /playbooks/{id}).
struct Match {
  const Route* route = nullptr;
  PathParams params;
  std::vector<Method> allowed;
};
Match match_route(std::span<const Route> table, std::string_view method, std::string_view path);

}  // namespace riposte::server
