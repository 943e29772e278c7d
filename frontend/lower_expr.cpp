// Lowering of expressions: one small function per kind of AST node.
#include <fmt/format.h>

#include "support/json_text.h"
#include "frontend/lower.h"

namespace riposte::frontend {

namespace {

ir::BinOp binop_of(AstOp op) {
  switch (op) {
    case AstOp::Add: return ir::BinOp::Add;
    case AstOp::Sub: return ir::BinOp::Sub;
    case AstOp::Mul: return ir::BinOp::Mul;
    case AstOp::Div: return ir::BinOp::Div;
    case AstOp::Mod: return ir::BinOp::Mod;
    case AstOp::Eq: return ir::BinOp::Eq;
    case AstOp::Ne: return ir::BinOp::Ne;
    case AstOp::Lt: return ir::BinOp::Lt;
    case AstOp::Le: return ir::BinOp::Le;
    case AstOp::Gt: return ir::BinOp::Gt;
    case AstOp::Ge: return ir::BinOp::Ge;
    default: return ir::BinOp::Add;
  }
}

}  // namespace

ir::NodePtr Lowerer::lower(const Expr& e) {
  using K = AstKind;
  using N = ir::NodeKind;
  switch (e.kind) {
    case K::Identity: return ir_node(N::Identity, e.loc);
    case K::RecurseDefault: return call_builtin("recurse", {}, e.loc, "'..'");
    case K::Literal: return ir_const(e.text, e.loc);
    case K::StringInterp: return lower_string(e);
    case K::Interp: return lower(*e.kids[0]);
    case K::Format: return lower_format(e);
    case K::Index: return lower_kids_as(N::Index, e);
    case K::Slice: return lower_slice(e);
    case K::Iterate: return lower_kids_as(N::Iterate, e);
    case K::Try: return lower_try(e);
    case K::Negate: return lower_unary(e, "_negate");
    case K::Plus: return lower_unary(e, "_plus");
    case K::Array: return lower_kids_as(N::Collect, e);
    case K::Object: return lower_object(e);
    case K::Pipe: return lower_kids_as(N::Pipe, e);
    case K::Comma: return lower_kids_as(N::Comma, e);
    case K::Binary: {
      auto n = lower_kids_as(N::Binary, e);
      n->binop = binop_of(e.op);
      return n;
    }
    case K::And: return lower_kids_as(N::And, e);
    case K::Or: return lower_kids_as(N::Or, e);
    case K::Alt: return lower_kids_as(N::Alt, e);
    case K::Update: return lower_update(e);
    case K::If: return lower_if(e);
    case K::Reduce: return lower_reduce(e);
    case K::Foreach: return lower_foreach(e);
    case K::Bind: return lower_bind(e);
    case K::Label: return lower_label(e);
    case K::Break: return lower_break(e);
    case K::Call: return lower_call(e);
    case K::Var: return lower_var(e);
    case K::SourceLocation: return source_location(e);
    case K::FuncDefs: return lower_func_defs(e);
  }
  return ir_node(N::Identity, e.loc);
}

// A node of kind `k` whose kids are the lowered kids of `e`, in order.
ir::NodePtr Lowerer::lower_kids_as(ir::NodeKind k, const Expr& e) {
  auto n = ir_node(k, e.loc);
  for (const auto& kid : e.kids) n->kids.push_back(lower(*kid));
  return n;
}

ir::NodePtr Lowerer::lower_slice(const Expr& e) {
  auto n = ir_node(ir::NodeKind::Slice, e.loc, lower(*e.kids[0]));
  for (size_t i = 1; i < 3; ++i) n->kids.push_back(e.kids[i] ? lower(*e.kids[i]) : ir_const("null", e.loc));
  return n;
}

ir::NodePtr Lowerer::lower_try(const Expr& e) { return lower_kids_as(ir::NodeKind::Try, e); }

ir::NodePtr Lowerer::lower_if(const Expr& e) {
  auto n = ir_node(ir::NodeKind::If, e.loc, lower(*e.kids[0]), lower(*e.kids[1]));
  n->kids.push_back(e.kids[2] ? lower(*e.kids[2]) : ir_node(ir::NodeKind::Identity, e.loc));
  return n;
}

// -e and gojq's +e: natives of one value argument.
ir::NodePtr Lowerer::lower_unary(const Expr& e, std::string_view native) {
  std::vector<ir::NodePtr> args;
  args.push_back(lower(*e.kids[0]));
  return call_builtin(native, std::move(args), e.loc, e.kind == AstKind::Negate ? "unary '-'" : "unary '+'");
}

ir::NodePtr Lowerer::lower_call(const Expr& e) {
  unsigned arity = static_cast<unsigned>(e.kids.size());
  // path(f) is an IR node, unless the program defines its own path/1.
  if (e.text == "path" && arity == 1 && resolve_local(e.text, arity).kind == Callee::Kind::None) {
    return ir_node(ir::NodeKind::Path, e.loc, lower(*e.kids[0]));
  }
  // A host function (`event` in a trigger) unless the program defines its
  // own: as if the host had prepended `def event: ...;` to the program.
  if (resolve_local(e.text, arity).kind == Callee::Kind::None) {
    if (ir::VarId var = global_function(e.text, arity); var != ir::kNone) {
      auto n = ir_node(ir::NodeKind::Var, e.loc);
      n->var = var;
      return n;
    }
  }
  Callee c = resolve_call(e.text, arity);
  switch (c.kind) {
    case Callee::Kind::Func: {
      auto n = lower_kids_as(ir::NodeKind::CallFunc, e);
      n->func = c.func;
      return n;
    }
    case Callee::Kind::Param: {
      auto n = ir_node(ir::NodeKind::CallParam, e.loc);
      n->func = c.func;
      n->param = c.param;
      return n;
    }
    case Callee::Kind::Native: {
      auto n = lower_kids_as(ir::NodeKind::CallNative, e);
      n->text = e.text;
      return n;
    }
    case Callee::Kind::Forbidden:
      forbidden(e.loc, fmt::format("{}/{}", e.text, arity), c.capability);
      return ir_node(ir::NodeKind::Identity, e.loc);
    case Callee::Kind::None:
      break;
  }
  error(support::diag::UnknownFunction, e.loc, e.text, arity);
  return ir_node(ir::NodeKind::Identity, e.loc);
}

ir::NodePtr Lowerer::lower_var(const Expr& e) {
  for (size_t i = vars_.size(); i-- > 0;) {
    if (vars_[i].name != e.text) continue;
    auto n = ir_node(ir::NodeKind::Var, e.loc);
    n->var = vars_[i].id;
    return n;
  }
  if (auto it = globals_.find(e.text); it != globals_.end()) {
    auto n = ir_node(ir::NodeKind::Var, e.loc);
    n->var = it->second;
    return n;
  }
  if (e.text == "ENV") {
    const ir::NativeFacts* env = native("$ENV", 0);
    if (env && !allowed(env->capability)) {
      forbidden(e.loc, "$ENV", env->capability);
      return ir_node(ir::NodeKind::Identity, e.loc);
    }
    return ir_native("$ENV", e.loc);
  }
  error(support::diag::UnknownVariable, e.loc, e.text);
  return ir_node(ir::NodeKind::Identity, e.loc);
}

// $__loc__: a constant, named as jq names the main program.
ir::NodePtr Lowerer::source_location(const Expr& e) {
  return ir_const(fmt::format("{{\"file\":\"<top-level>\",\"line\":{}}}", e.loc.line), e.loc);
}

// "a\(x)b" -> "a" + (x | tostring) + "b", left to right; with @fmt each
// interpolation goes through the format instead of tostring.
ir::NodePtr Lowerer::lower_string(const Expr& e) {
  std::string converter = e.text.empty() ? "tostring" : e.text;
  ir::NodePtr acc;
  for (const auto& part : e.kids) {
    ir::NodePtr piece = part->kind == AstKind::Interp
                            ? ir_node(ir::NodeKind::Pipe, part->loc, lower(*part->kids[0]), format_call(converter, part->loc))
                            : lower(*part);
    if (!acc) {
      acc = std::move(piece);
      continue;
    }
    acc = ir_node(ir::NodeKind::Binary, e.loc, std::move(acc), std::move(piece));
    acc->binop = ir::BinOp::Add;
  }
  return acc ? std::move(acc) : ir_const("\"\"", e.loc);
}

ir::NodePtr Lowerer::lower_format(const Expr& e) { return format_call(e.text, e.loc); }

// A format that does not exist is a run-time error, as in gojq, so that
// `@foo?` and `try @foo catch .` behave as there.
ir::NodePtr Lowerer::format_call(const std::string& name, SourceLoc loc) {
  if (native(name, 0)) return ir_native(name, loc);
  std::string message = "format not defined: " + name;
  return ir_node(ir::NodeKind::Pipe, loc, ir_const(support::json_quote(message), loc), ir_native("error", loc));
}

// { k: v, ... }: kids alternate key, value; a shorthand's value is .[key].
ir::NodePtr Lowerer::lower_object(const Expr& e) {
  auto n = ir_node(ir::NodeKind::Object, e.loc);
  for (const ObjectEntry& entry : e.entries) {
    n->kids.push_back(lower(*entry.key));
    if (entry.value) {
      n->kids.push_back(lower(*entry.value));
    } else {
      n->kids.push_back(ir_node(ir::NodeKind::Index, entry.loc, ir_node(ir::NodeKind::Identity, entry.loc), lower(*entry.key)));
    }
  }
  return n;
}

// a = b -> _assign(a; b);  a |= f -> _modify(a; f);
// a op= b -> b as $x | _modify(a; . op $x);  a //= b -> b as $x | _modify(a; . // $x).
ir::NodePtr Lowerer::lower_update(const Expr& e) {
  const Expr& lhs = *e.kids[0];
  const Expr& rhs = *e.kids[1];
  std::vector<ir::NodePtr> args;
  if (e.op == AstOp::Assign || e.op == AstOp::Modify) {
    args.push_back(lower(lhs));
    args.push_back(lower(rhs));
    bool assign = e.op == AstOp::Assign;
    return call_builtin(assign ? "_assign" : "_modify", std::move(args), e.loc, assign ? "'='" : "'|='");
  }
  ir::NodePtr value = lower(rhs);
  ir::VarId tmp = new_var("__rhs");
  auto var = ir_node(ir::NodeKind::Var, e.loc);
  var->var = tmp;
  ir::NodePtr update;
  if (e.op == AstOp::Alt) {
    update = ir_node(ir::NodeKind::Alt, e.loc, ir_node(ir::NodeKind::Identity, e.loc), std::move(var));
  } else {
    update = ir_node(ir::NodeKind::Binary, e.loc, ir_node(ir::NodeKind::Identity, e.loc), std::move(var));
    update->binop = binop_of(e.op);
  }
  args.push_back(lower(lhs));
  args.push_back(std::move(update));
  auto modify = call_builtin("_modify", std::move(args), e.loc, fmt::format("'{}'", spelling(e.op, true)));
  auto bind = ir_node(ir::NodeKind::Bind, e.loc, std::move(value), std::move(modify));
  ir::Pattern pattern;
  pattern.var = tmp;
  pattern.loc = ir_loc(e.loc);
  bind->patterns.push_back(std::move(pattern));
  return bind;
}

// def a: ..; def b: ..; body -- each definition sees itself and the earlier
// ones; the body sees all of them.
ir::NodePtr Lowerer::lower_func_defs(const Expr& e) {
  ScopeGuard scope(*this);
  auto n = ir_node(ir::NodeKind::FuncDefs, e.loc);
  for (const FuncDef& def : e.defs) {
    ir::FuncId id = new_function(def, current_func_, /*builtin=*/false);
    funcs_.push_back({def.name, static_cast<unsigned>(def.params.size()), id, ir::kNone});
    lower_function_body(id, def);
    n->funcs.push_back(id);
  }
  n->kids.push_back(lower(*e.kids[0]));
  return n;
}

ir::NodePtr Lowerer::lower_label(const Expr& e) {
  ScopeGuard scope(*this);
  m_->labels.push_back(e.text);
  auto id = static_cast<ir::LabelId>(m_->labels.size() - 1);
  labels_.push_back({e.text, id});
  auto n = ir_node(ir::NodeKind::Label, e.loc, lower(*e.kids[0]));
  n->label = id;
  return n;
}

ir::NodePtr Lowerer::lower_break(const Expr& e) {
  for (size_t i = labels_.size(); i-- > 0;) {
    if (labels_[i].name != e.text) continue;
    auto n = ir_node(ir::NodeKind::Break, e.loc);
    n->label = labels_[i].id;
    return n;
  }
  error(support::diag::UnknownLabel, e.loc, e.text);
  return ir_node(ir::NodeKind::Identity, e.loc);
}

}  // namespace riposte::frontend
