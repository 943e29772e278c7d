// The native builtins: one table, defined once in stdlib/natives.def,
// that the frontend consults (which names exist, with which arity) and the VM
// calls.  Builtins written in jq live in stdlib/builtins.jq.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "ir/native_facts.h"
#include "value/value.h"

namespace riposte::stdlib {

// What natives see of the running evaluation (NativeCtx::vm); the VM's
// interpreter implements it.
class VmContext {
 public:
  virtual ~VmContext() = default;
  // False (and the run ends with BudgetExceeded) when `bytes` more would
  // exceed the memory budget.
  virtual bool charge(size_t bytes) = 0;
};

struct NativeCtx {
  VmContext* vm = nullptr;
  // Charge `bytes` against the memory budget before a large allocation;
  // false means the budget is exhausted (the native must fail with the
  // error value set by the VM into `out`).
  bool (*charge)(NativeCtx&, size_t bytes) = nullptr;
  // Optional: the VM's own reference to the input when nothing else needs it
  // after the call.  A native may move from it (`in` refers to the same
  // value and must not be used afterwards) to update a uniquely owned value
  // in place: setpath, delpaths, sort ... then avoid copying the container.
  Value* owned_input = nullptr;
};

// Computes one output from the input and already evaluated arguments.
// Returns false with `out` set to the jq error value on failure.
using NativeFn = bool (*)(NativeCtx& ctx, const Value& in, const Value* args, Value& out);

enum class NativeKind : uint8_t {
  Function,   // pure function of input and arguments
  Impure,     // reads time, environment, ... (never constant-folded)
  Intrinsic,  // implemented by the VM itself (empty, error, getpath, range, input, ...)
};

struct NativeInfo {
  std::string_view name;
  uint8_t arity;
  NativeKind kind;
  NativeFn fn;           // null for intrinsics
  ir::NativeFacts facts;  // outputs, result types, input use, capability
};

// Finds a native by name and arity; nullptr when there is none.
const NativeInfo* find_native(std::string_view name, unsigned arity);
// The facts of a native for the compiler (ir::NativeFactsFn); null when
// there is none.
const ir::NativeFacts* native_facts(std::string_view name, unsigned arity);
// All natives (for `builtins` and documentation).
std::span<const NativeInfo> all_natives();

// The jq source of the jq-defined builtins (stdlib/builtins.jq, embedded).
std::string_view builtins_jq_source();

}  // namespace riposte::stdlib
