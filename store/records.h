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

// A playbook instance (engine.md, Launching): one run of a playbook's
// algorithm for one alert or incident.  `state` and `journal` are the
// orchestrator's texts (orchestrator/instance.h, journal.h), rewritten at
// every step boundary in the transaction of the step's history.
struct InstanceRow {
  std::string id;  // UUID
  std::string playbook;
  std::string playbook_name;  // as it was at launch (history shows it after a rename or delete)
  std::string tenant;         // the object's tenant
  ObjectKind kind = ObjectKind::Alert;
  std::string object;  // the object's InternalID
  std::string status;  // api.md's PascalCase vocabulary: "AwaitingApproval", "InProgress", "Success", ...
  std::string launched_by;  // user id; "" when a trigger launched it
  std::string approver;     // the user who approved the launch, or ""
  std::string approval_time;
  std::string created_at;   // launched (or asked for approval)
  std::string start, end;   // first step started; finished ("" while unfinished)
  std::string due_at;       // run deadline (playbookRunTimeout), or the launch approval's due time
  std::string waiting_for;  // the instance this one is queued behind (launching rule "queue"), or ""
  std::string algorithm;    // the key of the algorithm text it runs (Tx::put_algorithm)
  std::string input;        // JSON text: target objects {"observables", "assets"} or null
  std::string state;        // JSON text: the orchestrator's saved state, "" before the first step
  std::string journal;      // JSON text: the orchestrator's journal, "" when empty
  std::string error;        // why it ended when it did not succeed
  int64_t seq = 0;          // set by the store on insert: launch order, the paging key
};

// Whether an instance status is final: nothing more happens to it.
inline bool is_final_status(const std::string& s) { return s != "AwaitingApproval" && s != "InProgress"; }

// A request for approval (engine.md, Approvals): launching a Training-mode
// playbook (kind "launch"), or one responseAction step's call on its
// assets (kind "action", decided per asset).
struct ApprovalRow {
  std::string id;  // UUID
  std::string kind;  // "launch" | "action"
  std::string instance;
  std::string playbook;
  std::string tenant;  // the object's tenant
  ObjectKind object_kind = ObjectKind::Alert;
  std::string object;   // InternalID
  std::string step;     // action: the step's JSON path; "" for launch
  std::string group;    // action: the orchestrator's key of the step's call (without the asset); "" for launch
  std::string action;   // action: the action type
  std::string params;   // JSON text: the evaluated parameters (secrets masked), "" for launch
  std::string assets;   // JSON text: array of asset ids ("[]" for launch)
  std::string decisions;  // JSON text: {"<asset>": {"decision": "approve"|"reject", "user", "at"}}; launch: key ""
  std::string requested_at, due_at;
  std::string email_at;  // when to mail the approvers ("" = no mail or mailed)
  std::string status;    // "Pending" | "Approved" | "Rejected" | "Partial" | "Expired"
  std::string decided_by, decided_at;  // the last decision
  int64_t seq = 0;  // set by the store on insert
};

// One row of the response history (engine.md, History): a playbook instance
// (kind "playbook") or one responseAction step of it (kind "action").
// Written in the transaction of the instance's step boundary; rewritten
// (same id) while it changes.
struct HistoryRow {
  std::string id;  // instance id, or instance id + "/" + the step's index in the instance's records
  std::string instance;
  std::string playbook;
  std::string tenant;
  std::string kind;  // "playbook" | "action"
  std::string name;  // the playbook's name, or the action type
  std::string step;  // action: the step's JSON path
  std::string params;  // JSON text (secrets masked), "" for none
  std::string start, end;
  ObjectKind object_kind = ObjectKind::Alert;
  std::string object;  // InternalID
  std::string launched_by, approver, approval_time;
  std::string status;
  int64_t assets = 0;
  std::string asset_type;  // "device" | "user" | ""
  int64_t seq = 0;  // set by the store on first insert; kept on rewrite
};

// One document of a named index of the embedded store (the engine's side
// of indexEvents, mitreTechnique, riskScore: docs/actions-engine.md).  A
// document is per tenant; `key` is the value of the document field that
// identifies it for update-in-place ("" when it has none).
struct IndexDocumentRow {
  std::string index;   // the index's name ("mitre", "risk", or the action's own)
  std::string tenant;  // the tenant of the object whose playbook wrote it
  std::string key;
  std::string doc;      // JSON text: the document
  std::string created;  // first written (RFC 3339); kept when the document is replaced
  int64_t seq = 0;      // set by the store on insert: arrival order, the paging key
};

struct IndexDocumentFilter {
  std::string index;
  std::vector<std::string> tenants;  // empty = none at all
  std::string key;                   // "" = any
  int64_t after_seq = 0;
  size_t limit = 50;
};

}  // namespace riposte::store
