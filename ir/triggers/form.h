// The canonical form of one trigger, recognised on its optimised IR: a
// boolean combination (and / or / not) of atoms, each a test of a value read
// from the alert.  Triggers of a scope are then compiled together
// (ir/triggers/plan.h): values read by several triggers are loaded once and
// equality tests become hash probes.  A trigger that is not made of atoms is
// "residual" and keeps running on its own program.
//
// Every atom is defined so that, whenever the engine can compute it without
// meeting a case it does not model (a path through a non-object, an
// iteration over a non-iterable, a string test on a non-string, a source
// program that errors or does not yield exactly one value), its truth value
// IS the truthiness jq gives the corresponding sub-expression, and that
// sub-expression yields exactly one value without error.  In any other case
// the atom is "unknown" and the engine runs the trigger's own program, so the
// answer is exact by construction (docs/triggers.md, "One program per
// scope", has the proofs).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace riposte::ir::triggers {

// One step of a constant path: `.key`, or `[]` (every element or value).
struct Step {
  std::string key;
  bool iterate = false;
  bool operator==(const Step&) const = default;
};

// Where a value (or, for Any and Count, a stream of elements) comes from.
struct Source {
  // A constant path, evaluated natively: from the input (root empty) or
  // from a host global (its name, e.g. "trigger event").
  std::string root;
  std::vector<Step> steps;
  // Or a program fragment evaluated on the input by the VM (null for a
  // path); for a stream of elements it is `[G]` and the elements are the
  // items of its one output.
  std::unique_ptr<Module> program;
  std::string key;  // stable text: two sources with equal keys are the same value
};

// The test an atom applies to one value.
enum class TestKind : uint8_t {
  Compare,     // v op constant (jq's ==, <, <=, >, >=; != is not(==))
  StartsWith,  // v | startswith(constant): v must be a string
  EndsWith,    // v | endswith(constant): v must be a string
  Contains,    // v | contains(constant) with a string constant: v must be a string
  Regex,       // v | test(re; flags): constant is ["re"] or ["re","flags"]; v must be a string
  Truthy,      // v itself (only where jq uses truthiness: and, or, not, select, any)
};

struct Cond;
using CondPtr = std::unique_ptr<Cond>;

// A condition: and / or / not of atoms.  Element conditions (the `cond` of
// Any and Count) read paths relative to the element; a Test's source there
// has only steps (no root, no program).
struct Cond {
  enum class Kind : uint8_t { And, Or, Not, Test, Any, Count };
  Kind kind = Kind::Test;
  CondPtr a, b;    // And/Or: a, b; Not: a; Any/Count: a = the element condition
  Source source;   // Test: the value tested; Any/Count: the elements
  TestKind test = TestKind::Compare;
  BinOp op = BinOp::Eq;   // Compare; Count: how the count compares with `constant`
  std::string constant;   // canonical JSON
};

struct TriggerForm {
  CondPtr cond;     // null: residual
  std::string why;  // residual: a short reason, for `riposte ir --triggers`
};

// Recognises the canonical form of an optimised, verified module.
TriggerForm recognise(const Module& m);

// Stable one-line text of a condition (sources by key), for the printer.
std::string to_string(const Cond& c);

}  // namespace riposte::ir::triggers
