// Lowering of the constructs that bind variables: `as`, `reduce`,
// `foreach` and their destructuring patterns.
#include "frontend/lower.h"

namespace riposte::frontend {

// Variables of a pattern come into scope as they appear, so a computed key
// can use the variables bound before it.  `bound` is shared by the
// alternatives of `?//`, which bind the same variables (those a matching
// alternative lacks are null).
ir::Pattern Lowerer::lower_pattern(const Pattern& p, std::unordered_map<std::string, ir::VarId>& bound) {
  auto var_for = [&](const std::string& name) {
    auto it = bound.find(name);
    if (it != bound.end()) return it->second;
    ir::VarId id = bind_var(name);
    bound.emplace(name, id);
    return id;
  };
  ir::Pattern out;
  out.loc = ir_loc(p.loc);
  switch (p.kind) {
    case Pattern::Kind::Var:
      out.kind = ir::Pattern::Kind::Var;
      out.var = var_for(p.name);
      break;
    case Pattern::Kind::Array:
      out.kind = ir::Pattern::Kind::Array;
      for (const Pattern& elem : p.elems) out.elems.push_back(lower_pattern(elem, bound));
      break;
    case Pattern::Kind::Object:
      out.kind = ir::Pattern::Kind::Object;
      for (const PatternEntry& entry : p.entries) {
        ir::Pattern::Entry e;
        if (!entry.key_var.empty()) {
          e.key_var = var_for(entry.key_var);
        } else {
          e.key = lower(*entry.key);
        }
        if (entry.value) e.value = std::make_unique<ir::Pattern>(lower_pattern(*entry.value, bound));
        out.entries.push_back(std::move(e));
      }
      break;
  }
  return out;
}

// source as p1 ?// p2 ... | body
ir::NodePtr Lowerer::lower_bind(const Expr& e) {
  auto n = ir_node(ir::NodeKind::Bind, e.loc, lower(*e.kids[0]));
  ScopeGuard scope(*this);
  std::unordered_map<std::string, ir::VarId> bound;
  for (const Pattern& p : e.patterns) n->patterns.push_back(lower_pattern(p, bound));
  n->kids.push_back(lower(*e.kids[1]));
  return n;
}

// reduce source as p (init; update): the pattern's variables are visible in
// the update only.
ir::NodePtr Lowerer::lower_reduce(const Expr& e) {
  auto n = ir_node(ir::NodeKind::Reduce, e.loc, lower(*e.kids[0]), lower(*e.kids[1]));
  ScopeGuard scope(*this);
  std::unordered_map<std::string, ir::VarId> bound;
  n->patterns.push_back(lower_pattern(e.patterns[0], bound));
  n->kids.push_back(lower(*e.kids[2]));
  return n;
}

// foreach source as p (init; update; extract): the variables are visible in
// the update and the extract.
ir::NodePtr Lowerer::lower_foreach(const Expr& e) {
  auto n = ir_node(ir::NodeKind::Foreach, e.loc, lower(*e.kids[0]), lower(*e.kids[1]));
  ScopeGuard scope(*this);
  std::unordered_map<std::string, ir::VarId> bound;
  n->patterns.push_back(lower_pattern(e.patterns[0], bound));
  for (size_t i = 2; i < e.kids.size(); ++i) n->kids.push_back(lower(*e.kids[i]));
  return n;
}

}  // namespace riposte::frontend
