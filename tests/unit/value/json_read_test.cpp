// The JSON reader: values, Go encoding/json's error messages and positions
// as gojq 0.12.11 reports them (rows produced by running gojq -c .),
// streaming across chunk boundaries, and deep nesting.
#include <gtest/gtest.h>

#include "tests/unit/case_name.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "value/json.h"

namespace riposte {
namespace {

struct ReadCase {
  const char* input;
  const char* values;  // compact values read before the error, one per line
  uint32_t line;       // 0 when the whole input is valid
  uint32_t column;
  const char* message;
};

const ReadCase kReadCases[] = {
    {"1 x", "1", 1, 3, "invalid character 'x' looking for beginning of value"},
    {"{\"a\":1}x", "{\"a\":1}", 1, 8, "invalid character 'x' looking for beginning of value"},
    {"truex", "true", 1, 5, "invalid character 'x' looking for beginning of value"},
    {"[1]]", "[1]", 1, 4, "invalid character ']' looking for beginning of value"},
    {"1-", "1", 1, 3, "unexpected EOF"},
    {"0x", "0", 1, 2, "invalid character 'x' looking for beginning of value"},
    {"-a", "", 1, 2, "invalid character 'a' in numeric literal"},
    {"1.e", "", 1, 3, "invalid character 'e' after decimal point in numeric literal"},
    {"1e+", "", 1, 4, "unexpected EOF"},
    {"1e", "", 1, 3, "unexpected EOF"},
    {"1.5x", "1.5", 1, 4, "invalid character 'x' looking for beginning of value"},
    {"{1:2}", "", 1, 2, "invalid character '1' looking for beginning of object key string"},
    {"\"a\nb\"", "", 1, 3, "invalid character '\\n' in string literal"},
    {"[1,\n  x]", "", 2, 3, "invalid character 'x' looking for beginning of value"},
    {"[1,]", "", 1, 4, "invalid character ']' looking for beginning of value"},
    {"{\"a\" 1}", "", 1, 6, "invalid character '1' after object key"},
    {"tru", "", 1, 4, "unexpected EOF"},
    {"nul", "", 1, 4, "unexpected EOF"},
    {"\"\\u00", "", 1, 6, "unexpected EOF"},
    {"\"a", "", 1, 3, "unexpected EOF"},
    {"[1 2]", "", 1, 4, "invalid character '2' after array element"},
    {"{\"a\":1,}", "", 1, 8, "invalid character '}' looking for beginning of object key string"},
    {"NaN", "", 1, 1, "invalid character 'N' looking for beginning of value"},
    {"nan", "", 1, 2, "invalid character 'a' in literal null (expecting 'u')"},
    {"\"\\x01\"", "", 1, 3, "invalid character 'x' in string escape code"},
    {".5", "", 1, 1, "invalid character '.' looking for beginning of value"},
    {"-", "", 1, 2, "unexpected EOF"},
    {"1.", "", 1, 3, "unexpected EOF"},
    {"[", "", 1, 2, "unexpected EOF"},
    {"{", "", 1, 2, "unexpected EOF"},
    {"{\"a\"", "", 1, 5, "unexpected EOF"},
    {"{\"a\":", "", 1, 6, "unexpected EOF"},
    {"{\"a\":1", "", 1, 7, "unexpected EOF"},
    {"[1,2", "", 1, 5, "unexpected EOF"},
    {"\"\\ud800\\u00zz\"", "", 1, 12, "invalid character 'z' in \\u hexadecimal character escape"},
    {"\n\n  {\"a\": [1, 2, }", "", 3, 16, "invalid character '}' looking for beginning of value"},
    {"fals", "", 1, 5, "unexpected EOF"},
    {"falsy", "", 1, 5, "invalid character 'y' in literal false (expecting 'e')"},
    {"nulL", "", 1, 4, "invalid character 'L' in literal null (expecting 'l')"},
    {"t", "", 1, 2, "unexpected EOF"},
    {"\"\t\"", "", 1, 2, "invalid character '\\t' in string literal"},
    {"\"\"", "\"\\u007f\"", 0, 0, ""},
    {"[1]\n[2]\n  {", "[1]\n[2]", 3, 4, "unexpected EOF"},
    {"{\"a\":1 \"b\":2}", "", 1, 8, "invalid character '\"' after object key:value pair"},
    {"\u0001", "", 1, 1, "invalid character '\\x01' looking for beginning of value"},
    {"'a'", "", 1, 1, "invalid character '\\'' looking for beginning of value"},
    {"[-]", "", 1, 3, "invalid character ']' in numeric literal"},
    {"[01]", "", 1, 3, "invalid character '1' after array element"},
    {"[1e5x]", "", 1, 5, "invalid character 'x' after array element"},
    {"\"abc\\", "", 1, 6, "unexpected EOF"},
    {"\"\\u12\"", "", 1, 6, "invalid character '\"' in \\u hexadecimal character escape"},
    {"{,}", "", 1, 2, "invalid character ',' looking for beginning of object key string"},
    {"[,1]", "", 1, 2, "invalid character ',' looking for beginning of value"},
    {"{\"a\":1}}", "{\"a\":1}", 1, 8, "invalid character '}' looking for beginning of value"},
    {"1 2 3 ]", "1\n2\n3", 1, 7, "invalid character ']' looking for beginning of value"},
    {"\"ÿ\"", "\"ÿ\"", 0, 0, ""},
    {"[1,2,3]\n{\"a\":\"\\q\"}", "[1,2,3]", 2, 8, "invalid character 'q' in string escape code"},
    {"[1, {\"a\": [true, false, null]}, \"x\"]", "[1,{\"a\":[true,false,null]},\"x\"]", 0, 0, ""},
    {"{\"a\":1,\"a\":2}", "{\"a\":2}", 0, 0, ""},
    {"\"\\ud83d\\ude00\\ud800\\u0041\\/\"", "\"😀�A/\"", 0, 0, ""},
    {"123456789012345678901234567890 -0 1.0 1e2", "123456789012345678901234567890\n0\n1\n100", 0, 0, ""},
    {"  \n ", "", 0, 0, ""},
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File file_with(std::string_view text) {
  File f(std::tmpfile());
  std::fwrite(text.data(), 1, text.size(), f.get());
  std::rewind(f.get());
  return f;
}

// Reads every value of text; returns the compact values joined by '\n'.
std::string read_all(std::string_view text, JsonError& err) {
  File f = file_with(text);
  JsonStreamReader reader(f.get());
  std::string out;
  Value v;
  while (reader.next(v, err)) {
    if (!out.empty()) out += '\n';
    out += to_json(v);
  }
  return out;
}

class ReadJson : public ::testing::TestWithParam<ReadCase> {};

TEST_P(ReadJson, StreamMatchesGojq) {
  const ReadCase& c = GetParam();
  JsonError err;
  EXPECT_EQ(read_all(c.input, err), c.values);
  EXPECT_EQ(err.message, c.message);
  if (c.line != 0) {
    EXPECT_EQ(err.line, c.line);
    EXPECT_EQ(err.column, c.column);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ReadJson, ::testing::ValuesIn(kReadCases), RIPOSTE_CASE_NAME(input));

TEST(ParseJson, OneValue) {
  Value v;
  JsonError err;
  ASSERT_TRUE(parse_json(" {\"b\": [1.5, \"x\"]} \n", v, err));
  EXPECT_EQ(to_json(v), "{\"b\":[1.5,\"x\"]}");
  EXPECT_FALSE(parse_json("1 2", v, err));
  EXPECT_EQ(err.message, "invalid character '2' after top-level value");
  EXPECT_FALSE(parse_json("", v, err));
  EXPECT_EQ(err.message, "unexpected EOF");
  EXPECT_FALSE(parse_json("[1,", v, err));
  EXPECT_EQ(err.message, "unexpected EOF");
}

TEST(ParseJson, InvalidUtf8BecomesReplacementCharacter) {
  Value v;
  JsonError err;
  ASSERT_TRUE(parse_json(std::string_view("\"a\xff\xe2\x82z\"", 7), v, err));
  EXPECT_EQ(v.str(), "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz");
}

TEST(ParseJson, ControlCharacterMessages) {
  Value v;
  JsonError err;
  EXPECT_FALSE(parse_json("\x7f", v, err));
  EXPECT_EQ(err.message, "invalid character '\\x7f' looking for beginning of value");
  EXPECT_FALSE(parse_json("\"\x01\"", v, err));
  EXPECT_EQ(err.message, "invalid character '\\x01' in string literal");
}

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(ReadJson, TenThousandLevelsAreAccepted) {
  JsonError err;
  EXPECT_EQ(read_all(nested(10000), err), nested(10000));
  EXPECT_EQ(err.message, "");
}

TEST(ReadJson, DeeperInputIsAnErrorLikeGojq) {
  JsonError err;
  EXPECT_EQ(read_all(nested(10001), err), "");
  EXPECT_EQ(err.message, "invalid character '[' exceeded max depth");
  EXPECT_EQ(err.column, 10001u);
}

// Values far larger than the 64 KiB read chunk, with multi-byte characters,
// escapes and numbers straddling chunk boundaries at every offset.
TEST(ReadJson, ValuesSpanningChunks) {
  std::string text;
  std::string expected;
  for (int i = 0; i < 3000; ++i) {
    std::string s = "é😀\\n" + std::to_string(i) + std::string(size_t(i % 97), 'x');
    text += "[\"" + s + "\", 123456789012345678901234567890, -1.25e-3]\n";
  }
  JsonError err;
  std::string got = read_all(text, err);
  ASSERT_EQ(err.message, "");
  EXPECT_EQ(std::count(got.begin(), got.end(), '\n'), 2999);
  EXPECT_NE(got.find("[\"é😀\\n2999"), std::string::npos);
  EXPECT_NE(got.find(",123456789012345678901234567890,-0.00125]"), std::string::npos);
  EXPECT_EQ(got.find("\\ufffd"), std::string::npos);
}

TEST(ReadJson, LineCounting) {
  File f = file_with("1\n2\n\n3");
  JsonStreamReader reader(f.get());
  Value v;
  JsonError err;
  ASSERT_TRUE(reader.next(v, err));
  EXPECT_EQ(reader.line(), 1u);
  ASSERT_TRUE(reader.next(v, err));
  EXPECT_EQ(reader.line(), 2u);
  ASSERT_TRUE(reader.next(v, err));
  EXPECT_EQ(reader.line(), 3u);  // as jq 1.6's input_line_number
  EXPECT_FALSE(reader.next(v, err));
  EXPECT_EQ(err.message, "");
}

}  // namespace
}  // namespace riposte
