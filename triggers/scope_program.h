// One program per scope: the cross-trigger plan (ir/triggers/plan.h)
// executed on one alert.  Sources are loaded once, hash indexes probed once,
// conditions evaluated once (memoised per alert), and each trigger made of
// atoms gets its answer from them.  The answer is three-valued: when any
// atom it needs meets a case the plan does not model (docs/triggers.md, "One
// program per scope"), the answer is Unknown and the caller runs the
// trigger's own program, so results stay exactly those of each trigger alone.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/triggers/plan.h"
#include "vm/program.h"
#include "value/constant_pool.h"
#include "value/value.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace riposte::triggers {

class RangeIndex;  // triggers/range_index.h

enum class Answer : uint8_t { None = 0, False = 1, True = 2, Unknown = 3 };

class ScopeProgram {
 public:
  // `budgets` are those of one trigger evaluation (see limits in the .cpp).
  ScopeProgram(ir::triggers::Plan plan, const vm::Budgets& budgets);
  ~ScopeProgram();
  ScopeProgram(const ScopeProgram&) = delete;
  ScopeProgram& operator=(const ScopeProgram&) = delete;

  // Per-alert scratch, reused from alert to alert: one per thread, since
  // the workers of `riposte match --threads` evaluate concurrently.
  struct State;
  static State& thread_state();
  // begin() starts an alert; end() drops what the evaluation kept (the
  // fragments' outputs, which may share their programs' constants), so
  // that the thread's State never outlives the values of a set since
  // destroyed.
  void begin(State& s, const Value& object, const Value& event) const;
  void end(State& s) const;
  // Trigger i: True or False when the shared evaluation decides it, Unknown
  // when it must run its own program (always Unknown for a residual trigger).
  Answer answer(State& s, size_t trigger) const;

  const ir::triggers::Plan& plan() const { return plan_; }

 private:
  struct Source;
  struct Index;
  struct Hot;
  Answer node(State& s, uint32_t id) const;
  Answer element_node(State& s, uint32_t id, const Value& x) const;
  Answer test(const ir::triggers::PlanNode& n, const Value& v) const;
  Answer elements_node(State& s, uint32_t id) const;
  Answer indexed(State& s, uint32_t id) const;
  Answer ranged(State& s, uint32_t id) const;
  void build_range_indexes();
  Answer counted(State& s, uint32_t id) const;
  void build_count_groups();
  bool load(State& s, uint32_t source) const;
  bool load_path(State& s, uint32_t source) const;
  bool load_program(State& s, uint32_t source) const;
  void probe(State& s, uint32_t index) const;
  void build_regex_index(size_t index);

  ir::triggers::Plan plan_;
  std::vector<Source> sources_;
  std::vector<Index> indexes_;
  std::vector<Hot> hot_;          // per node, packed
  std::vector<uint32_t> roots_;   // per trigger: its root node, or kNoId
  ConstantPool pool_;             // owns constants_ (and the range thresholds): declared before them
  std::vector<Value> constants_;  // per node: its constant, parsed and pinned in pool_
  std::vector<std::unique_ptr<re2::RE2>> regexes_;  // per regex Test node: compiled as `test` does
  // Numeric threshold tests, one index per source; a node answered by one
  // has hot_[node].index == kRangeFlag | its range index.
  std::vector<RangeIndex> ranges_;
  std::vector<uint32_t> range_source_;  // per range index: its source
  // Count atoms `count(E; .R == "c") op N` over the same elements and R:
  // one scan counts every constant; hot_[node].index == kCountFlag | group.
  struct CountGroup;
  std::vector<CountGroup> counts_;
  vm::Budgets source_budgets_;
  size_t max_elements_;
  bool enabled_ = true;  // false under budgets too small to reason about
};

}  // namespace riposte::triggers
