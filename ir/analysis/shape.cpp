// Node rules of the shape inference (cardinality and types); see shape.h
// and lattice.h for what each field promises.
#include "ir/analysis/shape.h"

#include <algorithm>

#include "ir/analysis/shape_walker.h"

namespace riposte::ir::analysis {
namespace {

Shape one(TypeSet types, bool data = false) { return Shape{card_exactly_one(), types, data}; }
Shape nothing() { return Shape{card_none(), kNoType, false}; }

// The number of elements (or members) of a constant array or object:
// 0, 1 or kMany.
uint8_t const_length(const std::string& json) {
  int depth = 0, items = 0;
  bool in_string = false, escaped = false, any = false;
  for (char c : json) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') ++depth;
    else if (c == ']' || c == '}') --depth;
    else if (c == ',' && depth == 1) ++items;
    if (depth >= 1 && c != ' ' && !(depth == 1 && (c == '[' || c == '{'))) any = true;
  }
  return static_cast<uint8_t>(std::min(any ? items + 1 : 0, int(kMany)));
}

Card card_of_length(uint8_t n) {
  if (n == 0) return card_none();
  Card c{n, n, true, n == kMany, nullptr};
  return c;
}

bool contains_break(const Node& n, LabelId label) {
  if (n.kind == NodeKind::Break && n.label == label) return true;
  for (const NodePtr& k : n.kids)
    if (k && contains_break(*k, label)) return true;
  return false;
}

// The booleans `x and ...` / `x or ...` can produce from a value of type t.
TypeSet truthiness(TypeSet t) {
  return static_cast<TypeSet>((may_be_truthy(t) ? kTrue : 0) | (may_be_falsy(t) ? kFalse : 0));
}

// A constant; arrays and objects know their length.
Shape constant(const Node& n) {
  Shape s = one(const_type(n.text));
  if (s.types & (kArray | kObject)) {
    s.has_elems = true;
    s.elems = card_of_length(const_length(n.text));
  }
  return s;
}

}  // namespace

Shape infer_shape(const Module& m) {
  if (!m.main) return nothing();
  ShapeWalker w(m);
  return w.walk(*m.main, Input{}, nullptr);
}

Shape ShapeWalker::walk(const Node& n, Input in, const Frame* frames) {
  switch (n.kind) {
    case NodeKind::Identity: return Shape{card_exactly_one(), in.types, in.data}.with_elems(in.has_elems, in.elems);
    case NodeKind::Const: return constant(n);
    case NodeKind::Var: {
      auto it = vars_.find(n.var);
      return it == vars_.end() ? one(kAnyType, true) : one(it->second.types, it->second.data);
    }
    case NodeKind::Pipe: return pipe(n, in, frames);
    case NodeKind::Comma: return comma(n, in, frames);
    case NodeKind::Binary: return binary(n, in, frames);
    case NodeKind::And:
    case NodeKind::Or: return logic(n, in, frames);
    case NodeKind::Alt: return alternative(n, in, frames);
    case NodeKind::If: return conditional(n, in, frames);
    case NodeKind::Try: return try_catch(n, in, frames);
    case NodeKind::Reduce: return reduce(n, in, frames);
    case NodeKind::Foreach: return foreach(n, in, frames);
    case NodeKind::Bind: return bind(n, in, frames);
    case NodeKind::Label: return label(n, in, frames);
    case NodeKind::Break: return nothing();
    case NodeKind::Collect: {
      Shape s = one(kArray);
      s.has_elems = true;
      s.elems = !n.kids.empty() && n.kids[0] ? walk(*n.kids[0], in, frames).card : card_none();
      return s;
    }
    case NodeKind::Object: return product_of_kids(n, in, frames, kObject);
    case NodeKind::Index: return index(n, in, frames);
    case NodeKind::Slice: {
      Shape s = product_of_kids(n, in, frames, kAnyType);
      s.types = static_cast<TypeSet>(walk(*n.kids[0], in, frames).types & (kArray | kString | kNull));
      return s;
    }
    case NodeKind::Iterate: return iterate(n, in, frames);
    case NodeKind::Path: {
      Shape s = walk(*n.kids[0], in, frames);
      return Shape{s.card, kArray, false};
    }
    case NodeKind::FuncDefs: return walk(*n.kids[0], in, frames);
    case NodeKind::CallFunc: return call_func(n, in, frames);
    case NodeKind::CallParam: return call_param(n, in, frames);
    case NodeKind::CallNative: return call_native(n, in, frames);
  }
  return Shape{card_unknown(), kAnyType, false};
}

Shape ShapeWalker::pipe(const Node& n, Input in, const Frame* frames) {
  Shape a = walk(*n.kids[0], in, frames);
  if (a.card.max == 0) return nothing();
  Shape b = walk(*n.kids[1], input_of(a), frames);
  return Shape{card_product(a.card, b.card), b.types, b.data}.with_elems(b.has_elems, b.elems);
}

Shape ShapeWalker::comma(const Node& n, Input in, const Frame* frames) {
  Shape a = walk(*n.kids[0], in, frames);
  Shape b = walk(*n.kids[1], in, frames);
  Card c = card_sequence(a.card, b.card);
  if (c.can_many && !a.card.can_many && !b.card.can_many) c.witness = in_builtin(m_, frames) ? nullptr : &n;
  return Shape{c, static_cast<TypeSet>(a.types | b.types), a.data && b.data};
}

Shape ShapeWalker::binary(const Node& n, Input in, const Frame* frames) {
  Shape a = walk(*n.kids[0], in, frames);
  Shape b = walk(*n.kids[1], in, frames);
  return Shape{card_product(b.card, a.card), binop_types(n.binop, a.types, b.types), false};
}

// `a and b`, `a or b`: for each output of a, either one boolean (decided by
// a) or the truthiness of each output of b.
Shape ShapeWalker::logic(const Node& n, Input in, const Frame* frames) {
  bool is_and = n.kind == NodeKind::And;
  Shape a = walk(*n.kids[0], in, frames);
  bool decided = is_and ? may_be_falsy(a.types) : may_be_truthy(a.types);
  bool goes_on = is_and ? may_be_truthy(a.types) : may_be_falsy(a.types);
  Shape b = goes_on ? walk(*n.kids[1], in, frames) : nothing();
  Card per = decided && goes_on ? card_either(card_exactly_one(), b.card)
             : decided          ? card_exactly_one()
                                : b.card;
  TypeSet types = static_cast<TypeSet>((decided ? (is_and ? kFalse : kTrue) : 0) | truthiness(b.types));
  return Shape{card_product(a.card, per), types, false};
}

// `a // b`: the truthy outputs of a, or (none, or only errors) those of b.
Shape ShapeWalker::alternative(const Node& n, Input in, const Frame* frames) {
  Shape a = walk(*n.kids[0], in, frames);
  Shape b = walk(*n.kids[1], in, frames);
  Card c;
  c.min = std::min<uint8_t>(b.card.min, 1);
  c.max = std::max(a.card.max, b.card.max);
  c.can_one = (a.card.can_one && may_be_truthy(a.types)) || b.card.can_one;
  bool a_many = a.card.can_many && !may_be_falsy(a.types);
  c.can_many = a_many || b.card.can_many;
  c.witness = a_many ? a.card.witness : b.card.witness;
  TypeSet types = static_cast<TypeSet>((a.types & ~kFalsy) | b.types);
  return Shape{c, types, a.data && b.data};
}

Shape ShapeWalker::conditional(const Node& n, Input in, const Frame* frames) {
  Shape cond = walk(*n.kids[0], in, frames);
  bool then_runs = may_be_truthy(cond.types), else_runs = may_be_falsy(cond.types);
  Shape t = then_runs ? walk(*n.kids[1], in, frames) : nothing();
  Shape e = else_runs ? walk(*n.kids[2], in, frames) : nothing();
  Card per = then_runs && else_runs ? card_either(t.card, e.card) : then_runs ? t.card : e.card;
  bool data = (!then_runs || t.data) && (!else_runs || e.data);
  return Shape{card_product(cond.card, per), static_cast<TypeSet>(t.types | e.types), data};
}

// try a catch h: the outputs of a until it errors, then those of h (run on
// the error message) once.
Shape ShapeWalker::try_catch(const Node& n, Input in, const Frame* frames) {
  Shape a = walk(*n.kids[0], in, frames);
  Shape h = n.kids.size() > 1 ? walk(*n.kids[1], Input{kAnyType, false}, frames) : nothing();
  Card c = card_sequence(a.card, h.card);
  c.min = 0;
  c.can_many = a.card.can_many || h.card.can_many;  // a erring after an output is not proven
  c.witness = a.card.can_many ? a.card.witness : h.card.witness;
  return Shape{c, static_cast<TypeSet>(a.types | h.types), a.data && (n.kids.size() == 1 || h.data)};
}

// reduce SRC as $x (INIT; UPDATE): one result per output of INIT.
Shape ShapeWalker::reduce(const Node& n, Input in, const Frame* frames) {
  Shape src = walk(*n.kids[0], in, frames);
  bind_pattern(n.patterns[0], src);
  Shape init = walk(*n.kids[1], in, frames);
  Shape upd = walk(*n.kids[2], Input{kAnyType, false}, frames);
  TypeSet types = static_cast<TypeSet>(init.types | upd.types | kNull);
  return Shape{init.card, types, false};
}

// foreach SRC as $x (INIT; UPDATE; EXTRACT): per INIT output, per SRC
// output, the outputs of UPDATE each piped to EXTRACT.
Shape ShapeWalker::foreach(const Node& n, Input in, const Frame* frames) {
  Shape src = walk(*n.kids[0], in, frames);
  bind_pattern(n.patterns[0], src);
  Shape init = walk(*n.kids[1], in, frames);
  Shape upd = walk(*n.kids[2], Input{kAnyType, false}, frames);
  Shape ext = n.kids.size() > 3 && n.kids[3] ? walk(*n.kids[3], Input{upd.types, false}, frames) : upd;
  Card per_src = n.kids.size() > 3 && n.kids[3] ? card_product(upd.card, ext.card) : upd.card;
  Card c = card_product(init.card, card_product(src.card, per_src));
  return Shape{c, ext.types, false};
}

// SRC as $x | BODY (with ?// alternatives: BODY may rerun after an error).
Shape ShapeWalker::bind(const Node& n, Input in, const Frame* frames) {
  Shape src = walk(*n.kids[0], in, frames);
  for (const Pattern& p : n.patterns) bind_pattern(p, src);
  Shape body = walk(*n.kids[1], in, frames);
  Card c = card_product(src.card, body.card);
  if (n.patterns.size() > 1) c.max = kMany;
  return Shape{c, body.types, body.data};
}

void ShapeWalker::bind_pattern(const Pattern& p, const Shape& value) {
  if (p.kind == Pattern::Kind::Var) {
    vars_[p.var] = VarInfo{value.types, value.data};
    return;
  }
  // Destructured parts: any type, still data when the whole is.
  Shape part{card_exactly_one(), kAnyType, value.data};
  for (const Pattern& e : p.elems) bind_pattern(e, part);
  for (const Pattern::Entry& e : p.entries) {
    if (e.key_var != kNone) vars_[e.key_var] = VarInfo{kAnyType, value.data};
    if (e.value) bind_pattern(*e.value, part);
  }
}

// label $l | BODY: a `break $l` inside cuts the stream, which this
// analysis does not model beyond "at most what BODY yields".
Shape ShapeWalker::label(const Node& n, Input in, const Frame* frames) {
  Shape body = walk(*n.kids[0], in, frames);
  if (!contains_break(*n.kids[0], n.label)) return body;
  Card c = card_unknown();
  c.max = body.card.max;
  return Shape{c, body.types, body.data};
}

Shape ShapeWalker::product_of_kids(const Node& n, Input in, const Frame* frames, TypeSet result) {
  Card c = card_exactly_one();
  for (const NodePtr& k : n.kids)
    if (k) c = card_product(c, walk(*k, in, frames).card);
  return Shape{c, result, false};
}

Shape ShapeWalker::index(const Node& n, Input in, const Frame* frames) {
  Shape target = walk(*n.kids[0], in, frames);
  Shape key = walk(*n.kids[1], in, frames);
  // null[...] is null; otherwise the member's type is not known.
  TypeSet types = target.types == kNull ? TypeSet(kNull) : kAnyType;
  return Shape{card_product(key.card, target.card), types, target.data};
}

// x[]: as many outputs as x has elements.  Proven "several" only for data
// (an array from the input or a variable), never for computed values whose
// length this analysis does not know (`match(...)` yields at most one
// match without the "g" flag).
Shape ShapeWalker::iterate(const Node& n, Input in, const Frame* frames) {
  Shape target = walk(*n.kids[0], in, frames);
  if (!(target.types & (kArray | kObject))) return nothing();
  Card per = card_unknown();
  if (target.has_elems) {
    per = target.elems;
  } else if (target.data) {
    per = card_generator(in_builtin(m_, frames) ? nullptr : &n);
  }
  return Shape{card_product(target.card, per), kAnyType, target.data};
}

}  // namespace riposte::ir::analysis
