// IR -> bytecode.  Never fails for a module that passed the verifier;
// a native the stdlib does not know compiles to a run-time error.
#pragma once

#include "ir/ir.h"
#include "vm/bytecode.h"

namespace riposte::vm {

Code compile(const ir::Module& m);

}  // namespace riposte::vm
