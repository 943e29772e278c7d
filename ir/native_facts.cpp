#include "ir/native_facts.h"

#include "ir/ir.h"

namespace riposte::ir {

std::string_view capability_name(Capability c) {
  switch (c) {
    case Capability::None:
      return "none";
    case Capability::Time:
      return "time";
    case Capability::Environment:
      return "environment";
    case Capability::Input:
      return "input";
    case Capability::Output:
      return "output";
    case Capability::Process:
      return "process";
  }
  return "?";
}

const NativeFacts& native_facts(const Module& m, std::string_view name, unsigned arity) {
  // A native the catalogue does not know: one value of any type, reading
  // all of its input, impure -- what every analysis may assume safely.
  static constexpr NativeFacts kUnknown{};
  if (m.native_facts == nullptr) return kUnknown;
  const NativeFacts* f = m.native_facts(name, arity);
  return f ? *f : kUnknown;
}

}  // namespace riposte::ir
