// The interpreter's run-time structures, all on the heap: the native C++
// stack never grows with the jq program's recursion.
//
// - Frame: one activation of a code unit (variables, closure parameters,
//   static link, return address).  Frames are reference counted: a fork
//   point, a closure or a callee may keep one alive after it returned, so a
//   generator can be resumed.  Released iteratively (no recursion).
// - ValueStack: a persistent stack (cells link to the cell below), so a
//   fork point saves it in O(1): cells at or below `limit` are shared with
//   fork points and never overwritten; popping them copies, popping others
//   moves (values stay uniquely owned and can be updated in place).
// - Fork: a choice point; backtracking resumes the newest one.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "vm/bytecode.h"
#include "value/value.h"

namespace riposte::vm {

struct Frame;

struct Closure {
  uint32_t lambda = 0;
  Frame* env = nullptr;  // owned reference
};

struct Frame {
  uint32_t refs = 1;
  uint32_t depth = 0;     // calls between main and this frame (tail calls do not count)
  uint32_t nslots = 0;
  uint32_t nclosures = 0;
  uint32_t ret_pc = 0;
  uint32_t bytes = 0;     // allocation size, for the pool
  Frame* link = nullptr;  // static link: the lexically enclosing frame (owned)
  Frame* ret = nullptr;   // the caller's frame to return to (owned)

  Value* slots() { return reinterpret_cast<Value*>(this + 1); }
  Closure* closures() { return reinterpret_cast<Closure*>(slots() + nslots); }
};
static_assert(sizeof(Frame) % alignof(Value) == 0);

// Allocates frames from per-size free lists and frees them without
// recursion.
class FramePool {
 public:
  FramePool() = default;
  FramePool(const FramePool&) = delete;
  FramePool& operator=(const FramePool&) = delete;
  ~FramePool();

  Frame* make(uint32_t nslots, uint32_t nclosures);
  static Frame* retain(Frame* f) {
    if (f) ++f->refs;
    return f;
  }
  void release(Frame* f);
  uint64_t live_bytes() const { return live_bytes_; }

 private:
  void destroy(Frame* f);  // drops contents, queues the frames it owned
  std::vector<std::vector<void*>> free_;  // by size in 16-byte units
  std::vector<Frame*> pending_;           // frames whose count reached zero
  uint64_t live_bytes_ = 0;
};

class ValueStack {
 public:
  struct Mark {
    uint32_t top = 0, limit = 0;
  };

  ValueStack() { cells_.resize(64); }

  void push(Value&& v) { cell_for_push().v = std::move(v); }
  // `v` may live in this stack: it is copied before the cells can move.
  void push(const Value& v) {
    Value copy(v);
    cell_for_push().v = std::move(copy);
  }
  // The top cell, to replace it: in place when no fork point shares it.
  void replace_top(Value&& v) {
    if (top_ > limit_) {
      cells_[top_].v = std::move(v);
    } else {
      drop();
      push(std::move(v));
    }
  }
  Value pop() {
    Cell& c = cells_[top_];
    bool shared = top_ <= limit_;
    top_ = c.prev;
    if (shared) return c.v;
    return std::move(c.v);
  }
  void drop() {
    Cell& c = cells_[top_];
    if (top_ > limit_) c.v = Value();
    top_ = c.prev;
  }
  const Value& top() const { return cells_[top_].v; }
  // The cell n below the top (0 = top).
  const Value& below(uint32_t n) const {
    uint32_t i = top_;
    while (n-- > 0) i = cells_[i].prev;
    return cells_[i].v;
  }
  bool empty() const { return top_ == 0; }

  // Protects the current cells for a fork point.
  Mark save() {
    Mark m{top_, limit_};
    limit_ = std::max(top_, limit_);
    return m;
  }
  // Back to a fork point's state; cells nobody can reach any more are
  // cleared so that they do not hold values alive.
  void restore(Mark m) {
    uint32_t keep = std::max(m.top, m.limit);
    for (uint32_t i = keep + 1; i <= high_; ++i) cells_[i].v = Value();
    high_ = keep;
    top_ = m.top;
    limit_ = m.limit;
  }
  uint64_t bytes() const { return cells_.capacity() * sizeof(Cell); }
  void clear() {
    for (uint32_t i = 0; i <= high_ && i < cells_.size(); ++i) cells_[i].v = Value();
    top_ = limit_ = high_ = 0;
  }

 private:
  struct Cell {
    Value v;
    uint32_t prev = 0;
  };
  Cell& cell_for_push() {
    uint32_t i = std::max(top_, limit_) + 1;
    if (i >= cells_.size()) cells_.resize(cells_.size() * 2);
    Cell& c = cells_[i];
    c.prev = top_;
    top_ = i;
    high_ = std::max(high_, i);
    return c;
  }

  std::vector<Cell> cells_;  // cells_[0] is the bottom sentinel
  uint32_t top_ = 0, limit_ = 0, high_ = 0;
};

enum class ForkKind : uint8_t { Plain, Alt, TryBegin, TryEnd, Label, Each, EachPath, Range };

struct Fork {
  ForkKind kind = ForkKind::Plain;
  uint8_t width = 1;        // TryBegin: cells of the input (2 in path mode)
  uint32_t pc = 0;          // where to resume
  ValueStack::Mark mark;
  Frame* frame = nullptr;   // owned
  uint64_t label = 0;       // Label: its id
  // Each/EachPath: the container, the path prefix and the next position;
  // Range: the next value, the end and the step.
  Value a, b, c;
  size_t index = 0;
  Object::const_iterator it;
};

}  // namespace riposte::vm
