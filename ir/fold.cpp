// Constant folding: operators and pure natives over constants, and control
// flow whose condition is a constant.  Whether something may be folded (pure,
// does not fail) is the Folder's decision: it is supplied by the VM.
#include "ir/passes.h"
#include "ir/walk.h"

namespace riposte::ir {
namespace {

bool is_const(const NodePtr& n) { return n && n->kind == NodeKind::Const; }

// JSON truthiness of a constant's text: only null and false are false.
bool const_truthy(const std::string& json) { return json != "null" && json != "false"; }

void fold_node(NodePtr& n, const Folder& folder) {
  switch (n->kind) {
    case NodeKind::Binary:
      if (folder.binary && is_const(n->kids[0]) && is_const(n->kids[1])) {
        if (auto r = folder.binary(n->binop, n->kids[0]->text, n->kids[1]->text)) n = make_const(*r, n->loc);
      }
      return;
    case NodeKind::CallNative: {
      if (!folder.native) return;
      std::vector<std::string> args;
      for (const NodePtr& k : n->kids) {
        if (!is_const(k)) return;
        args.push_back(k->text);
      }
      // A native of no argument still depends on its input: only calls whose
      // input is known (a constant piped in) could fold; they are handled
      // through Pipe below.
      if (args.empty()) return;
      (void)args;
      return;
    }
    case NodeKind::Pipe: {
      // `c | native(consts...)`: the input is a constant too.
      if (!folder.native || !is_const(n->kids[0])) return;
      const NodePtr& call = n->kids[1];
      if (call->kind != NodeKind::CallNative) return;
      std::vector<std::string> args{n->kids[0]->text};
      for (const NodePtr& k : call->kids) {
        if (!is_const(k)) return;
        args.push_back(k->text);
      }
      if (auto r = folder.native(call->text, args)) n = make_const(*r, n->loc);
      return;
    }
    case NodeKind::If:
      if (is_const(n->kids[0])) {
        NodePtr branch = std::move(n->kids[const_truthy(n->kids[0]->text) ? 1 : 2]);
        n = std::move(branch);
      }
      return;
    case NodeKind::Alt:
      // A truthy constant is the whole result of `c // x`.
      if (is_const(n->kids[0]) && const_truthy(n->kids[0]->text)) n = std::move(n->kids[0]);
      return;
    default: return;
  }
}

}  // namespace

// Folder::native receives the input first, then the arguments, as JSON.
void fold_constants(Module& m, const Folder& folder) {
  rewrite_module(m, [&](NodePtr& n) { fold_node(n, folder); });
}

}  // namespace riposte::ir
