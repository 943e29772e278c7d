// Every program of jq's own test files (the conformance kit beside the
// project, ../shared/conformance/cases) that compiles passes the IR verifier,
// before and after each optimisation pass.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ir/passes.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "compiler/pipeline.h"

namespace riposte {
namespace {

const std::filesystem::path kCases = std::filesystem::path(RIPOSTE_SOURCE_DIR) / ".." / "shared" / "conformance" / "cases";

// The programs of a jq .test file: the first line of each block, or the line
// after %%FAIL.
std::vector<std::string> programs_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<std::string> programs;
  for (size_t i = 0; i < lines.size();) {
    const std::string& line = lines[i];
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') {
      ++i;
      continue;
    }
    programs.push_back(line.rfind("%%FAIL", 0) == 0 && i + 1 < lines.size() ? lines[i + 1] : line);
    while (i < lines.size() && lines[i].find_first_not_of(" \t\r") != std::string::npos) ++i;
  }
  return programs;
}

std::string problems(const std::vector<ir::VerifyError>& errors) {
  std::ostringstream out;
  for (const auto& e : errors) out << e.loc.line << ":" << e.loc.column << ": " << e.message << "\n";
  return out.str();
}

TEST(ConformanceVerify, EveryCompilingProgramVerifies) {
  if (!std::filesystem::exists(kCases)) GTEST_SKIP() << "no conformance kit at " << kCases;
  size_t compiled = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCases)) {
    if (entry.path().extension() != ".test") continue;
    for (const std::string& program : programs_of(entry.path())) {
      frontend::LowerOptions opt = compiler::lower_options(compiler::Environment::Jq);
      frontend::LowerResult r = frontend::compile_to_ir(program, opt);
      if (!r.module) continue;
      ++compiled;
      ir::Module& m = *r.module;
      ASSERT_EQ(problems(ir::verify(m)), "") << program << "\n" << ir::print(m);
      ir::Folder folder = compiler::make_folder();
      ir::inline_functions(m);
      ASSERT_EQ(problems(ir::verify(m)), "") << "after inline: " << program << "\n" << ir::print(m);
      ir::fold_constants(m, folder);
      ASSERT_EQ(problems(ir::verify(m)), "") << "after fold: " << program << "\n" << ir::print(m);
      ir::remove_dead_code(m);
      ASSERT_EQ(problems(ir::verify(m)), "") << "after dead code: " << program << "\n" << ir::print(m);
    }
  }
  EXPECT_GT(compiled, 700u);
}

}  // namespace
}  // namespace riposte
