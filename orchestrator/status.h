// Instance, step and action statuses (spec/engine.md, algorithm.md).
#pragma once

#include <optional>
#include <string_view>

namespace riposte::orchestrator {

enum class Status : unsigned char {
  AwaitingApproval,
  InProgress,
  Success,
  Warning,
  Error,
  Terminated,
  ApprovalTimeExpired,
  Rejected,
};

// "AwaitingApproval", "InProgress", "Success", ... (the run output's spelling).
std::string_view status_name(Status s);
std::optional<Status> parse_status(std::string_view name);
// The step or instance ended and the next step may run (Success, Warning).
inline bool goes_on(Status s) { return s == Status::Success || s == Status::Warning; }
// The run paused: a pending approval or a stop at a step boundary.
inline bool paused(Status s) { return s == Status::AwaitingApproval || s == Status::InProgress; }
// The worse of two outcomes of steps that both ran (Success < Warning < the failures).
Status worse(Status a, Status b);

}  // namespace riposte::orchestrator
