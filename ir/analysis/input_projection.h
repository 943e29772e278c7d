// Input projection: which parts of its input a program can observe, so that
// `riposte match` builds only those parts of each alert (value/json.h,
// parse_json_projected) while every trigger's result, error messages
// included, stays exactly what it is on the whole alert.
//
// The analysis follows values that are positions of the input (`.`,
// `.Assets`, `.Assets[]`, `$e.Name` ...) through pipes, variables,
// conditionals, reduce/foreach, labels and calls of jq-defined functions
// (each call analysed at its call site, closures in their caller's scope).
// A position is *escaped* -- needed whole -- when its value reaches anything
// that could observe more than its kind: an operator, a native, a
// constructor, a slice, `path(...)`, a destructuring array pattern, or the
// program's output.  Member access with a constant key and iteration are the
// only ways down.  Anything it cannot follow (a recursive function, a call
// nested too deep, a program too large) makes the whole input needed.
//
// Soundness in one sentence: a value that is not a tracked position is
// either computed afresh or lies inside an escaped (hence whole) position,
// so the only reads of a pruned container are the member accesses and
// iterations recorded here.  docs/triggers.md ("Input projection") has the
// parser's rules for a projected position.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "ir/ir.h"

namespace riposte::ir::analysis {

// One position of the input and what is read below it.
struct InputProjection {
  bool whole = false;  // the value is needed as it is, with everything below
  // Members read with a constant key.
  std::map<std::string, InputProjection, std::less<>> members;
  // What is read of every element (iteration, constant numeric index).
  std::unique_ptr<InputProjection> elements;

  // Neither whole nor read below: only its kind (and truthiness) matter.
  bool kind_only() const { return !whole && members.empty() && !elements; }
  static InputProjection whole_input() {
    InputProjection p;
    p.whole = true;
    return p;
  }
};

// What `m`'s main reads of its input `.`.  `object_global` is a global
// variable bound to the same value as `.` (a trigger's `alert`/`incident`),
// or kNone.
InputProjection project_input(const Module& m, VarId object_global = kNone);

// Adds what `from` reads to `into` (the projection of a set of programs).
void merge(InputProjection& into, const InputProjection& from);

// The positions read, one per line-free item, sorted:
// ".Assets[].Name, .Severity, .Tags (kind)"; "." when the whole input.
std::string to_string(const InputProjection& p);

}  // namespace riposte::ir::analysis
