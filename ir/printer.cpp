// The stable text dump of the IR: one line per node, children indented by
// two spaces.  Functions first (in id order), then `main`.  Names carry
// their ids (`$x#3`, `map/1#7`) so that a dump says exactly what refers to
// what; source locations are left out to keep dumps stable under edits.
#include "ir/printer.h"

#include <fmt/format.h>

namespace riposte::ir {
namespace {

class Printer {
 public:
  explicit Printer(const Module& m) : m_(m) {}

  std::string run() {
    for (FuncId id = 0; id < m_.funcs.size(); ++id) function(id);
    out_ += fmt::format("main globals({}):\n", var_list(m_.globals));
    if (m_.main) node(*m_.main, 1);
    return std::move(out_);
  }

 private:
  void function(FuncId id) {
    const Function& f = m_.funcs[id];
    std::string flags;
    if (f.builtin) flags += " builtin";
    if (f.recursive) flags += " recursive";
    if (f.parent != kNone) flags += fmt::format(" in {}", func_name(f.parent));
    std::string params;
    for (size_t i = 0; i < f.params.size(); ++i) {
      if (i) params += "; ";
      params += f.params[i];
    }
    out_ += fmt::format("def {}({}){}:\n", func_name(id), params, flags);
    if (f.body) node(*f.body, 1);
  }

  std::string func_name(FuncId id) const {
    if (id >= m_.funcs.size()) return fmt::format("?#{}", id);
    const Function& f = m_.funcs[id];
    return fmt::format("{}/{}#{}", f.name, f.params.size(), id);
  }
  std::string var_name(VarId id) const {
    if (id >= m_.vars.size()) return fmt::format("$?#{}", id);
    return fmt::format("${}#{}", m_.vars[id], id);
  }
  std::string label_name(LabelId id) const {
    if (id >= m_.labels.size()) return fmt::format("?#{}", id);
    return fmt::format("{}#{}", m_.labels[id], id);
  }
  std::string var_list(const std::vector<VarId>& ids) const {
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (i) s += ' ';
      s += var_name(ids[i]);
    }
    return s;
  }

  std::string head(const Node& n) const {
    switch (n.kind) {
      case NodeKind::Const: return fmt::format("Const {}", n.text);
      case NodeKind::Var: return fmt::format("Var {}", var_name(n.var));
      case NodeKind::Binary: return fmt::format("Binary {}", spelling(n.binop));
      case NodeKind::Label:
      case NodeKind::Break: return fmt::format("{} {}", name(n.kind), label_name(n.label));
      case NodeKind::CallFunc: return fmt::format("CallFunc {}", func_name(n.func));
      case NodeKind::CallParam: {
        std::string p = "?";
        if (n.func < m_.funcs.size() && n.param < m_.funcs[n.func].params.size())
          p = m_.funcs[n.func].params[n.param];
        return fmt::format("CallParam {}.{} of {}", p, n.param, func_name(n.func));
      }
      case NodeKind::CallNative: return fmt::format("CallNative {}/{}", n.text, n.kids.size());
      case NodeKind::FuncDefs: {
        std::string s = "FuncDefs";
        for (FuncId f : n.funcs) {
          s += ' ';
          s += func_name(f);
        }
        return s;
      }
      default: return name(n.kind);
    }
  }

  void indent(int depth) { out_.append(static_cast<size_t>(depth) * 2, ' '); }

  void node(const Node& n, int depth) {
    indent(depth);
    out_ += head(n);
    out_ += '\n';
    for (size_t i = 0; i < n.patterns.size(); ++i) {
      indent(depth + 1);
      out_ += i == 0 ? "as " : "?// ";
      pattern(n.patterns[i], depth + 1);
    }
    for (const NodePtr& k : n.kids) {
      if (k) {
        node(*k, depth + 1);
      } else {
        indent(depth + 1);
        out_ += "<null>\n";
      }
    }
  }

  // Patterns print inline when they are plain variables, else as a tree.
  void pattern(const Pattern& p, int depth) {
    switch (p.kind) {
      case Pattern::Kind::Var:
        out_ += var_name(p.var);
        out_ += '\n';
        return;
      case Pattern::Kind::Array:
        out_ += "[array]\n";
        for (const Pattern& e : p.elems) {
          indent(depth + 1);
          pattern(e, depth + 1);
        }
        return;
      case Pattern::Kind::Object:
        out_ += "{object}\n";
        for (const Pattern::Entry& e : p.entries) entry(e, depth + 1);
        return;
    }
  }

  void entry(const Pattern::Entry& e, int depth) {
    indent(depth);
    if (e.key_var != kNone) {
      out_ += fmt::format("key {}", var_name(e.key_var));
    } else {
      out_ += "key\n";
      if (e.key) node(*e.key, depth + 1);
      indent(depth);
    }
    if (e.value) {
      out_ += " : ";
      pattern(*e.value, depth);
    } else {
      out_ += "\n";
    }
  }

  const Module& m_;
  std::string out_;
};

}  // namespace

std::string print(const Module& m) { return Printer(m).run(); }

}  // namespace riposte::ir
