// Paths, assignments, destructuring, labels and closures against gojq
// 0.12.11: the cases of cases/gojq_paths.tsv (recorded as in
// gojq_cases_test.cpp).  Left out where gojq's answer is an accident of its
// dynamic path tracking and Riposte gives jq's:
// path(reduce ("a","b") as $k (.; .[$k])) is ["a","b"] (gojq: []),
// path(.a | tojson | fromjson) is an error (gojq: ["a"]).
#include <gtest/gtest.h>

#include "tests/unit/case_name.h"
#include "tests/unit/case_table.h"

#include "vm_test_util.h"

namespace riposte::vm::testing {
namespace {

class GojqPathCases : public ::testing::TestWithParam<unit::CaseRow> {};

TEST_P(GojqPathCases, MatchesGojq) {
  const unit::CaseRow& row = GetParam();
  RIPOSTE_ASSERT_WELL_FORMED(row);
  EXPECT_EQ(run_jq_results(row.columns[0], row.columns[1]), unit::render_results(row.results))
      << row.where << "\nprogram: " << row.columns[0] << "\ninput: " << row.columns[1];
}

INSTANTIATE_TEST_SUITE_P(Interp, GojqPathCases,
                         ::testing::ValuesIn(unit::read_case_table("tests/unit/vm/cases/gojq_paths.tsv",
                                                                   {{"program", "input"}})),
                         [](const auto& info) {
                           const unit::CaseRow& row = info.param;
                           return unit::case_name(info.index,
                                                  row.columns.empty() ? row.where : row.columns[0]);
                         });

}  // namespace
}  // namespace riposte::vm::testing
