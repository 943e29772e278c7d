// The abstract syntax tree of a jq program: the surface language before
// desugaring, with 1-based source positions.  Built from the ANTLR parse
// tree (ast_builder.cpp), dumped by print_ast.cpp, lowered to IR by
// lower*.cpp.
//
// One node type with a kind tag keeps the tree easy to walk; the fields a
// kind uses are listed in the X-macro below.  Kids may be null only where
// the description says "optional".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/source_span.h"

namespace riposte::frontend {

// 1-based line and column (code points, as ANTLR counts); line 0 = unknown.
using SourceLoc = support::Position;

// X(name, what the node holds)
#define RIPOSTE_AST_NODES(X)                                                      \
  X(Identity, "`.`")                                                             \
  X(RecurseDefault, "`..`")                                                      \
  X(Literal, "constant: `text` is canonical JSON")                              \
  X(StringInterp, "\"..\\(e)..\": kids are Literal strings and Interp; `text` is the format or empty") \
  X(Interp, "one interpolation \\(kids[0]) inside a StringInterp")              \
  X(Format, "`@name` alone: `text` is \"@name\"")                               \
  X(Index, "kids[0][kids[1]] (also .name and .\"name\")")                       \
  X(Slice, "kids[0][kids[1]:kids[2]]; kids[1] and kids[2] optional")            \
  X(Iterate, "kids[0][]")                                                        \
  X(Try, "try kids[0] catch kids[1]; kids[1] optional (`e?` has none)")         \
  X(Negate, "-kids[0]")                                                          \
  X(Plus, "+kids[0] (gojq's unary plus)")                                        \
  X(Array, "[kids[0]]; kids[0] optional")                                        \
  X(Object, "{ entries }")                                                       \
  X(Pipe, "kids[0] | kids[1]")                                                   \
  X(Comma, "kids[0], kids[1]")                                                   \
  X(Binary, "kids[0] `op` kids[1] for arithmetic and comparison")               \
  X(And, "kids[0] and kids[1]")                                                  \
  X(Or, "kids[0] or kids[1]")                                                    \
  X(Alt, "kids[0] // kids[1]")                                                   \
  X(Update, "kids[0] `op` kids[1] for = |= += -= *= /= %= //=")                 \
  X(If, "if kids[0] then kids[1] else kids[2] end; kids[2] optional; elif nests") \
  X(Reduce, "reduce kids[0] as patterns[0] (kids[1]; kids[2])")                  \
  X(Foreach, "foreach kids[0] as patterns[0] (kids[1]; kids[2]; kids[3]); kids[3] optional") \
  X(Bind, "kids[0] as patterns[0] ?// patterns[1] ... | kids[1]")               \
  X(Label, "label $`text` | kids[0]")                                            \
  X(Break, "break $`text`")                                                      \
  X(Call, "function `text` with closure arguments kids")                        \
  X(Var, "$`text`")                                                              \
  X(SourceLocation, "$__loc__")                                                  \
  X(FuncDefs, "defs come into scope for kids[0]")

enum class AstKind : uint8_t {
#define X(name, doc) name,
  RIPOSTE_AST_NODES(X)
#undef X
};
const char* name(AstKind k);

// Operators of Binary (arithmetic, comparison) and Update nodes.
enum class AstOp : uint8_t {
  Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge,
  Assign,  // `=`
  Modify,  // `|=`
  Alt,     // `//=` (Update only)
};
const char* spelling(AstOp op, bool update);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Pattern;
struct PatternEntry {
  // Exactly one of: `key_var` ({$name} or {$name: p}: the key is "name"
  // and $name is bound to the value), or `key` (a Literal string, a
  // StringInterp or any expression).
  std::string key_var;
  ExprPtr key;
  std::unique_ptr<Pattern> value;  // null only for {$name}
  SourceLoc loc;
};

struct Pattern {
  enum class Kind : uint8_t { Var, Array, Object };
  Kind kind = Kind::Var;
  std::string name;                    // Var: without '$'
  std::vector<Pattern> elems;          // Array
  std::vector<PatternEntry> entries;   // Object
  SourceLoc loc;
};

struct ObjectEntry {
  ExprPtr key;    // Literal string, StringInterp, Var ({$x: v}) or any expression
  ExprPtr value;  // null for the shorthands {a}, {"a"}, {"\(e)"}: value is .[key]
  SourceLoc loc;
};

struct FuncDef {
  std::string name;
  std::vector<std::string> params;  // "f" for a filter parameter, "$x" for a value parameter
  ExprPtr body;
  SourceLoc loc;
};

struct Expr {
  AstKind kind;
  SourceLoc loc;
  std::vector<ExprPtr> kids;
  std::string text;                  // see the node descriptions
  AstOp op = AstOp::Add;             // Binary, Update
  std::vector<Pattern> patterns;     // Reduce, Foreach, Bind
  std::vector<ObjectEntry> entries;  // Object
  std::vector<FuncDef> defs;         // FuncDefs

  Expr(AstKind k, SourceLoc l) : kind(k), loc(l) {}
};

// A parsed program: the top-level body (Identity when the program only
// defines functions) wrapped in FuncDefs when it defines some.
struct Ast {
  ExprPtr root;
};

ExprPtr make_expr(AstKind k, SourceLoc loc);
ExprPtr make_expr(AstKind k, SourceLoc loc, ExprPtr a);
ExprPtr make_expr(AstKind k, SourceLoc loc, ExprPtr a, ExprPtr b);
ExprPtr make_literal(std::string json, SourceLoc loc);

}  // namespace riposte::frontend
