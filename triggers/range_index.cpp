// RangeIndex: sorted thresholds and a partition point per operator.
#include "triggers/range_index.h"

#include <algorithm>
#include <cmath>

namespace riposte::triggers {
namespace {

constexpr int64_t kExactInt = int64_t(1) << 53;  // integers a double holds exactly
constexpr uint8_t kFalse = 1, kTrue = 2;         // triggers::Answer

int slot(ir::BinOp op) {
  switch (op) {
    case ir::BinOp::Lt:
      return 0;
    case ir::BinOp::Le:
      return 1;
    case ir::BinOp::Gt:
      return 2;
    case ir::BinOp::Ge:
      return 3;
    default:
      return -1;
  }
}

// Whether `compare(v, t) op 0` holds.
bool holds(int op_slot, int c) {
  switch (op_slot) {
    case 0:
      return c < 0;
    case 1:
      return c <= 0;
    case 2:
      return c > 0;
    default:
      return c >= 0;
  }
}

}  // namespace

bool RangeIndex::accepts(ir::BinOp op, const Value& t) {
  if (slot(op) < 0) return false;
  if (t.is_int()) return t.as_int() >= -kExactInt && t.as_int() <= kExactInt;
  return t.is_double() && std::isfinite(t.as_double());
}

void RangeIndex::add(ir::BinOp op, const Value& threshold, uint32_t node) {
  by_op_[size_t(slot(op))].emplace_back(threshold, node);
}

void RangeIndex::finish() {
  for (auto& side : by_op_)
    std::stable_sort(side.begin(), side.end(),
                     [](const Entry& a, const Entry& b) { return compare(a.first, b.first) < 0; });
}

void RangeIndex::decide(const Value& v, std::vector<uint8_t>& answers) const {
  for (int op = 0; op < 4; ++op) {
    const std::vector<Entry>& side = by_op_[size_t(op)];
    if (side.empty()) continue;
    // `>`, `>=` hold for a prefix of ascending thresholds, `<`, `<=` for a
    // suffix: find where the answer changes.
    bool prefix = op >= 2;
    auto first_other = std::partition_point(
        side.begin(), side.end(), [&](const Entry& e) { return holds(op, compare(v, e.first)) == prefix; });
    for (auto it = side.begin(); it != side.end(); ++it)
      answers[it->second] = (it < first_other) == prefix ? kTrue : kFalse;
  }
}

}  // namespace riposte::triggers
