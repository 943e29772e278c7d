// Small traversal helpers shared by the passes.
#pragma once

#include "ir/ir.h"

namespace riposte::ir {

// Calls f(node) for every node of the tree in post-order, including the key
// expressions of object patterns.  f may replace the NodePtr it is given.
template <typename F>
void rewrite_post_order(NodePtr& n, F&& f);

template <typename F>
void rewrite_pattern_keys(Pattern& p, F&& f) {
  for (Pattern& e : p.elems) rewrite_pattern_keys(e, f);
  for (Pattern::Entry& e : p.entries) {
    if (e.key) rewrite_post_order(e.key, f);
    if (e.value) rewrite_pattern_keys(*e.value, f);
  }
}

template <typename F>
void rewrite_post_order(NodePtr& n, F&& f) {
  if (!n) return;
  for (NodePtr& k : n->kids) rewrite_post_order(k, f);
  for (Pattern& p : n->patterns) rewrite_pattern_keys(p, f);
  f(n);
}

// Calls f on the main program and every function body.
template <typename F>
void rewrite_module(Module& m, F&& f) {
  for (Function& fn : m.funcs) rewrite_post_order(fn.body, f);
  rewrite_post_order(m.main, f);
}

// Number of nodes of a tree (pattern keys included).
size_t node_count(const Node& n);

}  // namespace riposte::ir
