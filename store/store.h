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
