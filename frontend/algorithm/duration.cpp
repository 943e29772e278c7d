// Follows Go's time.ParseDuration, the format the vendor documents
// ("specified in the Go string format"), including its corner cases: a
// sign, fractions ("1.5h"), several units in any order ("30m1h"), and an
// error on overflow rather than a wrapped value.
#include "frontend/algorithm/duration.h"

#include <fmt/format.h>

#include <array>
#include <limits>

namespace riposte::frontend::algorithm {
namespace {

struct Unit {
  std::string_view name;
  int64_t ns;
};
constexpr std::array<Unit, 8> kUnits{{{"ns", 1},
                                      {"us", 1000},
                                      {"\u00b5s", 1000},
                                      {"\u03bcs", 1000},
                                      {"ms", 1'000'000},
                                      {"s", kSecond},
                                      {"m", kMinute},
                                      {"h", kHour}}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The unit at the start of `s` (longest match), or null.
const Unit* unit_at(std::string_view s, size_t& length) {
  length = 0;
  while (length < s.size() && !is_digit(s[length]) && s[length] != '.') ++length;
  for (const Unit& u : kUnits)
    if (s.substr(0, length) == u.name) return &u;
  return nullptr;
}

}  // namespace

std::variant<int64_t, DurationError> parse_duration(std::string_view text) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return int64_t{0};
  if (s.empty()) return DurationError{"expected a number and a unit, such as \"90s\" or \"1h30m\""};
  long double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    long double value = 0, scale = 1;
    while (i < s.size() && is_digit(s[i])) value = value * 10 + (s[i++] - '0');
    size_t int_digits = i;
    size_t frac_digits = 0;
    if (i < s.size() && s[i] == '.') {
      for (++i; i < s.size() && is_digit(s[i]); ++i, ++frac_digits) value += (s[i] - '0') * (scale /= 10);
    }
    if (int_digits == 0 && frac_digits == 0) return DurationError{"expected a number before the unit"};
    size_t unit_len = 0;
    const Unit* unit = unit_at(s.substr(i), unit_len);
    if (unit_len == 0) return DurationError{"missing unit (ns, us, ms, s, m or h)"};
    if (!unit) return DurationError{fmt::format("unknown unit \"{}\" (ns, us, ms, s, m or h)", s.substr(i, unit_len))};
    total += value * static_cast<long double>(unit->ns);
    if (total > static_cast<long double>(std::numeric_limits<int64_t>::max())) return DurationError{"too long"};
    s.remove_prefix(i + unit_len);
  }
  int64_t ns = static_cast<int64_t>(total);
  return negative ? -ns : ns;
}

std::string format_duration(int64_t ns) {
  if (ns == 0) return "0s";
  std::string out = ns < 0 ? "-" : "";
  uint64_t v = ns < 0 ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
  if (v % static_cast<uint64_t>(kSecond) != 0) return out + fmt::format("{}ms", static_cast<double>(v) / 1e6);
  uint64_t sec = v / kSecond;
  if (sec >= 3600) out += fmt::format("{}h", sec / 3600);
  if (sec % 3600 >= 60) out += fmt::format("{}m", sec % 3600 / 60);
  if (sec % 60 != 0) out += fmt::format("{}s", sec % 60);
  return out;
}

}  // namespace riposte::frontend::algorithm
