// Table-driven tests of the grammar: what parses, what does not and where
// the error is, and the precedence and associativity of operators.
#include <gtest/gtest.h>

#include "frontend/ast.h"
#include "frontend_test_util.h"
#include "tests/unit/case_name.h"

namespace riposte::frontend {
namespace {

struct Accepts {
  const char* program;
};

class ParseAccepts : public ::testing::TestWithParam<Accepts> {};

TEST_P(ParseAccepts, Parses) {
  ParseResult r = parse(GetParam().program);
  EXPECT_TRUE(r.ast) << GetParam().program << "\n" << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, ParseAccepts,
    ::testing::Values(
        Accepts{"."}, Accepts{".."}, Accepts{".a.b.c"}, Accepts{".a?"}, Accepts{".[]?"}, Accepts{".[1:]"},
        Accepts{".[:2]"}, Accepts{".[1:2]"}, Accepts{".a.[0]"}, Accepts{"..[0]?"}, Accepts{".\"a b\".c"},
        Accepts{".and"}, Accepts{".if.then"}, Accepts{"{if: 1, then}"}, Accepts{"{a, $__loc__, c}"},
        Accepts{"{\"a b\"}"}, Accepts{"{$x: 1}"}, Accepts{"{(1,2|tostring): 3}"}, Accepts{"{a: 1 | 2}"},
        Accepts{"{x: 1 + 2}"}, Accepts{"{a: 1, b: 2,}"}, Accepts{"{\"a\\(1)\": 2}"}, Accepts{"[]"},
        Accepts{"{}"}, Accepts{"\"a\\(1 + \"b\\(2)\")c\""}, Accepts{"@base64"}, Accepts{"@base64 \"x\\(.)\""},
        Accepts{"1, 2 | 3"}, Accepts{"def f: 1; f"}, Accepts{"def f: 1; def g(a; $b): a + $b; g(f; 2)"},
        Accepts{"def f: 1;"}, Accepts{"1 + def g: 2; g"}, Accepts{"1 as $x | 2"},
        Accepts{". as [$a, {b: $c, $d, \"e\": $e, (\"f\"): $f}] ?// $a | $a"}, Accepts{"label $f | break $f"},
        Accepts{"reduce .[] as $x (0; . + $x)"}, Accepts{"foreach .[] as $x (0; . + $x)"},
        Accepts{"foreach .[] as $x (0; . + $x; .)"}, Accepts{"reduce .[] / 2 as $x (0; .)"},
        Accepts{"if . then 1 end"}, Accepts{"if . then 1 elif . then 2 else 3 end"},
        Accepts{"if . then [1] else 2 end[0]"}, Accepts{"try error catch ."}, Accepts{"1 + try 2"},
        Accepts{"reduce .[] as $x (0; .) + 1"}, Accepts{"-1"}, Accepts{"- .a"}, Accepts{"+1"}, Accepts{".5"},
        Accepts{"1."}, Accepts{"1e3"}, Accepts{"100000000000000000000000"}, Accepts{"$__loc__"},
        Accepts{"$ENV.PATH"}, Accepts{".a = 1"}, Accepts{".a |= 1"}, Accepts{".a += 1"}, Accepts{".a -= 1"},
        Accepts{".a *= 1"}, Accepts{".a /= 1"}, Accepts{".a %= 1"}, Accepts{".a //= 1"},
        Accepts{"1 # comment\n+ 2"}, Accepts{"\"\\u00e9\\ud83d\\ude00\\n\\t\\\\\\/\""},
        Accepts{"try error(\"\\($__loc__)\") catch ."}, Accepts{"[.[] | {a: .b}]"}, Accepts{"(1)"}),
    RIPOSTE_CASE_NAME(program));

struct Rejects {
  const char* program;
  uint32_t line, column;
  const char* message;  // substring of the first diagnostic
};

class ParseRejects : public ::testing::TestWithParam<Rejects> {};

TEST_P(ParseRejects, ReportsWhere) {
  const Rejects& c = GetParam();
  ParseResult r = parse(c.program);
  ASSERT_FALSE(r.ast) << c.program;
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].span.line, c.line) << c.program;
  EXPECT_EQ(r.diagnostics[0].span.column, c.column) << c.program;
  EXPECT_NE(r.diagnostics[0].message.find(c.message), std::string::npos) << r.diagnostics[0].message;
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, ParseRejects,
    ::testing::Values(
        Rejects{".a | )", 1, 6, "unexpected token ')'; expected a term"},
        Rejects{"1 == 2 == 3", 1, 8, "unexpected token '=='"},
        Rejects{".a = .b = 1", 1, 9, "unexpected token '='"},
        Rejects{"[1,2,]", 1, 6, "unexpected token ']'; expected a term"},
        Rejects{"{", 1, 2, "unexpected end of input"},
        Rejects{"}", 1, 1, "unexpected token '}'"},
        Rejects{". as [] | null", 1, 7, "unexpected token ']'"},
        Rejects{"\"u\\vw\"", 1, 3, "invalid escape sequence '\\v'"},
        Rejects{"\"abc", 1, 5, "unterminated string"},
        Rejects{"..a", 1, 3, "unexpected token 'a'"},
        Rejects{".[]?//1", 1, 4, "unexpected token '?//'"},
        Rejects{"try 1 catch 2 catch 3", 1, 15, "unexpected token 'catch'"},
        Rejects{"1 +\n  * 2", 2, 3, "expected a term"},
        Rejects{"%::wat", 1, 1, "unexpected token '%'"},
        Rejects{"import \"a\" as a; .", 1, 1, "modules are not supported"},
        Rejects{"include \"a\"; .", 1, 1, "modules are not supported"},
        Rejects{"a::b", 1, 1, "modules are not supported"},
        Rejects{"1 ^ 2", 1, 3, "invalid character '^'"}),
    RIPOSTE_CASE_NAME(program));

// Precedence and associativity, checked on the lowered IR.
struct Shape {
  const char* program;
  const char* ir;
};

class Precedence : public ::testing::TestWithParam<Shape> {};

TEST_P(Precedence, Groups) { EXPECT_EQ(testing::lower_main(GetParam().program), GetParam().ir) << GetParam().program; }

INSTANTIATE_TEST_SUITE_P(
    Grammar, Precedence,
    ::testing::Values(
        Shape{"1 + 2 * 3", "(Binary + 1 (Binary * 2 3))"},
        Shape{"1 - 2 - 3", "(Binary - (Binary - 1 2) 3)"},
        Shape{"1 * 2 % 3", "(Binary % (Binary * 1 2) 3)"},
        Shape{"1 | 2 | 3", "(Pipe 1 (Pipe 2 3))"},
        Shape{"1, 2 | 3", "(Pipe (Comma 1 2) 3)"},
        Shape{"1 // 2 // 3", "(Alt 1 (Alt 2 3))"},
        Shape{"1 // 2, 3", "(Comma (Alt 1 2) 3)"},
        Shape{"1 or 2 and 3", "(Or 1 (And 2 3))"},
        Shape{"1 and 2 or 3", "(Or (And 1 2) 3)"},
        Shape{"1 < 2 and 3", "(And (Binary < 1 2) 3)"},
        Shape{"1 + 2 == 3", "(Binary == (Binary + 1 2) 3)"},
        Shape{"-1 + 2", "(Binary + (CallNative _negate 1) 2)"},
        Shape{"-.a[0]", "(CallNative _negate (Index (Index . \"a\") 0))"},
        Shape{"1 + 2 as $x | $x * 10", "(Binary + 1 (Bind $x#1 2 (Binary * $x#1 10)))"},
        Shape{"try 1 catch 2 + 10", "(Binary + (Try 1 2) 10)"},
        Shape{"try .a[0] catch .b", "(Try (Index (Index . \"a\") 0) (Index . \"b\"))"},
        Shape{"1 + label $l | 2, 3", "(Binary + 1 (Label $l#0 (Comma 2 3)))"},
        Shape{"1 + def g: 2; g", "(Binary + 1 (FuncDefs [g#0] (CallFunc g#0)))"},
        Shape{"{a: 1 | 2}", "(Object \"a\" (Pipe 1 2))"},
        Shape{"{x: 1 + 2}", "(Object \"x\" (Binary + 1 2))"},
        Shape{".a.b?", "(Pipe (Index . \"a\") (Try (Index . \"b\")))"},
        Shape{".a = 1 | .b", "(Pipe (CallFunc _assign#0 (Index . \"a\") 1) (Index . \"b\"))"},
        Shape{"if . then 1 else 2 end[0]", "(Index (If . 1 2) 0)"},
        Shape{"reduce .[] as $x (0; 1) + 1", "(Binary + (Reduce $x#1 (Iterate .) 0 1) 1)"}),
    RIPOSTE_CASE_NAME(program));

}  // namespace
}  // namespace riposte::frontend
