// The approver `riposte run --approve` gives the orchestrator (the action
// port is tools/cmd_run_actions.h, on the registry of actions/).
#pragma once

#include <string>

#include "orchestrator/ports.h"

namespace riposte::tools {

class FixedApprover : public orchestrator::Approver {
 public:
  // "all", "none" (reject), "expire", or "" (leave pending).
  explicit FixedApprover(std::string mode) : mode_(std::move(mode)) {}
  orchestrator::Approval decide(const std::string& step, const std::string& asset, const std::string& key) override;

 private:
  std::string mode_;
};

}  // namespace riposte::tools
