// Every program of jq's own test files (the conformance kit in
// ../shared/conformance/cases, read at run time) must parse, except the
// %%FAIL cases and those that use modules.  Skipped when the kit is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "frontend/frontend.h"

namespace riposte::frontend {
namespace {

namespace fs = std::filesystem;

fs::path cases_dir() {
  if (const char* env = std::getenv("RIPOSTE_CONFORMANCE_CASES")) return env;
  // <repo>/../shared/conformance/cases (not __FILE__: ccache's base_dir makes it relative)
  return fs::path(RIPOSTE_SOURCE_DIR).parent_path() / "shared" / "conformance" / "cases";
}

struct Case {
  std::string where;
  std::string program;
  bool expect_failure;
};

// jq's test format: blocks separated by blank lines; `#` lines are
// comments; a block is either "program, input, outputs..." or "%%FAIL,
// program, error text".
std::vector<Case> read_cases(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<Case> cases;
  auto blank = [](const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; };
  for (size_t i = 0; i < lines.size();) {
    if (blank(lines[i]) || lines[i][0] == '#') {
      ++i;
      continue;
    }
    bool fail = lines[i].rfind("%%FAIL", 0) == 0;
    size_t prog = fail ? i + 1 : i;
    if (prog < lines.size()) cases.push_back({file.filename().string() + ":" + std::to_string(prog + 1), lines[prog], fail});
    i = prog + 1;
    while (i < lines.size() && !blank(lines[i])) ++i;
  }
  return cases;
}

bool uses_modules(const std::string& program) {
  return program.rfind("import ", 0) == 0 || program.rfind("include ", 0) == 0;
}

TEST(Conformance, EveryTestProgramParses) {
  fs::path dir = cases_dir();
  if (!fs::exists(dir)) GTEST_SKIP() << "no conformance kit at " << dir;
  size_t parsed = 0;
  for (const char* name : {"jq.test", "man.test", "onig.test", "base64.test", "manonig.test"}) {
    if (!fs::exists(dir / name)) continue;
    for (const Case& c : read_cases(dir / name)) {
      if (c.expect_failure || uses_modules(c.program)) continue;
      ParseResult r = parse(c.program);
      EXPECT_TRUE(r.ast) << c.where << ": " << c.program << "\n  "
                         << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
      ++parsed;
    }
  }
  EXPECT_GT(parsed, 700u);
}

}  // namespace
}  // namespace riposte::frontend
