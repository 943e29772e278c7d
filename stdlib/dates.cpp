// The date natives (now, gmtime, localtime, mktime, strftime,
// strflocaltime, strptime) on gojq's "broken down time" arrays
// [year, month-1, day, hours, minutes, seconds (float), weekday, yearday-1].
#include <sys/time.h>

#include "stdlib/dates.h"
#include "stdlib/native_util.h"

namespace riposte::stdlib {

using namespace dates;

namespace {

bool strftime_impl(std::string_view name, const Value& in, const Value& format, bool local, Value& out) {
  Moment m;
  if (in.is_number()) {
    double v = 0;
    to_float(in, v);
    m = moment_of(v, local);
  } else if (in.is_array()) {
    if (!format.is_string()) return type_error(out, name, format);
    if (!moment_from_array(name, in, local, m, out)) return false;
  } else {
    return type_error(out, name, in);
  }
  if (!format.is_string()) return type_error(out, name, format);
  out = Value::string(format_time(m, format.str()));
  return true;
}

}  // namespace

bool fn_now(NativeCtx&, const Value&, const Value*, Value& out) {
  struct timeval tv {};
  gettimeofday(&tv, nullptr);
  out = Value::number(static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6);
  return true;
}

bool fn_gmtime(NativeCtx&, const Value& in, const Value*, Value& out) {
  double v = 0;
  if (!to_float(in, v)) return type_error(out, "gmtime", in);
  out = array_of(moment_of(v, false));
  return true;
}

bool fn_localtime(NativeCtx&, const Value& in, const Value*, Value& out) {
  double v = 0;
  if (!to_float(in, v)) return type_error(out, "localtime", in);
  out = array_of(moment_of(v, true));
  return true;
}

bool fn_mktime(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "mktime", in);
  Moment m;
  if (!moment_from_array("mktime", in, false, m, out)) return false;
  out = Value::number(epoch_of(m));
  return true;
}

bool fn_strftime(NativeCtx&, const Value& in, const Value* args, Value& out) {
  return strftime_impl("strftime", in, args[0], false, out);
}

bool fn_strflocaltime(NativeCtx&, const Value& in, const Value* args, Value& out) {
  return strftime_impl("strflocaltime", in, args[0], true, out);
}

bool fn_strptime(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!in.is_string()) return type_error(out, "strptime", in);
  if (!args[0].is_string()) return type_error(out, "strptime", args[0]);
  Moment m;
  std::string err;
  if (!parse_time(in.str(), args[0].str(), m, err))
    return fail(out, "failed to parse " + json_text(in) + " with " + json_text(args[0]) + ": " + err);
  if (m.unix == days_from_civil(1, 1, 1) * 86400 && m.nsec == 0) return type_error(out, "strptime", in);
  out = array_of(moment_of(epoch_of(m), false));  // through the float epoch, as gojq does
  return true;
}

}  // namespace riposte::stdlib
