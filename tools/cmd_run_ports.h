// The approver `riposte run --approve` gives the orchestrator (the action
// port is engine/registry_port.h, on the registry of actions/).
#pragma once

#include <string>

#include "orchestrator/ports.h"

namespace riposte::tools {

class FixedApprover : public orchestrator::Approver {
 public:
  // "all", "none" (reject), "expire", or "" (leave pending).
  explicit FixedApprover(std::string mode) : mode_(std::move(mode)) {}
  orchestrator::Approval decide(const orchestrator::ApprovalAsk& ask) override;

 private:
  std::string mode_;
};

}  // namespace riposte::tools
