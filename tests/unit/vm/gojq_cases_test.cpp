// The interpreter against gojq 0.12.11 on the cases of cases/gojq.tsv (a
// case table, docs/testing.md): a program, its input and what gojq outputs
// for it, recorded by running gojq.  Where the host is involved (input,
// debug, halt_error) the expectation is this test host's.
#include <gtest/gtest.h>

#include "tests/unit/case_name.h"
#include "tests/unit/case_table.h"

#include "vm_test_util.h"

namespace riposte::vm::testing {
namespace {

class GojqCases : public ::testing::TestWithParam<unit::CaseRow> {};

TEST_P(GojqCases, MatchesGojq) {
  const unit::CaseRow& row = GetParam();
  RIPOSTE_ASSERT_WELL_FORMED(row);
  EXPECT_EQ(run_jq_results(row.columns[0], row.columns[1]), unit::render_results(row.results))
      << row.where << "\nprogram: " << row.columns[0] << "\ninput: " << row.columns[1];
}

INSTANTIATE_TEST_SUITE_P(Interp, GojqCases,
                         ::testing::ValuesIn(unit::read_case_table("tests/unit/vm/cases/gojq.tsv",
                                                                   {{"program", "input"}})),
                         [](const auto& info) {
                           const unit::CaseRow& row = info.param;
                           return unit::case_name(info.index,
                                                  row.columns.empty() ? row.where : row.columns[0]);
                         });

}  // namespace
}  // namespace riposte::vm::testing
