// UTF-8: the one encoder (and, as they move here, the decoders and
// validators) that the front end, values and builtins share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace riposte::support {

// True for the bytes 10xxxxxx that continue a sequence.
inline bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The length of the valid UTF-8 sequence at s[i] (1 to 4), with its code
// point in `cp`; 0 when the bytes there are not one (overlong, surrogate,
// above U+10FFFF, truncated or a stray continuation byte).
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp);

// Appends the UTF-8 encoding of code point `cp` (U+FFFD when it is not a
// Unicode scalar value: above U+10FFFF or a surrogate).
void append_utf8(std::string& out, uint32_t cp);

// Decodes the code point at s[i] and advances i; invalid bytes decode to
// U+FFFD one byte at a time, as Go's range over a string does.
char32_t next_code_point(std::string_view s, size_t& i);
// Code points in s, counting each invalid byte as one.
size_t code_point_count(std::string_view s);

}  // namespace riposte::support
