// The cross-trigger pass: the canonical forms of all triggers of a scope
// (ir/triggers/form.h) merged into one plan, so that
//   - every source (a constant path, or a fragment program) is loaded once
//     per alert, whatever the number of triggers reading it;
//   - equal conditions are one node (hash-consed), evaluated once;
//   - equality tests of one value with string constants become ONE hash
//     probe ("Severity": value -> the nodes it satisfies), and
//     `any(.A[]; .K == "c1" or .K == "c2")` families over the same
//     elements and sub-path become one scan of the elements, each element
//     probing one hash table (inverted: the element tells which triggers it
//     satisfies).
// The engine executes the plan (triggers/scope_program.h); this file only
// builds and prints it, so ir/ keeps depending on nothing but std and fmt.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/triggers/form.h"

namespace riposte::ir::triggers {

inline constexpr uint32_t kNoId = 0xffffffffu;

struct PlanSource {
  std::string root;          // native path: "" (the input) or a global's name
  std::vector<Step> steps;   // native path (may iterate: then it yields elements)
  std::unique_ptr<Module> program;  // or a fragment program (for elements: `[G]`)
  bool elements = false;     // read by Any/Count: a stream of elements
  std::string key;
};

struct PlanNode {
  Cond::Kind kind = Cond::Kind::Test;
  bool element = false;      // reads the current element (not memoised per alert)
  uint32_t a = kNoId, b = kNoId;  // kids
  uint32_t source = kNoId;   // top-level Test, Any, Count
  std::vector<std::string> rel;  // element Test: keys below the element
  TestKind test = TestKind::Compare;
  BinOp op = BinOp::Eq;
  std::string constant;      // canonical JSON
  uint32_t index = kNoId;    // a hash index answers this node
};

// value (or element at `rel`) == string constant -> nodes made true; or,
// for a regex index, value | test(re; flags) and value | contains("s") ->
// nodes made true, all the expressions of one value matched in one pass
// (the engine's RE2::Set; a contains is its literal, quoted).
struct HashIndex {
  uint32_t source = kNoId;
  std::vector<std::string> rel;  // elements: keys below each element
  bool elements = false;
  bool regex = false;
  // (constant JSON, node); regex: (["re"] or ["re","flags"], node), or
  // ("s", node) for contains("s")
  std::vector<std::pair<std::string, uint32_t>> entries;
};

struct PlannedTrigger {
  uint32_t root = kNoId;  // kNoId: residual (runs its own program)
  std::string why;        // residual: why
};

struct Plan {
  std::vector<PlanSource> sources;
  std::vector<PlanNode> nodes;
  std::vector<HashIndex> indexes;
  std::vector<PlannedTrigger> triggers;
};

// One form per trigger, in trigger order (a trigger that did not compile
// comes as a residual form).
Plan build_plan(std::vector<TriggerForm> forms);

// Stable text: sources, indexes, then one line per trigger.
std::string print(const Plan& plan, const std::vector<std::string>& trigger_ids);

}  // namespace riposte::ir::triggers
