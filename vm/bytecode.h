// The compiled form of a jq program: instructions (vm/bytecode.def), the
// constant pool, the natives it calls, and its code units.
//
// A code unit is one compiled body: the main program, a jq function, or a
// lambda (a closure argument of a call), each in value mode or path mode
// (inside path(f), every value travels with its path).  A unit runs in a
// frame of its own (see interp_state.h) whose static link is the frame of
// the lexically enclosing unit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "stdlib/natives.h"
#include "vm/bytecode.def"
#include "value/value.h"

namespace riposte::vm {

enum class Op : uint8_t {
#define X(name, operands, doc) name,
  RIPOSTE_BYTECODE(X)
#undef X
};
const char* op_name(Op op);

struct Insn {
  Op op = Op::NOP;
  uint8_t a = 0;
  uint16_t b = 0;
  uint32_t c = 0;
};
static_assert(sizeof(Insn) == 8, "instructions are 8 bytes");

enum class Mode : uint8_t { Value = 0, Path = 1 };

inline constexpr unsigned kMaxNativeArgs = 8;  // NATIVE's argument buffer

// One frame layout (a jq function, a lambda or main), shared by the value
// and path versions of its code so that closures work with either.
struct Scope {
  std::string name;       // "main", "f/2", "lambda@3:7"
  uint32_t level = 0;     // static nesting depth: main is 0
  uint32_t nslots = 0;    // variables, labels and temporaries
  uint32_t nparams = 0;   // closure parameters (functions only)
};

struct Unit {
  uint32_t scope = 0;
  Mode mode = Mode::Value;
  uint32_t entry = 0;  // first instruction
  uint32_t end = 0;    // one past the last
};

// A closure argument: the code to run in either mode.
struct Lambda {
  uint32_t scope = 0;
  uint32_t unit[2] = {0, 0};  // by Mode
};

struct Code {
  std::vector<Insn> insns;
  std::vector<Value> consts;
  std::vector<const stdlib::NativeInfo*> natives;
  std::vector<Scope> scopes;
  std::vector<Unit> units;
  std::vector<Lambda> lambdas;
  uint32_t main_unit = 0;
  uint32_t nglobals = 0;  // main's first slots hold the globals, in Module::globals order
};

}  // namespace riposte::vm
