// The algorithm validator, tested from data:
//   valid/*.json    must produce no diagnostic at all;
//   invalid/*.json  must produce exactly the diagnostics of the side file
//                   invalid/NAME.expect, one per line, in order:
//                       LINE:COLUMN CODE PATH
//                   (`#` lines say what the case is about; PATH "-" is the document).
// RIPOSTE_UPDATE_EXPECT=1 rewrites the .expect files from the current
// output, keeping their comments: review the diff before keeping it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "frontend/algorithm/algorithm.h"
#include "compiler/algorithm.h"
#include "support/diagnostic_render.h"

namespace riposte::frontend::algorithm {
namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(RIPOSTE_SOURCE_DIR) / "tests/unit/frontend_algorithm";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> cases(const char* folder) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kDir / folder))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

// As `riposte check --algorithm` does: expressions in the algorithm
// environment (compiler/environment.h).
CheckOptions cli_options() { return compiler::algorithm_check_options(); }

std::string summary(const support::Diagnostic& d) {
  return std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + " " + std::string(d.code) + " " +
         (d.path->empty() ? "-" : *d.path);
}

std::string testable_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return n;
}

class ValidAlgorithm : public ::testing::TestWithParam<std::string> {};

TEST_P(ValidAlgorithm, HasNoDiagnostics) {
  fs::path file = kDir / "valid" / (GetParam() + ".json");
  std::string text = read(file);
  CheckResult r = check_algorithm(text, cli_options());
  EXPECT_TRUE(r.json_ok);
  EXPECT_TRUE(r.diagnostics.empty()) << support::render_text(r.diagnostics, text, file.string());
}

INSTANTIATE_TEST_SUITE_P(Files, ValidAlgorithm, ::testing::ValuesIn(cases("valid")), testable_name);

class InvalidAlgorithm : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidAlgorithm, ReportsTheExpectedDiagnostics) {
  fs::path file = kDir / "invalid" / (GetParam() + ".json");
  fs::path expect_file = kDir / "invalid" / (GetParam() + ".expect");
  std::string text = read(file);
  CheckResult r = check_algorithm(text, cli_options());
  std::string actual, comments, expected;
  for (const support::Diagnostic& d : r.diagnostics) actual += summary(d) + "\n";
  std::istringstream lines(read(expect_file));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    (line[0] == '#' ? comments : expected) += line + "\n";
  }
  if (std::getenv("RIPOSTE_UPDATE_EXPECT")) {
    std::ofstream(expect_file, std::ios::binary) << comments << actual;
    return;
  }
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(actual, expected) << comments << support::render_text(r.diagnostics, text, file.string());
}

INSTANTIATE_TEST_SUITE_P(Files, InvalidAlgorithm, ::testing::ValuesIn(cases("invalid")), testable_name);

}  // namespace
}  // namespace riposte::frontend::algorithm
