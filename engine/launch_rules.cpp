// The launching rules of engine.md, inside the write transaction that
// stores an object, its change, a manual launch or a decision: which
// playbooks a stored object launches, what an instance of the same
// playbook already under way for the object means (queue, terminate and
// launch, skip; ifRunning for manual launches), Training's launch
// approvals, and terminating.
#include <fmt/format.h>

#include <algorithm>

#include "engine/ids.h"
#include "engine/instance_json.h"
#include "engine/playbook_access.h"
#include "engine/resources.h"
#include "engine/runtime.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

std::string text_member(const Value& o, std::string_view key) {
  const Value* v = o.find(key);
  return v && v->is_string() ? std::string(v->str()) : std::string();
}

// An instance waiting for the approval of its launch has not started.
bool awaits_launch(const store::InstanceRow& r) {
  return r.status == "AwaitingApproval" && r.start.empty();
}

std::vector<store::InstanceRow> unfinished(store::Tx& tx, const LaunchAsk& ask) {
  store::InstanceFilter f;
  f.tenants = {ask.tenant};
  f.playbook = ask.playbook->id;
  f.object = ask.object;
  f.unfinished_only = true;
  f.with_state = false;
  f.limit = 10'000;
  return tx.instances(f);
}

// The launching rule that applies: the playbook's own for a trigger's
// launch, the caller's ifRunning for a manual one.
std::string rule_of(const LaunchAsk& ask) {
  if (!ask.manual) return ask.playbook->launching_rule.empty() ? "queue" : ask.playbook->launching_rule;
  if (ask.if_running == "terminate") return "terminateAndLaunch";
  if (ask.if_running == "cancel") return "skip";
  return "queue";
}

}  // namespace

void Runtime::match(store::Tx& tx, const TenantTree& tree, store::ObjectKind kind, const Value& object,
                    const Value& event, const std::string& now, LaunchEffects& fx) {
  std::shared_ptr<const CatalogSnapshot> snap = catalog.current(kind);
  if (!snap || !snap->set) return;
  std::string tenant = text_member(object, "TenantID"), id = text_member(object, "InternalID");
  thread_local std::vector<triggers::TriggerResult> results;
  snap->set->evaluate_all(object, event, results);
  for (size_t i = 0; i < snap->entries.size(); ++i) {
    const CatalogEntry& e = snap->entries[i];
    if (!playbook_held_by(tree, e.playbook, tenant)) continue;
    const triggers::TriggerResult& r = results[i];
    if (r.verdict == triggers::Verdict::Skipped) continue;
    bool matched = r.verdict == triggers::Verdict::Match, error = r.verdict == triggers::Verdict::Error;
    fx.counted.push_back(LaunchEffects::Counted{e.counters, matched, error});
    if (!matched) continue;
    LaunchAsk ask;
    ask.playbook = &e.playbook;
    ask.algorithm_key = e.algorithm_key;
    ask.kind = kind;
    ask.object = id;
    ask.tenant = tenant;
    launch(tx, ask, now, fx);
  }
}

std::string Runtime::launch(store::Tx& tx, const LaunchAsk& ask, const std::string& now, LaunchEffects& fx) {
  const store::PlaybookRow& p = *ask.playbook;
  std::vector<store::InstanceRow> open = unfinished(tx, ask);
  bool training = !ask.manual && p.mode == "training";
  for (store::InstanceRow& r : open) {
    if (!awaits_launch(r)) continue;
    if (training) return "";  // one request to launch per playbook and object is enough
    if (ask.manual) {         // launching one that awaits approval moves it to In progress
      r.status = "InProgress";
      r.approver = ask.launched_by;
      r.approval_time = now;
      tx.update_instance(r);
      store::HistoryRow h = history_of(r);
      tx.put_history(h);
      store::ApprovalFilter af;
      af.tenants = {r.tenant};
      af.instance = r.id;
      af.kind = "launch";
      for (store::ApprovalRow& a : tx.approvals(af)) {
        if (a.status != "Pending") continue;
        a.status = "Approved";
        a.decided_by = ask.launched_by;
        a.decided_at = now;
        a.decisions = decision_json("", "approve", ask.launched_by, now);
        tx.update_approval(a);
      }
      fx.runnable.push_back(r.id);
      return r.id;
    }
  }
  std::string waiting_for;
  if (!training && !open.empty()) {
    std::string rule = rule_of(ask);
    if (rule == "skip") return "";
    if (rule == "terminateAndLaunch") {
      for (store::InstanceRow& r : open) terminate(tx, r, now, fx);
    } else {
      waiting_for = open.back().id;  // queue: after the latest one, in launch order
    }
  }
  store::InstanceRow r;
  r.id = new_uuid();
  r.playbook = p.id;
  r.playbook_name = p.name;
  r.tenant = ask.tenant;
  r.kind = ask.kind;
  r.object = ask.object;
  r.status = training ? "AwaitingApproval" : "InProgress";
  r.launched_by = ask.launched_by;
  r.created_at = now;
  r.waiting_for = waiting_for;
  r.algorithm = ask.algorithm_key;
  r.input = ask.input;
  tx.put_algorithm(r.algorithm, p.algorithm);
  if (training) {
    int64_t now_ms = unix_ms_now();
    r.due_at = rfc3339_from_unix_ms(now_ms + scaled_ms(options.launch_approval_timeout_ms));
    store::ApprovalRow a = new_request(r, "launch", now);
    a.due_at = r.due_at;
    a.email_at = rfc3339_from_unix_ms(now_ms + scaled_ms(options.launch_email_delay_ms));
    tx.insert_instance(r);
    tx.insert_approval(a);
    ++fx.approvals;
  } else {
    tx.insert_instance(r);
    if (waiting_for.empty()) fx.runnable.push_back(r.id);
  }
  store::HistoryRow h = history_of(r);
  tx.put_history(h);
  tx.add_launches(p.id, 1);
  fx.created.push_back(r.id);
  return r.id;
}

void Runtime::terminate(store::Tx& tx, store::InstanceRow& row, const std::string& now, LaunchEffects& fx) {
  if (store::is_final_status(row.status)) return;
  if (running(row.id)) {  // the worker ends it at its next step and writes why
    fx.terminate.push_back(row.id);
    return;
  }
  if (auto full = tx.instance(row.id)) row = std::move(*full);  // lists leave the state out
  row.status = "Terminated";
  row.end = now;
  row.error = "terminated";
  tx.update_instance(row);
  store::HistoryRow h = history_of(row);
  tx.put_history(h);
  store::ApprovalFilter af;
  af.tenants = {row.tenant};
  af.instance = row.id;
  for (store::ApprovalRow& a : tx.approvals(af)) {
    if (a.status != "Pending") continue;
    a.status = "Cancelled";
    a.email_at.clear();
    tx.update_approval(a);
  }
  release_queued(tx, row, fx);
}

// The instances queued behind `done` (launching rule "queue") may start.
void Runtime::release_queued(store::Tx& tx, const store::InstanceRow& done, LaunchEffects& fx) {
  store::InstanceFilter f;
  f.tenants = {done.tenant};
  f.playbook = done.playbook;
  f.object = done.object;
  f.unfinished_only = true;
  f.with_state = false;
  f.limit = 10'000;
  for (store::InstanceRow& r : tx.instances(f)) {
    if (r.waiting_for != done.id) continue;
    r.waiting_for.clear();
    tx.update_instance(r);
    fx.runnable.push_back(r.id);
  }
}

}  // namespace riposte::engine

namespace riposte::engine {

std::optional<std::string> Runtime::decide(store::Tx& tx, store::ApprovalRow& a,
                                           const std::vector<std::string>* assets,
                                           const std::string& decision, const std::string& user,
                                           const std::string& now, LaunchEffects& fx) {
  auto inst = tx.instance(a.instance);
  if (!inst) return "the instance of this request is gone";
  Value listed = parsed_or_null(a.assets);
  std::vector<std::string> all;
  if (listed.is_array())
    for (const Value& s : listed.items()) all.emplace_back(s.str());
  Value decided = parsed_or_null(a.decisions);
  if (!decided.is_object()) decided = Value::object();
  std::vector<std::string> chosen;
  if (a.kind == "launch") {
    if (assets && !assets->empty()) return "a request to launch has no assets";
    chosen = {""};
  } else if (assets) {
    for (const std::string& s : *assets) {
      if (std::find(all.begin(), all.end(), s) == all.end())
        return "asset \"" + s + "\" is not in this request";
      if (decided.find(s)) return "asset \"" + s + "\" was decided before";
      chosen.push_back(s);
    }
  } else {
    for (const std::string& s : all)
      if (!decided.find(s)) chosen.push_back(s);
  }
  for (const std::string& s : chosen) a.decisions = decision_json(s, decision, user, now, a.decisions);
  decided = parsed_or_null(a.decisions);
  a.decided_by = user;
  a.decided_at = now;
  size_t approvals = 0, rejections = 0;
  const std::vector<std::string>& every = a.kind == "launch" ? chosen : all;
  for (const std::string& s : every) {
    const Value* d = decided.find(s);
    if (!d) continue;
    (d->find("decision")->str() == "approve" ? approvals : rejections)++;
  }
  bool complete = approvals + rejections == every.size();
  if (complete) {
    a.status = rejections == 0 ? "Approved" : approvals == 0 ? "Rejected" : "Partial";
    a.email_at.clear();
  }
  tx.update_approval(a);
  if (!complete || store::is_final_status(inst->status)) return std::nullopt;
  if (a.kind == "launch" && a.status == "Rejected") {
    inst->status = "Rejected";
    inst->end = now;
    inst->error = "the launch was rejected";
  } else {
    inst->status = "InProgress";
    if (a.kind == "launch") {
      inst->approver = user;
      inst->approval_time = now;
    }
    fx.runnable.push_back(inst->id);
  }
  tx.update_instance(*inst);
  store::HistoryRow h = history_of(*inst);
  tx.put_history(h);
  if (inst->status == "Rejected") release_queued(tx, *inst, fx);
  return std::nullopt;
}

}  // namespace riposte::engine
