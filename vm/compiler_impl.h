// The compiler's internals, shared by compiler.cpp (units, scopes, calls),
// compile_expr.cpp (one function per IR node kind) and compile_pattern.cpp
// (destructuring).
//
// Each expression compiles to code that pops its input from the stack and
// leaves one output on it; further outputs come from backtracking into fork
// points.  In path mode the input and the output are two cells, [path value].
//
// Variables and labels live in frame slots.  A slot is written only when its
// binding runs, and all re-execution inside a frame happens by backtracking
// (LIFO), so a fork point always finds the slot values of its own time, as
// in gojq.  Names are resolved through a compile-time environment (a
// persistent list, so closures and functions keep the one of their
// definition site); this stays correct even when a pass duplicates code
// that binds the same VarId twice.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "ir/ir.h"
#include "vm/bytecode.h"

namespace riposte::vm {

class Compiler {
 public:
  explicit Compiler(const ir::Module& m) : m_(m) {}
  Code run();

 private:
  // A name visible at some point of the program: variable `id` (or label
  // `id` when `label`) lives in slot `slot` of scope `scope`.
  struct Binding {
    uint32_t id;
    bool label;
    uint32_t scope;
    uint32_t slot;
    std::shared_ptr<const Binding> next;
  };
  using Env = std::shared_ptr<const Binding>;

  struct Slot {
    uint8_t hops;
    uint16_t slot;
  };

  // What a scope compiles: the main program, a function body or a lambda.
  struct ScopeSource {
    const ir::Node* body = nullptr;
    Env env;                  // names visible in the body
    ir::FuncId func = ir::kNone;  // functions: whose closure params live here
  };

  // ---- compiler.cpp: scopes, units, environment, emission
  uint32_t new_scope(std::string name, uint32_t level, ScopeSource src);
  uint32_t unit_for(uint32_t scope, Mode mode);
  uint32_t function_scope(ir::FuncId f);
  uint32_t lambda_for(const ir::Node& arg);
  void compile_unit(uint32_t unit);
  uint32_t emit(Op op, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0);
  uint32_t here() const { return static_cast<uint32_t>(code_.insns.size()); }
  void patch(uint32_t at) { code_.insns[at].c = here(); }
  uint32_t constant(const Value& v);
  uint32_t constant_json(const std::string& json);
  uint32_t temp();  // a fresh slot of the current scope
  Slot bind_var(ir::VarId v);
  Slot bind_label(ir::LabelId l);
  Slot lookup(uint32_t id, bool label) const;
  Slot local(uint32_t slot) const { return {0, static_cast<uint16_t>(slot)}; }
  uint8_t hops_to(uint32_t scope) const;
  void emit_slot(Op op, Slot s, uint32_t c = 0) { emit(op, s.hops, s.slot, c); }

  // ---- compile_expr.cpp
  void gen(const ir::Node& n, Mode m, bool tail);
  void gen_value_in_path(const ir::Node& n);
  void gen_var_in_path(const ir::Node& n);
  void gen_comma(const ir::Node& n, Mode m, bool tail);
  void gen_binary(const ir::Node& n);
  void gen_and_or(const ir::Node& n);
  void gen_alt(const ir::Node& n, Mode m, bool tail);
  void gen_if(const ir::Node& n, Mode m, bool tail);
  void gen_try(const ir::Node& n, Mode m, bool tail);
  void gen_reduce(const ir::Node& n, Mode m);
  void gen_foreach(const ir::Node& n, Mode m);
  static constexpr uint32_t kNoMark = UINT32_MAX;
  uint32_t alternatives_mark(const ir::Node& n);
  void load_accumulator(uint32_t acc, bool move, uint32_t mark);
  void bind_source_in_path(const ir::Node& n, bool track, const std::function<void()>& body);
  void gen_bind(const ir::Node& n, Mode m, bool tail);
  void gen_label(const ir::Node& n, Mode m, bool tail);
  void gen_collect(const ir::Node& n);
  void gen_object(const ir::Node& n);
  void gen_index(const ir::Node& n, Mode m);
  void gen_slice(const ir::Node& n, Mode m);
  void gen_func_defs(const ir::Node& n, Mode m, bool tail);
  void gen_call(const ir::Node& n, Mode m, bool tail);
  void gen_call_param(const ir::Node& n, Mode m, bool tail);
  void gen_native(const ir::Node& n, Mode m);
  bool gen_intrinsic(const ir::Node& n, Mode m);
  void gen_args(const ir::Node& n, uint32_t below);
  bool push_input_free(const ir::Node& n);

  // ---- compile_pattern.cpp: the value on top of the stack is bound to
  // the patterns; then `body` is compiled (in the patterns' scope).
  void bind_patterns(const std::vector<ir::Pattern>& ps, const std::function<void()>& body);
  void gen_pattern(const ir::Pattern& p);
  void collect_pattern_vars(const ir::Pattern& p, std::vector<ir::VarId>& out) const;
  void null_vars(const std::vector<ir::VarId>& vars);

  const ir::Module& m_;
  Code code_;
  std::vector<ScopeSource> sources_;                 // by scope
  std::vector<int64_t> unit_of_[2];                  // by scope, per mode; -1 = none yet
  std::deque<uint32_t> worklist_;                    // units to compile
  std::unordered_map<ir::FuncId, uint32_t> func_scope_;
  std::unordered_map<ir::FuncId, std::pair<uint32_t, Env>> func_site_;  // scope and env of its FuncDefs
  std::unordered_map<const ir::Node*, uint32_t> lambda_of_;
  std::unordered_map<std::string, uint32_t> const_index_;
  std::unordered_map<const stdlib::NativeInfo*, uint32_t> native_index_;
  // The unit being compiled.
  uint32_t scope_ = 0;
  Env env_;
  const std::vector<ir::VarId>* prebound_ = nullptr;  // variables of the ?// being compiled
  // Foreach variables that carry a path in path mode (gen_foreach).
  struct PathVar {
    ir::VarId var;
    uint32_t scope;
    uint32_t slot;
  };
  std::vector<PathVar> path_vars_;
};

}  // namespace riposte::vm
