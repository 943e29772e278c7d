#include "frontend/json_text.h"

#include <cstdint>

namespace riposte::frontend {

void append_json_quoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_quoted(out, s);
  return out;
}

std::string canonical_number(std::string_view lexeme) {
  size_t exp = lexeme.find_first_of("eE");
  std::string_view mantissa = lexeme.substr(0, exp);
  std::string_view exponent = exp == std::string_view::npos ? std::string_view{} : lexeme.substr(exp);
  size_t dot = mantissa.find('.');
  std::string_view int_part = mantissa.substr(0, dot);
  while (int_part.size() > 1 && int_part.front() == '0') int_part.remove_prefix(1);
  std::string out = int_part.empty() ? "0" : std::string(int_part);
  if (dot != std::string_view::npos) {
    std::string_view frac = mantissa.substr(dot + 1);
    out += '.';
    out += frac.empty() ? std::string_view("0") : frac;
  }
  out += exponent;
  return out;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

}  // namespace riposte::frontend
