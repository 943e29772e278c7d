// The run-time side of native trigger code: the state of one evaluation
// (JitRun) and the extern "C" helpers listed in jit/runtime.def.  Generated
// code keeps every value in JitRun's slots and hands the helpers pointers
// to them, so values are released exactly as in C++ and the helpers apply
// the VM's own operators (value/ops.h, vm/access.h, stdlib natives): results
// and error messages are the VM's.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "vm/interp.h"
#include "vm/program.h"
#include "value/value.h"

namespace riposte::jit {

// One evaluation: budgets, the output callback, the error, the slots.
class JitRun final : public stdlib::VmContext {
 public:
  JitRun(const vm::Budgets& budgets, const std::function<bool(const Value&)>& emit, std::vector<Value>& slots);
  bool charge(size_t bytes) override;  // stdlib::NativeCtx::charge, as the VM's

  bool tick();          // one loop step: fuel, then memory (false: fatal set)
  bool check_memory();  // after an operation that may have built a large value
  void fail_budget(const char* what);  // "memory" or "fuel": fatal, as the VM words it
  vm::Program::Outcome outcome(int32_t status);

  const std::function<bool(const Value&)>& emit;
  std::vector<Value>& slots;
  Value error;        // the jq error of status 1
  bool fatal = false; // a budget ran out: no try catches it
  bool budget_hit = false;  // charge() refused: the next error is the budget's
  vm::Program::Status fatal_status = vm::Program::Status::BudgetExceeded;

 private:
  uint64_t used_bytes() const;
  vm::Budgets budgets_;
  uint64_t executed_ = 0;
  int64_t start_bytes_ = 0;
};

}  // namespace riposte::jit

extern "C" {
using riposte::Value;
using riposte::jit::JitRun;
int32_t rt_tick(JitRun* run);
int32_t rt_index(JitRun* run, const Value* t, const Value* key, Value* out);
int32_t rt_slice(JitRun* run, const Value* t, const Value* from, const Value* to, Value* out);
int32_t rt_iter_begin(JitRun* run, const Value* t, Value* list);
int32_t rt_iter_next(const Value* list, int64_t i, Value* out);
int32_t rt_binary(JitRun* run, int32_t op, const Value* l, const Value* r, Value* out);
int32_t rt_truthy(const Value* v);
void rt_copy(Value* dst, const Value* src);
void rt_array_new(Value* dst);
int32_t rt_append(JitRun* run, Value* array, const Value* v);
int32_t rt_native(JitRun* run, int32_t native, const Value* in, const Value* args, Value* out);
int32_t rt_object(JitRun* run, int32_t entries, const Value* kv, Value* out);
int32_t rt_raise(JitRun* run, const Value* v);
int32_t rt_catch(JitRun* run, Value* out);
int32_t rt_emit(JitRun* run, const Value* v);
}
