// The one interface to the engine's storage.  The engine (engine/) speaks
// only to this; store/sqlite/ implements it on one SQLite file (WAL) now,
// a PostgreSQL implementation will later.  No SQL leaves the
// implementations.
//
// Every read and write runs inside a transaction: `read` sees one
// consistent snapshot; `write` commits when its body returns true (and
// before `write` returns: a write the API acknowledges is on disk), and
// rolls back when the body returns false or throws.  Writes are
// serialised; reads may run beside them and beside each other.
//
// Failures of the storage itself (disk full, a corrupt file, a locked
// database past its timeout) throw StoreError: they are not the caller's
// fault and answer 503 at the API.  Everything the caller can get wrong is
// checked by the engine before it writes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/records.h"

namespace riposte::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a list of alerts or incidents is narrowed to.  Empty fields do not
// filter.  Rows come in arrival order (seq ascending), after `after_seq`.
struct ObjectFilter {
  ObjectKind kind = ObjectKind::Alert;
  std::vector<std::string> tenants;  // only objects of these tenants; empty = none at all
  std::string status;
  std::string severity;
  std::optional<int64_t> short_id;  // the object's ID
  std::string created_from;         // CreatedAt >= (RFC 3339 text)
  std::string created_to;           // CreatedAt <  (RFC 3339 text)
  bool open_only = false;           // Status != "closed"
  int64_t after_seq = 0;
  size_t limit = 50;
};

// What a list of instances, approvals or history rows is narrowed to.
// Empty fields do not filter; rows come in seq order after `after_seq`.
struct InstanceFilter {
  std::vector<std::string> tenants;  // only these tenants; empty = none at all
  std::string playbook;
  std::string object;                 // InternalID
  std::vector<std::string> statuses;  // any of these
  bool unfinished_only = false;       // AwaitingApproval or InProgress
  bool with_state = true;             // false: state and journal left empty (lists)
  int64_t after_seq = 0;
  size_t limit = 50;
};

struct ApprovalFilter {
  std::vector<std::string> tenants;  // empty = none at all
  std::string instance;
  std::string kind;
  std::string status;  // "Pending" for the pending ones
  int64_t after_seq = 0;
  size_t limit = 50;
};

struct HistoryFilter {
  std::vector<std::string> tenants;  // empty = none at all
  std::string instance, playbook, object, kind, status;
  std::string from, to;  // start >= from, start < to (RFC 3339 text)
  int64_t after_seq = 0;
  size_t limit = 50;
};

// One transaction.  Methods that insert fill the row's seq.
class Tx {
 public:
  virtual ~Tx() = default;

  // -- settings of the store ("bootstrapped" -> the root tenant id)
  virtual std::optional<std::string> meta(std::string_view key) = 0;
  virtual void set_meta(std::string_view key, std::string_view value) = 0;

  // -- tenants
  virtual void insert_tenant(const TenantRow& t) = 0;
  virtual std::optional<TenantRow> tenant(std::string_view id) = 0;
  virtual std::vector<TenantRow> tenants() = 0;  // every tenant, creation order

  // -- users and their roles
  virtual void insert_user(const UserRow& u) = 0;  // with u.roles
  virtual std::optional<UserRow> user(std::string_view id) = 0;
  virtual std::vector<UserRow> users() = 0;  // creation order
  virtual void set_roles(std::string_view user, const std::vector<RoleGrant>& roles) = 0;

  // -- tokens
  virtual void insert_token(const TokenRow& t) = 0;
  virtual std::optional<TokenRow> token(std::string_view id) = 0;
  virtual std::optional<TokenRow> token_by_hash(std::string_view hash) = 0;
  virtual void revoke_token(std::string_view id) = 0;

  // -- playbooks (deleted ones included; the engine hides them)
  virtual void insert_playbook(PlaybookRow& p) = 0;
  virtual void update_playbook(const PlaybookRow& p) = 0;  // every field but id and seq
  virtual std::optional<PlaybookRow> playbook(std::string_view id) = 0;
  virtual std::vector<PlaybookRow> playbooks() = 0;  // creation order
  virtual void insert_changelog(ChangelogRow& c) = 0;
  virtual std::vector<ChangelogRow> changelog(std::string_view playbook) = 0;  // oldest first

  // -- alerts and incidents
  virtual void insert_object(ObjectRow& o) = 0;
  virtual void update_object(const ObjectRow& o) = 0;  // by kind and internal_id; keeps seq
  virtual std::optional<ObjectRow> object(ObjectKind kind, std::string_view internal_id) = 0;
  virtual std::vector<ObjectRow> objects(const ObjectFilter& filter) = 0;
  virtual int64_t next_short_id(ObjectKind kind) = 0;  // one more than the largest ID stored
  virtual void insert_change(ObjectChangeRow& c) = 0;
  virtual std::vector<ObjectChangeRow> changes(ObjectKind kind, std::string_view internal_id) = 0;  // oldest first

  // -- idempotent requests
  virtual std::optional<IdempotencyRow> idempotency(std::string_view user, std::string_view key) = 0;
  virtual void insert_idempotency(const IdempotencyRow& r) = 0;

  // -- instances, their algorithms, approvals and history (engine-launch)
  virtual void insert_instance(InstanceRow& r) = 0;
  virtual void update_instance(const InstanceRow& r) = 0;  // every field but id and seq
  virtual std::optional<InstanceRow> instance(std::string_view id) = 0;
  virtual std::vector<InstanceRow> instances(const InstanceFilter& filter) = 0;
  // Instances by status over the whole store: {status, count} in status
  // order, for metrics.
  virtual std::vector<std::pair<std::string, int64_t>> instance_counts() = 0;
  // Algorithm texts by key (the hex SHA-256 of the text): an instance runs
  // the algorithm of its launch even after the playbook is edited.
  virtual void put_algorithm(std::string_view key, std::string_view text) = 0;  // no-op when present
  virtual std::optional<std::string> algorithm(std::string_view key) = 0;
  virtual void insert_approval(ApprovalRow& r) = 0;
  virtual void update_approval(const ApprovalRow& r) = 0;  // every field but id and seq
  virtual std::optional<ApprovalRow> approval(std::string_view id) = 0;
  // The action approval of one step call of one instance (ApprovalRow::group).
  virtual std::optional<ApprovalRow> approval_by_group(std::string_view instance, std::string_view group) = 0;
  virtual std::vector<ApprovalRow> approvals(const ApprovalFilter& filter) = 0;
  // Pending approvals whose due_at or email_at is at or before `now` (timers).
  virtual std::vector<ApprovalRow> approvals_due(std::string_view now) = 0;
  virtual void put_history(HistoryRow& r) = 0;  // insert, or rewrite the row of the same id (keeps seq)
  virtual std::vector<HistoryRow> history(const HistoryFilter& filter) = 0;
  virtual void add_launches(std::string_view playbook, int64_t n) = 0;  // PlaybookRow::launches += n

  // -- the named indexes of the embedded store and what the engine-facing
  // actions remember (migration 3; docs/actions-engine.md)
  virtual void insert_index_document(IndexDocumentRow& r) = 0;
  // Replaces the document (and nothing else) of the row of the same index,
  // tenant and key, the latest when several; false when there is none.
  virtual bool replace_index_document(const IndexDocumentRow& r) = 0;
  virtual std::vector<IndexDocumentRow> index_documents(const IndexDocumentFilter& filter) = 0;
  // The last incident createIncident made in an instance ("" key: none).
  virtual void set_instance_incident(std::string_view instance, std::string_view incident) = 0;
  virtual std::optional<std::string> instance_incident(std::string_view instance) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual void read(const std::function<void(Tx&)>& body) = 0;
  virtual void write(const std::function<bool(Tx&)>& body) = 0;
  // File bytes of the store (the bench reports them per alert).
  virtual uint64_t size_bytes() = 0;
};

}  // namespace riposte::store
