// Dead code: functions no longer reachable from `main` (typically builtins
// whose every call was inlined) are dropped and the rest renumbered;
// FuncDefs left empty disappear; `. | x` and `x | .` become `x`.
#include "ir/passes.h"
#include "ir/walk.h"

namespace riposte::ir {
namespace {

void collect_calls(const Node& n, std::vector<FuncId>& out) {
  if (n.kind == NodeKind::CallFunc) out.push_back(n.func);
  for (const NodePtr& k : n.kids)
    if (k) collect_calls(*k, out);
  for (const Pattern& p : n.patterns) {
    std::vector<const Pattern*> stack{&p};
    while (!stack.empty()) {
      const Pattern* q = stack.back();
      stack.pop_back();
      for (const Pattern& e : q->elems) stack.push_back(&e);
      for (const Pattern::Entry& e : q->entries) {
        if (e.key) collect_calls(*e.key, out);
        if (e.value) stack.push_back(e.value.get());
      }
    }
  }
}

std::vector<bool> reachable_functions(const Module& m) {
  std::vector<bool> seen(m.funcs.size(), false);
  std::vector<FuncId> work;
  if (m.main) collect_calls(*m.main, work);
  while (!work.empty()) {
    FuncId f = work.back();
    work.pop_back();
    if (f >= seen.size() || seen[f]) continue;
    seen[f] = true;
    if (m.funcs[f].body) collect_calls(*m.funcs[f].body, work);
    if (m.funcs[f].parent != kNone) work.push_back(m.funcs[f].parent);
  }
  return seen;
}

void simplify(NodePtr& n, const std::vector<FuncId>& new_id) {
  switch (n->kind) {
    case NodeKind::CallFunc:
    case NodeKind::CallParam: n->func = new_id[n->func]; return;
    case NodeKind::FuncDefs: {
      std::vector<FuncId> kept;
      for (FuncId f : n->funcs)
        if (new_id[f] != kNone) kept.push_back(new_id[f]);
      n->funcs = std::move(kept);
      if (n->funcs.empty()) n = std::move(n->kids[0]);
      return;
    }
    case NodeKind::Pipe:
      if (n->kids[0]->kind == NodeKind::Identity) {
        n = std::move(n->kids[1]);
      } else if (n->kids[1]->kind == NodeKind::Identity) {
        n = std::move(n->kids[0]);
      }
      return;
    default: return;
  }
}

}  // namespace

void remove_dead_code(Module& m) {
  std::vector<bool> live = reachable_functions(m);
  std::vector<FuncId> new_id(m.funcs.size(), kNone);
  std::vector<Function> kept;
  for (FuncId f = 0; f < m.funcs.size(); ++f) {
    if (!live[f]) continue;
    new_id[f] = static_cast<FuncId>(kept.size());
    kept.push_back(std::move(m.funcs[f]));
  }
  for (Function& f : kept)
    if (f.parent != kNone) f.parent = new_id[f.parent];
  m.funcs = std::move(kept);
  rewrite_module(m, [&](NodePtr& n) { simplify(n, new_id); });
}

}  // namespace riposte::ir
