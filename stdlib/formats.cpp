// The @formats (@text @json @html @uri @urid @csv @tsv @sh @base64
// @base64d @base32 @base32d) and format/1, with gojq's escapes.
#include <array>
#include <cctype>
#include <cmath>

#include "stdlib/native_util.h"

namespace riposte::stdlib {

namespace {

std::string at_name(std::string_view type) {
  std::string s(1, '@');
  s += type;
  return s;
}

std::string text_of(const Value& v) { return v.is_string() ? std::string(v.str()) : json_text(v); }

bool set_string(NativeCtx& ctx, std::string s, Value& out) {
  if (!charge(ctx, s.size(), out)) return false;
  out = Value::string(std::move(s));
  return true;
}

// Joins the cells of a row for @csv/@tsv/@sh; null and nan print as
// nothing (except in @sh), containers are errors.
template <class Escape>
bool format_row(NativeCtx& ctx, std::string_view type, const Value& row, std::string_view sep, Escape escape,
                Value& out) {
  if (!row.is_array()) return type_error(out, at_name(type), row);
  std::string s;
  bool first = true;
  for (const Value& v : row.items()) {
    if (!first) s += sep;
    first = false;
    if (v.is_array() || v.is_object())
      return fail(out, at_name(type) + " cannot format an array including: " + type_error_preview(v));
    if (v.is_string()) {
      escape(s, v.str());
    } else if (v.is_double() && std::isnan(v.as_double()) && type != "sh") {
      // nan is a missing cell in @csv/@tsv, as null is (gojq)
    } else if (!v.is_null() || type == "sh") {
      s += json_text(v);
    }
  }
  return set_string(ctx, std::move(s), out);
}

}  // namespace

bool fn_format_text(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  if (in.is_string()) {
    out = in;
    return true;
  }
  return set_string(ctx, json_text(in), out);
}

bool fn_format_json(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  return set_string(ctx, json_text(in), out);
}

bool fn_format_html(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  std::string s;
  for (char c : text_of(in)) {
    switch (c) {
      case '<': s += "&lt;"; break;
      case '>': s += "&gt;"; break;
      case '&': s += "&amp;"; break;
      case '\'': s += "&apos;"; break;
      case '"': s += "&quot;"; break;
      default: s += c;
    }
  }
  return set_string(ctx, std::move(s), out);
}

// Go's url.QueryEscape: unreserved bytes stay, space becomes '+'.
bool fn_format_uri(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string s;
  for (char ch : text_of(in)) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      s += ch;
    } else if (c == ' ') {
      s += '+';
    } else {
      s += '%';
      s += kHex[c >> 4];
      s += kHex[c & 15];
    }
  }
  return set_string(ctx, std::move(s), out);
}

bool fn_format_urid(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  std::string t = text_of(in), s;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '%' && i + 2 < t.size() && hex(t[i + 1]) >= 0 && hex(t[i + 2]) >= 0) {
      s += static_cast<char>(hex(t[i + 1]) * 16 + hex(t[i + 2]));
      i += 2;
    } else if (t[i] == '%') {
      return fail(out, "string (" + preview(in) + ") is not a valid uri encoding");
    } else {
      s += t[i];
    }
  }
  return set_string(ctx, std::move(s), out);  // invalid UTF-8 stays raw, as in gojq
}

bool fn_format_csv(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  return format_row(ctx, "csv", in, ",", [](std::string& s, std::string_view v) {
    s += '"';
    for (char c : v) {
      if (c == '"') {
        s += "\"\"";
      } else if (c == '\0') {
        s += "\\0";
      } else {
        s += c;
      }
    }
    s += '"';
  }, out);
}

bool fn_format_tsv(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  return format_row(ctx, "tsv", in, "\t", [](std::string& s, std::string_view v) {
    for (char c : v) {
      switch (c) {
        case '\t': s += "\\t"; break;
        case '\r': s += "\\r"; break;
        case '\n': s += "\\n"; break;
        case '\\': s += "\\\\"; break;
        case '\0': s += "\\0"; break;
        default: s += c;
      }
    }
  }, out);
}

bool fn_format_sh(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  Value row = in.is_array() ? in : Value::array(Array{in});
  return format_row(ctx, "sh", row, " ", [](std::string& s, std::string_view v) {
    s += '\'';
    for (char c : v) {
      if (c == '\'') {
        s += "'\\''";
      } else if (c == '\0') {
        s += "\\0";
      } else {
        s += c;
      }
    }
    s += '\'';
  }, out);
}

namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

}  // namespace

bool fn_format_base64(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  std::string t = text_of(in), s;
  s.reserve((t.size() + 2) / 3 * 4);
  for (size_t i = 0; i < t.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(t[i]) << 16;
    if (i + 1 < t.size()) n |= static_cast<unsigned char>(t[i + 1]) << 8;
    if (i + 2 < t.size()) n |= static_cast<unsigned char>(t[i + 2]);
    s += kBase64[(n >> 18) & 63];
    s += kBase64[(n >> 12) & 63];
    s += i + 1 < t.size() ? kBase64[(n >> 6) & 63] : '=';
    s += i + 2 < t.size() ? kBase64[n & 63] : '=';
  }
  return set_string(ctx, std::move(s), out);
}

// Go's base64.RawStdEncoding after cutting the text at the first '=':
// '\r' and '\n' are skipped; errors name the offending byte offset.
bool fn_format_base64d(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  std::string t = text_of(in);
  if (size_t pad = t.find('='); pad != std::string::npos) t.resize(pad);
  std::array<int, 256> value;
  value.fill(-1);
  for (int k = 0; k < 64; ++k) value[static_cast<unsigned char>(kBase64[k])] = k;
  std::string s;
  uint32_t acc = 0;
  int bits = 0, in_quantum = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    auto c = static_cast<unsigned char>(t[i]);
    if (c == '\r' || c == '\n') continue;
    if (value[c] < 0) return fail(out, "illegal base64 data at input byte " + std::to_string(i));
    acc = (acc << 6) | static_cast<uint32_t>(value[c]);
    bits += 6;
    in_quantum = (in_quantum + 1) % 4;
    if (bits >= 8) {
      bits -= 8;
      s += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (in_quantum == 1) {
    size_t last = t.size();
    while (last > 0 && (t[last - 1] == '\r' || t[last - 1] == '\n')) --last;
    return fail(out, "illegal base64 data at input byte " + std::to_string(last - 1));
  }
  return set_string(ctx, std::move(s), out);  // invalid UTF-8 stays raw, as in gojq
}

bool fn_format_base32(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  std::string t = text_of(in), s;
  for (size_t i = 0; i < t.size(); i += 5) {
    uint64_t n = 0;
    size_t len = std::min<size_t>(5, t.size() - i);
    for (size_t k = 0; k < 5; ++k) n = (n << 8) | (k < len ? static_cast<unsigned char>(t[i + k]) : 0);
    static constexpr size_t kChars[] = {0, 2, 4, 5, 7, 8};
    for (size_t k = 0; k < 8; ++k) s += k < kChars[len] ? kBase32[(n >> (35 - 5 * k)) & 31] : '=';
  }
  return set_string(ctx, std::move(s), out);
}

bool fn_format_base32d(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  std::string t = text_of(in), s;
  uint64_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '=') break;
    int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
    if (v < 0) return fail(out, "illegal base32 data at input byte " + std::to_string(i));
    acc = (acc << 5) | static_cast<uint64_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      s += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return set_string(ctx, std::move(s), out);  // invalid UTF-8 stays raw, as in gojq
}

bool fn_format(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  if (!args[0].is_string()) return type_error(out, "format", args[0]);
  std::string name = at_name(args[0].str());
  const NativeInfo* f = find_native(name, 0);
  if (!f || !f->fn) return fail(out, "format not defined: " + name);
  return f->fn(ctx, in, nullptr, out);
}

}  // namespace riposte::stdlib
