// A stable, readable dump of the AST (`riposte ir --stage ast`): one node
// per line, kids indented by two spaces, each line ending in line:column.
#include <fmt/format.h>

#include "frontend/ast.h"
#include "frontend/frontend.h"

namespace riposte::frontend {
namespace {

class AstPrinter {
 public:
  std::string out;

  void expr(const Expr* e, int depth) {
    if (!e) {
      line(depth, "(none)", {});
      return;
    }
    line(depth, header(*e), e->loc);
    for (const auto& def : e->defs) func_def(def, depth + 1);
    for (const auto& p : e->patterns) pattern(p, depth + 1);
    for (const auto& entry : e->entries) {
      line(depth + 1, entry.value ? "Entry" : "Entry (shorthand)", entry.loc);
      expr(entry.key.get(), depth + 2);
      if (entry.value) expr(entry.value.get(), depth + 2);
    }
    for (const auto& kid : e->kids) expr(kid.get(), depth + 1);
  }

 private:
  void line(int depth, std::string_view text, SourceLoc loc) {
    out.append(static_cast<size_t>(depth) * 2, ' ');
    out += text;
    if (loc.line) out += fmt::format(" @{}:{}", loc.line, loc.column);
    out += '\n';
  }

  static std::string header(const Expr& e) {
    std::string h = name(e.kind);
    switch (e.kind) {
      case AstKind::Literal: return h + " " + e.text;
      case AstKind::Binary: return h + " " + spelling(e.op, false);
      case AstKind::Update: return h + " " + spelling(e.op, true);
      case AstKind::Call: return fmt::format("{} {}/{}", h, e.text, e.kids.size());
      case AstKind::Var:
      case AstKind::Label:
      case AstKind::Break: return h + " $" + e.text;
      case AstKind::Format: return h + " " + e.text;
      case AstKind::StringInterp: return e.text.empty() ? h : h + " " + e.text;
      default: return h;
    }
  }

  void func_def(const FuncDef& f, int depth) {
    std::string params;
    for (size_t i = 0; i < f.params.size(); ++i) params += (i ? "; " : "") + f.params[i];
    line(depth, params.empty() ? "Def " + f.name : fmt::format("Def {}({})", f.name, params), f.loc);
    expr(f.body.get(), depth + 1);
  }

  void pattern(const Pattern& p, int depth) {
    switch (p.kind) {
      case Pattern::Kind::Var: line(depth, "Pattern $" + p.name, p.loc); return;
      case Pattern::Kind::Array:
        line(depth, "Pattern array", p.loc);
        for (const auto& e : p.elems) pattern(e, depth + 1);
        return;
      case Pattern::Kind::Object:
        line(depth, "Pattern object", p.loc);
        for (const auto& e : p.entries) {
          if (!e.key_var.empty()) {
            line(depth + 1, "Key $" + e.key_var, e.loc);
          } else {
            line(depth + 1, "Key", e.loc);
            expr(e.key.get(), depth + 2);
          }
          if (e.value) pattern(*e.value, depth + 2);
        }
        return;
    }
  }
};

}  // namespace

std::string print_ast(const Ast& ast) {
  AstPrinter p;
  p.expr(ast.root.get(), 0);
  return std::move(p.out);
}

}  // namespace riposte::frontend
