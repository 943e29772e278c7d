#include "frontend/ast.h"

namespace riposte::frontend {

const char* name(AstKind k) {
  switch (k) {
#define X(n, doc) \
  case AstKind::n: return #n;
    RIPOSTE_AST_NODES(X)
#undef X
  }
  return "?";
}

const char* spelling(AstOp op, bool update) {
  switch (op) {
    case AstOp::Add: return update ? "+=" : "+";
    case AstOp::Sub: return update ? "-=" : "-";
    case AstOp::Mul: return update ? "*=" : "*";
    case AstOp::Div: return update ? "/=" : "/";
    case AstOp::Mod: return update ? "%=" : "%";
    case AstOp::Eq: return "==";
    case AstOp::Ne: return "!=";
    case AstOp::Lt: return "<";
    case AstOp::Le: return "<=";
    case AstOp::Gt: return ">";
    case AstOp::Ge: return ">=";
    case AstOp::Assign: return "=";
    case AstOp::Modify: return "|=";
    case AstOp::Alt: return "//=";
  }
  return "?";
}

ExprPtr make_expr(AstKind k, SourceLoc loc) { return std::make_unique<Expr>(k, loc); }

ExprPtr make_expr(AstKind k, SourceLoc loc, ExprPtr a) {
  auto e = make_expr(k, loc);
  e->kids.push_back(std::move(a));
  return e;
}

ExprPtr make_expr(AstKind k, SourceLoc loc, ExprPtr a, ExprPtr b) {
  auto e = make_expr(k, loc);
  e->kids.push_back(std::move(a));
  e->kids.push_back(std::move(b));
  return e;
}

ExprPtr make_literal(std::string json, SourceLoc loc) {
  auto e = make_expr(AstKind::Literal, loc);
  e->text = std::move(json);
  return e;
}

}  // namespace riposte::frontend
