// The compiler's driver: scopes, units (compiled lazily through a worklist:
// a function or lambda is compiled once per mode it is used in), names,
// constants and instruction emission.
#include "vm/compiler.h"

#include <fmt/format.h>

#include "vm/compiler_impl.h"
#include "value/json.h"

namespace riposte::vm {

Code compile(const ir::Module& m) { return Compiler(m).run(); }

Code Compiler::run() {
  uint32_t main_scope = new_scope("main", 0, {m_.main.get(), nullptr, ir::kNone});
  scope_ = main_scope;
  env_ = nullptr;
  for (ir::VarId g : m_.globals) bind_var(g);
  sources_[main_scope].env = env_;
  code_.nglobals = static_cast<uint32_t>(m_.globals.size());
  code_.main_unit = unit_for(main_scope, Mode::Value);
  while (!worklist_.empty()) {
    uint32_t u = worklist_.front();
    worklist_.pop_front();
    compile_unit(u);
  }
  return std::move(code_);
}

uint32_t Compiler::new_scope(std::string name, uint32_t level, ScopeSource src) {
  Scope s;
  s.name = std::move(name);
  s.level = level;
  code_.scopes.push_back(std::move(s));
  sources_.push_back(std::move(src));
  unit_of_[0].push_back(-1);
  unit_of_[1].push_back(-1);
  return static_cast<uint32_t>(code_.scopes.size() - 1);
}

uint32_t Compiler::unit_for(uint32_t scope, Mode mode) {
  int64_t& u = unit_of_[static_cast<int>(mode)][scope];
  if (u < 0) {
    u = static_cast<int64_t>(code_.units.size());
    code_.units.push_back({scope, mode, 0, 0});
    worklist_.push_back(static_cast<uint32_t>(u));
  }
  return static_cast<uint32_t>(u);
}

// A function's frame is a child of the scope its definition appears in (a
// `def` inside a closure argument sees the closure's variables).
uint32_t Compiler::function_scope(ir::FuncId f) {
  if (auto it = func_scope_.find(f); it != func_scope_.end()) return it->second;
  uint32_t parent = 0;
  Env env = sources_[0].env;
  if (auto it = func_site_.find(f); it != func_site_.end()) {
    parent = it->second.first;
    env = it->second.second;
  }
  const ir::Function& fn = m_.funcs[f];
  uint32_t level = code_.scopes[parent].level + 1;
  uint32_t s = new_scope(fmt::format("{}/{}", fn.name, fn.params.size()), level, {fn.body.get(), env, f});
  code_.scopes[s].nparams = static_cast<uint32_t>(fn.params.size());
  func_scope_[f] = s;
  return s;
}

// A closure argument: compiled in both modes, since the callee decides.
uint32_t Compiler::lambda_for(const ir::Node& arg) {
  if (auto it = lambda_of_.find(&arg); it != lambda_of_.end()) return it->second;
  std::string name = fmt::format("lambda@{}:{}", arg.loc.line, arg.loc.column);
  uint32_t s = new_scope(std::move(name), code_.scopes[scope_].level + 1, {&arg, env_, ir::kNone});
  Lambda l;
  l.scope = s;
  l.unit[0] = unit_for(s, Mode::Value);
  l.unit[1] = unit_for(s, Mode::Path);
  code_.lambdas.push_back(l);
  uint32_t id = static_cast<uint32_t>(code_.lambdas.size() - 1);
  lambda_of_[&arg] = id;
  return id;
}

void Compiler::compile_unit(uint32_t u) {
  scope_ = code_.units[u].scope;
  Mode mode = code_.units[u].mode;
  env_ = sources_[scope_].env;
  code_.units[u].entry = here();
  const ir::Node* body = sources_[scope_].body;
  bool is_main = u == code_.main_unit;
  if (body) {
    gen(*body, mode, !is_main);
  }
  emit(is_main ? Op::OUTPUT : Op::RET);
  code_.units[u].end = here();
}

uint32_t Compiler::emit(Op op, uint32_t a, uint32_t b, uint32_t c) {
  code_.insns.push_back({op, static_cast<uint8_t>(a), static_cast<uint16_t>(b), c});
  return here() - 1;
}

uint32_t Compiler::constant(const Value& v) {
  std::string key = fmt::format("{}:{}", v.is_double() ? 'd' : 'v', to_json(v));
  auto [it, added] = const_index_.emplace(std::move(key), static_cast<uint32_t>(code_.consts.size()));
  if (added) code_.consts.push_back(v);
  return it->second;
}

uint32_t Compiler::constant_json(const std::string& json) {
  Value v;
  JsonError err;
  if (!parse_json(json, v, err)) v = Value::string(json);
  return constant(v);
}

uint32_t Compiler::temp() { return code_.scopes[scope_].nslots++; }

Compiler::Slot Compiler::bind_var(ir::VarId v) {
  uint32_t slot = temp();
  env_ = std::make_shared<const Binding>(Binding{v, false, scope_, slot, env_});
  return local(slot);
}

Compiler::Slot Compiler::bind_label(ir::LabelId l) {
  uint32_t slot = temp();
  env_ = std::make_shared<const Binding>(Binding{l, true, scope_, slot, env_});
  return local(slot);
}

uint8_t Compiler::hops_to(uint32_t scope) const {
  return static_cast<uint8_t>(code_.scopes[scope_].level - code_.scopes[scope].level);
}

// The slot of a visible variable or label; {255, 0} when there is none
// (a module that did not pass the verifier).
Compiler::Slot Compiler::lookup(uint32_t id, bool label) const {
  for (const Binding* b = env_.get(); b; b = b->next.get()) {
    if (b->id == id && b->label == label) return {hops_to(b->scope), static_cast<uint16_t>(b->slot)};
  }
  return {255, 0};
}

}  // namespace riposte::vm
