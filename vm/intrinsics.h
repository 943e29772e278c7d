// The natives the VM implements as opcodes (vm/intrinsics.def), looked up
// by name and arity once, at compile time.
#pragma once

#include <span>
#include <string_view>

#include "vm/bytecode.h"

namespace riposte::vm {

struct Intrinsic {
  std::string_view name;
  unsigned arity;
  Op op;       // in value mode
  Op path_op;  // in path mode, when keeps_path
  bool keeps_path;
};

std::span<const Intrinsic> all_intrinsics();
// nullptr when name/arity is not an intrinsic.
const Intrinsic* find_intrinsic(std::string_view name, unsigned arity);

}  // namespace riposte::vm
