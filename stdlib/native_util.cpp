#include "stdlib/native_util.h"

#include <cmath>
#include <limits>

#include "value/json.h"

namespace riposte::stdlib {

bool fail(Value& out, std::string message) {
  out = Value::string(std::move(message));
  return false;
}

bool type_error(Value& out, std::string_view name, const Value& v) {
  std::string msg(name);
  msg += " cannot be applied to: ";
  msg += type_error_preview(v);
  return fail(out, std::move(msg));
}

bool charge(NativeCtx& ctx, size_t bytes, Value& out) {
  if (!ctx.charge || ctx.charge(ctx, bytes)) return true;
  if (out.is_null()) out = Value::string(std::string_view("memory budget exceeded"));
  return false;
}

Value take_input(NativeCtx& ctx, const Value& in) {
  if (!ctx.owned_input) return in;
  Value v = std::move(*ctx.owned_input);
  ctx.owned_input = nullptr;
  return v;
}

bool to_float(const Value& v, double& d) {
  if (!v.is_number()) return false;
  d = v.is_int() ? static_cast<double>(v.as_int()) : v.as_double();
  return true;
}

int64_t clamp_to_int(double d) {
  constexpr double kMax = 9223372036854775807.0;  // rounds to 2^63
  if (d >= -kMax && d < kMax) return static_cast<int64_t>(d);
  return d > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

bool to_int(const Value& v, int64_t& i) {
  if (!v.is_number()) return false;
  if (v.is_int()) {
    i = v.as_int();
  } else if (v.is_bigint()) {
    i = v.as_double() > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  } else {
    i = clamp_to_int(v.as_double());
  }
  return true;
}

Value int_value(int64_t i) { return Value::integer(i); }

std::string json_text(const Value& v) { return to_json(v); }

}  // namespace riposte::stdlib
