// The calendar of gojq's dates: Go's time normalisation on the proleptic
// Gregorian calendar, broken-down time arrays, the local zone from TZ.
#include <cmath>
#include <ctime>

#include "stdlib/dates.h"
#include "stdlib/native_util.h"

namespace riposte::stdlib::dates {

namespace {

// The local zone's offset at a UTC instant, and its abbreviation.
void local_zone(int64_t unix, int64_t& offset, std::string& name) {
  time_t t = static_cast<time_t>(unix);
  struct tm tm {};
  localtime_r(&t, &tm);
  offset = tm.tm_gmtoff;
  name = tm.tm_zone ? tm.tm_zone : "";
}

}  // namespace

Civil civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2), m, d};
}

int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Broken broken_down(const Moment& m) {
  int64_t local = m.unix + m.offset;
  int64_t days = floor_div(local, 86400), secs = local - days * 86400;
  Civil c = civil_from_days(days);
  int64_t weekday = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday
  int64_t yday = days - days_from_civil(c.year, 1, 1) + 1;
  return {c.year, c.month, c.day, secs / 3600, secs / 60 % 60, secs % 60, m.nsec, weekday, yday};
}

Moment moment_of(double v, bool local) {
  Moment m;
  int64_t secs = clamp_to_int(v);
  int64_t nsec = static_cast<int64_t>((v - std::floor(v)) * 1e9);
  m.unix = secs + floor_div(nsec, 1000000000);
  m.nsec = nsec - floor_div(nsec, 1000000000) * 1000000000;
  if (local) local_zone(m.unix, m.offset, m.zone);
  return m;
}

Value array_of(const Moment& m) {
  Broken b = broken_down(m);
  return Value::array(Array{Value::integer(b.year), Value::integer(b.month - 1), Value::integer(b.day),
                            Value::integer(b.hour), Value::integer(b.min),
                            Value::number(static_cast<double>(b.sec) + static_cast<double>(b.nsec) / 1e9),
                            Value::integer(b.weekday), Value::integer(b.yday - 1)});
}

double epoch_of(const Moment& m) { return static_cast<double>(m.unix) + static_cast<double>(m.nsec) / 1e9; }

Moment moment_from_fields(int64_t y, int64_t mon, int64_t d, int64_t h, int64_t mi, int64_t s, int64_t ns,
                          bool local) {
  int64_t m0 = mon - 1;
  y += floor_div(m0, 12);
  m0 -= floor_div(m0, 12) * 12;
  int64_t days = days_from_civil(y, m0 + 1, 1) + d - 1;
  Moment m;
  m.unix = days * 86400 + h * 3600 + mi * 60 + s + floor_div(ns, 1000000000);
  m.nsec = ns - floor_div(ns, 1000000000) * 1000000000;
  if (local) {  // the wall clock is local: find the instant showing it
    int64_t off = 0;
    local_zone(m.unix, off, m.zone);
    local_zone(m.unix - off, off, m.zone);
    m.unix -= off;
    m.offset = off;
  }
  return m;
}

bool moment_from_array(std::string_view name, const Value& a, bool local, Moment& m, Value& out) {
  if (a.size() != 8) return type_error(out, name, a);
  int64_t f[5];
  for (size_t i = 0; i < 5; ++i)
    if (!to_int(a.at(i), f[i])) return type_error(out, name, a);
  double sec = 0;
  if (!to_float(a.at(5), sec)) return type_error(out, name, a);
  auto ns = static_cast<int64_t>((sec - std::floor(sec)) * 1e9);
  m = moment_from_fields(f[0], f[1] + 1, f[2], f[3], f[4], clamp_to_int(sec), ns, local);
  return true;
}

}  // namespace riposte::stdlib::dates
