// The launching operations of the Service (api.md: launch, instances,
// terminate, approvals, history) and the labelled metrics.  The rules
// themselves are in launch_rules.cpp and runtime.cpp.
#include <fmt/format.h>

#include <algorithm>

#include "engine/body.h"
#include "engine/cursor.h"
#include "engine/engine_port.h"
#include "engine/ids.h"
#include "engine/instance_json.h"
#include "engine/playbook_access.h"
#include "engine/resources.h"
#include "engine/runtime.h"
#include "engine/service.h"
#include "value/json.h"

namespace riposte::engine {
namespace {

size_t limit_of(const Page& page) {
  return std::clamp<size_t>(page.limit ? page.limit : kDefaultLimit, 1, kMaxLimit);
}

// The tenants a list covers: the one asked for (404 when the caller may not
// read it), or every tenant where the caller may do `op`.
std::optional<Problem> scope_tenants(const View& v, const std::string& asked, Operation op,
                                     std::vector<std::string>& out) {
  if (asked.empty()) {
    out = v.access().tenants_where(op);
    return std::nullopt;
  }
  if (!v.tree().exists(asked) || !v.access().can_read(asked)) return not_found("tenant " + asked);
  if (!v.access().can(op, asked))
    return forbidden(fmt::format("needs the {} right on tenant {}", operation_name(op), asked));
  out = {asked};
  return std::nullopt;
}

// Target objects (algorithm.md, Data): {"observables": [{...}], "assets": [{...}]}.
void read_targets(BodyReader& r, const Value* targets) {
  if (!targets) return;
  for (const auto& [key, list] : targets->entries()) {
    std::string path = member_path("targets", key);
    if (key != "observables" && key != "assets") {
      r.refuse(path, "unknown field: target objects are \"observables\" and \"assets\"");
    } else if (!list.is_array()) {
      r.wrong_type(path, "an array", list);
    } else {
      for (size_t i = 0; i < list.size(); ++i)
        if (!list.at(i).is_object()) r.wrong_type(index_path(path, i), "an object", list.at(i));
    }
  }
}

Value normalised_targets(const Value* targets) {
  if (!targets) return Value::null();
  Value out = *targets;
  for (const char* key : {"observables", "assets"})
    if (!out.find(key)) out.set(key, Value::array());
  return out;
}

// Which operation a decision on an approval needs.
Operation decide_op(const store::ApprovalRow& a) {
  return a.kind == "launch" ? Operation::ApproveLaunch : Operation::ApproveAction;
}

}  // namespace

Outcome<Created> Service::launch(const Caller& c, std::string_view playbook, const Value& body,
                                 const std::optional<Idempotency>& idem) {
  BodyReader r(body);
  auto object_id = r.string("objectId", Need::Required);
  const Value* targets = r.object("targets");
  read_targets(r, targets);
  auto if_running = r.string("ifRunning");
  if (if_running && *if_running != "wait" && *if_running != "terminate" && *if_running != "cancel")
    r.refuse("ifRunning", "must be \"wait\", \"terminate\" or \"cancel\"");
  if (auto p = r.finish()) return *p;
  std::optional<Problem> problem;
  Created answer;
  LaunchEffects fx;
  store_.write([&](store::Tx& tx) {
    fx = LaunchEffects();
    if (idem)
      if (auto seen = tx.idempotency(c.user, idem->key)) {
        if (seen->route != idem->route || seen->request_hash != idem->request_hash)
          problem = conflict("Idempotency-Key \"" + idem->key + "\" was used before for a different request");
        else
          answer = Created{parsed_or_null(seen->body), seen->status, true};
        return false;
      }
    View v(tx, c);
    auto p = tx.playbook(playbook);
    if (!p || !v.readable(*p)) {
      problem = not_found("playbook");
      return false;
    }
    if (p->deleted) {
      problem = conflict("the playbook is deleted: duplicate it to use it again");
      return false;
    }
    auto object = tx.object(p->scope, *object_id);
    if (!object || !v.access().can_read(object->tenant)) {
      problem = refused("objectId", fmt::format("no such {}", kind_name(p->scope)));
      problem->status = 404;
      return false;
    }
    if (!v.holds(*p, object->tenant)) {
      problem = refused("objectId", "the playbook does not apply to the tenant of this object");
      return false;
    }
    if (!v.access().can(Operation::LaunchPlaybook, object->tenant)) {
      problem = forbidden("launching needs the LaunchPlaybook right on the object's tenant");
      return false;
    }
    // Any playbook may be launched by hand whose trigger matches the object
    // (Manual ones have none): engine.md, Launching.
    if (p->trigger && p->mode != "manual") {
      triggers::Scope scope =
          p->scope == store::ObjectKind::Alert ? triggers::Scope::Alert : triggers::Scope::Incident;
      triggers::TriggerSet set({triggers::TriggerSpec{p->id, *p->trigger, scope}});
      triggers::TriggerResult m = set.evaluate(0, parsed_or_null(object->json), Value::null());
      if (m.verdict != triggers::Verdict::Match) {
        problem = refused("objectId", m.verdict == triggers::Verdict::Error
                                          ? "the playbook's trigger fails on this object: " + m.message
                                          : "the playbook's trigger does not match this object");
        return false;
      }
    }
    std::string now = now_rfc3339();
    LaunchAsk ask;
    ask.playbook = &*p;
    ask.algorithm_key = sha256_hex(p->algorithm);
    ask.kind = p->scope;
    ask.object = object->internal_id;
    ask.tenant = object->tenant;
    ask.launched_by = c.user;
    ask.input = to_json(normalised_targets(targets));
    ask.manual = true;
    ask.if_running = if_running.value_or("wait");
    std::string id = runtime_->launch(tx, ask, now, fx);
    if (id.empty()) {
      answer =
          Created{object_of({{"launched", Value::boolean(false)},
                             {"reason", Value::string("an instance of this playbook is under way for the "
                                                      "object and ifRunning is cancel")}}),
                  200};
    } else {
      auto row = tx.instance(id);
      answer = Created{instance_value(*row, false), 201};
    }
    if (idem)
      tx.insert_idempotency(store::IdempotencyRow{c.user, idem->key, idem->route, idem->request_hash,
                                                  answer.status, to_json(answer.body), now});
    return true;
  });
  if (problem) return *problem;
  if (!answer.replayed) runtime_->apply(fx);
  return answer;
}

Outcome<Value> Service::launch_progress(const Caller& c, std::string_view playbook) {
  bool readable = false;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    auto p = tx.playbook(playbook);
    readable = p && v.readable(*p);
  });
  if (!readable) return not_found("playbook");
  std::shared_ptr<LaunchAllProgress> progress;
  {
    std::lock_guard<std::mutex> lock(runtime_->mu);
    if (auto it = runtime_->launch_all.find(std::string(playbook)); it != runtime_->launch_all.end())
      progress = it->second;
  }
  if (!progress) return object_of({{"state", Value::string("none")}});
  return object_of({{"state", Value::string(progress->running ? "running" : "done")},
                    {"total", Value::integer(int64_t(progress->total.load()))},
                    {"scanned", Value::integer(int64_t(progress->scanned.load()))},
                    {"matched", Value::integer(int64_t(progress->matched.load()))},
                    {"launched", Value::integer(int64_t(progress->launched.load()))}});
}

Outcome<Listing> Service::list_instances(const Caller& c, const InstanceQuery& q, const Page& page) {
  auto after = decode_cursor(page.cursor);
  if (!after) return bad_cursor();
  size_t limit = limit_of(page);
  std::optional<Problem> problem;
  std::vector<store::InstanceRow> rows;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    store::InstanceFilter f;
    if ((problem = scope_tenants(v, q.tenant, Operation::Read, f.tenants))) return;
    f.playbook = q.playbook;
    f.object = q.object_id;
    if (!q.status.empty()) f.statuses = {q.status};
    f.with_state = false;
    f.after_seq = *after;
    f.limit = limit + 1;
    rows = tx.instances(f);
  });
  if (problem) return *problem;
  return page_of(rows, limit, [](const store::InstanceRow& r) { return instance_value(r, false); });
}

Outcome<Value> Service::get_instance(const Caller& c, std::string_view id) {
  std::optional<store::InstanceRow> row;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    row = tx.instance(id);
    if (row && !v.access().can_read(row->tenant)) row.reset();
  });
  if (!row) return not_found("instance");
  return instance_value(*row, true);
}

Outcome<Value> Service::terminate(const Caller& c, const Value& body) {
  BodyReader r(body);
  auto ids = r.strings("ids", Need::Required);
  if (auto p = r.finish()) return *p;
  std::optional<Problem> problem;
  Array terminated, unchanged;
  LaunchEffects fx;
  store_.write([&](store::Tx& tx) {
    fx = LaunchEffects();
    terminated.clear();
    unchanged.clear();
    View v(tx, c);
    std::string now = now_rfc3339();
    for (size_t i = 0; i < ids->size(); ++i) {
      auto row = tx.instance((*ids)[i]);
      if (!row || !v.access().can_read(row->tenant)) {
        problem = refused(index_path("ids", i), "no such instance");
        problem->status = 404;
        return false;
      }
      if (!v.access().can(Operation::TerminatePlaybook, row->tenant)) {
        problem = forbidden(fmt::format("ids[{}]: terminating needs the TerminatePlaybook right", i));
        return false;
      }
      if (store::is_final_status(row->status)) {
        unchanged.push_back(Value::string(row->id));
        continue;
      }
      runtime_->terminate(tx, *row, now, fx);
      terminated.push_back(Value::string(row->id));
    }
    return true;
  });
  if (problem) return *problem;
  runtime_->apply(fx);
  return object_of({{"terminated", Value::array(std::move(terminated))},
                    {"unchanged", Value::array(std::move(unchanged))}});
}

Outcome<Listing> Service::list_approvals(const Caller& c, const ApprovalQuery& q, const Page& page) {
  auto after = decode_cursor(page.cursor);
  if (!after) return bad_cursor();
  size_t limit = limit_of(page);
  std::optional<Problem> problem;
  std::vector<store::ApprovalRow> rows;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    store::ApprovalFilter f;
    if ((problem = scope_tenants(v, q.tenant, Operation::Read, f.tenants))) return;
    f.instance = q.instance;
    f.kind = q.kind;
    f.status = q.status;
    f.after_seq = *after;
    f.limit = limit + 1;
    rows = tx.approvals(f);
  });
  if (problem) return *problem;
  return page_of(rows, limit, approval_value);
}

Outcome<Value> Service::decide(const Caller& c, const Value& body) {
  BodyReader r(body);
  auto ids = r.strings("ids", Need::Required);
  auto assets = r.strings("assets");
  auto decision = r.string("decision", Need::Required);
  if (decision && *decision != "approve" && *decision != "reject")
    r.refuse("decision", "must be \"approve\" or \"reject\"");
  if (auto p = r.finish()) return *p;
  std::optional<Problem> problem;
  Array decided;
  LaunchEffects fx;
  store_.write([&](store::Tx& tx) {
    fx = LaunchEffects();
    decided.clear();
    View v(tx, c);
    std::string now = now_rfc3339();
    for (size_t i = 0; i < ids->size(); ++i) {
      auto a = tx.approval((*ids)[i]);
      if (!a || !v.access().can_read(a->tenant)) {
        problem = refused(index_path("ids", i), "no such approval request");
        problem->status = 404;
        return false;
      }
      if (!v.access().can(decide_op(*a), a->tenant)) {
        problem =
            forbidden(fmt::format("ids[{}]: deciding needs the {} right", i, operation_name(decide_op(*a))));
        return false;
      }
      if (a->status != "Pending") {
        problem = conflict(fmt::format("ids[{}]: the request is {}, not Pending", i, a->status));
        return false;
      }
      if (auto bad = runtime_->decide(tx, *a, assets ? &*assets : nullptr, *decision, c.user, now, fx)) {
        problem = refused(index_path("ids", i), *bad);
        return false;
      }
      decided.push_back(approval_value(*a));
    }
    return true;
  });
  if (problem) return *problem;
  runtime_->apply(fx);
  return object_of({{"decided", Value::array(std::move(decided))}});
}

Outcome<Listing> Service::list_history(const Caller& c, const HistoryQuery& q, const Page& page) {
  auto after = decode_cursor(page.cursor);
  if (!after) return bad_cursor();
  size_t limit = limit_of(page);
  std::optional<Problem> problem;
  std::vector<store::HistoryRow> rows;
  store_.read([&](store::Tx& tx) {
    View v(tx, c);
    store::HistoryFilter f;
    if ((problem = scope_tenants(v, q.tenant, Operation::ViewHistory, f.tenants))) return;
    f.instance = q.instance;
    f.playbook = q.playbook;
    f.object = q.object_id;
    f.kind = q.kind;
    f.status = q.status;
    f.from = q.from;
    f.to = q.to;
    f.after_seq = *after;
    f.limit = limit + 1;
    rows = tx.history(f);
  });
  if (problem) return *problem;
  return page_of(rows, limit, history_value);
}

LabelledMetrics Service::labelled_metrics() {
  LabelledMetrics m;
  for (const auto& [id, counters] : runtime_->catalog.all_counters()) {
    m.trigger_evaluations.push_back({{{"playbook", id}}, counters->evaluated.load()});
    m.trigger_matches.push_back({{{"playbook", id}}, counters->matched.load()});
    m.trigger_errors.push_back({{{"playbook", id}}, counters->errors.load()});
  }
  try {  // a store that fails leaves the gauge out: the counters are still worth a scrape
    store_.read([&](store::Tx& tx) {
      for (const auto& [status, n] : tx.instance_counts())
        m.instances.push_back({{{"status", status}}, uint64_t(n)});
    });
  } catch (const store::StoreError&) {
  }
  std::lock_guard<std::mutex> lock(runtime_->mu);
  for (const auto& [key, n] : runtime_->calls)
    m.calls.push_back({{{"type", key.first}, {"status", key.second}}, n});
  return m;
}

void Service::start_runtime(const RuntimeOptions& options) {
  RuntimeOptions o = options;
  if (!o.engine) o.engine = engine_port_.get();
  runtime_->start(o);
}
void Service::stop_runtime() {
  runtime_->stop();
}
bool Service::wait_idle(int64_t timeout_ms) {
  return runtime_->wait_idle(timeout_ms);
}

}  // namespace riposte::engine
