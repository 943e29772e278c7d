// JSON text: string quoting shared by every part that writes JSON by hand
// (IR constants, diagnostics, the algorithm graph).  Values have their own
// writer (value/json.h), which quotes the same way.
#pragma once

#include <string>
#include <string_view>

namespace riposte::support {

// `s` (UTF-8) as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);
void append_json_quoted(std::string& out, std::string_view s);

}  // namespace riposte::support
