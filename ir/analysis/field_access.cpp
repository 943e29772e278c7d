// The field-access collector (see field_access.h): an abstract run of the
// program in which values are replaced by the paths they were read from.
#include "ir/analysis/field_access.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "ir/analysis/call_env.h"

namespace riposte::ir::analysis {
namespace {

using Paths = std::vector<FieldPath>;
constexpr size_t kMaxPaths = 16;  // more alternatives than this: stop tracking

void add_unique(Paths& out, const FieldPath& p) {
  if (out.size() < kMaxPaths && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
}

Paths join(Paths a, const Paths& b) {
  for (const FieldPath& p : b) add_unique(a, p);
  return a;
}

Paths extend(const Paths& in, const std::string& segment) {
  Paths out;
  for (FieldPath p : in) {
    p.segments.push_back(segment);
    add_unique(out, p);
  }
  return out;
}

// The member name of a constant string key, if it is one.
bool string_key(const Node& key, std::string& name) {
  if (key.kind != NodeKind::Const || key.text.size() < 2 || key.text[0] != '"') return false;
  // Canonical JSON: only a key with escapes needs decoding; such keys are
  // not field names of the data model, so they are left out.
  if (key.text.find('\\') != std::string::npos) return false;
  name = key.text.substr(1, key.text.size() - 2);
  return true;
}

bool is_number_key(const Node& key) {
  return key.kind == NodeKind::Const && !key.text.empty() && (key.text[0] == '-' || (key.text[0] >= '0' && key.text[0] <= '9'));
}

class FieldWalker {
 public:
  FieldWalker(const Module& m, const FieldRoots& roots) : m_(m) {
    for (const auto& [var, root] : roots.globals) vars_[var] = Paths{FieldPath{root, {}}};
  }

  std::vector<FieldAccess> take() { return std::move(accesses_); }

  Paths walk(const Node& n, const Paths& in, const Frame* frames) {
    switch (n.kind) {
      case NodeKind::Identity: return in;
      case NodeKind::Var: {
        auto it = vars_.find(n.var);
        return it == vars_.end() ? Paths{} : it->second;
      }
      case NodeKind::Pipe: return walk(*n.kids[1], walk(*n.kids[0], in, frames), frames);
      case NodeKind::Comma:
      case NodeKind::Alt: return join(walk(*n.kids[0], in, frames), walk(*n.kids[1], in, frames));
      case NodeKind::If:
        walk(*n.kids[0], in, frames);
        return join(walk(*n.kids[1], in, frames), walk(*n.kids[2], in, frames));
      case NodeKind::Try: {
        Paths body = walk(*n.kids[0], in, frames);
        if (n.kids.size() > 1) walk(*n.kids[1], {}, frames);  // the handler's input is the error
        return body;
      }
      case NodeKind::Index: return index(n, in, frames);
      case NodeKind::Slice:
        for (size_t i = 1; i < n.kids.size(); ++i) walk(*n.kids[i], in, frames);
        return walk(*n.kids[0], in, frames);
      case NodeKind::Iterate: return extend(walk(*n.kids[0], in, frames), "[]");
      case NodeKind::Reduce:
      case NodeKind::Foreach: return fold(n, in, frames);
      case NodeKind::Bind: return bind(n, in, frames);
      case NodeKind::Label:
      case NodeKind::FuncDefs: return walk(*n.kids[0], in, frames);
      case NodeKind::CallFunc: return call_func(n, in, frames);
      case NodeKind::CallParam: {
        ParamBinding b = resolve_param(n, frames);
        return b.arg ? walk(*b.arg, in, b.frames) : Paths{};
      }
      default:  // constants, operators, constructors, natives: computed values
        for (const NodePtr& k : n.kids)
          if (k) walk(*k, in, frames);
        return {};
    }
  }

 private:
  void record(const Paths& paths, const Node& key, const Frame* frames) {
    if (in_builtin(m_, frames)) return;
    for (const FieldPath& p : paths) accesses_.push_back(FieldAccess{p, key.loc});
  }

  Paths index(const Node& n, const Paths& in, const Frame* frames) {
    Paths target = walk(*n.kids[0], in, frames);
    walk(*n.kids[1], in, frames);
    std::string name;
    if (string_key(*n.kids[1], name)) {
      Paths out = extend(target, name);
      record(out, *n.kids[1], frames);
      return out;
    }
    return is_number_key(*n.kids[1]) ? extend(target, "[]") : Paths{};
  }

  // reduce/foreach SRC as $x (INIT; UPDATE[; EXTRACT])
  Paths fold(const Node& n, const Paths& in, const Frame* frames) {
    bind_pattern(n.patterns[0], walk(*n.kids[0], in, frames), frames);
    Paths state = walk(*n.kids[1], in, frames);
    Paths updated = join(state, walk(*n.kids[2], state, frames));
    if (n.kind == NodeKind::Foreach && n.kids.size() > 3 && n.kids[3]) return walk(*n.kids[3], updated, frames);
    return updated;
  }

  Paths bind(const Node& n, const Paths& in, const Frame* frames) {
    Paths src = walk(*n.kids[0], in, frames);
    for (const Pattern& p : n.patterns) bind_pattern(p, src, frames);
    return walk(*n.kids[1], in, frames);
  }

  void bind_pattern(const Pattern& p, const Paths& value, const Frame* frames) {
    switch (p.kind) {
      case Pattern::Kind::Var: vars_[p.var] = value; return;
      case Pattern::Kind::Array:
        for (const Pattern& e : p.elems) bind_pattern(e, extend(value, "[]"), frames);
        return;
      case Pattern::Kind::Object: break;
    }
    for (const Pattern::Entry& e : p.entries) {
      std::string name;
      Paths member;
      if (e.key_var != kNone) {
        member = extend(value, m_.vars[e.key_var]);
        if (!in_builtin(m_, frames))
          for (const FieldPath& fp : member) accesses_.push_back(FieldAccess{fp, p.loc});
        vars_[e.key_var] = member;
      } else if (e.key) {
        walk(*e.key, value, frames);
        if (string_key(*e.key, name)) {
          member = extend(value, name);
          record(member, *e.key, frames);
        }
      }
      if (e.value) bind_pattern(*e.value, member, frames);
    }
  }

  Paths call_func(const Node& n, const Paths& in, const Frame* frames) {
    if (n.func >= m_.funcs.size() || !m_.funcs[n.func].body || too_deep(n.func, frames)) return {};
    Frame frame{n.func, &n, frames};
    Paths out = walk(*m_.funcs[n.func].body, in, &frame);
    // A recursive function's walk was cut at its own call: its outputs
    // (`..` yields everything below the input) are not known.
    return m_.funcs[n.func].recursive ? Paths{} : out;
  }

  const Module& m_;
  std::unordered_map<VarId, Paths> vars_;
  std::vector<FieldAccess> accesses_;
};

}  // namespace

std::vector<FieldAccess> collect_field_accesses(const Module& m, const FieldRoots& roots) {
  if (!m.main) return {};
  FieldWalker w(m, roots);
  w.walk(*m.main, Paths{FieldPath{}}, nullptr);
  std::vector<FieldAccess> out = w.take();
  auto order = [](const FieldAccess& a, const FieldAccess& b) {
    return std::tie(a.loc.line, a.loc.column, a.path.root, a.path.segments) <
           std::tie(b.loc.line, b.loc.column, b.path.root, b.path.segments);
  };
  std::stable_sort(out.begin(), out.end(), order);
  out.erase(std::unique(out.begin(), out.end(),
                        [](const FieldAccess& a, const FieldAccess& b) {
                          return a.path == b.path && a.loc.line == b.loc.line && a.loc.column == b.loc.column;
                        }),
            out.end());
  return out;
}

std::string to_string(const FieldPath& p) {
  std::string out = p.root;
  for (const std::string& s : p.segments) {
    if (s == "[]") {
      out += "[]";
      continue;
    }
    if (!out.empty()) out += '.';
    out += s;
  }
  return out;
}

}  // namespace riposte::ir::analysis
