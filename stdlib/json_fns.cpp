// Conversions between values and text (tostring, tojson, fromjson,
// tonumber, toboolean), and the natives describing the environment
// (builtins, $ENV).
#include <cctype>
#include <set>

#include "stdlib/native_util.h"
#include "value/json.h"

extern char** environ;

namespace riposte::stdlib {

bool fn_tostring(NativeCtx&, const Value& in, const Value*, Value& out) {
  out = in.is_string() ? in : Value::string(to_json(in));
  return true;
}

bool fn_tojson(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  std::string text = to_json(in);
  if (!charge(ctx, text.size(), out)) return false;
  out = Value::string(std::move(text));
  return true;
}

bool fn_fromjson(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_string()) return type_error(out, "fromjson", in);
  std::string_view text = in.str();
  JsonError err;
  if (parse_json(text, out, err)) return true;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return fail(out, "EOF");  // Go's io.EOF
  // One complete value followed by more text is a type error in gojq (its
  // decoder reads one value, then finds no end of input).
  if (err.message.find("after top-level value") != std::string::npos) return type_error(out, "fromjson", in);
  return fail(out, err.message);
}

namespace {

// gojq's number syntax for tonumber: [+-]? (digits ('.' digits*)? | '.' digits) ([eE] [+-]? digits)?
// Returns the equivalent JSON literal, or "" when `s` is not a number.
std::string number_literal(std::string_view s) {
  size_t i = 0;
  std::string lit;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    if (s[i] == '-') lit += '-';
    ++i;
  }
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(start, i - start);
  };
  std::string_view whole = digits();
  bool has_point = i < s.size() && s[i] == '.';
  std::string_view frac;
  if (has_point) {
    ++i;
    frac = digits();
  }
  if (whole.empty() && frac.empty()) return {};
  if (whole.empty() && !has_point) return {};
  lit += whole.empty() ? std::string_view("0") : whole;
  if (has_point) {
    lit += '.';
    lit += frac.empty() ? std::string_view("0") : frac;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    lit += 'e';
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) lit += s[i++];
    std::string_view exp = digits();
    if (exp.empty()) return {};
    lit += exp;
  }
  if (i != s.size()) return {};
  // JSON forbids leading zeros: strip them from the integer part.
  size_t start = lit[0] == '-' ? 1 : 0, zeros = start;
  while (zeros + 1 < lit.size() && lit[zeros] == '0' && std::isdigit(static_cast<unsigned char>(lit[zeros + 1]))) ++zeros;
  lit.erase(start, zeros - start);
  return lit;
}

}  // namespace

bool fn_tonumber(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (in.is_number()) {
    out = in;
    return true;
  }
  if (!in.is_string()) return type_error(out, "tonumber", in);
  std::string lit = number_literal(in.str());
  if (lit.empty()) return fail(out, "invalid number: " + json_text(in));
  out = Value::number_from_text(lit);
  return true;
}

bool fn_toboolean(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (in.is_bool()) {
    out = in;
    return true;
  }
  if (in.is_string() && (in.str() == "true" || in.str() == "false")) {
    out = Value::boolean(in.str() == "true");
    return true;
  }
  std::string shown = in.is_null() ? "null (null)" : type_error_preview(in);  // jq 1.8's wording
  return fail(out, shown + " cannot be parsed as a boolean");
}

namespace {

// "name/arity" of the top-level definitions of builtins.jq whose names are
// public: a definition starts a line with "def ".
void add_jq_defined(std::set<std::string>& names) {
  std::string_view src = builtins_jq_source();
  for (size_t pos = 0; pos < src.size();) {
    size_t eol = src.find('\n', pos);
    if (eol == std::string_view::npos) eol = src.size();
    std::string_view line = src.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.substr(0, 4) != "def ") continue;
    line.remove_prefix(4);
    size_t end = line.find_first_of(":(");
    if (end == std::string_view::npos) continue;
    std::string_view name = line.substr(0, end);
    if (name.empty() || name[0] == '_') continue;
    unsigned arity = 0;
    if (line[end] == '(') {
      arity = 1;
      for (size_t k = end; k < line.size() && line[k] != ')'; ++k) arity += line[k] == ';';
    }
    names.insert(std::string(name) + "/" + std::to_string(arity));
  }
}

Value builtins_list() {
  std::set<std::string> names;
  for (const NativeInfo& n : all_natives()) {
    if (n.name.empty() || n.name[0] == '_' || n.name[0] == '@' || n.name[0] == '$') continue;
    names.insert(std::string(n.name) + "/" + std::to_string(n.arity));
  }
  add_jq_defined(names);
  names.insert("path/1");  // an IR node of the front end
  Array items;
  for (const std::string& s : names) items.push_back(Value::string(s));
  return Value::array(std::move(items));
}

}  // namespace

bool fn_builtins(NativeCtx&, const Value&, const Value*, Value& out) {
  thread_local Value cached = builtins_list();
  out = cached;
  return true;
}

namespace {

Value environment() {
  Object vars;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    vars.insert_or_assign(std::string(entry.substr(0, eq)), Value::string(entry.substr(eq + 1)));
  }
  return Value::object(std::move(vars));
}

}  // namespace

// The environment as the program started (read once per thread).
bool fn_env(NativeCtx&, const Value&, const Value*, Value& out) {
  thread_local const Value env = environment();
  out = env;
  return true;
}

}  // namespace riposte::stdlib
