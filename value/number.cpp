// Number formatting and arithmetic with gojq 0.12.11's rules.
#include "value/number.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "value/value_cell.h"
#include "value/value_preview.h"

namespace riposte::num {

namespace {

constexpr double kMaxDouble = std::numeric_limits<double>::max();

void append_int(std::string& out, int64_t i) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, i);
  out.append(buf, res.ptr);
}

void append_big(std::string& out, const BigInt& b) {
  size_t at = out.size();
  out.resize(at + mpz_sizeinbase(b.v.get_mpz_t(), 10) + 2);
  mpz_get_str(out.data() + at, 10, b.v.get_mpz_t());
  out.resize(at + std::char_traits<char>::length(out.data() + at));
}

// Shortest round-trip digits of |d| (no leading zeros) and the decimal
// exponent of the first digit: d = 0.d1d2... * 10^(exp+1).
struct Shortest {
  char digits[32];
  int count = 0;
  int exp = 0;
};

Shortest shortest_digits(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf - 1, std::fabs(d), std::chars_format::scientific);
  *res.ptr = '\0';  // for atoi below
  Shortest s;
  const char* p = buf;
  for (; p < res.ptr && *p != 'e'; ++p) {
    if (*p != '.') s.digits[s.count++] = *p;
  }
  s.exp = std::atoi(p + 1);  // "e+05" / "e-07"
  return s;
}

// Go's strconv.FormatFloat(d, 'f', -1, 64).
void append_fixed(std::string& out, const Shortest& s) {
  int point = s.exp + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0.";
    out.append(size_t(-point), '0');
    out.append(s.digits, size_t(s.count));
  } else if (point >= s.count) {
    out.append(s.digits, size_t(s.count));
    out.append(size_t(point - s.count), '0');
  } else {
    out.append(s.digits, size_t(point));
    out += '.';
    out.append(s.digits + point, size_t(s.count - point));
  }
}

// Go's strconv.FormatFloat(d, 'e', -1, 64), with gojq's clean-up of a
// single-digit negative exponent ("e-07" -> "e-7").
void append_exponent(std::string& out, const Shortest& s) {
  out += s.digits[0];
  if (s.count > 1) {
    out += '.';
    out.append(s.digits + 1, size_t(s.count - 1));
  }
  out += 'e';
  int e = s.exp;
  out += e < 0 ? '-' : '+';
  if (e < 0) e = -e;
  if (e < 10 && s.exp >= 0) out += '0';
  append_int(out, e);
}

BigInt big_of_int(int64_t i) {
  BigInt b;
  b.v = static_cast<signed long>(i);
  return b;
}

Value zero_error(const char* verb, const Value& a, const Value& b) {
  return Value::string(std::string("cannot ") + verb + " " + type_error_preview(a) +
                       " by: " + type_error_preview(b));
}

enum class Mix { Ints, Floats, Bigs };

Mix mix_of(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) return Mix::Ints;
  if (a.is_double() || b.is_double()) return Mix::Floats;
  return Mix::Bigs;
}

}  // namespace

// ---- conversions

int64_t float_to_int(double d) {
  // Go compares with float64(MaxInt64), which rounds to 2^63, and converts
  // 2^63 to MinInt64 on amd64: gojq's results depend on that, so we do too.
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (d == kLimit) return std::numeric_limits<int64_t>::min();
  if (d >= -kLimit && d < kLimit) return static_cast<int64_t>(d);
  if (d > 0) return std::numeric_limits<int64_t>::max();
  return std::numeric_limits<int64_t>::min();  // also NaN
}

double big_to_double(const BigInt& b) {
  if (b.v.fits_slong_p()) return double(b.v.get_si());
  std::string text = b.v.get_str(10);
  return std::strtod(text.c_str(), nullptr);  // correctly rounded; ±HUGE_VAL beyond range
}

BigInt to_big(const Value& v) {
  if (v.is_bigint()) return v.as_big();
  if (v.is_int()) return big_of_int(v.as_int());
  BigInt b;
  b.v = v.as_double();
  return b;
}

bool exact_int(const Value& v, int64_t& out) {
  if (v.is_int()) {
    out = v.as_int();
    return true;
  }
  if (v.is_double()) {
    double d = v.as_double();
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d)) {
      out = static_cast<int64_t>(d);
      return true;
    }
  }
  return false;
}

// ---- formatting

void append_double(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "null";
    return;
  }
  if (d >= kMaxDouble) d = kMaxDouble;
  if (d <= -kMaxDouble) d = -kMaxDouble;
  if (d == 0) {
    out += std::signbit(d) ? "-0" : "0";
    return;
  }
  if (d < 0) out += '-';
  Shortest s = shortest_digits(d);
  double x = std::fabs(d);
  if (x < 1e-6 || x >= 1e21) {
    append_exponent(out, s);
  } else {
    append_fixed(out, s);
  }
}

void append_number(std::string& out, const Value& v) {
  if (v.is_int()) {
    append_int(out, v.as_int());
  } else if (v.is_bigint()) {
    append_big(out, v.as_big());
  } else {
    append_double(out, v.as_double());
  }
}

std::string format_number(const Value& v) {
  std::string out;
  append_number(out, v);
  return out;
}

// ---- arithmetic

Value add(const Value& a, const Value& b) {
  switch (mix_of(a, b)) {
    case Mix::Ints: {
      int64_t r;
      if (!__builtin_add_overflow(a.as_int(), b.as_int(), &r)) return Value::integer(r);
      break;
    }
    case Mix::Floats: return Value::number(a.as_double() + b.as_double());
    case Mix::Bigs: break;
  }
  BigInt r;
  r.v = to_big(a).v + to_big(b).v;
  return Value::big(r);
}

Value sub(const Value& a, const Value& b) {
  switch (mix_of(a, b)) {
    case Mix::Ints: {
      int64_t r;
      if (!__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) return Value::integer(r);
      break;
    }
    case Mix::Floats: return Value::number(a.as_double() - b.as_double());
    case Mix::Bigs: break;
  }
  BigInt r;
  r.v = to_big(a).v - to_big(b).v;
  return Value::big(r);
}

Value mul(const Value& a, const Value& b) {
  switch (mix_of(a, b)) {
    case Mix::Ints: {
      int64_t r;
      if (!__builtin_mul_overflow(a.as_int(), b.as_int(), &r)) return Value::integer(r);
      break;
    }
    case Mix::Floats: return Value::number(a.as_double() * b.as_double());
    case Mix::Bigs: break;
  }
  BigInt r;
  r.v = to_big(a).v * to_big(b).v;
  return Value::big(r);
}

bool div(const Value& a, const Value& b, Value& out) {
  Mix mix = mix_of(a, b);
  if (mix == Mix::Floats) {
    double x = a.as_double(), y = b.as_double();
    if (y == 0) {
      if (x == 0) return out = Value::number(NAN), true;
      out = zero_error("divide", Value::number(x), Value::number(y));
      return false;
    }
    out = Value::number(x / y);
    return true;
  }
  if (mix == Mix::Ints) {
    int64_t x = a.as_int(), y = b.as_int();
    if (y == 0) {
      if (x == 0) return out = Value::number(NAN), true;
      out = zero_error("divide", a, b);
      return false;
    }
    if (x % (y == -1 ? 1 : y) != 0) return out = Value::number(double(x) / double(y)), true;
    if (!(x == std::numeric_limits<int64_t>::min() && y == -1)) {
      out = Value::integer(x / y);
      return true;
    }
  }
  BigInt x = to_big(a), y = to_big(b);
  if (sgn(y.v) == 0) {
    if (sgn(x.v) == 0) return out = Value::number(NAN), true;
    out = zero_error("divide", a, b);
    return false;
  }
  if (!mpz_divisible_p(x.v.get_mpz_t(), y.v.get_mpz_t())) {
    out = Value::number(big_to_double(x) / big_to_double(y));
    return true;
  }
  BigInt q;
  mpz_divexact(q.v.get_mpz_t(), x.v.get_mpz_t(), y.v.get_mpz_t());
  out = Value::big(q);
  return true;
}

bool mod(const Value& a, const Value& b, Value& out) {
  Mix mix = mix_of(a, b);
  if (mix == Mix::Floats) {
    int64_t x = float_to_int(a.as_double()), y = float_to_int(b.as_double());
    if (y == 0) {
      out = zero_error("modulo", Value::number(a.as_double()), Value::number(b.as_double()));
      return false;
    }
    out = Value::integer(y == -1 ? 0 : x % y);
    return true;
  }
  if (mix == Mix::Ints) {
    int64_t x = a.as_int(), y = b.as_int();
    if (y == 0) {
      out = zero_error("modulo", a, b);
      return false;
    }
    out = Value::integer(y == -1 ? 0 : x % y);
    return true;
  }
  BigInt x = to_big(a), y = to_big(b);
  if (sgn(y.v) == 0) {
    out = zero_error("modulo", a, b);
    return false;
  }
  BigInt r;
  mpz_tdiv_r(r.v.get_mpz_t(), x.v.get_mpz_t(), y.v.get_mpz_t());
  out = Value::big(r);
  return true;
}

Value neg(const Value& a) {
  if (a.is_double()) return Value::number(-a.as_double());
  if (a.is_int() && a.as_int() != std::numeric_limits<int64_t>::min()) {
    return Value::integer(-a.as_int());
  }
  BigInt r;
  r.v = -to_big(a).v;
  return Value::big(r);
}

int compare(const Value& a, const Value& b) {
  switch (mix_of(a, b)) {
    case Mix::Ints: {
      int64_t x = a.as_int(), y = b.as_int();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case Mix::Floats: {
      double x = a.as_double(), y = b.as_double();
      if (x < y || std::isnan(x)) return -1;
      return x == y ? 0 : 1;
    }
    case Mix::Bigs: break;
  }
  int c = cmp(to_big(a).v, to_big(b).v);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace riposte::num

namespace riposte {

Value Value::number_from_text(std::string_view text) {
  if (text.find_first_of(".eE") == std::string_view::npos) {
    int64_t i;
    auto res = std::from_chars(text.data(), text.data() + text.size(), i);
    if (res.ec == std::errc() && res.ptr == text.data() + text.size()) return integer(i);
    BigInt b;
    if (b.v.set_str(std::string(text), 10) == 0) return big(b);
  }
  std::string copy(text);
  return number(std::strtod(copy.c_str(), nullptr));  // ±inf beyond range, as Go clamps later
}

}  // namespace riposte
