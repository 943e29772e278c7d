// Runs the data-driven cases of cases/*.tsv (case tables, docs/testing.md;
// checked against gojq by check_with_gojq.py) on the natives: one output or
// one error per case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "stdlib/natives.h"
#include "tests/unit/case_table.h"
#include "value/json.h"

namespace riposte {
namespace {

struct Case {
  std::string name;
  unsigned arity = 0;
  std::string input, args, expected;
};

// The `native` column: "name/arity".
bool parse_native(const std::string& text, Case& c) {
  auto slash = text.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size() ||
      text.find_first_not_of("0123456789", slash + 1) != std::string::npos)
    return false;
  c.name = text.substr(0, slash);
  c.arity = static_cast<unsigned>(std::stoul(text.substr(slash + 1)));
  return true;
}

Value parse(const std::string& text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text << ": " << err.message;
  return v;
}

// "json" of the one output, or "!json" of the error value.
std::string run(const Case& c) {
  const stdlib::NativeInfo* info = stdlib::find_native(c.name, c.arity);
  if (!info || !info->fn) return "<no native>";
  Value in = parse(c.input);
  Value args = parse(c.args);
  stdlib::NativeCtx ctx;
  Value out;
  bool ok = info->fn(ctx, in, args.size() ? args.items().data() : nullptr, out);
  return (ok ? "" : "!") + to_json(out);
}

// The expected text as our writer prints it (the file holds gojq's text).
std::string normalized(const std::string& expected) {
  bool error = !expected.empty() && expected[0] == '!';
  return (error ? "!" : "") + to_json(parse(error ? expected.substr(1) : expected));
}

// libm and Go's math package may differ in the last bit or two; numbers
// (alone or in arrays) within a few ulps match.
bool close_numbers(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    double x = a.as_double(), y = b.as_double();
    if (x == y || (std::isnan(x) && std::isnan(y))) return true;
    return std::fabs(x - y) <=
           16 * std::numeric_limits<double>::epsilon() * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (size_t i = 0; i < a.size(); ++i)
      if (!close_numbers(a.at(i), b.at(i))) return false;
    return true;
  }
  return false;
}

bool matches(const std::string& got, const std::string& want) {
  if (got == want) return true;
  if (got.empty() || want.empty() || got[0] == '!' || want[0] == '!') return false;
  return close_numbers(parse(got), parse(want));
}

TEST(NativeCases, MatchGojq) {
  auto rows = unit::read_case_tables("tests/unit/stdlib/cases", ".tsv", {{"native", "input", "args"}, false});
  EXPECT_GT(rows.size(), 500u);
  int failures = 0;
  for (const unit::CaseRow& row : rows) {
    Case c;
    if (!row.problem.empty() || !parse_native(row.columns[0], c)) {
      ++failures;
      ADD_FAILURE() << row.where << ": "
                    << (row.problem.empty() ? "`" + row.columns[0] + "` is not name/arity" : row.problem);
      continue;
    }
    c.input = row.columns[1];
    c.args = row.columns[2];
    const unit::CaseResult& r = row.results.at(0);
    c.expected = (r.kind == unit::CaseResult::Kind::Error ? "!" : "") + r.text;
    // gojq's text itself, or the same value as our writer prints it
    std::string got = run(c), want = normalized(c.expected);
    if (got != c.expected && !matches(got, want)) {
      ++failures;
      ADD_FAILURE() << row.where << ": " << c.name << "/" << c.arity << " on " << c.input << " with "
                    << c.args << "\n  got  " << got << "\n  want " << want;
    }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace riposte
