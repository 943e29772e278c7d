// The compiled triggers the launcher matches objects with (engine.md,
// Launching): per scope, one TriggerSet over every playbook that may
// launch by itself (not Manual, not deleted, with a trigger), rebuilt from
// the store after every playbook save and swapped in whole: an evaluation
// that holds a snapshot finishes on it, and the next object sees the new
// one.  Per-playbook counters (evaluations, matches, errors) live beside
// the snapshots so that a rebuild keeps them.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/records.h"
#include "store/store.h"
#include "triggers/trigger_set.h"

namespace riposte::engine {

struct TriggerCounters {
  std::atomic<uint64_t> evaluated{0}, matched{0}, errors{0};
};

// What matching needs of one playbook of the snapshot.
struct CatalogEntry {
  store::PlaybookRow playbook;  // as saved (algorithm text included)
  std::string algorithm_key;    // sha256 of the algorithm text (store::Tx::put_algorithm)
  TriggerCounters* counters = nullptr;
};

struct CatalogSnapshot {
  uint64_t generation = 0;
  std::vector<CatalogEntry> entries;          // index i = trigger i of `set`
  std::unique_ptr<triggers::TriggerSet> set;  // null when there is no entry
};

class TriggerCatalog {
 public:
  // The snapshot of one scope (never null after the first rebuild).
  std::shared_ptr<const CatalogSnapshot> current(store::ObjectKind scope) const;
  // Reads every playbook from the store and compiles both scopes' sets.
  // Serialised, and coalesced: a caller (after its own commit) whose
  // request a rebuild that began later already covered returns at once, so
  // a burst of N concurrent saves costs about two rebuilds, not N.
  void rebuild(store::Store& store);
  // The counters of a playbook (created on first use; never freed).
  TriggerCounters& counters(const std::string& playbook);
  // Every playbook's counters, by id.
  std::vector<std::pair<std::string, const TriggerCounters*>> all_counters() const;

 private:
  mutable std::mutex mu_;  // guards the two pointers and the counters map
  std::mutex rebuild_mu_;
  std::shared_ptr<const CatalogSnapshot> alerts_, incidents_;
  std::map<std::string, std::unique_ptr<TriggerCounters>> counters_;
  uint64_t generation_ = 0;
  std::atomic<uint64_t> requested_{0};  // rebuild requests made
  uint64_t covered_ = 0;                // requests the last rebuild read the store after (under rebuild_mu_)
};

}  // namespace riposte::engine
