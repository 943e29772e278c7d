// strftime as gojq's timefmt library formats: its directives, the
// compositions (%c %F %T ...) and the flags - _ 0 ^ # and widths.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "stdlib/dates.h"

namespace riposte::stdlib::dates {

namespace {

// ISO 8601 week-numbering year and week.
void iso_week(const Broken& b, int64_t& year, int64_t& week) {
  int64_t wd = b.weekday == 0 ? 7 : b.weekday;
  int64_t days = days_from_civil(b.year, b.month, b.day) + (4 - wd);  // Thursday of this week
  Civil c = civil_from_days(days);
  year = c.year;
  week = (days - days_from_civil(c.year, 1, 1)) / 7 + 1;
}

struct Spec {
  char pad = 0;  // 0: directive's default, '-': none, '_': space, '0': zero
  int width = 0;
  bool upper = false, swap = false;
};

void put_number(std::string& out, int64_t n, int width, char default_pad, const Spec& sp) {
  if (sp.width) width = sp.width;
  char pad = sp.pad == 0 ? default_pad : sp.pad == '_' ? ' ' : '0';
  // The magnitude as unsigned: -INT64_MIN does not fit in an int64_t.
  uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  std::string digits = std::to_string(magnitude);
  if (n < 0) out += '-';
  if (sp.pad != '-')
    for (int k = static_cast<int>(digits.size()) + (n < 0); k < width; ++k) out += pad;
  out += digits;
}

void put_text(std::string& out, std::string_view s, const Spec& sp) {
  if (sp.pad != '-')
    for (int k = static_cast<int>(s.size()); k < sp.width; ++k) out += sp.pad == '0' ? '0' : ' ';
  bool lower = sp.swap && !s.empty() && s.back() < 'a';
  for (char c : s) {
    if (lower) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (sp.upper || sp.swap) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
}

void put_offset(std::string& out, int64_t offset, int colons) {
  out += offset < 0 ? '-' : '+';
  if (offset < 0) offset = -offset;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(offset / 3600));
  out += buf;
  if (colons) out += ':';
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(offset % 3600 / 60));
  out += buf;
  if (colons >= 2) {
    std::snprintf(buf, sizeof buf, ":%02lld", static_cast<long long>(offset % 60));
    out += buf;
  }
}

// One directive (after '%' and its flags); false when unknown.
bool put_directive(std::string& out, const Moment& m, const Broken& b, char c, const Spec& sp, int colons) {
  int64_t h12 = b.hour > 12 ? b.hour - 12 : b.hour == 0 ? 12 : b.hour;  // %I
  int64_t h12_space = b.hour > 12 ? b.hour - 12 : b.hour;                 // %l: timefmt keeps 0 at midnight
  int64_t iso_year = 0, iso_wk = 0;
  switch (c) {
    case 'Y': put_number(out, b.year, 4, '0', sp); return true;
    case 'y': put_number(out, ((b.year % 100) + 100) % 100, 2, '0', sp); return true;
    case 'C': put_number(out, b.year / 100, 2, '0', sp); return true;
    case 'g': iso_week(b, iso_year, iso_wk); put_number(out, iso_year % 100, 2, '0', sp); return true;
    case 'G': iso_week(b, iso_year, iso_wk); put_number(out, iso_year, 4, '0', sp); return true;
    case 'V': iso_week(b, iso_year, iso_wk); put_number(out, iso_wk, 2, '0', sp); return true;
    case 'm': put_number(out, b.month, 2, '0', sp); return true;
    case 'B': put_text(out, kMonths[b.month - 1], sp); return true;
    case 'b': case 'h': put_text(out, std::string_view(kMonths[b.month - 1]).substr(0, 3), sp); return true;
    case 'A': put_text(out, kDays[b.weekday], sp); return true;
    case 'a': put_text(out, std::string_view(kDays[b.weekday]).substr(0, 3), sp); return true;
    case 'w': put_number(out, b.weekday, 1, '0', sp); return true;
    case 'u': put_number(out, b.weekday == 0 ? 7 : b.weekday, 1, '0', sp); return true;
    case 'U': put_number(out, (b.yday + 6 - b.weekday) / 7, 2, '0', sp); return true;
    case 'W': put_number(out, (b.yday + 6 - (b.weekday + 6) % 7) / 7, 2, '0', sp); return true;
    case 'd': put_number(out, b.day, 2, '0', sp); return true;
    case 'e': put_number(out, b.day, 2, ' ', sp); return true;
    case 'j': put_number(out, b.yday, 3, '0', sp); return true;
    case 'H': put_number(out, b.hour, 2, '0', sp); return true;
    case 'k': put_number(out, b.hour, 2, ' ', sp); return true;
    case 'I': put_number(out, h12, 2, '0', sp); return true;
    case 'l': put_number(out, h12_space, 2, ' ', sp); return true;
    case 'p': put_text(out, b.hour < 12 ? "AM" : "PM", sp); return true;
    case 'P': put_text(out, b.hour < 12 ? "am" : "pm", sp); return true;
    case 'M': put_number(out, b.min, 2, '0', sp); return true;
    case 'S': put_number(out, b.sec, 2, '0', sp); return true;
    case 's': put_number(out, m.unix, 1, ' ', sp); return true;
    case 'f': put_number(out, b.nsec / 1000, 6, '0', sp); return true;
    case 'Z': put_text(out, m.zone.empty() ? "UTC" : m.zone, sp); return true;
    case 'z': put_offset(out, m.offset, colons); return true;
    case 't': out += '\t'; return true;
    case 'n': out += '\n'; return true;
    case '%': out += '%'; return true;
    case 'c': out += format_time(m, "%a %b %e %H:%M:%S %Y"); return true;
    case '+': out += format_time(m, "%a %b %e %H:%M:%S %Z %Y"); return true;
    case 'F': out += format_time(m, "%Y-%m-%d"); return true;
    case 'D': case 'x': out += format_time(m, "%m/%d/%y"); return true;
    case 'v': out += format_time(m, "%e-%b-%Y"); return true;
    case 'T': case 'X': out += format_time(m, "%H:%M:%S"); return true;
    case 'r': out += format_time(m, "%I:%M:%S %p"); return true;
    case 'R': out += format_time(m, "%H:%M"); return true;
    default: return false;
  }
}

}  // namespace

std::string format_time(const Moment& m, std::string_view fmt) {
  Broken b = broken_down(m);
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    size_t start = i++;
    Spec sp;
    for (; i < fmt.size(); ++i) {
      char c = fmt[i];
      if (c == '-' || c == '_' || c == '0') {
        sp.pad = c;
      } else if (c == '^') {
        sp.upper = true;
      } else if (c == '#') {
        sp.swap = true;
      } else {
        break;
      }
    }
    while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') sp.width = std::min(sp.width * 10 + (fmt[i++] - '0'), 1024);
    int colons = 0;
    while (i < fmt.size() && fmt[i] == ':') ++colons, ++i;
    if (i >= fmt.size()) {
      out += fmt.substr(start);
      break;
    }
    if (!put_directive(out, m, b, fmt[i], sp, colons)) out += fmt.substr(start, i + 1 - start);
  }
  return out;
}

}  // namespace riposte::stdlib::dates
