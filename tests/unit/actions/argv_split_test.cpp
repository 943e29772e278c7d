// commandLineParameters -> argv: quoting without a shell.
#include <gtest/gtest.h>

#include "actions/argv_split.h"

namespace riposte::actions {
namespace {

TEST(ArgvSplit, Table) {
  const std::pair<std::string, std::vector<std::string>> cases[] = {
      {"", {}},
      {"   ", {}},
      {"-ip 10.0.0.1,10.0.0.2", {"-ip", "10.0.0.1,10.0.0.2"}},
      {"  a \t b\nc ", {"a", "b", "c"}},
      {"'a b' \"c d\"", {"a b", "c d"}},
      {R"("say \"hi\" \\ \n")", {R"(say "hi" \ \n)"}},
      {R"('no \escape')", {R"(no \escape)"}},
      {R"(a\ b)", {"a b"}},
      {R"("a"'b'c)", {"abc"}},
      {R"("" '')", {"", ""}},
      {"$HOME; rm -rf / | cat > x && `id` *", {"$HOME;", "rm", "-rf", "/", "|", "cat", ">", "x", "&&", "`id`", "*"}},
  };
  for (const auto& [text, words] : cases) {
    SplitArgs s = split_args(text);
    EXPECT_EQ(s.error, "") << text;
    EXPECT_EQ(s.words, words) << text;
  }
}

TEST(ArgvSplit, Errors) {
  EXPECT_EQ(split_args("'open").error, "unterminated ' quote in commandLineParameters");
  EXPECT_EQ(split_args("a \"open").error, "unterminated \" quote in commandLineParameters");
  EXPECT_EQ(split_args("a\\").error, "a backslash ends commandLineParameters");
  EXPECT_TRUE(split_args("'open").words.empty());
}

}  // namespace
}  // namespace riposte::actions
