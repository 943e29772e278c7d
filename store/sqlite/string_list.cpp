#include "store/sqlite/string_list.h"

#include <cstdint>

#include "support/utf8.h"

namespace riposte::store::sqlite {

std::string encode_string_list(const std::vector<std::string>& items) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char ch : items[i]) {
      auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
          } else {
            out += ch;
          }
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

namespace {

struct Reader {
  std::string_view text;
  size_t at = 0;

  void skip_space() {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
      ++at;
  }
  bool eat(char c) {
    skip_space();
    if (at < text.size() && text[at] == c) {
      ++at;
      return true;
    }
    return false;
  }
  std::optional<uint32_t> hex4() {
    if (text.size() - at < 4) return std::nullopt;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text[at++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<uint32_t>(c - 'A' + 10);
      else
        return std::nullopt;
    }
    return v;
  }
  // After the opening quote.
  std::optional<std::string> string() {
    std::string out;
    while (at < text.size()) {
      char c = text[at++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at >= text.size()) return std::nullopt;
      switch (text[at++]) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto cp = hex4();
          if (!cp) return std::nullopt;
          if (*cp >= 0xd800 && *cp < 0xdc00) {  // a high surrogate: its low one must follow
            if (text.substr(at, 2) != "\\u") return std::nullopt;
            at += 2;
            auto low = hex4();
            if (!low || *low < 0xdc00 || *low >= 0xe000) return std::nullopt;
            *cp = 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00);
          } else if (*cp >= 0xdc00 && *cp < 0xe000) {
            return std::nullopt;
          }
          support::append_utf8(out, *cp);  // surrogates were refused above
          break;
        }
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;
  }
};

}  // namespace

std::optional<std::vector<std::string>> decode_string_list(std::string_view text) {
  Reader r{text};
  std::vector<std::string> items;
  if (!r.eat('[')) return std::nullopt;
  if (!r.eat(']')) {
    do {
      if (!r.eat('"')) return std::nullopt;
      auto s = r.string();
      if (!s) return std::nullopt;
      items.push_back(std::move(*s));
    } while (r.eat(','));
    if (!r.eat(']')) return std::nullopt;
  }
  r.skip_space();
  if (r.at != text.size()) return std::nullopt;
  return items;
}

}  // namespace riposte::store::sqlite
