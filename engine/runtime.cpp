// The worker pool that runs instances, and the timers (docs/launch.md).
#include "engine/runtime.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "actions/mail/smtp.h"
#include "actions/registry.h"
#include "compiler/algorithm.h"
#include "engine/ids.h"
#include "engine/instance_json.h"
#include "engine/registry_port.h"
#include "engine/resources.h"
#include "orchestrator/instance.h"
#include "value/json.h"

namespace riposte::engine {
namespace orch = orchestrator;
namespace {

// Unix milliseconds of one of our RFC 3339 texts ("2026-12-04T17:03:11.042Z").
int64_t unix_ms_of(const std::string& t) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6)
    return unix_ms_now();
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return int64_t(timegm(&tm)) * 1000 + ms;
}

std::string group_of(const std::string& key) {
  size_t at = key.rfind("#approve:");
  return at == std::string::npos ? key : key.substr(0, at);
}

// The approver of one run: decisions come from the store's approval rows
// of the instance, read when the run starts; a question no row answers is
// remembered, and becomes a new approval request when the run pauses.
class StoreApprover : public orch::Approver {
 public:
  struct Asked {
    std::string step, type, params;
    std::vector<std::string> assets;
    int64_t timeout_ns = 0, email_delay_ns = 0;
  };

  explicit StoreApprover(std::vector<store::ApprovalRow> rows) {
    for (store::ApprovalRow& r : rows)
      if (r.kind == "action") rows_.emplace(r.group, std::move(r));
  }

  orch::Approval decide(const orch::ApprovalAsk& ask) override {
    std::string group = group_of(ask.key);
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = rows_.find(group); it != rows_.end()) {
      const store::ApprovalRow& r = it->second;
      Value decisions = parsed_or_null(r.decisions);
      if (const Value* d = decisions.is_object() ? decisions.find(ask.asset) : nullptr)
        if (const Value* what = d->find("decision"); what && what->is_string())
          return what->str() == "approve" ? orch::Approval::Approved : orch::Approval::Rejected;
      if (r.status == "Expired" || r.status == "Cancelled" ||
          (!r.due_at.empty() && r.due_at <= now_rfc3339()))
        return orch::Approval::Expired;
      return orch::Approval::Pending;
    }
    Asked& a = asked_[group];
    if (a.step.empty()) {
      a.step = ask.step;
      a.type = ask.type;
      a.params = to_json(ask.params);
      a.timeout_ns = ask.timeout_ns;
      a.email_delay_ns = ask.email_delay_ns;
    }
    a.assets.push_back(ask.asset);
    return orch::Approval::Pending;
  }

  const std::map<std::string, Asked>& asked() const { return asked_; }
  // The request of a step call (its group), as read when the run started.
  const store::ApprovalRow* row(const std::string& group) const {
    auto it = rows_.find(group);
    return it == rows_.end() ? nullptr : &it->second;
  }

 private:
  std::mutex mu_;
  std::map<std::string, store::ApprovalRow> rows_;
  std::map<std::string, Asked> asked_;
};

Value parse_or(const std::string& text, Value fallback) {
  Value v;
  JsonError err;
  if (text.empty() || !parse_json(text, v, err)) return fallback;
  return v;
}

}  // namespace

Runtime::Runtime(store::Store& s, Stats& st) : store(s), stats(st) {}

Runtime::~Runtime() {
  {
    std::lock_guard<std::mutex> lock(mu);
    stopping_ = true;
  }
  stop();
  std::vector<support::Thread> background;
  {
    std::lock_guard<std::mutex> lock(mu);
    background.swap(background_);
  }
  for (support::Thread& t : background) t.join();
}

bool Runtime::running(const std::string& instance) {
  std::lock_guard<std::mutex> lock(mu);
  return running_.count(instance) != 0;
}

void Runtime::apply(const LaunchEffects& fx) {
  for (const LaunchEffects::Counted& c : fx.counted) {
    c.counters->evaluated.fetch_add(1, std::memory_order_relaxed);
    if (c.matched) c.counters->matched.fetch_add(1, std::memory_order_relaxed);
    if (c.error) c.counters->errors.fetch_add(1, std::memory_order_relaxed);
  }
  uint64_t matched = 0, errors = 0;
  for (const LaunchEffects::Counted& c : fx.counted) matched += c.matched, errors += c.error;
  stats.triggers_evaluated.fetch_add(fx.counted.size(), std::memory_order_relaxed);
  stats.trigger_matches.fetch_add(matched, std::memory_order_relaxed);
  stats.trigger_errors.fetch_add(errors, std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mu);
  for (const std::string& id : fx.terminate)
    if (auto it = running_.find(id); it != running_.end()) it->second->stop();
  stats.instances_launched.fetch_add(fx.created.size(), std::memory_order_relaxed);
  stats.approvals_requested.fetch_add(fx.approvals, std::memory_order_relaxed);
  if (!started_) return;  // recorded: a runtime on this store runs them
  for (const std::string& id : fx.runnable)
    if (queued_.insert(id).second) queue_.push_back(id);
  cv_.notify_all();
}

void Runtime::start(const RuntimeOptions& o) {
  {
    std::lock_guard<std::mutex> lock(mu);
    if (started_) return;
    options = o;
  }
  actions::RegistryOptions ro;
  ro.mode = options.bindings == "real" ? actions::Mode::Real : actions::Mode::DryRun;
  ro.mocks_json = options.mocks_json;
  ro.config = options.action_config;
  ro.engine = options.engine;  // createIncident, runPlaybook, the edits, the named indexes
  actions::MadeRegistry made = actions::make_registry(ro);
  registry_ = made.registry ? std::move(made.registry) : std::make_unique<actions::Registry>();
  smtp_.reset();
  if (options.config.is_object() && options.config.find("smtp")) {
    actions::mail::SmtpConfigResult smtp = actions::mail::parse_smtp_config(options.config);
    if (smtp.ok())
      smtp_ = std::make_unique<actions::mail::SmtpConfig>(std::move(smtp.config));
    else
      std::fprintf(stderr, "riposte: approvers' mail is off: --config %s\n", smtp.error.c_str());
  }
  // Every unfinished instance that may run is picked up again from its
  // last boundary (docs/launch.md, "Restarts").
  std::vector<std::string> resume;
  store.read([&](store::Tx& tx) {
    store::InstanceFilter f;
    for (const store::TenantRow& t : tx.tenants()) f.tenants.push_back(t.id);
    f.statuses = {"InProgress"};
    f.with_state = false;
    f.limit = 1'000'000;
    for (const store::InstanceRow& r : tx.instances(f))
      if (r.waiting_for.empty()) resume.push_back(r.id);
  });
  std::lock_guard<std::mutex> lock(mu);
  started_ = true;
  stopping_ = false;
  for (std::string& id : resume)
    if (queued_.insert(id).second) queue_.push_back(std::move(id));
  for (unsigned i = 0; i < std::max(1u, options.workers); ++i)
    threads_.emplace_back([this] { worker(); }, options.stack_bytes);
  threads_.emplace_back([this] { timers(); }, options.stack_bytes);
}

void Runtime::stop() {
  {
    std::lock_guard<std::mutex> lock(mu);
    stopping_ = true;
    if (!started_) return;
    // The runs under way stop now: their calls are cancelled and nothing
    // they do from here is saved, so each resumes at the next start from
    // its last step boundary (its calls made again under the same keys).
    for (auto& [id, control] : running_) control->shut_down();
  }
  cv_.notify_all();
  for (support::Thread& t : threads_) t.join();
  threads_.clear();
  std::lock_guard<std::mutex> lock(mu);
  started_ = false;
}

bool Runtime::wait_idle(int64_t timeout_ms) {
  std::unique_lock<std::mutex> lock(mu);
  return idle_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                           [this] { return queue_.empty() && running_.empty(); });
}

// Takes the next instance off the queue and marks it running in the same
// step, so that wait_idle never sees an instance neither queued nor
// running.  An instance already running (woken again while its run
// finishes) runs again once that run ends.
void Runtime::worker() {
  for (;;) {
    std::string id;
    auto flag = std::make_shared<RunControl>();
    {
      std::unique_lock<std::mutex> lock(mu);
      for (;;) {
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        id = std::move(queue_.front());
        queue_.pop_front();
        queued_.erase(id);
        if (running_.emplace(id, flag).second) break;
        again_.insert(id);
      }
    }
    try {
      run_one(id, flag);
    } catch (const std::exception& e) {  // a store failure: the instance stays where it was saved
      std::fprintf(stderr, "riposte: instance %s: %s\n", id.c_str(), e.what());
    }
    std::lock_guard<std::mutex> lock(mu);
    running_.erase(id);
    if (again_.erase(id) && queued_.insert(id).second) {
      queue_.push_back(id);
      cv_.notify_one();
    }
    idle_cv_.notify_all();
  }
}

std::shared_ptr<const orch::CompiledAlgorithm> Runtime::compiled(const std::string& key,
                                                                 const std::string& text,
                                                                 std::string& error) {
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = algorithms_.find(key); it != algorithms_.end()) return it->second;
  }
  compiler::AlgorithmResult c = compiler::compile_algorithm(text, "algorithm");
  if (!c.ok()) {
    error = "the algorithm does not compile: " + c.rendered_diagnostics;
    return nullptr;
  }
  auto made = std::make_shared<orch::CompiledAlgorithm>(orch::compile_algorithm(std::move(c.algorithm)));
  std::lock_guard<std::mutex> lock(mu);
  return algorithms_.emplace(key, std::move(made)).first->second;
}

void Runtime::run_one(const std::string& id, const std::shared_ptr<RunControl>& flag) {
  store::InstanceRow row;
  std::string algorithm_text, object_json;
  std::vector<store::ApprovalRow> approvals;
  std::optional<std::string> launched_object;  // by the saved state's objectRef
  bool runnable = false;
  actions::CallContext context;  // where the calls come from: the bindings' --config overrides, the engine port
  store.read([&](store::Tx& tx) {
    auto r = tx.instance(id);
    if (!r || store::is_final_status(r->status) || !r->waiting_for.empty() || r->status != "InProgress")
      return;
    row = std::move(*r);
    std::vector<std::string> chain = TenantTree(tx.tenants()).path_to_root(row.tenant);
    context.tenants.assign(chain.rbegin(), chain.rend());  // root ... the object's own
    context.playbook = row.playbook;
    context.object_kind = std::string(kind_name(row.kind));
    context.object_id = row.object;
    auto text = tx.algorithm(row.algorithm);
    auto object = tx.object(row.kind, row.object);
    if (text) algorithm_text = std::move(*text);
    if (!row.state.empty()) {  // the object as launched, when the state names it
      Value saved = parse_or(row.state, Value());
      if (const Value* ref = saved.is_object() ? saved.find("objectRef") : nullptr; ref && ref->is_string())
        launched_object = tx.algorithm(ref->str());
    }
    if (object) object_json = std::move(object->json);
    store::ApprovalFilter af;
    af.tenants = {row.tenant};
    af.instance = row.id;
    af.limit = 100'000;
    approvals = tx.approvals(af);
    runnable = true;
  });
  if (!runnable) return;
  std::string error;
  auto algorithm = algorithm_text.empty() ? nullptr : compiled(row.algorithm, algorithm_text, error);
  bool incident = row.kind == store::ObjectKind::Incident;
  orch::InstanceState state;
  orch::Journal journal;
  if (algorithm && object_json.empty())
    error = "the " + std::string(kind_name(row.kind)) + " is not in the store";
  if (algorithm && error.empty()) {
    if (row.state.empty()) {
      state =
          orch::new_instance(parse_or(object_json, Value::object()), incident, parse_or(row.input, Value()));
      // The object as launched is kept once, by the SHA-256 of its text, for
      // every instance of it (with the first saved state); the saved state
      // names it (objectRef).
      state.object_ref = sha256_hex(object_json);
      state.id = row.id;
      state.started_ms = unix_ms_of(row.created_at);  // playbookRunTimeout counts the time queued
      row.start = now_rfc3339();
    } else if (!orch::state_from_value(parse_or(row.state, Value()), state, error)) {
      error = "the saved state cannot be read: " + error;
    } else {
      if (!state.object_ref.empty()) state.object = parse_or(launched_object.value_or(""), Value::object());
      if (!row.journal.empty()) journal.load(row.journal);
    }
  }
  if (!error.empty() || !algorithm) {
    if (error.empty()) error = "the algorithm of the launch is not in the store";
    LaunchEffects fx;
    store.write([&](store::Tx& tx) {
      row.status = "Error";
      row.error = error;
      row.end = now_rfc3339();
      tx.update_instance(row);
      store::HistoryRow h = history_of(row);
      tx.put_history(h);
      release_queued(tx, row, fx);
      return true;
    });
    apply(fx);
    return;
  }
  StoreApprover approver(std::move(approvals));
  RegistryPort port(*registry_, row.id, "");
  port.set_context(std::move(context));
  port.on_call([this](const std::string& type, std::string_view status) {
    std::lock_guard<std::mutex> lock(mu);
    ++calls[{type, std::string(status)}];
  });
  orch::RunOptions ro;
  ro.pool = options.fan_out_pool;
  ro.terminate = &flag->terminate;
  port.set_cancel(flag->cancel.token());
  ro.time_scale = options.time_scale;
  size_t written = state.history.size();  // action rows already in the history
  auto write_records = [&](store::Tx& tx, const Value& history) {
    for (size_t i = written; i < history.size(); ++i) {
      const Value& rec = history.at(i);
      const Value* kind = rec.find("kind");
      if (!kind || !kind->is_string() || kind->str() != "responseAction") continue;
      store::HistoryRow h = action_history(row, rec, i);
      // A step that waited for approval: who decided last, and when.
      const Value* scope = rec.find("scope");
      std::string group = (scope && scope->is_string() ? std::string(scope->str()) : std::string()) + h.step;
      if (const store::ApprovalRow* a = approver.row(group)) {
        h.approver = a->decided_by;
        h.approval_time = a->decided_at;
      }
      tx.put_history(h);
    }
  };
  // Saved at step boundaries only: a boundary the orchestrator reports twice
  // and a journal change inside a step (a call made) are not written on
  // their own.  A crash inside a step re-runs the step from its start, and
  // each call is made again with the same idempotency key (docs/launch.md,
  // "Instances"); nothing is saved before the first step has run.
  std::string last_saved = row.state;
  bool object_saved = !row.state.empty();
  orch::Checkpoint checkpoint = [&](const std::string& instance_json, const std::string& journal_json) {
    if (instance_json == last_saved || flag->shutting) return;
    Value saved = parse_or(instance_json, Value::object());
    const Value* records = saved.find("history");
    if (!records || !records->is_array() || records->size() == 0) return;
    // A final state is written once, with its status, by the write after the run.
    const Value* status = saved.find("status");
    if (status && status->is_string() && store::is_final_status(std::string(status->str()))) return;
    last_saved = instance_json;
    store.write([&](store::Tx& tx) {
      if (!object_saved) tx.put_algorithm(state.object_ref, object_json);
      if (auto cur = tx.instance(id); cur && cur->status == "Terminated") flag->stop();
      row.state = instance_json;
      row.journal = journal_json;
      tx.update_instance(row);
      if (const Value* h = saved.find("history"); h && h->is_array()) {
        write_records(tx, *h);
        written = h->size();
      }
      store::HistoryRow ph = history_of(row);
      tx.put_history(ph);
      return true;
    });
    object_saved = true;
  };
  orch::run_instance(*algorithm, state, port, approver, journal, ro, checkpoint);

  if (flag->shutting) return;  // stopped by stop(): resumes from its last boundary
  // The run paused or ended: its status, the approvals it asks for, and
  // the instances queued behind it.
  LaunchEffects fx;
  std::string now = now_rfc3339();
  int64_t now_ms = unix_ms_now();
  store.write([&](store::Tx& tx) {
    // In progress after the run: the runtime is stopping (resume at the next
    // start).  Anything else that leaves it so would loop: it ends Error.
    bool stopped = state.status == orch::Status::InProgress && stopping();
    if (state.status == orch::Status::InProgress && !stopped) {
      state.status = orch::Status::Error;
      state.error = "the run stopped without an outcome";
    }
    row.status = std::string(orch::status_name(state.status));
    if (auto cur = tx.instance(id); cur && cur->status == "Terminated") row.status = "Terminated";
    // Terminated while a call was under way: the call was cancelled and the
    // run ended on its failure; it ends Terminated, as asked.
    if (flag->terminate && !orch::goes_on(state.status) && store::is_final_status(row.status)) {
      row.status = "Terminated";
      if (state.error.empty()) state.error = "the instance was terminated";
    }
    row.error = state.error;
    if (!object_saved && !state.object_ref.empty()) tx.put_algorithm(state.object_ref, object_json);
    Value final_state = orch::state_to_value(state);
    row.state = to_json(final_state);
    row.journal = journal.to_json();
    if (store::is_final_status(row.status)) row.end = now;
    tx.update_instance(row);
    if (const Value* h = final_state.find("history"); h && h->is_array()) write_records(tx, *h);
    store::HistoryRow h = history_of(row);
    tx.put_history(h);
    if (state.status == orch::Status::AwaitingApproval)
      for (const auto& [group, a] : approver.asked()) {
        if (tx.approval_by_group(row.id, group)) continue;
        store::ApprovalRow r = new_request(row, "action", now);
        r.step = a.step;
        r.group = group;
        r.action = a.type;
        r.params = a.params;
        Array assets;
        for (const std::string& s : a.assets) assets.push_back(Value::string(s));
        r.assets = to_json(Value::array(std::move(assets)));
        r.due_at = rfc3339_from_unix_ms(now_ms + a.timeout_ns / 1'000'000);
        if (a.email_delay_ns) r.email_at = rfc3339_from_unix_ms(now_ms + a.email_delay_ns / 1'000'000);
        tx.insert_approval(r);
        ++fx.approvals;
      }
    if (store::is_final_status(row.status)) release_queued(tx, row, fx);
    if (stopped) fx.runnable.push_back(row.id);
    return true;
  });
  apply(fx);
}

void Runtime::timers() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv_.wait_for(lock, std::chrono::milliseconds(50), [this] { return stopping_; });
      if (stopping_) return;
    }
    try {
      fire_timers();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "riposte: timers: %s\n", e.what());
    }
  }
}

void Runtime::fire_timers() {
  std::string now = now_rfc3339();
  std::vector<store::ApprovalRow> due;
  store.read([&](store::Tx& tx) { due = tx.approvals_due(now); });
  if (due.empty()) return;
  LaunchEffects fx;
  std::vector<store::ApprovalRow> mail;
  store.write([&](store::Tx& tx) {
    for (store::ApprovalRow& a : due) {
      auto cur = tx.approval(a.id);
      if (!cur || cur->status != "Pending") continue;
      a = *cur;
      if (!a.due_at.empty() && a.due_at <= now) {
        a.status = "Expired";
        a.email_at.clear();
        tx.update_approval(a);
        auto inst = tx.instance(a.instance);
        if (!inst || store::is_final_status(inst->status)) continue;
        if (a.kind == "launch") {
          inst->status = "ApprovalTimeExpired";
          inst->end = now;
          inst->error = "the launch was not approved in time";
          tx.update_instance(*inst);
          store::HistoryRow h = history_of(*inst);
          tx.put_history(h);
          release_queued(tx, *inst, fx);
        } else {  // the run goes on: the step's undecided assets end Approval time expired
          inst->status = "InProgress";
          tx.update_instance(*inst);
          fx.runnable.push_back(inst->id);
        }
      } else if (!a.email_at.empty() && a.email_at <= now) {
        mail.push_back(a);
        a.email_at.clear();
        tx.update_approval(a);
      }
    }
    return true;
  });
  apply(fx);
  for (const store::ApprovalRow& a : mail) send_mail(a);
}

// The approvers of a request: users with an e-mail address whose roles
// allow deciding it on the object's tenant.
std::vector<std::string> approver_addresses(store::Tx& tx, const store::ApprovalRow& a) {
  TenantTree tree(tx.tenants());
  Operation op = a.kind == "launch" ? Operation::ApproveLaunch : Operation::ApproveAction;
  std::vector<std::string> to;
  for (const store::UserRow& u : tx.users())
    if (!u.email.empty() && Access(u.roles, tree).can(op, a.tenant)) to.push_back(u.email);
  return to;
}

void Runtime::send_mail(const store::ApprovalRow& a) {
  if (!smtp_) return;  // no "smtp" in --config: docs/launch.md, "Approvals"
  std::vector<std::string> to;
  std::string playbook;
  store.read([&](store::Tx& tx) {
    to = approver_addresses(tx, a);
    if (auto p = tx.playbook(a.playbook)) playbook = p->name;
  });
  if (to.empty()) return;
  actions::mail::Message m;
  m.to = std::move(to);
  m.subject = "Riposte: approval requested: " + playbook + (a.action.empty() ? "" : " (" + a.action + ")");
  m.text = fmt::format(
      "A {} waits for your decision.\n\nplaybook: {}\n{}object: {} {}\nassets: {}\nrequested: {}\ndue: {}\n"
      "request id: {}\n\nDecide with POST /api/v1/approvals/decide {{\"ids\": [\"{}\"], \"decision\": "
      "\"approve\"|\"reject\"}}.\n",
      a.kind == "launch" ? "playbook launch" : "response action", playbook,
      a.action.empty() ? "" : "action: " + a.action + "\n", kind_name(a.object_kind), a.object, a.assets,
      a.requested_at, a.due_at, a.id, a.id);
  actions::mail::SendResult r = actions::mail::send_mail(*smtp_, m, std::chrono::seconds(30));
  if (r.ok) {
    stats.emails_sent.fetch_add(1, std::memory_order_relaxed);
  } else {
    stats.email_failures.fetch_add(1, std::memory_order_relaxed);
    std::fprintf(stderr, "riposte: mail to the approvers of %s: %s\n", a.id.c_str(), r.error.c_str());
  }
}

}  // namespace riposte::engine
