// The optimisation passes on real programs: what each should leave behind,
// with the verifier green after every pass.
#include <gtest/gtest.h>

#include <string>

#include "ir/passes.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "compiler/pipeline.h"

namespace riposte {
namespace {

struct PassCase {
  const char* program;
  const char* present;  // must appear in the optimised dump ("" for none)
  const char* absent;   // must not appear
};

const PassCase kCases[] = {
    {"1 + 2", "Const 3", "Binary"},
    {"if true then 1 else 2 end", "Const 1", "If"},
    {"\"a\" // 1", "Const \"a\"", "Alt"},
    {"map(. + 1)", "Binary +", "def map/1"},
    {"select(. > 1)", "If", "def select/1"},
    {"def f: .a; f | f", "Index", "def f/0"},
    {"def f: if . > 0 then . - 1 | f else . end; f", "def f/0", ""},
    {"1 / 0", "Binary /", ""},  // errors are kept for run time
    {"[1, 2] | length", "", "def"},
};

TEST(Passes, OptimiseAsExpectedAndStayVerified) {
  for (const PassCase& c : kCases) {
    frontend::LowerResult r = frontend::compile_to_ir(c.program, compiler::lower_options(compiler::Environment::Jq));
    ASSERT_TRUE(r.module) << c.program;
    ir::Module& m = *r.module;
    std::string trace;
    ir::PassOptions opt;
    opt.folder = compiler::make_folder();
    opt.print_after_all = true;
    opt.trace = &trace;
    ir::optimize(m, opt);
    EXPECT_TRUE(ir::verify(m).empty()) << c.program;
    std::string dump = ir::print(m);
    if (*c.present) {
      EXPECT_NE(dump.find(c.present), std::string::npos) << c.program << "\n" << dump;
    }
    if (*c.absent) {
      EXPECT_EQ(dump.find(c.absent), std::string::npos) << c.program << "\n" << dump;
    }
    EXPECT_NE(trace.find("IR after dead-code"), std::string::npos);
  }
}

}  // namespace
}  // namespace riposte
