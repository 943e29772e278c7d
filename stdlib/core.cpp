// Natives on any value: length, type, keys, has, contains, add, reverse,
// flatten, transpose, and the unary operators.
#include <algorithm>
#include <cmath>

#include "stdlib/native_util.h"
#include "value/ops.h"

namespace riposte::stdlib {

bool fn_negate(NativeCtx&, const Value&, const Value* args, Value& out) {
  if (!args[0].is_number()) return fail(out, "cannot negate: " + type_error_preview(args[0]));
  return negate(args[0], out);
}

bool fn_plus(NativeCtx&, const Value&, const Value* args, Value& out) {
  if (!args[0].is_number()) return fail(out, "cannot plus: " + type_error_preview(args[0]));
  out = args[0];
  return true;
}

bool fn_length(NativeCtx&, const Value& in, const Value*, Value& out) {
  switch (in.kind()) {
    case Kind::Null:
      out = Value::integer(0);
      return true;
    case Kind::Number:
      if (in.is_double()) {
        out = Value::number(std::fabs(in.as_double()));
        return true;
      }
      if ((in.is_int() && in.as_int() >= 0) || (in.is_bigint() && in.as_double() > 0)) {
        out = in;
        return true;
      }
      return negate(in, out);  // negative (big) integers; -INT64_MIN becomes big
    case Kind::String:
      out = Value::integer(static_cast<int64_t>(code_point_count(in.str())));
      return true;
    case Kind::Array:
    case Kind::Object:
      out = Value::integer(static_cast<int64_t>(in.size()));
      return true;
    default:
      return type_error(out, "length", in);
  }
}

bool fn_utf8bytelength(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_string()) return type_error(out, "utf8bytelength", in);
  out = Value::integer(static_cast<int64_t>(in.str().size()));
  return true;
}

bool fn_type(NativeCtx&, const Value& in, const Value*, Value& out) {
  out = Value::string(std::string_view(in.type_name()));
  return true;
}

bool fn_not(NativeCtx&, const Value& in, const Value*, Value& out) {
  out = Value::boolean(!in.truthy());
  return true;
}

bool fn_keys(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  Array keys;
  if (in.is_array()) {
    if (!charge(ctx, in.size() * sizeof(Value), out)) return false;
    keys.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) keys.push_back(Value::integer(static_cast<int64_t>(i)));
  } else if (in.is_object()) {
    keys.reserve(in.size());
    for (const auto& entry : in.entries()) keys.push_back(Value::string(entry.first));
  } else {
    return type_error(out, "keys", in);
  }
  out = Value::array(std::move(keys));
  return true;
}

bool fn_has(NativeCtx&, const Value& in, const Value* args, Value& out) {
  const Value& key = args[0];
  if (in.is_array() && key.is_number()) {
    int64_t i = 0;
    to_int(key, i);
    out = Value::boolean(i >= 0 && static_cast<uint64_t>(i) < in.size());
    return true;
  }
  if (in.is_object() && key.is_string()) {
    out = Value::boolean(in.find(key.str()) != nullptr);
    return true;
  }
  if (in.is_null()) {
    out = Value::boolean(false);
    return true;
  }
  return fail(out, "cannot check whether " + type_error_preview(in) + " has a key: " + type_error_preview(key));
}

namespace {

// gojq's contains: 0/1 result, or -1 on a type mismatch (error).
int contains(const Value& l, const Value& r) {
  if (l.is_number() && r.is_number()) return l == r;
  if (l.kind() != r.kind()) return -1;
  switch (l.kind()) {
    case Kind::String:
      return l.str().find(r.str()) != std::string_view::npos;
    case Kind::Array:
      for (const Value& want : r.items()) {
        bool found = false;
        for (const Value& have : l.items()) {
          if (contains(have, want) == 1) {
            found = true;
            break;
          }
        }
        if (!found) return 0;
      }
      return 1;
    case Kind::Object:
      if (l.size() < r.size()) return 0;
      for (const auto& [key, want] : r.entries()) {
        const Value* have = l.find(key);
        if (!have || contains(*have, want) != 1) return 0;
      }
      return 1;
    default:
      return 1;  // null/null, true/true, false/false
  }
}

}  // namespace

bool fn_contains(NativeCtx&, const Value& in, const Value* args, Value& out) {
  int r = contains(in, args[0]);
  if (r < 0) return fail(out, "cannot check contains(" + preview(args[0]) + "): " + type_error_preview(in));
  out = Value::boolean(r == 1);
  return true;
}

namespace {

// Appends the values of x to the running sum of `add`; strings, arrays and
// objects accumulate in place instead of through repeated binary additions.
bool add_into(Value& acc, const Value& x, Value& out) {
  if (x.is_null()) return true;
  if (acc.is_null()) {
    acc = x;
    return true;
  }
  if (acc.kind() == x.kind()) {
    switch (x.kind()) {
      case Kind::String:
        acc.mutable_str().append(x.str());
        return true;
      case Kind::Array: {
        Array& items = acc.mutable_items();
        items.insert(items.end(), x.items().begin(), x.items().end());
        return true;
      }
      case Kind::Object: {
        Object& entries = acc.mutable_entries();
        for (const auto& [key, value] : x.entries()) entries.insert_or_assign(key, value);
        return true;
      }
      default:
        break;
    }
  }
  Value sum;
  if (!binary_op(ir::BinOp::Add, acc, x, sum)) {
    out = std::move(sum);
    return false;
  }
  acc = std::move(sum);
  return true;
}

}  // namespace

bool fn_add(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array() && !in.is_object()) return type_error(out, "add", in);
  Value acc;
  if (in.is_array()) {
    for (const Value& x : in.items())
      if (!add_into(acc, x, out)) return false;
  } else {
    for (const auto& entry : in.entries())
      if (!add_into(acc, entry.second, out)) return false;
  }
  out = std::move(acc);
  return true;
}

bool fn_reverse(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "reverse", in);
  Array items(in.items().rbegin(), in.items().rend());
  out = Value::array(std::move(items));
  return true;
}

namespace {

// Depth-first, left to right, with an explicit stack of pending ranges so
// that a deeply nested array cannot exhaust the native stack.
void flatten_into(Array& acc, std::span<const Value> items, double depth) {
  struct Pending {
    std::span<const Value> rest;
    double depth;
  };
  std::vector<Pending> todo{{items, depth}};
  while (!todo.empty()) {
    Pending& top = todo.back();
    if (top.rest.empty()) {
      todo.pop_back();
      continue;
    }
    const Value& v = top.rest.front();
    top.rest = top.rest.subspan(1);
    if (v.is_array() && top.depth != 0) {
      double inner = top.depth - 1;
      todo.push_back({v.items(), inner});  // invalidates `top`
    } else {
      acc.push_back(v);
    }
  }
}

bool flatten(const Value& in, double depth, Value& out) {
  Array acc;
  if (in.is_array()) {
    flatten_into(acc, in.items(), depth);
  } else {
    Array values;
    for (const auto& entry : in.entries()) values.push_back(entry.second);
    flatten_into(acc, values, depth);
  }
  out = Value::array(std::move(acc));
  return true;
}

}  // namespace

bool fn_flatten0(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array() && !in.is_object()) return type_error(out, "flatten", in);
  return flatten(in, -1, out);
}

bool fn_flatten1(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!in.is_array() && !in.is_object()) return type_error(out, "flatten", in);
  double depth = 0;
  if (!to_float(args[0], depth)) return type_error(out, "flatten", args[0]);
  if (depth < 0) return fail(out, "flatten depth must not be negative: " + type_error_preview(Value::number(depth)));
  return flatten(in, depth, out);
}

bool fn_transpose(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "transpose", in);
  size_t width = 0;
  for (const Value& row : in.items()) {
    if (!row.is_array()) return type_error(out, "transpose", in);
    width = std::max(width, row.size());
  }
  Array columns;
  columns.reserve(width);
  for (size_t j = 0; j < width; ++j) {
    Array column(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      const Value& row = in.at(i);
      if (j < row.size()) column[i] = row.at(j);
    }
    columns.push_back(Value::array(std::move(column)));
  }
  out = Value::array(std::move(columns));
  return true;
}

bool fn_have_decnum(NativeCtx&, const Value&, const Value*, Value& out) {
  out = Value::boolean(false);
  return true;
}

bool fn_have_literal_numbers(NativeCtx&, const Value&, const Value*, Value& out) {
  out = Value::boolean(true);
  return true;
}

bool fn_modulemeta(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_string()) return type_error(out, "modulemeta", in);
  return fail(out, "module not found: " + json_text(in));
}

}  // namespace riposte::stdlib
