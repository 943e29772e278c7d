// Cardinality and type inference over the IR: for a program, how many
// values it can yield (zero / exactly one / several, see Card) and which
// JSON types they can have (TypeSet).  The two are inferred together
// because each sharpens the other: a constant `if` condition selects a
// branch, and iterating a value that cannot be an array or object yields
// nothing.
//
// Run on the IR as lowered (before optimisation), so that the locations of
// witnesses are the user's.  Calls of jq-defined functions are analysed at
// each call site with their closure arguments (call_env.h); builtins that
// use `label`/`break` (first, isempty, limit ...) have summaries.
#pragma once

#include "ir/analysis/lattice.h"
#include "ir/ir.h"

namespace riposte::ir::analysis {

struct Shape {
  Shape() = default;
  Shape(Card c, TypeSet t, bool d = false) : card(c), types(t), data(d) {}
  Shape with_elems(bool has, Card n) const {
    Shape s = *this;
    s.has_elems = has;
    s.elems = n;
    return s;
  }

  Card card;
  TypeSet types = kAnyType;
  // The values are (parts of) the input or of variables: iterating them
  // may yield any number of values, as the data decides.
  bool data = false;
  // For arrays built here (`[...]`, a constant): how many elements.
  bool has_elems = false;
  Card elems;
};

// The shape of m.main run on an input of any type.
Shape infer_shape(const Module& m);

}  // namespace riposte::ir::analysis
