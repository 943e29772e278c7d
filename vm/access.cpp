#include "vm/access.h"

#include <string>

#include "stdlib/native_util.h"
#include "value/value_preview.h"

namespace riposte::vm {

namespace {

bool fail(Value& out, std::string msg) {
  out = Value::string(std::move(msg));
  return false;
}

// gojq's clampIndex: negative counts from `max`, then clamp to [min, max].
int64_t clamp_index(int64_t i, int64_t min, int64_t max) {
  if (i < 0) i += max;
  if (i < min) return min;
  return i < max ? i : max;
}

// Byte offset of code point `n` of s (s.size() when past the end).
size_t code_point_offset(std::string_view s, int64_t n) {
  size_t i = 0;
  for (int64_t k = 0; k < n && i < s.size(); ++k) stdlib::next_code_point(s, i);
  return i;
}

bool index_number(const Value& t, const Value& key, Value& out) {
  int64_t i = 0;
  stdlib::to_int(key, i);
  if (t.is_array()) {
    int64_t n = static_cast<int64_t>(t.size());
    i = clamp_index(i, -1, n);
    out = (i >= 0 && i < n) ? t.at(static_cast<size_t>(i)) : Value::null();
    return true;
  }
  if (t.is_string()) {
    std::string_view s = t.str();
    int64_t n = static_cast<int64_t>(stdlib::code_point_count(s));
    i = clamp_index(i, -1, n);
    if (i < 0 || i >= n) {
      out = Value::null();
      return true;
    }
    size_t from = code_point_offset(s, i);
    size_t to = from;
    stdlib::next_code_point(s, to);
    out = Value::string(s.substr(from, to - from));
    return true;
  }
  return fail(out, "expected an array but got: " + type_error_preview(t));
}

// t[sub] for an array sub: the positions where sub occurs ([] when none, as
// in gojq; jq gives null).
bool index_subarray(const Value& t, const Value& sub, Value& out) {
  if (!t.is_array()) return fail(out, "expected an array but got: " + type_error_preview(t));
  size_t n = t.size(), m = sub.size();
  Array found;
  for (size_t i = 0; m > 0 && i + m <= n; ++i) {
    bool match = true;
    for (size_t j = 0; j < m && match; ++j) match = t.at(i + j) == sub.at(j);
    if (match) found.push_back(Value::integer(static_cast<int64_t>(i)));
  }
  out = Value::array(std::move(found));
  return true;
}

bool bound(const Value& v, int64_t min, int64_t max, int64_t dflt, bool is_string, int64_t& out, Value& err) {
  if (v.is_null()) {
    out = dflt;
    return true;
  }
  if (!v.is_number()) {
    const char* what = is_string ? "a string" : "an array";
    return fail(err, std::string("expected a number for indexing ") + what + " but got: " + type_error_preview(v));
  }
  int64_t i = 0;
  stdlib::to_int(v, i);
  out = clamp_index(i, min, max);
  return true;
}

}  // namespace

bool index_value(const Value& t, const Value& key, Value& out) {
  switch (key.kind()) {
    case Kind::String:
      if (t.is_object()) {
        const Value* v = t.find(key.str());
        out = v ? *v : Value::null();
        return true;
      }
      if (t.is_null()) break;
      return fail(out, "expected an object but got: " + type_error_preview(t));
    case Kind::Number:
      if (t.is_null()) break;
      return index_number(t, key, out);
    case Kind::Array:
      if (t.is_null()) break;
      return index_subarray(t, key, out);
    case Kind::Object: {
      if (t.is_null()) break;
      const Value* from = key.find("start");
      const Value* to = key.find("end");
      if (!from || !to) {
        return fail(out, "expected \"start\" and \"end\" for slicing but got: " + type_error_preview(key));
      }
      return slice_value(t, *from, *to, out);
    }
    default:
      if (t.is_array()) return fail(out, "expected a number for indexing an array but got: " + type_error_preview(key));
      if (t.is_string()) return fail(out, "expected a number for indexing a string but got: " + type_error_preview(key));
      return fail(out, "expected a string for object key but got: " + type_error_preview(key));
  }
  out = Value::null();
  return true;
}

bool slice_value(const Value& t, const Value& from, const Value& to, Value& out) {
  if (t.is_null()) {
    out = Value::null();
    return true;
  }
  if (!t.is_array() && !t.is_string()) return fail(out, "expected an array but got: " + type_error_preview(t));
  bool is_string = t.is_string();
  int64_t n = is_string ? static_cast<int64_t>(stdlib::code_point_count(t.str())) : static_cast<int64_t>(t.size());
  int64_t start = 0, end = 0;
  if (!bound(from, 0, n, 0, is_string, start, out)) return false;
  if (!bound(to, start, n, n, is_string, end, out)) return false;
  if (is_string) {
    std::string_view s = t.str();
    size_t a = code_point_offset(s, start);
    size_t b = code_point_offset(s, end);
    out = Value::string(s.substr(a, b - a));
    return true;
  }
  if (start == 0 && end == n) {  // the whole array: the same value, no copy
    out = t;                      // (and, as in gojq, the same for path tracking)
    return true;
  }
  auto items = t.items();
  out = Value::array(Array(items.begin() + start, items.begin() + end));
  return true;
}

bool getpath_value(const Value& v, const Value& path, Value& out) {
  if (!path.is_array()) return fail(out, "getpath cannot be applied to: " + type_error_preview(path));
  Value cur = v;
  for (const Value& key : path.items()) {
    Kind k = cur.kind();
    Value next;
    if ((k != Kind::Null && k != Kind::Array && k != Kind::Object) || !index_value(cur, key, next)) {
      return fail(out, "cannot getpath with " + preview(path) + " against: " + type_error_preview(v));
    }
    cur = std::move(next);
  }
  out = std::move(cur);
  return true;
}

bool same_value(const Value& w, const Value& tracked) {
  Kind a = w.kind(), b = tracked.kind();
  if (a == Kind::Array || a == Kind::Object) {
    if (a != b || w.size() != tracked.size()) return false;
    if (a == Kind::Array) return w.items().data() == tracked.items().data();
    return &w.entries() == &tracked.entries();
  }
  if (b == Kind::Array || b == Kind::Object) return false;
  if (w.is_number() && tracked.is_number() && w.as_double() != w.as_double()) {
    return tracked.as_double() != tracked.as_double();  // NaN is NaN
  }
  return w == tracked;
}

bool add_in_place(Value& l, const Value& r) {
  if (l.kind() != r.kind() || !l.unique()) return false;
  switch (l.kind()) {
    case Kind::Array: {
      Array& items = l.mutable_items();
      auto add = r.items();
      items.insert(items.end(), add.begin(), add.end());
      return true;
    }
    case Kind::String:
      l.mutable_str().append(r.str());
      return true;
    case Kind::Object:
      for (const auto& [k, v] : r.entries()) l.set(k, v);
      return true;
    default:
      return false;
  }
}

Value slice_key(const Value& from, const Value& to) {
  Object o;
  o.emplace("start", from);
  o.emplace("end", to);
  return Value::object(std::move(o));
}

}  // namespace riposte::vm
