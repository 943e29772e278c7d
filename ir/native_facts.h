// What the compiler's consumers know of a native builtin without linking
// it: the columns of stdlib/natives.def beyond its code.  The front end
// records, in every module it lowers, the catalogue the natives came from
// (Module::native_facts), so the analyses and passes ask one table instead
// of keeping lists of names.
#pragma once

#include <cstdint>
#include <string_view>

namespace riposte::ir {

// How many values one call yields (for each combination of arguments).
enum class NativeOutputs : uint8_t {
  One,      // a function: exactly one, or an error
  None,     // empty, error, halt, halt_error: never a value
  Several,  // range: zero or more
};

// How much of its input `.` a call can observe.
enum class NativeInput : uint8_t {
  Whole,     // anything (the default)
  KindOnly,  // only its type and truthiness: type, not, infinite, nan
  Ignored,   // nothing: range, now, env, pow(a; b) ...
};

// What a native reaches beyond its input and arguments.  The environments
// (compiler/environment.h) are derived from it: `riposte jq` allows all;
// the programs a tenant writes (triggers, algorithm expressions) allow only
// None and Time, so they never see the server's environment, files,
// input stream or process.
enum class Capability : uint8_t {
  None,         // a function of its input and arguments
  Time,         // the clock: now, localtime, strflocaltime
  Environment,  // the process environment: env, $ENV
  Input,        // the program's input stream: input, input_line_number, input_filename
  Output,       // the process's standard error: debug, stderr
  Process,      // ends the process: halt, halt_error
};
inline constexpr unsigned kCapabilityCount = 6;
using CapabilitySet = uint8_t;  // bit (1 << Capability)
inline constexpr CapabilitySet capability_bit(Capability c) {
  return CapabilitySet(1u << unsigned(c));
}
inline constexpr CapabilitySet kAllCapabilities = CapabilitySet((1u << kCapabilityCount) - 1);

// JSON types a result may have (the bits of ir/analysis/lattice.h's
// TypeSet), named for natives.def's result column: a table built in a
// class derived from this one reads `Array|Null` unambiguously.
struct ResultTypes {
  static constexpr uint8_t Null = 1 << 0, Bool = (1 << 1) | (1 << 2), Number = 1 << 3, String = 1 << 4,
                           Array = 1 << 5, Object = 1 << 6;
  static constexpr uint8_t Any = Null | Bool | Number | String | Array | Object;
};

struct NativeFacts {
  NativeOutputs outputs = NativeOutputs::One;
  uint8_t result_types = ResultTypes::Any;
  NativeInput input = NativeInput::Whole;
  Capability capability = Capability::None;
  // Pure: the same input and arguments give the same result (may be folded
  // at compile time and evaluated once for many triggers).
  bool pure = false;
};

// The catalogue: the facts of `name/arity`, or null when it is no native.
using NativeFactsFn = const NativeFacts* (*)(std::string_view name, unsigned arity);

std::string_view capability_name(Capability c);  // "environment", "input", ...

}  // namespace riposte::ir
