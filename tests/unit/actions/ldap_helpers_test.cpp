// The pure helpers of the LDAP actions (actions/ldap/ldap.h): RFC 4515
// escaping, the user filter, generated passwords, DN checks.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "actions/ldap/ldap.h"

namespace riposte::actions::ldap {
namespace {

using namespace std::string_literals;

struct EscapeCase {
  std::string in, out;
};

TEST(LdapEscape, Table) {
  const EscapeCase cases[] = {
      {"alice", "alice"},
      {"", ""},
      {"*", "\\2a"},
      {"(", "\\28"},
      {")", "\\29"},
      {"\\", "\\5c"},
      {"\0"s, "\\00"},
      {"a\0b"s, "a\\00b"},
      {"*)(uid=*", "\\2a\\29\\28uid=\\2a"},
      {"admin)(|(uid=*", "admin\\29\\28|\\28uid=\\2a"},
      {"\\2a", "\\5c2a"},               // an escape typed by the attacker is itself escaped
      {"a\nb\tc\x7f", "a\\0ab\\09c\\7f"},  // control characters
      {"Jürgen.Öst", "Jürgen.Öst"},      // UTF-8 kept as is
      {"john.doe@corp.example", "john.doe@corp.example"},
      {"=<>~&|!:", "=<>~&|!:"},  // only meaningful outside a value
  };
  for (const EscapeCase& c : cases) EXPECT_EQ(escape_filter_value(c.in), c.out) << c.in;
}

TEST(LdapEscape, UserFilterReplacesEveryPlaceholder) {
  EXPECT_EQ(user_filter("(uid={asset})", "bob"), "(uid=bob)");
  EXPECT_EQ(user_filter("(|(uid={asset})(mail={asset}))", "a*"), "(|(uid=a\\2a)(mail=a\\2a))");
  EXPECT_EQ(user_filter("(&(objectClass=person)(uid={asset}))", "*)(uid=*"),
            "(&(objectClass=person)(uid=\\2a\\29\\28uid=\\2a))");
  // The placeholder inside the asset is data, not replaced again.
  EXPECT_EQ(user_filter("(uid={asset})", "{asset}"), "(uid={asset})");
}

TEST(LdapPassword, LengthAlphabetAndClasses) {
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"s +
                               std::string(kPasswordSymbols);
  std::set<std::string> seen;
  for (int i = 0; i < 200; i++) {
    const std::string p = generate_password();
    ASSERT_EQ(p.size(), 24u);
    EXPECT_EQ(p.find_first_not_of(alphabet), std::string::npos) << p;
    EXPECT_NE(p.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << p;
    EXPECT_NE(p.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos) << p;
    EXPECT_NE(p.find_first_of("0123456789"), std::string::npos) << p;
    EXPECT_NE(p.find_first_of(kPasswordSymbols), std::string::npos) << p;
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(generate_password(5).size(), 20u);  // never shorter than 20
  EXPECT_EQ(generate_password(40).size(), 40u);
}

TEST(LdapDn, WithinBase) {
  EXPECT_TRUE(dn_within("cn=vpn,ou=groups,dc=corp,dc=example", "dc=corp,dc=example"));
  EXPECT_TRUE(dn_within("CN=VPN, OU=Groups, DC=Corp, DC=Example", "dc=corp,dc=example"));
  EXPECT_TRUE(dn_within("dc=corp,dc=example", "dc=corp,dc=example"));
  EXPECT_FALSE(dn_within("cn=config", "dc=corp,dc=example"));
  EXPECT_FALSE(dn_within("cn=x,dc=othercorp,dc=example", "dc=corp,dc=example"));
  EXPECT_FALSE(dn_within("cn=x,dc=example", "dc=corp,dc=example"));
  // A value that merely ends like the base is not below it.
  EXPECT_FALSE(dn_within("cn=a\\,dc=corp\\,dc=example", "dc=corp,dc=example"));
  EXPECT_FALSE(dn_within("not a dn", "dc=corp,dc=example"));
}

TEST(LdapDn, Check) {
  EXPECT_EQ(check_dn("cn=vpn,ou=groups,dc=corp,dc=example"), "");
  EXPECT_NE(check_dn("not a dn"), "");
  EXPECT_NE(check_dn(""), "");
  EXPECT_NE(check_dn("cn=a,,dc=x"), "");
}

}  // namespace
}  // namespace riposte::actions::ldap
