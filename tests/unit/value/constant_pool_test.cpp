// ConstantPool and Value::detach: a program's constants are pinned (never
// counted), freed with their pool, and what escapes a run is detached
// (docs/architecture.md, "Who owns a value").
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "value/constant_pool.h"
#include "value/json.h"

namespace riposte {
namespace {

Value json(const char* text) {
  Value v;
  JsonError err;
  EXPECT_TRUE(parse_json(text, v, err)) << text << ": " << err.message;
  return v;
}

constexpr const char* kLong = "a string long enough to live outside the small-string buffer";

TEST(ConstantPool, PinsACopyAndFreesItWithThePool) {
  int64_t before = mem::live_bytes();
  {
    Value source = json(R"({"a": [1, "a string long enough to live outside the small-string buffer"], "b": 100000000000000000000})");
    int64_t with_source = mem::live_bytes();
    ConstantPool pool;
    Value k = pool.add(source);
    EXPECT_EQ(mem::live_bytes(), with_source);  // pinned cells are not counted
    EXPECT_TRUE(source.unique());               // the source is left as it is
    EXPECT_FALSE(k.unique());
    EXPECT_EQ(k, source);
    Value copy = k;
    copy.set("c", Value::integer(1));  // copy-on-write: the constant is untouched
    EXPECT_EQ(k.size(), 2u);
    EXPECT_EQ(copy.size(), 3u);
    EXPECT_EQ(pool.size(), 1u);
  }
  EXPECT_EQ(mem::live_bytes(), before);  // the copy freed; the pool's cells were never counted
}

TEST(ConstantPool, InternsWithinOnePool) {
  ConstantPool pool;
  Value a = pool.add(Value::string(kLong));
  Value b = pool.add(Value::string(kLong));
  EXPECT_EQ(a.str().data(), b.str().data());  // one cell
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_TRUE(pool.add(Value::integer(7)).is_int());  // scalars hold no cell
  EXPECT_EQ(pool.size(), 1u);
  ConstantPool other;
  EXPECT_NE(other.add(Value::string(kLong)).str().data(), a.str().data());  // nothing shared between pools
}

TEST(ConstantPool, CopiedConcurrently) {
  ConstantPool pool;
  Value k = pool.add(json(R"({"a": [1, 2, {"b": "a string long enough to live outside the small-string buffer"}]})"));
  auto work = [&] {
    for (int i = 0; i < 100000; ++i) {
      Value copy = k;
      Value inner = *copy.find("a");
      if (inner.size() != 3) std::abort();
    }
  };
  std::thread t1(work), t2(work);
  t1.join();
  t2.join();
}

TEST(Detach, KeepsAValueValidAfterItsPoolIsGone) {
  Value out;
  {
    auto pool = std::make_unique<ConstantPool>();
    {
      // A program's copy of its constant, dropped with the run.
      Value k = pool->add(json(R"({"deep": ["a string long enough to live outside the small-string buffer"]})"));
      // An output built by a run: a fresh array holding the constant, a
      // piece of it, and an input value.
      out = Value::array({k, *k.find("deep"), Value::string(kLong)});
    }
    out.detach();
    pool.reset();
  }
  EXPECT_EQ(to_json(out), std::string(R"([{"deep":[")") + kLong + R"("]},[")" + kLong + R"("],")" + kLong + R"("])");
  EXPECT_TRUE(out.unique());
  Value whole;
  {
    ConstantPool pool;
    whole = pool.add(Value::string(kLong));  // the output is the constant itself
    whole.detach();
  }
  EXPECT_EQ(whole.str(), kLong);
  EXPECT_TRUE(whole.unique());
}

TEST(Detach, LeavesValuesWithoutConstantsAlone) {
  Value v = json(R"({"a": ["a string long enough to live outside the small-string buffer", [1, 2]]})");
  Value shared = v;  // shared cells are not cloned when nothing changes
  const Value* before = v.find("a");
  v.detach();
  EXPECT_EQ(v.find("a"), before);
  EXPECT_EQ(shared.find("a"), before);
}

TEST(Detach, KeepsSharingAndCopiesOnlyWhatIsShared) {
  ConstantPool pool;
  Value k = pool.add(Value::string(kLong));
  Value inner = Value::array({k, Value::integer(1)});
  Value other_owner = inner;                   // someone else holds `inner`
  Value out = Value::array({inner, inner, k});  // a DAG: `inner` twice
  out.detach();
  EXPECT_NE(out.at(0).at(0).str().data(), k.str().data());
  EXPECT_EQ(out.at(0).at(0).str().data(), out.at(1).at(0).str().data());  // still one cell
  EXPECT_EQ(out.at(0).at(0).str().data(), out.at(2).str().data());        // one copy of k
  EXPECT_EQ(other_owner.at(0).str().data(), k.str().data());             // untouched
}

TEST(Detach, DagsAndDeepValues) {
  ConstantPool pool;
  Value k = pool.add(Value::string(kLong));
  // 2^60 leaves as a tree, 60 cells as a DAG.
  Value v = k;
  for (int i = 0; i < 60; ++i) v = Value::array({v, v});
  v.detach();
  EXPECT_NE(v.at(0).at(1).at(0).str().data(), k.str().data());
  EXPECT_EQ(v.at(0).at(1).at(0).str().data(), v.at(1).at(0).at(1).str().data());
  // Deeper than the native stack would allow if walked recursively.
  Value d = Value::array({k});
  for (int i = 0; i < 200000; ++i) d = Value::array(Array{std::move(d)});
  d.detach();
  const Value* leaf = &d;
  while (leaf->is_array()) leaf = &leaf->at(0);
  EXPECT_EQ(leaf->str(), kLong);
  EXPECT_NE(leaf->str().data(), k.str().data());
  Value deep_constant = Value::array();
  for (int i = 0; i < 200000; ++i) deep_constant = Value::array(Array{std::move(deep_constant)});
  Value pinned = pool.add(deep_constant);
  pinned.detach();
  EXPECT_TRUE(pinned.unique());
}

TEST(Detach, ShareAcrossThreadsDetachesFirst) {
  Value shared;
  {
    ConstantPool pool;
    shared = Value::array({pool.add(Value::string(kLong))});
    shared.share_across_threads();
  }
  EXPECT_EQ(shared.at(0).str(), kLong);
}

}  // namespace
}  // namespace riposte
