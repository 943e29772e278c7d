#include "actions/recording.h"

#include "value/json.h"

namespace riposte::actions {

std::vector<RecordedCall> RecordingLog::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

unsigned RecordingLog::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return in_flight_;
}

unsigned RecordingLog::peak() const {
  std::lock_guard<std::mutex> lock(mu_);
  return peak_;
}

void RecordingLog::close_gate() {
  std::lock_guard<std::mutex> lock(mu_);
  gate_open_ = false;
}

void RecordingLog::open_gate() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    gate_open_ = true;
  }
  cv_.notify_all();
}

bool RecordingLog::wait_in_flight(unsigned n, std::chrono::milliseconds limit) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, limit, [&] { return in_flight_ >= n; });
}

void RecordingLog::enter(RecordedCall call) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.push_back(std::move(call));
    peak_ = std::max(peak_, ++in_flight_);
  }
  cv_.notify_all();
}

bool RecordingLog::pass_gate(const CancelToken& cancel) {
  std::unique_lock<std::mutex> lock(mu_);
  // The cancel token has its own condition variable: look at it often.
  while (!gate_open_) {
    if (cancel.cancelled()) return false;
    cv_.wait_for(lock, std::chrono::milliseconds(5));
  }
  return true;
}

void RecordingLog::leave() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
  }
  cv_.notify_all();
}

namespace {
class RecordingBinding : public Binding {
 public:
  RecordingBinding(const ActionSchema& schema, std::shared_ptr<RecordingLog> log, std::string result)
      : Binding(schema), log_(std::move(log)), result_(std::move(result)) {}

  Outcome invoke(const Call& call) override {
    log_->enter(RecordedCall{call.type, to_json(call.params), call.asset, call.idempotency_key});
    bool passed = log_->pass_gate(call.cancel);
    log_->leave();
    if (!passed) return Outcome::error(Failure::Cancelled, "cancelled");
    Value v;
    JsonError err;
    parse_json(result_, v, err);
    return Outcome::success(std::move(v));
  }

 private:
  std::shared_ptr<RecordingLog> log_;
  std::string result_;
};
}  // namespace

std::unique_ptr<Binding> make_recording_binding(const ActionSchema& schema, std::shared_ptr<RecordingLog> log,
                                                std::string result_json) {
  return std::make_unique<RecordingBinding>(schema, std::move(log), std::move(result_json));
}

}  // namespace riposte::actions
