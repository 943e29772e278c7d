// jq's binary operators with gojq 0.12.11's semantics and error messages.
#include "value/ops.h"

#include <cmath>
#include <utility>

#include "value/number.h"
#include "value/value_preview.h"

namespace riposte {

namespace {

using ir::BinOp;

bool type_error(const char* verb, const Value& a, const Value& b, Value& out) {
  out = Value::string(std::string("cannot ") + verb + ": " + type_error_preview(a) + " and " +
                      type_error_preview(b));
  return false;
}

Value concat_arrays(const Value& a, const Value& b) {
  if (a.size() == 0) return b;
  if (b.size() == 0) return a;
  Value r = a;  // appends in place when `a` is not shared
  Array& items = r.mutable_items();
  items.reserve(items.size() + b.size());
  for (const Value& v : b.items()) items.push_back(v);
  return r;
}

Value merge_objects(const Value& a, const Value& b) {
  if (a.size() == 0) return b;
  if (b.size() == 0) return a;
  Value r = a;
  for (const auto& [k, v] : b.entries()) r.set(k, v);
  return r;
}

bool add(const Value& a, const Value& b, Value& out) {
  Kind ka = a.kind(), kb = b.kind();
  if (ka == kb) {
    switch (ka) {
      case Kind::Number: out = num::add(a, b); return true;
      case Kind::String: {
        std::string s;
        s.reserve(a.str().size() + b.str().size());
        s.append(a.str()).append(b.str());
        out = Value::string(std::move(s));
        return true;
      }
      case Kind::Array: out = concat_arrays(a, b); return true;
      case Kind::Object: out = merge_objects(a, b); return true;
      case Kind::Null: out = Value(); return true;
      default: break;
    }
  }
  if (ka == Kind::Null) return out = b, true;
  if (kb == Kind::Null) return out = a, true;
  return type_error("add", a, b, out);
}

// Array difference: the elements of a not equal to any element of b.
Value subtract_arrays(const Value& a, const Value& b) {
  Array kept;
  kept.reserve(a.size());
  for (const Value& x : a.items()) {
    bool found = false;
    for (const Value& y : b.items()) {
      if (compare(x, y) == 0) {
        found = true;
        break;
      }
    }
    if (!found) kept.push_back(x);
  }
  return Value::array(std::move(kept));
}

bool sub(const Value& a, const Value& b, Value& out) {
  if (a.is_number() && b.is_number()) return out = num::sub(a, b), true;
  if (a.is_array() && b.is_array()) return out = subtract_arrays(a, b), true;
  return type_error("subtract", a, b, out);
}

// gojq's repeatString: null for n <= 0, NaN or a result over 256 MiB; the
// string itself for 0 < n < 1; else int(n) copies.
Value repeat_string(std::string_view s, double n) {
  if (n <= 0 || std::isnan(n) || (!s.empty() && n > double(0x10000000 / s.size()))) return Value();
  if (n < 1 || s.empty()) return Value::string(s);  // gojq panics on "" * 1e300
  size_t count = static_cast<size_t>(n);
  std::string r;
  r.reserve(s.size() * count);
  r.append(s);
  // Doubling: log2(count) copies instead of count appends.
  while (r.size() * 2 <= s.size() * count) r.append(r.data(), r.size());
  r.append(r.data(), s.size() * count - r.size());
  return Value::string(std::move(r));
}

size_t repeat_bytes(std::string_view s, double n) {
  if (n < 1 || std::isnan(n) || s.empty() || n > double(0x10000000 / s.size())) return 0;
  return s.size() * static_cast<size_t>(n);
}

// Recursive merge of objects (gojq's deepMergeObjects).  Depth is bounded by
// the depth of the right operand's objects.
Value deep_merge(const Value& a, const Value& b) {
  Value r = a;
  for (const auto& [k, v] : b.entries()) {
    const Value* old = r.find(k);
    if (old && old->is_object() && v.is_object()) {
      Value merged = deep_merge(*old, v);
      r.set(k, std::move(merged));
    } else {
      r.set(k, v);
    }
  }
  return r;
}

bool mul(const Value& a, const Value& b, Value& out) {
  if (a.is_number() && b.is_number()) return out = num::mul(a, b), true;
  if (a.is_object() && b.is_object()) return out = deep_merge(a, b), true;
  if (a.is_string() && b.is_number()) return out = repeat_string(a.str(), b.as_double()), true;
  if (b.is_string() && a.is_number()) return out = repeat_string(b.str(), a.as_double()), true;
  return type_error("multiply", a, b, out);
}

Value split_string(std::string_view s, std::string_view sep) {
  Array parts;
  if (s.empty()) return Value::array();
  if (sep.empty()) {
    // Go's strings.Split with an empty separator: one part per UTF-8 character.
    for (size_t i = 0; i < s.size();) {
      size_t n = 1;
      unsigned char c = static_cast<unsigned char>(s[i]);
      size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      while (n < want && i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
      if (n != want) n = 1;
      parts.push_back(Value::string(s.substr(i, n)));
      i += n;
    }
    return Value::array(std::move(parts));
  }
  size_t start = 0;
  for (size_t at; (at = s.find(sep, start)) != std::string_view::npos; start = at + sep.size()) {
    parts.push_back(Value::string(s.substr(start, at - start)));
  }
  parts.push_back(Value::string(s.substr(start)));
  return Value::array(std::move(parts));
}

bool div(const Value& a, const Value& b, Value& out) {
  if (a.is_number() && b.is_number()) return num::div(a, b, out);
  if (a.is_string() && b.is_string()) return out = split_string(a.str(), b.str()), true;
  return type_error("divide", a, b, out);
}

bool mod(const Value& a, const Value& b, Value& out) {
  if (a.is_number() && b.is_number()) return num::mod(a, b, out);
  return type_error("modulo", a, b, out);
}

bool comparison(BinOp op, const Value& a, const Value& b) {
  switch (op) {
    case BinOp::Eq: return a == b;
    case BinOp::Ne: return !(a == b);
    case BinOp::Lt: return compare(a, b) < 0;
    case BinOp::Le: return compare(a, b) <= 0;
    case BinOp::Gt: return compare(a, b) > 0;
    default: return compare(a, b) >= 0;
  }
}

}  // namespace

bool binary_op(BinOp op, const Value& lhs, const Value& rhs, Value& out) {
  switch (op) {
    case BinOp::Add:
      if (lhs.is_int() && rhs.is_int()) {
        int64_t r;
        if (!__builtin_add_overflow(lhs.as_int(), rhs.as_int(), &r)) return out = Value::integer(r), true;
      }
      return add(lhs, rhs, out);
    case BinOp::Sub: return sub(lhs, rhs, out);
    case BinOp::Mul: return mul(lhs, rhs, out);
    case BinOp::Div: return div(lhs, rhs, out);
    case BinOp::Mod: return mod(lhs, rhs, out);
    default: out = Value::boolean(comparison(op, lhs, rhs)); return true;
  }
}

bool binary_op(BinOp op, Value&& lhs, const Value& rhs, Value& out) {
  if (op == BinOp::Add && &lhs != &rhs && lhs.unique() && lhs.kind() == rhs.kind()) {
    switch (lhs.kind()) {
      case Kind::String: lhs.mutable_str().append(rhs.str()); return out = std::move(lhs), true;
      case Kind::Array: {
        Array& items = lhs.mutable_items();
        items.insert(items.end(), rhs.items().begin(), rhs.items().end());
        return out = std::move(lhs), true;
      }
      case Kind::Object:
        for (const auto& [k, v] : rhs.entries()) lhs.set(k, v);
        return out = std::move(lhs), true;
      default: break;
    }
  }
  const Value& l = lhs;
  return binary_op(op, l, rhs, out);
}

bool negate(const Value& v, Value& out) {
  if (v.is_number()) return out = num::neg(v), true;
  out = Value::string("cannot negate: " + type_error_preview(v));
  return false;
}

size_t repeat_result_bytes(const Value& lhs, const Value& rhs) {
  if (lhs.is_string() && rhs.is_number()) return repeat_bytes(lhs.str(), rhs.as_double());
  if (rhs.is_string() && lhs.is_number()) return repeat_bytes(rhs.str(), lhs.as_double());
  return 0;
}

}  // namespace riposte
