// Inlining of small jq-defined functions (`map`, `select`, `any`, user
// helpers ...).  A call is replaced by a copy of the body in which the
// callee's closure parameters are replaced by copies of the arguments.
//
// Every copy gets fresh ids for the variables and labels it binds, so that
// two copies never share a slot (a body that uses its parameter twice, or
// two inlined calls of one function, would otherwise clobber each other's
// bindings while backtracking).  Bodies with nested definitions or that
// refer to an enclosing function's parameters are not inlined, nor are
// arguments that define functions (function ids cannot be duplicated).
#include <functional>
#include <unordered_map>

#include "ir/passes.h"
#include "ir/walk.h"

namespace riposte::ir {
namespace {

constexpr size_t kMaxInlineNodes = 40;

bool has_func_defs(const Node& n) {
  if (n.kind == NodeKind::FuncDefs) return true;
  for (const NodePtr& k : n.kids)
    if (k && has_func_defs(*k)) return true;
  return false;
}

bool self_contained(const Node& n, FuncId self) {
  switch (n.kind) {
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
    if (k && !self_contained(*k, self)) return false;
  return true;
}

bool inlinable(const Module& m, FuncId id) {
  const Function& f = m.funcs[id];
  return f.body && !f.recursive && f.parent == kNone && node_count(*f.body) <= kMaxInlineNodes &&
         self_contained(*f.body, id);
}

// Gives the variables and labels bound inside `root` new ids.
class Renamer {
 public:
  explicit Renamer(Module& m) : m_(m) {}

  void run(NodePtr& root) {
    collect(*root);
    rewrite_post_order(root, [&](NodePtr& n) { rename(*n); });
  }

 private:
  void pattern_binders(Pattern& p) {
    if (p.kind == Pattern::Kind::Var) fresh_var(p.var);
    for (Pattern& e : p.elems) pattern_binders(e);
    for (Pattern::Entry& e : p.entries) {
      if (e.key_var != kNone) fresh_var(e.key_var);
      if (e.key) collect(*e.key);
      if (e.value) pattern_binders(*e.value);
    }
  }
  void fresh_var(VarId v) {
    if (vars_.count(v)) return;
    m_.vars.push_back(m_.vars[v]);
    vars_[v] = static_cast<VarId>(m_.vars.size() - 1);
  }
  void collect(Node& n) {
    for (Pattern& p : n.patterns) pattern_binders(p);
    if (n.kind == NodeKind::Label && !labels_.count(n.label)) {
      m_.labels.push_back(m_.labels[n.label]);
      labels_[n.label] = static_cast<LabelId>(m_.labels.size() - 1);
    }
    for (NodePtr& k : n.kids)
      if (k) collect(*k);
  }
  void rename_pattern(Pattern& p) {
    if (p.kind == Pattern::Kind::Var) p.var = vars_.at(p.var);
    for (Pattern& e : p.elems) rename_pattern(e);
    for (Pattern::Entry& e : p.entries) {
      if (e.key_var != kNone) e.key_var = vars_.at(e.key_var);
      if (e.value) rename_pattern(*e.value);
    }
  }
  void rename(Node& n) {
    for (Pattern& p : n.patterns) rename_pattern(p);
    if (n.kind == NodeKind::Var) {
      auto it = vars_.find(n.var);
      if (it != vars_.end()) n.var = it->second;  // free variables keep their ids
    }
    if (n.kind == NodeKind::Label || n.kind == NodeKind::Break) {
      auto it = labels_.find(n.label);
      if (it != labels_.end()) n.label = it->second;
    }
  }

  Module& m_;
  std::unordered_map<VarId, VarId> vars_;
  std::unordered_map<LabelId, LabelId> labels_;
};

NodePtr fresh_copy(Module& m, const Node& n) {
  NodePtr copy = clone(n);
  Renamer(m).run(copy);
  return copy;
}

// The body of the callee with its parameters replaced by the call's
// arguments (each use gets its own fresh copy).
NodePtr expand(Module& m, const Node& call) {
  NodePtr body = fresh_copy(m, *m.funcs[call.func].body);
  rewrite_post_order(body, [&](NodePtr& n) {
    if (n->kind == NodeKind::CallParam && n->func == call.func) n = fresh_copy(m, *call.kids[n->param]);
  });
  return body;
}

bool args_inlinable(const Node& call) {
  for (const NodePtr& k : call.kids)
    if (has_func_defs(*k)) return false;
  return true;
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
  // Post-order: arguments are expanded before the call that receives them.
  // An expanded body is walked again for the calls it contains; that ends
  // because inlinable functions are not recursive (their calls form a DAG).
  std::function<void(NodePtr&)> visit = [&](NodePtr& n) {
    if (n->kind != NodeKind::CallFunc || n->func >= ok.size() || !ok[n->func] || !args_inlinable(*n)) return;
    n = expand(m, *n);
    rewrite_post_order(n, visit);
  };
  rewrite_module(m, visit);
}

}  // namespace riposte::ir
