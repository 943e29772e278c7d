// The diagnostics registry, the emitter and the three renderings.
#include "support/diagnostics.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/diagnostic_render.h"

namespace riposte::support {
namespace {

TEST(Registry, NamesAreUniqueAndCodesGiven) {
  std::set<std::string_view> names;
  for (const KindInfo& k : kKinds) {
    EXPECT_TRUE(names.insert(k.name).second) << k.name;
    EXPECT_FALSE(k.code.empty()) << k.name;
    EXPECT_FALSE(k.format.empty()) << k.name;
  }
  EXPECT_EQ(info(DiagKind::UnknownFunction).code, "unknown-function");
  EXPECT_EQ(info(DiagKind::IrVerify).code, "ir-verify");
  EXPECT_EQ(info(DiagKind::UnknownField).severity, Severity::Warning);
}

TEST(Registry, CountsReplacementFields) {
  static_assert(detail::count_fields("a {} b {}") == 2);
  static_assert(detail::count_fields("expected {} or one ${{...}} expression") == 1);
  static_assert(detail::count_fields("no fields") == 0);
  static_assert(detail::count_fields("{{}}") == 0);
}

TEST(Emit, FillsTheDiagnosticFromTheRegistry) {
  Diagnostic d = emit(diag::UnknownFunction, Span::at({2, 3}), std::string("foo"), 1u);
  EXPECT_EQ(d.kind, DiagKind::UnknownFunction);
  EXPECT_EQ(d.severity, Severity::Error);
  EXPECT_EQ(d.code, "unknown-function");
  EXPECT_EQ(d.message, "unknown function foo/1");
  EXPECT_EQ(d.span.line, 2u);
  EXPECT_EQ(d.span.end_column, 3u);
  EXPECT_FALSE(d.path);
  EXPECT_EQ(emit(diag::Empty, {}).message, "must not be empty");
  EXPECT_EQ(emit(diag::NotWholeExpression, {}, "an array").message,
            "expected an array or one ${...} expression, found text around the expression");
}

TEST(Span, BetweenAnUnknownEndIsTheStart) {
  Span s = Span::between({1, 4}, {});
  EXPECT_EQ(s.end_line, 1u);
  EXPECT_EQ(s.end_column, 4u);
  s = Span::between({1, 4}, {1, 6});
  EXPECT_EQ(s.end_column, 6u);
}

Diagnostic with_path() {
  Diagnostic d = emit(diag::MissingKey, Span::between({2, 3}, {2, 5}), "name");
  d.path = "timeouts[0].name";
  return d;
}

TEST(Render, TextPutsThePathBeforeTheMessage) {
  EXPECT_EQ(render_text(with_path(), "{\n  {}\n}", "pb.json"),
            "pb.json:2:3: error: timeouts[0].name: missing required key \"name\"\n"
            "      {}\n"
            "      ^~~\n");
}

TEST(Render, JsonHasThePathOnlyWhenGiven) {
  EXPECT_EQ(
      render_json(with_path()),
      "{\"severity\":\"error\",\"code\":\"missing-key\",\"message\":\"missing required key \\\"name\\\"\","
      "\"path\":\"timeouts[0].name\",\"line\":2,\"column\":3,\"end_line\":2,\"end_column\":5}");
  Diagnostic d = emit(diag::UnknownVariable, Span::at({1, 1}), "x");
  EXPECT_EQ(render_json(d),
            "{\"severity\":\"error\",\"code\":\"undefined-variable\",\"message\":\"undefined variable $x\","
            "\"line\":1,\"column\":1,\"end_line\":1,\"end_column\":1}");
  EXPECT_EQ(render_json_array({}), "[]\n");
}

TEST(Render, ProblemJson) {
  std::vector<Diagnostic> diags = {with_path(), emit(diag::HeavyField, Span::at({1, 2}), "Extra")};
  Problem p;
  p.type = "https://riposte.example/problems/invalid-playbook";
  p.title = "The playbook is not valid";
  p.status = 422;
  EXPECT_EQ(
      render_problem_json(p, diags),
      "{\"type\":\"https://riposte.example/problems/invalid-playbook\",\"title\":\"The playbook is not "
      "valid\","
      "\"status\":422,\"detail\":\"1 error, 1 warning\",\"errors\":["
      "{\"code\":\"missing-key\",\"severity\":\"error\",\"message\":\"missing required key \\\"name\\\"\","
      "\"line\":2,\"column\":3,\"end_line\":2,\"end_column\":5,\"path\":\"timeouts[0].name\"},"
      "{\"code\":\"heavy-field\",\"severity\":\"warning\",\"message\":\"the trigger reads Extra, a heavy "
      "field: "
      "reading OriginalEvents, Observables, Extra or Alerts in a trigger is not recommended (they are large "
      "and slow down every evaluation)\",\"line\":1,\"column\":2,\"end_line\":1,\"end_column\":2}]}");
  p.detail = "see errors";
  EXPECT_EQ(render_problem_json(p, {}),
            "{\"type\":\"https://riposte.example/problems/invalid-playbook\",\"title\":\"The playbook is not "
            "valid\","
            "\"status\":422,\"detail\":\"see errors\",\"errors\":[]}");
}

}  // namespace
}  // namespace riposte::support
