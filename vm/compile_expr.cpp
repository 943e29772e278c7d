// Code generation for IR expressions: one function per node kind.  The
// stack effect of each construct is written next to it ([before] ->
// [after], top rightmost; x is the input).  Orders follow gojq: operators
// and index keys evaluate their right operand / key first (outer loop),
// natives evaluate their last argument outermost, object entries and the
// jq-defined builtins (whose $params bind in order) the first outermost.
#include <fmt/format.h>

#include "stdlib/natives.h"
#include "vm/compiler_impl.h"
#include "vm/intrinsics.h"

namespace riposte::vm {

using K = ir::NodeKind;

namespace {

bool is_const(const ir::Node& n) { return n.kind == K::Const; }

// True when n yields at most one output (conservative): no fork point of
// n can produce a second one.
bool single_output(const ir::Node& n) {
  auto kids_single = [&] {
    for (const auto& k : n.kids) {
      if (k && !single_output(*k)) return false;
    }
    return true;
  };
  switch (n.kind) {
    case K::Identity:
    case K::Const:
    case K::Var:
    case K::Collect:
    case K::Reduce:
      return true;
    case K::Pipe:
    case K::Binary:
    case K::And:
    case K::Or:
    case K::Object:
    case K::Index:
    case K::Slice:
    case K::If:
      return kids_single();
    case K::CallNative:
      return n.text != "range" && n.text != "input" && kids_single();
    default:
      return false;
  }
}

// Proves that n yields at least one output or raises an error, never
// backtracking without output (conservative: false when unsure).  Calls of
// jq-defined functions are followed into their bodies, with what is known
// of their closure arguments; recursion and deep nesting give up.
class NeverEmpty {
 public:
  explicit NeverEmpty(const ir::Module& m) : m_(m) {}

  bool operator()(const ir::Node& n) {
    switch (n.kind) {
      case K::Identity:
      case K::Const:
      case K::Var:
      case K::Collect:
        return true;
      case K::Pipe:
      case K::Binary:
      case K::And:
      case K::Or:
      case K::Object:
      case K::Index:
      case K::Slice:
      case K::Path:
        return all_kids(n);
      case K::FuncDefs:
        return (*this)(*n.kids[0]);
      case K::Comma:
        return (*this)(*n.kids[0]) || (*this)(*n.kids[1]);
      case K::Alt:
        return (*this)(*n.kids[1]);
      case K::If:
        return all_kids(n);  // a missing else is the identity
      case K::Try:
        return n.kids.size() == 2 && all_kids(n);
      case K::Reduce:
        return patterns_ok(n) && (*this)(*n.kids[1]);
      case K::Bind:
        return patterns_ok(n) && all_kids(n);
      case K::CallNative:
        if (n.text == "empty" || n.text == "range") return false;
        return all_kids(n);
      case K::CallFunc: return call(n);
      case K::CallParam:
        for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
          if (it->func == n.func) return n.param < it->args.size() && it->args[n.param];
        }
        return false;
      default:
        return false;
    }
  }

 private:
  struct Frame {
    ir::FuncId func;
    std::vector<bool> args;
  };

  bool all_kids(const ir::Node& n) {
    for (const auto& k : n.kids) {
      if (k && !(*this)(*k)) return false;
    }
    return true;
  }
  // A pattern whose keys are computed could make the binding empty.
  static bool patterns_ok(const ir::Node& n) {
    for (const auto& p : n.patterns) {
      if (p.kind != ir::Pattern::Kind::Var) return false;
    }
    return n.patterns.size() == 1;
  }
  bool call(const ir::Node& n) {
    if (n.func >= m_.funcs.size() || frames_.size() >= 12) return false;
    const ir::Function& f = m_.funcs[n.func];
    if (f.recursive || !f.body) return false;
    for (const auto& fr : frames_) {
      if (fr.func == n.func) return false;
    }
    Frame fr{n.func, {}};
    for (const auto& k : n.kids) fr.args.push_back((*this)(*k));
    frames_.push_back(std::move(fr));
    bool r = (*this)(*f.body);
    frames_.pop_back();
    return r;
  }

  const ir::Module& m_;
  std::vector<Frame> frames_;
};

// True when a ?// fork point may be live while the update of a reduce or
// foreach whose source is `src` runs (conservative: calls are not
// followed).  An error or a break in the update then resumes at that fork
// point and the loop goes on with the accumulator as it was before the
// update (gojq), so the update must not take it out of its slot.
bool may_hold_alternatives(const ir::Node& n);

bool pattern_may_hold_alternatives(const ir::Pattern& p) {
  for (const ir::Pattern& e : p.elems) {
    if (pattern_may_hold_alternatives(e)) return true;
  }
  for (const ir::Pattern::Entry& e : p.entries) {
    if (e.key && may_hold_alternatives(*e.key)) return true;
    if (e.value && pattern_may_hold_alternatives(*e.value)) return true;
  }
  return false;
}

bool may_hold_alternatives(const ir::Node& n) {
  if (n.kind == K::CallFunc || n.kind == K::CallParam || n.patterns.size() > 1) return true;
  for (const ir::Pattern& p : n.patterns) {
    if (pattern_may_hold_alternatives(p)) return true;
  }
  for (const auto& k : n.kids) {
    if (k && may_hold_alternatives(*k)) return true;
  }
  return false;
}

}  // namespace

void Compiler::gen(const ir::Node& n, Mode m, bool tail) {
  bool path = m == Mode::Path;
  switch (n.kind) {
    case K::Identity:
      return;
    case K::Const:
      if (path) return gen_value_in_path(n);
      emit(Op::CONST, 0, 0, constant_json(n.text));
      return;
    case K::Var: {
      if (path) return gen_var_in_path(n);
      Slot s = lookup(n.var, false);
      if (s.hops == 255) {  // a compiler bug upstream: fail loudly, not with null
        std::string name = n.var < m_.vars.size() ? m_.vars[n.var] : "?";
        emit(Op::CONST, 0, 0, constant(Value::string("internal error: unbound variable $" + name)));
        emit(Op::ERROR);
      } else {
        emit_slot(Op::LOADR, s);
      }
      return;
    }
    case K::Pipe:
      gen(*n.kids[0], m, false);
      gen(*n.kids[1], m, tail);
      return;
    case K::Comma: return gen_comma(n, m, tail);
    case K::Binary: return path ? gen_value_in_path(n) : gen_binary(n);
    case K::And:
    case K::Or: return path ? gen_value_in_path(n) : gen_and_or(n);
    case K::Alt: return gen_alt(n, m, tail);
    case K::If: return gen_if(n, m, tail);
    case K::Try: return gen_try(n, m, tail);
    case K::Reduce: return gen_reduce(n, m);
    case K::Foreach: return gen_foreach(n, m);
    case K::Bind: return gen_bind(n, m, tail);
    case K::Label: return gen_label(n, m, tail);
    case K::Break: {
      Slot s = lookup(n.label, true);
      if (s.hops == 255) {
        emit(Op::CONST, 0, 0, constant(Value::string(std::string_view("break without a label"))));
        emit(Op::ERROR);
      } else {
        emit_slot(Op::BREAK, s);
      }
      return;
    }
    case K::Collect: return path ? gen_value_in_path(n) : gen_collect(n);
    case K::Object: return path ? gen_value_in_path(n) : gen_object(n);
    case K::Index: return gen_index(n, m);
    case K::Slice: return gen_slice(n, m);
    case K::Iterate:
      gen(*n.kids[0], m, false);
      emit(path ? Op::EACH_P : Op::EACH);
      return;
    case K::Path:
      if (path) return gen_value_in_path(n);
      emit(Op::PATHBEGIN);
      gen(*n.kids[0], Mode::Path, false);
      emit(Op::PATHEND);
      return;
    case K::FuncDefs: return gen_func_defs(n, m, tail);
    case K::CallFunc: return gen_call(n, m, tail);
    case K::CallParam: return gen_call_param(n, m, tail);
    case K::CallNative: return gen_native(n, m);
  }
}

// A value expression inside path(...): [p x] -> [p x x] -> [p x w] ->
// [p w], the path surviving only when w is still the value at p (gojq's
// "path intact" rule, e.g. path(.a | select(.b))).
void Compiler::gen_value_in_path(const ir::Node& n) {
  emit(Op::DUP);
  gen(n, Mode::Value, false);
  emit(Op::PATHCHK);
}

// $x in path mode: [p x] -> [xp x] when $x is a foreach variable that
// carries its path, else a plain value.
void Compiler::gen_var_in_path(const ir::Node& n) {
  for (auto it = path_vars_.rbegin(); it != path_vars_.rend(); ++it) {
    if (it->var != n.var) continue;
    Slot v = lookup(n.var, false);
    emit(Op::POP);
    emit(Op::POP);
    emit(Op::LOAD, hops_to(it->scope), it->slot);
    emit_slot(Op::LOAD, v);
    return;
  }
  gen_value_in_path(n);
}

// a, b: FORK L; a; JUMP E; L: b; E:
void Compiler::gen_comma(const ir::Node& n, Mode m, bool tail) {
  uint32_t fork = emit(Op::FORK);
  gen(*n.kids[0], m, tail);
  uint32_t jump = emit(tail ? Op::RET : Op::JUMP);
  patch(fork);
  gen(*n.kids[1], m, tail);
  if (!tail) patch(jump);
}

// l op r: [x] -> [x x] -> [x r] -> [x r x] -> [x r l] -> [l op r]
void Compiler::gen_binary(const ir::Node& n) {
  const ir::Node& l = *n.kids[0];
  const ir::Node& r = *n.kids[1];
  auto op = static_cast<uint32_t>(n.binop);
  if (is_const(r)) {
    gen(l, Mode::Value, false);
    emit(Op::BINOPK, op, 0, constant_json(r.text));
    return;
  }
  if (l.kind == K::Identity) {
    if (!push_input_free(r)) {
      emit(Op::DUP);
      gen(r, Mode::Value, false);
    }
    emit(Op::BINOPI, op);
    return;
  }
  emit(Op::DUP);
  gen(r, Mode::Value, false);
  emit(Op::PICK, 0, 1);
  gen(l, Mode::Value, false);
  emit(Op::BINOP, op);
}

// a and b: DUP; a; JUMPF F; b; TOBOOL; JUMP E; F: CONST false; E:
// (`or` mirrors it with JUMPT and true).
void Compiler::gen_and_or(const ir::Node& n) {
  bool is_and = n.kind == K::And;
  emit(Op::DUP);
  gen(*n.kids[0], Mode::Value, false);
  uint32_t jump_short = emit(is_and ? Op::JUMPF : Op::JUMPT);
  gen(*n.kids[1], Mode::Value, false);
  emit(Op::TOBOOL);
  uint32_t jump_end = emit(Op::JUMP);
  patch(jump_short);
  emit(Op::CONST, 0, 0, constant(Value::boolean(!is_and)));
  patch(jump_end);
}

// a // b: the truthy outputs of a; when there is none, b.  As in gojq
// 0.12.11, an error in a propagates.
void Compiler::gen_alt(const ir::Node& n, Mode m, bool tail) {
  uint32_t found = temp();
  emit(Op::STOREK, 0, found, constant(Value::boolean(false)));
  uint32_t fork = emit(Op::FORK);
  gen(*n.kids[0], m, false);
  emit(Op::BTFALSY);
  emit(Op::STOREK, 0, found, constant(Value::boolean(true)));
  uint32_t jump = emit(tail ? Op::RET : Op::JUMP);
  patch(fork);
  emit(Op::BTIF, 0, found);
  gen(*n.kids[1], m, tail);
  if (!tail) patch(jump);
}

// The condition runs in value mode on a copy of the input's value.
void Compiler::gen_if(const ir::Node& n, Mode m, bool tail) {
  emit(Op::DUP);
  gen(*n.kids[0], Mode::Value, false);
  const ir::Node& otherwise = *n.kids[2];
  if (otherwise.kind == K::CallNative && otherwise.text == "empty" && otherwise.kids.empty()) {
    emit(Op::BTNOT);  // select(c): if c then t else empty end
    gen(*n.kids[1], m, tail);
    return;
  }
  uint32_t jump_else = emit(Op::JUMPF);
  gen(*n.kids[1], m, tail);
  uint32_t jump = emit(tail ? Op::RET : Op::JUMP);
  patch(jump_else);
  gen(*n.kids[2], m, tail);
  if (!tail) patch(jump);
}

// TRYBEGIN C; body; TRYEND; JUMP E; C: handler (or BACKTRACK); E:
void Compiler::gen_try(const ir::Node& n, Mode m, bool tail) {
  uint32_t begin = emit(Op::TRYBEGIN, m == Mode::Path ? 2 : 1);
  gen(*n.kids[0], m, false);
  emit(Op::TRYEND);
  uint32_t jump = emit(tail ? Op::RET : Op::JUMP);
  patch(begin);
  if (n.kids.size() > 1) {
    gen(*n.kids[1], m, tail);
  } else {
    emit(Op::BACKTRACK);
  }
  if (!tail) patch(jump);
}

// reduce SRC as P (INIT; UPDATE), as gojq: every output of INIT restarts
// the loop, and only the final accumulator is output.
//   STORE x; FORK E; LOAD x; INIT; STORE acc; LOAD x; SRC; bind P;
//   LOADM acc; UPDATE; STORE acc; BACKTRACK; E: LOADM acc
// The input waits in a slot rather than under the fork point, and the
// accumulator is moved (not copied) into UPDATE, so that `. + [$x]` and
// setpath update it in place (`.[$k] = $v` in a loop stays linear).  When
// INIT has at most one output the source takes the input itself (LOADM).
// When UPDATE yields nothing the accumulator becomes null (jq's behaviour;
// gojq keeps the previous one).
void Compiler::gen_reduce(const ir::Node& n, Mode m) {
  const ir::Node& src = *n.kids[0];
  const ir::Node& init = *n.kids[1];
  const ir::Node& update = *n.kids[2];
  if (m == Mode::Value) {
    uint32_t x = temp(), acc = temp();
    bool single_init = single_output(init);
    emit(Op::STORE, 0, x);
    uint32_t fork = emit(Op::FORK);
    if (!push_input_free(init)) {
      emit(Op::LOAD, 0, x);
      gen(init, Mode::Value, false);
    }
    emit(Op::STORE, 0, acc);
    emit(single_init ? Op::LOADM : Op::LOAD, 0, x);
    uint32_t mark = alternatives_mark(n);
    gen(src, Mode::Value, false);
    // When the update yields nothing the state stays as it was (gojq
    // 0.12.11), so it is moved out (and updated in place) only when the
    // update surely yields.
    bool move = NeverEmpty(m_)(update);
    bind_patterns(n.patterns, [&] {
      load_accumulator(acc, move, mark);
      gen(update, Mode::Value, false);
      emit(Op::STORE, 0, acc);
      emit(Op::BACKTRACK);
    });
    patch(fork);
    if (!single_init) emit(Op::STOREK, 0, x, constant(Value::null()));
    emit(Op::LOADM, 0, acc);
    return;
  }
  uint32_t accp = temp(), accv = temp();
  uint32_t fork = emit(Op::FORK);
  emit(Op::PICK, 0, 1);
  emit(Op::PICK, 0, 1);
  gen(init, Mode::Path, false);
  emit(Op::STORE, 0, accv);
  emit(Op::STORE, 0, accp);
  uint32_t mark = alternatives_mark(n);
  bind_source_in_path(n, false, [&] {
    emit(Op::LOAD, 0, accp);
    load_accumulator(accv, true, mark);
    gen(update, Mode::Path, false);
    emit(Op::STORE, 0, accv);
    emit(Op::STORE, 0, accp);
    emit(Op::BACKTRACK);
  });
  patch(fork);
  emit(Op::POP);
  emit(Op::POP);
  emit(Op::LOADM, 0, accp);
  emit(Op::LOADM, 0, accv);
}

// foreach SRC as P (INIT; UPDATE; EXTRACT):
//   DUP; INIT; STORE acc; SRC; bind P; LOADM acc; UPDATE; DUP; STORE acc; EXTRACT
void Compiler::gen_foreach(const ir::Node& n, Mode m) {
  const ir::Node& src = *n.kids[0];
  const ir::Node& init = *n.kids[1];
  const ir::Node& update = *n.kids[2];
  const ir::Node* extract = n.kids.size() > 3 ? n.kids[3].get() : nullptr;
  if (m == Mode::Value) {
    uint32_t acc = temp();
    emit(Op::DUP);
    gen(init, Mode::Value, false);
    emit(Op::STORE, 0, acc);
    uint32_t mark = alternatives_mark(n);
    gen(src, Mode::Value, false);
    bool move = NeverEmpty(m_)(update);  // as in reduce
    bind_patterns(n.patterns, [&] {
      load_accumulator(acc, move, mark);
      gen(update, Mode::Value, false);
      emit(Op::DUP);
      emit(Op::STORE, 0, acc);
      if (extract) gen(*extract, Mode::Value, false);
    });
    return;
  }
  uint32_t accp = temp(), accv = temp();
  emit(Op::PICK, 0, 1);
  emit(Op::PICK, 0, 1);
  gen(init, Mode::Path, false);
  emit(Op::STORE, 0, accv);
  emit(Op::STORE, 0, accp);
  uint32_t mark = alternatives_mark(n);
  bind_source_in_path(n, true, [&] {
    emit(Op::LOAD, 0, accp);
    load_accumulator(accv, true, mark);
    gen(update, Mode::Path, false);
    emit(Op::PICK, 0, 1);
    emit(Op::PICK, 0, 1);
    emit(Op::STORE, 0, accv);
    emit(Op::STORE, 0, accp);
    if (extract) gen(*extract, Mode::Path, false);
  });
}

// For a reduce or foreach whose source or patterns may leave a ?// fork
// point live during the update: a slot holding the number of live ?// fork
// points before the source runs (ALTMARK), else kNoMark.
uint32_t Compiler::alternatives_mark(const ir::Node& n) {
  bool alternatives = n.patterns.size() > 1 || may_hold_alternatives(*n.kids[0]);
  for (const ir::Pattern& p : n.patterns) alternatives = alternatives || pattern_may_hold_alternatives(p);
  if (!alternatives) return kNoMark;
  uint32_t mark = temp();
  emit(Op::ALTMARK, 0, mark);
  return mark;
}

// The accumulator for the update: moved out of its slot when `move` (so
// the update changes it in place), unless a ?// fork point newer than
// `mark` is live at run time (LOADMA), as the loop may resume with it.
void Compiler::load_accumulator(uint32_t acc, bool move, uint32_t mark) {
  if (!move) {
    emit(Op::LOAD, 0, acc);
  } else if (mark == kNoMark) {
    emit(Op::LOADM, 0, acc);
  } else {
    emit(Op::LOADMA, 0, acc, mark);
  }
}

// The source of a reduce/foreach in path mode: [p x] -> (bind) [] -> body.
// With `track` (foreach), a plain `$x` pattern keeps the path of the
// source's output, so that path(limit(1; .a, .b)) (whose extract outputs
// `$x`) is ["a"], as in jq and gojq; both reject path(last(.a, .b)), a
// reduce, and so does Riposte.
void Compiler::bind_source_in_path(const ir::Node& n, bool track, const std::function<void()>& body) {
  const ir::Node& src = *n.kids[0];
  const ir::Pattern& p = n.patterns[0];
  if (!track || n.patterns.size() != 1 || p.kind != ir::Pattern::Kind::Var) {
    emit(Op::NIP);
    gen(src, Mode::Value, false);
    bind_patterns(n.patterns, body);
    return;
  }
  Env saved = env_;
  gen(src, Mode::Path, false);
  Slot v = bind_var(p.var);
  uint32_t vpath = temp();
  emit_slot(Op::STORE, v);
  emit(Op::STORE, 0, vpath);
  path_vars_.push_back({p.var, scope_, vpath});
  body();
  path_vars_.pop_back();
  env_ = saved;
}

// SRC as P | BODY: [x] -> [x x] -> [x v] -> (bind) [x] -> BODY
void Compiler::gen_bind(const ir::Node& n, Mode m, bool tail) {
  emit(Op::DUP);
  gen(*n.kids[0], Mode::Value, false);
  bind_patterns(n.patterns, [&] { gen(*n.kids[1], m, tail); });
}

void Compiler::gen_label(const ir::Node& n, Mode m, bool tail) {
  Env saved = env_;
  Slot s = bind_label(n.label);
  emit_slot(Op::LABEL, s);
  gen(*n.kids[0], m, tail);
  env_ = saved;
}

// [f]: NEWARR t; FORK E; f; APPEND t; BACKTRACK; E: REPLM t
void Compiler::gen_collect(const ir::Node& n) {
  if (n.kids.empty() || !n.kids[0]) {
    emit(Op::CONST, 0, 0, constant(Value::array()));
    return;
  }
  uint32_t t = temp();
  emit(Op::NEWARR, 0, t);
  uint32_t fork = emit(Op::FORK);
  gen(*n.kids[0], Mode::Value, false);
  emit(Op::APPEND, 0, t);
  emit(Op::BACKTRACK);
  patch(fork);
  emit(Op::REPLM, 0, t);
}

// {k1: v1, ...}: [x] -> [x k1 v1 ... kn vn] -> [object]
void Compiler::gen_object(const ir::Node& n) {
  uint32_t entries = static_cast<uint32_t>(n.kids.size() / 2);
  for (uint32_t i = 0; i < entries; ++i) {
    const ir::Node& key = *n.kids[2 * i];
    const ir::Node& value = *n.kids[2 * i + 1];
    for (uint32_t j = 0; j < 2; ++j) {
      const ir::Node& part = j == 0 ? key : value;
      if (!push_input_free(part)) {
        emit(Op::PICK, 0, 2 * i + j);
        gen(part, Mode::Value, false);
      }
    }
  }
  emit(Op::OBJECT, 0, entries);
}

// t[k], the key outermost:
//   value: [x] -> [x x] -> [x k] -> [x k x] -> [x k t] -> [t[k]]
//   path:  [p x] -> [p x k] -> [p x k p x] -> [p x k tp t] -> [tp+[k] t[k]]
void Compiler::gen_index(const ir::Node& n, Mode m) {
  const ir::Node& target = *n.kids[0];
  const ir::Node& key = *n.kids[1];
  bool path = m == Mode::Path;
  if (is_const(key)) {
    gen(target, m, false);
    emit(path ? Op::INDEXK_P : Op::INDEXK, 0, 0, constant_json(key.text));
    return;
  }
  emit(Op::DUP);
  gen(key, Mode::Value, false);
  if (path) {
    emit(Op::PICK, 0, 2);
    emit(Op::PICK, 0, 2);
  } else {
    emit(Op::PICK, 0, 1);
  }
  gen(target, m, false);
  emit(path ? Op::INDEX_P : Op::INDEX);
}

// t[from:to]: from outermost, then to, then t.
//   value: [x] -> [x from] -> [x from to] -> [x from to t] -> [slice]
//   path:  [p x] -> [p x from to] -> [p x from to p x] -> [.. tp t] -> [path slice]
void Compiler::gen_slice(const ir::Node& n, Mode m) {
  bool path = m == Mode::Path;
  emit(Op::DUP);
  gen(*n.kids[1], Mode::Value, false);
  emit(Op::PICK, 0, 1);
  gen(*n.kids[2], Mode::Value, false);
  if (path) {
    emit(Op::PICK, 0, 3);
    emit(Op::PICK, 0, 3);
  } else {
    emit(Op::PICK, 0, 2);
  }
  gen(*n.kids[0], m, false);
  emit(path ? Op::SLICE_P : Op::SLICE);
}

// Definitions compile when called; remember where they were defined.
void Compiler::gen_func_defs(const ir::Node& n, Mode m, bool tail) {
  for (ir::FuncId f : n.funcs) func_site_.try_emplace(f, scope_, env_);
  gen(*n.kids[0], m, tail);
}

// CALL unit + one ARG per closure argument.  An argument that is itself a
// closure parameter is passed through (no new lambda, no extra frame).
void Compiler::gen_call(const ir::Node& n, Mode m, bool tail) {
  uint32_t s = function_scope(n.func);
  uint32_t u = unit_for(s, m);
  uint32_t parent_level = code_.scopes[s].level - 1;
  uint32_t hops = code_.scopes[scope_].level - parent_level;
  emit(tail ? Op::TCALL : Op::CALL, hops, static_cast<uint32_t>(n.kids.size()), u);
  for (const auto& kid : n.kids) {
    if (kid->kind == K::CallParam) {
      emit(Op::ARG, 1, hops_to(function_scope(kid->func)), kid->param);
    } else {
      emit(Op::ARG, 0, 0, lambda_for(*kid));
    }
  }
}

void Compiler::gen_call_param(const ir::Node& n, Mode m, bool tail) {
  uint32_t s = function_scope(n.func);
  emit(tail ? Op::TCALLCL : Op::CALLCL, hops_to(s), n.param, static_cast<uint32_t>(m));
}

// Pushes the value of an expression that ignores its input (a constant or
// a variable) without copying the input first; false for other kinds.
bool Compiler::push_input_free(const ir::Node& n) {
  if (is_const(n)) {
    emit(Op::PUSHK, 0, 0, constant_json(n.text));
    return true;
  }
  if (n.kind == K::Var) {
    Slot s = lookup(n.var, false);
    if (s.hops == 255) return false;
    emit_slot(Op::LOAD, s);
    return true;
  }
  return false;
}

// Value arguments, first outermost: [x] -> [x a1] -> ... -> [x a1 .. an]
void Compiler::gen_args(const ir::Node& n, uint32_t below) {
  for (uint32_t i = 0; i < n.kids.size(); ++i) {
    const ir::Node& arg = *n.kids[i];
    if (!push_input_free(arg)) {
      emit(Op::PICK, 0, i + below);
      gen(arg, Mode::Value, false);
    }
  }
}

void Compiler::gen_native(const ir::Node& n, Mode m) {
  if (gen_intrinsic(n, m)) return;
  if (m == Mode::Path) return gen_value_in_path(n);
  auto arity = static_cast<unsigned>(n.kids.size());
  const stdlib::NativeInfo* info = stdlib::find_native(n.text, arity);
  if (!info || !info->fn || arity > kMaxNativeArgs) {
    std::string msg = fmt::format("function not defined: {}/{}", n.text, arity);
    emit(Op::CONST, 0, 0, constant(Value::string(std::move(msg))));
    emit(Op::ERROR);
    return;
  }
  auto [it, added] = native_index_.emplace(info, static_cast<uint32_t>(code_.natives.size()));
  if (added) code_.natives.push_back(info);
  // gojq calls a Go builtin inside the loops of its arguments, the last
  // argument outermost: [pow(1,2; 3,4)] is [1,8,1,16].  Only when two or
  // more arguments read the input can their order show (outputs, errors).
  uint32_t reading = 0;
  for (const auto& k : n.kids) reading += (is_const(*k) || k->kind == K::Var) ? 0 : 1;
  if (reading < 2) {
    gen_args(n, 0);
    emit(Op::NATIVE, arity, 0, it->second);
    return;
  }
  // [x] -> [x an] -> ... -> [x an .. a1]; NATIVE b=1 reads them reversed.
  for (uint32_t k = 0; k < arity; ++k) {
    const ir::Node& arg = *n.kids[arity - 1 - k];
    if (!push_input_free(arg)) {
      emit(Op::PICK, 0, k);
      gen(arg, Mode::Value, false);
    }
  }
  emit(Op::NATIVE, arity, 1, it->second);
}

// The natives the VM implements itself (stdlib/natives.def, kind Intrinsic;
// their opcodes: vm/intrinsics.def).
bool Compiler::gen_intrinsic(const ir::Node& n, Mode m) {
  auto arity = static_cast<unsigned>(n.kids.size());
  const Intrinsic* in = find_intrinsic(n.text, arity);
  if (!in) return false;
  if (m == Mode::Path && !in->keeps_path) {
    gen_value_in_path(n);
    return true;
  }
  gen_args(n, 0);
  emit(m == Mode::Path ? in->path_op : in->op, arity);
  return true;
}

}  // namespace riposte::vm
