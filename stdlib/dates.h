// Internal to stdlib: dates as gojq handles them.  A Moment is an instant
// (seconds and nanoseconds since the epoch) shown in a zone; Broken is its
// calendar reading.  Arithmetic follows Go's time package (time.Date
// normalisation); format and parse follow gojq's timefmt library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "value/value.h"

namespace riposte::stdlib::dates {

struct Moment {
  int64_t unix = 0;
  int64_t nsec = 0;
  int64_t offset = 0;  // seconds east of UTC of the zone it is shown in
  std::string zone = "UTC";
};

struct Broken {
  int64_t year, month, day, hour, min, sec, nsec, weekday, yday;  // month 1..12, yday 1..366
};

inline constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
inline constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};

struct Civil {
  int64_t year, month, day;  // month 1..12
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d);
Civil civil_from_days(int64_t days);
int64_t floor_div(int64_t a, int64_t b);
Broken broken_down(const Moment& m);
// Go's time.Unix(int64(v), int64((v - floor(v)) * 1e9)), in UTC or the local zone.
Moment moment_of(double v, bool local);
// Go's time.Date: fields out of range carry into the next larger unit.
Moment moment_from_fields(int64_t y, int64_t mon, int64_t d, int64_t h, int64_t mi, int64_t s, int64_t ns,
                          bool local);
double epoch_of(const Moment& m);
// [year, month-1, day, hours, minutes, seconds (float), weekday, yearday-1]
Value array_of(const Moment& m);
// gojq's arrayToTime: exactly 8 numbers; false with `name`'s type error in out.
bool moment_from_array(std::string_view name, const Value& a, bool local, Moment& m, Value& out);

// strftime with timefmt's directives and flags (- _ 0 ^ # width).
std::string format_time(const Moment& m, std::string_view fmt);
// strptime; false with timefmt's error text in err.
bool parse_time(std::string_view src, std::string_view fmt, Moment& m, std::string& err);

}  // namespace riposte::stdlib::dates
