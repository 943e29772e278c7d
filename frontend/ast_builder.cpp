// Parse tree -> AST.  The grammar already fixed precedence and
// associativity; this walk only folds operator chains, decodes literals
// and resolves the shorthands of objects and field access.
#include <algorithm>
#include "frontend/ast_builder.h"

#include "support/diagnostics.h"
#include "frontend/number_literal.h"
#include "support/json_text.h"
#include "support/utf8.h"

namespace riposte::frontend {

using P = gen::JqParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

SourceLoc loc_of(const Token* t) {
  return {static_cast<uint32_t>(t->getLine()), static_cast<uint32_t>(t->getCharPositionInLine() + 1)};
}

namespace {

SourceLoc loc_of(ParserRuleContext* c) { return frontend::loc_of(c->getStart()); }
SourceLoc loc_of(TerminalNode* n) { return frontend::loc_of(n->getSymbol()); }

// The last code point column of a token on its first line.
SourceLoc end_of(const Token* t) {
  SourceLoc l = frontend::loc_of(t);
  std::string text = t->getText();
  uint32_t cps = 0;
  for (char c : text) {
    if (c == '\n') break;
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++cps;
  }
  if (cps > 1) l.column += cps - 1;
  return l;
}

uint32_t hex_value(std::string_view digits) {
  uint32_t v = 0;
  for (char c : digits) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= c - '0';
    else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
    else v |= c - 'A' + 10;
  }
  return v;
}

char escaped_char(char c) {
  switch (c) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return c;  // " \ /
  }
}

class Builder {
 public:
  explicit Builder(std::vector<support::Diagnostic>& diags) : diags_(diags) {}

  ExprPtr program(P::ProgramContext* c) {
    if (auto* m = c->moduleHeader()) unsupported(m->getStart(), "module");
    for (auto* i : c->importDirective()) unsupported(i->getStart(), i->getStart()->getText());
    ExprPtr body = c->pipeExpr() ? node(c->pipeExpr()) : make_expr(AstKind::Identity, loc_of(c));
    return with_defs(c->funcDef(), std::move(body));
  }

 private:
  std::vector<support::Diagnostic>& diags_;

  void unsupported(const Token* t, std::string_view what) {
    diags_.push_back(
        support::emit(support::diag::ModulesUnsupported, support::Span::between(frontend::loc_of(t), end_of(t)), what));
  }

  // Names with "::" name module members.
  void check_plain_name(const Token* t) {
    if (t->getText().find("::") != std::string::npos) unsupported(t, t->getText());
  }

  ExprPtr with_defs(const std::vector<P::FuncDefContext*>& defs, ExprPtr body) {
    if (defs.empty()) return body;
    auto e = make_expr(AstKind::FuncDefs, loc_of(defs.front()), std::move(body));
    for (auto* d : defs) e->defs.push_back(func_def(d));
    return e;
  }

  FuncDef func_def(P::FuncDefContext* c) {
    FuncDef f;
    f.name = c->name->getText();
    f.loc = frontend::loc_of(c->name);
    check_plain_name(c->name);
    for (auto* p : c->param()) f.params.push_back(p->getText());
    f.body = node(c->pipeline());
    return f;
  }

  // Any expression-level rule context.
  ExprPtr node(ParseTree* t) {
    auto* c = static_cast<ParserRuleContext*>(t);
    switch (c->getRuleIndex()) {
      case P::RulePipeline: {
        auto* p = static_cast<P::PipelineContext*>(c);
        return with_defs(p->funcDef(), node(p->pipeExpr()));
      }
      case P::RuleDefTail: {
        auto* d = static_cast<P::DefTailContext*>(c);
        return with_defs(d->funcDef(), node(d->pipeExpr()));
      }
      case P::RulePipeExpr:
      case P::RuleAltExpr:
        return chain(c, /*right_assoc=*/true);
      case P::RuleCommaExpr:
      case P::RuleAssignExpr:
      case P::RuleOrExpr:
      case P::RuleAndExpr:
      case P::RuleCompareExpr:
      case P::RuleAdditiveExpr:
      case P::RuleMultiplicativeExpr:
        return chain(c, /*right_assoc=*/false);
      case P::RuleObjectValue:
        return chain(c, /*right_assoc=*/true);
      case P::RuleBasicExpr:
        return basic_expr(static_cast<P::BasicExprContext*>(c));
      case P::RuleOperand:
        return operand(static_cast<P::OperandContext*>(c));
      case P::RuleTerm:
        return term(static_cast<P::TermContext*>(c));
      default:
        return make_expr(AstKind::Identity, loc_of(c));
    }
  }

  // `x (op y)*`: the operator is a terminal or an assignOp/compareOp rule.
  ExprPtr chain(ParserRuleContext* c, bool right_assoc) {
    std::vector<ExprPtr> operands;
    std::vector<const Token*> ops;
    for (ParseTree* child : c->children) {
      if (auto* term = dynamic_cast<TerminalNode*>(child)) {
        ops.push_back(term->getSymbol());
        continue;
      }
      auto* rule = static_cast<ParserRuleContext*>(child);
      size_t index = rule->getRuleIndex();
      if (index == P::RuleAssignOp || index == P::RuleCompareOp) {
        ops.push_back(rule->getStart());
      } else {
        operands.push_back(node(rule));
      }
    }
    if (right_assoc) {
      ExprPtr acc = std::move(operands.back());
      for (size_t i = ops.size(); i-- > 0;) acc = binary(ops[i], std::move(operands[i]), std::move(acc));
      return acc;
    }
    ExprPtr acc = std::move(operands.front());
    for (size_t i = 0; i < ops.size(); ++i) acc = binary(ops[i], std::move(acc), std::move(operands[i + 1]));
    return acc;
  }

  // basicExpr: a term, or `x op y` (left-recursive in the grammar, so
  // `a == b == c` parses as `(a == b) == c`: rejected here at the second
  // operator, as the non-associative levels of `compareExpr` do).
  ExprPtr basic_expr(P::BasicExprContext* c) {
    if (c->term()) return term(c->term());
    auto operands = c->basicExpr();
    const Token* op = c->compareOp()  ? c->compareOp()->getStart()
                      : c->assignOp() ? c->assignOp()->getStart()
                                      : static_cast<TerminalNode*>(c->children[1])->getSymbol();
    P::BasicExprContext* lhs = operands[0];
    bool chained = (c->compareOp() && lhs->compareOp()) || (c->assignOp() && lhs->assignOp());
    if (chained) {
      diags_.push_back(support::emit(support::diag::UnexpectedTokenNoHint,
                                     support::Span::between(frontend::loc_of(op), end_of(op)),
                                     "token '" + op->getText() + "'"));
    }
    return binary(op, node(lhs), node(operands[1]));
  }

  static ExprPtr binary(const Token* op, ExprPtr a, ExprPtr b) {
    SourceLoc l = frontend::loc_of(op);
    auto with_op = [&](AstKind k, AstOp o) {
      auto e = make_expr(k, l, std::move(a), std::move(b));
      e->op = o;
      return e;
    };
    switch (op->getType()) {
      case P::PIPE: return make_expr(AstKind::Pipe, l, std::move(a), std::move(b));
      case P::COMMA: return make_expr(AstKind::Comma, l, std::move(a), std::move(b));
      case P::ALT: return make_expr(AstKind::Alt, l, std::move(a), std::move(b));
      case P::KW_OR: return make_expr(AstKind::Or, l, std::move(a), std::move(b));
      case P::KW_AND: return make_expr(AstKind::And, l, std::move(a), std::move(b));
      case P::PLUS: return with_op(AstKind::Binary, AstOp::Add);
      case P::MINUS: return with_op(AstKind::Binary, AstOp::Sub);
      case P::STAR: return with_op(AstKind::Binary, AstOp::Mul);
      case P::SLASH: return with_op(AstKind::Binary, AstOp::Div);
      case P::PERCENT: return with_op(AstKind::Binary, AstOp::Mod);
      case P::EQ: return with_op(AstKind::Binary, AstOp::Eq);
      case P::NE: return with_op(AstKind::Binary, AstOp::Ne);
      case P::LT: return with_op(AstKind::Binary, AstOp::Lt);
      case P::LE: return with_op(AstKind::Binary, AstOp::Le);
      case P::GT: return with_op(AstKind::Binary, AstOp::Gt);
      case P::GE: return with_op(AstKind::Binary, AstOp::Ge);
      case P::ASSIGN: return with_op(AstKind::Update, AstOp::Assign);
      case P::UPDATE_PIPE: return with_op(AstKind::Update, AstOp::Modify);
      case P::UPDATE_ADD: return with_op(AstKind::Update, AstOp::Add);
      case P::UPDATE_SUB: return with_op(AstKind::Update, AstOp::Sub);
      case P::UPDATE_MUL: return with_op(AstKind::Update, AstOp::Mul);
      case P::UPDATE_DIV: return with_op(AstKind::Update, AstOp::Div);
      case P::UPDATE_MOD: return with_op(AstKind::Update, AstOp::Mod);
      case P::UPDATE_ALT: return with_op(AstKind::Update, AstOp::Alt);
      default: return with_op(AstKind::Binary, AstOp::Add);
    }
  }

  ExprPtr operand(P::OperandContext* c) {
    if (auto* l = dynamic_cast<P::LabelOperandContext*>(c))
      return label(loc_of(l), l->VARIABLE(), l->pipeline());
    if (auto* t = dynamic_cast<P::TryBindOperandContext*>(c)) {
      auto e =
          make_expr(AstKind::Try, loc_of(t), bind(term(t->body), t->KW_AS(), t->patterns(), t->pipeline()));
      if (t->handler) {
        e->kids.push_back(t->handler->catchPrefix() ? catch_prefix(t->handler->catchPrefix())
                                                    : term(t->handler->term()));
      }
      return e;
    }
    if (auto* t = dynamic_cast<P::TryCatchOperandContext*>(c)) {
      return make_expr(AstKind::Try, loc_of(t), term(t->body), catch_prefix(t->catchPrefix()));
    }
    auto* t = static_cast<P::TermOperandContext*>(c);
    ExprPtr source = term(t->term());
    if (!t->KW_AS()) return source;
    return bind(std::move(source), t->KW_AS(), t->patterns(), t->pipeline());
  }

  // A catch handler that extends to the right: a binding, a label or
  // definitions before a pipeline.
  ExprPtr catch_prefix(P::CatchPrefixContext* c) {
    if (auto* l = dynamic_cast<P::LabelCatchContext*>(c))
      return label(loc_of(l), l->VARIABLE(), l->pipeline());
    if (auto* d = dynamic_cast<P::DefCatchContext*>(c)) return node(d->defTail());
    auto* b = static_cast<P::BindCatchContext*>(c);
    return bind(term(b->term()), b->KW_AS(), b->patterns(), b->pipeline());
  }

  // `label $name | body`
  ExprPtr label(SourceLoc l, TerminalNode* name, P::PipelineContext* body) {
    auto e = make_expr(AstKind::Label, l, node(body));
    e->text = name->getText().substr(1);
    check_plain_name(name->getSymbol());
    return e;
  }

  // `source as p1 ?// p2 ... | body`
  ExprPtr bind(ExprPtr source, TerminalNode* as, P::PatternsContext* patterns, P::PipelineContext* body) {
    auto e = make_expr(AstKind::Bind, loc_of(as), std::move(source), node(body));
    for (auto* p : patterns->pattern()) e->patterns.push_back(pattern(p));
    return e;
  }

  ExprPtr term(P::TermContext* c) {
    if (auto* n = dynamic_cast<P::NegateTermContext*>(c)) return make_expr(AstKind::Negate, loc_of(n), term(n->term()));
    if (auto* p = dynamic_cast<P::PlusTermContext*>(c)) return make_expr(AstKind::Plus, loc_of(p), term(p->term()));
    auto* pt = static_cast<P::PostfixTermContext*>(c);
    ExprPtr e = primary(pt->primary());
    // `(.a.b)?` guards all of the parenthesized expression, not its last step.
    bool parens = dynamic_cast<P::ParensContext*>(pt->primary()) != nullptr;
    for (auto* s : pt->suffix()) {
      if (dynamic_cast<P::OptionalSuffixContext*>(s)) {
        e = parens ? make_expr(AstKind::Try, loc_of(s), std::move(e)) : optional(loc_of(s), std::move(e));
      } else {
        e = suffix(s, std::move(e));
      }
      parens = false;
    }
    return e;
  }

  static bool is_literal_or_absent(const ExprPtr& e) { return !e || e->kind == AstKind::Literal; }

  // `?` guards the last suffix only, as in gojq and jq: `.a.b?` raises
  // when `.a` fails and is silent when `.b` does.  With constant keys this
  // is `.a | try .b` (exact, paths included); a computed key is evaluated on
  // the term's own input, which a pipe would change, so then the whole term
  // is guarded.
  static ExprPtr optional(SourceLoc l, ExprPtr e) {
    bool step = e->kind == AstKind::Iterate ||
                ((e->kind == AstKind::Index || e->kind == AstKind::Slice) &&
                 std::all_of(e->kids.begin() + 1, e->kids.end(), is_literal_or_absent));
    if (!step || !e->kids[0] || e->kids[0]->kind == AstKind::Identity) return make_expr(AstKind::Try, l, std::move(e));
    ExprPtr target = std::move(e->kids[0]);
    e->kids[0] = make_expr(AstKind::Identity, target->loc);
    return make_expr(AstKind::Pipe, l, std::move(target), make_expr(AstKind::Try, l, std::move(e)));
  }

  static ExprPtr index(SourceLoc l, ExprPtr target, ExprPtr key) {
    return make_expr(AstKind::Index, l, std::move(target), std::move(key));
  }

  static ExprPtr field(TerminalNode* f, ExprPtr target) {
    SourceLoc l = loc_of(f);
    return index(l, std::move(target), make_literal(support::json_quote(f->getText().substr(1)), l));
  }

  ExprPtr suffix(P::SuffixContext* c, ExprPtr target) {
    SourceLoc l = loc_of(c);
    if (auto* f = dynamic_cast<P::FieldSuffixContext*>(c)) return field(f->FIELD(), std::move(target));
    if (auto* s = dynamic_cast<P::StringFieldSuffixContext*>(c)) return index(l, std::move(target), string(s->string()));
    if (dynamic_cast<P::IterateSuffixContext*>(c)) return make_expr(AstKind::Iterate, l, std::move(target));
    if (auto* i = dynamic_cast<P::IndexSuffixContext*>(c)) return index(l, std::move(target), node(i->pipeline()));
    if (dynamic_cast<P::OptionalSuffixContext*>(c)) return make_expr(AstKind::Try, l, std::move(target));
    auto e = make_expr(AstKind::Slice, l, std::move(target));
    if (auto* s = dynamic_cast<P::SliceSuffixContext*>(c)) {
      e->kids.push_back(node(s->from));
      e->kids.push_back(s->to ? node(s->to) : nullptr);
    } else {
      auto* t = static_cast<P::SliceToSuffixContext*>(c);
      e->kids.push_back(nullptr);
      e->kids.push_back(node(t->to));
    }
    return e;
  }

  ExprPtr primary(P::PrimaryContext* c) {
    SourceLoc l = loc_of(c);
    if (dynamic_cast<P::IdentityContext*>(c)) return make_expr(AstKind::Identity, l);
    if (dynamic_cast<P::RecurseDefaultContext*>(c)) return make_expr(AstKind::RecurseDefault, l);
    if (auto* f = dynamic_cast<P::FieldPrimaryContext*>(c)) return field(f->FIELD(), make_expr(AstKind::Identity, l));
    if (auto* s = dynamic_cast<P::StringFieldPrimaryContext*>(c))
      return index(l, make_expr(AstKind::Identity, l), string(s->string()));
    if (auto* n = dynamic_cast<P::NumberContext*>(c)) return make_literal(canonical_number(n->getText()), l);
    if (auto* s = dynamic_cast<P::StringPrimaryContext*>(c)) return string(s->string());
    if (auto* f = dynamic_cast<P::FormatContext*>(c)) return format(f);
    if (dynamic_cast<P::KeywordLiteralContext*>(c)) return make_literal(c->getText(), l);
    if (auto* p = dynamic_cast<P::ParensContext*>(c)) return node(p->pipeline());
    if (auto* a = dynamic_cast<P::ArrayContext*>(c)) {
      auto e = make_expr(AstKind::Array, l);
      if (a->pipeline()) e->kids.push_back(node(a->pipeline()));
      return e;
    }
    if (auto* o = dynamic_cast<P::ObjectContext*>(c)) return object(o);
    if (auto* v = dynamic_cast<P::VariableContext*>(c)) return variable(v->VARIABLE());
    if (dynamic_cast<P::SourceLocationContext*>(c)) return make_expr(AstKind::SourceLocation, l);
    if (auto* call = dynamic_cast<P::CallContext*>(c)) return this->call(call);
    if (auto* b = dynamic_cast<P::BreakContext*>(c)) {
      auto e = make_expr(AstKind::Break, l);
      e->text = b->VARIABLE()->getText().substr(1);
      return e;
    }
    if (auto* r = dynamic_cast<P::ReduceContext*>(c)) return reduce(r);
    if (auto* f = dynamic_cast<P::ForeachContext*>(c)) return foreach(f);
    if (auto* i = dynamic_cast<P::IfContext*>(c)) return if_chain(i);
    auto* t = static_cast<P::TryContext*>(c);
    auto e = make_expr(AstKind::Try, l, term(t->body));
    if (t->handler) e->kids.push_back(term(t->handler));
    return e;
  }

  ExprPtr variable(TerminalNode* v) {
    check_plain_name(v->getSymbol());
    auto e = make_expr(AstKind::Var, loc_of(v));
    e->text = v->getText().substr(1);
    return e;
  }

  ExprPtr call(P::CallContext* c) {
    check_plain_name(c->IDENT()->getSymbol());
    auto e = make_expr(AstKind::Call, loc_of(c));
    e->text = c->IDENT()->getText();
    for (auto* arg : c->pipeline()) e->kids.push_back(node(arg));
    return e;
  }

  ExprPtr format(P::FormatContext* c) {
    std::string name = c->FORMAT()->getText();
    if (!c->string()) {
      auto e = make_expr(AstKind::Format, loc_of(c));
      e->text = std::move(name);
      return e;
    }
    ExprPtr s = string(c->string());
    if (s->kind == AstKind::StringInterp) s->text = std::move(name);
    return s;
  }

  ExprPtr reduce(P::ReduceContext* c) {
    auto e = make_expr(AstKind::Reduce, loc_of(c), node(c->source));
    for (auto* p : c->pipeline()) e->kids.push_back(node(p));
    e->patterns.push_back(pattern(c->pattern()));
    return e;
  }

  ExprPtr foreach(P::ForeachContext* c) {
    auto e = make_expr(AstKind::Foreach, loc_of(c), node(c->source));
    for (auto* p : c->pipeline()) e->kids.push_back(node(p));
    e->patterns.push_back(pattern(c->pattern()));
    return e;
  }

  // if c then t (elif c then t)* (else e)? end: elif nests in the else branch.
  ExprPtr if_chain(P::IfContext* c) {
    auto pipes = c->pipeline();
    auto elifs = c->elifClause();
    ExprPtr otherwise = c->KW_ELSE() ? node(pipes[2]) : nullptr;
    for (size_t i = elifs.size(); i-- > 0;) {
      auto clause = elifs[i]->pipeline();
      auto e = make_expr(AstKind::If, loc_of(elifs[i]), node(clause[0]), node(clause[1]));
      e->kids.push_back(std::move(otherwise));
      otherwise = std::move(e);
    }
    auto e = make_expr(AstKind::If, loc_of(c), node(pipes[0]), node(pipes[1]));
    e->kids.push_back(std::move(otherwise));
    return e;
  }

  // `{"\(k)"}` is `{"\(k)": .["\(k)"]}` with k evaluated once (gojq):
  // `"\(k)" as $key | {($key): .[$key]}`, the binding outside the object.
  // The variable's name cannot be written in jq, so it shadows nothing.
  ExprPtr object(P::ObjectContext* c) {
    auto e = make_expr(AstKind::Object, loc_of(c));
    std::vector<std::pair<std::string, ExprPtr>> keys;  // hoisted shorthand keys
    for (auto* entry : c->objectEntry()) {
      ObjectEntry oe = object_entry(entry);
      if (!oe.value && oe.key && oe.key->kind != AstKind::Literal) {
        std::string name = "shorthand key " + std::to_string(keys.size());
        auto var = [&] {
          auto v = make_expr(AstKind::Var, oe.loc);
          v->text = name;
          return v;
        };
        oe.value = index(oe.loc, make_expr(AstKind::Identity, oe.loc), var());
        keys.emplace_back(name, std::move(oe.key));
        oe.key = var();
      }
      e->entries.push_back(std::move(oe));
    }
    for (size_t i = keys.size(); i-- > 0;) {
      SourceLoc l = keys[i].second->loc;
      auto bind = make_expr(AstKind::Bind, l, std::move(keys[i].second), std::move(e));
      Pattern p;
      p.name = keys[i].first;
      p.loc = l;
      bind->patterns.push_back(std::move(p));
      e = std::move(bind);
    }
    return e;
  }

  ObjectEntry object_entry(P::ObjectEntryContext* c) {
    ObjectEntry entry;
    entry.loc = loc_of(c);
    auto value = [&](P::ObjectValueContext* v) { return v ? node(v) : nullptr; };
    if (auto* n = dynamic_cast<P::NamedEntryContext*>(c)) {
      std::string key = n->IDENT() ? n->IDENT()->getText() : n->keyword()->getText();
      entry.key = make_literal(support::json_quote(key), entry.loc);
      entry.value = value(n->objectValue());
    } else if (auto* v = dynamic_cast<P::VariableEntryContext*>(c)) {
      // {$x} is {x: $x}; {$x: v} uses the value of $x as the key.
      ExprPtr var = variable(v->VARIABLE());
      if (v->objectValue()) {
        entry.key = std::move(var);
        entry.value = value(v->objectValue());
      } else {
        entry.key = make_literal(support::json_quote(var->text), entry.loc);
        entry.value = std::move(var);
      }
    } else if (dynamic_cast<P::LocationEntryContext*>(c)) {
      entry.key = make_literal("\"__loc__\"", entry.loc);
      entry.value = make_expr(AstKind::SourceLocation, entry.loc);
    } else if (auto* s = dynamic_cast<P::StringEntryContext*>(c)) {
      entry.key = string(s->string());
      entry.value = value(s->objectValue());
    } else {
      auto* k = static_cast<P::ComputedEntryContext*>(c);
      entry.key = node(k->pipeline());
      entry.value = value(k->objectValue());
    }
    return entry;
  }

  Pattern pattern(P::PatternContext* c) {
    Pattern p;
    p.loc = loc_of(c);
    if (auto* v = dynamic_cast<P::VariablePatternContext*>(c)) {
      check_plain_name(v->VARIABLE()->getSymbol());
      p.name = v->VARIABLE()->getText().substr(1);
    } else if (auto* a = dynamic_cast<P::ArrayPatternContext*>(c)) {
      p.kind = Pattern::Kind::Array;
      for (auto* e : a->pattern()) p.elems.push_back(pattern(e));
    } else {
      auto* o = static_cast<P::ObjectPatternContext*>(c);
      p.kind = Pattern::Kind::Object;
      for (auto* e : o->objectPatternEntry()) p.entries.push_back(pattern_entry(e));
    }
    return p;
  }

  PatternEntry pattern_entry(P::ObjectPatternEntryContext* c) {
    PatternEntry e;
    e.loc = loc_of(c);
    P::PatternContext* value = nullptr;
    if (auto* v = dynamic_cast<P::VariableKeyPatternContext*>(c)) {
      check_plain_name(v->VARIABLE()->getSymbol());
      e.key_var = v->VARIABLE()->getText().substr(1);
      value = v->pattern();
    } else if (auto* n = dynamic_cast<P::NamedKeyPatternContext*>(c)) {
      std::string key = n->IDENT() ? n->IDENT()->getText() : n->keyword()->getText();
      e.key = make_literal(support::json_quote(key), e.loc);
      value = n->pattern();
    } else if (auto* s = dynamic_cast<P::StringKeyPatternContext*>(c)) {
      e.key = string(s->string());
      value = s->pattern();
    } else {
      auto* k = static_cast<P::ComputedKeyPatternContext*>(c);
      e.key = node(k->pipeline());
      value = k->pattern();
    }
    if (value) e.value = std::make_unique<Pattern>(pattern(value));
    return e;
  }

  // A string literal: a Literal when it has no interpolation, otherwise a
  // StringInterp of Literal and Interp parts.
  ExprPtr string(P::StringContext* c) {
    SourceLoc l = loc_of(c);
    std::vector<ExprPtr> parts;
    std::string text;
    uint32_t pending_high = 0;  // a UTF-16 high surrogate waiting for its pair
    auto flush_surrogate = [&] {
      if (pending_high) support::append_utf8(text, 0xfffd);
      pending_high = 0;
    };
    for (auto* part : c->stringPart()) {
      if (auto* u = dynamic_cast<P::StringUnicodeContext*>(part)) {
        uint32_t cp = hex_value(std::string_view(u->getText()).substr(2));
        if (pending_high && cp >= 0xdc00 && cp <= 0xdfff) {
          support::append_utf8(text, 0x10000 + ((pending_high - 0xd800) << 10) + (cp - 0xdc00));
          pending_high = 0;
          continue;
        }
        flush_surrogate();
        if (cp >= 0xd800 && cp <= 0xdbff) pending_high = cp;
        else support::append_utf8(text, cp);
        continue;
      }
      flush_surrogate();
      if (auto* t = dynamic_cast<P::StringTextContext*>(part)) {
        text += t->getText();
      } else if (auto* esc = dynamic_cast<P::StringEscapeContext*>(part)) {
        text += escaped_char(esc->getText()[1]);
      } else {
        auto* i = static_cast<P::StringInterpolationContext*>(part);
        if (!text.empty()) parts.push_back(make_literal(support::json_quote(text), l));
        text.clear();
        parts.push_back(make_expr(AstKind::Interp, loc_of(i), node(i->pipeline())));
      }
    }
    flush_surrogate();
    if (parts.empty()) return make_literal(support::json_quote(text), l);
    if (!text.empty()) parts.push_back(make_literal(support::json_quote(text), l));
    auto e = make_expr(AstKind::StringInterp, l);
    e->kids = std::move(parts);
    return e;
  }
};

}  // namespace

ExprPtr build_ast(P::ProgramContext* program, std::vector<support::Diagnostic>& diags) {
  return Builder(diags).program(program);
}

}  // namespace riposte::frontend
