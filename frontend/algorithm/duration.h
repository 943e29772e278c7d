// Go-style durations (`time.ParseDuration`): "90s", "20m", "2h30m",
// "1.5h", "100ms"; units ns, us (µs), ms, s, m, h; "0" alone needs no unit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace riposte::frontend::algorithm {

inline constexpr int64_t kSecond = 1'000'000'000;
inline constexpr int64_t kMinute = 60 * kSecond;
inline constexpr int64_t kHour = 60 * kMinute;

// Nanoseconds, or why the text is not a duration.
struct DurationError {
  std::string reason;
};
std::variant<int64_t, DurationError> parse_duration(std::string_view text);

// A short Go-like spelling: 90 min -> "1h30m", 500 ms -> "500ms".
std::string format_duration(int64_t ns);

}  // namespace riposte::frontend::algorithm
