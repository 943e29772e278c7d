// Internal to riposte_value: the heap cells behind Value and the tag values.
// Other targets use only vm/value.h.
#pragma once

#include <cstdint>
#include <limits>

#include "vm/number.h"
#include "vm/value.h"

namespace riposte {

// Tags of Value::tag_.  Tags from Big on point to a heap cell.
enum class Tag : uint8_t { Null, False, True, Int, Double, Big, String, Array, Object };

namespace detail {

// Reference counts are plain (non-atomic) integers: an evaluation runs on one
// thread and the count is on every copy's hot path.  A value shared by
// several threads must be made immortal first (Value::share_across_threads):
// immortal cells are never counted nor freed, so concurrent readers only read.
inline constexpr uint32_t kImmortal = std::numeric_limits<uint32_t>::max();

struct Cell {
  uint32_t refs = 1;
  int64_t counted = 0;  // bytes added to mem::live_bytes for this cell
};
struct BigCell : Cell {
  BigInt big;
};
struct StringCell : Cell {
  std::string str;
};
struct ArrayCell : Cell {
  Array items;
};
struct ObjectCell : Cell {
  Object entries;
};

}  // namespace detail

struct ValueAccess {
  static Tag tag(const Value& v) { return static_cast<Tag>(v.tag_); }
  static detail::Cell* cell(const Value& v) { return v.cell_; }
  static int64_t raw_int(const Value& v) { return v.i_; }
  static double raw_double(const Value& v) { return v.d_; }
};

inline bool is_heap(Tag t) { return t >= Tag::Big; }

}  // namespace riposte
