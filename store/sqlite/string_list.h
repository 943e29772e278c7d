// Lists of strings (a playbook's tags and excluded tenants, a filter's
// tenants) as the JSON array text the store keeps in one column.  The store
// parses no other JSON: documents travel as text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace riposte::store::sqlite {

// ["a","b"]: quotes, backslashes and control characters escaped; other
// bytes (UTF-8) as they are.
std::string encode_string_list(const std::vector<std::string>& items);

// The strings of a JSON array of strings (any JSON escapes, \uXXXX with
// surrogate pairs, white space between tokens); nullopt when the text is
// not one.
std::optional<std::vector<std::string>> decode_string_list(std::string_view text);

}  // namespace riposte::store::sqlite
