// Structural checks of a Module (see verifier.h).  The walk carries the
// lexical scope: variables and labels in scope, and the function whose body
// is being checked.  A function body is checked where its FuncDefs brings it
// into scope, since it sees that scope (jq closures are lexical).
#include "ir/verifier.h"

#include <algorithm>
#include <fmt/format.h>

namespace riposte::ir {
namespace {

struct KidCount {
  size_t min, max;
};

KidCount kid_count(const Node& n, const Module& m) {
  constexpr size_t kAny = ~size_t{0};
  switch (n.kind) {
    case NodeKind::Identity:
    case NodeKind::Const:
    case NodeKind::Var:
    case NodeKind::Break:
    case NodeKind::CallParam: return {0, 0};
    case NodeKind::Pipe:
    case NodeKind::Comma:
    case NodeKind::Binary:
    case NodeKind::And:
    case NodeKind::Or:
    case NodeKind::Alt:
    case NodeKind::Index:
    case NodeKind::Bind: return {2, 2};
    case NodeKind::If:
    case NodeKind::Reduce:
    case NodeKind::Slice: return {3, 3};
    case NodeKind::Foreach: return {3, 4};
    case NodeKind::Try: return {1, 2};
    case NodeKind::Collect: return {0, 1};
    case NodeKind::Label:
    case NodeKind::Iterate:
    case NodeKind::Path:
    case NodeKind::FuncDefs: return {1, 1};
    case NodeKind::Object: return {0, kAny};
    case NodeKind::CallNative: return {0, kAny};
    case NodeKind::CallFunc: {
      size_t arity = n.func < m.funcs.size() ? m.funcs[n.func].params.size() : 0;
      return {arity, arity};
    }
  }
  return {0, kAny};
}

class Verifier {
 public:
  explicit Verifier(const Module& m) : m_(m), checked_(m.funcs.size(), false) {}

  std::vector<VerifyError> run() {
    vars_ = m_.globals;
    for (VarId g : m_.globals)
      if (g >= m_.vars.size()) fail({}, fmt::format("global variable id {} out of range", g));
    if (!m_.main) {
      fail({}, "module has no main");
    } else {
      node(*m_.main);
    }
    // Functions no FuncDefs brings into scope are unreachable; check them
    // with the globals only, so that every body is verified.
    vars_ = m_.globals;
    labels_.clear();
    for (FuncId id = 0; id < m_.funcs.size(); ++id)
      if (!checked_[id]) function(id);
    return std::move(errors_);
  }

 private:
  void fail(Loc loc, std::string message) {
    errors_.push_back({loc, std::move(message)});
  }

  void function(FuncId id) {
    checked_[id] = true;
    const Function& f = m_.funcs[id];
    if (f.parent != kNone && f.parent >= m_.funcs.size())
      fail(f.loc, fmt::format("function {} has parent id {} out of range", f.name, f.parent));
    if (!f.body) {
      fail(f.loc, fmt::format("function {}/{} has no body", f.name, f.params.size()));
      return;
    }
    FuncId saved = current_;
    current_ = id;
    node(*f.body);
    current_ = saved;
  }

  // True when `owner` is the function being checked or encloses it.
  bool in_function(FuncId owner) const {
    for (FuncId f = current_; f != kNone && f < m_.funcs.size(); f = m_.funcs[f].parent)
      if (f == owner) return true;
    return false;
  }

  void pattern_vars(const Pattern& p, std::vector<VarId>& out) {
    switch (p.kind) {
      case Pattern::Kind::Var:
        if (p.var >= m_.vars.size()) fail(p.loc, fmt::format("pattern variable id {} out of range", p.var));
        out.push_back(p.var);
        break;
      case Pattern::Kind::Array:
        if (p.elems.empty()) fail(p.loc, "empty array pattern");
        for (const Pattern& e : p.elems) pattern_vars(e, out);
        break;
      case Pattern::Kind::Object:
        if (p.entries.empty()) fail(p.loc, "empty object pattern");
        for (const Pattern::Entry& e : p.entries) {
          if (e.key_var != kNone) {
            out.push_back(e.key_var);
          } else if (!e.key) {
            fail(p.loc, "object pattern entry without a key");
          }
          if (e.value) pattern_vars(*e.value, out);
        }
        break;
    }
  }

  // Computed keys of object patterns run with the pattern's variables bound
  // so far in scope; checking them with all of its variables is close enough.
  void pattern_keys(const Pattern& p) {
    for (const Pattern& e : p.elems) pattern_keys(e);
    for (const Pattern::Entry& e : p.entries) {
      if (e.key) node(*e.key);
      if (e.value) pattern_keys(*e.value);
    }
  }

  // Brings the variables of `patterns` into scope, checks kids [from, end).
  void bind_patterns(const Node& n, size_t from) {
    if (n.patterns.empty()) {
      fail(n.loc, fmt::format("{} without a pattern", name(n.kind)));
      return;
    }
    size_t saved = vars_.size();
    for (const Pattern& p : n.patterns) pattern_vars(p, vars_);
    for (const Pattern& p : n.patterns) pattern_keys(p);
    for (size_t i = from; i < n.kids.size(); ++i)
      if (n.kids[i]) node(*n.kids[i]);
    vars_.resize(saved);
  }

  void kids(const Node& n, size_t from, size_t to) {
    for (size_t i = from; i < to && i < n.kids.size(); ++i)
      if (n.kids[i]) node(*n.kids[i]);
  }

  void check_leaf(const Node& n) {
    switch (n.kind) {
      case NodeKind::Const:
        if (n.text.empty()) fail(n.loc, "constant without JSON text");
        break;
      case NodeKind::Var:
        if (std::find(vars_.begin(), vars_.end(), n.var) == vars_.end())
          fail(n.loc, fmt::format("variable {} used where it is not bound",
                                  n.var < m_.vars.size() ? "$" + m_.vars[n.var] : fmt::format("#{}", n.var)));
        break;
      case NodeKind::Break:
        if (std::find(labels_.begin(), labels_.end(), n.label) == labels_.end())
          fail(n.loc, fmt::format("break of label #{} outside that label", n.label));
        break;
      case NodeKind::CallParam:
        if (n.func >= m_.funcs.size() || n.param >= m_.funcs[n.func].params.size())
          fail(n.loc, "closure parameter out of range");
        else if (!in_function(n.func))
          fail(n.loc, fmt::format("closure parameter {} of {} called outside its function",
                                  m_.funcs[n.func].params[n.param], m_.funcs[n.func].name));
        break;
      case NodeKind::CallNative:
        if (n.text.empty()) fail(n.loc, "native call without a name");
        break;
      default: break;
    }
  }

  void node(const Node& n) {
    KidCount kc = kid_count(n, m_);
    if (n.kids.size() < kc.min || n.kids.size() > kc.max)
      fail(n.loc, fmt::format("{} has {} operands", name(n.kind), n.kids.size()));
    for (const NodePtr& k : n.kids)
      if (!k && n.kind != NodeKind::Collect) fail(n.loc, fmt::format("{} has a null operand", name(n.kind)));
    if (n.kind == NodeKind::Object && n.kids.size() % 2 != 0) fail(n.loc, "Object with an odd operand count");
    if ((n.kind == NodeKind::CallFunc) && n.func >= m_.funcs.size()) {
      fail(n.loc, fmt::format("call of function id {} out of range", n.func));
      return;
    }
    check_leaf(n);
    switch (n.kind) {
      case NodeKind::Bind:
        kids(n, 0, 1);
        bind_patterns(n, 1);
        return;
      case NodeKind::Reduce:
      case NodeKind::Foreach:
        kids(n, 0, 2);
        bind_patterns(n, 2);
        return;
      case NodeKind::Label:
        labels_.push_back(n.label);
        kids(n, 0, n.kids.size());
        labels_.pop_back();
        return;
      case NodeKind::FuncDefs:
        for (FuncId f : n.funcs) {
          if (f >= m_.funcs.size()) {
            fail(n.loc, fmt::format("FuncDefs names function id {} out of range", f));
            continue;
          }
          if (!checked_[f]) function(f);
        }
        kids(n, 0, n.kids.size());
        return;
      default:
        if (!n.patterns.empty()) fail(n.loc, fmt::format("{} carries patterns", name(n.kind)));
        kids(n, 0, n.kids.size());
        return;
    }
  }

  const Module& m_;
  std::vector<bool> checked_;
  std::vector<VarId> vars_;
  std::vector<LabelId> labels_;
  FuncId current_ = kNone;
  std::vector<VerifyError> errors_;
};

}  // namespace

std::vector<VerifyError> verify(const Module& m) { return Verifier(m).run(); }

}  // namespace riposte::ir
