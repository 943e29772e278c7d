// Stable text dump of the IR (`riposte ir --stage ir|opt`), pinned by golden files.
#pragma once

#include <string>

#include "ir/ir.h"

namespace riposte::ir {

std::string print(const Module& m);

}  // namespace riposte::ir
