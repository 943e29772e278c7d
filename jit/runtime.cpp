// The helpers of jit/runtime.def: each applies the VM's own operation to
// values in slots, so outputs and error messages match the VM.
#include "jit/runtime.h"

#include <fmt/format.h>

#include "stdlib/natives.h"
#include "vm/access.h"
#include "value/ops.h"
#include "value/value_preview.h"

namespace riposte::jit {

JitRun::JitRun(const vm::Budgets& budgets, const std::function<bool(const Value&)>& emit_fn, std::vector<Value>& s)
    : emit(emit_fn), slots(s), budgets_(budgets), start_bytes_(mem::live_bytes()) {}

uint64_t JitRun::used_bytes() const {
  int64_t values = mem::live_bytes() - start_bytes_;
  return (values > 0 ? static_cast<uint64_t>(values) : 0) + slots.size() * sizeof(Value);
}

void JitRun::fail_budget(const char* what) {
  fatal = true;
  fatal_status = vm::Program::Status::BudgetExceeded;
  if (std::string_view(what) == "fuel") {
    error = Value::string(fmt::format("fuel budget of {} instructions exhausted", budgets_.fuel));
  } else {
    error = Value::string(fmt::format("memory budget of {} bytes exceeded", budgets_.memory_bytes));
  }
}

bool JitRun::check_memory() {
  uint64_t used = used_bytes();
  if (budgets_.memory_bytes && used > budgets_.memory_bytes) {
    fail_budget("memory");
    return false;
  }
  if (used > vm::hard_memory_limit()) {
    fatal = true;
    fatal_status = vm::Program::Status::Error;
    error = Value::string(fmt::format("memory limit of {} bytes exceeded", vm::hard_memory_limit()));
    return false;
  }
  return true;
}

bool JitRun::tick() {
  if (budgets_.fuel && ++executed_ > budgets_.fuel) {
    fail_budget("fuel");
    return false;
  }
  return check_memory();
}

bool JitRun::charge(size_t bytes) {
  if (!budgets_.memory_bytes || used_bytes() + bytes <= budgets_.memory_bytes) return true;
  budget_hit = true;
  return false;
}

vm::Program::Outcome JitRun::outcome(int32_t status) {
  vm::Program::Outcome r;
  if (status == 0) return r;
  r.status = fatal ? fatal_status : vm::Program::Status::Error;
  r.error = std::move(error);
  return r;
}

}  // namespace riposte::jit

namespace {

using riposte::jit::JitRun;

// 1 with the error value kept for a try or the caller; error(null)
// behaves as empty (gojq 0.12.11): 3, no output and no error.  After a
// refused charge the error is the memory budget's (2), as in the VM.
int32_t fail(JitRun* run, Value&& err) {
  if (run->budget_hit) {
    run->fail_budget("memory");
    return 2;
  }
  if (err.is_null()) return 3;
  run->error = std::move(err);
  return 1;
}

// After an operation that may have built a large value (as the VM checks).
int32_t settle(JitRun* run) { return run->check_memory() ? 0 : 2; }

}  // namespace

extern "C" {

int32_t rt_tick(JitRun* run) { return run->tick() ? 0 : 2; }

int32_t rt_index(JitRun* run, const Value* t, const Value* key, Value* out) {
  Value v;
  if (!riposte::vm::index_value(*t, *key, v)) return fail(run, std::move(v));
  *out = std::move(v);
  return 0;
}

int32_t rt_slice(JitRun* run, const Value* t, const Value* from, const Value* to, Value* out) {
  Value v;
  if (!riposte::vm::slice_value(*t, *from, *to, v)) return fail(run, std::move(v));
  *out = std::move(v);
  return 0;
}

int32_t rt_iter_begin(JitRun* run, const Value* t, Value* list) {
  if (t->is_array()) {
    *list = *t;
    return 0;
  }
  if (!t->is_object()) return fail(run, Value::string("cannot iterate over: " + riposte::type_error_preview(*t)));
  riposte::Array values;
  values.reserve(t->size());
  for (const auto& [key, value] : t->entries()) values.push_back(value);
  *list = Value::array(std::move(values));
  return 0;
}

int32_t rt_iter_next(const Value* list, int64_t i, Value* out) {
  if (static_cast<size_t>(i) >= list->size()) return 0;
  *out = list->at(static_cast<size_t>(i));
  return 1;
}

int32_t rt_binary(JitRun* run, int32_t op, const Value* l, const Value* r, Value* out) {
  auto bop = static_cast<riposte::ir::BinOp>(op);
  if (bop == riposte::ir::BinOp::Mul && !run->charge(riposte::repeat_result_bytes(*l, *r))) {
    run->fail_budget("memory");
    return 2;
  }
  Value v;
  if (!riposte::binary_op(bop, *l, *r, v)) return fail(run, std::move(v));
  *out = std::move(v);
  return settle(run);
}

int32_t rt_truthy(const Value* v) { return v->truthy() ? 1 : 0; }

void rt_copy(Value* dst, const Value* src) {
  if (dst != src) *dst = *src;
}

void rt_array_new(Value* dst) { *dst = Value::array(); }

int32_t rt_append(JitRun* run, Value* array, const Value* v) {
  array->mutable_items().push_back(*v);
  return settle(run);
}

namespace {
bool charge_native(riposte::stdlib::NativeCtx& ctx, size_t bytes) { return static_cast<JitRun*>(ctx.vm)->charge(bytes); }
}  // namespace

int32_t rt_native(JitRun* run, int32_t native, const Value* in, const Value* args, Value* out) {
  const riposte::stdlib::NativeInfo& info = riposte::stdlib::all_natives()[static_cast<size_t>(native)];
  riposte::stdlib::NativeCtx ctx;
  ctx.vm = run;
  ctx.charge = charge_native;
  Value v;
  if (!info.fn(ctx, *in, args, v)) return fail(run, std::move(v));
  *out = std::move(v);
  return settle(run);
}

int32_t rt_object(JitRun* run, int32_t entries, const Value* kv, Value* out) {
  riposte::Object o;
  for (int32_t i = 0; i < entries; ++i) {
    const Value& k = kv[2 * i];
    if (!k.is_string()) {
      return fail(run, Value::string("expected a string for object key but got: " + riposte::type_error_preview(k)));
    }
    o.insert_or_assign(std::string(k.str()), kv[2 * i + 1]);
  }
  *out = Value::object(std::move(o));
  return settle(run);
}

int32_t rt_raise(JitRun* run, const Value* v) { return fail(run, Value(*v)); }

int32_t rt_catch(JitRun* run, Value* out) {
  if (run->fatal) return 1;
  *out = std::move(run->error);
  run->error = Value();
  return 0;
}

int32_t rt_emit(JitRun* run, const Value* v) { return run->emit(*v) ? 1 : 0; }

}  // extern "C"
