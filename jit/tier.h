// Which tier runs a trigger (`riposte match --engine`, docs/jit.md):
//   Vm    bytecode only;
//   Jit   every trigger the JIT supports is compiled up front (batch);
//   Auto  bytecode first; after kDefaultHotAfter evaluations a trigger is
//         compiled (inline, by the evaluating thread) and runs natively.
#pragma once

#include <cstdint>

namespace riposte::jit {

enum class Tier : uint8_t { Vm, Jit, Auto };
inline constexpr uint32_t kDefaultHotAfter = 64;

}  // namespace riposte::jit
