#include "actions/mocks.h"

#include <fmt/format.h>

#include "value/json.h"

namespace riposte::actions {

namespace {
constexpr std::string_view kPerAsset = "$perAsset";

// The message of an `error` or `warning` member: a string as it is, any
// other value as compact JSON.
std::string message_of(const Value& v) { return v.is_string() ? std::string(v.str()) : to_json(v); }

// What is wrong with the mock of one type, or "".
std::string check_mock(const ActionSchema& action, const Value& mock) {
  const Value* per_asset = mock.find(kPerAsset);
  if (!per_asset) return {};
  std::string at = fmt::format("mocks.{}", action.type);
  if (action.assets == AssetKind::None) return fmt::format("{}: {} is for asset actions; {} takes no assets", at, kPerAsset, action.type);
  if (mock.size() != 1) return fmt::format("{}: {} must be the only member", at, kPerAsset);
  if (!per_asset->is_object())
    return fmt::format("{}.{}: must be an object of asset ID -> mock, got {}", at, kPerAsset, per_asset->type_name());
  return {};
}

// The mock that applies to `asset`: the per-asset one (or its "*"), or
// the mock itself.  Null when a per-asset table has nothing for it.
const Value* pick(const Value& mock, const std::optional<std::string>& asset) {
  const Value* per_asset = mock.find(kPerAsset);
  if (!per_asset) return &mock;
  if (asset)
    if (const Value* m = per_asset->find(*asset)) return m;
  return per_asset->find("*");
}
}  // namespace

Mocks parse_mocks(std::string_view json) {
  Mocks out;
  Value v;
  JsonError err;
  if (!parse_json(json, v, err)) {
    out.error = fmt::format("mocks: {} at line {}, column {}", err.message, err.line, err.column);
    return out;
  }
  if (!v.is_object()) {
    out.error = fmt::format("mocks: must be an object of action type -> mock, got {}", v.type_name());
    return out;
  }
  for (const auto& [type, mock] : v.entries()) {
    const ActionSchema* action = find_action(type);
    if (!action) {
      out.error = fmt::format("mocks: unknown action type \"{}\"", type);
      return out;
    }
    if (std::string why = check_mock(*action, mock); !why.empty()) {
      out.error = std::move(why);
      return out;
    }
    out.by_type.emplace(type, to_json(mock));
  }
  return out;
}

Outcome mock_outcome(std::string_view mock_json, const std::optional<std::string>& asset) {
  Value whole;
  JsonError err;
  parse_json(mock_json, whole, err);  // checked by parse_mocks
  const Value* mock = pick(whole, asset);
  if (!mock) return Outcome::success(Value::object(Object{{"dryRun", Value::boolean(true)}}));
  if (const Value* e = mock->find("error")) return Outcome::error(Failure::Action, message_of(*e), *mock);
  if (const Value* w = mock->find("warning")) return Outcome::warning(*mock, message_of(*w));
  return Outcome::success(*mock);
}

}  // namespace riposte::actions
