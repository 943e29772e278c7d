// Stable text dump of a compiled algorithm (`riposte ir --algorithm FILE`):
// the step graph with each node's JSON path, then every expression's IR.
// Pinned by tests/golden/algorithm/.
#pragma once

#include <string>

#include "ir/algorithm/step_graph.h"

namespace riposte::ir::algorithm {

std::string print(const Algorithm& a);
// A duration as Go prints it, shortened: 90 min -> "1h30m", 0 -> "0s".
std::string print_duration(int64_t ns);

}  // namespace riposte::ir::algorithm
