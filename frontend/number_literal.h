// jq number literals as JSON text (constants reach the IR as canonical JSON).
#pragma once

#include <string>
#include <string_view>

namespace riposte::frontend {

// A jq number literal as valid JSON text: ".5" -> "0.5", "1." -> "1.0",
// "007" -> "7"; digits are never rounded (big integers stay exact).
std::string canonical_number(std::string_view lexeme);

}  // namespace riposte::frontend
