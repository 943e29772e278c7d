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
// whose count is kImmortal is never counted nor freed (share_across_threads).
inline constexpr uint32_t kImmortal = std::numeric_limits<uint32_t>::max();

struct BigCell : Cell {
  BigInt big;
};
}  // namespace detail


inline bool is_heap(Tag t) { return t >= Tag::Big; }

}  // namespace riposte
