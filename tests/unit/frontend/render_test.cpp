// Rendering of diagnostics as terminal text and as JSON.
#include <gtest/gtest.h>

#include "frontend/frontend.h"
#include "support/diagnostic_render.h"

namespace riposte::frontend {
namespace {

TEST(Render, TextShowsTheLineAndACaret) {
  ParseResult r = parse(".a | )");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(support::render_text(r.diagnostics[0], ".a | )", "<program>"),
            "<program>:1:6: error: unexpected token ')'; expected a term\n"
            "    .a | )\n"
            "         ^\n");
}

TEST(Render, TextUnderlinesTheWholeToken) {
  std::string src = "1 +\n  foo(1)";
  LowerResult r = compile_to_ir(src, LowerOptions{});
  ASSERT_FALSE(r.diagnostics.empty());
  support::Diagnostic d = r.diagnostics[0];
  d.span.end_column = d.span.column + 2;
  EXPECT_EQ(support::render_text(d, src, "f.jq"),
            "f.jq:2:3: error: unknown function foo/1\n"
            "      foo(1)\n"
            "      ^~~\n");
}

TEST(Render, CaretCountsCodePoints) {
  std::string src = "\"é\" | )";
  ParseResult r = parse(src);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].span.column, 7u);
  EXPECT_EQ(support::render_text(r.diagnostics[0], src, "p"),
            "p:1:7: error: unexpected token ')'; expected a term\n"
            "    \"é\" | )\n"
            "          ^\n");
}

TEST(Render, Json) {
  ParseResult r = parse("\"a\\qb\"");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(support::render_json(r.diagnostics[0]),
            "{\"severity\":\"error\",\"code\":\"syntax\",\"message\":\"invalid escape sequence '\\\\q' in string "
            "literal\",\"line\":1,\"column\":3,\"end_line\":1,\"end_column\":4}");
}

}  // namespace
}  // namespace riposte::frontend
