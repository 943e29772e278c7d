// Lowering AST -> IR: desugarings, name resolution and its diagnostics.
#include <gtest/gtest.h>

#include "frontend_test_util.h"
#include "tests/unit/case_name.h"

namespace riposte::frontend {
namespace {

using testing::lower_main;
using testing::SExpr;
using testing::test_options;

struct Lowering {
  const char* program;
  const char* ir;
};

class Lowers : public ::testing::TestWithParam<Lowering> {};

TEST_P(Lowers, To) { EXPECT_EQ(lower_main(GetParam().program), GetParam().ir) << GetParam().program; }

INSTANTIATE_TEST_SUITE_P(
    Desugar, Lowers,
    ::testing::Values(
        Lowering{".a", "(Index . \"a\")"},
        Lowering{".[]", "(Iterate .)"},
        Lowering{".a?", "(Try (Index . \"a\"))"},
        Lowering{".[1:]", "(Slice . 1 null)"},
        Lowering{".[:2]", "(Slice . null 2)"},
        Lowering{".5, 1., 007, 1e3, 100000000000000000000000",
                 "(Comma (Comma (Comma (Comma 0.5 1.0) 7) 1e3) 100000000000000000000000)"},
        Lowering{"\"a\\n\\u00e9\\ud83d\\ude00\"", "\"a\\né😀\""},
        Lowering{"\"a\\(1)b\"", "(Binary + (Binary + \"a\" (Pipe 1 (CallNative tostring))) \"b\")"},
        Lowering{"\"\\(1)\"", "(Pipe 1 (CallNative tostring))"},
        Lowering{"@base64 \"x\\(.)\"", "(Binary + \"x\" (Pipe . (CallNative @base64)))"},
        Lowering{"@base64", "(CallNative @base64)"},
        Lowering{"$ENV", "(CallNative $ENV)"},
        Lowering{"$__loc__", "{\"file\":\"<top-level>\",\"line\":1}"},
        Lowering{"-.", "(CallNative _negate .)"},
        Lowering{".a |= 1", "(CallFunc _modify#0 (Index . \"a\") 1)"},
        Lowering{".a += 1", "(Bind $__rhs#1 1 (CallFunc _modify#0 (Index . \"a\") (Binary + . $__rhs#1)))"},
        Lowering{".a //= 1", "(Bind $__rhs#1 1 (CallFunc _modify#0 (Index . \"a\") (Alt . $__rhs#1)))"},
        Lowering{"..", "(CallFunc recurse#0)"},
        Lowering{"path(.a)", "(Path (Index . \"a\"))"},
        Lowering{"[]", "(Collect)"},
        Lowering{"{a, $__loc__, \"b\": 2, (.c): 3}",
                 "(Object \"a\" (Index . \"a\") \"__loc__\" {\"file\":\"<top-level>\",\"line\":1} \"b\" 2 (Index . \"c\") 3)"},
        Lowering{"1 as $x | {$x, $x: 2}", "(Bind $x#1 1 (Object \"x\" $x#1 $x#1 2))"},
        Lowering{"if . then 1 end", "(If . 1 .)"},
        Lowering{"if 1 then 2 elif 3 then 4 else 5 end", "(If 1 2 (If 3 4 5))"},
        Lowering{"try 1", "(Try 1)"},
        Lowering{"label $a | label $a | break $a", "(Label $a#0 (Label $a#1 (Break $a#1)))"},
        Lowering{"1 as $x | 2 as $x | $x", "(Bind $x#1 1 (Bind $x#2 2 $x#2))"},
        Lowering{". as [$a] ?// {a: $a} ?// $b | [$a, $b]",
                 "(Bind [$a#1] {\"a\": $a#1} $b#2 . (Collect (Comma $a#1 $b#2)))"},
        Lowering{". as {a: $x, ($x): $y} | $y", "(Bind {\"a\": $x#1, $x#1: $y#2} . $y#2)"},
        Lowering{". as {$a: [$b]} | $b", "(Bind {$a#1: [$b#2]} . $b#2)"},
        Lowering{"reduce .[] as [$a] (0; . + $a)", "(Reduce [$a#1] (Iterate .) 0 (Binary + . $a#1))"},
        Lowering{"foreach .[] as $x (0; 1; $x)", "(Foreach $x#1 (Iterate .) 0 1 $x#1)"},
        Lowering{"range(5)", "(CallFunc range#0 5)"},
        Lowering{"range(1; 5)", "(CallNative range 1 5)"},
        Lowering{"def recurse: 1; ..", "(FuncDefs [recurse#0] (CallFunc recurse#0))"},
        Lowering{"def map(f): 1; map(.)", "(FuncDefs [map#0] (CallFunc map#0 .))"},
        Lowering{"def f: 1; def f: 2; f", "(FuncDefs [f#0 f#1] (CallFunc f#1))"},
        Lowering{"def f: 1; def f(g): g; f, f(2)", "(FuncDefs [f#0 f#1] (Comma (CallFunc f#0) (CallFunc f#1 2)))"}),
    RIPOSTE_CASE_NAME(program));

struct Failure {
  const char* program;
  const char* message;
  uint32_t column;
};

class Rejects : public ::testing::TestWithParam<Failure> {};

TEST_P(Rejects, WithDiagnostic) {
  LowerResult r = compile_to_ir(GetParam().program, test_options());
  EXPECT_FALSE(r.module);
  ASSERT_FALSE(r.diagnostics.empty()) << GetParam().program;
  EXPECT_EQ(r.diagnostics[0].message, GetParam().message);
  EXPECT_EQ(r.diagnostics[0].span.column, GetParam().column);
}

INSTANTIATE_TEST_SUITE_P(
    Resolve, Rejects,
    ::testing::Values(Failure{"foo(1)", "unknown function foo/1", 1},
                      Failure{". | bar", "unknown function bar/0", 5},
                      Failure{"1 as $x | [$x, $y]", "undefined variable $y", 16},
                      Failure{". as $foo | break $foo", "undefined label $foo", 13},
                      Failure{"def f: g; def g: 1; f", "unknown function g/0", 8},
                      Failure{"def f(a): a; a", "unknown function a/0", 14},
                      Failure{"def f: def g: 3; g; g", "unknown function g/0", 21},
                      Failure{"reduce . as $x ($x; .)", "undefined variable $x", 17},
                      Failure{"def f(a): $a; f(1)", "undefined variable $a", 11}),
                         RIPOSTE_CASE_NAME(program));

TEST(Lower, ValueParametersBindTheirClosure) {
  LowerResult r = compile_to_ir("def f(g; $x): g + $x + x; f(.; 2)", test_options());
  ASSERT_TRUE(r.module);
  ASSERT_EQ(r.module->funcs.size(), 1u);
  EXPECT_EQ(r.module->funcs[0].params, (std::vector<std::string>{"g", "x"}));
  EXPECT_EQ(SExpr(*r.module).node(*r.module->funcs[0].body),
            "(Bind $x#1 (CallParam f.x) (Binary + (Binary + (CallParam f.g) $x#1) (CallParam f.x)))");
}

TEST(Lower, OnlyReachablePreludeFunctionsAreIncluded) {
  LowerResult r = compile_to_ir("map(select(. > 1))", test_options());
  ASSERT_TRUE(r.module);
  std::vector<std::string> names;
  for (const auto& f : r.module->funcs) {
    EXPECT_TRUE(f.builtin);
    names.push_back(f.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"map", "select"}));
  EXPECT_EQ(SExpr(*r.module).node(*r.module->main),
            "(FuncDefs [map#0 select#1] (CallFunc map#0 (CallFunc select#1 (Binary > . 1))))");
}

TEST(Lower, PreludeDoesNotSeeUserDefinitions) {
  // The user's `select` shadows the builtin for the user only.
  LowerResult r = compile_to_ir("def select(f): 1; map(select(.))", test_options());
  ASSERT_TRUE(r.module);
  const std::string dump = SExpr(*r.module).module();
  EXPECT_NE(dump.find("def select#0(f): 1"), std::string::npos) << dump;
  EXPECT_NE(dump.find("(CallFunc map#1 (CallFunc select#0 .))"), std::string::npos) << dump;
}

TEST(Lower, MarksRecursiveFunctions) {
  LowerResult r = compile_to_ir("def f: def g: f; g; def h: 1; f, h, ..", test_options());
  ASSERT_TRUE(r.module);
  for (const auto& fn : r.module->funcs) {
    bool expect = fn.name == "f" || fn.name == "g" || fn.name == "r";
    EXPECT_EQ(fn.recursive, expect) << fn.name;
  }
}

TEST(Lower, NestedFunctionsRecordTheirParent) {
  LowerResult r = compile_to_ir("def f: def g: 1; g; f", test_options());
  ASSERT_TRUE(r.module);
  ASSERT_EQ(r.module->funcs.size(), 2u);
  EXPECT_EQ(r.module->funcs[0].parent, ir::kNone);
  EXPECT_EQ(r.module->funcs[1].parent, 0u);
}

TEST(Lower, GlobalsAreNamedArgumentsThenArgs) {
  LowerOptions opt = test_options();
  opt.global_vars = {"foo", "bar"};
  LowerResult r = compile_to_ir("[$foo, $bar, $ARGS]", opt);
  ASSERT_TRUE(r.module);
  ASSERT_EQ(r.module->globals.size(), 3u);
  EXPECT_EQ(r.module->vars[r.module->globals[0]], "foo");
  EXPECT_EQ(r.module->vars[r.module->globals[1]], "bar");
  EXPECT_EQ(r.module->vars[r.module->globals[2]], "ARGS");
  EXPECT_EQ(SExpr(*r.module).node(*r.module->main), "(Collect (Comma (Comma $foo#0 $bar#1) $ARGS#2))");
}

TEST(Lower, LocalVariablesShadowGlobals) {
  LowerOptions opt = test_options();
  opt.global_vars = {"x"};
  EXPECT_EQ(lower_main("1 as $x | $x", opt), "(Bind $x#2 1 $x#2)");
}

TEST(Lower, WithoutPreludeUpdatesNeedABuiltin) {
  LowerOptions opt = test_options();
  opt.prelude = {};
  LowerResult r = compile_to_ir(".a |= 1", opt);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].message, "the standard library lacks _modify/2, needed for '|='");
}

}  // namespace
}  // namespace riposte::frontend
