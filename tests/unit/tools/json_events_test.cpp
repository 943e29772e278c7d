// --stream events read straight from JSON text, as gojq produces them.
#include "tools/json_events.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace riposte::tools {
namespace {

// Every event as compact JSON on its own line, then "error: ..." if any.
std::string events_of(std::string text) {
  std::FILE* f = fmemopen(text.data(), text.size(), "rb");
  JsonEventReader reader(f);
  std::string out;
  Value e;
  JsonError err;
  while (reader.next(e, err)) out += to_json(e) + "\n";
  if (!err.message.empty())
    out += "error at " + std::to_string(err.line) + ":" + std::to_string(err.column) + "\n";
  std::fclose(f);
  return out;
}

TEST(JsonEvents, TopLevelScalarsAndEmptyContainers) {
  EXPECT_EQ(events_of("3 \"a\" [] {} null"), "[[],3]\n[[],\"a\"]\n[[],[]]\n[[],{}]\n[[],null]\n");
}

TEST(JsonEvents, NestedContainers) {
  EXPECT_EQ(events_of(R"({"a":[1,{}]})"), "[[\"a\",0],1]\n[[\"a\",1],{}]\n[[\"a\",1]]\n[[\"a\"]]\n");
  EXPECT_EQ(events_of("[1,[2]]"), "[[0],1]\n[[1,0],2]\n[[1,0]]\n[[1]]\n");
}

TEST(JsonEvents, ObjectKeysInDocumentOrder) {
  EXPECT_EQ(events_of(R"({"z":1,"a":2})"), "[[\"z\"],1]\n[[\"a\"],2]\n[[\"a\"]]\n");
}

TEST(JsonEvents, EscapesAndNumbersAsTheJsonReader) {
  EXPECT_EQ(events_of(R"(["\u00e9\n", -1.5e3, 100000000000000000000])"),
            "[[0],\"é\\n\"]\n[[1],-1500]\n[[2],100000000000000000000]\n[[2]]\n");
}

TEST(JsonEvents, EventsBeforeASyntaxErrorComeFirst) {
  EXPECT_EQ(events_of("{\"a\":1,"), "[[\"a\"],1]\nerror at 1:8\n");
  EXPECT_EQ(events_of("[1 2]"), "[[0],1]\nerror at 1:4\n");
}

TEST(JsonEvents, DeepInputInConstantStack) {
  std::string deep(3000, '[');
  deep += std::string(3000, ']');
  std::FILE* f = fmemopen(deep.data(), deep.size(), "rb");
  JsonEventReader reader(f);
  size_t events = 0;
  Value e;
  JsonError err;
  while (reader.next(e, err)) ++events;
  std::fclose(f);
  EXPECT_TRUE(err.message.empty());
  EXPECT_EQ(events, 3000u);  // the innermost [] and one closing event per other array
}

}  // namespace
}  // namespace riposte::tools
