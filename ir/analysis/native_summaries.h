// What the analyses know about native builtins (stdlib/natives.def): how
// many outputs one call yields and the JSON types of its result.  ir/ does
// not link the standard library, so this is a table of names; a native it
// does not list yields one value of any type (every non-intrinsic native
// is a function of its arguments).
#pragma once

#include <string_view>

#include "ir/analysis/lattice.h"

namespace riposte::ir::analysis {

enum class NativeOutputs : uint8_t {
  One,      // a function: one output per combination of arguments
  None,     // empty, error, halt, halt_error: never an output
  Several,  // range: zero or more
};

NativeOutputs native_outputs(std::string_view name, size_t arity);
TypeSet native_result_types(std::string_view name, size_t arity);

}  // namespace riposte::ir::analysis
