#include "engine/trigger_catalog.h"

#include "engine/ids.h"

namespace riposte::engine {

std::shared_ptr<const CatalogSnapshot> TriggerCatalog::current(store::ObjectKind scope) const {
  std::lock_guard<std::mutex> lock(mu_);
  return scope == store::ObjectKind::Alert ? alerts_ : incidents_;
}

TriggerCounters& TriggerCatalog::counters(const std::string& playbook) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = counters_[playbook];
  if (!slot) slot = std::make_unique<TriggerCounters>();
  return *slot;
}

std::vector<std::pair<std::string, const TriggerCounters*>> TriggerCatalog::all_counters() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::pair<std::string, const TriggerCounters*>> out;
  for (const auto& [id, c] : counters_) out.emplace_back(id, c.get());
  return out;
}

void TriggerCatalog::rebuild(store::Store& store) {
  const uint64_t mine = ++requested_;
  std::lock_guard<std::mutex> serial(rebuild_mu_);
  if (covered_ >= mine) return;  // a rebuild that read the store after my commit is in place
  // Every request counted so far was made after its commit: the read below sees them all.
  const uint64_t covering = requested_.load();
  std::vector<store::PlaybookRow> rows;
  store.read([&](store::Tx& tx) { rows = tx.playbooks(); });
  auto make = [&](store::ObjectKind scope) {
    auto snap = std::make_shared<CatalogSnapshot>();
    std::vector<triggers::TriggerSpec> specs;
    for (store::PlaybookRow& p : rows) {
      if (p.deleted || p.scope != scope || p.mode == "manual" || !p.trigger) continue;
      specs.push_back(triggers::TriggerSpec{
          p.id, *p.trigger,
          scope == store::ObjectKind::Alert ? triggers::Scope::Alert : triggers::Scope::Incident});
      CatalogEntry e;
      e.algorithm_key = sha256_hex(p.algorithm);
      e.counters = &counters(p.id);
      e.playbook = p;
      snap->entries.push_back(std::move(e));
    }
    if (!specs.empty()) snap->set = std::make_unique<triggers::TriggerSet>(std::move(specs));
    return snap;
  };
  auto alerts = make(store::ObjectKind::Alert);
  auto incidents = make(store::ObjectKind::Incident);
  std::lock_guard<std::mutex> lock(mu_);
  alerts->generation = incidents->generation = ++generation_;
  alerts_ = std::move(alerts);
  incidents_ = std::move(incidents);
  covered_ = covering;
}

}  // namespace riposte::engine
