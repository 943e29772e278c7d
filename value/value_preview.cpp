// gojq's value previews for error messages.
#include "value/value_preview.h"

#include "value/json.h"

namespace riposte {

namespace {
constexpr size_t kPreviewLimit = 30;
constexpr size_t kEncodeLimit = 32;  // gojq encodes at most 32 bytes

// Length of the UTF-8 character ending at the end of s (1 for a stray byte).
size_t last_char_length(std::string_view s) {
  size_t n = 1;
  while (n < s.size() && n < 4 && (static_cast<unsigned char>(s[s.size() - n]) & 0xC0) == 0x80) ++n;
  unsigned char lead = static_cast<unsigned char>(s[s.size() - n]);
  size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return want == n ? n : 1;
}

// Appends the compact JSON of v to out, ending before the first value
// inside it for which `stop` is true (then false) or once out holds more
// than kEncodeLimit bytes.  The recursion is at most kEncodeLimit deep, as
// every level writes a byte.
bool encode_until(const Value& v, std::string& out, bool (*stop)(const Value&)) {
  if (stop(v)) return false;
  if (out.size() > kEncodeLimit) return true;
  if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const Value& item : v.items()) {
      if (!first) out += ',';
      first = false;
      if (!encode_until(item, out, stop) || out.size() > kEncodeLimit) return false;
    }
    out += ']';
  } else if (v.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, item] : v.entries()) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, key.substr(0, kEncodeLimit));
      out += ':';
      if (!encode_until(item, out, stop) || out.size() > kEncodeLimit) return false;
    }
    out += '}';
  } else {
    write_json_prefix(v, out, kEncodeLimit + 1);
  }
  return true;
}

// The preview of v from at most kEncodeLimit bytes of its JSON text.
std::string shorten(std::string text, const Value& v) {
  if (text.size() > kEncodeLimit) text.resize(kEncodeLimit);
  if (text.size() <= kPreviewLimit) return text;
  std::string_view tail = v.is_string() ? " ...\"" : v.is_array() ? " ...]" : v.is_object() ? " ...}" : " ...";
  while (text.size() > kPreviewLimit - tail.size()) text.resize(text.size() - last_char_length(text));
  text += tail;
  return text;
}
}  // namespace

std::string preview(const Value& v) {
  std::string text;
  if (v.is_string()) {
    // Escaping never shrinks text, so 32 bytes of input are enough.
    append_json_string(text, v.str().substr(0, kEncodeLimit));
  } else {
    write_json_prefix(v, text, kEncodeLimit);
  }
  return shorten(std::move(text), v);
}

std::string type_error_preview(const Value& v) {
  if (v.is_null()) return "null";
  return std::string(v.type_name()) + " (" + preview(v) + ")";
}

std::string type_error_preview_until(const Value& v, bool (*stop)(const Value&)) {
  if (v.is_null()) return "null";
  std::string text;
  encode_until(v, text, stop);
  return std::string(v.type_name()) + " (" + shorten(std::move(text), v) + ")";
}

}  // namespace riposte
