#include "actions/cancel.h"

#include <algorithm>
#include <thread>

namespace riposte::actions {

bool CancelToken::cancelled() const {
  if (!state_) return false;
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->cancelled;
}

bool CancelToken::sleep_until(Clock::time_point until) const {
  if (!state_) {
    std::this_thread::sleep_until(until);
    return false;
  }
  std::unique_lock<std::mutex> lock(state_->mu);
  state_->cv.wait_until(lock, until, [&] { return state_->cancelled; });
  return state_->cancelled;
}

CancelSource::CancelSource(const CancelToken& parent) : CancelSource() {
  if (!parent.state_) return;
  std::lock_guard<std::mutex> lock(parent.state_->mu);
  if (parent.state_->cancelled)
    state_->cancelled = true;
  else
    link(parent.state_->children);
}

// Adds this source to a parent's children, dropping the children that are
// gone (a long-lived parent sees many short calls).
void CancelSource::link(std::vector<std::weak_ptr<detail::CancelState>>& children) const {
  std::erase_if(children, [](const auto& weak) { return weak.expired(); });
  children.push_back(state_);
}

void CancelSource::cancel() const {
  std::vector<std::weak_ptr<detail::CancelState>> children;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (state_->cancelled) return;
    state_->cancelled = true;
    children.swap(state_->children);
  }
  state_->cv.notify_all();
  for (const auto& weak : children)
    if (auto child = weak.lock()) CancelSource(std::move(child)).cancel();
}

bool CancelSource::cancelled() const { return token().cancelled(); }

}  // namespace riposte::actions
