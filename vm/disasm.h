// The bytecode as stable text (`riposte ir --stage bytecode`; pinned by
// golden files): each unit with its scope, then one instruction per line.
#pragma once

#include <string>

#include "vm/bytecode.h"

namespace riposte::vm {

std::string disassemble(const Code& code);

}  // namespace riposte::vm
