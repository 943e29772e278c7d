// Calls in the shape inference: natives (by table), jq-defined builtins
// whose bodies the node rules cannot see through (label/break, recursion),
// and every other function, walked at its call site.
#include <array>
#include <cstdlib>
#include <string_view>

#include "ir/analysis/shape_walker.h"

namespace riposte::ir::analysis {
namespace {

bool const_number(const Node& n, double& out) {
  if (n.kind != NodeKind::Const || n.text.empty()) return false;
  char c = n.text[0];
  if (!(c == '-' || (c >= '0' && c <= '9'))) return false;
  out = std::strtod(n.text.c_str(), nullptr);
  return true;
}

// range(a; b) with constant bounds yields b - a values: several when >= 2.
bool range_proven_several(const Node& n) {
  double from = 0, to = 0;
  return n.kids.size() == 2 && const_number(*n.kids[0], from) && const_number(*n.kids[1], to) && to - from >= 2;
}

// Result types of jq-defined builtins whose bodies end in a native of
// unknown type (test ends in _match).
struct BuiltinTypes {
  std::string_view name;
  TypeSet types;
};
constexpr std::array kBuiltinTypes = {
    BuiltinTypes{"test", kBool},          BuiltinTypes{"todate", kString},          BuiltinTypes{"todateiso8601", kString},
    BuiltinTypes{"date", kString},        BuiltinTypes{"fromdate", kNumber},        BuiltinTypes{"fromdateiso8601", kNumber},
    BuiltinTypes{"isvalid", kBool},       BuiltinTypes{"tojson", kString},
};

TypeSet builtin_types(std::string_view name) {
  for (const BuiltinTypes& b : kBuiltinTypes)
    if (b.name == name) return b.types;
  return kAnyType;
}

}  // namespace

Shape ShapeWalker::call_native(const Node& n, Input in, const Frame* frames) {
  Card args = card_exactly_one();
  for (const NodePtr& k : n.kids) args = card_product(args, walk(*k, in, frames).card);
  const NativeFacts& facts = native_facts(m_, n.text, static_cast<unsigned>(n.kids.size()));
  switch (facts.outputs) {
    case NativeOutputs::None: return Shape{card_none(), kNoType, false};
    case NativeOutputs::Several: {
      Card per = card_unknown();
      if (range_proven_several(n)) per = card_generator(in_builtin(m_, frames) ? nullptr : &n);
      return Shape{card_product(args, per), facts.result_types, false};
    }
    case NativeOutputs::One: break;
  }
  return Shape{args, facts.result_types, false};
}

Shape ShapeWalker::call_param(const Node& n, Input in, const Frame* frames) {
  ParamBinding b = resolve_param(n, frames);
  if (!b.arg) return Shape{card_unknown(), kAnyType, false};
  return walk(*b.arg, in, b.frames);
}

Shape ShapeWalker::call_func(const Node& n, Input in, const Frame* frames) {
  if (n.func >= m_.funcs.size()) return Shape{card_unknown(), kAnyType, false};
  const Function& f = m_.funcs[n.func];
  Shape out;
  if (f.builtin && builtin_summary(n, f, in, frames, out)) return out;
  if (!f.body || too_deep(n.func, frames)) return Shape{card_unknown(), kAnyType, false};
  Frame frame{n.func, &n, frames};
  out = walk(*f.body, in, &frame);
  if (f.builtin) {
    out.types = static_cast<TypeSet>(out.types & builtin_types(f.name));
    // A generator inside the builtin: point at the call in the user's text.
    if (out.card.can_many && !out.card.witness) out.card.witness = &n;
  }
  return out;
}

// Builtins defined with label/break or recursion, summarised from the
// manual; false when `f` is not one of them.
bool ShapeWalker::builtin_summary(const Node& n, const Function& f, Input in, const Frame* frames, Shape& out) {
  size_t arity = f.params.size();
  if (f.name == "isempty" && arity == 1) {
    walk(*n.kids[0], in, frames);
    out = Shape{card_exactly_one(), kBool, false};
    return true;
  }
  if (f.name == "first" && arity == 1) {
    Shape g = walk(*n.kids[0], in, frames);
    Card c{0, std::min<uint8_t>(g.card.max, 1), g.card.can_one, false, nullptr};
    out = Shape{c, g.types, g.data};
    return true;
  }
  if (f.name == "limit" && arity == 2) {
    Shape g = walk(*n.kids[1], in, frames);
    double count = 0;
    Card c = card_unknown();
    c.max = g.card.max;
    if (const_number(*n.kids[0], count)) {
      c.max = count <= 0 ? 0 : count < 2 ? std::min<uint8_t>(c.max, 1) : c.max;
      c.can_one = count >= 1 && g.card.can_one;
      c.can_many = count >= 2 && g.card.can_many;
      c.witness = g.card.witness;
    }
    out = Shape{c, g.types, g.data};
    return true;
  }
  if (f.name == "until" && arity == 2) {
    out = Shape{card_exactly_one(), kAnyType, false};
    return true;
  }
  if (f.name == "recurse" && arity == 0) {  // `..`: the input, then everything below it
    Card c{1, kMany, true, in.data && (in.types & (kArray | kObject)), &n};
    if (!c.can_many) c.witness = nullptr;
    out = Shape{c, kAnyType, in.data};
    return true;
  }
  return false;
}

}  // namespace riposte::ir::analysis
