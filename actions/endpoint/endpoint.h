// The endpoint actions (updateBases, avScan, moveHostsToAdministrationGroup,
// quarantineFile, killProcess, changeAuthorizationStatus, netIsolateOn,
// netIsolateOff, executeCommand, add/delete/resetFilePreventionRules,
// assignKasapGroup) through one HTTP+JSON connector protocol
// (docs/endpoint-connector.openapi.yaml, docs/actions-endpoint.md):
//
//   POST {endpoint.url}/v1/actions/{type}
//   Authorization: Bearer <endpoint.tokenEnv|tokenFile>   Idempotency-Key: <the call's key>
//   {"action": "avScan", "asset": "h1", "assetKind": "host", "params": {...canonical...},
//    "tenant": "t7" | null, "instance": "...", "playbook": "...", "object": {"kind": "alert", "id": "..."} |
//    null, "idempotencyKey": "..."}
//
// answered 200 {"status": "done" | "accepted" | "failed" | "duplicate", ...}
// or 4xx/5xx {"error": "..."}; `wait: true` polls GET {endpoint.url}/v1/tasks/{taskId}.
//
// Internal to actions/ (the registry reaches the bindings through
// make_endpoint_bindings, actions/bindings.h); the tests use validate(),
// canonical_params() and request_body() directly.
#pragma once

#include <string>
#include <string_view>

#include "actions/binding.h"
#include "actions/schema.h"
#include "value/value.h"

namespace riposte::actions::endpoint {

// True for the thirteen types above.
bool is_endpoint_action(std::string_view type);

// "" when `params` fit: the endpoint rules of validate.cpp's table (paths,
// pids, the isolation period, group paths, hash lists...), then the schema
// (validate_params, actions/param_validate.h).  Else "params.<path>: ...".
std::string validate(const ActionSchema& schema, const Value& params);

// The parameters as the connector receives them (valid ones only): null
// members dropped, hashes in lower case, port ranges as {"from", "to"},
// StringOrStrings as arrays, integral floats as integers.
Value canonical_params(const ActionSchema& schema, const Value& params);

// "host" or "user" (assignKasapGroup).
std::string_view asset_kind(const ActionSchema& schema);

// The JSON body of POST /v1/actions/{type} for this call.
std::string request_body(const ActionSchema& schema, const Call& call, const Value& canonical);

}  // namespace riposte::actions::endpoint
