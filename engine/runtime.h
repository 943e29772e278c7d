// The engine's launcher and runtime (engine.md, Launching, Approvals,
// History; docs/launch.md): what happens to a stored alert or incident
// after intake or a change, and to the instances that follow.
//
// - Matching runs inside the write transaction that stores the object (or
//   its change): the object, the instances it launches and the approvals
//   it asks for commit together, so an acknowledged alert never loses its
//   launches, and it is matched by the trigger program current at intake.
// - Instances run on a bounded pool of worker threads through the
//   orchestrator; their state, journal and history rows are written at
//   every step boundary in one transaction.  On start-up every unfinished
//   instance is picked up again from its last boundary.
// - One timer thread expires approvals, mails approvers and wakes paused
//   instances whose run deadline passed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actions/mail/smtp.h"
#include "actions/registry.h"
#include "engine/access.h"
#include "engine/service.h"
#include "engine/trigger_catalog.h"
#include "orchestrator/compiled.h"
#include "store/records.h"
#include "store/store.h"
#include "support/thread.h"

namespace riposte::engine {

// What a transaction decided for the runtime to do once it commits.
struct LaunchEffects {
  std::vector<std::string> runnable;   // instances to run
  std::vector<std::string> terminate;  // running instances to stop at their next step
  std::vector<std::string> created;    // instances created (for answers)
  uint64_t approvals = 0;
  // Trigger counters, added only once the transaction commits (a refused
  // batch evaluated nothing as far as anyone can tell).
  struct Counted {
    TriggerCounters* counters;
    bool matched, error;
  };
  std::vector<Counted> counted;
};

// How a launch asks for its playbook: by its trigger (the launching rule
// applies) or by hand (ifRunning applies).
struct LaunchAsk {
  const store::PlaybookRow* playbook = nullptr;
  std::string algorithm_key;  // sha256 of playbook->algorithm
  store::ObjectKind kind = store::ObjectKind::Alert;
  std::string object, tenant;  // InternalID, TenantID
  std::string launched_by;     // "" = a trigger
  std::string input = "null";  // JSON text of the target objects
  bool manual = false;
  std::string if_running = "wait";  // manual: wait | terminate | cancel
};

// Progress of one "launch for all matching".
struct LaunchAllProgress {
  std::atomic<bool> running{false};
  std::atomic<uint64_t> total{0}, scanned{0}, matched{0}, launched{0};
};

struct Runtime {
  Runtime(store::Store& store, Stats& stats);
  ~Runtime();

  // -- in a write transaction
  // Matches one stored object against the catalog's triggers of its scope
  // and records the launches.  `tree` is the transaction's tenant tree.
  void match(store::Tx& tx, const TenantTree& tree, store::ObjectKind kind, const Value& object,
             const Value& event, const std::string& now, LaunchEffects& fx);
  // One launch by the rules of engine.md; the created instance's id, or "".
  std::string launch(store::Tx& tx, const LaunchAsk& ask, const std::string& now, LaunchEffects& fx);
  // Ends an unfinished instance: Terminated now when no worker runs it,
  // else at its next step (fx.terminate).  Its pending approvals end too.
  void terminate(store::Tx& tx, store::InstanceRow& row, const std::string& now, LaunchEffects& fx);
  // A decision on a pending approval request, for `assets` (null: every
  // undecided one); the reason when it cannot be taken.
  std::optional<std::string> decide(store::Tx& tx, store::ApprovalRow& a,
                                    const std::vector<std::string>* assets, const std::string& decision,
                                    const std::string& user, const std::string& now, LaunchEffects& fx);
  // The instances queued behind `done` may start (fx.runnable).
  void release_queued(store::Tx& tx, const store::InstanceRow& done, LaunchEffects& fx);
  // A duration of the engine (approval timeouts, e-mail delays) under --time-scale.
  int64_t scaled_ms(int64_t ms) const {
    return options.time_scale > 0 && options.time_scale != 1 ? int64_t(double(ms) / options.time_scale) : ms;
  }
  // -- after the commit
  void apply(const LaunchEffects& fx);

  // "Launch for all matching", on a thread of its own; progress in launch_all.
  void launch_for_all(const store::PlaybookRow& p, const std::string& user);

  // The worker pool and the timers.
  void start(const RuntimeOptions& options);
  void stop();
  bool wait_idle(int64_t timeout_ms);
  bool running(const std::string& instance);

  store::Store& store;
  Stats& stats;
  TriggerCatalog catalog;
  RuntimeOptions options;
  std::map<std::string, std::shared_ptr<LaunchAllProgress>> launch_all;  // by playbook, guarded by mu
  std::map<std::pair<std::string, std::string>, uint64_t> calls;         // (type, status), guarded by mu
  std::mutex mu;

 private:
  void scan_for_launch(const store::PlaybookRow& p, const std::string& user, LaunchAllProgress& progress);
  bool stopping() {
    std::lock_guard<std::mutex> lock(mu);
    return stopping_;
  }
  void worker();
  void timers();
  // How a running instance is stopped: the orchestrator reads `terminate`
  // before each step; `cancel` reaches the calls under way.
  struct RunControl {
    std::atomic<bool> terminate{false};
    actions::CancelSource cancel;
    std::atomic<bool> shutting{false};  // the runtime stops: save nothing more
    void stop() {
      terminate = true;
      cancel.cancel();
    }
    void shut_down() {
      shutting = true;
      terminate = true;
      cancel.cancel();
    }
  };
  void run_one(const std::string& id, const std::shared_ptr<RunControl>& control);
  void fire_timers();
  void send_mail(const store::ApprovalRow& a);
  std::shared_ptr<const orchestrator::CompiledAlgorithm> compiled(const std::string& key,
                                                                  const std::string& text,
                                                                  std::string& error);

  std::condition_variable cv_, idle_cv_;
  std::deque<std::string> queue_;
  std::set<std::string> queued_;
  std::set<std::string> again_;  // woken while running: run again after
  std::map<std::string, std::shared_ptr<RunControl>> running_;
  std::map<std::string, std::shared_ptr<const orchestrator::CompiledAlgorithm>> algorithms_;
  std::unique_ptr<actions::Registry> registry_;
  std::unique_ptr<actions::mail::SmtpConfig> smtp_;  // approvers' mail; null without "smtp" in --config
  std::vector<support::Thread> threads_;
  std::vector<support::Thread> background_;  // launches for all matching
  bool started_ = false, stopping_ = false;
};

}  // namespace riposte::engine
