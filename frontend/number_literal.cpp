#include "frontend/number_literal.h"

namespace riposte::frontend {

std::string canonical_number(std::string_view lexeme) {
  size_t exp = lexeme.find_first_of("eE");
  std::string_view mantissa = lexeme.substr(0, exp);
  std::string_view exponent = exp == std::string_view::npos ? std::string_view{} : lexeme.substr(exp);
  size_t dot = mantissa.find('.');
  std::string_view int_part = mantissa.substr(0, dot);
  while (int_part.size() > 1 && int_part.front() == '0') int_part.remove_prefix(1);
  std::string out = int_part.empty() ? "0" : std::string(int_part);
  if (dot != std::string_view::npos) {
    std::string_view frac = mantissa.substr(dot + 1);
    out += '.';
    out += frac.empty() ? std::string_view("0") : frac;
  }
  out += exponent;
  return out;
}

}  // namespace riposte::frontend
