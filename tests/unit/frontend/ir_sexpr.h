// A compact one-line dump of lowered IR for the front end's tests (kept
// local so these tests do not depend on the IR printer's format).
#pragma once

#include <string>

#include "ir/ir.h"

namespace riposte::frontend::testing {

inline const char* kind_name(ir::NodeKind k) {
  switch (k) {
#define X(n, doc) \
  case ir::NodeKind::n: return #n;
    RIPOSTE_IR_NODES(X)
#undef X
  }
  return "?";
}

inline const char* binop_name(ir::BinOp op) {
  switch (op) {
#define X(n, s) \
  case ir::BinOp::n: return s;
    RIPOSTE_BINOPS(X)
#undef X
  }
  return "?";
}

class SExpr {
 public:
  explicit SExpr(const ir::Module& m) : m_(m) {}

  std::string node(const ir::Node& n) const {
    using K = ir::NodeKind;
    switch (n.kind) {
      case K::Identity: return ".";
      case K::Const: return n.text;
      case K::Var: return var(n.var);
      case K::Break: return "(Break " + label(n.label) + ")";
      case K::CallParam: return "(CallParam " + m_.funcs[n.func].name + "." + m_.funcs[n.func].params[n.param] + ")";
      default: break;
    }
    std::string out = std::string("(") + kind_name(n.kind);
    if (n.kind == K::Binary) out += std::string(" ") + binop_name(n.binop);
    if (n.kind == K::CallNative) out += " " + n.text;
    if (n.kind == K::CallFunc) out += " " + func(n.func);
    if (n.kind == K::Label) out += " " + label(n.label);
    if (n.kind == K::FuncDefs) {
      out += " [";
      for (size_t i = 0; i < n.funcs.size(); ++i) out += (i ? " " : "") + func(n.funcs[i]);
      out += "]";
    }
    for (const auto& p : n.patterns) out += " " + pattern(p);
    for (const auto& k : n.kids) out += " " + (k ? node(*k) : std::string("null"));
    return out + ")";
  }

  std::string pattern(const ir::Pattern& p) const {
    switch (p.kind) {
      case ir::Pattern::Kind::Var: return var(p.var);
      case ir::Pattern::Kind::Array: {
        std::string out = "[";
        for (size_t i = 0; i < p.elems.size(); ++i) out += (i ? ", " : "") + pattern(p.elems[i]);
        return out + "]";
      }
      case ir::Pattern::Kind::Object: {
        std::string out = "{";
        for (size_t i = 0; i < p.entries.size(); ++i) {
          const auto& e = p.entries[i];
          out += i ? ", " : "";
          out += e.key_var != ir::kNone ? var(e.key_var) : node(*e.key);
          if (e.value) out += ": " + pattern(*e.value);
        }
        return out + "}";
      }
    }
    return "?";
  }

  // Every function, then main.
  std::string module() const {
    std::string out;
    for (size_t i = 0; i < m_.funcs.size(); ++i) {
      const ir::Function& f = m_.funcs[i];
      out += "def " + func(static_cast<ir::FuncId>(i)) + "(";
      for (size_t j = 0; j < f.params.size(); ++j) out += (j ? "; " : "") + f.params[j];
      out += ")";
      if (f.builtin) out += " builtin";
      if (f.recursive) out += " recursive";
      out += ": " + (f.body ? node(*f.body) : std::string("null")) + "\n";
    }
    return out + "main: " + node(*m_.main) + "\n";
  }

 private:
  std::string var(ir::VarId v) const { return "$" + m_.vars[v] + "#" + std::to_string(v); }
  std::string func(ir::FuncId f) const { return m_.funcs[f].name + "#" + std::to_string(f); }
  std::string label(ir::LabelId l) const { return "$" + m_.labels[l] + "#" + std::to_string(l); }

  const ir::Module& m_;
};

}  // namespace riposte::frontend::testing
