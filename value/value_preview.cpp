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
}  // namespace

std::string preview(const Value& v) {
  std::string text;
  if (v.is_string()) {
    // Escaping never shrinks text, so 32 bytes of input are enough.
    append_json_string(text, v.str().substr(0, kEncodeLimit));
    if (text.size() > kEncodeLimit) text.resize(kEncodeLimit);
  } else {
    write_json_prefix(v, text, kEncodeLimit);
  }
  if (text.size() <= kPreviewLimit) return text;
  std::string_view tail = v.is_string() ? " ...\"" : v.is_array() ? " ...]" : v.is_object() ? " ...}" : " ...";
  while (text.size() > kPreviewLimit - tail.size()) text.resize(text.size() - last_char_length(text));
  text += tail;
  return text;
}

std::string type_error_preview(const Value& v) {
  if (v.is_null()) return "null";
  return std::string(v.type_name()) + " (" + preview(v) + ")";
}

}  // namespace riposte
