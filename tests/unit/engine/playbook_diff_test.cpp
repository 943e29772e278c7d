// engine/playbook_diff.cpp: the changelog's readable diff.
#include <gtest/gtest.h>

#include "engine/playbook_diff.h"

namespace riposte::engine {
namespace {

TEST(LineDiff, Cases) {
  struct Case {
    const char* before;
    const char* after;
    const char* diff;
  } cases[] = {
      {"a\nb\nc", "a\nb\nc", ""},
      {"x", "y", "--- t\n+++ t\n@@ -1,1 +1,1 @@\n-x\n+y\n"},
      {"", "y", "--- t\n+++ t\n@@ -0,0 +1,1 @@\n+y\n"},
      {"a\nb\nc\nd\ne\nf\ng\nh", "a\nb\nc\nd\nE\nf\ng\nh",
       "--- t\n+++ t\n@@ -3,5 +3,5 @@\n c\n d\n-e\n+E\n f\n g\n"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13",
       "--- t\n+++ t\n@@ -1,2 +1,3 @@\n+0\n 1\n 2\n@@ -11,2 +12,3 @@\n 11\n 12\n+13\n"},
      {"a\nb", "b\na", "--- t\n+++ t\n@@ -1,2 +1,2 @@\n-a\n b\n+a\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.before);
    EXPECT_EQ(line_diff(c.before, c.after, "t"), c.diff);
  }
}

TEST(CodeDiff, ReformattingAloneIsNoChange) {
  store::PlaybookRow a, b;
  a.algorithm = R"({"version": "1", "executionFlow": []})";
  b.algorithm = "{\n  \"executionFlow\": [],\n  \"version\": \"1\"\n}";
  EXPECT_EQ(code_diff(a, b), "");
  b.algorithm = R"({"version": "2", "executionFlow": []})";
  EXPECT_NE(code_diff(a, b).find("-  \"version\": \"1\"\n+  \"version\": \"2\""), std::string::npos) << code_diff(a, b);
}

}  // namespace
}  // namespace riposte::engine
