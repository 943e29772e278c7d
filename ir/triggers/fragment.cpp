// Sub-expressions of a trigger as stand-alone programs.
#include "ir/triggers/fragment.h"

#include <array>
#include <string_view>

#include "ir/passes.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "ir/walk.h"

namespace riposte::ir::triggers {
namespace {

// Natives whose outputs depend on more than the input and the globals, or
// that talk to the host: evaluating them once for many triggers would not be
// the same as evaluating them in each trigger.
// (stdlib/natives.def's capability column: anything beyond the input and
// arguments but the process environment, which one process sees fixed.)
bool impure_native(const Module& m, const Node& n) {
  Capability c = native_facts(m, n.text, static_cast<unsigned>(n.kids.size())).capability;
  return c != Capability::None && c != Capability::Environment;
}

bool calls_impure(Module& m) {
  bool impure = false;
  rewrite_module(m, [&](NodePtr& n) {
    if (n->kind == NodeKind::CallNative && impure_native(m, *n)) impure = true;
  });
  return impure;
}

}  // namespace

std::unique_ptr<Module> make_fragment(const Module& m, const Node& expr) {
  auto f = std::make_unique<Module>();
  f->vars = m.vars;
  f->labels = m.labels;
  f->globals = m.globals;
  f->native_facts = m.native_facts;
  f->funcs.reserve(m.funcs.size());
  for (const Function& fn : m.funcs) {
    Function copy;
    copy.name = fn.name;
    copy.params = fn.params;
    copy.body = fn.body ? clone(*fn.body) : nullptr;
    copy.parent = fn.parent;
    copy.builtin = fn.builtin;
    copy.recursive = fn.recursive;
    copy.loc = fn.loc;
    f->funcs.push_back(std::move(copy));
  }
  f->main = clone(expr);
  remove_dead_code(*f);
  if (!verify(*f).empty() || calls_impure(*f)) return nullptr;
  return f;
}

std::string fragment_key(const Module& fragment) { return print(fragment); }

}  // namespace riposte::ir::triggers
