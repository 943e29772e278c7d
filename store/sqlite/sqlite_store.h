// The embedded store: riposte::store::Store on one SQLite file in WAL mode
// (docs/store.md).  One write connection, writes serialised behind a mutex
// (BEGIN IMMEDIATE ... COMMIT, committed before write() returns); a pool of
// read-only connections, one per concurrent reader, each read one snapshot
// that writes do not block.  The schema's migrations are applied at open.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace riposte::store::sqlite {

struct Options {
  // Full: every commit is fsynced before write() returns (survives a power
  // cut).  Normal: a commit reaches the OS but is fsynced only at
  // checkpoints (survives a crash of the process, kill -9, not a power cut).
  enum class Sync { Full, Normal } sync = Sync::Full;
  // How long a statement waits for a lock held by another process.
  int busy_timeout_ms = 5000;
};

// Opens the store file at `path`, creating it when missing, and brings its
// schema up to date.  Throws StoreError naming the file when it cannot be
// opened, is not a database (or not riposte's), cannot be put in WAL mode,
// or has a schema newer than this program knows.
std::unique_ptr<Store> open(const std::string& path, const Options& options = {});

}  // namespace riposte::store::sqlite
