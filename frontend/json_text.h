// JSON text helpers of the front end: constants are carried to the IR as
// canonical JSON text (ir/ir.h), and diagnostics are rendered as JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace riposte::frontend {

// `s` (UTF-8) as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);
void append_json_quoted(std::string& out, std::string_view s);

// A jq number literal as valid JSON text: ".5" -> "0.5", "1." -> "1.0",
// "007" -> "7"; digits are never rounded (big integers stay exact).
std::string canonical_number(std::string_view lexeme);

// Appends the UTF-8 encoding of code point `cp` (U+FFFD when invalid).
void append_utf8(std::string& out, uint32_t cp);

}  // namespace riposte::frontend
