// A test binding that records its calls and how many ran at once, for
// tests of parallel steps (the orchestrator's split and scatter-gather).
// With a gate, every call blocks until the gate opens (or the call is
// cancelled), so a test can hold N calls in flight and check that they
// overlap without timing anything:
//
//   auto rec = std::make_shared<RecordingLog>();
//   rec->close_gate();
//   registry.bind(make_recording_binding(*find_action("killProcess"), rec));
//   ... start the playbook on another thread ...
//   EXPECT_TRUE(rec->wait_in_flight(4));   // 4 calls blocked together
//   rec->open_gate();
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "actions/binding.h"

namespace riposte::actions {

struct RecordedCall {
  std::string type;
  std::string params_json;  // compact JSON of the parameters
  std::optional<std::string> asset;
  std::string idempotency_key;
};

// Shared by the bindings that record into it (one log for several types).
class RecordingLog {
 public:
  std::vector<RecordedCall> calls() const;  // in the order they started
  unsigned in_flight() const;
  unsigned peak() const;  // most calls in flight at once so far
  void close_gate();      // calls starting from now block
  void open_gate();       // releases every blocked call
  // Waits until at least n calls are in flight; false after `limit` (a
  // safety net against a hang, not a timing assertion).
  bool wait_in_flight(unsigned n, std::chrono::milliseconds limit = std::chrono::seconds(30)) const;

  // Used by the binding.
  void enter(RecordedCall call);
  bool pass_gate(const CancelToken& cancel);  // false: cancelled while waiting
  void leave();

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<RecordedCall> calls_;
  unsigned in_flight_ = 0, peak_ = 0;
  bool gate_open_ = true;
};

// Records each call into `log`, waits at the gate, then answers `result`
// (JSON text; default {"recorded": true}).
std::unique_ptr<Binding> make_recording_binding(const ActionSchema& schema, std::shared_ptr<RecordingLog> log,
                                                std::string result_json = R"({"recorded":true})");

}  // namespace riposte::actions
