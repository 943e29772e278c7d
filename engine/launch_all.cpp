// "Launch for all matching alerts/incidents" (engine.md, Playbooks): after
// a create or an edit that asks for it, the playbook's trigger is evaluated
// with `event == null` over every stored object of its scope that is not
// closed and that a tenant holding the playbook owns, in pages of arrival
// order, and each match launches by the playbook's rules.  Progress is
// readable while it runs (GET /playbooks/{id}/launch-progress).
#include "engine/ids.h"
#include "engine/playbook_access.h"
#include "engine/runtime.h"
#include "triggers/trigger_set.h"
#include "value/json.h"

namespace riposte::engine {

void Runtime::launch_for_all(const store::PlaybookRow& p, const std::string& user) {
  if (!p.trigger || p.deleted) return;
  auto progress = std::make_shared<LaunchAllProgress>();
  progress->running = true;
  std::lock_guard<std::mutex> lock(mu);
  launch_all[p.id] = progress;
  background_.emplace_back(
      [this, p, user, progress] {
        try {
          scan_for_launch(p, user, *progress);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "riposte: launch for all matching %s: %s\n", p.id.c_str(), e.what());
        }
        progress->running = false;
      },
      options.stack_bytes);
}

void Runtime::scan_for_launch(const store::PlaybookRow& p, const std::string& user,
                              LaunchAllProgress& progress) {
  triggers::Scope scope =
      p.scope == store::ObjectKind::Alert ? triggers::Scope::Alert : triggers::Scope::Incident;
  triggers::TriggerSet set({triggers::TriggerSpec{p.id, *p.trigger, scope}});
  std::string key = sha256_hex(p.algorithm);
  int64_t after = 0;
  for (;;) {
    std::vector<store::ObjectRow> rows;
    store.read([&](store::Tx& tx) {
      TenantTree tree(tx.tenants());
      store::ObjectFilter f;
      f.kind = p.scope;
      for (const store::TenantRow& t : tree.all())
        if (playbook_held_by(tree, p, t.id)) f.tenants.push_back(t.id);
      f.open_only = true;
      f.after_seq = after;
      f.limit = 1000;
      rows = tx.objects(f);
    });
    if (rows.empty() || stopping()) break;
    progress.total += rows.size();
    std::vector<const store::ObjectRow*> matched;
    for (const store::ObjectRow& r : rows) {
      Value object;
      JsonError err;
      if (parse_json(r.json, object, err) &&
          set.evaluate(0, object, Value::null()).verdict == triggers::Verdict::Match)
        matched.push_back(&r);
      ++progress.scanned;
    }
    after = rows.back().seq;
    if (matched.empty()) continue;
    LaunchEffects fx;
    store.write([&](store::Tx& tx) {
      fx = LaunchEffects();
      for (const store::ObjectRow* r : matched) {
        LaunchAsk ask;
        ask.playbook = &p;
        ask.algorithm_key = key;
        ask.kind = p.scope;
        ask.object = r->internal_id;
        ask.tenant = r->tenant;
        ask.launched_by = user;
        launch(tx, ask, now_rfc3339(), fx);
      }
      return true;
    });
    progress.matched += matched.size();
    progress.launched += fx.created.size();
    apply(fx);
  }
}

}  // namespace riposte::engine
