// Readable names for the parameterised tests' cases: gtest would otherwise
// print each case as its bytes ("24-byte object <C7-77 5F-78 ...>").
#pragma once

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

namespace riposte::unit {

// "12_map_select_a": the case's index (which keeps names unique) and its
// text with every run of other characters turned into one '_' (gtest
// accepts letters, digits and '_' only), cut to 48 characters.
inline std::string case_name(size_t index, std::string_view text) {
  std::string out = std::to_string(index) + '_';  // the '_' keeps 4 + "1" apart from 41 + ""
  for (char c : text) {
    if (out.size() >= 48) break;
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else if (out.back() != '_') {
      out += '_';
    }
  }
  while (out.back() == '_') out.pop_back();
  return out;
}

}  // namespace riposte::unit

// The name generator of INSTANTIATE_TEST_SUITE_P for cases whose `field`
// holds their text.
#define RIPOSTE_CASE_NAME(field) \
  [](const auto& info) { return ::riposte::unit::case_name(info.index, info.param.field); }
