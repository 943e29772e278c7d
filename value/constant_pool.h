// The constants of one compiled program (vm::Program, jit::JitProgram,
// triggers::ScopeProgram), owned by it and freed with it.
//
// A pooled constant is pinned: its cells are neither counted nor freed
// while the pool lives, so runs copy it without touching a reference count
// and several threads may run the program at once (counts are not atomic).
// Mutating a copy clones the cell, as for any shared value.  The pool frees
// its cells when it is destroyed: by then no run of its program may be in
// progress and no value may still share them, so whatever a run produced
// and the caller keeps beyond the program's life is detached first
// (Value::detach; docs/architecture.md, "Who owns a value").
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "value/value.h"

namespace riposte {

class ConstantPool {
 public:
  ConstantPool() = default;
  ~ConstantPool();  // frees every constant
  ConstantPool(const ConstantPool&) = delete;
  ConstantPool& operator=(const ConstantPool&) = delete;

  // The pool's copy of v, pinned (v itself is left as it is); constants
  // with the same JSON text are one copy.  Scalars other than big integers
  // are returned as they are: they hold no cell.
  Value add(const Value& v);
  size_t size() const { return values_.size(); }  // constants held (scalars excluded)

 private:
  std::unordered_map<std::string, size_t> index_;  // JSON text -> values_
  std::vector<Value> values_;
};

}  // namespace riposte
