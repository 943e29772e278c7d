// Inlining of small jq-defined functions (`map`, `select`, `values`, user
// helpers ...).  A call is replaced by a copy of the body in which the
// callee's closure parameters are replaced by copies of the arguments.
//
// This is exact only when the body binds nothing (no `as`, reduce, foreach,
// label or nested def: copies would share variable ids) and refers to no
// enclosing function's parameters, so only such bodies are inlined.  The
// arguments then run in the caller's scope, where they were written.
#include "ir/passes.h"
#include "ir/walk.h"

namespace riposte::ir {
namespace {

constexpr size_t kMaxInlineNodes = 24;

bool binds_nothing(const Node& n, FuncId self) {
  switch (n.kind) {
    case NodeKind::Bind:
    case NodeKind::Reduce:
    case NodeKind::Foreach:
    case NodeKind::Label:
    case NodeKind::Break:
    case NodeKind::FuncDefs: return false;
    case NodeKind::CallParam:
      if (n.func != self) return false;
      break;
    case NodeKind::CallFunc:
      if (n.func == self) return false;
      break;
    default: break;
  }
  for (const NodePtr& k : n.kids)
    if (k && !binds_nothing(*k, self)) return false;
  return true;
}

bool inlinable(const Module& m, FuncId id) {
  const Function& f = m.funcs[id];
  return f.body && !f.recursive && f.parent == kNone && node_count(*f.body) <= kMaxInlineNodes &&
         binds_nothing(*f.body, id);
}

// The body of `callee` with its parameters replaced by the call's arguments.
NodePtr expand(const Module& m, const Node& call) {
  NodePtr body = clone(*m.funcs[call.func].body);
  rewrite_post_order(body, [&](NodePtr& n) {
    if (n->kind == NodeKind::CallParam && n->func == call.func) n = clone(*call.kids[n->param]);
  });
  return body;
}

}  // namespace

size_t node_count(const Node& n) {
  size_t count = 1;
  for (const NodePtr& k : n.kids)
    if (k) count += node_count(*k);
  return count;
}

void inline_functions(Module& m) {
  std::vector<bool> ok(m.funcs.size());
  for (FuncId id = 0; id < m.funcs.size(); ++id) ok[id] = inlinable(m, id);
  // Post-order: arguments are expanded before the call that receives them,
  // and an expanded body is not revisited, so this terminates.
  rewrite_module(m, [&](NodePtr& n) {
    if (n->kind == NodeKind::CallFunc && n->func < ok.size() && ok[n->func]) n = expand(m, *n);
  });
}

}  // namespace riposte::ir
