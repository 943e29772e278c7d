// Lowering AST -> IR (see ir/ir.h for the desugarings).  Internal to the
// front end: compile_to_ir (frontend.cpp) is the public entry point.
//
// Resolution is lexical.  Variables, labels and functions live on three
// scope stacks searched innermost first; a construct that binds names
// records the stack sizes and truncates back when it is done (ScopeGuard).
// A call name/arity is looked up in the enclosing definitions and closure
// parameters, then in the jq-defined prelude, then among the natives.
// Prelude functions are lowered on first use only, in a scope of their own
// (they cannot see the user's definitions), so a module holds just the
// builtins it can reach.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "frontend/ast.h"
#include "support/diagnostics.h"
#include "frontend/frontend.h"
#include "frontend/prelude.h"
#include "ir/ir.h"

namespace riposte::frontend {

class Lowerer {
 public:
  Lowerer(const LowerOptions& opt, const Prelude* prelude, std::vector<support::Diagnostic>& diags);

  // Lowers a whole program; null when a diagnostic was emitted.
  std::unique_ptr<ir::Module> lower_program(const Expr& root);

 private:
  struct FuncBinding {
    std::string name;
    unsigned arity;
    ir::FuncId func;
    uint32_t param;  // kNone: the function itself; else closure parameter `param` of `func`
  };
  struct NameBinding {
    std::string name;
    uint32_t id;  // VarId or LabelId
  };
  // Where a call resolves to.
  struct Callee {
    // Forbidden: a native (or a jq-defined builtin calling one) whose
    // capability the environment does not allow.
    enum class Kind : uint8_t { None, Func, Param, Native, Forbidden } kind = Kind::None;
    ir::FuncId func = ir::kNone;
    uint32_t param = ir::kNone;
    ir::Capability capability = ir::Capability::None;  // Forbidden: which one
  };

  // Restores the scope stacks on destruction.
  class ScopeGuard {
   public:
    explicit ScopeGuard(Lowerer& l)
        : l_(l), funcs_(l.funcs_.size()), vars_(l.vars_.size()), labels_(l.labels_.size()) {}
    ~ScopeGuard() {
      l_.funcs_.resize(funcs_);
      l_.vars_.resize(vars_);
      l_.labels_.resize(labels_);
    }
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;

   private:
    Lowerer& l_;
    size_t funcs_, vars_, labels_;
  };

  // lower.cpp: scopes, resolution, functions.
  ir::VarId new_var(std::string_view name);
  ir::VarId bind_var(std::string_view name);  // new variable, in scope from now on
  ir::FuncId new_function(const FuncDef& def, ir::FuncId parent, bool builtin);
  void lower_function_body(ir::FuncId id, const FuncDef& def);
  Callee resolve_local(std::string_view name, unsigned arity) const;
  Callee resolve_call(std::string_view name, unsigned arity);
  ir::VarId global_function(std::string_view name, unsigned arity) const;
  ir::FuncId prelude_function(const FuncDef& def);
  Callee prelude_callee(ir::FuncId id);
  void report_prelude_errors(std::string_view name, unsigned arity);
  const ir::NativeFacts* native(std::string_view name, unsigned arity) const;
  bool allowed(ir::Capability c) const;
  void forbidden(SourceLoc loc, std::string_view what, ir::Capability c);
  ir::NodePtr call_builtin(std::string_view name, std::vector<ir::NodePtr> args, SourceLoc loc,
                           std::string_view needed_for);
  void mark_recursive_functions();

  // lower_expr.cpp: one function per kind of node.
  ir::NodePtr lower(const Expr& e);
  ir::NodePtr lower_kids_as(ir::NodeKind k, const Expr& e);
  ir::NodePtr lower_call(const Expr& e);
  ir::NodePtr lower_var(const Expr& e);
  ir::NodePtr lower_string(const Expr& e);
  ir::NodePtr lower_format(const Expr& e);
  ir::NodePtr format_call(const std::string& name, SourceLoc loc);
  ir::NodePtr lower_object(const Expr& e);
  ir::NodePtr lower_update(const Expr& e);
  ir::NodePtr lower_func_defs(const Expr& e);
  ir::NodePtr lower_label(const Expr& e);
  ir::NodePtr lower_break(const Expr& e);
  ir::NodePtr lower_slice(const Expr& e);
  ir::NodePtr lower_if(const Expr& e);
  ir::NodePtr lower_try(const Expr& e);
  ir::NodePtr lower_unary(const Expr& e, std::string_view native);
  ir::NodePtr source_location(const Expr& e);

  // lower_pattern.cpp: constructs that bind variables.
  ir::NodePtr lower_bind(const Expr& e);
  ir::NodePtr lower_reduce(const Expr& e);
  ir::NodePtr lower_foreach(const Expr& e);
  ir::Pattern lower_pattern(const Pattern& p, std::unordered_map<std::string, ir::VarId>& bound);

  template <support::DiagKind K, typename... Args>
  void error(support::KindTag<K> kind, SourceLoc loc, Args&&... args) {
    diags_.push_back(support::emit(kind, support::Span::at(loc), std::forward<Args>(args)...));
  }

  const LowerOptions& opt_;
  const Prelude* prelude_;
  std::vector<support::Diagnostic>& diags_;
  std::unique_ptr<ir::Module> m_;

  std::vector<FuncBinding> funcs_;
  std::vector<NameBinding> vars_;
  std::vector<NameBinding> labels_;
  std::unordered_map<std::string, ir::VarId> globals_;
  ir::FuncId current_func_ = ir::kNone;  // the function whose body is being lowered
  std::unordered_map<const FuncDef*, ir::FuncId> prelude_ids_;
  std::vector<ir::FuncId> prelude_used_;  // in order of first use
  // The jq-defined builtins being lowered (innermost last), and those that
  // call a native the environment does not allow, with its capability.
  std::vector<ir::FuncId> prelude_stack_;
  std::unordered_map<ir::FuncId, ir::Capability> prelude_needs_;
  std::unordered_set<std::string> prelude_errors_said_;  // "name/arity"
};

// IR construction helpers (ir::make lives in ir/ir.cpp; these keep the
// front end's own needs local and explicit).
ir::Loc ir_loc(SourceLoc l);
ir::NodePtr ir_node(ir::NodeKind k, SourceLoc loc);
ir::NodePtr ir_node(ir::NodeKind k, SourceLoc loc, ir::NodePtr a);
ir::NodePtr ir_node(ir::NodeKind k, SourceLoc loc, ir::NodePtr a, ir::NodePtr b);
ir::NodePtr ir_const(std::string json, SourceLoc loc);
ir::NodePtr ir_native(std::string_view name, SourceLoc loc, std::vector<ir::NodePtr> args = {});

}  // namespace riposte::frontend
