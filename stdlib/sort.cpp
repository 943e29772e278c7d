// Sorting and grouping.  The closure forms (sort_by(f), group_by(f), ...)
// are jq-defined in builtins.jq: they compute the keys `map([f])` and call
// the private natives here with the keys as argument.
#include <algorithm>
#include <numeric>

#include "stdlib/native_util.h"

namespace riposte::stdlib {

namespace {

bool less(const Value& a, const Value& b) { return compare(a, b) < 0; }

// Checks the input and the keys of a *_by native.
bool by_args(std::string_view name, const Value& in, const Value& keys, Value& out) {
  if (!in.is_array()) return type_error(out, name, in);
  if (!keys.is_array()) return type_error(out, name, keys);
  if (in.size() != keys.size())
    return fail(out, "length mismatch in " + std::string(name) + ": " + type_error_preview(in) + ", " + type_error_preview(keys));
  return true;
}

// Positions of the items in the stable order of their keys.
std::vector<size_t> sorted_order(std::span<const Value> keys) {
  std::vector<size_t> order(keys.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return less(keys[a], keys[b]); });
  return order;
}

}  // namespace

bool fn_sort(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "sort", in);
  Value v = take_input(ctx, in);
  Array& items = v.mutable_items();
  std::stable_sort(items.begin(), items.end(), less);
  out = std::move(v);
  return true;
}

bool fn_sort_by(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!by_args("sort_by", in, args[0], out)) return false;
  Array sorted;
  sorted.reserve(in.size());
  for (size_t i : sorted_order(args[0].items())) sorted.push_back(in.at(i));
  out = Value::array(std::move(sorted));
  return true;
}

namespace {

// Groups (or, with `first_only`, the first item of each group) of equal keys.
Value group(const Value& in, std::span<const Value> keys, bool first_only) {
  Array result;
  Array current;
  const Value* last_key = nullptr;
  for (size_t i : sorted_order(keys)) {
    bool same = last_key && compare(*last_key, keys[i]) == 0;
    if (!same) {
      if (!first_only && last_key) result.push_back(Value::array(std::move(current)));
      current = Array();
      if (first_only) result.push_back(in.at(i));
      last_key = &keys[i];
    }
    if (!first_only) current.push_back(in.at(i));
  }
  if (!first_only && last_key) result.push_back(Value::array(std::move(current)));
  return Value::array(std::move(result));
}

}  // namespace

bool fn_group_by(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!by_args("group_by", in, args[0], out)) return false;
  out = group(in, args[0].items(), false);
  return true;
}

bool fn_unique(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "unique", in);
  Array items(in.items().begin(), in.items().end());
  std::stable_sort(items.begin(), items.end(), less);
  items.erase(std::unique(items.begin(), items.end(), [](const Value& a, const Value& b) { return compare(a, b) == 0; }),
              items.end());
  out = Value::array(std::move(items));
  return true;
}

bool fn_unique_by(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!by_args("unique_by", in, args[0], out)) return false;
  out = group(in, args[0].items(), true);
  return true;
}

namespace {

// The item whose key is smallest (first one) or largest (last one).
Value extreme(const Value& in, std::span<const Value> keys, bool want_min) {
  if (keys.empty()) return Value();
  size_t best = 0;
  for (size_t i = 1; i < keys.size(); ++i) {
    if ((compare(keys[best], keys[i]) > 0) == want_min) best = i;  // ties: min keeps the first, max the last
  }
  return in.at(best);
}

}  // namespace

bool fn_min(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "min", in);
  out = extreme(in, in.items(), true);
  return true;
}

bool fn_max(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "max", in);
  out = extreme(in, in.items(), false);
  return true;
}

bool fn_min_by(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!by_args("min_by", in, args[0], out)) return false;
  out = extreme(in, args[0].items(), true);
  return true;
}

bool fn_max_by(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!by_args("max_by", in, args[0], out)) return false;
  out = extreme(in, args[0].items(), false);
  return true;
}

bool fn_bsearch(NativeCtx&, const Value& in, const Value* args, Value& out) {
  if (!in.is_array()) return type_error(out, "bsearch", in);
  std::span<const Value> items = in.items();
  auto it = std::lower_bound(items.begin(), items.end(), args[0], less);
  auto i = static_cast<int64_t>(it - items.begin());
  out = Value::integer(it != items.end() && compare(*it, args[0]) == 0 ? i : -i - 1);
  return true;
}

}  // namespace riposte::stdlib
