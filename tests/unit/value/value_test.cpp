// Value: representation, copy-on-write, memory accounting, ordering and the
// previews used in error messages.
#include <gtest/gtest.h>

#include "tests/unit/case_name.h"

#include <cmath>
#include <thread>

#include "value/json.h"
#include "value/number.h"
#include "value/value_preview.h"

namespace riposte {
namespace {

Value json(const char* text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text << ": " << err.message;
  return v;
}

TEST(Value, IsSixteenBytes) { EXPECT_EQ(sizeof(Value), 16u); }

TEST(Value, KindsAndTypeNames) {
  EXPECT_STREQ(Value().type_name(), "null");
  EXPECT_STREQ(Value::boolean(false).type_name(), "boolean");
  EXPECT_EQ(Value::boolean(true).kind(), Kind::True);
  EXPECT_STREQ(Value::integer(1).type_name(), "number");
  EXPECT_STREQ(json("100000000000000000000").type_name(), "number");
  EXPECT_STREQ(Value::string("a").type_name(), "string");
  EXPECT_STREQ(Value::array().type_name(), "array");
  EXPECT_STREQ(Value::object().type_name(), "object");
  EXPECT_FALSE(Value().truthy());
  EXPECT_FALSE(Value::boolean(false).truthy());
  EXPECT_TRUE(Value::integer(0).truthy());
}

TEST(Value, CopyOnWriteClonesOnlyWhenShared) {
  Value a = json("[1,2]");
  EXPECT_TRUE(a.unique());
  const Value* first = &a.items()[0];
  a.mutable_items().push_back(Value::integer(3));  // unique: in place
  EXPECT_EQ(a.size(), 3u);
  (void)first;

  Value b = a;
  EXPECT_FALSE(a.unique());
  EXPECT_FALSE(b.unique());
  b.mutable_items().push_back(Value::integer(4));
  EXPECT_TRUE(a.unique());
  EXPECT_TRUE(b.unique());
  EXPECT_EQ(to_json(a), "[1,2,3]");
  EXPECT_EQ(to_json(b), "[1,2,3,4]");
}

TEST(Value, StringAndObjectCopyOnWrite) {
  Value s = Value::string("ab");
  Value t = s;
  t.mutable_str() += "c";
  EXPECT_EQ(s.str(), "ab");
  EXPECT_EQ(t.str(), "abc");

  Value o = json("{\"a\":1}");
  Value p = o;
  p.set("b", Value::integer(2));
  EXPECT_EQ(to_json(o), "{\"a\":1}");
  EXPECT_EQ(to_json(p), "{\"a\":1,\"b\":2}");
  EXPECT_TRUE(p.erase("a"));
  EXPECT_FALSE(p.erase("zz"));
  EXPECT_EQ(to_json(p), "{\"b\":2}");
  ASSERT_NE(o.find("a"), nullptr);
  EXPECT_EQ(o.find("b"), nullptr);
}

TEST(Value, EraseOfAbsentKeyDoesNotClone) {
  Value o = json("{\"a\":1}");
  Value shared = o;
  EXPECT_FALSE(o.erase("x"));
  EXPECT_FALSE(o.unique());  // still the same cell
}

TEST(Value, MoveLeavesNull) {
  Value a = Value::string("x");
  Value b = std::move(a);
  EXPECT_TRUE(a.is_null());  // NOLINT(bugprone-use-after-move): documented
  EXPECT_EQ(b.str(), "x");
}

TEST(Value, SelfAssignmentKeepsValue) {
  Value a = json("[1]");
  Value& alias = a;
  a = alias;
  EXPECT_EQ(to_json(a), "[1]");
  // Assigning a child of a value to that value.
  Value nest = json("[[2]]");
  nest = nest.at(0);
  EXPECT_EQ(to_json(nest), "[2]");
  Value nest2 = json("[[3]]");
  nest2 = Value(nest2.at(0));
  EXPECT_EQ(to_json(nest2), "[3]");
}

TEST(Memory, LiveBytesFollowsCells) {
  int64_t before = mem::live_bytes();
  {
    Value s = Value::string(std::string(1000, 'x'));
    EXPECT_GE(mem::live_bytes() - before, 1000);
    Value a = Value::array();
    for (int i = 0; i < 1000; ++i) a.mutable_items().push_back(Value::integer(i));
    a.mutable_items();  // growth is counted on the next mutable access
    EXPECT_GE(mem::live_bytes() - before, 1000 + 16000);
  }
  EXPECT_EQ(mem::live_bytes(), before);
}

TEST(Memory, DeepValuesAreFreedIteratively) {
  int64_t before = mem::live_bytes();
  {
    Value v = Value::array();
    for (int i = 0; i < 1000000; ++i) v = Value::array(Array{std::move(v)});
    Value o = Value::object();
    for (int i = 0; i < 300000; ++i) {
      Object m;
      m.emplace("k", std::move(o));
      o = Value::object(std::move(m));
    }
  }
  EXPECT_EQ(mem::live_bytes(), before);
}

TEST(Threads, SharedValuesCanBeCopiedConcurrently) {
  Value shared = json("{\"a\":[1,2,{\"b\":\"text long enough for the heap...\"}]}");
  shared.share_across_threads();
  EXPECT_FALSE(shared.unique());
  auto work = [&] {
    for (int i = 0; i < 100000; ++i) {
      Value copy = shared;
      Value inner = *copy.find("a");
      if (inner.size() != 3) std::abort();
    }
  };
  std::thread t1(work), t2(work);
  t1.join();
  t2.join();
  Value mine = shared;
  mine.set("c", Value::integer(1));  // clones: the shared value is untouched
  EXPECT_EQ(shared.size(), 1u);
  EXPECT_EQ(mine.size(), 2u);
}

struct OrderCase {
  const char* lhs;
  const char* rhs;
  int expected;
};

constexpr OrderCase kOrderCases[] = {
    {"null", "false", -1},
    {"false", "true", -1},
    {"true", "-1e300", -1},
    {"1", "1.0", 0},
    {"100000000000000000000", "1e20", 0},
    {"100000000000000000001", "100000000000000000000", 1},
    {"-100000000000000000000", "-1", -1},
    {"9223372036854775807", "9223372036854775808", -1},
    {"\"a\"", "\"b\"", -1},
    {"\"z\"", "\"é\"", -1},
    {"\"\"", "[]", -1},
    {"[1,2]", "[1,2,0]", -1},
    {"[2]", "[1,5]", 1},
    {"[]", "{}", -1},
    {"{\"a\":2}", "{\"b\":1}", -1},
    {"{\"a\":1,\"b\":2}", "{\"a\":1}", 1},
    {"{\"b\":1}", "{\"a\":1,\"b\":2}", 1},
    {"{\"a\":[1]}", "{\"a\":[1.0]}", 0},
};

class Ordering : public ::testing::TestWithParam<OrderCase> {};

TEST_P(Ordering, MatchesJq) {
  const OrderCase& c = GetParam();
  Value a = json(c.lhs), b = json(c.rhs);
  EXPECT_EQ(compare(a, b), c.expected);
  EXPECT_EQ(compare(b, a), -c.expected);
  EXPECT_EQ(a == b, c.expected == 0);
}

INSTANTIATE_TEST_SUITE_P(Table, Ordering, ::testing::ValuesIn(kOrderCases), RIPOSTE_CASE_NAME(lhs));

TEST(Ordering, DeepValuesCompareWithoutRecursion) {
  Value a = Value::integer(1), b = Value::integer(1);
  for (int i = 0; i < 300000; ++i) {
    a = Value::array(Array{std::move(a)});
    Object m;
    m.emplace("k", std::move(b));
    b = Value::array(Array{Value::object(std::move(m))});
  }
  Value c = a;
  EXPECT_TRUE(a == c);
  EXPECT_EQ(compare(a, c), 0);
  EXPECT_FALSE(a == b);
  EXPECT_EQ(compare(a, b), -1);  // 1 < {"k":...} at the bottom
}

TEST(Ordering, NanIsBelowNumbersAndUnequalToItself) {
  Value nan = Value::number(NAN);
  EXPECT_EQ(compare(nan, Value::integer(1)), -1);
  EXPECT_EQ(compare(Value::integer(1), nan), 1);
  EXPECT_FALSE(nan == nan);
}

struct PreviewCase {
  const char* input;
  const char* expected;
};

// gojq's typeErrorPreview, as in "cannot add: <this> and ...".
constexpr PreviewCase kPreviewCases[] = {
    {"null", "null"},
    {"true", "boolean (true)"},
    {"1.5", "number (1.5)"},
    {"\"a\"", "string (\"a\")"},
    {"\"this is a rather long string value that will be truncated\"",
     "string (\"this is a rather long st ...\")"},
    {"\"ééééééééééééééééééééé\"", "string (\"éééééééééééé ...\")"},
    {"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]", "array ([1,2,3,4,5,6,7,8,9,10,11, ...])"},
    {"{\"aaaaaaaaaa\":\"bbbbbbbbbbbbbbbbbbbbbbbbb\"}", "object ({\"aaaaaaaaaa\":\"bbbbbbbbbb ...})"},
    {"123456789012345678901234567890123", "number (12345678901234567890123456 ...)"},
    {"\"123456789012345678901234567\"", "string (\"123456789012345678901234567\")"},
    {"\"1234567890123456789012345678\"", "string (\"1234567890123456789012345678\")"},
};

class Preview : public ::testing::TestWithParam<PreviewCase> {};

TEST_P(Preview, MatchesGojq) {
  EXPECT_EQ(type_error_preview(json(GetParam().input)), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, Preview, ::testing::ValuesIn(kPreviewCases), RIPOSTE_CASE_NAME(input));

}  // namespace
}  // namespace riposte
