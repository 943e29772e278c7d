// The numeric threshold tests of one value (`.Extra.score > 50`,
// `... <= 3.5`), all decided by one binary search per operator: a set of
// a thousand such triggers costs a few comparisons per alert, not a
// thousand (docs/triggers.md, "One program per scope").
//
// Exact by construction: each test is `compare(v, t) op 0`, the comparison
// the VM's `<`, `<=`, `>`, `>=` use; for a fixed v it is monotone in t over
// thresholds that compare exactly among themselves (integers within 2^53,
// finite floats), so the tests that hold form a prefix or a suffix of the
// thresholds in ascending order.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "ir/ops.h"
#include "value/value.h"

namespace riposte::triggers {

class RangeIndex {
 public:
  // Whether `value op threshold` can be decided by an index.
  static bool accepts(ir::BinOp op, const Value& threshold);
  // Adds the test of node `node` (accepts() must hold).
  void add(ir::BinOp op, const Value& threshold, uint32_t node);
  // Sorts the thresholds; call once, after the last add().
  void finish();
  // Writes True (2) or False (1) into answers[node] for every test added.
  void decide(const Value& v, std::vector<uint8_t>& answers) const;

 private:
  using Entry = std::pair<Value, uint32_t>;  // (threshold, node)
  // Lt, Le, Gt, Ge: each sorted by threshold.
  std::array<std::vector<Entry>, 4> by_op_;
};

}  // namespace riposte::triggers
