// Running the program on a thread with a large stack.  The front ends (the
// ANTLR parser, the AST builder, the algorithm loader and validator) recurse
// once or more per nesting level of their input and bound that nesting
// (frontend/parse.cpp, frontend/algorithm/json_load.cpp); the bounds are
// chosen so that the deepest accepted input fits in kLargeStackBytes with a
// wide margin, even in the sanitizer build, whose frames are several times
// larger.  The stack is reserved, not committed: untouched pages cost
// nothing.
#pragma once

#include <cstddef>
#include <functional>

namespace riposte::tools {

inline constexpr size_t kLargeStackBytes = size_t(512) << 20;

// Runs body on a new thread with a stack of `bytes` and returns its result;
// runs it on the calling thread if such a thread cannot be created.
int run_on_large_stack(const std::function<int()>& body, size_t bytes = kLargeStackBytes);

}  // namespace riposte::tools
