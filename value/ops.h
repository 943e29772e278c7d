// jq's operators on values: arithmetic with gojq's number rules (exact
// integers promoted to big integers on overflow, float64 otherwise), string,
// array and object arithmetic, and comparisons.
#pragma once

#include "ir/ops.h"
#include "value/value.h"

namespace riposte {

// Applies `lhs op rhs`.  Returns false and sets `out` to the jq error value
// (a message string such as "cannot add: number (1) and string (\"a\")") on a
// type error or a division by zero.
bool binary_op(ir::BinOp op, const Value& lhs, const Value& rhs, Value& out);
// As above, but consumes lhs: `acc + x` appends to a uniquely owned array,
// string or object in place (linear accumulation in reduce and `add`).
bool binary_op(ir::BinOp op, Value&& lhs, const Value& rhs, Value& out);
// -v; false with an error value for non-numbers.
bool negate(const Value& v, Value& out);
// Bytes the result of lhs * rhs will hold when it repeats a string (0 when
// it does not), so that the VM can refuse it before building it.
size_t repeat_result_bytes(const Value& lhs, const Value& rhs);

}  // namespace riposte
