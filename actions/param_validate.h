// The run-time check of a call's evaluated parameters against the action's
// schema (actions/schema.h): what the algorithm validator
// (frontend/algorithm/param_check.cpp) checks of literal parameters, done
// again on the values a step computed (a whole `params` or one member given
// as `${...}` is only known when the step runs).  Generic: any binding may
// call it before it reaches its peer; the endpoint connector does
// (actions/endpoint/validate.h adds its own rules on top).
//
//   if (std::string why = validate_params(schema, call.params); !why.empty())
//     return Outcome::error(Failure::BadCall, call.type + ": " + why);
//
// The answer is "" when the parameters fit, else the first problem found,
// led by its JSON path from `params`:
//
//   params.scope.area: "quick" is not one of "full", "critical", "selective"
//   params.exclusions[1].remotePortRange: invalid port range "90-80": ...
//   params.md5: "abc" is not an MD5 hash: expected 32 hexadecimal digits
//   params.pidd: unknown key "pidd" (known: "pid", "path", "md5", "sha256")
//
// Rules (docs/actions-endpoint.md, "Validation"):
// - A member whose value is null counts as absent (a `${...}` that found
//   nothing); a required one is then missing.
// - Unknown keys are refused at every level (but in Any and AnyObject values,
//   and for `open` schemas, which accept any object).
// - Integers are exact integers or floats with an integral value (jq
//   arithmetic may produce 3600.0), within [min, max].
// - Strings of String parameters are non-empty and hold no NUL character.
// - Arrays of StringOrStrings are non-empty.
// - Port ranges: a port 1-65535 as a number or text, "FROM-TO", or
//   {"from": FROM, "to": TO}, with FROM <= TO.
// - The rules between keys (at least one, at most one, only when, required
//   when) as the schema states them; a rule's condition on a value of the
//   wrong type is left to that value's own error.
//
// Values are read only; nothing is kept.  Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "actions/schema.h"
#include "value/value.h"

namespace riposte::actions {

// "" when `params` (the evaluated parameters object) fits `schema`, else
// "params.<path>: <what is wrong>".
std::string validate_params(const ActionSchema& schema, const Value& params);

// The JSON path of a member or an element, as the messages write it:
// child_path("params", "scope") = "params.scope", child_path(p, "a b") =
// p + "[\"a b\"]", index_path(p, 2) = p + "[2]".
std::string param_child_path(std::string_view path, std::string_view key);
std::string param_index_path(std::string_view path, size_t index);

// A port range as the schema's PortRange accepts it: true and [from, to]
// set, or false.
bool parse_port_range(const Value& v, int& from, int& to);

}  // namespace riposte::actions
