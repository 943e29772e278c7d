// The response actions a `responseAction` step may call and the schema of
// their parameters, as pure data (schemas.cpp holds the table, from the
// "Response action parameters" table of the vendor's playbook
// documentation and spec/actions.md).  Two readers: the algorithm validator
// (frontend/algorithm/param_check.cpp interprets it) and the binding
// registry (actions/registry.h binds every type of it).  This header and
// schemas.cpp depend on the standard library only (library
// riposte_action_schemas), so the frontend can use the table without
// depending on the bindings (docs/actions.md, "Layering").
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace riposte::actions {

enum class ParamType : uint8_t {
  Any,         // any JSON value
  Bool,
  Integer,     // within [min, max]
  String,      // non-empty
  Enum,        // one of `choices`
  Strings,     // array of strings
  StringOrStrings,
  Md5,         // 32 hexadecimal digits
  Sha256,      // 64 hexadecimal digits
  Md5List,
  Sha256List,
  IPv4,
  IPv6,
  PortRange,   // 80, "80", "1000-2000" or {"from": 1000, "to": 2000}
  Object,      // `fields`, `rules`
  ObjectList,  // array of Object
  AnyObject,   // an object with any members (headers, query, additional fields)
  Number,      // any number
  Fraction,    // a number from 0 to 1
};

// A constraint between the keys of one object.
enum class RuleKind : uint8_t {
  AtLeastOne,    // one of `keys` must be present
  AtMostOne,     // `keys` exclude each other
  OnlyWhen,      // keys[0] is allowed only when `when_key` is `when_value`
  RequiredWhen,  // keys[0] is required when `when_key` is `when_value`
};

struct ParamRule {
  RuleKind kind;
  std::span<const std::string_view> keys;
  std::string_view when_key = {};
  std::string_view when_value = {};
};

struct ParamSpec {
  std::string_view name;
  ParamType type;
  bool required = false;
  std::span<const std::string_view> choices = {};  // Enum
  int64_t min = 0, max = 0;                        // Integer
  std::span<const ParamSpec> fields = {};          // Object, ObjectList
  std::span<const ParamRule> rules = {};           // Object, ObjectList
};

// What the action's `assets` are.
enum class AssetKind : uint8_t { None, Users, Hosts, HostsOrUsers };
std::string_view describe(AssetKind k);

struct ActionSchema {
  std::string_view type;
  AssetKind assets;
  std::span<const ParamSpec> params;
  std::span<const ParamRule> rules = {};
  bool open = false;  // parameters not documented: any object is accepted
};

// The action named `type`, or null.
const ActionSchema* find_action(std::string_view type);
std::span<const ActionSchema> all_actions();

}  // namespace riposte::actions
