// Construction and copying helpers of the IR (ir.h).
#include "ir/ir.h"

namespace riposte::ir {

const char* name(NodeKind k) {
  switch (k) {
#define X(n, doc) \
  case NodeKind::n: return #n;
    RIPOSTE_IR_NODES(X)
#undef X
  }
  return "?";
}

const char* spelling(BinOp op) {
  switch (op) {
#define X(n, s) \
  case BinOp::n: return s;
    RIPOSTE_BINOPS(X)
#undef X
  }
  return "?";
}

NodePtr make(NodeKind k, Loc loc) { return std::make_unique<Node>(k, loc); }

NodePtr make(NodeKind k, NodePtr a, Loc loc) {
  NodePtr n = make(k, loc);
  n->kids.push_back(std::move(a));
  return n;
}

NodePtr make(NodeKind k, NodePtr a, NodePtr b, Loc loc) {
  NodePtr n = make(k, std::move(a), loc);
  n->kids.push_back(std::move(b));
  return n;
}

NodePtr make_const(std::string json, Loc loc) {
  NodePtr n = make(NodeKind::Const, loc);
  n->text = std::move(json);
  return n;
}

Pattern clone(const Pattern& p) {
  Pattern c;
  c.kind = p.kind;
  c.var = p.var;
  c.loc = p.loc;
  for (const Pattern& e : p.elems) c.elems.push_back(clone(e));
  for (const Pattern::Entry& e : p.entries) {
    Pattern::Entry ce;
    ce.key_var = e.key_var;
    if (e.key) ce.key = clone(*e.key);
    if (e.value) ce.value = std::make_unique<Pattern>(clone(*e.value));
    c.entries.push_back(std::move(ce));
  }
  return c;
}

NodePtr clone(const Node& n) {
  NodePtr c = make(n.kind, n.loc);
  c->kids.reserve(n.kids.size());
  for (const NodePtr& k : n.kids) c->kids.push_back(k ? clone(*k) : nullptr);
  c->text = n.text;
  c->binop = n.binop;
  c->var = n.var;
  c->func = n.func;
  c->param = n.param;
  c->label = n.label;
  c->funcs = n.funcs;
  for (const Pattern& p : n.patterns) c->patterns.push_back(clone(p));
  return c;
}

}  // namespace riposte::ir
