// The schema of the store, as the ordered list of migrations that build it
// (docs/store.md).  A file's `PRAGMA user_version` is the number of
// migrations applied to it; `migrate` applies the missing ones at open, each
// in its own transaction, and refuses a file newer than this program.
// Migrations are append-only: one that shipped is never edited.
#pragma once

#include <span>
#include <string_view>

namespace riposte::store::sqlite {

class Connection;

struct Migration {
  std::string_view name;  // what it does, for errors and docs
  std::string_view sql;   // one or more statements
};

// Every migration, oldest first: migration N (1-based) brings user_version to N.
std::span<const Migration> migrations();

// The application_id of a riposte store file ("RPST").
inline constexpr int kApplicationId = 0x52505354;

// Brings the file of `conn` (open read-write) to the newest schema.  Throws
// StoreError naming the file when its schema is newer than this program's,
// when it belongs to another application, or when a migration fails (that
// migration is rolled back; the ones before it stay).
void migrate(Connection& conn);

}  // namespace riposte::store::sqlite
