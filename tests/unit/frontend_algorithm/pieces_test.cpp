// The algorithm loader's pieces: Go durations, `${}` templates, mapping
// decoded string offsets to the source, positions of the JSON tree, and
// the two renderings of diagnostics.
#include <gtest/gtest.h>

#include "frontend/algorithm/algorithm.h"
#include "frontend/algorithm/duration.h"
#include "frontend/algorithm/json_load.h"
#include "frontend/algorithm/string_escapes.h"
#include "frontend/algorithm/template.h"
#include "support/diagnostic_render.h"
#include "support/line_index.h"

namespace riposte::frontend::algorithm {
namespace {

int64_t ns(std::string_view text) {
  auto r = parse_duration(text);
  EXPECT_TRUE(std::holds_alternative<int64_t>(r)) << text;
  return std::holds_alternative<int64_t>(r) ? std::get<int64_t>(r) : -1;
}

bool rejected(std::string_view text) { return std::holds_alternative<DurationError>(parse_duration(text)); }

TEST(Duration, ParsesGoSyntax) {
  EXPECT_EQ(ns("90s"), 90 * kSecond);
  EXPECT_EQ(ns("2h30m"), 150 * kMinute);
  EXPECT_EQ(ns("1.5h"), 90 * kMinute);
  EXPECT_EQ(ns("100ms"), 100'000'000);
  EXPECT_EQ(ns("30m1h"), 90 * kMinute);
  EXPECT_EQ(ns("0"), 0);
  EXPECT_EQ(ns("-5m"), -5 * kMinute);
  EXPECT_EQ(ns("1\u00b5s"), 1000);
  EXPECT_TRUE(rejected("90"));
  EXPECT_TRUE(rejected("24 hours"));
  EXPECT_TRUE(rejected("1d"));
  EXPECT_TRUE(rejected(""));
  EXPECT_TRUE(rejected("h"));
  EXPECT_TRUE(rejected("99999999999h"));
}

TEST(Duration, FormatsShort) {
  EXPECT_EQ(format_duration(90 * kMinute), "1h30m");
  EXPECT_EQ(format_duration(48 * kHour), "48h");
  EXPECT_EQ(format_duration(500'000'000), "500ms");
}

TEST(Template, WholeExpressionInterpolationAndEscape) {
  Template whole = parse_template("${ {a: 1} | .a }");
  ASSERT_TRUE(whole.is_whole_expression());
  EXPECT_EQ(whole.parts[0].text, " {a: 1} | .a ");
  EXPECT_EQ(whole.parts[0].offset, 2u);

  Template mixed = parse_template("x $${y} ${ \"}\" } z");
  ASSERT_FALSE(mixed.error);
  ASSERT_EQ(mixed.parts.size(), 3u);
  EXPECT_EQ(mixed.parts[0].text, "x ${y} ");
  EXPECT_EQ(mixed.parts[1].text, " \"}\" ");
  EXPECT_EQ(mixed.parts[2].text, " z");

  Template nested = parse_template("${ \"\\(.a | {b: \"}\"})\" }");
  ASSERT_TRUE(nested.is_whole_expression());

  EXPECT_TRUE(parse_template("${ .a").error);
  EXPECT_TRUE(parse_template("${  }").error);
  EXPECT_FALSE(parse_template("plain $ text {}").has_expressions());
}

TEST(StringEscapes, MapsDecodedOffsetsToTheLiteral) {
  std::string_view lit = R"("a\"b\u00e9c\ud83d\ude00d")";  // decodes to a"bécðŸ˜€d
  EXPECT_EQ(source_offset_in_literal(lit, 0), 1u);   // a
  EXPECT_EQ(source_offset_in_literal(lit, 1), 2u);   // \"
  EXPECT_EQ(source_offset_in_literal(lit, 2), 4u);   // b
  EXPECT_EQ(source_offset_in_literal(lit, 3), 5u);   // \u00e9 (2 bytes)
  EXPECT_EQ(source_offset_in_literal(lit, 5), 11u);  // c
  EXPECT_EQ(source_offset_in_literal(lit, 6), 12u);  // the surrogate pair (4 bytes)
  EXPECT_EQ(source_offset_in_literal(lit, 10), 24u);  // d
  EXPECT_EQ(source_offset_in_literal(lit, 11), 25u);  // the closing quote
}

TEST(LineIndex, CountsCodePoints) {
  support::LineIndex idx("ab\n\xc3\xa9x\n");
  EXPECT_EQ(idx.position(0).line, 1u);
  EXPECT_EQ(idx.position(3).column, 1u);  // é: bytes 3 and 4
  EXPECT_EQ(idx.position(5).line, 2u);    // x: one code point after é
  EXPECT_EQ(idx.position(5).column, 2u);
}

TEST(JsonLoad, KeepsPositionsOfKeysAndValues) {
  std::string_view text = "{\n  \"k\": [1, \"two\", {\"x\": null}],\n  \"b\": true\n}";
  JsonLoad j = load_json(text);
  ASSERT_FALSE(j.error);
  ASSERT_EQ(j.root.members.size(), 2u);
  const JsonMember& k = j.root.members[0];
  EXPECT_EQ(text.substr(k.key_begin, k.key_end - k.key_begin), "\"k\"");
  EXPECT_EQ(k.value.raw(text), "[1, \"two\", {\"x\": null}]");
  EXPECT_EQ(k.value.items[1].raw(text), "\"two\"");
  EXPECT_EQ(k.value.items[1].text, "two");
  EXPECT_EQ(k.value.items[2].raw(text), "{\"x\": null}");
  EXPECT_TRUE(j.root.members[1].value.boolean);
  EXPECT_EQ(j.root.raw(text), text);
}

TEST(JsonLoad, BigIntegersAndDuplicateKeysSurvive) {
  JsonLoad j = load_json(R"({"a": 123456789012345678901234567890, "a": 1})");
  ASSERT_FALSE(j.error) << j.error->message;
  EXPECT_EQ(j.root.members[0].value.text, "123456789012345678901234567890");
  EXPECT_FALSE(j.root.members[0].value.is_integer);
  EXPECT_EQ(j.root.members.size(), 2u);
}

TEST(JsonLoad, OneErrorWithItsOffset) {
  JsonLoad j = load_json("{\"a\": [1, 2 3]}");
  ASSERT_TRUE(j.error);
  EXPECT_EQ(j.error->offset, 12u);
  EXPECT_TRUE(load_json("").error);
  EXPECT_TRUE(load_json("\"scalar\"").error);
}

constexpr std::string_view kBadScan =
    "{\"dslSpecVersion\": \"1.0.0\", \"version\": \"1\", \"responseActionsSpecVersion\": \"1\",\n"
    " \"executionFlow\": [{\"responseAction\": {\"function\": {\"type\": \"avScan\", \"assets\": [\"h\"],\n"
    "   \"params\": {\"scope\": {\"area\": \"quick\"}}}}}]}\n";

TEST(Render, TextHasPathLineAndCaret) {
  CheckResult r = check_algorithm(kBadScan);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(support::render_text(r.diagnostics, kBadScan, "pb.json"),
            "pb.json:3:33: error: executionFlow[0].responseAction.function.params.scope.area: invalid value "
            "\"quick\"; expected \"full\" or \"critical\" or \"selective\"\n"
            "       \"params\": {\"scope\": {\"area\": \"quick\"}}}}}]}\n"
            "                                    ^~~~~~~\n");
}

TEST(Render, JsonHasEveryField) {
  CheckResult r = check_algorithm(kBadScan);
  EXPECT_EQ(support::render_json_array(r.diagnostics),
            "[\n  {\"severity\":\"error\",\"code\":\"invalid-value\",\"message\":\"invalid value \\\"quick\\\"; "
            "expected \\\"full\\\" or \\\"critical\\\" or \\\"selective\\\"\",\"path\":"
            "\"executionFlow[0].responseAction.function.params.scope.area\",\"line\":3,\"column\":33,"
            "\"end_line\":3,\"end_column\":39}\n]\n");
  EXPECT_EQ(support::render_json_array({}), "[]\n");
}

TEST(Check, CollectsTheExpressions) {
  CheckResult r = check_algorithm(
      R"({"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
          "executionFlow": [{"updateData": "${ .a }"}, {"split": {"input": "${ .b }", "steps": [{"updateData": "x: ${ .c }"}]}}]})");
  ASSERT_EQ(r.expressions.size(), 3u);
  EXPECT_EQ(r.expressions[0].path, "executionFlow[0].updateData");
  EXPECT_EQ(r.expressions[0].jq, " .a ");
  EXPECT_EQ(r.expressions[2].path, "executionFlow[1].split.steps[0].updateData");
}

}  // namespace
}  // namespace riposte::frontend::algorithm
