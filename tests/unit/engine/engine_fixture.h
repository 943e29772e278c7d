// A Service over a fresh SQLite store with a small tenant tree and callers
// built by hand (tenants and users inserted through the store's Tx until
// the engine's own tenant and user operations land):
//
//   root ── A ── A1
//       └── B
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "engine/predefined.h"
#include "engine/service.h"
#include "store/sqlite/sqlite_store.h"
#include "value/json.h"

namespace riposte::engine::testing {

inline Value J(std::string_view text) {
  Value v;
  JsonError err;
  if (!parse_json(text, v, err)) ADD_FAILURE() << "bad JSON in test: " << err.message << ": " << text;
  return v;
}

inline std::string str(const Value& v, std::string_view key) {
  const Value* m = v.find(key);
  return m && m->is_string() ? std::string(m->str()) : std::string();
}

inline constexpr std::string_view kAlgorithm =
    R"({"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
        "executionFlow": [{"responseAction": {"function": {"type": "blockLDAPAccount",
          "assets": "${[alert.Assets[] | select(.Type == \"user\") | .ID]}"}}}]})";

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("riposte_engine_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) + ".db"))
                .string();
    std::filesystem::remove(path_);
    store_ = store::sqlite::open(path_, store::sqlite::Options{store::sqlite::Options::Sync::Normal, 5000});
    service_ = std::make_unique<Service>(*store_);
    store_->write([&](store::Tx& tx) {
      tx.insert_tenant({root, "Root", "", "2026-01-01T00:00:00.000Z"});
      tx.insert_tenant({a, "A", root, "2026-01-01T00:00:00.000Z"});
      tx.insert_tenant({a1, "A1", a, "2026-01-01T00:00:00.000Z"});
      tx.insert_tenant({b, "B", root, "2026-01-01T00:00:00.000Z"});
      if (with_predefined_) install_predefined_playbooks(tx, root, "u-admin");
      return true;
    });
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove(path_);
    std::filesystem::remove(path_ + "-wal");
    std::filesystem::remove(path_ + "-shm");
  }

  static Caller caller(std::string user, std::string tenant, std::string role) {
    return Caller{std::move(user), {store::RoleGrant{std::move(tenant), std::move(role)}}};
  }

  // A valid create body for `tenant`, with `extra` members merged over it.
  Value body(const std::string& tenant, std::string_view name, std::string_view extra = "{}") {
    Value v = J(R"({"scope": "alert", "mode": "auto", "trigger": ".Severity == \"high\"", "tags": ["t1"],
                    "description": "blocks users"})");
    v.set("tenant", Value::string(tenant));
    v.set("name", Value::string(name));
    v.set("algorithm", J(kAlgorithm));
    const Value more = J(extra);
    for (const auto& [k, x] : more.entries()) {
      if (x.is_string() && x.str() == "$absent") v.erase(k);
      else v.set(k, x);
    }
    return v;
  }

  // Creates a playbook as the main administrator; its id.
  std::string create(const std::string& tenant, std::string_view name, std::string_view extra = "{}") {
    auto r = service_->create_playbook(admin, body(tenant, name, extra));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.problem().detail);
    return r.ok() ? str(r.value().body, "id") : "";
  }

  const std::string root = "00000000-0000-4000-8000-000000000001";
  const std::string a = "00000000-0000-4000-8000-00000000000a";
  const std::string a1 = "00000000-0000-4000-8000-0000000000a1";
  const std::string b = "00000000-0000-4000-8000-00000000000b";
  const Caller admin = caller("u-admin", root, "mainAdministrator");

  bool with_predefined_ = false;
  std::string path_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Service> service_;
  static inline int counter_ = 0;
};

}  // namespace riposte::engine::testing
