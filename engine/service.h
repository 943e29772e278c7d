// The engine as a service (../shared/spec/engine.md): tenants, users and
// roles, tokens, playbooks, alerts and incidents, with every rule of the
// spec enforced here, whichever way a call comes (the HTTP API of server/,
// the command line of tools/).  No SQL (store/store.h is the port to the
// storage) and no HTTP (requests and answers are JSON values; the server
// maps them to routes and status codes).
//
// Every operation takes the authenticated Caller and answers 404 for an
// object of a tenant the caller may not read, 403 for one it may read but
// not change (api.md, Conventions).  Request bodies are checked strictly:
// an unknown field, a wrong type or a value out of its limits is refused
// with the JSON path of the field, and nothing is written.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace riposte::actions {
class EnginePort;
}
namespace riposte::actions::config {
class ActionConfig;
}

#include "engine/cursor.h"
#include "engine/outcome.h"
#include "store/records.h"
#include "store/store.h"
#include "value/value.h"

namespace riposte::engine {

// Who is calling: the user a bearer token names, with the roles it holds.
struct Caller {
  std::string user;
  std::vector<store::RoleGrant> roles;
  // Who a change is recorded as (an object's changes), when not `user`: a
  // playbook's own edits (engine/engine_port.h: "playbook:P/instance:I").
  std::string author = {};
  const std::string& shown() const { return author.empty() ? user : author; }
};

// Paging of every list (api.md: limit default 50, at most 1000; the cursor
// is opaque to clients).
struct Page {
  size_t limit = 50;
  std::string cursor;  // "" = from the start
};

// {"items": [...], "next": "<cursor>" | null}
struct Listing {
  std::vector<Value> items;
  std::string next;  // "" = no more
};

// A page of rows read with limit + 1 (the extra row says there is more),
// as `to_value` shows each: the listing and the cursor after its last item.
template <class Row, class ToValue>
Listing page_of(const std::vector<Row>& rows, size_t limit, ToValue to_value) {
  Listing out;
  for (size_t i = 0; i < rows.size() && i < limit; ++i) out.items.push_back(to_value(rows[i]));
  if (rows.size() > limit) out.next = encode_cursor(rows[limit - 1].seq);
  return out;
}

// Query filters of GET /playbooks, named after the fields.
struct PlaybookQuery {
  std::string tenant;
  std::vector<std::string> tags;  // every one must be present
  std::string mode;
  std::string scope;
  std::string text;  // in the name or the description, case-insensitive
  bool include_deleted = false;
};

// Query filters of GET /alerts and /incidents, named after the fields.
struct ObjectQuery {
  std::string tenant;  // TenantID; "" = every tenant the caller may read
  std::string status;
  std::string severity;
  std::optional<int64_t> id;  // the short ID
  std::string created_from, created_to;
};

// Query filters of GET /instances, /approvals and /history, named after
// the fields of their resources (api.md).
struct InstanceQuery {
  std::string tenant, playbook, object_id, status;
};
struct ApprovalQuery {
  std::string tenant, instance, kind;
  std::string status = "Pending";  // "" = every status
};
struct HistoryQuery {
  std::string tenant, instance, playbook, object_id, kind, status;
  std::string from, to;  // start time range (RFC 3339)
};

// An Idempotency-Key and what the request carried, to tell a replay from
// a different request reusing the key.
struct Idempotency {
  std::string key;
  std::string route;         // "POST /api/v1/alerts"
  std::string request_hash;  // hex SHA-256 of the body
};

// A created or replayed answer.  `replayed`: the key was seen, `body` is
// the first answer and nothing was written.
struct Created {
  Value body;
  int status = 201;
  bool replayed = false;
};

// Counters the metrics endpoint shows; written by the engine, read by
// anyone, lock-free.
struct Stats {
  std::atomic<uint64_t> alerts_ingested{0};
  std::atomic<uint64_t> incidents_ingested{0};
  std::atomic<uint64_t> objects_changed{0};
  std::atomic<uint64_t> triggers_evaluated{0};
  std::atomic<uint64_t> trigger_matches{0};
  std::atomic<uint64_t> trigger_errors{0};
  std::atomic<uint64_t> playbooks_saved{0};
  std::atomic<uint64_t> auth_failures{0};
  std::atomic<uint64_t> instances_launched{0};
  std::atomic<uint64_t> approvals_requested{0};
  std::atomic<uint64_t> emails_sent{0};
  std::atomic<uint64_t> email_failures{0};
};

// One line of the metrics a labelled counter or gauge shows.
struct LabelledCount {
  std::vector<std::pair<std::string, std::string>> labels;  // {"playbook", id}, {"status", "Success"}, ...
  uint64_t value = 0;
};

// Labelled metrics (api.md, /metrics): triggers evaluated, matches and
// errors per playbook; instances by status; action calls by type and status.
struct LabelledMetrics {
  std::vector<LabelledCount> trigger_evaluations, trigger_matches, trigger_errors;  // label playbook
  std::vector<LabelledCount> instances;                                              // label status
  std::vector<LabelledCount> calls;                                                  // labels type, status
};

// Told about every alert or incident stored or changed, after its
// transaction committed: where the launcher of engine-launch plugs in.
class ObjectListener {
 public:
  virtual ~ObjectListener() = default;
  // `event`: the change event of data-model.md ({"manual", "updateOperations"}).
  virtual void on_object(store::ObjectKind kind, const Value& object, const Value& event) = 0;
};

struct Runtime;        // engine/runtime.h
class StorePort;       // engine/engine_port.h
struct LaunchEffects;  // engine/runtime.h

// What the runtime runs instances with.
struct RuntimeOptions {
  unsigned workers = 2;           // instances run at once
  unsigned fan_out_pool = 4;      // threads of one parallel split / scatter-gather
  double time_scale = 1;          // --time-scale: every duration elapses this many times faster
  std::string bindings = "dry-run";  // "dry-run" | "real" (actions/registry.h)
  std::string mocks_json;         // dry-run mocks (docs/actions.md)
  Value config;                   // --config (actions.md), as read
  // --config parsed (actions/config/config.h): the bindings' connections and
  // "smtp" for approvers' mail; null = none
  std::shared_ptr<const actions::config::ActionConfig> action_config;
  int64_t launch_approval_timeout_ms = 24ll * 3600 * 1000;  // Training launches wait this long
  int64_t launch_email_delay_ms = 10ll * 60 * 1000;         // and mail approvers after this
  size_t stack_bytes = size_t(512) << 20;  // of each worker thread (support/thread.h)
  // The engine-facing bindings' port (actions/engine_port.h); null: the
  // Service's own (start_runtime fills it).
  actions::EnginePort* engine = nullptr;
};

class Service {
 public:
  explicit Service(store::Store& store);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  Stats& stats() { return stats_; }
  // What the engine-facing bindings (createIncident, runPlaybook, the alert
  // and incident edits, the named indexes) act through: engine/engine_port.h.
  actions::EnginePort& engine_port();
  void set_listener(ObjectListener* listener) { listener_ = listener; }

  // -- set-up and authentication
  // Creates the root tenant, a Main administrator and its first token, and
  // loads the predefined playbooks: {"tenant", "user", "token"}.  409 when
  // the store was bootstrapped before.
  Outcome<Value> bootstrap(std::string_view tenant_name = "Root", std::string_view user_name = "admin");
  // The bootstrap's Main administrator on the root tenant, as a caller:
  // for the engine's own command line (`riposte process`), never the API.
  Outcome<Caller> administrator();
  // The caller a bearer token names; 401 when unknown or revoked.
  Outcome<Caller> authenticate(std::string_view token);

  // -- tenants: {"name", "parent"} -> Tenant
  Outcome<Created> create_tenant(const Caller& c, const Value& body);
  Outcome<Value> get_tenant(const Caller& c, std::string_view id);
  Outcome<Listing> list_tenants(const Caller& c, const Page& page);

  // -- users: {"name", "email", "roles": [{"tenant", "role"}]} -> User
  Outcome<Created> create_user(const Caller& c, const Value& body);
  Outcome<Value> get_user(const Caller& c, std::string_view id);
  Outcome<Listing> list_users(const Caller& c, const Page& page);
  Outcome<Value> set_roles(const Caller& c, std::string_view user, const Value& body);  // [{"tenant","role"}]

  // -- tokens: {"user"} -> {"id", "token"}; revoke by token id
  Outcome<Created> issue_token(const Caller& c, const Value& body);
  Outcome<Value> revoke_token(const Caller& c, std::string_view id);

  // -- playbooks (engine.md, Playbooks)
  Outcome<Created> create_playbook(const Caller& c, const Value& body);
  Outcome<Value> get_playbook(const Caller& c, std::string_view id);
  Outcome<Listing> list_playbooks(const Caller& c, const PlaybookQuery& q, const Page& page);
  Outcome<Value> update_playbook(const Caller& c, std::string_view id, const Value& body);
  Outcome<Created> duplicate_playbook(const Caller& c, std::string_view id, const Value& body);
  Outcome<Listing> playbook_changelog(const Caller& c, std::string_view id, const Page& page);
  Outcome<Value> delete_playbook(const Caller& c, std::string_view id);
  // {"scope", "trigger"} -> the caller's stored objects the trigger matches.
  Outcome<Listing> find(const Caller& c, const Value& body, const Page& page);

  // -- checks without saving: {"scope", "trigger"} and {"algorithm"} ->
  // {"ok": bool, "diagnostics": [...]}
  Outcome<Value> check_trigger(const Caller& c, const Value& body);
  Outcome<Value> check_algorithm(const Caller& c, const Value& body);

  // -- alerts and incidents
  // One object (batch = false: 201 with the stored object's {"id", ...}) or
  // a JSON Lines batch (batch = true: 200 {"accepted": n, "ids": [...]}),
  // stored in one transaction: all lines or none.  A bad object is refused
  // with its line (1-based) in the detail and nothing is stored.
  //
  // `texts` are JSON texts as they came: for a single object, the one body;
  // for a batch, the lines of the JSON Lines body in order (blank lines are
  // skipped but counted, so that problems name the body's line numbers).
  // A text that is not JSON is a 400 "Malformed JSON" naming its line and
  // column (a json-syntax diagnostic), before anything else is looked at.
  // An object is stored as its own text with the members intake assigns
  // written in front of the others (docs/bench.md, "Intake").  The texts are
  // read before the call returns and not kept.
  Outcome<Created> ingest(const Caller& c, store::ObjectKind kind, std::span<const std::string_view> texts,
                          bool batch, const std::optional<Idempotency>& idem);
  // The same for objects already parsed (each is ingested as its JSON text).
  Outcome<Created> ingest(const Caller& c, store::ObjectKind kind, std::span<const Value> objects, bool batch,
                          const std::optional<Idempotency>& idem);
  // A batch for `riposte process`: its objects are matched under the given
  // change events (one per text, as `riposte match --events` reads them;
  // none: alertCreated / incidentCreated), and problems name the line of
  // the file (`first_line` lines come before the first text).
  Outcome<Created> ingest_with_events(const Caller& c, store::ObjectKind kind, std::span<const std::string_view> texts,
                                      std::span<const Value> events, const std::optional<Idempotency>& idem,
                                      size_t first_line = 0);
  Outcome<Value> get_object(const Caller& c, store::ObjectKind kind, std::string_view id);
  Outcome<Listing> list_objects(const Caller& c, store::ObjectKind kind, const ObjectQuery& q, const Page& page);
  // A change (api.md): applies it, derives the change event, stores both.
  Outcome<Value> patch_object(const Caller& c, store::ObjectKind kind, std::string_view id, const Value& body);
  // The stored changes of one object, oldest first.
  Outcome<Listing> object_changes(const Caller& c, store::ObjectKind kind, std::string_view id, const Page& page);

  // -- launching and running (engine.md, Launching, Approvals, History)
  // Manual launch: {"objectId", "targets"?: {"observables", "assets"},
  // "ifRunning"?: "wait"|"terminate"|"cancel"} -> 201 the Instance (or 200
  // {"launched": false, "reason"} when ifRunning is cancel and one runs).
  Outcome<Created> launch(const Caller& c, std::string_view playbook, const Value& body,
                          const std::optional<Idempotency>& idem);
  // Progress of the last "launch for all matching" of a playbook:
  // {"state": "running"|"done"|"none", "total", "scanned", "matched", "launched"}.
  Outcome<Value> launch_progress(const Caller& c, std::string_view playbook);
  Outcome<Listing> list_instances(const Caller& c, const InstanceQuery& q, const Page& page);
  Outcome<Value> get_instance(const Caller& c, std::string_view id);
  // {"ids": [...]} -> {"terminated": [ids], "unchanged": [ids already final]}.
  Outcome<Value> terminate(const Caller& c, const Value& body);
  Outcome<Listing> list_approvals(const Caller& c, const ApprovalQuery& q, const Page& page);
  // {"ids": [...], "assets"?: [...], "decision": "approve"|"reject"} ->
  // {"decided": [Approval...]}.
  Outcome<Value> decide(const Caller& c, const Value& body);
  Outcome<Listing> list_history(const Caller& c, const HistoryQuery& q, const Page& page);
  LabelledMetrics labelled_metrics();

  // -- the runtime: the worker pool that runs instances, the timers of
  // approvals and run deadlines, the approvers' mail.  Without it, matches
  // are still recorded (instances wait InProgress, approvals Pending) and
  // run when a runtime starts on the same store.
  void start_runtime(const RuntimeOptions& options);
  void stop_runtime();  // finishes the steps under way at their next boundary; idempotent
  // Waits until no instance is runnable or running (every unfinished one
  // waits for an approval, a timer or another instance); false on timeout.
  bool wait_idle(int64_t timeout_ms);

 private:
  // After a playbook save: the launcher's triggers are rebuilt, and a
  // "launch for all matching" starts.
  Outcome<Created> ingest_texts(const Caller& c, store::ObjectKind kind, std::span<const std::string_view> texts,
                                bool batch, const std::optional<Idempotency>& idem, std::span<const Value> events,
                                size_t first_line = 0);
  void playbooks_changed(const store::PlaybookRow* launch_all, const std::string& user);
  Value playbook_resource(const store::PlaybookRow& p, bool available);
  void terminate_on_mode_change(store::Tx& tx, const store::PlaybookRow& p, bool all, const std::string& now,
                                LaunchEffects& fx);

  friend class StorePort;
  store::Store& store_;
  Stats stats_;
  ObjectListener* listener_ = nullptr;
  std::unique_ptr<Runtime> runtime_;
  std::unique_ptr<StorePort> engine_port_;
};

}  // namespace riposte::engine
