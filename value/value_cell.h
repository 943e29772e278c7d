// Internal to riposte_value: the heap cells behind Value and the tag values.
// Other targets use only vm/value.h.
#pragma once

#include <cstdint>
#include <limits>

#include "value/number.h"
#include "value/value.h"

namespace riposte {

using detail::Tag;

namespace detail {

// Reference counts and accounting: see detail::Cell in value.h.  A cell
// whose count is kImmortal is never counted nor freed (share_across_threads);
// one whose count is kPinned belongs to a constant pool
// (value/constant_pool.h): never counted, freed with its pool.  Copies test
// both with one comparison (refs >= kPinned).
inline constexpr uint32_t kImmortal = std::numeric_limits<uint32_t>::max();
inline constexpr uint32_t kPinned = kImmortal - 1;

struct BigCell : Cell {
  BigInt big;
};
// Constant pools (value/constant_pool.cpp).  A fresh copy of v: every cell
// new, counted on this thread and referenced once, so the copy is a tree.
Value deep_copy(const Value& v);
// Pins every cell of `root`, a tree only the caller references (a
// deep_copy): they are no longer counted by this thread.
void pin(const Value& root);
// Undoes pin(): every cell back to one reference, so that dropping `root`
// frees the tree.
void unpin(const Value& root);
}  // namespace detail


inline bool is_heap(Tag t) { return t >= Tag::Big; }

}  // namespace riposte
