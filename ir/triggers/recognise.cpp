// Recognising the canonical form of a trigger on its optimised IR.
//
// The shapes come from the optimiser's output (`riposte ir --stage opt`):
//   `A and B`, `A or B`            And, Or
//   `A | not`                      Pipe(A, CallNative not/0)
//   `E == c`, `c < E` ...          Binary(op, E, Const) (either side)
//   `P | startswith("x")`          Pipe(path, CallNative startswith/1(Const))
//   `P | test("re")`, `test("re"; "f")`  Pipe(path, Bind(Const "re" as $re,
//                                       [Bind(Const "f" as $f,] CallNative
//                                       _match/3($re, null|$f, true)))
//   `P | F`                        Pipe(constant path, F): F reads below P
//   `any(G; C)`                    Pipe(Label L (Comma(Pipe(Pipe(G, If(C, ., empty)),
//                                       Comma(false, Break L)), true)), not)
//   `[X] | any`, `[X] | any(C)`    Pipe(Collect(X), any(.[]; C))
//   `[G | select(C)] | length > k` Pipe(Collect(Pipe(G, If(C, ., empty))), Binary(>, length, k))
// Anything else is residual, except that a comparison or a truthiness test
// of any stand-alone expression becomes an atom whose value a fragment
// program computes (shared by the triggers that read the same fragment).
#include <fmt/format.h>

#include "ir/triggers/form.h"
#include "ir/triggers/fragment.h"

namespace riposte::ir::triggers {
namespace {

bool is_native(const Node& n, std::string_view name, size_t arity) {
  return n.kind == NodeKind::CallNative && n.text == name && n.kids.size() == arity;
}
bool is_const_string(const Node& n) { return n.kind == NodeKind::Const && !n.text.empty() && n.text[0] == '"'; }
bool is_comparison(BinOp op) {
  return op == BinOp::Eq || op == BinOp::Ne || op == BinOp::Lt || op == BinOp::Le || op == BinOp::Gt ||
         op == BinOp::Ge;
}
// `c op E` is `E flip(op) c`; both evaluate E once per output and c once.
BinOp flip(BinOp op) {
  switch (op) {
    case BinOp::Lt: return BinOp::Gt;
    case BinOp::Le: return BinOp::Ge;
    case BinOp::Gt: return BinOp::Lt;
    case BinOp::Ge: return BinOp::Le;
    default: return op;
  }
}

void flatten_pipe(const Node& n, std::vector<const Node*>& out) {
  if (n.kind == NodeKind::Pipe) {
    flatten_pipe(*n.kids[0], out);
    flatten_pipe(*n.kids[1], out);
  } else {
    out.push_back(&n);
  }
}

NodePtr join_pipe(const std::vector<const Node*>& stages, size_t from, size_t to) {
  NodePtr out = clone(*stages[from]);
  for (size_t i = from + 1; i < to; ++i) out = make(NodeKind::Pipe, std::move(out), clone(*stages[i]));
  return out;
}

// The `any(G; C)` of the prelude after inlining (see the header comment).
bool match_any(const Node& n, const Node*& gen, const Node*& cond) {
  if (n.kind != NodeKind::Pipe || !is_native(*n.kids[1], "not", 0)) return false;
  const Node& label = *n.kids[0];
  if (label.kind != NodeKind::Label || label.kids[0]->kind != NodeKind::Comma) return false;
  const Node& comma = *label.kids[0];
  const Node& found = *comma.kids[0];
  if (comma.kids[1]->kind != NodeKind::Const || comma.kids[1]->text != "true") return false;
  if (found.kind != NodeKind::Pipe || found.kids[0]->kind != NodeKind::Pipe) return false;
  const Node& stop = *found.kids[1];
  if (stop.kind != NodeKind::Comma || stop.kids[0]->kind != NodeKind::Const || stop.kids[0]->text != "false" ||
      stop.kids[1]->kind != NodeKind::Break || stop.kids[1]->label != label.label)
    return false;
  const Node& sel = *found.kids[0]->kids[1];
  if (sel.kind != NodeKind::If || sel.kids.size() != 3 || sel.kids[1]->kind != NodeKind::Identity ||
      !is_native(*sel.kids[2], "empty", 0))
    return false;
  gen = found.kids[0]->kids[0].get();
  cond = sel.kids[0].get();
  return true;
}

// `select(C)` after inlining: If(C, ., empty).
const Node* match_select(const Node& n) {
  if (n.kind != NodeKind::If || n.kids.size() != 3 || n.kids[1]->kind != NodeKind::Identity ||
      !is_native(*n.kids[2], "empty", 0))
    return nullptr;
  return n.kids[0].get();
}

std::string path_text(const std::string& root, const std::vector<Step>& steps) {
  std::string out = root.empty() ? "" : fmt::format("global({})", root);
  for (const Step& s : steps) out += s.iterate ? "[]" : "." + s.key;
  return out.empty() ? "." : out;
}

// Where the condition being recognised reads from: the input (top level,
// possibly below a constant path) or an element of an Any/Count.
struct Base {
  bool element = false;
  std::string root;
  std::vector<Step> steps;
};

class Recogniser {
 public:
  explicit Recogniser(const Module& m) : m_(m) {}

  CondPtr cond(const Node& n, const Base& b) {
    const Node *gen = nullptr, *c = nullptr;
    if (match_any(n, gen, c)) return any_of(*gen, *c, b);
    switch (n.kind) {
      case NodeKind::And:
      case NodeKind::Or: return both(n, b);
      case NodeKind::Binary: return binary(n, b);
      case NodeKind::Pipe: return pipe(n, b);
      case NodeKind::CallNative: return string_test(n, b);
      case NodeKind::Bind: return regex_test(n, b);
      default: return truthy(n, b);
    }
  }

 private:
  CondPtr both(const Node& n, const Base& b) {
    CondPtr l = cond(*n.kids[0], b);
    if (!l) return nullptr;
    CondPtr r = cond(*n.kids[1], b);
    if (!r) return nullptr;
    auto c = std::make_unique<Cond>();
    c->kind = n.kind == NodeKind::And ? Cond::Kind::And : Cond::Kind::Or;
    c->a = std::move(l);
    c->b = std::move(r);
    return c;
  }

  static CondPtr negate(CondPtr a) {
    if (!a) return nullptr;
    auto c = std::make_unique<Cond>();
    c->kind = Cond::Kind::Not;
    c->a = std::move(a);
    return c;
  }

  CondPtr binary(const Node& n, const Base& b) {
    if (!is_comparison(n.binop)) return truthy(n, b);
    if (n.kids[1]->kind == NodeKind::Const) return compare(*n.kids[0], n.binop, n.kids[1]->text, b);
    if (n.kids[0]->kind == NodeKind::Const) return compare(*n.kids[1], flip(n.binop), n.kids[0]->text, b);
    return truthy(n, b);
  }

  // `E op c`; `E != c` is exactly `E == c | not` (one boolean either way).
  CondPtr compare(const Node& e, BinOp op, const std::string& constant, const Base& b) {
    if (op == BinOp::Ne) return negate(compare(e, BinOp::Eq, constant, b));
    auto c = std::make_unique<Cond>();
    c->kind = Cond::Kind::Test;
    c->test = TestKind::Compare;
    c->op = op;
    c->constant = constant;
    if (!value_source(e, b, c->source)) return nullptr;
    return c;
  }

  CondPtr pipe(const Node& n, const Base& b) {
    const Node& lhs = *n.kids[0];
    const Node& rhs = *n.kids[1];
    if (is_native(rhs, "not", 0)) return negate(cond(lhs, b));
    Base below = b;
    if (extend(lhs, below, false)) return cond(rhs, below);
    if (lhs.kind == NodeKind::Collect && !lhs.kids.empty()) {
      const Node *gen = nullptr, *c = nullptr;
      if (match_any(rhs, gen, c) && gen->kind == NodeKind::Iterate && gen->kids[0]->kind == NodeKind::Identity)
        return collected_any(*lhs.kids[0], *c, b);
      if (CondPtr counted = count(*lhs.kids[0], rhs, b)) return counted;
    }
    // `S | (L op c)` is `(S | L) op c`: for the one output of c, each output
    // of S | L in the same order.
    if (rhs.kind == NodeKind::Binary && is_comparison(rhs.binop) && rhs.kids[1]->kind == NodeKind::Const) {
      NodePtr e = make(NodeKind::Pipe, clone(lhs), clone(*rhs.kids[0]));
      return compare(*e, rhs.binop, rhs.kids[1]->text, b);
    }
    return truthy(n, b);
  }

  // `startswith(c)`, `endswith(c)`, `contains(c)` with a constant string c.
  CondPtr string_test(const Node& n, const Base& b) {
    TestKind kind;
    if (is_native(n, "startswith", 1)) {
      kind = TestKind::StartsWith;
    } else if (is_native(n, "endswith", 1)) {
      kind = TestKind::EndsWith;
    } else if (is_native(n, "contains", 1)) {
      kind = TestKind::Contains;
    } else {
      return truthy(n, b);
    }
    if (!is_const_string(*n.kids[0])) return truthy(n, b);
    auto c = std::make_unique<Cond>();
    c->kind = Cond::Kind::Test;
    c->test = kind;
    c->constant = n.kids[0]->text;
    if (!value_source(*make(NodeKind::Identity), b, c->source)) return nullptr;
    return c;
  }

  // `test("re")` / `test("re"; "flags")` with constant strings, as the
  // prelude's `def test($re; $flags): _match($re; $flags; true)` inlines.
  // The constant is the JSON array of the arguments: ["re"] or ["re","f"].
  CondPtr regex_test(const Node& n, const Base& b) {
    const Node* flags = nullptr;
    const Node* call = nullptr;
    VarId re_var = kNone, flags_var = kNone;
    if (!simple_bind(n, re_var) || !is_const_string(*n.kids[0])) return truthy(n, b);
    call = n.kids[1].get();
    if (call->kind == NodeKind::Bind) {
      if (!simple_bind(*call, flags_var) || !is_const_string(*call->kids[0]) || !plain_string(call->kids[0]->text))
        return truthy(n, b);
      flags = call->kids[0].get();
      call = call->kids[1].get();
    }
    if (!is_native(*call, "_match", 3) || call->kids[0]->kind != NodeKind::Var || call->kids[0]->var != re_var ||
        call->kids[2]->kind != NodeKind::Const || call->kids[2]->text != "true")
      return truthy(n, b);
    const Node& f = *call->kids[1];
    if (flags ? (f.kind != NodeKind::Var || f.var != flags_var) : (f.kind != NodeKind::Const || f.text != "null"))
      return truthy(n, b);
    auto c = std::make_unique<Cond>();
    c->kind = Cond::Kind::Test;
    c->test = TestKind::Regex;
    c->constant = "[" + n.kids[0]->text + (flags ? "," + flags->text : "") + "]";
    if (!value_source(*make(NodeKind::Identity), b, c->source)) return nullptr;
    return c;
  }

  static bool simple_bind(const Node& n, VarId& var) {
    if (n.kind != NodeKind::Bind || n.kids.size() != 2 || n.patterns.size() != 1 ||
        n.patterns[0].kind != Pattern::Kind::Var)
      return false;
    var = n.patterns[0].var;
    return true;
  }

  static bool plain_string(const std::string& json) {
    return json.find('\\') == std::string::npos;
  }

  // Any other expression where jq only uses its truthiness.
  CondPtr truthy(const Node& n, const Base& b) {
    auto c = std::make_unique<Cond>();
    c->kind = Cond::Kind::Test;
    c->test = TestKind::Truthy;
    if (!value_source(n, b, c->source)) return nullptr;
    return c;
  }

  // `[X] | any(C)`; for `[X] | any` (C is `.`) the longest suffix of X's
  // stages that is an element condition becomes C, so that
  // `[.A[] | .K == "x"] | any` and `any(.A[]; .K == "y")` share `.A[]`.
  CondPtr collected_any(const Node& x, const Node& c, const Base& b) {
    if (c.kind != NodeKind::Identity) return any_of(x, c, b);
    std::vector<const Node*> stages;
    flatten_pipe(x, stages);
    for (size_t k = 1; k < stages.size(); ++k) {
      NodePtr pred = join_pipe(stages, k, stages.size());
      Base probe;
      probe.element = true;
      if (!cond(*pred, probe)) continue;
      NodePtr gen = join_pipe(stages, 0, k);
      return any_of(*gen, *pred, b);
    }
    return any_of(x, c, b);
  }

  // `[G | select(C)] | length op k`.
  CondPtr count(const Node& x, const Node& rhs, const Base& b) {
    if (rhs.kind != NodeKind::Binary || !is_comparison(rhs.binop) || rhs.binop == BinOp::Ne ||
        !is_native(*rhs.kids[0], "length", 0) || rhs.kids[1]->kind != NodeKind::Const)
      return nullptr;
    std::vector<const Node*> stages;
    flatten_pipe(x, stages);
    const Node* sel = stages.size() >= 2 ? match_select(*stages.back()) : nullptr;
    if (!sel) return nullptr;
    NodePtr gen = join_pipe(stages, 0, stages.size() - 1);
    CondPtr c = elements(Cond::Kind::Count, *gen, *sel, b);
    if (!c) return nullptr;
    c->op = rhs.binop;
    c->constant = rhs.kids[1]->text;
    return c;
  }

  CondPtr any_of(const Node& gen, const Node& c, const Base& b) { return elements(Cond::Kind::Any, gen, c, b); }

  // An Any or Count over the outputs of `gen`; a constant path keeps the
  // key steps after its last `[]` in the element condition instead, so that
  // `[.A[] | .K] | any(. == "x")` reads the same elements as `.A[] | .K == "y"`.
  CondPtr elements(Cond::Kind kind, const Node& gen, const Node& c, const Base& b) {
    if (b.element) return nullptr;  // no nested element loops
    auto out = std::make_unique<Cond>();
    out->kind = kind;
    std::vector<Step> moved;
    Base path = b;
    if (extend(gen, path, true) && has_iterate(path.steps)) {
      while (!path.steps.back().iterate) {
        moved.insert(moved.begin(), path.steps.back());
        path.steps.pop_back();
      }
      out->source.root = path.root;
      out->source.steps = std::move(path.steps);
      out->source.key = path_text(out->source.root, out->source.steps);
    } else if (!program_source(*make(NodeKind::Collect, clone(gen)), b, out->source)) {
      return nullptr;
    }
    Base elem;
    elem.element = true;
    elem.steps = std::move(moved);
    out->a = cond(c, elem);
    if (!out->a) return nullptr;
    return out;
  }

  static bool has_iterate(const std::vector<Step>& steps) {
    for (const Step& s : steps)
      if (s.iterate) return true;
    return false;
  }

  // Appends the constant path `n` to `b`.  A global root is only taken at
  // the very start of a top-level path: below a path (`.x | event.y`) the
  // path's own errors would be lost.
  bool extend(const Node& n, Base& b, bool allow_iterate) {
    switch (n.kind) {
      case NodeKind::Identity: return true;
      case NodeKind::Index:
        if (!is_const_string(*n.kids[1]) || !extend(*n.kids[0], b, allow_iterate)) return false;
        b.steps.push_back({unquote(n.kids[1]->text), false});
        return true;
      case NodeKind::Iterate:
        if (!allow_iterate || !extend(*n.kids[0], b, allow_iterate)) return false;
        b.steps.push_back({"", true});
        return true;
      case NodeKind::Pipe: return extend(*n.kids[0], b, allow_iterate) && extend(*n.kids[1], b, allow_iterate);
      case NodeKind::Var: {
        if (b.element || !b.root.empty() || !b.steps.empty() || !is_global(n.var)) return false;
        b.root = m_.vars[n.var];
        return true;
      }
      default: return false;
    }
  }

  bool is_global(VarId v) const {
    for (VarId g : m_.globals)
      if (g == v) return true;
    return false;
  }

  // The constant JSON text of a key ("Name") as the key itself: keys the
  // lowering produces are plain; anything with an escape is left to the
  // program (no native path).
  static std::string unquote(const std::string& json) {
    std::string key = json.substr(1, json.size() - 2);
    return key;
  }

  // The value `e` yields below `b`: a native path, or (at top level) a
  // fragment program `prefix | e`.
  bool value_source(const Node& e, const Base& b, Source& s) {
    Base path = b;
    if (extend(e, path, false)) {
      s.root = path.root;
      s.steps = std::move(path.steps);
      s.key = path_text(s.root, s.steps);
      return true;
    }
    if (b.element) return false;
    return program_source(e, b, s);
  }

  bool program_source(const Node& e, const Base& b, Source& s) {
    if (b.element) return false;
    NodePtr full = clone(e);
    if (!b.root.empty() || !b.steps.empty()) full = make(NodeKind::Pipe, prefix(b), std::move(full));
    s.program = make_fragment(m_, *full);
    if (!s.program) return false;
    s.key = "program\n" + fragment_key(*s.program);
    return true;
  }

  NodePtr prefix(const Base& b) {
    NodePtr n = make(NodeKind::Identity);
    if (!b.root.empty()) {
      n = make(NodeKind::Var);
      for (VarId g : m_.globals)
        if (m_.vars[g] == b.root) n->var = g;
    }
    for (const Step& s : b.steps) {
      if (s.iterate) {
        n = make(NodeKind::Iterate, std::move(n));
      } else {
        n = make(NodeKind::Index, std::move(n), make_const(fmt::format("\"{}\"", s.key)));
      }
    }
    return n;
  }

  const Module& m_;
};

bool plain_key(const std::string& json) {
  if (json.size() < 2 || json[0] != '"') return false;
  for (size_t i = 1; i + 1 < json.size(); ++i)
    if (json[i] == '\\' || json[i] == '"') return false;
  return true;
}

bool keys_plain(const Node& n) {
  if (n.kind == NodeKind::Index && n.kids[1]->kind == NodeKind::Const && n.kids[1]->text[0] == '"' &&
      !plain_key(n.kids[1]->text))
    return false;
  for (const NodePtr& k : n.kids)
    if (k && !keys_plain(*k)) return false;
  return true;
}

TriggerForm residual(std::string why) {
  TriggerForm out;
  out.why = std::move(why);
  return out;
}

}  // namespace

TriggerForm recognise(const Module& m) {
  if (!m.main) return residual("no program");
  // Keys with escapes would need decoding to be native steps; rare enough to
  // leave those triggers on their own program.
  if (!keys_plain(*m.main)) return residual("escaped key");
  TriggerForm out;
  out.cond = Recogniser(m).cond(*m.main, Base{});
  if (!out.cond) return residual("not a combination of atoms");
  // A bare value would need its exact value (true, false, null or an error
  // "must yield a boolean"), not its truthiness.
  if (out.cond->kind == Cond::Kind::Test && out.cond->test == TestKind::Truthy) return residual("not a condition");
  return out;
}

}  // namespace riposte::ir::triggers
