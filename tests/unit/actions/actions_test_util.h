// Helpers of the actions/ tests: JSON in and out, a call in one line.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "actions/registry.h"
#include "value/json.h"

namespace riposte::actions::testing {

inline Value json(std::string_view text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text << ": " << err.message;
  return v;
}

inline Call make_call(std::string type, std::string_view params = "{}", std::optional<std::string> asset = {}) {
  Call c;
  c.type = std::move(type);
  c.params = json(params);
  c.asset = std::move(asset);
  c.idempotency_key = "key";
  return c;
}

// An asset for asset actions, none for the others.
inline std::optional<std::string> asset_for(const ActionSchema& a) {
  if (a.assets == AssetKind::None) return std::nullopt;
  return std::string("a1");
}

inline Registry& dry_run_registry(std::string mocks = "") {
  static thread_local std::unique_ptr<Registry> kept;
  MadeRegistry made = make_registry({.mode = Mode::DryRun, .mocks_json = std::move(mocks)});
  EXPECT_EQ(made.error, "");
  kept = std::move(made.registry);
  return *kept;
}

}  // namespace riposte::actions::testing
