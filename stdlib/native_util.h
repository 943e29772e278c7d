// Shared helpers of the native builtins: gojq's error messages, number
// conversions with gojq's rules, UTF-8 walking, and the declarations of
// every NativeFn listed in natives.def.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "stdlib/natives.h"
#include "support/utf8.h"
#include "value/value.h"
#include "value/value_preview.h"

namespace riposte::stdlib {

// ---- errors: set `out` to the error value and return false.
bool fail(Value& out, std::string message);
// gojq's renderings of values in error messages are value/value_preview.h's
// preview and type_error_preview; type_preview is the latter's short name.
inline std::string type_preview(const Value& v) { return type_error_preview(v); }
// "<name> cannot be applied to: <type_error_preview(v)>".
bool type_error(Value& out, std::string_view name, const Value& v);

// Charges `bytes` against the memory budget; false (with the VM's error in
// `out`) when exhausted.  Always succeeds when the VM set no budget.
bool charge(NativeCtx& ctx, size_t bytes, Value& out);

// The input as a value the native may modify: moved from the VM's own
// reference when it offered one (NativeCtx::owned_input; `in` is then
// empty), else a copy sharing `in`'s cell.
Value take_input(NativeCtx& ctx, const Value& in);

// ---- numbers, converted as gojq's toFloat / toInt do (floats truncate and
// clamp to the int64 range; big integers clamp).
bool to_float(const Value& v, double& d);
bool to_int(const Value& v, int64_t& i);
int64_t clamp_to_int(double d);
// An integer result: exact when it fits, else a float.
Value int_value(int64_t i);

// ---- UTF-8 (support/utf8.h)
using support::append_utf8;
using support::code_point_count;
using support::next_code_point;

// Compact JSON text of v, as tojson prints it.
std::string json_text(const Value& v);

// ---- the native functions of natives.def
#define RIPOSTE_DECLARE_Function(fn) bool fn(NativeCtx& ctx, const Value& in, const Value* args, Value& out);
#define RIPOSTE_DECLARE_Impure(fn) RIPOSTE_DECLARE_Function(fn)
#define RIPOSTE_DECLARE_Intrinsic(fn)
#define X(name, arity, kind, outputs, result, input, capability, fn) RIPOSTE_DECLARE_##kind(fn)
#include "stdlib/natives.def"
#undef X
#undef RIPOSTE_DECLARE_Function
#undef RIPOSTE_DECLARE_Impure
#undef RIPOSTE_DECLARE_Intrinsic

}  // namespace riposte::stdlib
