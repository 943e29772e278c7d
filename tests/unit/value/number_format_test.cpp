// Number formatting and parsing against gojq 0.12.11's output.
#include <gtest/gtest.h>

#include "tests/unit/case_name.h"

#include <cmath>

#include "value/json.h"
#include "value/number.h"

namespace riposte {
namespace {

struct FormatCase {
  const char* input;     // JSON number literal
  const char* expected;  // as gojq prints it
};

constexpr FormatCase kFormatCases[] = {
    {"0", "0"},
    {"-0", "0"},
    {"-0.0", "-0"},
    {"1.0", "1"},
    {"3.0", "3"},
    {"1e2", "100"},
    {"1e17", "100000000000000000"},
    {"1e20", "100000000000000000000"},
    {"1e21", "1e+21"},
    {"-1.5e21", "-1.5e+21"},
    {"1e-5", "0.00001"},
    {"0.000001", "0.000001"},
    {"1.2e-6", "0.0000012"},
    {"1e-7", "1e-7"},
    {"1.5e-10", "1.5e-10"},
    {"1e-100", "1e-100"},
    {"5e-324", "5e-324"},
    {"1e1000", "1.7976931348623157e+308"},
    {"-1e1000", "-1.7976931348623157e+308"},
    {"1e-400", "0"},
    {"0.1", "0.1"},
    {"123456789.123", "123456789.123"},
    {"1.5e300", "1.5e+300"},
    {"9223372036854775807", "9223372036854775807"},
    {"-9223372036854775808", "-9223372036854775808"},
    {"9223372036854775808", "9223372036854775808"},
    {"100000000000000000000", "100000000000000000000"},
    {"-123456789012345678901234567890", "-123456789012345678901234567890"},
    {"14285714285714287000.0", "14285714285714287000"},
};

class NumberFormat : public ::testing::TestWithParam<FormatCase> {};

TEST_P(NumberFormat, PrintsLikeGojq) {
  Value v = Value::number_from_text(GetParam().input);
  EXPECT_EQ(num::format_number(v), GetParam().expected) << GetParam().input;
  EXPECT_EQ(to_json(v), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, NumberFormat, ::testing::ValuesIn(kFormatCases), RIPOSTE_CASE_NAME(input));

TEST(NumberFormat, NanPrintsNull) {
  EXPECT_EQ(to_json(Value::number(NAN)), "null");
  EXPECT_EQ(num::format_number(Value::number(NAN)), "null");
}

TEST(NumberKinds, LiteralsKeepExactIntegers) {
  EXPECT_TRUE(Value::number_from_text("12").is_int());
  EXPECT_TRUE(Value::number_from_text("12.0").is_double());
  EXPECT_TRUE(Value::number_from_text("1e3").is_double());
  EXPECT_TRUE(Value::number_from_text("9223372036854775808").is_bigint());
  EXPECT_TRUE(Value::number_from_text("-9223372036854775808").is_int());
}

TEST(NumberKinds, BigNormalisesWhenItFits) {
  BigInt b;
  b.v = 42;
  Value v = Value::big(b);
  EXPECT_TRUE(v.is_int());
  EXPECT_EQ(v.as_int(), 42);
}

TEST(NumberConversions, FloatToIntClampsLikeGo) {
  EXPECT_EQ(num::float_to_int(2.9), 2);
  EXPECT_EQ(num::float_to_int(-2.9), -2);
  EXPECT_EQ(num::float_to_int(1e300), INT64_MAX);
  EXPECT_EQ(num::float_to_int(-1e300), INT64_MIN);
  EXPECT_EQ(num::float_to_int(NAN), INT64_MIN);
  EXPECT_EQ(num::float_to_int(9223372036854775808.0), INT64_MIN);
}

}  // namespace
}  // namespace riposte
