#include "stdlib/native_util.h"

#include <cmath>
#include <limits>

#include "vm/json.h"

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

char32_t next_code_point(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  size_t len = 0;
  char32_t c = 0, min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  }
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (size_t k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return c;
}

size_t code_point_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
    } else {
      next_code_point(s, i);
    }
    ++n;
  }
  return n;
}

void append_utf8(std::string& out, char32_t c) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string json_text(const Value& v) { return to_json(v); }

}  // namespace riposte::stdlib
