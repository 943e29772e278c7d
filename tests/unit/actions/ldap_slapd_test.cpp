// The four LDAP actions through the registry's real bindings against a real
// slapd (tests/actions_real/peers/slapd.py), checked by what the directory
// holds afterwards (slapcat) and by binds; deadlines and cancellation
// against a listener that never answers.
#include <gtest/gtest.h>

#include <thread>

#include "ldap_test_util.h"

namespace riposte::actions::ldap::testing {
namespace {

using std::chrono::milliseconds;

#define START_SLAPD(s)            \
  Slapd s;                        \
  {                               \
    const std::string why = s.start(); \
    ASSERT_EQ(why, "");           \
  }

#define BIND(b, ...)                 \
  Bound b = bind_real(__VA_ARGS__);  \
  ASSERT_EQ(b.error, "");

// The JSON of a member of the result, "absent" when it is not there.
std::string member(const Outcome& o, const char* key) {
  const Value* v = o.result.find(key);
  return v ? to_json(*v) : "absent";
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(LdapSlapd, BlockLocksTheAccountOnce) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url());
  ASSERT_TRUE(s.can_bind(user_dn("alice"), "Alice-pw-1"));
  Outcome o = b.registry->call(ldap_call("blockLDAPAccount", "alice"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(result_json(o),
            R"({"attribute":"pwdAccountLockedTime","blocked":true,"changed":true,"dn":"uid=alice,ou=people,dc=corp,dc=example","value":"000001010000Z"})");
  EXPECT_EQ(s.values(user_dn("alice"), "pwdaccountlockedtime"), std::vector<std::string>{"000001010000Z"});
  EXPECT_FALSE(s.can_bind(user_dn("alice"), "Alice-pw-1"));  // ppolicy refuses the locked account
  EXPECT_TRUE(s.can_bind(user_dn("bob"), "Bob-pw-2"));       // nobody else
  EXPECT_TRUE(s.values(user_dn("bob"), "pwdaccountlockedtime").empty());
  // Again: the state is already there, nothing is written.
  o = b.registry->call(ldap_call("blockLDAPAccount", "alice"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(member(o, "changed"), "false");
}

TEST(LdapSlapd, BlockAttributeFromTheConfig) {
  START_SLAPD(s);
  // A directory without ppolicy would name its own lock; here a plain
  // attribute of inetOrgPerson stands in for one.
  BIND(b, s.dir(), s.url(), R"("blockAttribute": "employeeType", "blockValue": "blocked")");
  Outcome o = b.registry->call(ldap_call("blockLDAPAccount", "bob"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(s.values(user_dn("bob"), "employeetype"), std::vector<std::string>{"blocked"});
  // An attribute the schema does not know is an error that says so.
  BIND(u, s.dir(), s.url(), R"("blockAttribute": "noSuchAttr")");
  o = u.registry->call(ldap_call("blockLDAPAccount", "bob"));
  ASSERT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("cannot set noSuchAttr on uid=bob,ou=people,dc=corp,dc=example"), std::string::npos)
      << o.message;
}

TEST(LdapSlapd, ResetPasswordRevealed) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url(), R"("revealPasswords": true)");
  Outcome o = b.registry->call(ldap_call("resetLDAPPassword", "bob"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  const Value* pw = o.result.find("password");
  ASSERT_NE(pw, nullptr) << result_json(o);
  const std::string password(pw->str());
  EXPECT_GE(password.size(), 20u);
  EXPECT_EQ(member(o, "passwordReset"), "true");
  EXPECT_TRUE(s.can_bind(user_dn("bob"), password));     // the new password works
  EXPECT_FALSE(s.can_bind(user_dn("bob"), "Bob-pw-2"));  // the old one no longer
  EXPECT_TRUE(s.can_bind(user_dn("alice"), "Alice-pw-1"));
  // The directory keeps a hash, never the password itself.
  for (const std::string& v : s.values(user_dn("bob"), "userpassword")) EXPECT_EQ(v.find(password), std::string::npos);
}

TEST(LdapSlapd, ResetPasswordNotRevealed) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url());
  Outcome o = b.registry->call(ldap_call("resetLDAPPassword", "carol"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(result_json(o), R"({"dn":"uid=carol,ou=people,dc=corp,dc=example","passwordReset":true,"passwordRevealed":false})");
  EXPECT_FALSE(s.can_bind(user_dn("carol"), "Carol-pw-3"));
}

TEST(LdapSlapd, ResetKeepsABlockedAccountBlocked) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url(), R"("revealPasswords": true)");
  ASSERT_EQ(b.registry->call(ldap_call("blockLDAPAccount", "dave")).status, Status::Success);
  Outcome o = b.registry->call(ldap_call("resetLDAPPassword", "dave"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(member(o, "stillBlocked"), "true");
  EXPECT_EQ(s.values(user_dn("dave"), "pwdaccountlockedtime"), std::vector<std::string>{"000001010000Z"});
  EXPECT_FALSE(s.can_bind(user_dn("dave"), std::string(o.result.find("password")->str())));
}

TEST(LdapSlapd, GroupOfNamesMembership) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url());
  const std::string vpn = "cn=vpn,ou=groups,dc=corp,dc=example";
  const std::string params = R"({"groupDN": "cn=vpn,ou=groups,dc=corp,dc=example"})";
  Outcome o = b.registry->call(ldap_call("addToLDAPGroup", "alice", params));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(result_json(o),
            R"({"attributes":["member"],"changed":true,"dn":"uid=alice,ou=people,dc=corp,dc=example","groupDN":"cn=vpn,ou=groups,dc=corp,dc=example","member":true})");
  std::vector<std::string> members = s.values(vpn, "member");
  EXPECT_TRUE(contains(members, user_dn("alice")));
  EXPECT_TRUE(contains(members, user_dn("carol")));
  // Adding a member again is the state asked for: success, nothing written.
  o = b.registry->call(ldap_call("addToLDAPGroup", "alice", params));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(member(o, "changed"), "false");
  EXPECT_EQ(s.values(vpn, "member").size(), 2u);

  o = b.registry->call(ldap_call("removeFromLDAPGroup", "carol", params));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(member(o, "changed"), "true");
  EXPECT_EQ(s.values(vpn, "member"), std::vector<std::string>{user_dn("alice")});
  o = b.registry->call(ldap_call("removeFromLDAPGroup", "carol", params));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(member(o, "changed"), "false");

  // The schema needs one member: the last one cannot go.
  o = b.registry->call(ldap_call("removeFromLDAPGroup", "dave", R"({"groupDN": "cn=solo,ou=groups,dc=corp,dc=example"})"));
  ASSERT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("last member"), std::string::npos) << o.message;
  EXPECT_EQ(s.values("cn=solo,ou=groups,dc=corp,dc=example", "member"), std::vector<std::string>{user_dn("dave")});
}

TEST(LdapSlapd, PosixGroupMembership) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url());
  const std::string devs = "cn=devs,ou=groups,dc=corp,dc=example";
  const std::string params = R"({"groupDN": "cn=devs,ou=groups,dc=corp,dc=example"})";
  Outcome o = b.registry->call(ldap_call("addToLDAPGroup", "bob", params));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(member(o, "attributes"), R"(["memberUid"])");
  std::vector<std::string> uids = s.values(devs, "memberuid");
  EXPECT_TRUE(contains(uids, "bob"));
  EXPECT_TRUE(contains(uids, "carol"));
  o = b.registry->call(ldap_call("removeFromLDAPGroup", "carol", params));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(s.values(devs, "memberuid"), std::vector<std::string>{"bob"});
}

TEST(LdapSlapd, BadGroups) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url());
  Outcome o = b.registry->call(ldap_call("addToLDAPGroup", "alice", R"({"groupDN": "cn=nope,ou=groups,dc=corp,dc=example"})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, "addToLDAPGroup: the group cn=nope,ou=groups,dc=corp,dc=example does not exist");
  o = b.registry->call(ldap_call("addToLDAPGroup", "alice", R"({"groupDN": "cn=config"})"));
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_NE(o.message.find("is not under the configured baseDN"), std::string::npos) << o.message;
  o = b.registry->call(ldap_call("addToLDAPGroup", "alice", R"({"groupDN": "vpn"})"));
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_NE(o.message.find("is not a DN"), std::string::npos) << o.message;
  o = b.registry->call(ldap_call("addToLDAPGroup", "alice", R"({"groupDN": "uid=bob,ou=people,dc=corp,dc=example"})"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("is not a groupOfNames, groupOfUniqueNames or posixGroup"), std::string::npos) << o.message;
  o = b.registry->call(ldap_call("removeFromLDAPGroup", "alice", "{}"));
  EXPECT_EQ(o.failure, Failure::BadCall);
}

TEST(LdapSlapd, FilterInjectionMatchesNobody) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url());
  const Slapd::Entries before = s.dump();
  struct Case {
    std::string asset, filter;
  };
  const Case cases[] = {
      {"*)(uid=*", "(uid=\\2a\\29\\28uid=\\2a)"},
      {"admin)(|(uid=*", "(uid=admin\\29\\28|\\28uid=\\2a)"},
      {"*", "(uid=\\2a)"},
      {"al*", "(uid=al\\2a)"},
      {"alice)", "(uid=alice\\29)"},
  };
  for (const Case& c : cases) {
    Outcome o = b.registry->call(ldap_call("blockLDAPAccount", c.asset));
    EXPECT_EQ(o.failure, Failure::Action) << c.asset;
    EXPECT_EQ(o.message, "blockLDAPAccount: no user matches " + c.filter + " under dc=corp,dc=example") << c.asset;
  }
  EXPECT_EQ(s.dump(), before);  // nobody was blocked
}

TEST(LdapSlapd, SeveralMatchesAreRefused) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url());
  Outcome o = b.registry->call(ldap_call("blockLDAPAccount", "dup"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("several entries match (uid=dup)"), std::string::npos) << o.message;
  EXPECT_TRUE(s.values(user_dn("dup"), "pwdaccountlockedtime").empty());
  EXPECT_TRUE(s.values(user_dn("dup", "staff"), "pwdaccountlockedtime").empty());
  // A narrower filter or base picks one: here the tenant's own baseDN.
  BIND(t, s.dir(), s.url(), "",
       kRootPassword, R"("tenants": {"t7": {"ldap": {"url": ")" + s.url() +
                          R"(", "bindDN": "cn=admin,dc=corp,dc=example", "passwordFile": ")" +
                          (s.dir() / "bind.pw").string() + R"(", "baseDN": "ou=staff,dc=corp,dc=example"}}})");
  Call c = ldap_call("blockLDAPAccount", "dup");
  c.context.tenants = {"root", "t7"};
  o = t.registry->call(c);
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(std::string(o.result.find("dn")->str()), user_dn("dup", "staff"));
  EXPECT_TRUE(s.values(user_dn("dup"), "pwdaccountlockedtime").empty());
}

TEST(LdapSlapd, WrongBindPasswordSaysSoWithoutThePassword) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url(), "", "Wrong-Bind-Pw-99");
  Outcome o = b.registry->call(ldap_call("blockLDAPAccount", "alice"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("bind as cn=admin,dc=corp,dc=example refused: Invalid credentials (LDAP result 49)"),
            std::string::npos)
      << o.message;
  EXPECT_EQ(o.message.find("Wrong-Bind-Pw-99"), std::string::npos);
  EXPECT_TRUE(s.can_bind(user_dn("alice"), "Alice-pw-1"));
}

TEST(LdapSlapd, ParallelCallsEachGetTheirOwnConnection) {
  START_SLAPD(s);
  BIND(b, s.dir(), s.url());
  std::vector<Pending> pending;
  for (const char* uid : {"alice", "bob", "carol", "dave", "admin"})
    pending.push_back(b.registry->start(ldap_call("blockLDAPAccount", uid)));
  for (Pending& p : pending) EXPECT_EQ(p.wait().status, Status::Success);
  for (const char* uid : {"alice", "bob", "carol", "dave", "admin"})
    EXPECT_EQ(s.values(user_dn(uid), "pwdaccountlockedtime").size(), 1u) << uid;
}

TEST(LdapSlapd, StartTlsVerifiesTheServer) {
  TempDir certs;
  ASSERT_EQ(mail::testing::make_certificate(certs.path()), "");
  Slapd s;
  ASSERT_EQ(s.start({"--tls-cert", (certs.path() / "cert.pem").string(), "--tls-key",
                     (certs.path() / "key.pem").string()}),
            "");
  BIND(b, s.dir(), s.url(), R"("startTls": true, "caFile": ")" + (certs.path() / "cert.pem").string() + "\"");
  Outcome o = b.registry->call(ldap_call("blockLDAPAccount", "alice"));
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(s.values(user_dn("alice"), "pwdaccountlockedtime").size(), 1u);
  // The self-signed certificate is not among the system's CAs: refused
  // before the bind, nothing changed.
  BIND(u, s.dir(), s.url(), R"("startTls": true)");
  o = u.registry->call(ldap_call("blockLDAPAccount", "bob"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("the TLS handshake at " + s.url() + " failed"), std::string::npos) << o.message;
  EXPECT_TRUE(s.values(user_dn("bob"), "pwdaccountlockedtime").empty());
}

// ---- no directory behind the port

TEST(LdapNoPeer, ASilentServerEndsAtTheDeadline) {
  mail::testing::SilentListener silent;
  ASSERT_GT(silent.port(), 0);
  TempDir dir;
  BIND(b, dir.path(), "ldap://127.0.0.1:" + std::to_string(silent.port()));
  const auto t0 = Clock::now();
  Outcome o = b.registry->call(ldap_call("blockLDAPAccount", "alice", "{}", milliseconds(600)));
  const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - t0);
  EXPECT_EQ(o.failure, Failure::Timeout) << o.message;
  EXPECT_NE(o.message.find("deadline exceeded"), std::string::npos) << o.message;
  EXPECT_GE(took.count(), 550);
  EXPECT_LT(took.count(), 1600);
  EXPECT_TRUE(silent.connected());  // it did connect; the server just never spoke
}

TEST(LdapNoPeer, CancellationEndsTheCallAtOnce) {
  mail::testing::SilentListener silent;
  ASSERT_GT(silent.port(), 0);
  TempDir dir;
  BIND(b, dir.path(), "ldap://127.0.0.1:" + std::to_string(silent.port()));
  CancelSource source;
  Call c = ldap_call("resetLDAPPassword", "alice", "{}", std::chrono::seconds(30));
  c.cancel = source.token();
  const auto t0 = Clock::now();
  Pending p = b.registry->start(c);
  std::this_thread::sleep_for(milliseconds(200));
  source.cancel();
  Outcome o = p.wait();
  const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - t0);
  EXPECT_EQ(o.failure, Failure::Cancelled) << o.message;
  EXPECT_LT(took.count(), 1500);
}

TEST(LdapNoPeer, AClosedPortFailsAtOnce) {
  TempDir dir;
  const int port = free_port();
  BIND(b, dir.path(), "ldap://127.0.0.1:" + std::to_string(port));
  const auto t0 = Clock::now();
  Outcome o = b.registry->call(ldap_call("blockLDAPAccount", "alice", "{}", std::chrono::seconds(10)));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("Can't contact LDAP server"), std::string::npos) << o.message;
  EXPECT_LT(std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count(), 3000);
}

TEST(LdapNoPeer, NoLdapSectionAndEmptyAsset) {
  MadeRegistry made = make_registry({.mode = Mode::Real});
  ASSERT_EQ(made.error, "");
  Outcome o = made.registry->call(ldap_call("blockLDAPAccount", "alice"));
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_EQ(o.message, "blockLDAPAccount: no \"ldap\" section in --config for this tenant");
  TempDir dir;
  BIND(b, dir.path(), "ldap://127.0.0.1:1");
  o = b.registry->call(ldap_call("blockLDAPAccount", ""));
  EXPECT_EQ(o.failure, Failure::BadCall);
}

TEST(LdapNoPeer, ConfigErrors) {
  TempDir dir;
  auto error = [&](const std::string& url, const std::string& extra) {
    Bound b = bind_real(dir.path(), url, extra);
    return b.error.substr(0, b.error.find(" in {"));
  };
  EXPECT_EQ(error("ldap://127.0.0.1:1", R"("blockAttribute": "x)(y")"),
            "ldap.blockAttribute: expected an attribute type name");
  EXPECT_EQ(error("ldap://127.0.0.1:1", R"("blockValue": "")"), "ldap.blockValue: empty");
  EXPECT_EQ(error("ldap://10.1.2.3", ""), "ldap.url: host \"10.1.2.3\" is not in allow.hosts");
  EXPECT_EQ(error("ldap://127.0.0.1:1", R"x("userFilter": "(uid=x)")x"), "ldap.userFilter: must contain {asset}");
  EXPECT_EQ(error("ldap://127.0.0.1:1", R"("blockAttribute": "nsAccountLock", "blockValue": "TRUE")"), "");
}

}  // namespace
}  // namespace riposte::actions::ldap::testing
