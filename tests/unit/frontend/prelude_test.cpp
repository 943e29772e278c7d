// The prelude splits into definitions without the parser and parses each
// on first call (frontend/prelude.h): what is found, what is parsed, and
// where a syntax error is reported.
#include "frontend/prelude.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "frontend_test_util.h"

namespace riposte::frontend {
namespace {

using testing::lower_main;
using testing::test_options;

struct PreludeCase {
  const char* name;
  const char* prelude;
  const char* program;
  const char* expected;  // lower_main: "main: ..." or the first diagnostic
};

class PreludeCases : public ::testing::TestWithParam<PreludeCase> {};

TEST_P(PreludeCases, Lower) {
  LowerOptions opt = test_options();
  opt.prelude = GetParam().prelude;
  EXPECT_EQ(lower_main(GetParam().program, opt), GetParam().expected) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Lazy, PreludeCases,
    ::testing::Values(
        // A broken definition nobody calls costs nothing and says nothing.
        PreludeCase{"broken_uncalled", "def ok: 1;\ndef bad: ;\n", "ok", "(CallFunc ok#0)"},
        PreludeCase{"broken_called", "def ok: 1;\ndef bad: ;\n", "bad",
                    "error: error in the jq-defined builtins at 2:10: unexpected token ';'; expected a term"},
        // Reached through another definition: the position is still the
        // line in the whole prelude.
        PreludeCase{"broken_reached", "# header\n\ndef a: b;\n\ndef b:\n  1 +;\n", "a",
                    "error: error in the jq-defined builtins at 6:6: unexpected token ';'; expected a term"},
        // Text outside a definition is parsed at once: an error whatever
        // the program.
        PreludeCase{
            "stray_text", "1 +\ndef ok: 1;\n", ".",
            "error: error in the jq-defined builtins at 2:1: unexpected end of input; expected a term"},
        // Nested helpers are indented and belong to their definition.
        PreludeCase{"nested", "def f:\n  def g: 2;\n  g;\n", "f", "(CallFunc f#0)"},
        PreludeCase{"nested_not_top", "def f:\n  def g: 2;\n  g;\n", "g", "error: unknown function g/0"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Prelude, IndexesWithoutParsing) {
  // The last definition of a signature wins (a/0 on line 6); arities are
  // apart.
  Prelude p("# comment\ndef a: 1;\ndef b($x; f): $x | f;\ndef c(f): f;\ndef c: 0;\ndef a: 2;\n");
  EXPECT_TRUE(p.diagnostics().empty());
  std::vector<std::string> sigs = p.signatures();
  std::sort(sigs.begin(), sigs.end());
  EXPECT_EQ(sigs, (std::vector<std::string>{"a/0", "b/2", "c/0", "c/1"}));
  const FuncDef* b = p.find("b", 2);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->params, (std::vector<std::string>{"$x", "f"}));
  EXPECT_EQ(b->loc.line, 3u);
  EXPECT_EQ(p.find("b", 1), nullptr);
  EXPECT_EQ(p.find("a", 0)->loc.line, 6u);
  EXPECT_EQ(p.find("c", 1)->params.size(), 1u);
}

}  // namespace
}  // namespace riposte::frontend
