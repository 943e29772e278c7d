#include "vm/intrinsics.h"

namespace riposte::vm {
namespace {

constexpr Intrinsic kIntrinsics[] = {
#define INTRINSIC(name, arity, op, path_op, keeps_path) {name, arity, Op::op, Op::path_op, keeps_path},
#include "vm/intrinsics.def"
#undef INTRINSIC
};

}  // namespace

std::span<const Intrinsic> all_intrinsics() {
  return kIntrinsics;
}

const Intrinsic* find_intrinsic(std::string_view name, unsigned arity) {
  for (const Intrinsic& i : kIntrinsics)
    if (i.arity == arity && i.name == name) return &i;
  return nullptr;
}

}  // namespace riposte::vm
