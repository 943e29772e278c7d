#include "frontend/algorithm/string_escapes.h"

#include <cstdint>

namespace riposte::frontend::algorithm {
namespace {

uint32_t hex4(std::string_view s, size_t at) {
  uint32_t v = 0;
  for (size_t i = at; i < at + 4 && i < s.size(); ++i) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
  }
  return v;
}

size_t utf8_length(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

// A `\uXXXX` escape (with its low surrogate, if any): source length and
// decoded length.
void unicode_escape(std::string_view lit, size_t i, size_t& source_len, size_t& decoded_len) {
  uint32_t cp = hex4(lit, i + 2);
  source_len = 6;
  if (cp >= 0xd800 && cp < 0xdc00 && lit.substr(i + 6, 2) == "\\u") {
    uint32_t low = hex4(lit, i + 8);
    if (low >= 0xdc00 && low < 0xe000) {
      source_len = 12;
      decoded_len = 4;
      return;
    }
  }
  decoded_len = utf8_length(cp);
}

}  // namespace

size_t source_offset_in_literal(std::string_view lit, size_t decoded) {
  size_t i = 1, d = 0;  // past the opening quote
  while (i < lit.size() && lit[i] != '"') {
    size_t source_len = 1, decoded_len = 1;
    if (lit[i] == '\\') {
      source_len = 2;
      if (i + 1 < lit.size() && lit[i + 1] == 'u') unicode_escape(lit, i, source_len, decoded_len);
    }
    if (decoded < d + decoded_len) return i;
    d += decoded_len;
    i += source_len;
  }
  return i;
}

}  // namespace riposte::frontend::algorithm
