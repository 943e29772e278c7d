// strptime as gojq's timefmt library parses: the same directives as
// strftime, numbers of bounded width, names in any case, %z offsets.
#include <algorithm>
#include <cctype>

#include "stdlib/dates.h"
#include "stdlib/native_util.h"

namespace riposte::stdlib::dates {

namespace {

const char* kParseCompositions(char c) {
  switch (c) {
    case 'c': return "%a %b %e %H:%M:%S %Y";
    case '+': return "%a %b %e %H:%M:%S %Z %Y";
    case 'F': return "%Y-%m-%d";
    case 'D': case 'x': return "%m/%d/%y";
    case 'v': return "%e-%b-%Y";
    case 'T': case 'X': return "%H:%M:%S";
    case 'r': return "%I:%M:%S %p";
    case 'R': return "%H:%M";
    default: return nullptr;
  }
}

struct Parser {
  explicit Parser(std::string_view source) : src(source) {}
  std::string_view src;
  size_t j = 0;
  int64_t year = 1900, month = 1, day = 1, hour = 0, min = 0, sec = 0, nsec = 0, century = -1, yday = 0;
  int64_t offset = 0;
  bool pm = false, has_unix = false;
  int64_t unix = 0;
  std::string err;

  bool number(int64_t& v, size_t size, char f) {
    size_t end = std::min(src.size(), j + size), i = j;
    int64_t val = 0;
    for (; i < end && src[i] >= '0' && src[i] <= '9'; ++i) val = val * 10 + (src[i] - '0');
    if (i == j) return error(std::string("cannot parse %") + f);
    v = val;
    j = i;
    return true;
  }

  bool lookup(int64_t& v, size_t n, bool abbreviated, const char* const* names, char f) {
    for (size_t k = 0; k < n; ++k) {
      std::string_view name = names[k];
      if (abbreviated) name = name.substr(0, 3);
      if (src.size() - j < name.size()) continue;
      bool same = true;
      for (size_t q = 0; q < name.size() && same; ++q) same = std::tolower(src[j + q]) == std::tolower(name[q]);
      if (same) {
        v = static_cast<int64_t>(k) + 1;
        j += name.size();
        return true;
      }
    }
    return error(std::string("cannot parse %") + f);
  }

  bool error(std::string msg) {
    err = std::move(msg);
    return false;
  }

  bool expect(char c) {
    if (j >= src.size() || src[j] != c) return error(std::string("expected '") + c + "'");
    ++j;
    return true;
  }

  bool zone_offset() {
    if (j < src.size() && src[j] == 'Z') {
      ++j;
      offset = 0;
      return true;
    }
    if (j >= src.size() || (src[j] != '+' && src[j] != '-')) return error("cannot parse %z");
    int64_t sign = src[j] == '-' ? -1 : 1, h = 0, mi = 0;
    size_t start = ++j;
    if (!number(h, 2, 'z') || j != start + 2) return error("cannot parse %z");
    if (j < src.size() && src[j] == ':') ++j;
    size_t mstart = j;
    if (j < src.size() && src[j] >= '0' && src[j] <= '9') {
      if (!number(mi, 2, 'z') || j != mstart + 2) return error("cannot parse %z");
    }
    offset = sign * (h * 3600 + mi * 60);
    return true;
  }

  bool directive(char c) {
    int64_t ignored = 0;
    switch (c) {
      case 'Y': return number(year, 4, c);
      case 'y':
        if (!number(year, 2, c)) return false;
        year += year < 69 ? 2000 : 1900;
        return true;
      case 'C': return number(century, 2, c);
      case 'g':
        if (!number(year, 2, c)) return false;
        year += 2000;
        return true;
      case 'G': return number(year, 4, c);
      case 'm': return number(month, 2, c);
      case 'B': return lookup(month, 12, false, kMonths, c);
      case 'b': case 'h': return lookup(month, 12, true, kMonths, c);
      case 'A': return lookup(ignored, 7, false, kDays, c);
      case 'a': return lookup(ignored, 7, true, kDays, c);
      case 'w':
        if (j >= src.size() || src[j] < '0' || src[j] > '6') return error("cannot parse %w");
        ++j;
        return true;
      case 'u':
        if (j >= src.size() || src[j] < '1' || src[j] > '7') return error("cannot parse %u");
        ++j;
        return true;
      case 'V': case 'U': case 'W': return number(ignored, 2, c);
      case 'e': if (j < src.size() && src[j] == ' ') ++j; return number(day, 2, c);
      case 'd': return number(day, 2, c);
      case 'j': return number(yday, 3, c);
      case 'k': if (j < src.size() && src[j] == ' ') ++j; return number(hour, 2, c);
      case 'H': return number(hour, 2, c);
      case 'l': if (j < src.size() && src[j] == ' ') ++j; [[fallthrough]];
      case 'I':
        if (!number(hour, 2, c)) return false;
        if (hour == 12) hour = 0;
        return true;
      case 'p': case 'P': {
        static const char* const kAmPm[] = {"AM", "PM"};
        int64_t which = 0;
        if (!lookup(which, 2, false, kAmPm, 'p')) return false;
        pm = which == 2;
        return true;
      }
      case 'M': return number(min, 2, c);
      case 'S': return number(sec, 2, c);
      case 's':
        if (!number(unix, 10, c)) return false;
        has_unix = true;
        return true;
      case 'f': {
        size_t start = j;
        int64_t usec = 0;
        if (!number(usec, 6, c)) return false;
        for (size_t d = j - start; d < 6; ++d) usec *= 10;
        nsec = usec * 1000;
        return true;
      }
      case 'Z':
        while (j < src.size() && src[j] >= 'A' && src[j] <= 'Z') ++j;
        return true;
      case 'z': return zone_offset();
      case 't': case 'n': {
        size_t start = j;
        while (j < src.size() && std::isspace(static_cast<unsigned char>(src[j]))) ++j;
        if (j == start) return error(std::string("expected a space for %") + c);
        return true;
      }
      case '%': return expect('%');
      default:
        if (const char* comp = kParseCompositions(c)) return run(comp);
        return error(std::string("unexpected format: \"%") + c + "\"");
    }
  }

  bool run(std::string_view fmt) {
    for (size_t i = 0; i < fmt.size(); ++i) {
      if (fmt[i] != '%') {
        if (!expect(fmt[i])) return false;
        continue;
      }
      if (++i == fmt.size()) return error("stray %");
      if (fmt[i] == ':') {
        while (i < fmt.size() && fmt[i] == ':') ++i;
        if (i == fmt.size() || fmt[i] != 'z') return error("expected 'z' after \"%:\"");
      }
      if (!directive(fmt[i])) return false;
    }
    if (j < src.size()) return error("unconverted string: " + json_text(Value::string(src.substr(j))));
    return true;
  }

  Moment moment() const {
    if (has_unix) {
      Moment m;
      m.unix = unix;
      return m;
    }
    int64_t y = century >= 0 ? century * 100 + year % 100 : year;
    int64_t h = hour + (pm ? 12 : 0);
    Moment m = yday > 0 ? moment_from_fields(y, 1, yday, h, min, sec, nsec, false)
                        : moment_from_fields(y, month, day, h, min, sec, nsec, false);
    m.unix -= offset;
    return m;
  }
};

}  // namespace

bool parse_time(std::string_view src, std::string_view fmt, Moment& m, std::string& err) {
  Parser p(src);
  if (!p.run(fmt)) {
    err = p.err;
    return false;
  }
  m = p.moment();
  return true;
}

}  // namespace riposte::stdlib::dates
