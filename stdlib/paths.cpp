// Paths and entries: setpath, delpaths (gojq's semantics: every path is
// marked first and the marks are removed at the end, so that indices refer
// to the original array), to_entries, from_entries.
#include <algorithm>
#include <iterator>

#include "stdlib/native_util.h"

namespace riposte::stdlib {

namespace {

constexpr int64_t kMaxArrayIndex = 0x8000000;  // gojq's "array index too large" limit
// A slice in a path is updated by a nested call; deeper nesting than this is
// an error rather than a risk to the native stack (gojq has no such limit,
// and no real path nests slices this deep).
constexpr int kMaxSliceNesting = 1000;

// The placeholder delpaths writes at the paths to delete; recognised by the
// identity of its string cell, so no user value can be mistaken for it.
const Value& deletion_mark() {
  thread_local const Value mark = Value::string(std::string_view("\x01riposte: value deleted by delpaths, never visible\x01"));
  return mark;
}

bool is_mark(const Value& v) { return v.is_string() && v.str().data() == deletion_mark().str().data(); }

// gojq's clampIndex.
int64_t clamp_index(int64_t i, int64_t min, int64_t max) {
  if (i < 0) i += max;
  if (i < min) return min;
  return i < max ? i : max;
}

struct Updater {
  NativeCtx& ctx;
  const Value& replacement;  // the new value, or deletion_mark()
  bool deleting;
  Value& err;
  int slice_nesting = 0;  // slices recurse on the native stack

  bool fail_with(std::string msg) { return fail(err, std::move(msg)); }
  // A value in an error: its text ends at the first deletion mark, as
  // gojq's does (its encoder stops at the placeholder).
  static std::string shown(const Value& v) { return type_error_preview_until(v, is_mark); }

  // Sets (or marks) `path` inside v, in place where v is uniquely owned.
  // A loop, not a recursion, so that a 10,000-step path cannot exhaust the
  // native stack; only slices recurse (see kMaxSliceNesting).
  bool update(Value& root, std::span<const Value> path) {
    Value* v = &root;
    for (; !path.empty(); path = path.subspan(1)) {
      const Value& key = path[0];
      if (key.is_object()) {
        if (is_mark(*v)) return true;
        if (v->is_null()) *v = Value::array();
        if (!v->is_array()) return fail_with("expected an array but got: " + shown(*v));
        return update_slice(*v, key, path.subspan(1));
      }
      if (!key.is_string() && !key.is_number()) {
        if (v->is_array()) return fail_with("expected a number for indexing an array but got: " + type_error_preview(key));
        return fail_with("expected a string for object key but got: " + type_error_preview(key));
      }
      if (is_mark(*v)) return true;
      v = key.is_string() ? child_by_key(*v, key.str()) : child_by_index(*v, key);
      if (v == nullptr) return err.is_null();  // absent while deleting: nothing to do
    }
    *v = replacement;
    return true;
  }

  // The slot for `key` in object v (created as null), or nullptr: on an
  // error (err set) or when deleting a key that is absent.
  Value* child_by_key(Value& v, std::string_view key) {
    if (v.is_null()) v = Value::object();
    if (!v.is_object()) return fail_with("expected an object but got: " + shown(v)), nullptr;
    if (deleting && !v.find(key)) return nullptr;
    Object& entries = v.mutable_entries();
    auto it = entries.find(key);
    if (it == entries.end()) it = entries.emplace(std::string(key), Value()).first;
    return &it->second;
  }

  // The slot at index `key` of array v (grown with nulls), or nullptr as
  // child_by_key.
  Value* child_by_index(Value& v, const Value& key) {
    if (v.is_null()) v = Value::array();
    if (!v.is_array()) return fail_with("expected an array but got: " + shown(v)), nullptr;
    int64_t i = 0;
    to_int(key, i);
    auto len = static_cast<int64_t>(v.size());
    int64_t j = clamp_index(i, -1, len);
    if (j < 0) {
      if (deleting) return nullptr;
      return fail_with("setpath cannot be applied to: " + type_error_preview(Value::integer(i))), nullptr;
    }
    if (j < len) {
      i = j;
    } else {
      if (deleting) return nullptr;
      if (i >= kMaxArrayIndex) return fail_with("array index too large: " + preview(Value::integer(i))), nullptr;
      if (!charge(ctx, static_cast<size_t>(i + 1 - len) * sizeof(Value), err)) return nullptr;
    }
    Array& items = v.mutable_items();
    if (i >= len) items.resize(static_cast<size_t>(i) + 1);
    return &items[static_cast<size_t>(i)];
  }

  bool update_slice(Value& v, const Value& slice, std::span<const Value> rest) {
    if (slice_nesting >= kMaxSliceNesting) return fail_with("path has too many nested slices");
    ++slice_nesting;
    bool ok = update_slice_at(v, slice, rest);
    --slice_nesting;
    return ok;
  }

  bool update_slice_at(Value& v, const Value& slice, std::span<const Value> rest) {
    const Value* s = slice.find("start");
    const Value* e = slice.find("end");
    if (!s || !e) return fail_with("expected \"start\" and \"end\" for slicing but got: " + type_error_preview(slice));
    auto len = static_cast<int64_t>(v.size());
    int64_t start = 0, end = len, i = 0;
    if (to_int(*s, i)) start = clamp_index(i, 0, len);
    if (to_int(*e, i)) end = clamp_index(i, start, len);
    if (start == end && deleting) return true;
    std::span<const Value> items = v.items();
    Value part = Value::array(Array(items.begin() + start, items.begin() + end));
    if (!update(part, rest)) return false;
    Array& target = v.mutable_items();
    if (is_mark(part)) {
      for (int64_t k = start; k < end; ++k) target[static_cast<size_t>(k)] = part;
      return true;
    }
    if (!part.is_array()) return fail_with("expected an array but got: " + shown(part));
    // Move the items so that updated containers stay uniquely owned (see may_hold_mark).
    // Items overwrite the slice in place; only a difference in length
    // shifts the tail (so replacing one item at a time stays linear).
    Array& repl = part.mutable_items();
    auto k = static_cast<size_t>(end - start), m = repl.size(), common = std::min(k, m);
    auto at = target.begin() + start;
    std::move(repl.begin(), repl.begin() + static_cast<ptrdiff_t>(common), at);
    if (m < k) {
      target.erase(at + static_cast<ptrdiff_t>(m), target.begin() + end);
    } else if (m > k) {
      target.insert(at + static_cast<ptrdiff_t>(k), std::make_move_iterator(repl.begin() + static_cast<ptrdiff_t>(k)),
                    std::make_move_iterator(repl.end()));
    }
    return true;
  }
};

// Removes the marks (array items shift down, object keys disappear).
// Marking made every container it touched uniquely owned, so only uniquely
// owned containers are visited; an explicit stack keeps deep values off the
// native stack.
void remove_marks(Value& root) {
  std::vector<Value*> todo{&root};
  while (!todo.empty()) {
    Value& v = *todo.back();
    todo.pop_back();
    if (!v.unique()) continue;
    if (v.is_array()) {
      Array& items = v.mutable_items();
      std::erase_if(items, is_mark);
      for (Value& x : items) todo.push_back(&x);
    } else if (v.is_object()) {
      Object& entries = v.mutable_entries();
      std::erase_if(entries, [](const auto& entry) { return is_mark(entry.second); });
      for (auto& entry : entries) todo.push_back(&entry.second);
    }
  }
}

}  // namespace

bool fn_setpath(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  const Value& path = args[0];
  if (!path.is_array()) return type_error(out, "setpath", path);
  Value err;
  Updater up{ctx, args[1], false, err};
  Value v = take_input(ctx, in);
  if (!up.update(v, path.items())) {
    out = std::move(err);
    return false;
  }
  out = std::move(v);
  return true;
}

bool fn_delpaths(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  const Value& paths = args[0];
  if (!paths.is_array()) return type_error(out, "delpaths", paths);
  for (const Value& p : paths.items())
    if (!p.is_array()) return type_error(out, "delpaths", p);
  Value v = take_input(ctx, in);
  if (paths.size() == 0) {
    out = std::move(v);
    return true;
  }
  Value err;
  Updater up{ctx, deletion_mark(), true, err};
  for (const Value& p : paths.items()) {
    if (!up.update(v, p.items())) {
      out = std::move(err);
      return false;
    }
  }
  if (is_mark(v)) {
    out = Value();
    return true;
  }
  remove_marks(v);
  out = std::move(v);
  return true;
}

// _assign_paths($paths; $value): setpath for each of $paths in turn.
bool fn_assign_paths(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  const Value& paths = args[0];
  if (!paths.is_array()) return type_error(out, "_assign", paths);
  for (const Value& p : paths.items())
    if (!p.is_array()) return type_error(out, "setpath", p);
  Value v = take_input(ctx, in);
  Value err;
  Updater up{ctx, args[1], false, err};
  for (const Value& p : paths.items()) {
    if (!up.update(v, p.items())) {
      out = std::move(err);
      return false;
    }
  }
  out = std::move(v);
  return true;
}

// _modify_apply($path; $results): one step of `paths |= f` on the state
// [value, paths to delete]: the first result replaces the value at $path,
// no result queues $path for deletion.
bool fn_modify_apply(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  const Value &path = args[0], &results = args[1];
  if (!in.is_array() || in.size() != 2 || !path.is_array() || !results.is_array())
    return type_error(out, "_modify", in);
  Value state = take_input(ctx, in);
  Array& pair = state.mutable_items();
  if (results.size() == 0) {
    pair[1].mutable_items().push_back(path);
  } else {
    Value err;
    Updater up{ctx, results.at(0), false, err};
    if (!up.update(pair[0], path.items())) {
      out = std::move(err);
      return false;
    }
  }
  out = std::move(state);
  return true;
}

// _modify_one($path; $results): `path |= f` for a single path: the first
// result replaces the value there, no result deletes it.
bool fn_modify_one(NativeCtx& ctx, const Value& in, const Value* args, Value& out) {
  const Value &path = args[0], &results = args[1];
  if (!path.is_array() || !results.is_array()) return type_error(out, "_modify", in);
  if (results.size() == 0) {
    Value paths = Value::array(Array{path});
    return fn_delpaths(ctx, in, &paths, out);
  }
  Value v = take_input(ctx, in);
  Value err;
  Updater up{ctx, results.at(0), false, err};
  if (!up.update(v, path.items())) {
    out = std::move(err);
    return false;
  }
  out = std::move(v);
  return true;
}

// _modify_finish: the value of the state with the queued paths deleted.
bool fn_modify_finish(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  if (!in.is_array() || in.size() != 2) return type_error(out, "_modify", in);
  Value state = take_input(ctx, in);
  Array& pair = state.mutable_items();
  Value value = std::move(pair[0]), paths = std::move(pair[1]);
  NativeCtx inner = ctx;
  inner.owned_input = &value;
  return fn_delpaths(inner, value, &paths, out);
}

bool fn_to_entries(NativeCtx& ctx, const Value& in, const Value*, Value& out) {
  Array entries;
  if (!in.is_array() && !in.is_object()) return type_error(out, "to_entries", in);
  if (!charge(ctx, in.size() * 96, out)) return false;
  entries.reserve(in.size());
  auto entry = [](Value key, const Value& value) {
    Object o;
    o.emplace("key", std::move(key));
    o.emplace("value", value);
    return Value::object(std::move(o));
  };
  if (in.is_array()) {
    for (size_t i = 0; i < in.size(); ++i) entries.push_back(entry(Value::integer(static_cast<int64_t>(i)), in.at(i)));
  } else {
    for (const auto& [key, value] : in.entries()) entries.push_back(entry(Value::string(key), value));
  }
  out = Value::array(std::move(entries));
  return true;
}

bool fn_from_entries(NativeCtx&, const Value& in, const Value*, Value& out) {
  if (!in.is_array()) return type_error(out, "from_entries", in);
  Object result;
  for (const Value& e : in.items()) {
    if (!e.is_object()) return type_error(out, "from_entries", e);
    const Value* key = nullptr;
    for (const char* name : {"key", "Key", "name", "Name"}) {
      const Value* k = e.find(name);
      if (k && k->truthy()) {
        key = k;
        break;
      }
    }
    if (!key || !key->is_string())
      return fail(out, "expected a string for object key but got: " + type_error_preview(key ? *key : Value()));
    const Value* value = e.find("value");
    if (!value) value = e.find("Value");
    result.insert_or_assign(std::string(key->str()), value ? *value : Value());
  }
  out = Value::object(std::move(result));
  return true;
}

}  // namespace riposte::stdlib
