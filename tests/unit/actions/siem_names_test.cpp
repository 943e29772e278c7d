// actions/siem/names.cpp: index names as OpenSearch checks them, ATT&CK IDs.
#include <gtest/gtest.h>

#include "actions/siem/siem_internal.h"

namespace riposte::actions::siem {
namespace {

struct NameCase {
  std::string name;
  std::string why;  // "" = valid; else a part of the reason
};

TEST(SiemNames, IndexNames) {
  const NameCase cases[] = {
      {"events", ""},
      {"risk-2026.12", ""},
      {"a_b+c.d", ""},
      {".smos_mitre-1", ""},
      {std::string(255, 'a'), ""},
      {std::string(256, 'a'), "256 bytes"},
      {"", "empty"},
      {"Events", "lower case"},
      {"a b", "' '"},
      {"a\\b", "'\\'"},
      {"a/b", "'/'"},
      {"a*", "'*'"},
      {"a?", "'?'"},
      {"a\"b", "'\"'"},
      {"a<b", "'<'"},
      {"a>b", "'>'"},
      {"a|b", "'|'"},
      {"a,b", "','"},
      {"a#b", "'#'"},
      {"a:b", "':'"},
      {"-a", "start with '-'"},
      {"_a", "start with '_'"},
      {"+a", "start with '+'"},
      {".", ". or .."},
      {"..", ". or .."},
      {"a\tb", "control"},
  };
  for (const NameCase& c : cases) {
    std::string why = check_index_name(c.name);
    if (c.why.empty()) {
      EXPECT_EQ(why, "") << c.name;
    } else {
      EXPECT_NE(why.find(c.why), std::string::npos) << c.name << ": " << why;
    }
  }
}

TEST(SiemNames, TechniqueIds) {
  const NameCase cases[] = {
      {"T1059", ""},           {"T1059.001", ""},      {"T0001", ""},
      {"TA0001", "tactic"},    {"t1059", "not an"},    {"T105", "not an"},
      {"T10599", "not an"},    {"T1059.01", "not an"}, {"T1059.0011", "not an"},
      {"T1059-001", "not an"}, {"", "not an"},         {" T1059", "not an"},
      {"T1059.", "not an"},    {"TA001", "not an"},
  };
  for (const NameCase& c : cases) {
    std::string why = check_technique_id(c.name);
    if (c.why.empty()) {
      EXPECT_EQ(why, "") << c.name;
    } else {
      EXPECT_NE(why.find(c.why), std::string::npos) << c.name << ": " << why;
    }
  }
}

TEST(SiemNames, TimestampIsRfc3339UtcWithMilliseconds) {
  std::string t = now_timestamp();
  ASSERT_EQ(t.size(), 24u) << t;
  EXPECT_EQ(t[4], '-');
  EXPECT_EQ(t[10], 'T');
  EXPECT_EQ(t[19], '.');
  EXPECT_EQ(t.back(), 'Z');
}

}  // namespace
}  // namespace riposte::actions::siem
