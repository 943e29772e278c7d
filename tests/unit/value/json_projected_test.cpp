// parse_json_projected (simdjson first, value/json_read_simd.cpp) against
// parse_json_projected_exact (the byte-by-byte reader): the same values,
// down to the representation of every number, and the same errors with the
// same line and column, for every text and projection.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "value/json.h"

namespace riposte {
namespace {

// The value with its representation: int, float (as hex), big, string.
std::string repr(const Value& v) {
  if (v.is_int()) return "i" + to_json(v);
  if (v.is_bigint()) return "b" + to_json(v);
  if (v.is_double()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "d%a", v.as_double());
    return buf;
  }
  if (v.is_array()) {
    std::string s = "[";
    for (const Value& x : v.items()) s += repr(x) + ",";
    return s + "]";
  }
  if (v.is_object()) {
    std::string s = "{";
    for (const auto& [k, x] : v.entries()) s += to_json(Value::string(k)) + ":" + repr(x) + ",";
    return s + "}";
  }
  return to_json(v);
}

// What one reader makes of a text: the value's repr, or the error.
std::string outcome(bool ok, const Value& v, const JsonError& e) {
  if (ok) return repr(v);
  return "error " + std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.message;
}

void expect_same(const std::string& text, const JsonProjection& p, const std::string& what) {
  Value a, b;
  JsonError ea, eb;
  bool oka = parse_json_projected(text, p, a, ea);
  bool okb = parse_json_projected_exact(text, p, b, eb);
  EXPECT_EQ(outcome(oka, a, ea), outcome(okb, b, eb)) << what << ": " << text;
}

// {key: child}
JsonProjection member(const char* key, JsonProjection child) {
  JsonProjection p;
  p.members.emplace(key, std::move(child));
  return p;
}

JsonProjection whole() {
  JsonProjection p;
  p.whole = true;
  return p;
}

JsonProjection elements_of(JsonProjection e) {
  JsonProjection p;
  p.elements = std::make_unique<JsonProjection>(std::move(e));
  return p;
}

std::vector<std::pair<std::string, JsonProjection>> projections() {
  std::vector<std::pair<std::string, JsonProjection>> out;
  out.emplace_back("whole", whole());
  out.emplace_back("nothing", JsonProjection{});
  out.emplace_back("a", member("a", whole()));
  out.emplace_back("a.b", member("a", member("b", whole())));
  out.emplace_back("a[].b", member("a", elements_of(member("b", whole()))));
  out.emplace_back("a[]", member("a", elements_of(whole())));
  out.emplace_back("a kinds", member("a", JsonProjection{}));
  out.emplace_back("[]", elements_of(whole()));
  out.emplace_back("[].a", elements_of(member("a", whole())));
  return out;
}

// Numbers at every edge of int64, uint64 and float64; escapes; what
// simdjson refuses and the exact reader accepts (and the other way round
// there must be nothing); malformed texts.
const char* const kTexts[] = {
    R"({"a": 1, "b": 2})",
    R"({"a": [1, 2, {"b": 3, "c": 4}], "d": "x"})",
    R"({"a": [{"b": 1}, {"c": 2}, 3, "s", null, [4, {"b": 5}]]})",
    R"({"a": {"b": {"c": [1]}}, "a": {"b": 2}})",
    R"([{"a": 1, "b": 2}, {"a": [3]}, 4])",
    R"({"a": [-0, -0.0, 0.0, 1e2, 1E+2, 1.5e-3, 0.1, 1.0, 123456789.123456789]})",
    R"({"a": [9223372036854775807, -9223372036854775808, 9223372036854775808, -9223372036854775809]})",
    R"({"a": [18446744073709551615, 18446744073709551616, 123456789012345678901234567890]})",
    R"({"a": [1e308, 1e309, -1e400, 1e-400, 4.9e-324, 2.2250738585072014e-308]})",
    R"({"a": ["\u00e9", "\ud83d\ude00", "\ud800", "\udc00x", "a\u0000b", "\/\b\f\n\r\t\\\""]})",
    "{\"a\": \"\xff\xfe\", \"b\": 1}",
    "{\"a\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}",
    "{\"a\": \"caf\xc3\"}",
    R"({"a": true, "b": false, "c": null})",
    R"("just a string")",
    "12",
    "-0",
    "null",
    "  {\"a\" : 1 }  \n",
    // malformed: every one must carry the exact reader's error
    R"({"a": 1,})",
    R"({"a": [1, 2})",
    R"({"a": tru})",
    R"({"a": 01})",
    R"({"a": "\x"})",
    "{\"a\": \"tab\there\"}",
    R"({"a": 1} {"b": 2})",
    R"({"a": 1}])",
    R"({"a" 1})",
    R"({a: 1})",
    R"({"a": [1, 2,, 3]})",
    R"({"a": NaN})",
    R"({"a": -})",
    R"({"a": 1.})",
    R"({"a": .5})",
    "{\"a\":\n  [1,\n   2\n  x]}",
    "",
    "   ",
    "{",
};

TEST(JsonProjected, SameAsTheExactReader) {
  for (const auto& [name, p] : projections())
    for (const char* t : kTexts) expect_same(t, p, name);
}

TEST(JsonProjected, DeepNestingFallsBackToTheExactReader) {
  for (int depth : {1000, 1100, 9999, 10001}) {
    std::string t = std::string(depth, '[') + "1" + std::string(depth, ']');
    for (const auto& [name, p] : projections()) expect_same(t, p, name + " depth " + std::to_string(depth));
  }
}

// Random documents of the corpus's shape: nested objects and arrays with
// keys the projections name, and scalars from the edge cases above.
std::string random_json(std::mt19937& rng, int depth) {
  static const char* const kScalars[] = {
      "1",     "-0",    "2.5",         "1e3",   "\"x\"", "\"\\u00e9\"",
      "true",  "null",  "1e400",       "-1.25", "\"\"",  "9223372036854775808",
      "false", "0.1e1", "\"\\ud800\"", "7",     "[]",    "{}"};
  static const char* const kKeys[] = {"a", "b", "c", "d"};
  std::uniform_int_distribution<int> pick(0, 9);
  int r = depth > 4 ? 9 : pick(rng);
  if (r < 3) {
    std::string s = "{";
    int n = pick(rng) % 4;
    for (int i = 0; i < n; ++i) {
      if (i) s += ",";
      s += std::string("\"") + kKeys[pick(rng) % 4] + "\": " + random_json(rng, depth + 1);
    }
    return s + "}";
  }
  if (r < 6) {
    std::string s = "[";
    int n = pick(rng) % 4;
    for (int i = 0; i < n; ++i) s += (i ? ", " : "") + random_json(rng, depth + 1);
    return s + "]";
  }
  return kScalars[std::uniform_int_distribution<size_t>(0, std::size(kScalars) - 1)(rng)];
}

TEST(JsonProjected, RandomDocumentsAgree) {
  std::mt19937 rng(20261205);
  auto ps = projections();
  for (int i = 0; i < 3000; ++i) {
    std::string t = random_json(rng, 0);
    if (i % 10 == 9) t.insert(rng() % (t.size() + 1), 1, "],:x\""[rng() % 5]);  // now and then, malformed
    for (const auto& [name, p] : ps) expect_same(t, p, name);
  }
}

}  // namespace
}  // namespace riposte
