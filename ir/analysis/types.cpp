// Type rules of constants and binary operators (jq manual, "Addition" ...
// "Multiplication, division, modulo"): which types `a op b` can yield when
// a and b have the given types.  Combinations that error yield nothing.
#include "ir/analysis/shape_walker.h"

namespace riposte::ir::analysis {
namespace {

bool has(TypeSet t, TypeSet bits) { return (t & bits) != 0; }

TypeSet add_types(TypeSet a, TypeSet b) {
  TypeSet out = kNoType;
  for (TypeSet same : {TypeSet(kNumber), TypeSet(kString), TypeSet(kArray), TypeSet(kObject)})
    if (has(a, same) && has(b, same)) out |= same;
  if (has(a, kNull)) out |= b;  // null + x = x
  if (has(b, kNull)) out |= a;
  return out;
}

TypeSet mul_types(TypeSet a, TypeSet b) {
  TypeSet out = kNoType;
  if (has(a, kNumber) && has(b, kNumber)) out |= kNumber;
  // "abc" * n repeats the string; n <= 0 gives null
  if ((has(a, kString) && has(b, kNumber)) || (has(a, kNumber) && has(b, kString))) out |= kString | kNull;
  if (has(a, kObject) && has(b, kObject)) out |= kObject;  // deep merge
  return out;
}

}  // namespace

TypeSet const_type(const std::string& json) {
  if (json.empty()) return kAnyType;
  switch (json[0]) {
    case 'n': return kNull;
    case 't': return kTrue;
    case 'f': return kFalse;
    case '"': return kString;
    case '[': return kArray;
    case '{': return kObject;
    default: return kNumber;
  }
}

TypeSet binop_types(BinOp op, TypeSet a, TypeSet b) {
  switch (op) {
    case BinOp::Eq:
    case BinOp::Ne:
    case BinOp::Lt:
    case BinOp::Le:
    case BinOp::Gt:
    case BinOp::Ge: return kBool;
    case BinOp::Add: return add_types(a, b);
    case BinOp::Sub:
      return static_cast<TypeSet>((has(a, kNumber) && has(b, kNumber) ? kNumber : 0) |
                                  (has(a, kArray) && has(b, kArray) ? kArray : 0));
    case BinOp::Mul: return mul_types(a, b);
    case BinOp::Div:  // string / string splits
      return static_cast<TypeSet>((has(a, kNumber) && has(b, kNumber) ? kNumber : 0) |
                                  (has(a, kString) && has(b, kString) ? kArray : 0));
    case BinOp::Mod: return has(a, kNumber) && has(b, kNumber) ? TypeSet(kNumber) : kNoType;
  }
  return kAnyType;
}

}  // namespace riposte::ir::analysis
