// Structural checks of a Module: kid counts per node kind, ids in range,
// variables used only where bound, labels broken only inside their label,
// closure parameters called only inside their function.
#pragma once

#include <string>
#include <vector>

#include "ir/ir.h"

namespace riposte::ir {

struct VerifyError {
  Loc loc;
  std::string message;
};

// Returns the problems found (empty when the module is well formed).
std::vector<VerifyError> verify(const Module& m);

}  // namespace riposte::ir
