// The JSON writer against gojq 0.12.11's output (rows produced by running
// gojq with -c, --indent N, --tab and -C on each document).
#include <gtest/gtest.h>

#include "tests/unit/case_name.h"

#include "value/json.h"

namespace riposte {
namespace {

struct WriteCase {
  const char* input;
  int indent;
  bool tab;
  bool color;
  const char* expected;
};

const WriteCase kWriteCases[] = {
    {"{\"b\":[1,{\"c\":[]},{}],\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>&\\u2028é😀\",\"n\":null,\"t\":true,\"f\":false,\"d\":1.5,\"big\":100000000000000000000}", 0, false, false, "{\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>& é😀\",\"b\":[1,{\"c\":[]},{}],\"big\":100000000000000000000,\"d\":1.5,\"f\":false,\"n\":null,\"t\":true}"},
    {"{\"b\":[1,{\"c\":[]},{}],\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>&\\u2028é😀\",\"n\":null,\"t\":true,\"f\":false,\"d\":1.5,\"big\":100000000000000000000}", 2, false, false, "{\n  \"a\": \"x\\u007f\\u0000\\n\\t\\\"\\\\/<>& é😀\",\n  \"b\": [\n    1,\n    {\n      \"c\": []\n    },\n    {}\n  ],\n  \"big\": 100000000000000000000,\n  \"d\": 1.5,\n  \"f\": false,\n  \"n\": null,\n  \"t\": true\n}"},
    {"{\"b\":[1,{\"c\":[]},{}],\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>&\\u2028é😀\",\"n\":null,\"t\":true,\"f\":false,\"d\":1.5,\"big\":100000000000000000000}", 4, false, false, "{\n    \"a\": \"x\\u007f\\u0000\\n\\t\\\"\\\\/<>& é😀\",\n    \"b\": [\n        1,\n        {\n            \"c\": []\n        },\n        {}\n    ],\n    \"big\": 100000000000000000000,\n    \"d\": 1.5,\n    \"f\": false,\n    \"n\": null,\n    \"t\": true\n}"},
    {"{\"b\":[1,{\"c\":[]},{}],\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>&\\u2028é😀\",\"n\":null,\"t\":true,\"f\":false,\"d\":1.5,\"big\":100000000000000000000}", 1, false, false, "{\n \"a\": \"x\\u007f\\u0000\\n\\t\\\"\\\\/<>& é😀\",\n \"b\": [\n  1,\n  {\n   \"c\": []\n  },\n  {}\n ],\n \"big\": 100000000000000000000,\n \"d\": 1.5,\n \"f\": false,\n \"n\": null,\n \"t\": true\n}"},
    {"{\"b\":[1,{\"c\":[]},{}],\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>&\\u2028é😀\",\"n\":null,\"t\":true,\"f\":false,\"d\":1.5,\"big\":100000000000000000000}", 2, true, false, "{\n\t\"a\": \"x\\u007f\\u0000\\n\\t\\\"\\\\/<>& é😀\",\n\t\"b\": [\n\t\t1,\n\t\t{\n\t\t\t\"c\": []\n\t\t},\n\t\t{}\n\t],\n\t\"big\": 100000000000000000000,\n\t\"d\": 1.5,\n\t\"f\": false,\n\t\"n\": null,\n\t\"t\": true\n}"},
    {"{\"b\":[1,{\"c\":[]},{}],\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>&\\u2028é😀\",\"n\":null,\"t\":true,\"f\":false,\"d\":1.5,\"big\":100000000000000000000}", 2, false, true, "{\n  \x1b[34;1m\"a\"\x1b[0m: \x1b[32m\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>& é😀\"\x1b[0m,\n  \x1b[34;1m\"b\"\x1b[0m: [\n    \x1b[36m1\x1b[0m,\n    {\n      \x1b[34;1m\"c\"\x1b[0m: []\n    },\n    {}\n  ],\n  \x1b[34;1m\"big\"\x1b[0m: \x1b[36m100000000000000000000\x1b[0m,\n  \x1b[34;1m\"d\"\x1b[0m: \x1b[36m1.5\x1b[0m,\n  \x1b[34;1m\"f\"\x1b[0m: \x1b[33mfalse\x1b[0m,\n  \x1b[34;1m\"n\"\x1b[0m: \x1b[90mnull\x1b[0m,\n  \x1b[34;1m\"t\"\x1b[0m: \x1b[33mtrue\x1b[0m\n}"},
    {"{\"b\":[1,{\"c\":[]},{}],\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>&\\u2028é😀\",\"n\":null,\"t\":true,\"f\":false,\"d\":1.5,\"big\":100000000000000000000}", 0, false, true, "{\x1b[34;1m\"a\"\x1b[0m:\x1b[32m\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>& é😀\"\x1b[0m,\x1b[34;1m\"b\"\x1b[0m:[\x1b[36m1\x1b[0m,{\x1b[34;1m\"c\"\x1b[0m:[]},{}],\x1b[34;1m\"big\"\x1b[0m:\x1b[36m100000000000000000000\x1b[0m,\x1b[34;1m\"d\"\x1b[0m:\x1b[36m1.5\x1b[0m,\x1b[34;1m\"f\"\x1b[0m:\x1b[33mfalse\x1b[0m,\x1b[34;1m\"n\"\x1b[0m:\x1b[90mnull\x1b[0m,\x1b[34;1m\"t\"\x1b[0m:\x1b[33mtrue\x1b[0m}"},
    {"{\"b\":[1,{\"c\":[]},{}],\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>&\\u2028é😀\",\"n\":null,\"t\":true,\"f\":false,\"d\":1.5,\"big\":100000000000000000000}", 0, false, false, "{\"a\":\"x\\u007f\\u0000\\n\\t\\\"\\\\/<>& é😀\",\"b\":[1,{\"c\":[]},{}],\"big\":100000000000000000000,\"d\":1.5,\"f\":false,\"n\":null,\"t\":true}"},
    {"[]", 0, false, false, "[]"},
    {"[]", 2, false, false, "[]"},
    {"[]", 4, false, false, "[]"},
    {"[]", 1, false, false, "[]"},
    {"[]", 2, true, false, "[]"},
    {"[]", 2, false, true, "[]"},
    {"[]", 0, false, true, "[]"},
    {"[]", 0, false, false, "[]"},
    {"{}", 0, false, false, "{}"},
    {"{}", 2, false, false, "{}"},
    {"{}", 4, false, false, "{}"},
    {"{}", 1, false, false, "{}"},
    {"{}", 2, true, false, "{}"},
    {"{}", 2, false, true, "{}"},
    {"{}", 0, false, true, "{}"},
    {"{}", 0, false, false, "{}"},
    {"[[],[[]],{\"a\":{}}]", 0, false, false, "[[],[[]],{\"a\":{}}]"},
    {"[[],[[]],{\"a\":{}}]", 2, false, false, "[\n  [],\n  [\n    []\n  ],\n  {\n    \"a\": {}\n  }\n]"},
    {"[[],[[]],{\"a\":{}}]", 4, false, false, "[\n    [],\n    [\n        []\n    ],\n    {\n        \"a\": {}\n    }\n]"},
    {"[[],[[]],{\"a\":{}}]", 1, false, false, "[\n [],\n [\n  []\n ],\n {\n  \"a\": {}\n }\n]"},
    {"[[],[[]],{\"a\":{}}]", 2, true, false, "[\n\t[],\n\t[\n\t\t[]\n\t],\n\t{\n\t\t\"a\": {}\n\t}\n]"},
    {"[[],[[]],{\"a\":{}}]", 2, false, true, "[\n  [],\n  [\n    []\n  ],\n  {\n    \x1b[34;1m\"a\"\x1b[0m: {}\n  }\n]"},
    {"[[],[[]],{\"a\":{}}]", 0, false, true, "[[],[[]],{\x1b[34;1m\"a\"\x1b[0m:{}}]"},
    {"[[],[[]],{\"a\":{}}]", 0, false, false, "[[],[[]],{\"a\":{}}]"},
    {"\"\\u001f\\b\\f\\r\"", 0, false, false, "\"\\u001f\\b\\f\\r\""},
    {"\"\\u001f\\b\\f\\r\"", 2, false, false, "\"\\u001f\\b\\f\\r\""},
    {"\"\\u001f\\b\\f\\r\"", 4, false, false, "\"\\u001f\\b\\f\\r\""},
    {"\"\\u001f\\b\\f\\r\"", 1, false, false, "\"\\u001f\\b\\f\\r\""},
    {"\"\\u001f\\b\\f\\r\"", 2, true, false, "\"\\u001f\\b\\f\\r\""},
    {"\"\\u001f\\b\\f\\r\"", 2, false, true, "\x1b[32m\"\\u001f\\b\\f\\r\"\x1b[0m"},
    {"\"\\u001f\\b\\f\\r\"", 0, false, true, "\x1b[32m\"\\u001f\\b\\f\\r\"\x1b[0m"},
    {"\"\\u001f\\b\\f\\r\"", 0, false, false, "\"\\u001f\\b\\f\\r\""},
    {"null", 0, false, false, "null"},
    {"null", 2, false, false, "null"},
    {"null", 4, false, false, "null"},
    {"null", 1, false, false, "null"},
    {"null", 2, true, false, "null"},
    {"null", 2, false, true, "\x1b[90mnull\x1b[0m"},
    {"null", 0, false, true, "\x1b[90mnull\x1b[0m"},
    {"null", 0, false, false, "null"},
    {"1e-7", 0, false, false, "1e-7"},
    {"1e-7", 2, false, false, "1e-7"},
    {"1e-7", 4, false, false, "1e-7"},
    {"1e-7", 1, false, false, "1e-7"},
    {"1e-7", 2, true, false, "1e-7"},
    {"1e-7", 2, false, true, "\x1b[36m1e-7\x1b[0m"},
    {"1e-7", 0, false, true, "\x1b[36m1e-7\x1b[0m"},
    {"1e-7", 0, false, false, "1e-7"},
};

class WriteJson : public ::testing::TestWithParam<WriteCase> {};

TEST_P(WriteJson, MatchesGojq) {
  const WriteCase& c = GetParam();
  Value v;
  JsonError err;
  ASSERT_TRUE(parse_json(c.input, v, err)) << err.message;
  JsonWriteOptions opt;
  opt.indent = c.indent;
  opt.tab = c.tab;
  opt.color = c.color;
  std::string out;
  write_json(v, out, opt);
  EXPECT_EQ(out, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Table, WriteJson, ::testing::ValuesIn(kWriteCases), RIPOSTE_CASE_NAME(input));

// jq -a: non-ASCII as \uXXXX, surrogate pairs above U+FFFF (gojq has no -a).
TEST(WriteJson, AsciiEscapes) {
  std::string out;
  append_json_string(out, "aé😀\x7f", true);
  EXPECT_EQ(out, "\"a\\u00e9\\ud83d\\ude00\\u007f\"");
}

TEST(WriteJson, InvalidUtf8PrintsReplacementEscape) {
  std::string out;
  append_json_string(out, std::string_view("a\xff" "b\xe2\x82", 5));
  EXPECT_EQ(out, "\"a\\ufffdb\\ufffd\\ufffd\"");
}

TEST(WriteJson, AppendsToExistingText) {
  std::string out = "x=";
  write_json(Value::integer(1), out, JsonWriteOptions{});
  EXPECT_EQ(out, "x=1");
}

TEST(WriteJson, DeepNestingUsesNoNativeStack) {
  constexpr int kDepth = 200000;
  Value v = Value::array();
  for (int i = 0; i < kDepth; ++i) v = Value::array(Array{std::move(v)});
  std::string out = to_json(v);
  ASSERT_EQ(out.size(), size_t(kDepth + 1) * 2);
  EXPECT_EQ(out.substr(0, 3), "[[[");
}

TEST(WriteJson, DeepNestingIndents) {
  Value v = Value::integer(1);
  for (int i = 0; i < 3; ++i) v = Value::array(Array{std::move(v)});
  std::string out;
  JsonWriteOptions tab;
  tab.tab = true;
  write_json(v, out, tab);
  EXPECT_EQ(out, "[\n\t[\n\t\t[\n\t\t\t1\n\t\t]\n\t]\n]");
}

TEST(WriteJson, PrefixOfHugeString) {
  Value v = Value::array(Array{Value::string(std::string(1 << 24, 'x'))});
  std::string out;
  write_json_prefix(v, out, 8);
  EXPECT_EQ(out, "[\"xxxxxx");
}

TEST(WriteJson, PrefixStopsEarly) {
  Value v = Value::array();
  for (int i = 0; i < 100000; ++i) v.mutable_items().push_back(Value::integer(i));
  std::string out;
  write_json_prefix(v, out, 10);
  EXPECT_EQ(out, "[0,1,2,3,4");
}

}  // namespace
}  // namespace riposte
