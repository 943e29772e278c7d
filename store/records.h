// The rows the engine keeps: plain data, no behaviour.  The store
// (store/store.h) reads and writes them; the engine (engine/) decides what
// they may contain.  JSON documents (an alert, an algorithm, a change
// event) travel as their JSON text: the store never parses them.
// Times are RFC 3339 UTC strings with milliseconds ("2026-12-04T17:03:11.042Z"),
// so that text order is time order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace riposte::store {

struct TenantRow {
  std::string id;      // UUID
  std::string name;
  std::string parent;  // "" for the root tenant
  std::string created_at;
};

struct RoleGrant {
  std::string tenant;  // tenant id
  std::string role;    // api.md's name: "mainAdministrator", "tier1Analyst", ...
};

struct UserRow {
  std::string id;  // UUID
  std::string name;
  std::string email;
  std::vector<RoleGrant> roles;  // in the order they were granted
  std::string created_at;
};

struct TokenRow {
  std::string id;    // UUID, names the token in revoke calls
  std::string user;  // user id
  std::string hash;  // hex SHA-256 of the token text; the text itself is never stored
  std::string created_at;
  bool revoked = false;
};

enum class ObjectKind : uint8_t { Alert, Incident };

struct PlaybookRow {
  std::string id;  // UUID
  std::string tenant;
  std::string name;
  std::vector<std::string> tags;
  std::string description;
  ObjectKind scope = ObjectKind::Alert;
  std::string mode;            // "auto" | "training" | "manual"
  std::string launching_rule;  // "queue" | "terminateAndLaunch" | "skip"
  std::optional<std::string> trigger;  // jq text; none in manual mode
  std::string algorithm;               // JSON text, as the author wrote it
  bool inheritance = true;
  std::vector<std::string> excluded_tenants;  // child tenants that do not inherit it
  bool predefined = false;
  bool deleted = false;
  int64_t launches = 0;
  std::string created_at, created_by, updated_at, updated_by;
  int64_t seq = 0;  // set by the store on insert: creation order, the paging key
};

struct ChangelogRow {
  int64_t seq = 0;  // set by the store
  std::string playbook;
  std::string at;
  std::string user;
  std::string change;  // JSON text: {"action", "fields": [{"field", "before", "after"}], "diff"}
};

// An alert or an incident, stored whole, with the columns lists filter on.
struct ObjectRow {
  ObjectKind kind = ObjectKind::Alert;
  std::string internal_id;  // the object's InternalID (UUID), the key
  int64_t short_id = 0;     // the object's ID
  std::string tenant;       // TenantID
  std::string status;
  std::string severity;
  std::string created_at;  // the object's CreatedAt
  std::string updated_at;  // the object's UpdatedAt
  std::string json;        // the whole object
  int64_t seq = 0;         // set by the store on insert: arrival order, the paging key
};

// One change of a stored alert or incident: the change event of
// data-model.md and the object before and after it.
struct ObjectChangeRow {
  int64_t seq = 0;  // set by the store
  ObjectKind kind = ObjectKind::Alert;
  std::string object;  // InternalID
  std::string at;
  std::string user;
  std::string event;  // JSON text: {"manual": B, "updateOperations": [S]}
  std::string patch;  // JSON text of the request's change
};

// The first answer to a request that carried an Idempotency-Key, stored in
// the transaction of the write it acknowledges.
struct IdempotencyRow {
  std::string user;   // keys are per user
  std::string key;
  std::string route;  // "POST /api/v1/alerts"
  std::string request_hash;  // hex SHA-256 of the body: the same key with another body is refused
  int status = 0;
  std::string body;
  std::string created_at;
};

}  // namespace riposte::store
