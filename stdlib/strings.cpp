// String natives: prefixes and suffixes, trimming, explode/implode, split
// on a literal separator, ASCII case, join, and the indices family (which
// also searches arrays).
#include "stdlib/native_util.h"

namespace riposte::stdlib {

namespace {

bool string_args(std::string_view name, const Value& in, const Value& arg, Value& out) {
  if (!in.is_string()) return type_error(out, name, in);
  if (!arg.is_string()) return type_error(out, name, arg);
  return true;
}

}  // namespace

bool fn_startswith(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!string_args("startswith", in, args[0], out)) return false;
  out = Value::boolean(in.str().starts_with(args[0].str()));
  return true;
}

bool fn_endswith(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!string_args("endswith", in, args[0], out)) return false;
  out = Value::boolean(in.str().ends_with(args[0].str()));
  return true;
}

// ltrimstr/rtrimstr leave anything that is not a pair of strings unchanged.
bool fn_ltrimstr(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (in.is_string() && args[0].is_string() && !args[0].str().empty() && in.str().starts_with(args[0].str())) {
    out = Value::string(in.str().substr(args[0].str().size()));
  } else {
    out = in;
  }
  return true;
}

bool fn_rtrimstr(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (in.is_string() && args[0].is_string() && !args[0].str().empty() && in.str().ends_with(args[0].str())) {
    std::string_view s = in.str();
    out = Value::string(s.substr(0, s.size() - args[0].str().size()));
  } else {
    out = in;
  }
  return true;
}

bool fn_trimstr(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  Value left;
  fn_ltrimstr(ctx, in, args, left);
  return fn_rtrimstr(ctx, left, args, out);
}

namespace {

// Go's unicode.IsSpace: the white space trim/ltrim/rtrim remove.
bool is_space(char32_t c) {
  switch (c) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

size_t leading_space(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t next = i;
    if (!is_space(next_code_point(s, next))) break;
    i = next;
  }
  return i;
}

// Length of s without its trailing white space.
size_t without_trailing_space(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
    size_t i = start;
    char32_t c = next_code_point(s, i);
    if (i != end || !is_space(c)) break;
    end = start;
  }
  return end;
}

bool trim(const Value& in, bool left, bool right, Value& out) {
  if (!in.is_string()) return fail(out, "trim input must be a string");
  std::string_view s = in.str();
  size_t start = left ? leading_space(s) : 0;
  s.remove_prefix(start);
  size_t end = right ? without_trailing_space(s) : s.size();
  out = (start == 0 && end == s.size()) ? in : Value::string(s.substr(0, end));
  return true;
}

}  // namespace

bool fn_trim(NativeCtx&, const Value& in, const Value*, Value& out) { return trim(in, true, true, out); }
bool fn_ltrim(NativeCtx&, const Value& in, const Value*, Value& out) { return trim(in, true, false, out); }
bool fn_rtrim(NativeCtx&, const Value& in, const Value*, Value& out) { return trim(in, false, true, out); }

bool fn_explode(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  if (!in.is_string()) return type_error(out, "explode", in);
  std::string_view s = in.str();
  if (!charge(ctx, s.size() * sizeof(Value), out)) return false;
  Array codes;
  codes.reserve(s.size());
  for (size_t i = 0; i < s.size();) codes.push_back(Value::integer(next_code_point(s, i)));
  out = Value::array(std::move(codes));
  return true;
}

bool fn_implode(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "implode", in);
  if (!charge(ctx, in.size() * 4, out)) return false;
  std::string s;
  s.reserve(in.size());
  for (const Value& v : in.items()) {
    int64_t c = 0;
    if (!to_int(v, c) || c < 0 || c > 0x10FFFF) return type_error(out, "implode", in);
    append_utf8(s, static_cast<char32_t>(c));
  }
  out = Value::string(std::move(s));
  return true;
}

bool fn_split(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  if (!in.is_string()) return type_error(out, "split", in);
  if (!args[0].is_string()) return type_error(out, "split", Value::string(std::string_view()));  // sic, gojq
  std::string_view s = in.str(), sep = args[0].str();
  Array parts;
  if (sep.empty()) {
    if (!charge(ctx, s.size() * sizeof(Value), out)) return false;
    for (size_t i = 0; i < s.size();) {
      size_t start = i;
      next_code_point(s, i);
      parts.push_back(Value::string(s.substr(start, i - start)));
    }
  } else {
    size_t start = 0;
    for (size_t hit; (hit = s.find(sep, start)) != std::string_view::npos; start = hit + sep.size())
      parts.push_back(Value::string(s.substr(start, hit - start)));
    parts.push_back(Value::string(s.substr(start)));
  }
  out = Value::array(std::move(parts));
  return true;
}

namespace {

template <char From, char To>
bool map_ascii(std::string_view name, const Value& in, Value& out) {
  if (!in.is_string()) return type_error(out, name, in);
  std::string_view s = in.str();
  size_t first = 0;
  while (first < s.size() && !(s[first] >= From && s[first] <= From + 25)) ++first;
  if (first == s.size()) {
    out = in;
    return true;
  }
  std::string r(s);
  for (size_t i = first; i < r.size(); ++i)
    if (r[i] >= From && r[i] <= From + 25) r[i] = static_cast<char>(r[i] - From + To);
  out = Value::string(std::move(r));
  return true;
}

}  // namespace

bool fn_ascii_downcase(NativeCtx&, const Value& in, const Value*, Value& out) {
  return map_ascii<'A', 'a'>("ascii_downcase", in, out);
}

bool fn_ascii_upcase(NativeCtx&, const Value& in, const Value*, Value& out) {
  return map_ascii<'a', 'A'>("ascii_upcase", in, out);
}

namespace {

bool append_joined(std::string& s, const Value& v, Value& out) {
  switch (v.kind()) {
    case Kind::Null:
      return true;
    case Kind::String:
      s += v.str();
      return true;
    case Kind::True:
      s += "true";
      return true;
    case Kind::False:
      s += "false";
      return true;
    case Kind::Number:
      s += json_text(v);
      return true;
    default:
      return fail(out, "cannot join: " + type_error_preview(v));
  }
}

}  // namespace

bool fn_join(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  if (!in.is_array() && !in.is_object()) return type_error(out, "join", in);
  const Value& sep = args[0];
  if (in.size() == 0) {
    out = Value::string(std::string_view(""));
    return true;
  }
  if (in.size() > 1 && !sep.is_string()) return type_error(out, "join", sep);
  std::string s;
  bool first = true;
  auto step = [&](const Value& v) {
    if (!first) s += sep.str();
    first = false;
    return append_joined(s, v, out);
  };
  if (in.is_array()) {
    for (const Value& v : in.items())
      if (!step(v)) return false;
  } else {
    for (const auto& entry : in.entries())
      if (!step(entry.second)) return false;
  }
  if (!charge(ctx, s.size(), out)) return false;
  out = Value::string(std::move(s));
  return true;
}

namespace {

enum class Find { All, First, Last };

// Code point offsets where `needle` occurs in `s` (overlapping matches).
Value string_indices(std::string_view s, std::string_view needle, Find mode) {
  Array hits;
  if (needle.empty()) return mode == Find::All ? Value::array() : Value();
  size_t cp = 0, scanned = 0;
  for (size_t at = s.find(needle); at != std::string_view::npos; at = s.find(needle, at + 1)) {
    while (scanned < at) {
      next_code_point(s, scanned);
      ++cp;
    }
    if (scanned != at) continue;  // inside a code point (invalid UTF-8 only)
    if (mode == Find::First) return Value::integer(static_cast<int64_t>(cp));
    hits.push_back(Value::integer(static_cast<int64_t>(cp)));
  }
  if (mode == Find::Last) return hits.empty() ? Value() : hits.back();
  if (mode == Find::First) return Value();
  return Value::array(std::move(hits));
}

bool same_slice(std::span<const Value> hay, size_t at, std::span<const Value> needle) {
  for (size_t k = 0; k < needle.size(); ++k)
    if (!(hay[at + k] == needle[k])) return false;
  return true;
}

Value array_indices(std::span<const Value> hay, std::span<const Value> needle, Find mode) {
  Array hits;
  if (needle.empty() || needle.size() > hay.size()) return mode == Find::All ? Value::array() : Value();
  size_t last = hay.size() - needle.size();
  if (mode == Find::Last) {
    for (size_t i = last + 1; i-- > 0;)
      if (same_slice(hay, i, needle)) return Value::integer(static_cast<int64_t>(i));
    return Value();
  }
  for (size_t i = 0; i <= last; ++i) {
    if (!same_slice(hay, i, needle)) continue;
    if (mode == Find::First) return Value::integer(static_cast<int64_t>(i));
    hits.push_back(Value::integer(static_cast<int64_t>(i)));
  }
  return mode == Find::First ? Value() : Value::array(std::move(hits));
}

bool find_indices(const Value& in, const Value& x, Find mode, Value& out) {
  switch (in.kind()) {
    case Kind::Null:
      out = Value();
      return true;
    case Kind::Array:
      out = x.is_array() ? array_indices(in.items(), x.items(), mode)
                         : array_indices(in.items(), std::span<const Value>(&x, 1), mode);
      return true;
    case Kind::String:
      if (!x.is_string()) return fail(out, "expected a string but got: " + type_error_preview(x));
      out = string_indices(in.str(), x.str(), mode);
      return true;
    default:
      return fail(out, "expected an array but got: " + type_error_preview(in));
  }
}

}  // namespace

bool fn_indices(NativeCtx&, const Value& in, const Value* args, Value& out) {
  return find_indices(in, args[0], Find::All, out);
}

bool fn_index(NativeCtx&, const Value& in, const Value* args, Value& out) {
  return find_indices(in, args[0], Find::First, out);
}

bool fn_rindex(NativeCtx&, const Value& in, const Value* args, Value& out) {
  return find_indices(in, args[0], Find::Last, out);
}

bool fn_strindices(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!in.is_string()) return fail(out, type_error_preview(in) + " cannot be searched, as it is not a string");
  if (!args[0].is_string()) return fail(out, type_error_preview(args[0]) + " is not a string");
  out = string_indices(in.str(), args[0].str(), Find::All);
  return true;
}

}  // namespace riposte::stdlib
