// Operator enumerations shared by the IR and its consumers.
#pragma once

#include <cstdint>

namespace riposte::ir {

// Binary operators of jq, defined once.  X(name, spelling)
#define RIPOSTE_BINOPS(X) \
  X(Add, "+")             \
  X(Sub, "-")             \
  X(Mul, "*")             \
  X(Div, "/")             \
  X(Mod, "%")             \
  X(Eq, "==")             \
  X(Ne, "!=")             \
  X(Lt, "<")              \
  X(Le, "<=")             \
  X(Gt, ">")              \
  X(Ge, ">=")

enum class BinOp : uint8_t {
#define X(name, spelling) name,
  RIPOSTE_BINOPS(X)
#undef X
};

const char* spelling(BinOp op);

}  // namespace riposte::ir
