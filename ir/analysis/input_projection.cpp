// The input projection analysis (input_projection.h): an abstract
// interpretation of the IR tree whose abstract value is the set of input
// positions a value may be.
#include "ir/analysis/input_projection.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace riposte::ir::analysis {
namespace {

// An array built by `[...]` whose elements may be input positions: tracked
// so that `[.Assets[] | select(...)] | length` does not need the elements
// whole (length counts them; iteration and `.[n]` give them back).  One per
// Collect node of the IR, shared by every evaluation of it.
struct Collected;

// A value that may be an input position, or such a collected array.
struct Pos {
  InputProjection* input = nullptr;
  Collected* collected = nullptr;
  bool operator==(const Pos&) const = default;
};

// The positions a value may be; empty when it is computed (or lies inside
// an escaped position, where nothing is pruned).
using Positions = std::vector<Pos>;

struct Collected {
  Positions elements;
  bool escaped = false;  // seen whole: so are its elements, present and future
};

// Calls analysed inside one another, and nodes visited, before giving up
// (the whole input is then needed).
constexpr size_t kMaxCallDepth = 64;
constexpr size_t kMaxVisits = 200'000;
// reduce/foreach: rounds before the accumulator's positions are escaped
// (whole positions absorb everything below, so the next round is stable).
constexpr int kRoundsBeforeWidening = 3;
constexpr int kMaxRounds = 8;

// The key of `Const "name"` when it is a plain string constant (no escapes
// to decode: ir/ has no JSON reader, and such keys are rare).
bool plain_string_key(const Node& n, std::string_view& key) {
  const std::string& t = n.text;
  if (n.kind != NodeKind::Const || t.size() < 2 || t.front() != '"' || t.back() != '"') return false;
  key = std::string_view(t).substr(1, t.size() - 2);
  return key.find('\\') == std::string_view::npos;
}

bool integer_constant(const Node& n) {
  if (n.kind != NodeKind::Const || n.text.empty()) return false;
  size_t i = n.text[0] == '-' ? 1 : 0;
  return i < n.text.size() &&
         std::all_of(n.text.begin() + i, n.text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void add(Positions& into, const Positions& from) {
  for (const Pos& p : from)
    if (std::find(into.begin(), into.end(), p) == into.end()) into.push_back(p);
}

bool includes(const Positions& big, const Positions& small) {
  return std::all_of(small.begin(), small.end(),
                     [&](const Pos& p) { return std::find(big.begin(), big.end(), p) != big.end(); });
}

class Projector {
 public:
  Projector(const Module& m, VarId object_global) : m_(m), object_global_(object_global) {}

  InputProjection run() {
    if (m_.main) escape(eval(*m_.main, {Pos{&root_}}));  // the output is seen whole
    if (gave_up_) return InputProjection::whole_input();
    normalise(root_);
    return std::move(root_);
  }

 private:
  // A call being analysed: its closure arguments, the frame their bodies
  // run in (the caller's) and the frame of its lexically enclosing function.
  struct Frame {
    FuncId func;
    const std::vector<NodePtr>* args;
    Frame* caller;
    Frame* parent;
  };

  // `.key` of each value: a collected array errors, printing its elements.
  static Positions members(const Positions& ps, std::string_view key) {
    Positions out;
    for (const Pos& p : ps) {
      if (p.collected) {
        escape({p});
      } else if (p.input->whole) {
        add(out, {p});  // a whole position absorbs what is below it
      } else {
        auto it = p.input->members.find(key);
        if (it == p.input->members.end())
          it = p.input->members.emplace(std::string(key), InputProjection{}).first;
        add(out, {Pos{&it->second}});
      }
    }
    return out;
  }
  // `.[]` or `.[n]` of each value.
  static Positions elements(const Positions& ps) {
    Positions out;
    for (const Pos& p : ps) {
      if (p.collected) {
        add(out, p.collected->elements);
      } else if (p.input->whole) {
        add(out, {p});
      } else {
        if (!p.input->elements) p.input->elements = std::make_unique<InputProjection>();
        add(out, {Pos{p.input->elements.get()}});
      }
    }
    return out;
  }
  static void escape(const Positions& ps) {
    for (const Pos& p : ps) {
      if (p.input) {
        p.input->whole = true;
      } else if (!p.collected->escaped) {
        p.collected->escaped = true;
        escape(p.collected->elements);
      }
    }
  }
  Positions collect(const Node& n, const Positions& in) {
    Collected& c = collected_[&n];
    Positions items = eval_kid(n, 0, in);
    add(c.elements, items);
    if (c.escaped) escape(items);
    return {Pos{nullptr, &c}};
  }
  static void normalise(InputProjection& p) {
    if (p.whole) {
      p.members.clear();
      p.elements.reset();
      return;
    }
    for (auto& [key, child] : p.members) normalise(child);
    if (p.elements) normalise(*p.elements);
  }

  Positions eval(const Node& n, const Positions& in);
  Positions eval_kid(const Node& n, size_t i, const Positions& in) {
    return i < n.kids.size() && n.kids[i] ? eval(*n.kids[i], in) : Positions{};
  }
  Positions index(const Node& n, const Positions& in);
  Positions loop(const Node& n, const Positions& in);
  Positions bind(const Node& n, const Positions& in);
  Positions call(const Node& n, const Positions& in);
  Positions call_param(const Node& n, const Positions& in);
  Positions native(const Node& n, const Positions& in);
  void bind_pattern(const Pattern& p, const Positions& value, const Positions& in);
  void set_var(VarId v, const Positions& value) {
    saved_.emplace_back(v, env_[v]);
    add(env_[v], value);
  }
  // Restores the variables bound since `mark`.
  void unbind(size_t mark) {
    while (saved_.size() > mark) {
      env_[saved_.back().first] = std::move(saved_.back().second);
      saved_.pop_back();
    }
  }
  Positions give_up() {
    gave_up_ = true;
    return {};
  }

  const Module& m_;
  VarId object_global_;
  InputProjection root_;
  bool gave_up_ = false;
  size_t visits_ = 0;
  size_t depth_ = 0;
  Frame* frame_ = nullptr;
  std::unordered_map<VarId, Positions> env_;
  std::unordered_map<const Node*, Collected> collected_;
  std::vector<std::pair<VarId, Positions>> saved_;
};

Positions Projector::eval(const Node& n, const Positions& in) {
  if (gave_up_ || ++visits_ > kMaxVisits) return give_up();
  switch (n.kind) {
    case NodeKind::Identity:
      return in;
    case NodeKind::Const:
    case NodeKind::Break:
      return {};
    case NodeKind::Var: {
      if (n.var == object_global_) return {Pos{&root_}};
      auto it = env_.find(n.var);
      return it == env_.end() ? Positions{} : it->second;
    }
    case NodeKind::Pipe:
      return eval_kid(n, 1, eval_kid(n, 0, in));
    case NodeKind::Comma:
    case NodeKind::Alt: {  // `a // b` tests a's outputs for truth only
      Positions out = eval_kid(n, 0, in);
      add(out, eval_kid(n, 1, in));
      return out;
    }
    case NodeKind::And:
    case NodeKind::Or:  // truth only: a pruned container is as true
      eval_kid(n, 0, in);
      eval_kid(n, 1, in);
      return {};
    case NodeKind::If: {
      eval_kid(n, 0, in);
      Positions out = eval_kid(n, 1, in);
      add(out, n.kids.size() > 2 && n.kids[2] ? eval(*n.kids[2], in) : in);
      return out;
    }
    case NodeKind::Try: {
      // The handler's input is an error value: errors raised with a
      // position's value (`error`, natives) have escaped it already.
      Positions out = eval_kid(n, 0, in);
      add(out, eval_kid(n, 1, {}));
      return out;
    }
    case NodeKind::Reduce:
    case NodeKind::Foreach:
      return loop(n, in);
    case NodeKind::Bind:
      return bind(n, in);
    case NodeKind::Label:
    case NodeKind::FuncDefs:
      return eval_kid(n, 0, in);
    case NodeKind::Collect:
      return collect(n, in);
    case NodeKind::Object:
    case NodeKind::Binary:
    case NodeKind::Slice:
      for (size_t i = 0; i < n.kids.size(); ++i) escape(eval_kid(n, i, in));
      return {};
    case NodeKind::Index:
      return index(n, in);
    case NodeKind::Iterate:
      return elements(eval_kid(n, 0, in));
    case NodeKind::Path:
      // path(f) yields keys of the input: its structure is observed.
      escape(in);
      eval_kid(n, 0, in);
      return {};
    case NodeKind::CallFunc:
      return call(n, in);
    case NodeKind::CallParam:
      return call_param(n, in);
    case NodeKind::CallNative:
      return native(n, in);
  }
  return give_up();
}

// `.name` and `.[0]` go down; any other key observes the base whole.
Positions Projector::index(const Node& n, const Positions& in) {
  Positions base = eval_kid(n, 0, in);
  std::string_view key;
  const Node* k = n.kids.size() > 1 ? n.kids[1].get() : nullptr;
  if (k && plain_string_key(*k, key)) return members(base, key);
  if (k && integer_constant(*k)) return elements(base);
  escape(base);
  escape(eval_kid(n, 1, in));
  return {};
}

// reduce SRC as $x (INIT; UPDATE) / foreach SRC as $x (INIT; UPDATE; EXTRACT):
// the accumulator's positions are iterated to a fixed point.
Positions Projector::loop(const Node& n, const Positions& in) {
  size_t mark = saved_.size();
  Positions source = eval_kid(n, 0, in);
  if (!n.patterns.empty()) bind_pattern(n.patterns[0], source, in);
  Positions acc = eval_kid(n, 1, in);
  for (int round = 0;; ++round) {
    Positions next = eval_kid(n, 2, acc);
    if (includes(acc, next)) break;
    add(acc, next);
    if (round >= kMaxRounds) return give_up();
    if (round >= kRoundsBeforeWidening) escape(acc);
  }
  Positions out = acc;
  if (n.kind == NodeKind::Foreach && n.kids.size() > 3 && n.kids[3]) out = eval(*n.kids[3], acc);
  unbind(mark);
  return out;
}

// SRC as PATTERNS | BODY
Positions Projector::bind(const Node& n, const Positions& in) {
  size_t mark = saved_.size();
  Positions source = eval_kid(n, 0, in);
  for (const Pattern& p : n.patterns) bind_pattern(p, source, in);
  Positions out = eval_kid(n, 1, in);
  unbind(mark);
  return out;
}

void Projector::bind_pattern(const Pattern& p, const Positions& value, const Positions& in) {
  switch (p.kind) {
    case Pattern::Kind::Var:
      set_var(p.var, value);
      return;
    case Pattern::Kind::Array:
      // `[$a, $b]` indexes by number: an object there errors with its text.
      escape(value);
      for (const Pattern& e : p.elems) bind_pattern(e, {}, in);
      return;
    case Pattern::Kind::Object:
      for (const Pattern::Entry& e : p.entries) {
        std::string_view key;
        if (e.key_var != kNone) {
          key = m_.vars[e.key_var];
        } else if (!e.key || !plain_string_key(*e.key, key)) {
          escape(value);
          if (e.key) escape(eval(*e.key, in));
          if (e.value) bind_pattern(*e.value, {}, in);
          continue;
        }
        Positions at = members(value, key);
        if (e.key_var != kNone) set_var(e.key_var, at);
        if (e.value) bind_pattern(*e.value, at, in);
      }
      return;
  }
}

// A jq-defined function, analysed at this call site.
Positions Projector::call(const Node& n, const Positions& in) {
  const Function& f = m_.funcs[n.func];
  if (f.recursive || depth_ >= kMaxCallDepth || !f.body) return give_up();
  Frame* parent = frame_;
  while (parent && parent->func != f.parent) parent = parent->parent;
  if (f.parent != kNone && !parent) return give_up();
  Frame callee{n.func, &n.kids, frame_, parent};
  Frame* saved = frame_;
  frame_ = &callee;
  ++depth_;
  Positions out = eval(*f.body, in);
  --depth_;
  frame_ = saved;
  return out;
}

// A closure argument: its body runs in the frame of the call that passed it.
Positions Projector::call_param(const Node& n, const Positions& in) {
  Frame* owner = frame_;
  while (owner && owner->func != n.func) owner = owner->parent;
  if (!owner || n.param >= owner->args->size() || !(*owner->args)[n.param] || depth_ >= kMaxCallDepth)
    return give_up();
  Frame* saved = frame_;
  frame_ = owner->caller;
  ++depth_;
  Positions out = eval(*(*owner->args)[n.param], in);
  --depth_;
  frame_ = saved;
  return out;
}

// Natives see their arguments' values and (most of them) their input whole;
// `length` of a collected array sees only how many elements it has.
Positions Projector::native(const Node& n, const Positions& in) {
  for (size_t i = 0; i < n.kids.size(); ++i) escape(eval_kid(n, i, in));
  // stdlib/natives.def's input column: Ignored, or KindOnly (the kind of a
  // position is kept whatever is built of it).
  if (native_facts(m_, n.text, static_cast<unsigned>(n.kids.size())).input != NativeInput::Whole) return {};
  bool counts = n.text == "length" && n.kids.empty();
  for (const Pos& p : in)
    if (!(counts && p.collected)) escape({p});
  return {};
}

// ".Assets[].Name" for the path from the root to a position.
void list_paths(const InputProjection& p, const std::string& path, std::vector<std::string>& out) {
  if (p.whole || p.kind_only()) {
    std::string shown = path.empty() ? "." : path;
    out.push_back(p.whole ? shown : shown + " (kind)");
    return;
  }
  for (const auto& [key, child] : p.members) {
    bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
      return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }) && !(key[0] >= '0' && key[0] <= '9');
    list_paths(child, path + "." + (plain ? key : "\"" + key + "\""), out);
  }
  if (p.elements) list_paths(*p.elements, path + "[]", out);
}

}  // namespace

InputProjection project_input(const Module& m, VarId object_global) {
  return Projector(m, object_global).run();
}

void merge(InputProjection& into, const InputProjection& from) {
  if (into.whole) return;
  if (from.whole) {
    into = InputProjection::whole_input();
    return;
  }
  for (const auto& [key, child] : from.members) merge(into.members[key], child);
  if (from.elements) {
    if (!into.elements) into.elements = std::make_unique<InputProjection>();
    merge(*into.elements, *from.elements);
  }
}

std::string to_string(const InputProjection& p) {
  std::vector<std::string> items;
  list_paths(p, "", items);
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace riposte::ir::analysis
