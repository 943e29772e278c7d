// Control in the interpreter: fork points and backtracking (with try,
// ?//, label and iteration semantics), errors, calls, tail calls and
// returns.
#include <fmt/format.h>

#include "vm/interp.h"

namespace riposte::vm {

void Interp::push_fork(ForkKind kind, uint32_t pc) {
  Fork& f = forks_.emplace_back();
  f.kind = kind;
  f.pc = pc;
  f.mark = stack_.save();
  f.frame = FramePool::retain(cur_);
}

void Interp::pop_fork() {
  if (forks_.back().kind == ForkKind::Alt) --alt_forks_;
  frames_.release(forks_.back().frame);
  forks_.pop_back();
}

// Back to fork point f: its stack and frame.  With `keep` the fork point
// stays (an iteration with more to come) and keeps protecting its cells.
void Interp::resume(Fork& f, bool keep) {
  stack_.restore(f.mark);
  Frame* old = cur_;
  if (keep) {
    f.mark = stack_.save();
    cur_ = FramePool::retain(f.frame);
  } else {
    cur_ = f.frame;
    f.frame = nullptr;
  }
  frames_.release(old);
}

bool Interp::raise(Value err, uint32_t& pc) {
  if (budget_hit_) {
    fatal(Program::Status::BudgetExceeded, fmt::format("memory budget of {} bytes exceeded", budgets_.memory_bytes));
    return false;
  }
  if (err.is_null()) return backtrack(pc);  // error(null) behaves as empty (gojq 0.12.11)
  err_ = ErrKind::Error;
  err_value_ = std::move(err);
  err_wrap_ = 0;
  return backtrack(pc);
}

void Interp::catch_error(Fork& f) {
  Value e = std::move(err_value_);
  err_ = ErrKind::None;
  err_value_ = Value();
  resume(f, false);
  for (uint8_t i = 0; i < f.width; ++i) stack_.drop();
  if (f.width == 2) stack_.push(Value());  // the handler's input is no path
  stack_.push(std::move(e));
}

bool Interp::backtrack(uint32_t& pc) {
  while (!over_ && !forks_.empty()) {
    Fork& f = forks_.back();
    bool error = err_ != ErrKind::None;
    switch (f.kind) {
      case ForkKind::Plain:
        if (error) break;
        pc = f.pc;
        resume(f, false);
        forks_.pop_back();
        return true;
      case ForkKind::Alt:
        // An error or a break (gojq raises breaks as errors) in an
        // alternative or in the body moves on to the next alternative.
        if (!error) break;
        err_ = ErrKind::None;
        err_value_ = Value();
        pc = f.pc;
        resume(f, false);
        forks_.pop_back();
        --alt_forks_;
        return true;
      case ForkKind::TryBegin:
        if (!error) break;
        if (err_wrap_ > 0) {  // raised after the body: passes this try
          --err_wrap_;
          break;
        }
        if (err_ == ErrKind::Break) break;
        pc = f.pc;
        catch_error(f);
        forks_.pop_back();
        return true;
      case ForkKind::TryEnd:
        if (error) ++err_wrap_;
        break;
      case ForkKind::Label:
        if (err_ == ErrKind::Break && err_wrap_ == 0 && err_label_ == f.label) {
          err_ = ErrKind::None;
        }
        break;
      case ForkKind::Each:
      case ForkKind::EachPath:
        if (error) break;
        pc = f.pc;
        next_each(f, f.kind == ForkKind::EachPath);
        return true;
      case ForkKind::Range:
        if (error) break;
        pc = f.pc;
        next_range(f);
        return true;
    }
    pop_fork();
  }
  return false;
}

// Frame f (already linked) becomes current; it returns to ret_pc in the
// current frame, or, for a tail call, wherever the current frame returns.
bool Interp::enter(Frame* f, uint32_t entry, uint32_t ret_pc, bool tail, uint32_t& pc) {
  if (tail) {
    f->ret = FramePool::retain(cur_->ret);
    f->ret_pc = cur_->ret_pc;
    f->depth = cur_->depth;
    frames_.release(cur_);
  } else {
    f->ret = cur_;  // our reference moves into the callee
    f->ret_pc = ret_pc;
    f->depth = cur_->depth + 1;
    if (f->depth > max_depth_) {
      cur_ = f;
      if (budgets_.max_depth && f->depth > budgets_.max_depth) {
        fatal(Program::Status::BudgetExceeded, fmt::format("depth budget of {} frames exceeded", budgets_.max_depth));
      } else {
        fatal(Program::Status::Error, fmt::format("call depth limit of {} frames exceeded", kHardDepth));
      }
      return false;
    }
  }
  cur_ = f;
  pc = entry;
  return true;
}

bool Interp::call(const Insn& in, uint32_t& pc, bool tail) {
  const Unit& unit = code_.units[in.c];
  const Scope& scope = code_.scopes[unit.scope];
  Frame* f = frames_.make(scope.nslots, scope.nparams);
  f->link = FramePool::retain(up(in.a));
  const Insn* args = &code_.insns[pc];
  for (uint32_t i = 0; i < in.b && i < scope.nparams; ++i) {
    Closure& c = f->closures()[i];
    if (args[i].a == 0) {
      c.lambda = args[i].c;
      c.env = FramePool::retain(cur_);
    } else {
      const Closure& outer = up(args[i].b)->closures()[args[i].c];
      c.lambda = outer.lambda;
      c.env = FramePool::retain(outer.env);
    }
  }
  return enter(f, unit.entry, pc + in.b, tail, pc);
}

bool Interp::call_closure(const Insn& in, uint32_t& pc, bool tail) {
  const Closure& c = up(in.a)->closures()[in.b];
  const Lambda& lambda = code_.lambdas[c.lambda];
  const Unit& unit = code_.units[lambda.unit[in.c]];
  Frame* f = frames_.make(code_.scopes[unit.scope].nslots, 0);
  f->link = FramePool::retain(c.env);
  return enter(f, unit.entry, pc, tail, pc);
}

void Interp::ret(uint32_t& pc) {
  Frame* f = cur_;
  pc = f->ret_pc;
  if (f->refs == 1) {
    cur_ = f->ret;  // steal the callee's reference
    f->ret = nullptr;
  } else {
    cur_ = FramePool::retain(f->ret);
  }
  frames_.release(f);
}

}  // namespace riposte::vm
