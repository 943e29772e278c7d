// Flag parsing of `riposte jq` by gojq's rules.
#include "tools/jq_options.h"

#include <gtest/gtest.h>

namespace riposte::tools {
namespace {

JqOptions parse_ok(std::vector<std::string> args) {
  JqOptions opt;
  std::string err;
  EXPECT_TRUE(parse_jq_flags(args, opt, err)) << err;
  return opt;
}

std::string parse_error(std::vector<std::string> args) {
  JqOptions opt;
  std::string err;
  EXPECT_FALSE(parse_jq_flags(args, opt, err));
  return err;
}

TEST(JqOptions, CombinedShortFlags) {
  JqOptions o = parse_ok({"-nrc", ".a"});
  EXPECT_TRUE(o.null_input);
  EXPECT_TRUE(o.raw);
  EXPECT_TRUE(o.compact);
  EXPECT_EQ(o.rest, std::vector<std::string>{".a"});
}

TEST(JqOptions, FlagsAfterTheFilterAndFiles) {
  JqOptions o = parse_ok({".a", "x.json", "-s", "y.json"});
  EXPECT_TRUE(o.slurp);
  EXPECT_EQ(o.rest, (std::vector<std::string>{".a", "x.json", "y.json"}));
}

TEST(JqOptions, HyphenFiltersAreNotFlags) {
  EXPECT_EQ(parse_ok({"-."}).rest, std::vector<std::string>{"-."});
  EXPECT_EQ(parse_ok({"-1"}).rest, std::vector<std::string>{"-1"});
  EXPECT_EQ(parse_ok({"-"}).rest, std::vector<std::string>{"-"});
}

TEST(JqOptions, ValuesAttachedOrSeparate) {
  EXPECT_EQ(parse_ok({"--indent=4"}).indent, 4);
  EXPECT_EQ(parse_ok({"--indent", "3"}).indent, 3);
  EXPECT_EQ(parse_ok({"-fprog.jq"}).from_file, "prog.jq");
  EXPECT_EQ(parse_ok({"-nf=prog.jq"}).from_file, "prog.jq");
  EXPECT_EQ(parse_ok({"-f", "p.jq", "in.json"}).rest, std::vector<std::string>{"in.json"});
}

TEST(JqOptions, NamedArgumentsFirstWins) {
  JqOptions o = parse_ok({"--arg", "a", "1", "--argjson", "a", "2", "--slurpfile", "s", "f.json", "."});
  ASSERT_EQ(o.named.size(), 2u);
  EXPECT_EQ(o.named[0].name, "a");
  EXPECT_EQ(o.named[0].text, "1");
  EXPECT_EQ(o.named[0].kind, NamedArg::Kind::String);
  EXPECT_EQ(o.named[1].kind, NamedArg::Kind::SlurpFile);
}

TEST(JqOptions, PositionalArgumentsKeepTheirKindAndOrder) {
  JqOptions o = parse_ok({"$ARGS", "--args", "a", "--jsonargs", "1", "--args", "b"});
  EXPECT_EQ(o.rest, std::vector<std::string>{"$ARGS"});
  ASSERT_EQ(o.positional.size(), 3u);
  EXPECT_FALSE(o.positional[0].json);
  EXPECT_TRUE(o.positional[1].json);
  EXPECT_EQ(o.positional[2].text, "b");
}

TEST(JqOptions, TheFirstWordAfterArgsIsStillTheFilter) {
  JqOptions o = parse_ok({"--args", ".", "x", "y"});
  EXPECT_EQ(o.rest, std::vector<std::string>{"."});
  EXPECT_EQ(o.positional.size(), 2u);
}

TEST(JqOptions, DoubleDash) {
  EXPECT_EQ(parse_ok({"--", "-n"}).rest, std::vector<std::string>{"-n"});
  JqOptions o = parse_ok({".", "--args", "--", "-n", "--arg"});
  ASSERT_EQ(o.positional.size(), 2u);
  EXPECT_EQ(o.positional[1].text, "--arg");
}

TEST(JqOptions, Budgets) {
  JqOptions o = parse_ok({"--fuel", "100", "--max-memory=2000", "--max-depth", "30", "."});
  EXPECT_EQ(o.fuel, 100u);
  EXPECT_EQ(o.max_memory, 2000u);
  EXPECT_EQ(o.max_depth, 30u);
}

TEST(JqOptions, UsageErrorsUseGojqWording) {
  EXPECT_EQ(parse_error({"--nope"}), "unknown flag `--nope'");
  EXPECT_EQ(parse_error({"-nQ"}), "unknown flag `Q'");
  EXPECT_EQ(parse_error({"--arg", "x"}), "expected 2 arguments for flag `--arg'");
  EXPECT_EQ(parse_error({"--indent"}), "expected argument for flag `--indent'");
  EXPECT_EQ(parse_error({"--slurp=1"}), "boolean flag `--slurp' cannot have an argument");
  EXPECT_NE(parse_error({"--indent", "x"}).find("invalid argument for flag `--indent'"), std::string::npos);
  EXPECT_NE(parse_error({"--fuel", "-3"}).find("invalid argument for flag `--fuel'"), std::string::npos);
}

}  // namespace
}  // namespace riposte::tools
