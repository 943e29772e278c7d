// The JIT's subset of the IR (jit/subset.h).
#include "jit/subset.h"

#include <fmt/format.h>

#include "stdlib/natives.h"
#include "vm/bytecode.h"
#include "vm/intrinsics.h"

namespace riposte::jit {
namespace {

using K = ir::NodeKind;

bool plain_var(const std::vector<ir::Pattern>& patterns) {
  return patterns.size() == 1 && patterns[0].kind == ir::Pattern::Kind::Var;
}

// Empty when n is supported, else why not.
std::string check_node(const ir::Module& m, const ir::Node& n) {
  switch (n.kind) {
    case K::Path:
      return "path expressions";
    case K::CallFunc:
      return fmt::format("call of jq-defined function {}/{}", m.funcs[n.func].name, m.funcs[n.func].params.size());
    case K::CallParam:
      return "closure parameter";
    case K::Bind:
    case K::Reduce:
    case K::Foreach:
      if (!plain_var(n.patterns)) return "destructuring pattern";
      break;
    case K::CallNative: {
      size_t arity = n.kids.size();
      if (const vm::Intrinsic* in = vm::find_intrinsic(n.text, static_cast<unsigned>(arity));
          in && (in->op == vm::Op::BACKTRACK || in->op == vm::Op::ERROR))
        break;  // inlined by the code generator
      const stdlib::NativeInfo* info = stdlib::find_native(n.text, static_cast<unsigned>(arity));
      if (!info) return fmt::format("unknown native {}/{}", n.text, arity);
      if (!info->fn) return fmt::format("intrinsic {}/{}", n.text, arity);
      if (arity > vm::kMaxNativeArgs) return fmt::format("native {}/{} has too many arguments", n.text, arity);
      break;
    }
    default:
      break;
  }
  for (const ir::NodePtr& kid : n.kids) {
    if (!kid) continue;
    if (std::string why = check_node(m, *kid); !why.empty()) return why;
  }
  return {};
}

}  // namespace

bool supported(const ir::Module& m, std::string& why) {
  if (!m.main) {
    why = "no main program";
    return false;
  }
  why = check_node(m, *m.main);
  return why.empty();
}

}  // namespace riposte::jit
