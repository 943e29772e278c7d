// binary_op and negate against gojq 0.12.11 (expected values were produced
// by gojq: results as tojson, errors as "error: <message>").
#include <gtest/gtest.h>

#include "tests/unit/case_name.h"

#include "value/json.h"
#include "value/ops.h"

namespace riposte {
namespace {

struct OpCase {
  const char* lhs;  // JSON
  const char* op;
  const char* rhs;  // JSON
  const char* expected;
};

constexpr OpCase kOpCases[] = {
    {"1", "+", "2", "3"},
    {"9223372036854775807", "+", "1", "9223372036854775808"},
    {"-9223372036854775808", "-", "1", "-9223372036854775809"},
    {"9223372036854775807", "*", "2", "18446744073709551614"},
    {"3037000500", "*", "3037000500", "9223372037000250000"},
    {"10", "/", "2", "5"},
    {"10", "/", "4", "2.5"},
    {"0", "/", "0", "null"},
    {"1", "/", "0", "error: cannot divide number (1) by: number (0)"},
    {"1.5", "/", "0", "error: cannot divide number (1.5) by: number (0)"},
    {"100000000000000000000", "/", "10", "10000000000000000000"},
    {"100000000000000000000", "/", "7", "14285714285714287000"},
    {"7", "%", "3", "1"},
    {"-7", "%", "3", "-1"},
    {"7", "%", "-3", "1"},
    {"5.5", "%", "2", "1"},
    {"5", "%", "0", "error: cannot modulo number (5) by: number (0)"},
    {"5", "%", "0.4", "error: cannot modulo number (5) by: number (0.4)"},
    {"1e19", "%", "7", "0"},
    {"100000000000000000000", "%", "7", "2"},
    {"100000000000000000000", "%", "0", "error: cannot modulo number (100000000000000000000) by: number (0)"},
    {"-9223372036854775808", "%", "-1", "0"},
    {"9223372036854775807", "%", "2.5", "0"},
    {"1e300", "%", "9223372036854775807", "9223372036854775807"},
    {"0.1", "+", "0.2", "0.30000000000000004"},
    {"100000000000000000000", "+", "0.5", "100000000000000000000"},
    {"100000000000000000000", "-", "99999999999999999999", "1"},
    {"1", "==", "1.0", "true"},
    {"100000000000000000000", "==", "1e20", "true"},
    {"100000000000000000001", ">", "100000000000000000000", "true"},
    {"100000000000000000000", "<", "1e21", "true"},
    {"1", "+", "\"a\"", "error: cannot add: number (1) and string (\"a\")"},
    {"\"a\"", "-", "1", "error: cannot subtract: string (\"a\") and number (1)"},
    {"{}", "-", "1", "error: cannot subtract: object ({}) and number (1)"},
    {"[]", "*", "2", "error: cannot multiply: array ([]) and number (2)"},
    {"\"ab\"", "*", "0", "null"},
    {"\"ab\"", "*", "1.5", "\"ab\""},
    {"\"ab\"", "*", "0.5", "\"ab\""},
    {"\"ab\"", "*", "-1", "null"},
    {"\"ab\"", "*", "3", "\"ababab\""},
    {"3", "*", "\"ab\"", "\"ababab\""},
    {"\"ab\"", "*", "1e10", "null"},
    {"\"a,b\"", "/", "\",\"", "[\"a\",\"b\"]"},
    {"\"abc\"", "/", "\"\"", "[\"a\",\"b\",\"c\"]"},
    {"\"é😀\"", "/", "\"\"", "[\"é\",\"😀\"]"},
    {"\"\"", "/", "\",\"", "[]"},
    {"[1,2,3,1]", "-", "[1]", "[2,3]"},
    {"{\"a\":{\"b\":1,\"c\":2}}", "*", "{\"a\":{\"b\":3},\"d\":4}", "{\"a\":{\"b\":3,\"c\":2},\"d\":4}"},
    {"{\"a\":1}", "*", "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1}}"},
    {"{}", "*", "1", "error: cannot multiply: object ({}) and number (1)"},
    {"null", "+", "1", "1"},
    {"1", "+", "null", "1"},
    {"null", "+", "null", "null"},
    {"{\"a\":1}", "+", "{\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}"},
    {"[1]", "+", "[2]", "[1,2]"},
    {"\"a\"", "/", "1", "error: cannot divide: string (\"a\") and number (1)"},
    {"[]", "/", "[]", "error: cannot divide: array ([]) and array ([])"},
    {"[]", "%", "[]", "error: cannot modulo: array ([]) and array ([])"},
    {"null", "-", "null", "error: cannot subtract: null and null"},
    {"true", "+", "true", "error: cannot add: boolean (true) and boolean (true)"},
    {"\"this is a rather long string value that will be truncated\"", "-", "1", "error: cannot subtract: string (\"this is a rather long st ...\") and number (1)"},
    {"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]", "-", "1", "error: cannot subtract: array ([1,2,3,4,5,6,7,8,9,10,11, ...]) and number (1)"},
    {"{\"aaaaaaaaaa\":\"bbbbbbbbbbbbbbbbbbbbbbbbb\"}", "-", "1", "error: cannot subtract: object ({\"aaaaaaaaaa\":\"bbbbbbbbbb ...}) and number (1)"},
    {"\"ééééééééééééééééééééé\"", "-", "1", "error: cannot subtract: string (\"éééééééééééé ...\") and number (1)"},
    {"123456789012345678901234567890123", "-", "\"x\"", "error: cannot subtract: number (12345678901234567890123456 ...) and string (\"x\")"},
    {"null", "<", "false", "true"},
    {"false", "<", "true", "true"},
    {"true", "<", "0", "true"},
    {"0", "<", "\"\"", "true"},
    {"\"\"", "<", "[]", "true"},
    {"[]", "<", "{}", "true"},
    {"[1,2]", "<", "[1,2,0]", "true"},
    {"{\"a\":2}", "<", "{\"b\":1}", "true"},
    {"{\"a\":2}", "<", "{\"a\":3}", "true"},
    {"{\"a\":1,\"b\":2}", ">", "{\"a\":1}", "true"},
    {"\"abc\"", "<", "\"abd\"", "true"},
    {"\"é\"", ">", "\"z\"", "true"},
    {"[1,[2]]", "==", "[1,[2.0]]", "true"},
    {"{\"a\":[1]}", "!=", "{\"a\":[1]}", "false"},
    {"1e1000", ">=", "1.7976931348623157e308", "true"},
    {"-1", "<=", "-1.0", "true"},
};

ir::BinOp op_of(std::string_view s) {
#define X(name, spelling) \
  if (s == spelling) return ir::BinOp::name;
  RIPOSTE_BINOPS(X)
#undef X
  ADD_FAILURE() << "unknown operator " << s;
  return ir::BinOp::Add;
}

Value json(const char* text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text << ": " << err.message;
  return v;
}

std::string run(const OpCase& c) {
  Value out;
  if (!binary_op(op_of(c.op), json(c.lhs), json(c.rhs), out)) {
    return "error: " + std::string(out.str());
  }
  return to_json(out);
}

class BinaryOp : public ::testing::TestWithParam<OpCase> {};

TEST_P(BinaryOp, MatchesGojq) {
  const OpCase& c = GetParam();
  EXPECT_EQ(run(c), c.expected) << c.lhs << " " << c.op << " " << c.rhs;
}

TEST_P(BinaryOp, ConsumingOverloadAgrees) {
  const OpCase& c = GetParam();
  Value out;
  bool ok = binary_op(op_of(c.op), Value(json(c.lhs)), json(c.rhs), out);
  std::string got = ok ? to_json(out) : "error: " + std::string(out.str());
  EXPECT_EQ(got, c.expected) << c.lhs << " " << c.op << " " << c.rhs;
}

INSTANTIATE_TEST_SUITE_P(Table, BinaryOp, ::testing::ValuesIn(kOpCases), RIPOSTE_CASE_NAME(op));

// Deliberate differences from gojq 0.12.11, whose int64 arithmetic wraps
// silently for these operands; we promote to a big integer instead.
TEST(BinaryOp, MinInt64EdgesPromoteInsteadOfWrapping) {
  Value min = Value::integer(INT64_MIN), out;
  ASSERT_TRUE(binary_op(ir::BinOp::Mul, min, Value::integer(-1), out));
  EXPECT_EQ(to_json(out), "9223372036854775808");
  ASSERT_TRUE(binary_op(ir::BinOp::Div, min, Value::integer(-1), out));
  EXPECT_EQ(to_json(out), "9223372036854775808");
  ASSERT_TRUE(negate(min, out));
  EXPECT_EQ(to_json(out), "9223372036854775808");
}

TEST(Negate, NumbersAndErrors) {
  Value out;
  ASSERT_TRUE(negate(json("1.5"), out));
  EXPECT_EQ(to_json(out), "-1.5");
  ASSERT_TRUE(negate(json("-9223372036854775809"), out));
  EXPECT_EQ(to_json(out), "9223372036854775809");
  EXPECT_FALSE(negate(json("\"a\""), out));
  EXPECT_EQ(out.str(), "cannot negate: string (\"a\")");
  EXPECT_FALSE(negate(json("{\"a\":1}"), out));
  EXPECT_EQ(out.str(), "cannot negate: object ({\"a\":1})");
  EXPECT_FALSE(negate(Value(), out));
  EXPECT_EQ(out.str(), "cannot negate: null");
}

TEST(BinaryOp, ConsumingAddAppendsInPlace) {
  Value acc = Value::array();
  for (int i = 0; i < 1000; ++i) {
    Array one{Value::integer(i)};
    Value out;
    ASSERT_TRUE(binary_op(ir::BinOp::Add, std::move(acc), Value::array(std::move(one)), out));
    acc = std::move(out);
  }
  EXPECT_EQ(acc.size(), 1000u);
  EXPECT_EQ(acc.at(999).as_int(), 999);
}

TEST(BinaryOp, ConsumingAddLeavesSharedValuesAlone) {
  Value a = json("[1]");
  Value keep = a;
  Value out;
  ASSERT_TRUE(binary_op(ir::BinOp::Add, std::move(a), json("[2]"), out));
  EXPECT_EQ(to_json(keep), "[1]");
  EXPECT_EQ(to_json(out), "[1,2]");
}

}  // namespace
}  // namespace riposte
