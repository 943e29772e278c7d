// Runs the data-driven cases of cases/*.tsv (checked against gojq by
// check_with_gojq.py) on the natives: one output or one error per case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "stdlib/natives.h"
#include "value/json.h"

namespace riposte {
namespace {

struct Case {
  std::string where;  // file:line
  std::string name;
  unsigned arity = 0;
  std::string input, args, expected;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream ss(line);
  for (std::string f; std::getline(ss, f, '\t');) fields.push_back(f);
  return fields;
}

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  auto dir = std::filesystem::path(RIPOSTE_SOURCE_DIR) / "tests/unit/stdlib/cases";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".tsv") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      if (line.empty() || line[0] == '#') continue;
      auto f = split_tabs(line);
      if (f.size() < 4) continue;
      Case c;
      c.where = path.filename().string() + ":" + std::to_string(n);
      auto slash = f[0].rfind('/');
      c.name = f[0].substr(0, slash);
      c.arity = static_cast<unsigned>(std::stoul(f[0].substr(slash + 1)));
      c.input = f[1];
      c.args = f[2];
      c.expected = f[3];
      cases.push_back(std::move(c));
    }
  }
  return cases;
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
    return std::fabs(x - y) <= 16 * std::numeric_limits<double>::epsilon() * std::max(std::fabs(x), std::fabs(y));
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
  auto cases = load_cases();
  ASSERT_GT(cases.size(), 500u);
  int failures = 0;
  for (const Case& c : cases) {
    // gojq's text itself, or the same value as our writer prints it
    std::string got = run(c), want = normalized(c.expected);
    if (got != c.expected && !matches(got, want)) {
      ++failures;
      ADD_FAILURE() << c.where << ": " << c.name << "/" << c.arity << " on " << c.input << " with " << c.args
                    << "\n  got  " << got << "\n  want " << want;
    }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace riposte
