// Cancellation of action calls: a CancelSource (held by whoever may stop the
// call: the caller on its deadline, the orchestrator on terminate or on the
// playbook's timeout) and the CancelTokens it hands out (read by the
// binding).  Thread-safe; copies share one flag.  A default CancelToken is
// never cancelled.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace riposte::actions {

using Clock = std::chrono::steady_clock;

namespace detail {
struct CancelState {
  std::mutex mu;
  std::condition_variable cv;
  bool cancelled = false;
  std::vector<std::weak_ptr<CancelState>> children;  // linked sources
};
}  // namespace detail

class CancelToken {
 public:
  CancelToken() = default;  // never cancelled
  bool cancelled() const;
  // Sleeps until `until` or until cancelled, whichever comes first; returns
  // cancelled().  A binding that waits for something uses this, never a
  // plain sleep, so that a cancel wakes it at once.
  bool sleep_until(Clock::time_point until) const;

 private:
  friend class CancelSource;
  explicit CancelToken(std::shared_ptr<detail::CancelState> s) : state_(std::move(s)) {}
  std::shared_ptr<detail::CancelState> state_;
};

class CancelSource {
 public:
  CancelSource() : state_(std::make_shared<detail::CancelState>()) {}
  // A source also cancelled when `parent` is (a call's own source, linked
  // to the orchestrator's token).
  explicit CancelSource(const CancelToken& parent);
  void cancel() const;  // idempotent
  bool cancelled() const;
  CancelToken token() const { return CancelToken(state_); }

 private:
  explicit CancelSource(std::shared_ptr<detail::CancelState> s) : state_(std::move(s)) {}
  void link(std::vector<std::weak_ptr<detail::CancelState>>& children) const;
  std::shared_ptr<detail::CancelState> state_;
};

}  // namespace riposte::actions
