// Mapping offsets in a decoded JSON string back to its source text, so a
// jq error at byte 12 of `"${ .a | \"x\" }"`'s value points at the right
// column of the document (each `\"` is one byte decoded, two in the source).
#pragma once

#include <cstddef>
#include <string_view>

namespace riposte::frontend::algorithm {

// `literal` is the string as written, opening quote included.  Returns the
// offset in `literal` of the source text that decodes to byte `decoded` of
// the value (an offset inside a multi-byte escape maps to the escape's
// backslash; the value's end maps to the closing quote).
size_t source_offset_in_literal(std::string_view literal, size_t decoded);

}  // namespace riposte::frontend::algorithm
