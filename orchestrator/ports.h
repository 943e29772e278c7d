// What the orchestrator needs from the outside world, as two small
// interfaces: the action port (one call of a response action; the tools
// adapt the bindings of actions/ to it) and the approver (manual approval
// of one asset).  Implementations must be thread-safe: parallel branches
// call them from worker threads.  The Values passed belong to the calling
// thread; an implementation must not keep them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "value/value.h"

namespace riposte::orchestrator {

struct CallRequest {
  std::string step;             // JSON path of the responseAction step
  std::string type;             // the action type
  Value params;                 // evaluated parameters (an object)
  std::optional<std::string> asset;
  std::string idempotency_key;  // stable across resumes of the same instance
  int64_t deadline_ns = 0;      // steady-clock nanoseconds; 0 = none
};

enum class CallStatus : unsigned char { Success, Warning, Error };

struct CallReply {
  CallStatus status = CallStatus::Success;
  Value result;
  std::string error;  // Warning/Error: why
  bool system = false;  // a system error (binding missing, ...): stops whatever onError says
};

class ActionPort {
 public:
  virtual ~ActionPort() = default;
  virtual CallReply call(const CallRequest& request) = 0;
  // `v` with the deployment's configured secrets masked (the --config
  // secrets); the orchestrator shows parameters only through it.
  virtual Value mask(const Value& v) const { return v; }
};

enum class Approval : unsigned char { Approved, Rejected, Expired, Pending };

// What the approver is asked: one asset of a responseAction step with
// `manualApprove` (algorithm.md), with what an approval request shows.
struct ApprovalAsk {
  const std::string& step;    // JSON path of the step
  const std::string& type;    // the action type
  const Value& params;        // evaluated parameters, secrets masked
  const std::string& asset;   // "" for an action without assets
  const std::string& key;     // the step call's idempotency key + "#approve:" + asset
  int64_t timeout_ns = 0;     // manualApprove timeout (10m ... 180m)
  int64_t email_delay_ns = 0; // 0: no e-mail to the approvers
};

class Approver {
 public:
  virtual ~Approver() = default;
  // The decision for one asset of a step awaiting approval.  Pending: not
  // answered yet (the instance pauses and asks again when resumed).
  virtual Approval decide(const ApprovalAsk& ask) = 0;
};

}  // namespace riposte::orchestrator
