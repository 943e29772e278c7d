// The binding interface (spec/actions.md): what a `responseAction` step
// calls.  A binding has an action type and its parameter schema (the table
// of actions/schema.h, shared with the algorithm validator), says whether it
// takes assets, and answers one call at a time per thread: `invoke` is
// synchronous and thread-safe; `start` runs it on a thread of its own and
// returns a Pending that the caller waits on until the call's deadline.
//
// Contract (stable; docs/actions.md):
// - A call carries the evaluated parameters (an object), the asset (for
//   asset actions, one call per asset), an idempotency key (the same key
//   for the same logical call, across retries and resumes: a binding that
//   reaches a peer passes it on so the peer can drop duplicates), a
//   deadline and a cancellation token.
// - The outcome is a value, never an exception: Success with a JSON result,
//   Warning with a result and a message, or Error with a message (and the
//   result when the binding has one, e.g. a script's captured output) and
//   what kind of failure it was.
// - Values are per thread (value/value.h: reference counts are not atomic):
//   start() copies the parameters as JSON text on the caller's thread, the
//   binding's thread parses them, and the result comes back the same way, so
//   neither side ever touches the other's Values.
// - The caller enforces the deadline: Pending::wait() returns at the
//   deadline at the latest (plus a short grace for the binding to stop),
//   cancelling the call.  Bindings check `call.cancel` (and may watch
//   `call.deadline` themselves to stop cleanly, as the script binding does).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actions/cancel.h"
#include "actions/schema.h"
#include "value/value.h"

namespace riposte::actions {

enum class Status : uint8_t { Success, Warning, Error };
std::string_view status_name(Status s);  // "Success" "Warning" "Error"

// Why a call failed (Status::Error), for the caller's policy.
enum class Failure : uint8_t {
  None,       // not failed
  Action,     // the action ran and failed (peer said no, nonzero exit, mock error)
  Timeout,    // the deadline passed
  Cancelled,  // cancelled from outside (terminate, playbook timeout)
  BadCall,    // the call itself is wrong (asset on an action without assets, params not an object)
  Unbound,    // no binding for the type in this mode: a system error, stops whatever onError says
};
std::string_view failure_name(Failure f);  // "none" "action" "timeout" "cancelled" "bad-call" "unbound"

struct Outcome {
  Status status = Status::Success;
  Value result = {};    // the JSON result (may be set on Warning and Error too)
  std::string message = {};  // Warning, Error: why
  Failure failure = Failure::None;

  bool ok() const { return status != Status::Error; }
  bool system() const { return failure == Failure::Unbound; }
  static Outcome success(Value result);
  static Outcome warning(Value result, std::string message);
  static Outcome error(Failure failure, std::string message, Value result = Value());
};

// Where a call comes from: the instance, the tenant chain of its object
// (root first: the --config overrides of the nearest tenant apply), and the
// alert or incident it runs for.  Empty in a bare `riposte run` without a store.
struct CallContext {
  std::string instance = {};              // the playbook instance ID
  std::string playbook = {};              // the playbook ID
  std::vector<std::string> tenants = {};  // root ... the object's own tenant
  std::string object_kind = {};           // "alert" | "incident" | ""
  std::string object_id = {};
};

struct Call {
  std::string type = {};               // the action type
  Value params = Value::object();      // evaluated parameters: an object
  std::optional<std::string> asset = {};  // asset actions: the asset ID; others: none
  std::string idempotency_key = {};    // see actions/idempotency.h
  Clock::time_point deadline = Clock::time_point::max();  // max() = none
  CancelToken cancel = {};             // cancellation from outside (optional)
  CallContext context = {};
};

class Binding {
 public:
  explicit Binding(const ActionSchema& schema) : schema_(&schema) {}
  virtual ~Binding() = default;
  Binding(const Binding&) = delete;
  Binding& operator=(const Binding&) = delete;

  const ActionSchema& schema() const { return *schema_; }
  std::string_view type() const { return schema_->type; }
  bool takes_assets() const { return schema_->assets != AssetKind::None; }

  // Performs the call and returns its outcome.  Runs on the call's own
  // thread; may run concurrently with other calls of the same binding.
  // `call.cancel` is the effective token (the caller's, linked to the
  // Pending's); a binding that blocks must wake on it (CancelToken::
  // sleep_until) and then return Failure::Cancelled.
  virtual Outcome invoke(const Call& call) = 0;

 private:
  const ActionSchema* schema_;
};

namespace detail {
struct PendingState;
}

// A call in flight.  Move-only; destroying it cancels the call if it is
// still running and waits for its thread to finish.
class Pending {
 public:
  Pending() = default;
  Pending(Pending&&) noexcept;
  Pending& operator=(Pending&&) noexcept;
  ~Pending();

  // Waits for the outcome until the call's deadline.  When the deadline
  // passes first, cancels the call, gives the binding a short grace to
  // stop (its own outcome is kept when it answers; Cancelled becomes
  // Timeout) and otherwise returns Failure::Timeout.  Call once.
  Outcome wait();
  bool ready() const;  // the outcome is there (wait() will not block)
  void cancel();       // asks the binding to stop; wait() then returns its answer

  // A call already answered (no thread): unknown types, bad calls.
  static Pending done(Outcome outcome);

 private:
  friend Pending start(Binding& binding, const Call& call);
  std::shared_ptr<detail::PendingState> state_;
};

// Runs binding.invoke(call) on a new thread.  Checks the call against the
// binding (asset present exactly for asset actions, params an object)
// first: a bad call is answered at once with Failure::BadCall.
Pending start(Binding& binding, const Call& call);

}  // namespace riposte::actions
