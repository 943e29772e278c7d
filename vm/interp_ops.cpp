// The instructions of the interpreter that take more than a few lines:
// iteration, range, object construction, natives, path indexing, input
// and halt_error.
#include <fmt/format.h>

#include "stdlib/native_util.h"
#include "vm/access.h"
#include "vm/interp.h"
#include "value/ops.h"
#include "value/value_preview.h"

namespace riposte::vm {

// .[]: the first element now; a fork point yields the others.
bool Interp::op_each(bool path, uint32_t& pc) {
  Value t = stack_.pop();
  Value tp = path ? stack_.pop() : Value();
  bool iterable = t.is_array() || t.is_object();
  if (!iterable) return raise_message("cannot iterate over: " + type_error_preview(t), pc);
  if (path && tp.is_null()) return raise_message("invalid path on iterating against: " + type_error_preview(t), pc);
  if (t.size() == 0) return backtrack(pc);
  push_fork(path ? ForkKind::EachPath : ForkKind::Each, pc);
  Fork& f = forks_.back();
  f.a = std::move(t);
  f.b = std::move(tp);
  f.index = 0;
  if (f.a.is_object()) f.it = f.a.entries().begin();
  next_each(f, path);
  return true;
}

// Pushes the next element (with its path) and drops the fork point after
// the last one.
void Interp::next_each(Fork& f, bool path) {
  Value elem, key;
  bool more;
  if (f.a.is_array()) {
    size_t i = f.index++;
    elem = f.a.at(i);
    if (path) key = Value::integer(static_cast<int64_t>(i));
    more = f.index < f.a.size();
  } else {
    auto it = f.it++;
    elem = it->second;
    if (path) key = Value::string(it->first);
    more = f.it != f.a.entries().end();
  }
  Value p;
  if (more) {
    if (path) p = f.b;
    resume(f, true);
  } else {
    if (path) p = std::move(f.b);
    resume(f, false);
    forks_.pop_back();
  }
  if (path) {
    p.mutable_items().push_back(std::move(key));
    stack_.push(std::move(p));
  }
  stack_.push(std::move(elem));
}

// range(from; upto; by) as gojq: from, from+by, ... while
// sign(by) * compare(value, upto) < 0.
bool Interp::op_range(uint8_t nargs, uint32_t& pc) {
  Value by = nargs == 3 ? stack_.pop() : Value::integer(1);
  Value upto = stack_.pop();
  Value from = stack_.pop();
  stack_.drop();
  for (const Value* v : {&from, &upto, &by}) {
    if (!v->is_number()) return raise_message("range cannot be applied to: " + type_error_preview(*v), pc);
  }
  int dir = compare(by, Value::integer(0));
  if (dir * compare(from, upto) >= 0) return backtrack(pc);
  push_fork(ForkKind::Range, pc);
  Fork& f = forks_.back();
  f.a = std::move(from);
  f.b = std::move(upto);
  f.c = std::move(by);
  next_range(f);
  return true;
}

void Interp::next_range(Fork& f) {
  Value v = f.a;
  bool more;
  int64_t sum;
  if (v.is_int() && f.c.is_int() && f.b.is_int() && !__builtin_add_overflow(v.as_int(), f.c.as_int(), &sum)) {
    f.a = Value::integer(sum);  // the common case: integers all along
    more = f.c.as_int() > 0 ? sum < f.b.as_int() : sum > f.b.as_int();
  } else {
    Value next;
    binary_op(ir::BinOp::Add, v, f.c, next);
    f.a = std::move(next);
    more = compare(f.c, Value::integer(0)) * compare(f.a, f.b) < 0;
  }
  if (more) {
    resume(f, true);
  } else {
    resume(f, false);
    forks_.pop_back();
  }
  stack_.push(std::move(v));
}

// [x k1 v1 .. kn vn] -> {k1: v1, ..}; a later duplicate key wins.
bool Interp::op_object(uint32_t n, uint32_t& pc) {
  args_.resize(2 * n);
  for (uint32_t i = 2 * n; i-- > 0;) args_[i] = stack_.pop();
  stack_.drop();
  Object o;
  for (uint32_t i = 0; i < n; ++i) {
    Value& k = args_[2 * i];
    if (!k.is_string()) {
      std::string msg = "expected a string for object key but got: " + type_error_preview(k);
      args_.clear();
      return raise_message(std::move(msg), pc);
    }
    o.insert_or_assign(std::string(k.str()), std::move(args_[2 * i + 1]));
  }
  args_.clear();
  stack_.push(Value::object(std::move(o)));
  return true;
}

namespace {
bool charge_native(stdlib::NativeCtx& ctx, size_t bytes) { return static_cast<stdlib::VmContext*>(ctx.vm)->charge(bytes); }
}  // namespace

// [x a1 .. an] -> [native(x; a1; ..; an)].  The native may take the input
// over (owned_input) and update it in place.
bool Interp::op_native(const Insn& in, uint32_t& pc) {
  const stdlib::NativeInfo* info = code_.natives[in.c];
  uint8_t n = in.a;
  Value argv[kMaxNativeArgs];
  if (in.b) {  // pushed last argument first
    for (uint8_t i = 0; i < n; ++i) argv[i] = stack_.pop();
  } else {
    for (uint8_t i = n; i-- > 0;) argv[i] = stack_.pop();
  }
  Value x = stack_.pop();
  stdlib::NativeCtx ctx;
  ctx.vm = this;
  ctx.charge = charge_native;
  ctx.owned_input = &x;
  Value out;
  bool ok = info->fn(ctx, x, argv, out);
  if (!ok) return raise(std::move(out), pc);
  if (budgets_.memory_bytes && !check_memory()) return false;
  stack_.push(std::move(out));
  return true;
}

// Indexing in path mode: the value first (its errors win), then the path.
bool Interp::op_index_path(const Value& key, Value t, Value tp, uint32_t& pc) {
  Value out;
  if (!index_value(t, key, out)) return raise(std::move(out), pc);
  if (tp.is_null()) return raise_message("invalid path against: " + type_error_preview(t), pc);
  tp.mutable_items().push_back(key);
  stack_.push(std::move(tp));
  stack_.push(std::move(out));
  return true;
}

bool Interp::op_input(uint32_t& pc) {
  stack_.drop();
  Value v;
  std::string err;
  if (host_.next_input && host_.next_input(v, err)) {
    stack_.push(std::move(v));
    return true;
  }
  // gojq's error at the end of the inputs is "break" (jq says "No more inputs").
  return raise_message(err.empty() ? "break" : err, pc);
}

// [v code] -> the run ends; the host prints v.
bool Interp::op_halt_error(uint32_t& pc) {
  Value code = stack_.pop();
  Value v = stack_.pop();
  if (!code.is_number()) return raise_message("halt_error/1: number required", pc);
  int64_t c = 0;
  stdlib::to_int(code, c);
  over_ = true;
  outcome_.status = Program::Status::Halt;
  outcome_.halt_code = static_cast<int>(c);
  outcome_.halt_value = std::move(v);
  outcome_.halt_error = true;
  return false;
}

}  // namespace riposte::vm
