// What the JIT compiles (docs/jit.md): the IR core without functions,
// paths or destructuring, natives that have a C++ function plus `empty`
// and `error`.  Recursion and unbounded generators (`range`, `repeat`,
// `recurse`, `def f: f; f`) stay on the VM, so every loop of native code
// walks a value that exists and is bounded by its size.
#pragma once

#include <string>

#include "ir/ir.h"

namespace riposte::jit {

// True when every node of m.main is in the subset; else `why` names the
// first one that is not ("function call f/1", "path(...)", ...).
bool supported(const ir::Module& m, std::string& why);

}  // namespace riposte::jit
