// Destructuring: `as`, `reduce` and `foreach` patterns, with `?//`
// alternatives.  The value to destructure is on top of the stack.
#include <algorithm>

#include "vm/compiler_impl.h"

namespace riposte::vm {

// One pattern: bind, then the body.  Alternatives p1 ?// p2 ... share one
// set of variables (those an alternative lacks are null) and one body:
//   STORE v
//   FORKALT A2; LOAD v; p1; JUMP B
//   A2: FORKALT A3; (vars = null); LOAD v; p2; JUMP B
//   ...  An: (vars = null); LOAD v; pn
//   B: body
// An error in an alternative or in the body moves on to the next one.
void Compiler::bind_patterns(const std::vector<ir::Pattern>& ps, const std::function<void()>& body) {
  Env saved = env_;
  if (ps.size() == 1) {
    gen_pattern(ps[0]);
    body();
    env_ = saved;
    return;
  }
  uint32_t src = temp();
  emit(Op::STORE, 0, src);
  std::vector<ir::VarId> vars;
  for (const ir::Pattern& p : ps) collect_pattern_vars(p, vars);
  for (ir::VarId v : vars) bind_var(v);  // one slot per name for every alternative
  const std::vector<ir::VarId>* outer = prebound_;
  prebound_ = &vars;
  std::vector<uint32_t> to_body;
  for (size_t i = 0; i < ps.size(); ++i) {
    bool last = i + 1 == ps.size();
    uint32_t fork = last ? 0 : emit(Op::FORKALT);
    if (i > 0) null_vars(vars);
    emit(Op::LOAD, 0, src);
    gen_pattern(ps[i]);
    if (!last) {
      to_body.push_back(emit(Op::JUMP));
      patch(fork);
    }
  }
  prebound_ = outer;
  for (uint32_t j : to_body) patch(j);
  body();
  env_ = saved;
}

void Compiler::collect_pattern_vars(const ir::Pattern& p, std::vector<ir::VarId>& out) const {
  auto add = [&](ir::VarId v) {
    if (v != ir::kNone && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  switch (p.kind) {
    case ir::Pattern::Kind::Var:
      add(p.var);
      break;
    case ir::Pattern::Kind::Array:
      for (const ir::Pattern& e : p.elems) collect_pattern_vars(e, out);
      break;
    case ir::Pattern::Kind::Object:
      for (const ir::Pattern::Entry& e : p.entries) {
        add(e.key_var);
        if (e.value) collect_pattern_vars(*e.value, out);
      }
      break;
  }
}

void Compiler::null_vars(const std::vector<ir::VarId>& vars) {
  uint32_t k = constant(Value::null());
  for (ir::VarId v : vars) emit_slot(Op::STOREK, lookup(v, false), k);
}

// Binds the value on top of the stack (and pops it).  A variable already
// bound by this construct (an alternative of ?//) reuses its slot.
void Compiler::gen_pattern(const ir::Pattern& p) {
  auto store_var = [&](ir::VarId v) {
    bool prebound = prebound_ && std::find(prebound_->begin(), prebound_->end(), v) != prebound_->end();
    emit_slot(Op::STORE, prebound ? lookup(v, false) : bind_var(v));
  };
  switch (p.kind) {
    case ir::Pattern::Kind::Var:
      store_var(p.var);
      return;
    case ir::Pattern::Kind::Array: {
      uint32_t t = temp();
      emit(Op::STORE, 0, t);
      for (size_t i = 0; i < p.elems.size(); ++i) {
        emit(Op::LOAD, 0, t);
        emit(Op::IDXARR, 0, 0, static_cast<uint32_t>(i));
        gen_pattern(p.elems[i]);
      }
      return;
    }
    case ir::Pattern::Kind::Object: {
      uint32_t t = temp();
      emit(Op::STORE, 0, t);
      for (const ir::Pattern::Entry& e : p.entries) {
        emit(Op::LOAD, 0, t);
        if (e.key_var != ir::kNone) {
          emit(Op::INDEXK, 0, 0, constant(Value::string(m_.vars[e.key_var])));
          if (e.value) emit(Op::DUP);
          store_var(e.key_var);
        } else if (e.key && e.key->kind == ir::NodeKind::Const) {
          emit(Op::INDEXK, 0, 0, constant_json(e.key->text));
        } else if (e.key) {
          // The key is computed on the value being destructured.
          gen(*e.key, Mode::Value, false);
          emit(Op::LOAD, 0, t);
          emit(Op::IDXKEY);
        }
        if (e.value) {
          gen_pattern(*e.value);
        } else if (e.key_var == ir::kNone) {
          emit(Op::POP);
        }
      }
      return;
    }
  }
}

}  // namespace riposte::vm
