// The --config file of the bindings (actions/config/config.h): the spec's
// shape read whole, every error naming its JSON path (a table), tenant
// overrides (nearest tenant of the chain wins, key by key), and masking.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "actions/config/config.h"
#include "value/json.h"

namespace riposte::actions::config {
namespace {

constexpr const char* kSecretVar = "RIPOSTE_CONFIG_TEST_SECRET";

struct SecretEnv {
  SecretEnv() { setenv(kSecretVar, "S3cret-value-42", 1); }
  ~SecretEnv() { unsetenv(kSecretVar); }
};

TEST(ActionConfig, ReadsTheSpecShape) {
  SecretEnv env;
  std::string path = ::testing::TempDir() + "/riposte_config_test_ldap_secret";
  std::ofstream(path) << "ldap-pw\n";
  ActionConfigResult r = parse_action_config_json(R"J({
    "allow": {"hosts": ["127.0.0.1", "LDAP.corp.example"]},
    "smtp": {"url": "smtp://127.0.0.1:2525", "from": "riposte@soc.example", "username": "riposte",
             "passwordEnv": "RIPOSTE_CONFIG_TEST_SECRET", "tls": "none"},
    "ldap": {"url": "ldap://ldap.corp.example:3890", "bindDN": "cn=admin,dc=corp,dc=example",
             "passwordFile": ")J" + path + R"J(", "baseDN": "dc=corp,dc=example",
             "userFilter": "(uid={asset})", "revealPasswords": false},
    "endpoint": {"url": "http://127.0.0.1:8443", "tokenEnv": "RIPOSTE_CONFIG_TEST_SECRET"},
    "tip": {"url": "http://127.0.0.1:8081", "keyEnv": "RIPOSTE_CONFIG_TEST_SECRET"},
    "index": {"url": "http://127.0.0.1:9200"},
    "databases": {"audit": {"url": "sqlite:///var/lib/riposte/audit.db", "tables": ["events"]},
                  "pg": {"url": "postgresql://riposte@127.0.0.1:5432/soc",
                         "passwordEnv": "RIPOSTE_CONFIG_TEST_SECRET", "tables": ["alerts_out"]}},
    "jobLog": "/var/log/riposte/job.log",
    "credentials": {"ticketing": {"type": "bearer", "tokenEnv": "RIPOSTE_CONFIG_TEST_SECRET"},
                    "legacy": {"type": "basic", "username": "soc", "passwordEnv": "RIPOSTE_CONFIG_TEST_SECRET"}}
  })J");
  ASSERT_TRUE(r.ok()) << r.error;
  const Connections& c = r.config->top();
  EXPECT_EQ(c.databases.at("pg").url, "postgresql://riposte@127.0.0.1:5432/soc");
  EXPECT_EQ(c.allowed_hosts, (std::vector<std::string>{"127.0.0.1", "ldap.corp.example"}));
  ASSERT_TRUE(c.smtp && c.ldap && c.endpoint && c.tip && c.index && c.job_log);
  EXPECT_EQ(c.smtp->password, "S3cret-value-42");
  EXPECT_EQ(c.ldap->host, "ldap.corp.example");
  EXPECT_EQ(c.ldap->password, "ldap-pw");
  EXPECT_EQ(c.ldap->user_filter, "(uid={asset})");
  EXPECT_EQ(c.endpoint->token, "S3cret-value-42");
  EXPECT_EQ(c.tip->token, "S3cret-value-42");
  EXPECT_EQ(c.index->password, "");
  ASSERT_EQ(c.databases.size(), 2u);
  EXPECT_TRUE(c.databases.at("audit").sqlite());
  EXPECT_EQ(c.databases.at("pg").tables, std::vector<std::string>{"alerts_out"});
  EXPECT_EQ(c.job_log->path, "/var/log/riposte/job.log");
  EXPECT_EQ(c.credentials.at("legacy").username, "soc");
  EXPECT_EQ(c.credentials.at("ticketing").token, "S3cret-value-42");
  EXPECT_EQ(c.check_host("127.0.0.1"), "");
  EXPECT_NE(c.check_host("10.0.0.1"), "");
}

struct ErrorCase {
  const char* config;
  const char* error;
};

TEST(ActionConfig, ErrorsNameTheirJsonPath) {
  SecretEnv env;
  const ErrorCase cases[] = {
      {R"([])", "the configuration must be a JSON object, not array"},
      {R"({"smpt": {}})", "smpt: unknown key"},
      {R"({"allow": {"host": []}})", "allow.host: unknown key"},
      {R"({"allow": {"hosts": [""]}})", "allow.hosts[0]: expected a non-empty string"},
      {R"({"ldap": {"url": "ldap://127.0.0.1"}})", "ldap.baseDN: missing"},
      {R"({"ldap": {"url": "http://127.0.0.1", "baseDN": "dc=x"}})",
       R"(ldap.url: "http://127.0.0.1": the scheme must be one of ldap://, ldaps://)"},
      {R"({"ldap": {"url": "ldap://127.0.0.1", "baseDN": "dc=x", "password": "p"}})",
       "ldap.password: secrets are never inline; name an environment variable (passwordEnv) or a file (passwordFile)"},
      {R"({"ldap": {"url": "ldap://127.0.0.1", "baseDN": "dc=x"}})",
       R"(ldap.url: host "127.0.0.1" is not in allow.hosts (the list is empty: every host is denied))"},
      {R"J({"allow": {"hosts": ["127.0.0.1"]}, "ldap": {"url": "ldap://127.0.0.1", "baseDN": "dc=x", "userFilter": "(uid=x)"}})J",
       "ldap.userFilter: must contain {asset}"},
      {R"({"allow": {"hosts": ["127.0.0.1"]}, "ldap": {"url": "ldap://127.0.0.1", "baseDN": "dc=x", "bindDN": "cn=a"}})",
       "ldap.bindDN: needs passwordEnv or passwordFile"},
      {R"({"endpoint": {"url": "http://u:p@127.0.0.1"}})",
       "endpoint.url: credentials in the URL are not allowed (secrets are never inline)"},
      {R"({"allow": {"hosts": ["127.0.0.1"]}, "endpoint": {"url": "http://127.0.0.1", "tokenEnv": "RIPOSTE_UNSET_VAR_X"}})",
       "endpoint.tokenEnv: environment variable RIPOSTE_UNSET_VAR_X is not set"},
      {R"({"allow": {"hosts": ["127.0.0.1"]}, "tip": {"url": "http://127.0.0.1", "keyEnv": "RIPOSTE_CONFIG_TEST_SECRET", "keyFile": "/x"}})",
       "tip.keyFile: give keyEnv or keyFile, not both"},
      {R"({"allow": {"hosts": ["127.0.0.1"]}, "index": {"url": "http://127.0.0.1", "usernameEnv": "RIPOSTE_CONFIG_TEST_SECRET"}})",
       "index.passwordEnv: basic authentication needs both username and password"},
      {R"({"databases": {"a": {"url": "mysql://127.0.0.1/x", "tables": ["t"]}}})",
       R"(databases.a.url: expected sqlite:///PATH or "mysql://127.0.0.1/x": the scheme must be one of postgresql://, postgres://)"},
      {R"({"databases": {"a": {"url": "sqlite:///tmp/a.db", "tables": []}}})",
       "databases.a.tables: missing: the tables writeToDatabase may write"},
      {R"({"databases": {"a": {"url": "postgresql://r@10.0.0.9/soc", "tables": ["t"]}}})",
       R"(databases.a.url: host "10.0.0.9" is not in allow.hosts (the list is empty: every host is denied))"},
      {R"({"credentials": {"c": {"type": "bearer"}}})", "credentials.c.tokenEnv: missing (or tokenFile)"},
      {R"({"credentials": {"c": {"type": "basic", "passwordEnv": "RIPOSTE_CONFIG_TEST_SECRET"}}})",
       "credentials.c.username: missing"},
      {R"({"jobLog": 3})", "jobLog: expected a file path"},
      {R"({"jobLogRotate": {"maxBytes": 4096}})", "jobLogRotate: needs jobLog"},
      {R"({"jobLog": "/tmp/j.log", "jobLogRotate": {"keep": 0}})", "jobLogRotate.keep: expected an integer from 1 to 100"},
      {R"({"smtp": {"url": "smtp://127.0.0.1", "tsl": "none"}})", "smtp.tsl: unknown key"},
      {R"({"tenants": {"t7": {"tenants": {}}}})", "tenants.t7.tenants: unknown key"},
      {R"({"tenants": {"t7": {"smtp": {"url": "smtp://10.9.9.9"}}}})",
       R"(tenants.t7.smtp.url: host "10.9.9.9" is not in allow.hosts (the list is empty: every host is denied))"},
      {R"({"tenants": {"t7": 1}})", "tenants.t7: expected an object, not number"},
  };
  for (const ErrorCase& c : cases) {
    ActionConfigResult r = parse_action_config_json(c.config);
    EXPECT_FALSE(r.ok()) << c.config;
    EXPECT_EQ(r.error, c.error) << c.config;
    EXPECT_EQ(r.config, nullptr) << c.config;
  }
}

TEST(ActionConfig, ASyntaxErrorHasLineAndColumn) {
  ActionConfigResult r = parse_action_config_json("{\n  \"allow\": ,\n}");
  EXPECT_EQ(r.error.rfind("configuration:2:", 0), 0u) << r.error;
}

TEST(ActionConfig, TheNearestTenantOfTheChainWinsKeyByKey) {
  ActionConfigResult r = parse_action_config_json(R"({
    "allow": {"hosts": ["127.0.0.1", "10.0.0.1", "10.0.0.2"]},
    "endpoint": {"url": "http://127.0.0.1:1"},
    "tip": {"url": "http://127.0.0.1:2"},
    "tenants": {"parent": {"endpoint": {"url": "http://10.0.0.1:1"}, "tip": {"url": "http://10.0.0.1:2"}},
                "child": {"endpoint": {"url": "http://10.0.0.2:1"}}}
  })");
  ASSERT_TRUE(r.ok()) << r.error;
  const ActionConfig& c = *r.config;
  EXPECT_EQ(c.for_tenants({})->endpoint->url, "http://127.0.0.1:1");
  const std::string unrelated[] = {"root", "other"};
  EXPECT_EQ(c.for_tenants(unrelated)->endpoint->url, "http://127.0.0.1:1");
  const std::string parent[] = {"root", "parent"};
  EXPECT_EQ(c.for_tenants(parent)->endpoint->url, "http://10.0.0.1:1");
  const std::string child[] = {"root", "parent", "child"};
  auto effective = c.for_tenants(child);
  EXPECT_EQ(effective->endpoint->url, "http://10.0.0.2:1");  // its own
  EXPECT_EQ(effective->tip->url, "http://10.0.0.1:2");       // inherited from the parent
  EXPECT_EQ(c.for_tenants(child).get(), effective.get());    // cached
}

TEST(ActionConfig, MasksEverySecretInTextsAndValues) {
  SecretEnv env;
  ActionConfigResult r = parse_action_config_json(R"({
    "credentials": {"t": {"type": "bearer", "tokenEnv": "RIPOSTE_CONFIG_TEST_SECRET"}}})");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.config->mask("token S3cret-value-42 and S3cret-value-42!"), "token ******** and ********!");
  Value v;
  JsonError err;
  ASSERT_TRUE(parse_json(R"({"a": ["x S3cret-value-42"], "S3cret-value-42": 1, "n": 2})", v, err));
  EXPECT_EQ(to_json(r.config->mask(v)), R"({"********":1,"a":["x ********"],"n":2})");
  ActionConfigResult none = parse_action_config_json("{}");
  EXPECT_FALSE(none.config->has_secrets());
  EXPECT_EQ(none.config->mask("S3cret-value-42"), "S3cret-value-42");
}

}  // namespace
}  // namespace riposte::actions::config
