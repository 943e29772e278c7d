// The Riposte IR: one tree-shaped, desugared core of jq shared by triggers,
// algorithm expressions and (later) step control flow.
//
// Every node is a filter: it takes one input value (`.`) and yields a stream
// of zero or more outputs (or raises an error).  The builder (frontend/lower)
// desugars surface syntax into this small core:
//   - `e?`            -> Try(e) without handler
//   - `..`            -> CallFunc(recurse)
//   - `-e`            -> CallNative("_negate", e)
//   - `a |= f`, `a = b`, `a += b`, ... -> calls of jq-defined builtins
//   - "a\(x)b"        -> Binary(Add, ...) of constants and tostring/format calls
//   - `def f($a): b`  -> closure param `a` plus Bind(CallParam(a), $a, b)
//   - `$__loc__`      -> Const
// Variables, functions and labels are resolved to unique ids, so passes can
// substitute and move code without capture problems.
//
// Constants are kept as canonical JSON text; ir/ depends on nothing but the
// standard library and fmt, so numeric folding is delegated to a callback
// (see passes.h).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ir/native_facts.h"
#include "ir/ops.h"
#include "support/source_span.h"

namespace riposte::ir {

// 1-based line and column of the construct's start; line 0 = unknown.
using Loc = support::Position;

using VarId = uint32_t;
using FuncId = uint32_t;
using LabelId = uint32_t;
inline constexpr uint32_t kNone = 0xffffffffu;

// Node kinds, defined once.  X(name, description of kids and fields)
#define RIPOSTE_IR_NODES(X)                                                     \
  X(Identity, "`.`")                                                           \
  X(Const, "literal value: `text` holds canonical JSON")                      \
  X(Var, "$var: `var`")                                                        \
  X(Pipe, "kids[0] | kids[1]")                                                \
  X(Comma, "kids[0], kids[1]")                                                \
  X(Binary, "kids[0] `binop` kids[1]; for each rhs output, each lhs output")  \
  X(And, "kids[0] and kids[1] (short-circuit, lhs outer)")                    \
  X(Or, "kids[0] or kids[1] (short-circuit, lhs outer)")                      \
  X(Alt, "kids[0] // kids[1]")                                                 \
  X(If, "if kids[0] then kids[1] else kids[2] end")                            \
  X(Try, "try kids[0] catch kids[1]; one kid when there is no handler")       \
  X(Reduce, "reduce kids[0] as `patterns[0]` (kids[1]; kids[2])")              \
  X(Foreach, "foreach kids[0] as `patterns[0]` (kids[1]; kids[2]; kids[3]?)") \
  X(Bind, "kids[0] as patterns[0] ?// patterns[1] ... | kids[1]")             \
  X(Label, "label `label` | kids[0]")                                          \
  X(Break, "break `label`")                                                    \
  X(Collect, "[ kids[0] ]; `[]` when there is no kid")                         \
  X(Object, "{ kids[0]: kids[1], kids[2]: kids[3], ... } (cartesian product)") \
  X(Index, "kids[0][kids[1]]; the key is evaluated on the input `.`")          \
  X(Slice, "kids[0][kids[1]:kids[2]]; a missing bound is Const null")          \
  X(Iterate, "kids[0][]")                                                       \
  X(Path, "path(kids[0])")                                                     \
  X(FuncDefs, "functions `funcs` come into scope for kids[0]")                 \
  X(CallFunc, "call jq-defined function `func`; kids are closure arguments")  \
  X(CallParam, "call closure parameter `param` of function `func`")            \
  X(CallNative, "native builtin `name` with value arguments kids (cartesian, first arg outermost)")

enum class NodeKind : uint8_t {
#define X(name, doc) name,
  RIPOSTE_IR_NODES(X)
#undef X
};
const char* name(NodeKind k);

struct Node;
using NodePtr = std::unique_ptr<Node>;

// Destructuring pattern of `as`, `reduce` and `foreach`.
struct Pattern {
  enum class Kind : uint8_t { Var, Array, Object };
  struct Entry {
    // The key: a constant string, an expression (evaluated on the input of
    // the binding, with earlier variables of the pattern in scope), or, for
    // `{$name}` / `{$name: pattern}`, key_var: the key is "name" and the
    // variable is bound to the whole value at that key.
    VarId key_var = kNone;
    NodePtr key;  // null when key_var is set
    std::unique_ptr<Pattern> value;  // may be null for `{$name}`
  };
  Kind kind = Kind::Var;
  VarId var = kNone;            // Kind::Var
  std::vector<Pattern> elems;   // Kind::Array
  std::vector<Entry> entries;   // Kind::Object
  Loc loc;
};

struct Node {
  NodeKind kind;
  Loc loc;
  std::vector<NodePtr> kids;
  std::string text;               // Const: JSON; CallNative: builtin name
  BinOp binop = BinOp::Add;       // Binary
  VarId var = kNone;              // Var
  FuncId func = kNone;            // CallFunc, CallParam
  uint32_t param = kNone;         // CallParam: index into funcs[func].params
  LabelId label = kNone;          // Label, Break
  std::vector<FuncId> funcs;      // FuncDefs
  std::vector<Pattern> patterns;  // Bind, Reduce, Foreach

  explicit Node(NodeKind k, Loc l = {}) : kind(k), loc(l) {}
};

struct Function {
  std::string name;
  std::vector<std::string> params;  // closure parameters (arity = size)
  NodePtr body;
  FuncId parent = kNone;  // lexically enclosing function; kNone at top level
  bool builtin = false;   // defined by the jq-defined standard library
  bool recursive = false; // set by the builder when the body can reach itself
  Loc loc;
};

// A whole compiled program.
struct Module {
  std::vector<Function> funcs;       // FuncId indexes this
  std::vector<std::string> vars;     // VarId -> name (without '$')
  std::vector<std::string> labels;   // LabelId -> name
  // Variables bound by the caller before `main` runs (named arguments such
  // as $foo from --arg, $ENV, $__prog_args), in this order.
  std::vector<VarId> globals;
  NodePtr main;
  // The catalogue of natives the module was lowered with (stdlib/natives.def
  // through the front end); null for a module built by hand.
  NativeFactsFn native_facts = nullptr;
};

// The facts of native `name/arity` in m's catalogue; conservative defaults
// (one value of any type, whole input, impure) when it is not listed.
const NativeFacts& native_facts(const Module& m, std::string_view name, unsigned arity);

// Small construction helpers used by the builder and the passes.
NodePtr make(NodeKind k, Loc loc = {});
NodePtr make(NodeKind k, NodePtr a, Loc loc = {});
NodePtr make(NodeKind k, NodePtr a, NodePtr b, Loc loc = {});
NodePtr make_const(std::string json, Loc loc = {});
NodePtr clone(const Node& n);
Pattern clone(const Pattern& p);

}  // namespace riposte::ir
