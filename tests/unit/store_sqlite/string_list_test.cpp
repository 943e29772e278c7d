// store/sqlite/string_list.h: the JSON array text of tags and tenant lists.
#include "store/sqlite/string_list.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace riposte::store::sqlite {
namespace {

struct EncodeCase {
  std::vector<std::string> items;
  std::string json;
};

TEST(StringList, EncodesAndDecodesBack) {
  const EncodeCase cases[] = {
      {{}, "[]"},
      {{""}, R"([""])"},
      {{"a", "b"}, R"(["a","b"])"},
      {{"ünïcödé ✓ 🚀"}, "[\"ünïcödé ✓ 🚀\"]"},
      {{"q\"b\\s/"}, R"(["q\"b\\s/"])"},
      {{"\n\t\r\b\f"}, R"(["\n\t\r\b\f"])"},
      {{std::string("\x01\x1f\x7f", 3)}, "[\"\\u0001\\u001f\x7f\"]"},
      {{std::string("nul\0in", 6)}, R"(["nul\u0000in"])"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(encode_string_list(c.items), c.json);
    auto back = decode_string_list(c.json);
    ASSERT_TRUE(back) << c.json;
    EXPECT_EQ(*back, c.items) << c.json;
  }
}

struct DecodeCase {
  std::string json;
  std::optional<std::vector<std::string>> items;  // nullopt: refused
};

TEST(StringList, DecodesAnyJsonArrayOfStringsAndRefusesTheRest) {
  using V = std::vector<std::string>;
  const DecodeCase cases[] = {
      {" [ \"a\" ,\n\"b\" ] ", V{"a", "b"}},
      {R"(["\u00fc\u2713"])", V{"ü✓"}},
      {R"(["\ud83d\ude80"])", V{"🚀"}},
      {R"(["\/"])", V{"/"}},
      {"", std::nullopt},
      {"[", std::nullopt},
      {"[\"a\"", std::nullopt},
      {"[\"a\",]", std::nullopt},
      {"[1]", std::nullopt},
      {"{}", std::nullopt},
      {"[\"a\"] x", std::nullopt},
      {"[\"\\x\"]", std::nullopt},
      {"[\"\\u12\"]", std::nullopt},
      {"[\"\\ud83d\"]", std::nullopt},
      {"[\"\\ude80\"]", std::nullopt},
      {"[\"raw\nnewline\"]", std::nullopt},
      {"[\"unterminated]", std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(decode_string_list(c.json), c.items) << c.json;
  }
}

}  // namespace
}  // namespace riposte::store::sqlite
