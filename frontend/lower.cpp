// Lowering: the module, scopes, name resolution and functions.
#include "frontend/lower.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <span>

namespace riposte::frontend {

ir::Loc ir_loc(SourceLoc l) { return {l.line, l.column}; }

ir::NodePtr ir_node(ir::NodeKind k, SourceLoc loc) { return std::make_unique<ir::Node>(k, ir_loc(loc)); }

ir::NodePtr ir_node(ir::NodeKind k, SourceLoc loc, ir::NodePtr a) {
  auto n = ir_node(k, loc);
  n->kids.push_back(std::move(a));
  return n;
}

ir::NodePtr ir_node(ir::NodeKind k, SourceLoc loc, ir::NodePtr a, ir::NodePtr b) {
  auto n = ir_node(k, loc, std::move(a));
  n->kids.push_back(std::move(b));
  return n;
}

ir::NodePtr ir_const(std::string json, SourceLoc loc) {
  auto n = ir_node(ir::NodeKind::Const, loc);
  n->text = std::move(json);
  return n;
}

ir::NodePtr ir_native(std::string_view name, SourceLoc loc, std::vector<ir::NodePtr> args) {
  auto n = ir_node(ir::NodeKind::CallNative, loc);
  n->text = std::string(name);
  n->kids = std::move(args);
  return n;
}

Lowerer::Lowerer(const LowerOptions& opt, const Prelude* prelude, std::vector<support::Diagnostic>& diags)
    : opt_(opt), prelude_(prelude), diags_(diags), m_(std::make_unique<ir::Module>()) {}

std::unique_ptr<ir::Module> Lowerer::lower_program(const Expr& root) {
  // Globals are bound by the caller before main runs; $ARGS always is.
  std::vector<std::string> names = opt_.global_vars;
  for (const GlobalFunction& f : opt_.global_functions) names.push_back(f.var);
  if (std::find(names.begin(), names.end(), "ARGS") == names.end()) names.push_back("ARGS");
  for (const std::string& name : names) {
    if (globals_.count(name)) continue;
    ir::VarId id = new_var(name);
    globals_[name] = id;
    m_->globals.push_back(id);
  }
  size_t errors_before = diags_.size();
  ir::NodePtr main = lower(root);
  if (!prelude_used_.empty()) {
    auto defs = ir_node(ir::NodeKind::FuncDefs, root.loc, std::move(main));
    defs->funcs = prelude_used_;
    main = std::move(defs);
  }
  if (diags_.size() != errors_before) return nullptr;
  m_->main = std::move(main);
  m_->native_facts = opt_.natives.facts;
  mark_recursive_functions();
  return std::move(m_);
}

ir::VarId Lowerer::new_var(std::string_view name) {
  m_->vars.emplace_back(name);
  return static_cast<ir::VarId>(m_->vars.size() - 1);
}

ir::VarId Lowerer::bind_var(std::string_view name) {
  ir::VarId id = new_var(name);
  vars_.push_back({std::string(name), id});
  return id;
}

ir::FuncId Lowerer::new_function(const FuncDef& def, ir::FuncId parent, bool builtin) {
  ir::Function f;
  f.name = def.name;
  for (const std::string& p : def.params) f.params.push_back(p[0] == '$' ? p.substr(1) : p);
  f.parent = parent;
  f.builtin = builtin;
  f.loc = ir_loc(def.loc);
  m_->funcs.push_back(std::move(f));
  return static_cast<ir::FuncId>(m_->funcs.size() - 1);
}

// The body with the closure parameters in scope; `$x` parameters become
// `x as $x | body`, the first parameter outermost.
void Lowerer::lower_function_body(ir::FuncId id, const FuncDef& def) {
  ScopeGuard scope(*this);
  ir::FuncId saved = current_func_;
  current_func_ = id;
  std::vector<std::pair<uint32_t, ir::VarId>> value_params;
  for (uint32_t i = 0; i < def.params.size(); ++i) {
    const std::string& p = def.params[i];
    bool is_value = p[0] == '$';
    std::string name = is_value ? p.substr(1) : p;
    funcs_.push_back({name, 0, id, i});
    if (is_value) value_params.emplace_back(i, bind_var(name));
  }
  ir::NodePtr body = lower(*def.body);
  for (size_t i = value_params.size(); i-- > 0;) {
    auto arg = ir_node(ir::NodeKind::CallParam, def.loc);
    arg->func = id;
    arg->param = value_params[i].first;
    auto bind = ir_node(ir::NodeKind::Bind, def.loc, std::move(arg), std::move(body));
    ir::Pattern pattern;
    pattern.var = value_params[i].second;
    pattern.loc = ir_loc(def.loc);
    bind->patterns.push_back(std::move(pattern));
    body = std::move(bind);
  }
  m_->funcs[id].body = std::move(body);
  current_func_ = saved;
}

// The innermost enclosing definition or closure parameter `name/arity`.
Lowerer::Callee Lowerer::resolve_local(std::string_view name, unsigned arity) const {
  for (size_t i = funcs_.size(); i-- > 0;) {
    const FuncBinding& b = funcs_[i];
    if (b.arity != arity || b.name != name) continue;
    if (b.param == ir::kNone) return {Callee::Kind::Func, b.func, ir::kNone};
    return {Callee::Kind::Param, b.func, b.param};
  }
  return {};
}

// The host-bound global read by a call `name/arity`, if it names one of
// LowerOptions::global_functions; kNone otherwise.
ir::VarId Lowerer::global_function(std::string_view name, unsigned arity) const {
  if (arity != 0) return ir::kNone;
  for (const GlobalFunction& f : opt_.global_functions) {
    if (f.name != name) continue;
    auto it = globals_.find(f.var);
    return it == globals_.end() ? ir::kNone : it->second;
  }
  return ir::kNone;
}

Lowerer::Callee Lowerer::resolve_call(std::string_view name, unsigned arity) {
  if (Callee local = resolve_local(name, arity); local.kind != Callee::Kind::None) return local;
  if (prelude_) {
    if (const FuncDef* def = prelude_->find(name, arity)) return prelude_callee(prelude_function(*def));
    report_prelude_errors(name, arity);
  }
  if (const ir::NativeFacts* facts = native(name, arity)) {
    if (!allowed(facts->capability)) {
      if (!prelude_stack_.empty()) {
        // Inside a jq-defined builtin: the builtin carries the capability
        // to its callers; the user's call of it is the error.
        for (ir::FuncId f : prelude_stack_) prelude_needs_[f] = facts->capability;
        return {Callee::Kind::Native, ir::kNone, ir::kNone};
      }
      Callee forbidden{Callee::Kind::Forbidden, ir::kNone, ir::kNone};
      forbidden.capability = facts->capability;
      return forbidden;
    }
    return {Callee::Kind::Native, ir::kNone, ir::kNone};
  }
  return {};
}

// What a capability lets a program do, for the diagnostic.
std::string_view capability_reach(ir::Capability c) {
  switch (c) {
    case ir::Capability::Environment: return "it reads the server's environment variables";
    case ir::Capability::Input: return "it reads the server's input stream and file names";
    case ir::Capability::Output: return "it writes to the server's standard error";
    case ir::Capability::Process: return "it stops the server's process";
    case ir::Capability::Time: return "it reads the clock";
    case ir::Capability::None: break;
  }
  return "it is not allowed here";
}

void Lowerer::forbidden(SourceLoc loc, std::string_view what, ir::Capability c) {
  error(support::diag::ForbiddenFunction, loc, what, opt_.natives.environment, capability_reach(c));
}

const ir::NativeFacts* Lowerer::native(std::string_view name, unsigned arity) const {
  return opt_.natives.facts ? opt_.natives.facts(name, arity) : nullptr;
}

bool Lowerer::allowed(ir::Capability c) const { return (opt_.natives.allowed & ir::capability_bit(c)) != 0; }

// The syntax errors of a jq-defined builtin, parsed on this call (frontend/
// prelude.h): said once per compile, then the call is unknown.
void Lowerer::report_prelude_errors(std::string_view name, unsigned arity) {
  std::span<const support::Diagnostic> errors = prelude_->errors(name, arity);
  if (errors.empty() || !prelude_errors_said_.insert(fmt::format("{}/{}", name, arity)).second) return;
  for (const support::Diagnostic& d : errors)
    diags_.push_back(support::emit(support::diag::PreludeError, {}, d.span.line, d.span.column, d.message));
}

// A call of the jq-defined builtin `id` from where the lowering is: inside
// another builtin, what it needs passes on; in the user's program, a
// builtin that needs a capability the environment lacks is forbidden.
Lowerer::Callee Lowerer::prelude_callee(ir::FuncId id) {
  auto need = prelude_needs_.find(id);
  if (need == prelude_needs_.end()) return {Callee::Kind::Func, id, ir::kNone};
  if (!prelude_stack_.empty()) {
    for (ir::FuncId f : prelude_stack_) prelude_needs_[f] = need->second;
    return {Callee::Kind::Func, id, ir::kNone};
  }
  Callee forbidden{Callee::Kind::Forbidden, ir::kNone, ir::kNone};
  forbidden.capability = need->second;
  return forbidden;
}

// A prelude definition lowered into this module on first use, in the
// prelude's own scope: none of the user's names are visible from it.
ir::FuncId Lowerer::prelude_function(const FuncDef& def) {
  if (auto it = prelude_ids_.find(&def); it != prelude_ids_.end()) return it->second;
  ir::FuncId id = new_function(def, ir::kNone, /*builtin=*/true);
  prelude_ids_[&def] = id;
  prelude_used_.push_back(id);
  std::vector<FuncBinding> funcs;
  std::vector<NameBinding> vars, labels;
  funcs.swap(funcs_);
  vars.swap(vars_);
  labels.swap(labels_);
  prelude_stack_.push_back(id);
  lower_function_body(id, def);
  prelude_stack_.pop_back();
  funcs.swap(funcs_);
  vars.swap(vars_);
  labels.swap(labels_);
  return id;
}

// Calls a function the desugaring needs (`_modify` for `|=`, `recurse` for
// `..`): resolved like any call, so user definitions shadow it as in gojq.
ir::NodePtr Lowerer::call_builtin(std::string_view name, std::vector<ir::NodePtr> args, SourceLoc loc,
                                  std::string_view needed_for) {
  unsigned arity = static_cast<unsigned>(args.size());
  Callee c = resolve_call(name, arity);
  switch (c.kind) {
    case Callee::Kind::Func: {
      auto n = ir_node(ir::NodeKind::CallFunc, loc);
      n->func = c.func;
      n->kids = std::move(args);
      return n;
    }
    case Callee::Kind::Native:
      return ir_native(name, loc, std::move(args));
    case Callee::Kind::Param: {
      auto n = ir_node(ir::NodeKind::CallParam, loc);
      n->func = c.func;
      n->param = c.param;
      return n;
    }
    case Callee::Kind::Forbidden:
      forbidden(loc, fmt::format("{}/{} (needed for {})", name, arity, needed_for), c.capability);
      return ir_node(ir::NodeKind::Identity, loc);
    case Callee::Kind::None:
      break;
  }
  error(support::diag::MissingBuiltin, loc, fmt::format("{}/{}", name, arity), needed_for);
  return ir_node(ir::NodeKind::Identity, loc);
}

// A function is recursive when its body can reach a call of itself,
// directly or through other functions.
void Lowerer::mark_recursive_functions() {
  size_t n = m_->funcs.size();
  std::vector<std::vector<ir::FuncId>> calls(n);
  std::function<void(const ir::Node&, std::vector<ir::FuncId>&)> collect = [&](const ir::Node& node,
                                                                            std::vector<ir::FuncId>& out) {
    if (node.kind == ir::NodeKind::CallFunc) out.push_back(node.func);
    for (const auto& kid : node.kids)
      if (kid) collect(*kid, out);
    for (const auto& p : node.patterns) {
      std::function<void(const ir::Pattern&)> walk = [&](const ir::Pattern& pat) {
        for (const auto& e : pat.elems) walk(e);
        for (const auto& e : pat.entries) {
          if (e.key) collect(*e.key, out);
          if (e.value) walk(*e.value);
        }
      };
      walk(p);
    }
  };
  for (size_t f = 0; f < n; ++f)
    if (m_->funcs[f].body) collect(*m_->funcs[f].body, calls[f]);
  for (size_t f = 0; f < n; ++f) {
    std::vector<bool> seen(n, false);
    std::vector<ir::FuncId> stack(calls[f].begin(), calls[f].end());
    while (!stack.empty() && !m_->funcs[f].recursive) {
      ir::FuncId g = stack.back();
      stack.pop_back();
      if (g == f) m_->funcs[f].recursive = true;
      if (g >= n || seen[g]) continue;
      seen[g] = true;
      stack.insert(stack.end(), calls[g].begin(), calls[g].end());
    }
  }
}

}  // namespace riposte::frontend
