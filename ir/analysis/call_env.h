// The call stack the analyses keep while they walk a module: jq functions
// are second-class (a closure argument cannot outlive the call it is passed
// to), so the innermost active frame of function F is the one a
// `CallParam` of F refers to, and an argument is analysed in the frames of
// its call site.  Walking callee bodies at each call site (rather than
// summarising each function once) lets `select(.Name == "x")` see the
// input of the call; the depth limit and the re-entry cut keep recursive
// functions finite.
#pragma once

#include <cstddef>

#include "ir/ir.h"

namespace riposte::ir::analysis {

struct Frame {
  FuncId func = kNone;
  const Node* call = nullptr;  // the CallFunc: kids are the closure arguments
  const Frame* up = nullptr;   // the frames of the call site
};

inline constexpr size_t kMaxCallDepth = 24;

// The closure argument a CallParam stands for, and the frames to analyse it in.
struct ParamBinding {
  const Node* arg = nullptr;  // null when the frame is not on the stack (cannot happen in valid IR)
  const Frame* frames = nullptr;
};

inline ParamBinding resolve_param(const Node& call_param, const Frame* frames) {
  for (const Frame* f = frames; f; f = f->up) {
    if (f->func != call_param.func) continue;
    if (call_param.param >= f->call->kids.size()) return {};
    return {f->call->kids[call_param.param].get(), f->up};
  }
  return {};
}

// True when calling `func` again would recurse or exceed the depth limit:
// the analyses then use "unknown" for the call.
inline bool too_deep(FuncId func, const Frame* frames) {
  size_t depth = 0;
  for (const Frame* f = frames; f; f = f->up, ++depth)
    if (f->func == func || depth >= kMaxCallDepth) return true;
  return false;
}

// True when the code being walked is the body of a jq-defined builtin (its
// locations point into the prelude, not into the user's text).
inline bool in_builtin(const Module& m, const Frame* frames) {
  return frames != nullptr && frames->func < m.funcs.size() && m.funcs[frames->func].builtin;
}

}  // namespace riposte::ir::analysis
