#include "store/sqlite/migrations.h"

#include <string>

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace riposte::store::sqlite {

namespace {

// Kinds and scopes are stored as 'alert' | 'incident'.  Booleans are 0 | 1.
// seq columns are INTEGER PRIMARY KEY (the rowid): assigned on insert as one
// more than the largest, so increasing while rows are never deleted (the
// store has no delete).  Lists (tags, excluded tenants) are JSON arrays of
// strings.  Times are RFC 3339 UTC text, so text order is time order.
constexpr std::string_view kSchema1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tenants (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  parent     TEXT REFERENCES tenants(id),  -- NULL for the root tenant
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  email      TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE user_roles (
  user     TEXT NOT NULL REFERENCES users(id),
  tenant   TEXT NOT NULL REFERENCES tenants(id),
  role     TEXT NOT NULL,
  position INTEGER NOT NULL,  -- the order of the grants
  PRIMARY KEY (user, position)
) WITHOUT ROWID;
CREATE INDEX user_roles_tenant ON user_roles (tenant);

CREATE TABLE tokens (
  id         TEXT PRIMARY KEY NOT NULL,
  user       TEXT NOT NULL REFERENCES users(id),
  hash       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX tokens_user ON tokens (user);

CREATE TABLE playbooks (
  seq              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  tenant           TEXT NOT NULL REFERENCES tenants(id),
  name             TEXT NOT NULL,
  tags             TEXT NOT NULL DEFAULT '[]',
  description      TEXT NOT NULL,
  scope            TEXT NOT NULL CHECK (scope IN ('alert', 'incident')),
  mode             TEXT NOT NULL,
  launching_rule   TEXT NOT NULL,
  trigger          TEXT,  -- NULL: none (manual mode)
  algorithm        TEXT NOT NULL,
  inheritance      INTEGER NOT NULL CHECK (inheritance IN (0, 1)),
  excluded_tenants TEXT NOT NULL DEFAULT '[]',
  predefined       INTEGER NOT NULL CHECK (predefined IN (0, 1)),
  deleted          INTEGER NOT NULL CHECK (deleted IN (0, 1)),
  launches         INTEGER NOT NULL,
  created_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  updated_by       TEXT NOT NULL
);
CREATE UNIQUE INDEX playbooks_tenant_name ON playbooks (tenant, name) WHERE deleted = 0;

CREATE TABLE playbook_changelog (
  seq      INTEGER PRIMARY KEY,
  playbook TEXT NOT NULL REFERENCES playbooks(id),
  at       TEXT NOT NULL,
  user     TEXT NOT NULL,
  change   TEXT NOT NULL
);
CREATE INDEX playbook_changelog_playbook ON playbook_changelog (playbook, seq);

CREATE TABLE objects (
  seq         INTEGER PRIMARY KEY,  -- arrival order, the paging key
  kind        TEXT NOT NULL CHECK (kind IN ('alert', 'incident')),
  internal_id TEXT NOT NULL,
  short_id    INTEGER NOT NULL,
  tenant      TEXT NOT NULL REFERENCES tenants(id),
  status      TEXT NOT NULL,
  severity    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  json        TEXT NOT NULL,
  UNIQUE (kind, internal_id)
);
CREATE INDEX objects_kind_tenant ON objects (kind, tenant, seq);
CREATE INDEX objects_kind_status ON objects (kind, status, seq);
CREATE INDEX objects_kind_short_id ON objects (kind, short_id);

CREATE TABLE object_changes (
  seq    INTEGER PRIMARY KEY,
  kind   TEXT NOT NULL,
  object TEXT NOT NULL,
  at     TEXT NOT NULL,
  user   TEXT NOT NULL,
  event  TEXT NOT NULL,
  patch  TEXT NOT NULL,
  FOREIGN KEY (kind, object) REFERENCES objects (kind, internal_id)
);
CREATE INDEX object_changes_object ON object_changes (kind, object, seq);

CREATE TABLE idempotency (
  user         TEXT NOT NULL REFERENCES users(id),
  key          TEXT NOT NULL,
  route        TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (user, key)
) WITHOUT ROWID;
)sql";

// engine-launch: playbook instances, the algorithm texts they run,
// approvals and the response history (docs/store.md, "Schema").
// "end" and "group" are SQL keywords: quoted.  An instance's state and
// journal (the orchestrator's texts, the largest and rewritten at every
// step) are its last columns, so that lists, which leave them out, read
// the others from the row's first page without walking its overflow pages.
constexpr std::string_view kSchema2 = R"sql(
CREATE TABLE algorithms (
  key  TEXT PRIMARY KEY NOT NULL,  -- hex SHA-256 of the text
  text TEXT NOT NULL
);

CREATE TABLE instances (
  seq           INTEGER PRIMARY KEY,  -- launch order, the paging key
  id            TEXT NOT NULL UNIQUE,
  playbook      TEXT NOT NULL REFERENCES playbooks(id),
  playbook_name TEXT NOT NULL,
  tenant        TEXT NOT NULL REFERENCES tenants(id),
  kind          TEXT NOT NULL CHECK (kind IN ('alert', 'incident')),
  object        TEXT NOT NULL,
  status        TEXT NOT NULL,
  launched_by   TEXT NOT NULL,
  approver      TEXT NOT NULL,
  approval_time TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  start         TEXT NOT NULL,
  "end"         TEXT NOT NULL,
  due_at        TEXT NOT NULL,
  waiting_for   TEXT NOT NULL,
  algorithm     TEXT NOT NULL,
  input         TEXT NOT NULL,
  error         TEXT NOT NULL,
  state         TEXT NOT NULL,
  journal       TEXT NOT NULL,
  FOREIGN KEY (kind, object) REFERENCES objects (kind, internal_id)
);
CREATE INDEX instances_object_playbook ON instances (object, playbook, seq);
CREATE INDEX instances_status ON instances (status, seq);
CREATE INDEX instances_tenant ON instances (tenant, seq);

CREATE TABLE approvals (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL,
  instance     TEXT NOT NULL REFERENCES instances(id),
  playbook     TEXT NOT NULL,
  tenant       TEXT NOT NULL,
  object_kind  TEXT NOT NULL CHECK (object_kind IN ('alert', 'incident')),
  object       TEXT NOT NULL,
  step         TEXT NOT NULL,
  "group"      TEXT NOT NULL,
  action       TEXT NOT NULL,
  params       TEXT NOT NULL,
  assets       TEXT NOT NULL,
  decisions    TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  due_at       TEXT NOT NULL,
  email_at     TEXT NOT NULL,
  status       TEXT NOT NULL,
  decided_by   TEXT NOT NULL,
  decided_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX approvals_instance_group ON approvals (instance, "group");
CREATE INDEX approvals_status_due ON approvals (status, due_at);
CREATE INDEX approvals_status_email ON approvals (status, email_at);
CREATE INDEX approvals_tenant ON approvals (tenant, seq);

CREATE TABLE history (
  seq           INTEGER PRIMARY KEY,  -- first written; kept when the row is rewritten
  id            TEXT NOT NULL UNIQUE,
  instance      TEXT NOT NULL REFERENCES instances(id),
  playbook      TEXT NOT NULL,
  tenant        TEXT NOT NULL,
  kind          TEXT NOT NULL,
  name          TEXT NOT NULL,
  step          TEXT NOT NULL,
  params        TEXT NOT NULL,
  start         TEXT NOT NULL,
  "end"         TEXT NOT NULL,
  object_kind   TEXT NOT NULL CHECK (object_kind IN ('alert', 'incident')),
  object        TEXT NOT NULL,
  launched_by   TEXT NOT NULL,
  approver      TEXT NOT NULL,
  approval_time TEXT NOT NULL,
  status        TEXT NOT NULL,
  assets        INTEGER NOT NULL,
  asset_type    TEXT NOT NULL
);
CREATE INDEX history_tenant ON history (tenant, seq);
CREATE INDEX history_instance ON history (instance, seq);
)sql";

// The engine-facing actions (docs/actions-engine.md): the named indexes of
// the embedded store (indexEvents, mitreTechnique, riskScore) and the
// last incident createIncident made in each instance.  "index" is an SQL
// keyword: quoted.
constexpr std::string_view kSchema3 = R"sql(
CREATE TABLE index_documents (
  seq     INTEGER PRIMARY KEY,
  "index" TEXT NOT NULL,
  tenant  TEXT NOT NULL REFERENCES tenants(id),
  key     TEXT NOT NULL,
  doc     TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE INDEX index_documents_key ON index_documents ("index", tenant, key, seq);

CREATE TABLE instance_incidents (
  instance TEXT PRIMARY KEY NOT NULL,
  incident TEXT NOT NULL
) WITHOUT ROWID;
)sql";

constexpr Migration kMigrations[] = {
    {"the whole schema: meta, tenants, users, roles, tokens, playbooks, changelog, objects, changes, "
     "idempotency",
     kSchema1},
    {"engine-launch: instances, algorithms, approvals, history", kSchema2},
    {"engine-facing actions: index documents, the incident each instance created", kSchema3},
};

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

void migrate(Connection& conn) {
  const auto all = migrations();
  const int64_t known = static_cast<int64_t>(all.size());
  for (;;) {
    // Read the version inside the write transaction: two processes opening
    // the same new file do not both apply a migration.
    conn.exec("begin a migration", "BEGIN IMMEDIATE");
    try {
      int64_t version = conn.query_int("read the schema version", "PRAGMA user_version");
      int64_t application = conn.query_int("read the application id", "PRAGMA application_id");
      if (application != 0 && application != kApplicationId) {
        conn.fail("open", "the file is an SQLite database of another application (application_id " +
                              std::to_string(application) + ")");
      }
      if (version > known) {
        throw StoreError("store " + conn.path() + " has schema version " + std::to_string(version) +
                         ", this riposte knows up to " + std::to_string(known));
      }
      if (version < 0) conn.fail("open", "negative schema version " + std::to_string(version));
      if (version == known) {
        conn.exec("end the migrations", "COMMIT");
        return;
      }
      const Migration& m = all[static_cast<size_t>(version)];
      std::string purpose = "migration " + std::to_string(version + 1) + " (" + std::string(m.name) + ")";
      conn.exec(purpose, std::string(m.sql));
      // PRAGMAs take no parameters; both values are this program's integers.
      conn.exec(purpose, "PRAGMA user_version = " + std::to_string(version + 1));
      conn.exec(purpose, "PRAGMA application_id = " + std::to_string(kApplicationId));
      conn.exec(purpose, "COMMIT");
    } catch (...) {
      if (conn.in_transaction()) sqlite3_exec(conn.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

}  // namespace riposte::store::sqlite
