// The backtracking interpreter: one Interp per evaluation.
//
// Limits.  Budgets (vm/program.h) end a run with Status::BudgetExceeded and
// a message: fuel counts executed instructions; memory compares the growth
// of mem::live_bytes() since the run started, plus the interpreter's own
// stacks and frames, with the budget (checked every few thousand
// instructions, after natives and operators, and when a native asks
// through stdlib::NativeCtx::charge); max_depth bounds nested (non-tail) calls.
// Without budgets a run still cannot crash the process through jq
// recursion: nested calls stop at kHardDepth and the memory an evaluation
// adds at hard_memory_limit(), with a (non-catchable) error, where gojq
// would grow until the machine runs out of memory.  `def f: f; f` is a tail call: it
// loops in constant space, as in gojq, until the fuel budget ends it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "vm/bytecode.h"
#include "vm/interp_state.h"
#include "vm/program.h"

namespace riposte::vm {

inline constexpr uint32_t kHardDepth = 1'000'000;
// Three quarters of the machine's memory (at least 1 GiB).
uint64_t hard_memory_limit();

class Interp final : public stdlib::VmContext {
 public:
  // The stacks, reused from run to run on a thread (a trigger evaluation
  // must not pay for allocating them).
  struct Scratch {
    FramePool frames;
    ValueStack stack;
    std::vector<Fork> forks;
  };

  Interp(const Code& code, const Budgets& budgets, const Host& host,
         const std::function<bool(const Value&)>& emit);
  ~Interp() override;
  Program::Outcome run(const Value& input, const std::vector<Value>& globals);
  bool charge(size_t bytes) override;

 private:
  enum class ErrKind : uint8_t { None, Error, Break };

  void loop(uint32_t pc);
  // Resumes the newest fork point; false when the run is over.
  bool backtrack(uint32_t& pc);
  bool raise(Value err, uint32_t& pc);
  bool raise_message(std::string msg, uint32_t& pc) { return raise(Value::string(std::move(msg)), pc); }
  void fatal(Program::Status status, std::string msg);
  bool slow_tick();  // fuel and memory; false when a budget ran out
  bool check_memory();
  uint64_t used_bytes() const;

  void push_fork(ForkKind kind, uint32_t pc);
  void pop_fork();
  void resume(Fork& f, bool keep);

  Value& slot(uint8_t hops, uint16_t s) {
    Frame* f = cur_;
    for (uint8_t i = 0; i < hops; ++i) f = f->link;
    return f->slots()[s];
  }
  Frame* up(uint8_t hops) {
    Frame* f = cur_;
    for (uint8_t i = 0; i < hops; ++i) f = f->link;
    return f;
  }
  bool apply_binop(uint8_t op, Value l, const Value& r, uint32_t& pc);
  bool check_size(uint32_t& pc);
  bool call(const Insn& in, uint32_t& pc, bool tail);
  bool call_closure(const Insn& in, uint32_t& pc, bool tail);
  bool enter(Frame* f, uint32_t entry, uint32_t ret_pc, bool tail, uint32_t& pc);
  void ret(uint32_t& pc);

  // interp_ops.cpp: the instructions with more than a few lines.
  bool op_each(bool path, uint32_t& pc);
  void next_each(Fork& f, bool path);
  bool op_range(uint8_t nargs, uint32_t& pc);
  void next_range(Fork& f);
  bool op_object(uint32_t n, uint32_t& pc);
  bool op_native(const Insn& in, uint32_t& pc);
  bool op_index_path(const Value& key, Value t, Value tp, uint32_t& pc);
  bool op_input(uint32_t& pc);
  bool op_halt_error(uint32_t& pc);
  void catch_error(Fork& f);

  const Code& code_;
  const Budgets budgets_;
  const Host& host_;
  const std::function<bool(const Value&)>& emit_;

  static std::unique_ptr<Scratch> acquire_scratch();
  static void recycle_scratch(std::unique_ptr<Scratch> s);

  std::unique_ptr<Scratch> scratch_;
  FramePool& frames_;
  ValueStack& stack_;
  std::vector<Fork>& forks_;
  Frame* cur_ = nullptr;

  ErrKind err_ = ErrKind::None;
  Value err_value_;
  uint64_t err_label_ = 0;
  uint32_t err_wrap_ = 0;  // TRYEND fork points the error passed (gojq's tryEndError)
  uint64_t alt_forks_ = 0;  // live ?// fork points (see LOADMA)

  bool over_ = false;  // halted, stopped by emit, or a budget ran out
  Program::Outcome outcome_;
  uint64_t next_label_ = 0;
  uint64_t executed_ = 0;
  uint32_t tick_ = 0;
  int64_t start_bytes_ = 0;
  uint32_t max_depth_ = kHardDepth;
  bool budget_hit_ = false;
  std::vector<Value> args_;  // scratch for native arguments
};

}  // namespace riposte::vm
