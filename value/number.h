// jq numbers with gojq's rules: exact int64, big integers (GMP) when an
// integer operation overflows or a literal does not fit, float64 otherwise.
// Formatting follows gojq's encoder byte for byte.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "value/value.h"

namespace riposte {

struct BigInt {
  mpz_class v;
};

namespace num {

// ---- conversions
// gojq's floatToInt: truncation toward zero, clamped to the int64 range
// (NaN maps to INT64_MIN, as Go's conversion does on amd64).
int64_t float_to_int(double d);
// Correctly rounded conversion of a big integer to float64 (±inf when out of range).
double big_to_double(const BigInt& b);
// Any exact integer value (int or big) as a BigInt.
BigInt to_big(const Value& v);
// The integer value of a number when it is an exact integer that fits int64
// (ints, and floats with an integral value in range); false otherwise.
bool exact_int(const Value& v, int64_t& out);

// ---- formatting (as gojq prints numbers)
void append_double(std::string& out, double d);
void append_number(std::string& out, const Value& number);
std::string format_number(const Value& number);

// ---- arithmetic; each returns false with a gojq error message in `out` on
// division or modulo by zero.  Both operands must be numbers.
Value add(const Value& a, const Value& b);
Value sub(const Value& a, const Value& b);
Value mul(const Value& a, const Value& b);
bool div(const Value& a, const Value& b, Value& out);
bool mod(const Value& a, const Value& b, Value& out);
Value neg(const Value& a);
// Three-way comparison of two numbers with gojq's rules (NaN is smallest).
int compare(const Value& a, const Value& b);

}  // namespace num
}  // namespace riposte
