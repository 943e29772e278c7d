// Regular expressions on RE2 with gojq's semantics (gojq uses Go's regexp,
// whose syntax and leftmost-first matching RE2 shares): _match (behind
// match/test/capture/scan/sub/gsub in builtins.jq), _capture, split/2.
//
// Flags: g (all matches), i (case-insensitive), m (gojq maps it to (?s):
// `.` matches newlines).  Others are errors, as in gojq.
#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>

#include "stdlib/native_util.h"
#include "stdlib/regex.h"
#include "value/ops.h"

namespace riposte::stdlib {

bool regex_expression(std::string_view pattern, std::string_view flags, std::string& expr, std::string& error) {
  for (char f : flags) {
    if (f != 'g' && f != 'i' && f != 'm') {
      error = "unsupported regular expression flag: " + json_text(Value::string(flags));
      return false;
    }
  }
  expr.clear();
  for (size_t i = 0; i < pattern.size(); ++i) {  // jq's (?<name>) is RE2's (?P<name>)
    if (pattern.substr(i, 3) == "(?<") {
      expr += "(?P<";
      i += 2;
    } else {
      expr += pattern[i];
    }
  }
  if (flags.find('i') != std::string_view::npos) expr = "(?i)" + expr;
  if (flags.find('m') != std::string_view::npos) expr = "(?s)" + expr;
  return true;
}

RE2::Options regex_options() {
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_encoding(RE2::Options::EncodingUTF8);
  return opt;
}

namespace {

struct Regex {
  std::unique_ptr<RE2> re;
  std::vector<Value> names;  // per group (0 = whole match): name string or null
  bool global = false;
  bool empty_expr = false;   // the final expression is "" (Go's Split special case)
};

const char* go_error_text(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape: return "invalid escape sequence";
    case RE2::ErrorBadCharClass: return "invalid character class";
    case RE2::ErrorBadCharRange: return "invalid character class range";
    case RE2::ErrorMissingBracket: return "missing closing ]";
    case RE2::ErrorMissingParen: return "missing closing )";
    case RE2::ErrorUnexpectedParen: return "unexpected )";
    case RE2::ErrorTrailingBackslash: return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument: return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize: return "invalid repeat count";
    case RE2::ErrorRepeatOp: return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp: return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8: return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture: return "invalid named capture";
    case RE2::ErrorPatternTooLarge: return "expression too large";
    default: return "internal error";
  }
}

// Compiles (with a small per-thread cache) or sets the error in `out`.
const Regex* compile(std::string_view pattern, std::string_view flags, Value& out) {
  // The same expression again (test/match in a loop) costs two comparisons.
  thread_local std::string last_pattern, last_flags;
  thread_local const Regex* last = nullptr;
  if (last && pattern == last_pattern && flags == last_flags) return last;
  thread_local std::unordered_map<std::string, std::unique_ptr<Regex>> cache;
  std::string key(flags);
  key += '\0';
  key += pattern;
  auto remember = [&](const Regex* rx) {
    last = rx;
    last_pattern = pattern;
    last_flags = flags;
    return rx;
  };
  if (auto it = cache.find(key); it != cache.end()) return remember(it->second.get());

  std::string expr, error;
  if (!regex_expression(pattern, flags, expr, error)) {
    fail(out, std::move(error));
    return nullptr;
  }
  RE2::Options opt = regex_options();
  auto rx = std::make_unique<Regex>();
  rx->re = std::make_unique<RE2>(expr, opt);
  if (!rx->re->ok()) {
    std::string msg = "invalid regular expression " + json_text(Value::string(expr)) +
                      ": error parsing regexp: " + go_error_text(rx->re->error_code()) + ": `" +
                      rx->re->error_arg() + "`";
    fail(out, std::move(msg));
    return nullptr;
  }
  rx->names.resize(1 + rx->re->NumberOfCapturingGroups());
  for (const auto& [index, name] : rx->re->CapturingGroupNames()) rx->names[index] = Value::string(name);
  rx->global = flags.find('g') != std::string_view::npos;
  rx->empty_expr = expr.empty();
  // Large enough for the distinct expressions of a whole trigger set (10,000
  // generated triggers hold about 300): a cache that is cleared on every
  // pass over the set would compile every expression on every alert.
  if (cache.size() >= 2048) {
    cache.clear();
    last = nullptr;
  }
  return remember((cache[key] = std::move(rx)).get());
}

const Regex* compile_args(std::string_view name, const Value& re, const Value& flags, Value& out) {
  if (!flags.is_null() && !flags.is_string()) {
    type_error(out, name, flags);
    return nullptr;
  }
  return compile(re.str(), flags.is_null() ? std::string_view() : flags.str(), out);
}

using Groups = std::vector<re2::StringPiece>;

// RE2 cannot tell an unmatched group from an empty match in a null text.
std::string_view non_null(std::string_view s) {
  static const char kEmpty[] = "";
  return s.data() ? s : std::string_view(kEmpty, 0);
}

// Every match as Go's FindAll does: an empty match right after the previous
// match is skipped, and the search then moves on by one code point.
template <class OnMatch>
void for_each_match(const Regex& rx, std::string_view s, bool all, OnMatch on_match) {
  re2::StringPiece text(s.data(), s.size());  // s is non_null()
  Groups groups(rx.names.size());
  size_t pos = 0;
  ptrdiff_t prev_end = -1;
  while (pos <= s.size()) {
    if (!rx.re->Match(text, pos, s.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) break;
    size_t start = groups[0].data() - text.data(), end = start + groups[0].size();
    bool accept = true;
    if (end == pos) {
      accept = static_cast<ptrdiff_t>(start) != prev_end;
      if (pos < s.size()) {
        next_code_point(s, pos);
      } else {
        pos = s.size() + 1;
      }
    } else {
      pos = end;
    }
    prev_end = static_cast<ptrdiff_t>(end);
    if (accept) on_match(groups);
    if (!all) break;
  }
}

// Converts byte offsets to code point offsets, moving a cursor along s.
class CodePoints {
 public:
  explicit CodePoints(std::string_view s) : s_(s) {}
  int64_t at(size_t byte) {
    while (byte_ < byte) cp_ += (static_cast<unsigned char>(s_[byte_++]) & 0xC0) != 0x80;
    while (byte_ > byte) cp_ -= (static_cast<unsigned char>(s_[--byte_]) & 0xC0) != 0x80;
    return cp_;
  }

 private:
  std::string_view s_;
  size_t byte_ = 0;
  int64_t cp_ = 0;
};

Value span_object(std::string_view s, const re2::StringPiece& g, CodePoints& cps, const Value* name) {
  Object o;
  if (g.data() == nullptr) {
    o.emplace("offset", Value::integer(-1));
    o.emplace("length", Value::integer(0));
    o.emplace("string", Value());
  } else {
    size_t start = g.data() - s.data();
    int64_t offset = cps.at(start);
    o.emplace("offset", Value::integer(offset));
    o.emplace("length", Value::integer(cps.at(start + g.size()) - offset));
    o.emplace("string", Value::string(std::string_view(g.data(), g.size())));
  }
  if (name) o.emplace("name", *name);
  return Value::object(std::move(o));
}

Value match_object(const Regex& rx, std::string_view s, const Groups& groups, CodePoints& cps) {
  Array captures;
  captures.reserve(groups.size() - 1);
  for (size_t j = 1; j < groups.size(); ++j) captures.push_back(span_object(s, groups[j], cps, &rx.names[j]));
  Value m = span_object(s, groups[0], cps, nullptr);
  m.set("captures", Value::array(std::move(captures)));
  return m;
}

}  // namespace

// _match(re; flags; testing): the array of match objects, or (testing) a boolean.
bool fn_match(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  const Value &re = args[0], &flags = args[1];
  if (!flags.is_null() && !flags.is_string()) return type_error(out, "match", flags);
  if (!in.is_string()) return type_error(out, "match", in);
  if (!re.is_string()) return type_error(out, "match", in);
  const Regex* rx = compile(re.str(), flags.is_null() ? std::string_view() : flags.str(), out);
  if (!rx) return false;
  std::string_view s = non_null(in.str());
  if (args[2].truthy()) {
    out = Value::boolean(RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *rx->re));
    return true;
  }
  Array matches;
  CodePoints cps(s);
  bool ok = true;
  for_each_match(*rx, s, rx->global, [&](const Groups& groups) {
    if (!ok) return;
    if (!charge(ctx, 64 * groups.size(), out)) {
      ok = false;
      return;
    }
    matches.push_back(match_object(*rx, s, groups, cps));
  });
  if (!ok) return false;
  out = Value::array(std::move(matches));
  return true;
}

bool fn_capture(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_object()) return fail(out, "expected an object but got: " + type_error_preview(in));
  const Value* captures = in.find("captures");
  Value none;
  if (!captures) captures = &none;
  if (!captures->is_array()) return fail(out, "expected an array but got: " + type_error_preview(*captures));
  Object named;
  for (const Value& c : captures->items()) {
    if (!c.is_object()) continue;
    const Value* name = c.find("name");
    if (!name || !name->is_string()) continue;
    const Value* str = c.find("string");
    named.insert_or_assign(std::string(name->str()), str ? *str : Value());
  }
  out = Value::object(std::move(named));
  return true;
}

// split($re; flags): Go's Regexp.Split(s, -1).
bool fn_split_regex(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  if (!in.is_string()) return type_error(out, "split", in);
  if (!args[0].is_string()) return type_error(out, "split", Value::string(std::string_view("")));
  const Regex* rx = compile_args("split", args[0], args[1], out);
  if (!rx) return false;
  std::string_view s = non_null(in.str());
  Array parts;
  if (!rx->empty_expr && s.empty()) {
    parts.push_back(Value::string(std::string_view("")));
    out = Value::array(std::move(parts));
    return true;
  }
  size_t beg = 0, end = 0;
  for_each_match(*rx, s, true, [&](const Groups& groups) {
    size_t start = groups[0].data() - s.data();
    end = start;
    if (start + groups[0].size() != 0) parts.push_back(Value::string(s.substr(beg, end - beg)));
    beg = start + groups[0].size();
  });
  if (end != s.size()) parts.push_back(Value::string(s.substr(beg)));
  if (!charge(ctx, parts.size() * sizeof(Value), out)) return false;
  out = Value::array(std::move(parts));
  return true;
}

}  // namespace riposte::stdlib

namespace riposte::stdlib {

// _sub_splice(matches; replacements): the input with each match replaced.
// gojq's jq-defined sub adds `replacement + text_between + rest` from the
// last match backwards; when a replacement is not a string (or null) the
// same additions run here so that errors read the same.
bool fn_sub_splice(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  const Value &matches = args[0], &repls = args[1];
  if (!in.is_string() || !matches.is_array() || !repls.is_array() || matches.size() != repls.size())
    return type_error(out, "sub", in);
  std::string_view s = in.str();
  std::vector<size_t> byte_at;  // byte offset of each code point offset, one past the end included
  byte_at.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size();) {
    byte_at.push_back(i);
    next_code_point(s, i);
  }
  byte_at.push_back(s.size());
  auto byte_of = [&](int64_t cp) { return byte_at[static_cast<size_t>(std::clamp<int64_t>(cp, 0, byte_at.size() - 1))]; };
  // [start, end) of every match, in bytes
  std::vector<std::pair<size_t, size_t>> spans;
  bool all_text = true;
  for (size_t i = 0; i < matches.size(); ++i) {
    const Value& m = matches.at(i);
    if (!m.is_object()) return type_error(out, "sub", m);
    int64_t off = 0, len = 0;
    if (const Value* o = m.find("offset")) to_int(*o, off);
    if (const Value* l = m.find("length")) to_int(*l, len);
    spans.emplace_back(byte_of(off), byte_of(off + len));
    all_text = all_text && (repls.at(i).is_string() || repls.at(i).is_null());
  }
  auto between = [&](size_t i) {
    size_t end = spans[i].second, next = i + 1 < spans.size() ? spans[i + 1].first : s.size();
    return s.substr(end, next > end ? next - end : 0);
  };
  if (all_text) {
    std::string result(s.substr(0, spans.empty() ? s.size() : spans[0].first));
    for (size_t i = 0; i < spans.size(); ++i) {
      if (repls.at(i).is_string()) result += repls.at(i).str();
      result += between(i);
    }
    if (!charge(ctx, result.size(), out)) return false;
    out = Value::string(std::move(result));
    return true;
  }
  Value rest = Value::string(std::string_view());
  for (size_t i = spans.size(); i-- > 0;) {
    Value piece, joined;
    if (!binary_op(ir::BinOp::Add, repls.at(i), Value::string(between(i)), piece)) {
      out = std::move(piece);
      return false;
    }
    if (!binary_op(ir::BinOp::Add, piece, rest, joined)) {
      out = std::move(joined);
      return false;
    }
    rest = std::move(joined);
  }
  return binary_op(ir::BinOp::Add, Value::string(s.substr(0, spans.empty() ? s.size() : spans[0].first)), rest, out);
}

}  // namespace riposte::stdlib
