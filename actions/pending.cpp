// start() and Pending: one thread per call; the outcome crosses threads as
// JSON text (value/value.h: Values are per thread), as do the parameters.
#include <fmt/format.h>

#include <thread>

#include "actions/binding.h"
#include "value/json.h"

namespace riposte::actions {

namespace {
// How long wait() lets a binding stop after cancelling it at the deadline.
constexpr auto kGrace = std::chrono::seconds(2);

// An Outcome without Values, safe to hand to another thread.
struct WireOutcome {
  Status status = Status::Success;
  Failure failure = Failure::None;
  std::string message;
  std::string result_json = "null";
};

WireOutcome to_wire(const Outcome& o) {
  return WireOutcome{o.status, o.failure, o.message, to_json(o.result)};
}

Outcome from_wire(const WireOutcome& w) {
  Outcome o;
  o.status = w.status;
  o.failure = w.failure;
  o.message = w.message;
  JsonError err;
  if (!parse_json(w.result_json, o.result, err)) o.result = Value();
  return o;
}
}  // namespace

namespace detail {
struct PendingState {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  WireOutcome outcome;
  CancelSource cancel;
  Clock::time_point deadline = Clock::time_point::max();
  std::thread thread;

  explicit PendingState(const CancelToken& parent) : cancel(parent) {}
  void finish(WireOutcome w) {
    {
      std::lock_guard<std::mutex> lock(mu);
      outcome = std::move(w);
      done = true;
    }
    cv.notify_all();
  }
  // Waits until done or `until`; returns done.
  bool wait_until(Clock::time_point until) {
    std::unique_lock<std::mutex> lock(mu);
    if (until == Clock::time_point::max())
      cv.wait(lock, [&] { return done; });
    else
      cv.wait_until(lock, until, [&] { return done; });
    return done;
  }
};
}  // namespace detail

namespace {
// What is wrong with the call for this binding, or "".
std::string bad_call(const Binding& binding, const Call& call) {
  if (!call.params.is_object())
    return fmt::format("{}: params must be an object, got {}", binding.type(), call.params.type_name());
  if (binding.takes_assets() && !call.asset)
    return fmt::format("{}: takes {}, but the call names no asset", binding.type(), describe(binding.schema().assets));
  if (!binding.takes_assets() && call.asset)
    return fmt::format("{}: takes no assets, but the call names asset \"{}\"", binding.type(), *call.asset);
  return {};
}

// The body of the call's thread.
void run(Binding& binding, Call call, std::string params_json, detail::PendingState& state) {
  JsonError err;
  if (!parse_json(params_json, call.params, err)) call.params = Value::object();
  call.cancel = state.cancel.token();
  Outcome o;
  try {
    o = binding.invoke(call);
  } catch (const std::exception& e) {  // a binding's bug must not end the process
    o = Outcome::error(Failure::Action, fmt::format("{}: {}", binding.type(), e.what()));
  }
  state.finish(to_wire(o));
}
}  // namespace

Pending start(Binding& binding, const Call& call) {
  if (std::string why = bad_call(binding, call); !why.empty())
    return Pending::done(Outcome::error(Failure::BadCall, std::move(why)));
  Pending p;
  p.state_ = std::make_shared<detail::PendingState>(call.cancel);
  p.state_->deadline = call.deadline;
  Call copy{call.type, Value(), call.asset, call.idempotency_key, call.deadline, {}, call.context};
  p.state_->thread = std::thread(run, std::ref(binding), std::move(copy), to_json(call.params), std::ref(*p.state_));
  return p;
}

Pending Pending::done(Outcome outcome) {
  Pending p;
  p.state_ = std::make_shared<detail::PendingState>(CancelToken());
  p.state_->finish(to_wire(outcome));
  return p;
}

Pending::Pending(Pending&&) noexcept = default;

Pending& Pending::operator=(Pending&& other) noexcept {
  if (this != &other) {
    Pending old(std::move(*this));  // cancelled and joined when it goes
    state_ = std::move(other.state_);
  }
  return *this;
}

Pending::~Pending() {
  if (!state_) return;
  if (state_->thread.joinable()) {
    state_->cancel.cancel();
    state_->thread.join();
  }
}

bool Pending::ready() const {
  if (!state_) return true;
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->done;
}

void Pending::cancel() {
  if (state_) state_->cancel.cancel();
}

Outcome Pending::wait() {
  if (!state_) return Outcome::error(Failure::BadCall, "no call");
  detail::PendingState& s = *state_;
  bool timed_out = !s.wait_until(s.deadline);
  if (timed_out) {
    s.cancel.cancel();
    if (!s.wait_until(Clock::now() + kGrace)) return Outcome::error(Failure::Timeout, "deadline exceeded");
  }
  if (s.thread.joinable()) s.thread.join();
  Outcome o = from_wire(s.outcome);
  if (timed_out && o.failure == Failure::Cancelled) {
    o.failure = Failure::Timeout;
    o.message = "deadline exceeded";
  }
  return o;
}

}  // namespace riposte::actions
