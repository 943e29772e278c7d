// Math functions with Go's math package semantics (gojq's): every result is
// a float64; the input (or argument) must be a number.
#include <cmath>
#include <cstring>
#include <limits>

#include "stdlib/native_util.h"
#include "value/ops.h"

namespace riposte::stdlib {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Go's int(f) on amd64: out-of-range and NaN give the minimum int64.
int64_t go_int(double d) {
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return static_cast<int64_t>(d);
  return std::numeric_limits<int64_t>::min();
}

int clamp_int32(int64_t i) {
  if (i > std::numeric_limits<int>::max()) return std::numeric_limits<int>::max();
  if (i < std::numeric_limits<int>::min()) return std::numeric_limits<int>::min();
  return static_cast<int>(i);
}

// The cube root rounded to the nearest double (as Go's math.Cbrt gives
// for exact cubes): the C library's result may be an ulp off, so the
// neighbour whose cube is nearest in long double wins.
double go_cbrt(double x) {
  double r = std::cbrt(x);
  if (!std::isfinite(r) || r == 0) return r;
  auto err = [x](double y) {
    long double c = static_cast<long double>(y) * y * y;
    return std::fabs(c - static_cast<long double>(x));
  };
  double best = r;
  for (double c : {std::nextafter(r, -kInf), std::nextafter(r, kInf)}) {
    if (err(c) < err(best)) best = c;
  }
  return best;
}

uint64_t bits_of(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

double from_bits(uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

bool math1(std::string_view name, const Value& in, double (*f)(double), Value& out) {
  double x = 0;
  if (!to_float(in, x)) return type_error(out, name, in);
  out = Value::number(f(x));
  return true;
}

bool math2(std::string_view name, const Value* args, double (*f)(double, double), Value& out) {
  double x = 0, y = 0;
  if (!to_float(args[0], x)) return type_error(out, name, args[0]);
  if (!to_float(args[1], y)) return type_error(out, name, args[1]);
  out = Value::number(f(x, y));
  return true;
}

// ---- Go's definitions where they differ from C's
double go_significand(double x) {
  if (std::isnan(x) || std::isinf(x) || x == 0) return x;
  return from_bits((bits_of(x) & 0x800fffffffffffffULL) | 0x3ff0000000000000ULL);
}
double go_exp10(double x) { return std::pow(10, x); }
double go_lgamma(double x) { return std::lgamma(x); }
double go_y0(double x) { return x < 0 ? kNaN : ::y0(x); }
double go_y1(double x) { return x < 0 ? kNaN : ::y1(x); }
double go_drem(double x, double y) {
  double r = std::remainder(x, y);
  return r == 0 ? std::copysign(r, x) : r;
}
double go_max(double x, double y) {
  if (std::isinf(x) && x > 0) return x;
  if (std::isinf(y) && y > 0) return y;
  if (std::isnan(x) || std::isnan(y)) return kNaN;
  if (x == 0 && y == 0) return std::signbit(x) ? y : x;
  return x > y ? x : y;
}
double go_min(double x, double y) {
  if (std::isinf(x) && x < 0) return x;
  if (std::isinf(y) && y < 0) return y;
  if (std::isnan(x) || std::isnan(y)) return kNaN;
  if (x == 0 && y == 0) return std::signbit(x) ? x : y;
  return x < y ? x : y;
}
double go_fdim(double x, double y) {
  double v = x - y;
  return v <= 0 ? 0 : v;
}
double go_ldexp(double x, double e) {
  int64_t n = go_int(e);
  if (n > 100000) n = 100000;
  if (n < -100000) n = -100000;
  return std::ldexp(x, static_cast<int>(n));
}
double go_scalb(double x, double e) { return x * std::pow(2, e); }
// Go's Jn is +0 at x = 0 for every n but 0 (C's jn gives -0 for odd n < 0).
double go_jn(double n, double x) {
  int k = clamp_int32(go_int(n));
  if (x == 0 && k != 0) return 0;
  return ::jn(k, x);
}
double go_yn(double n, double x) { return x < 0 ? kNaN : ::yn(clamp_int32(go_int(n)), x); }
double go_nextafter(double x, double y) { return std::nextafter(x, y); }
double go_pow(double x, double y) { return std::pow(x, y); }

}  // namespace

#define RIPOSTE_MATH1(fn, name, f) \
  bool fn(NativeCtx&, const Value& in, const Value*, Value& out) { return math1(name, in, f, out); }
#define RIPOSTE_MATH2(fn, name, f) \
  bool fn(NativeCtx&, const Value&, const Value* args, Value& out) { return math2(name, args, f, out); }

RIPOSTE_MATH1(fn_floor, "floor", [](double x) { return std::floor(x); })
RIPOSTE_MATH1(fn_ceil, "ceil", [](double x) { return std::ceil(x); })
RIPOSTE_MATH1(fn_round, "round", [](double x) { return std::round(x); })
RIPOSTE_MATH1(fn_nearbyint, "nearbyint", [](double x) { return std::round(x); })
RIPOSTE_MATH1(fn_rint, "rint", [](double x) { return std::round(x); })
RIPOSTE_MATH1(fn_trunc, "trunc", [](double x) { return std::trunc(x); })
RIPOSTE_MATH1(fn_fabs, "fabs", [](double x) { return std::fabs(x); })
RIPOSTE_MATH1(fn_sqrt, "sqrt", [](double x) { return std::sqrt(x); })
RIPOSTE_MATH1(fn_cbrt, "cbrt", go_cbrt)
RIPOSTE_MATH1(fn_exp, "exp", [](double x) { return std::exp(x); })
RIPOSTE_MATH1(fn_exp2, "exp2", [](double x) { return std::exp2(x); })
RIPOSTE_MATH1(fn_exp10, "exp10", go_exp10)
RIPOSTE_MATH1(fn_pow10, "pow10", go_exp10)
RIPOSTE_MATH1(fn_expm1, "expm1", [](double x) { return std::expm1(x); })
RIPOSTE_MATH1(fn_log, "log", [](double x) { return std::log(x); })
RIPOSTE_MATH1(fn_log2, "log2", [](double x) { return std::log2(x); })
RIPOSTE_MATH1(fn_log10, "log10", [](double x) { return std::log10(x); })
RIPOSTE_MATH1(fn_log1p, "log1p", [](double x) { return std::log1p(x); })
RIPOSTE_MATH1(fn_logb, "logb", [](double x) { return std::logb(x); })
RIPOSTE_MATH1(fn_significand, "significand", go_significand)
RIPOSTE_MATH1(fn_gamma, "gamma", [](double x) { return std::tgamma(x); })
RIPOSTE_MATH1(fn_tgamma, "tgamma", [](double x) { return std::tgamma(x); })
RIPOSTE_MATH1(fn_lgamma, "lgamma", go_lgamma)
RIPOSTE_MATH1(fn_erf, "erf", [](double x) { return std::erf(x); })
RIPOSTE_MATH1(fn_erfc, "erfc", [](double x) { return std::erfc(x); })
RIPOSTE_MATH1(fn_j0, "j0", [](double x) { return ::j0(x); })
RIPOSTE_MATH1(fn_j1, "j1", [](double x) { return ::j1(x); })
RIPOSTE_MATH1(fn_y0, "y0", go_y0)
RIPOSTE_MATH1(fn_y1, "y1", go_y1)
RIPOSTE_MATH1(fn_sin, "sin", [](double x) { return std::sin(x); })
RIPOSTE_MATH1(fn_cos, "cos", [](double x) { return std::cos(x); })
RIPOSTE_MATH1(fn_tan, "tan", [](double x) { return std::tan(x); })
RIPOSTE_MATH1(fn_asin, "asin", [](double x) { return std::asin(x); })
RIPOSTE_MATH1(fn_acos, "acos", [](double x) { return std::acos(x); })
RIPOSTE_MATH1(fn_atan, "atan", [](double x) { return std::atan(x); })
RIPOSTE_MATH1(fn_sinh, "sinh", [](double x) { return std::sinh(x); })
RIPOSTE_MATH1(fn_cosh, "cosh", [](double x) { return std::cosh(x); })
RIPOSTE_MATH1(fn_tanh, "tanh", [](double x) { return std::tanh(x); })
RIPOSTE_MATH1(fn_asinh, "asinh", [](double x) { return std::asinh(x); })
RIPOSTE_MATH1(fn_acosh, "acosh", [](double x) { return std::acosh(x); })
RIPOSTE_MATH1(fn_atanh, "atanh", [](double x) { return std::atanh(x); })

RIPOSTE_MATH2(fn_pow, "pow", go_pow)
RIPOSTE_MATH2(fn_atan2, "atan2", [](double x, double y) { return std::atan2(x, y); })
RIPOSTE_MATH2(fn_fmod, "fmod", [](double x, double y) { return std::fmod(x, y); })
RIPOSTE_MATH2(fn_hypot, "hypot", [](double x, double y) { return std::hypot(x, y); })
RIPOSTE_MATH2(fn_copysign, "copysign", [](double x, double y) { return std::copysign(x, y); })
RIPOSTE_MATH2(fn_drem, "drem", go_drem)
RIPOSTE_MATH2(fn_remainder, "remainder", [](double x, double y) { return std::remainder(x, y); })
RIPOSTE_MATH2(fn_fdim, "fdim", go_fdim)
RIPOSTE_MATH2(fn_fmax, "fmax", go_max)
RIPOSTE_MATH2(fn_fmin, "fmin", go_min)
RIPOSTE_MATH2(fn_ldexp, "ldexp", go_ldexp)
RIPOSTE_MATH2(fn_scalb, "scalb", go_scalb)
RIPOSTE_MATH2(fn_scalbln, "scalbln", go_scalb)
RIPOSTE_MATH2(fn_nextafter, "nextafter", go_nextafter)
RIPOSTE_MATH2(fn_nexttoward, "nexttoward", go_nextafter)
RIPOSTE_MATH2(fn_jn, "jn", go_jn)
RIPOSTE_MATH2(fn_yn, "yn", go_yn)

#undef RIPOSTE_MATH1
#undef RIPOSTE_MATH2

bool fn_fma(NativeCtx&, const Value&, const Value* args, Value& out) {
  double x = 0, y = 0, z = 0;
  if (!to_float(args[0], x)) return type_error(out, "fma", args[0]);
  if (!to_float(args[1], y)) return type_error(out, "fma", args[1]);
  if (!to_float(args[2], z)) return type_error(out, "fma", args[2]);
  out = Value::number(std::fma(x, y, z));
  return true;
}

// abs (jq 1.8, absent from gojq): negative numbers are negated (integers stay
// exact); anything else, -0 included, is returned unchanged.
bool fn_abs(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_number()) {
    out = in;
    return true;
  }
  if (in.is_double()) {
    double d = in.as_double();
    out = d < 0 ? Value::number(-d) : in;
    return true;
  }
  if (in.is_int() && in.as_int() >= 0) {
    out = in;
    return true;
  }
  if (in.is_bigint() && in.as_double() > 0) {
    out = in;
    return true;
  }
  return negate(in, out);
}

bool fn_frexp(NativeCtx&, const Value& in, const Value*, Value& out) {
  double x = 0;
  if (!to_float(in, x)) return type_error(out, "frexp", in);
  int e = 0;
  double f = std::isfinite(x) ? std::frexp(x, &e) : x;
  out = Value::array(Array{Value::number(f), Value::integer(e)});
  return true;
}

bool fn_modf(NativeCtx&, const Value& in, const Value*, Value& out) {
  double x = 0;
  if (!to_float(in, x)) return type_error(out, "modf", in);
  double whole = 0, frac = std::isinf(x) ? kNaN : std::modf(x, &whole);
  if (std::isinf(x)) whole = x;
  out = Value::array(Array{Value::number(frac), Value::number(whole)});
  return true;
}

bool fn_lgamma_r(NativeCtx&, const Value& in, const Value*, Value& out) {
  double x = 0;
  if (!to_float(in, x)) return type_error(out, "lgamma_r", in);
  int sign = 1;
  double v = ::lgamma_r(x, &sign);
  out = Value::array(Array{Value::number(v), Value::number(sign)});
  return true;
}

bool fn_infinite(NativeCtx&, const Value&, const Value*, Value& out) {
  out = Value::number(kInf);
  return true;
}

bool fn_nan(NativeCtx&, const Value&, const Value*, Value& out) {
  out = Value::number(kNaN);
  return true;
}

bool fn_isinfinite(NativeCtx&, const Value& in, const Value*, Value& out) {
  double x = 0;
  out = Value::boolean(to_float(in, x) && std::isinf(x));
  return true;
}

bool fn_isfinite(NativeCtx&, const Value& in, const Value*, Value& out) {
  double x = 0;
  out = Value::boolean(to_float(in, x) && !std::isinf(x));
  return true;
}

bool fn_isnan(NativeCtx&, const Value& in, const Value*, Value& out) {
  double x = 0;
  if (!to_float(in, x)) {
    if (in.is_null()) {
      out = Value::boolean(false);
      return true;
    }
    return type_error(out, "isnan", in);
  }
  out = Value::boolean(std::isnan(x));
  return true;
}

bool fn_isnormal(NativeCtx&, const Value& in, const Value*, Value& out) {
  double x = 0;
  if (!to_float(in, x)) {
    out = Value::boolean(false);
    return true;
  }
  uint64_t e = (bits_of(x) & 0x7ff0000000000000ULL) >> 52;
  out = Value::boolean(e > 0 && e < 0x7ff);
  return true;
}

}  // namespace riposte::stdlib
