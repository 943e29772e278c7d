// ConstantPool: pinned copies of a program's constants (value/constant_pool.h).
#include "value/constant_pool.h"

#include "value/json.h"
#include "value/value_cell.h"

namespace riposte {

ConstantPool::~ConstantPool() {
  // Each value is a tree only the pool references (a deep copy): back to
  // counted, so that dropping it frees every cell.
  for (const Value& v : values_) detail::unpin(v);
}

Value ConstantPool::add(const Value& v) {
  if (!v.is_string() && !v.is_array() && !v.is_object() && !v.is_bigint()) return v;
  auto [it, added] = index_.try_emplace(to_json(v), values_.size());
  if (added) {
    Value copy = detail::deep_copy(v);
    detail::pin(copy);
    values_.push_back(std::move(copy));
  }
  return values_[it->second];
}

}  // namespace riposte
