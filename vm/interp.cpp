// The interpreter loop: one case per instruction of vm/bytecode.def, plus
// calls, returns and backtracking.  Longer instructions live in
// interp_ops.cpp.
#include "vm/interp.h"

#include <fmt/format.h>
#include <unistd.h>

#include "stdlib/native_util.h"
#include "vm/access.h"
#include "value/ops.h"
#include "value/value_preview.h"

namespace riposte::vm {

namespace {
constexpr uint32_t kTick = 4096;  // instructions between budget checks
}  // namespace

namespace {
thread_local std::vector<std::unique_ptr<Interp::Scratch>> t_scratch;  // idle, on this thread
constexpr size_t kMaxIdleScratch = 4;
constexpr uint64_t kMaxIdleBytes = 1 << 20;  // a larger stack is freed, not kept
}  // namespace

uint64_t hard_memory_limit() {
  static const uint64_t limit = [] {
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    uint64_t total = pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : 0;
    return std::max<uint64_t>(total / 4 * 3, uint64_t{1} << 30);
  }();
  return limit;
}

std::unique_ptr<Interp::Scratch> Interp::acquire_scratch() {
  if (t_scratch.empty()) {
    auto s = std::make_unique<Scratch>();
    s->forks.reserve(64);
    return s;
  }
  std::unique_ptr<Scratch> s = std::move(t_scratch.back());
  t_scratch.pop_back();
  return s;
}

void Interp::recycle_scratch(std::unique_ptr<Scratch> s) {
  bool small = s->stack.bytes() + s->forks.capacity() * sizeof(Fork) <= kMaxIdleBytes;
  if (small && t_scratch.size() < kMaxIdleScratch) t_scratch.push_back(std::move(s));
}

Interp::Interp(const Code& code, const Budgets& budgets, const Host& host,
               const std::function<bool(const Value&)>& emit)
    : code_(code),
      budgets_(budgets),
      host_(host),
      emit_(emit),
      scratch_(acquire_scratch()),
      frames_(scratch_->frames),
      stack_(scratch_->stack),
      forks_(scratch_->forks) {
  if (budgets_.max_depth) max_depth_ = std::min(budgets_.max_depth, kHardDepth);
}

Interp::~Interp() {
  while (!forks_.empty()) pop_fork();
  frames_.release(cur_);
  stack_.clear();
  recycle_scratch(std::move(scratch_));
}

Program::Outcome Interp::run(const Value& input, const std::vector<Value>& globals) {
  start_bytes_ = mem::live_bytes();
  const Unit& main = code_.units[code_.main_unit];
  const Scope& scope = code_.scopes[main.scope];
  cur_ = frames_.make(scope.nslots, 0);
  for (uint32_t i = 0; i < code_.nglobals && i < globals.size(); ++i) cur_->slots()[i] = globals[i];
  stack_.push(input);
  tick_ = 1;  // budgets are checked before the first instruction
  loop(main.entry);
  if (!over_ && err_ != ErrKind::None) {
    outcome_.status = Program::Status::Error;
    outcome_.error = err_ == ErrKind::Break ? Value::string(std::string_view("break")) : err_value_;
  }
  return std::move(outcome_);
}

void Interp::fatal(Program::Status status, std::string msg) {
  over_ = true;
  outcome_.status = status;
  outcome_.error = Value::string(std::move(msg));
}

uint64_t Interp::used_bytes() const {
  int64_t values = mem::live_bytes() - start_bytes_;
  uint64_t own = stack_.bytes() + forks_.capacity() * sizeof(Fork) + frames_.live_bytes();
  return (values > 0 ? static_cast<uint64_t>(values) : 0) + own;
}

bool Interp::check_memory() {
  uint64_t used = used_bytes();
  if (budgets_.memory_bytes && used > budgets_.memory_bytes) {
    fatal(Program::Status::BudgetExceeded, fmt::format("memory budget of {} bytes exceeded", budgets_.memory_bytes));
    return false;
  }
  if (used > hard_memory_limit()) {
    fatal(Program::Status::Error, fmt::format("memory limit of {} bytes exceeded", hard_memory_limit()));
    return false;
  }
  return true;
}

bool Interp::charge(size_t bytes) {
  if (!budgets_.memory_bytes) return true;
  if (used_bytes() + bytes <= budgets_.memory_bytes) return true;
  budget_hit_ = true;
  return false;
}

// Every kTick instructions (and when the fuel left is smaller, exactly at
// its end).
bool Interp::slow_tick() {
  if (budgets_.fuel && executed_ >= budgets_.fuel) {
    fatal(Program::Status::BudgetExceeded, fmt::format("fuel budget of {} instructions exhausted", budgets_.fuel));
    return false;
  }
  if (!check_memory()) return false;
  tick_ = kTick;
  if (budgets_.fuel && budgets_.fuel - executed_ < kTick) tick_ = static_cast<uint32_t>(budgets_.fuel - executed_);
  return true;
}

// l op r pushed, or the operator's error raised.  Addition updates a
// uniquely owned l in place.
bool Interp::apply_binop(uint8_t op, Value l, const Value& r, uint32_t& pc) {
  auto bop = static_cast<ir::BinOp>(op);
  if (bop == ir::BinOp::Add && add_in_place(l, r)) {
    stack_.push(std::move(l));
    return check_size(pc);
  }
  // A repeated string is refused before it is built.
  if (bop == ir::BinOp::Mul && budgets_.memory_bytes && !charge(repeat_result_bytes(l, r))) {
    fatal(Program::Status::BudgetExceeded, fmt::format("memory budget of {} bytes exceeded", budgets_.memory_bytes));
    return false;
  }
  Value out;
  if (!binary_op(bop, l, r, out)) return raise(std::move(out), pc);
  l = Value();
  stack_.push(std::move(out));
  return check_size(pc);
}

// After an operation that may have built a large value.
bool Interp::check_size(uint32_t& pc) {
  (void)pc;
  return !budgets_.memory_bytes || check_memory();
}

void Interp::loop(uint32_t pc) {
  const Insn* code = code_.insns.data();
  const Value* consts = code_.consts.data();
  Value out;
  for (;;) {
    if (--tick_ == 0 && !slow_tick()) return;
    ++executed_;
    const Insn& in = code[pc++];
    switch (in.op) {
      case Op::NOP:
      case Op::ARG:
        break;
      case Op::POP:
        stack_.drop();
        break;
      case Op::DUP:
        stack_.push(stack_.top());
        break;
      case Op::PICK:
        stack_.push(stack_.below(in.b));
        break;
      case Op::NIP: {
        Value v = stack_.pop();
        stack_.drop();
        stack_.push(std::move(v));
        break;
      }
      case Op::PUSHK:
        stack_.push(consts[in.c]);
        break;
      case Op::CONST:
        stack_.replace_top(Value(consts[in.c]));
        break;
      case Op::LOAD:
        stack_.push(slot(in.a, in.b));
        break;
      case Op::LOADR:
        stack_.replace_top(Value(slot(in.a, in.b)));
        break;
      case Op::LOADM:
        stack_.push(std::move(slot(in.a, in.b)));
        slot(in.a, in.b) = Value();
        break;
      case Op::LOADMA: {
        Value& v = slot(in.a, in.b);
        if (alt_forks_ > static_cast<uint64_t>(slot(in.a, static_cast<uint16_t>(in.c)).as_int())) {
          stack_.push(v);
        } else {
          stack_.push(std::move(v));
          v = Value();
        }
        break;
      }
      case Op::ALTMARK:
        slot(in.a, in.b) = Value::integer(static_cast<int64_t>(alt_forks_));
        break;
      case Op::REPLM:
        stack_.replace_top(std::move(slot(in.a, in.b)));
        slot(in.a, in.b) = Value();
        break;
      case Op::STORE:
        slot(in.a, in.b) = stack_.pop();
        break;
      case Op::STOREK:
        slot(in.a, in.b) = consts[in.c];
        break;
      case Op::NEWARR:
        slot(in.a, in.b) = Value::array();
        break;
      case Op::APPEND: {
        Value v = stack_.pop();
        slot(in.a, in.b).mutable_items().push_back(std::move(v));
        break;
      }
      case Op::JUMP:
        pc = in.c;
        break;
      case Op::JUMPF:
        if (!stack_.pop().truthy()) pc = in.c;
        break;
      case Op::JUMPT:
        if (stack_.pop().truthy()) pc = in.c;
        break;
      case Op::TOBOOL:
        stack_.push(Value::boolean(stack_.pop().truthy()));
        break;
      case Op::BTFALSY:
        if (!stack_.top().truthy() && !backtrack(pc)) return;
        break;
      case Op::BTNOT:
        if (!stack_.pop().truthy() && !backtrack(pc)) return;
        break;
      case Op::BTIF:
        if (slot(in.a, in.b).truthy() && !backtrack(pc)) return;
        break;
      case Op::FORK:
        push_fork(ForkKind::Plain, in.c);
        break;
      case Op::FORKALT:
        push_fork(ForkKind::Alt, in.c);
        ++alt_forks_;
        break;
      case Op::TRYBEGIN:
        push_fork(ForkKind::TryBegin, in.c);
        forks_.back().width = in.a;
        break;
      case Op::TRYEND:
        push_fork(ForkKind::TryEnd, 0);
        break;
      case Op::LABEL:
        slot(in.a, in.b) = Value::integer(static_cast<int64_t>(++next_label_));
        push_fork(ForkKind::Label, 0);
        forks_.back().label = next_label_;
        break;
      case Op::BREAK:
        err_ = ErrKind::Break;
        err_label_ = static_cast<uint64_t>(slot(in.a, in.b).as_int());
        err_wrap_ = 0;
        if (!backtrack(pc)) return;
        break;
      case Op::BACKTRACK:
        if (!backtrack(pc)) return;
        break;
      case Op::ERROR:
        if (!raise(stack_.pop(), pc)) return;
        break;
      case Op::BINOP: {
        Value l = stack_.pop();
        Value r = stack_.pop();
        stack_.drop();
        if (!apply_binop(in.a, std::move(l), r, pc)) return;
        break;
      }
      case Op::BINOPI: {
        Value r = stack_.pop();
        Value l = stack_.pop();
        if (!apply_binop(in.a, std::move(l), r, pc)) return;
        break;
      }
      case Op::BINOPK: {
        Value l = stack_.pop();
        if (!apply_binop(in.a, std::move(l), consts[in.c], pc)) return;
        break;
      }
      case Op::INDEX: {
        Value t = stack_.pop();
        Value k = stack_.pop();
        stack_.drop();
        if (!index_value(t, k, out)) {
          if (!raise(std::move(out), pc)) return;
          break;
        }
        stack_.push(std::move(out));
        break;
      }
      case Op::INDEXK: {
        const Value& t = stack_.top();
        const Value& k = consts[in.c];
        if (t.is_object() && k.is_string()) {  // the common case: .name
          const Value* v = t.find(k.str());
          stack_.replace_top(v ? Value(*v) : Value());
          break;
        }
        if (!index_value(t, k, out)) {
          stack_.drop();
          if (!raise(std::move(out), pc)) return;
          break;
        }
        stack_.replace_top(std::move(out));
        break;
      }
      case Op::IDXARR: {
        Value t = stack_.pop();
        if (!t.is_null() && !t.is_array()) {
          if (!raise_message("expected an array but got: " + type_error_preview(t), pc)) return;
          break;
        }
        stack_.push(t.is_array() && in.c < t.size() ? t.at(in.c) : Value());
        break;
      }
      case Op::IDXKEY: {
        Value t = stack_.pop();
        Value k = stack_.pop();
        if (!index_value(t, k, out)) {
          if (!raise(std::move(out), pc)) return;
          break;
        }
        stack_.push(std::move(out));
        break;
      }
      case Op::SLICE: {
        Value t = stack_.pop();
        Value to = stack_.pop();
        Value from = stack_.pop();
        stack_.drop();
        if (!slice_value(t, from, to, out)) {
          if (!raise(std::move(out), pc)) return;
          break;
        }
        stack_.push(std::move(out));
        break;
      }
      case Op::EACH:
      case Op::EACH_P:
        if (!op_each(in.op == Op::EACH_P, pc)) return;
        break;
      case Op::OBJECT:
        if (!op_object(in.b, pc)) return;
        break;
      case Op::NATIVE:
        if (!op_native(in, pc)) return;
        break;
      case Op::RANGE:
        if (!op_range(in.a, pc)) return;
        break;
      case Op::GETPATH: {
        Value p = stack_.pop();
        Value x = stack_.pop();
        if (!getpath_value(x, p, out)) {
          if (!raise(std::move(out), pc)) return;
          break;
        }
        stack_.push(std::move(out));
        break;
      }
      case Op::INPUT:
        if (!op_input(pc)) return;
        break;
      case Op::DEBUG:
        if (host_.debug) host_.debug(stack_.top());
        break;
      case Op::DEBUGMSG: {
        Value m = stack_.pop();
        if (host_.debug) host_.debug(m);
        break;
      }
      case Op::STDERR:
        if (host_.stderr_) host_.stderr_(stack_.top());
        break;
      case Op::LINENO:
        stack_.drop();
        stack_.push(Value::integer(host_.input_line_number ? host_.input_line_number() : 0));
        break;
      case Op::FILENAME: {
        stack_.drop();
        std::string name = host_.input_filename ? host_.input_filename() : std::string();
        stack_.push(name.empty() ? Value() : Value::string(std::move(name)));
        break;
      }
      case Op::HALT:
        over_ = true;
        outcome_.status = Program::Status::Halt;
        outcome_.halt_code = 0;
        return;
      case Op::HALTERR:
        if (!op_halt_error(pc)) return;
        break;
      case Op::CALL:
      case Op::TCALL:
        if (!call(in, pc, in.op == Op::TCALL)) return;
        break;
      case Op::CALLCL:
      case Op::TCALLCL:
        if (!call_closure(in, pc, in.op == Op::TCALLCL)) return;
        break;
      case Op::RET:
        ret(pc);
        break;
      case Op::OUTPUT: {
        Value v = stack_.pop();
        if (!emit_(v)) {
          over_ = true;
          return;
        }
        if (!backtrack(pc)) return;
        break;
      }
      case Op::PATHBEGIN: {
        Value x = stack_.pop();
        stack_.push(Value::array());
        stack_.push(std::move(x));
        break;
      }
      case Op::PATHEND: {
        Value v = stack_.pop();
        if (stack_.top().is_null()) {
          if (!raise_message("invalid path against: " + type_error_preview(v), pc)) return;
        }
        break;
      }
      case Op::PATHCHK: {
        Value w = stack_.pop();
        Value x = stack_.pop();
        if (!stack_.top().is_null() && !same_value(w, x)) {
          stack_.drop();
          stack_.push(Value());
        }
        stack_.push(std::move(w));
        break;
      }
      case Op::INDEXK_P: {
        Value t = stack_.pop();
        Value tp = stack_.pop();
        if (!op_index_path(consts[in.c], std::move(t), std::move(tp), pc)) return;
        break;
      }
      case Op::INDEX_P: {
        Value t = stack_.pop();
        Value tp = stack_.pop();
        Value k = stack_.pop();
        stack_.drop();
        stack_.drop();
        if (!op_index_path(k, std::move(t), std::move(tp), pc)) return;
        break;
      }
      case Op::SLICE_P: {
        Value t = stack_.pop();
        Value tp = stack_.pop();
        Value to = stack_.pop();
        Value from = stack_.pop();
        stack_.drop();
        stack_.drop();
        if (!op_index_path(slice_key(from, to), std::move(t), std::move(tp), pc)) return;
        break;
      }
      case Op::GETPATH_P: {
        Value q = stack_.pop();
        Value x = stack_.pop();
        Value p = stack_.pop();
        if (!getpath_value(x, q, out)) {
          if (!raise(std::move(out), pc)) return;
          break;
        }
        if (p.is_null()) {
          if (!raise_message("invalid path against: " + type_error_preview(x), pc)) return;
          break;
        }
        Array& items = p.mutable_items();
        for (const Value& k : q.items()) items.push_back(k);
        stack_.push(std::move(p));
        stack_.push(std::move(out));
        break;
      }
    }
  }
}

}  // namespace riposte::vm
