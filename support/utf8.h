// UTF-8: the one encoder (and, as they move here, the decoders and
// validators) that the front end, values and builtins share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace riposte::support {

// Appends the UTF-8 encoding of code point `cp` (U+FFFD when it is not a
// Unicode scalar value: above U+10FFFF or a surrogate).
void append_utf8(std::string& out, uint32_t cp);

// Decodes the code point at s[i] and advances i; invalid bytes decode to
// U+FFFD one byte at a time, as Go's range over a string does.
char32_t next_code_point(std::string_view s, size_t& i);
// Code points in s, counting each invalid byte as one.
size_t code_point_count(std::string_view s);

}  // namespace riposte::support
