#include "orchestrator/status.h"

namespace riposte::orchestrator {
namespace {

constexpr std::string_view kNames[] = {"AwaitingApproval", "InProgress", "Success", "Warning",
                                       "Error", "Terminated", "ApprovalTimeExpired", "Rejected"};

int rank(Status s) {
  switch (s) {
    case Status::Success: return 0;
    case Status::Warning: return 1;
    default: return 2;
  }
}

}  // namespace

std::string_view status_name(Status s) { return kNames[static_cast<int>(s)]; }

std::optional<Status> parse_status(std::string_view name) {
  for (int i = 0; i < 8; ++i)
    if (kNames[i] == name) return static_cast<Status>(i);
  return std::nullopt;
}

Status worse(Status a, Status b) { return rank(b) > rank(a) ? b : a; }

}  // namespace riposte::orchestrator
