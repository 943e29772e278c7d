#include "tools/cmd_run_ports.h"


namespace riposte::tools {

using orchestrator::Approval;
Approval FixedApprover::decide(const orchestrator::ApprovalAsk&) {
  if (mode_ == "all") return Approval::Approved;
  if (mode_ == "none") return Approval::Rejected;
  if (mode_ == "expire") return Approval::Expired;
  return Approval::Pending;
}

}  // namespace riposte::tools
