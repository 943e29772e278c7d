// The "smtp" and "allow" keys of the --config file (actions/mail/smtp.h):
// what is read, and every error naming its JSON path.
#include <gtest/gtest.h>

#include <cstdlib>

#include "actions/mail/smtp.h"
#include "tests/unit/actions/mail_test_util.h"

namespace riposte::actions::mail {
namespace {
using namespace testing;

constexpr const char* kPasswordVar = "RIPOSTE_MAIL_TEST_PASSWORD";
constexpr const char* kUnsetVar = "RIPOSTE_MAIL_TEST_UNSET_VARIABLE";

TEST(MailConfig, ReadsTheSpecShape) {
  setenv(kPasswordVar, "s3cret", 1);
  SmtpConfigResult r = parse_smtp_config_json(R"({
    "allow": {"hosts": ["127.0.0.1", "LDAP.corp.example"]},
    "smtp": {"url": "smtp://127.0.0.1:2525", "from": "riposte@soc.example", "username": "riposte",
             "passwordEnv": "RIPOSTE_MAIL_TEST_PASSWORD", "tls": "starttls"},
    "ldap": {"url": "ldap://127.0.0.1:3890", "whatever": "other bindings' keys are not read here"}
  })");
  unsetenv(kPasswordVar);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.config.url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(r.config.host, "127.0.0.1");
  EXPECT_EQ(r.config.from, "riposte@soc.example");
  EXPECT_EQ(r.config.username, "riposte");
  EXPECT_EQ(r.config.password, "s3cret");
  EXPECT_EQ(r.config.tls, TlsMode::StartTls);
  EXPECT_EQ(r.config.ca_file, "");
  EXPECT_EQ(r.config.allowed_hosts, (std::vector<std::string>{"127.0.0.1", "ldap.corp.example"}));
}

TEST(MailConfig, TlsFollowsTheSchemeByDefault) {
  SmtpConfigResult plain = parse_smtp_config_json(
      R"({"allow": {"hosts": ["mail.example"]}, "smtp": {"url": "smtp://Mail.Example:25"}})");
  ASSERT_TRUE(plain.ok()) << plain.error;
  EXPECT_EQ(plain.config.tls, TlsMode::None);
  EXPECT_EQ(plain.config.host, "mail.example");
  SmtpConfigResult tls =
      parse_smtp_config_json(R"({"allow": {"hosts": ["::1"]}, "smtp": {"url": "smtps://[::1]:465"}})");
  ASSERT_TRUE(tls.ok()) << tls.error;
  EXPECT_EQ(tls.config.tls, TlsMode::Tls);
  EXPECT_EQ(tls.config.host, "::1");
}

TEST(MailConfig, PasswordFileIsReadWithoutItsLineEnd) {
  TempDir dir;
  write_file(dir.path() / "secret", "file-s3cret\n");
  SmtpConfigResult r = parse_smtp_config_json(
      R"({"allow": {"hosts": ["127.0.0.1"]}, "smtp": {"url": "smtp://127.0.0.1:2525", "username": "u",
          "passwordFile": ")" +
      (dir.path() / "secret").string() + R"("}})");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.config.password, "file-s3cret");
}

struct ConfigCase {
  const char* name;
  std::string smtp;   // the "smtp" member's JSON ("" = absent)
  std::string allow;  // the "allow" member's JSON ("" = absent)
  std::string error;  // the whole error message
};

TEST(MailConfig, ErrorsNameTheJsonPath) {
  const std::string url = R"("url": "smtp://127.0.0.1:2525")";
  const std::string allow = R"({"hosts": ["127.0.0.1"]})";
  const ConfigCase cases[] = {
      {"unknown key", "{" + url + R"(, "tsl": "none"})", allow, "smtp.tsl: unknown key"},
      {"missing url", R"({"from": "a@b.example"})", allow, "smtp.url: missing"},
      {"no smtp", "", allow, "smtp: missing"},
      {"smtp not an object", R"("smtp://127.0.0.1")", allow, "smtp: expected an object, not string"},
      {"url of the wrong type", R"({"url": 25})", allow, "smtp.url: expected a string, not number"},
      {"passwordEnv names an unset variable",
       "{" + url + R"(, "username": "u", "passwordEnv": ")" + std::string(kUnsetVar) + R"("})", allow,
       "smtp.passwordEnv: environment variable RIPOSTE_MAIL_TEST_UNSET_VARIABLE is not set"},
      {"inline password", "{" + url + R"(, "username": "u", "password": "hunter2"})", allow,
       "smtp.password: secrets are never inline; name an environment variable (passwordEnv) or a file "
       "(passwordFile)"},
      {"both password sources", "{" + url + R"(, "username": "u", "passwordEnv": "X", "passwordFile": "/x"})",
       allow, "smtp.passwordFile: give passwordEnv or passwordFile, not both"},
      {"unreadable password file",
       "{" + url + R"(, "username": "u", "passwordFile": "/nonexistent/riposte-secret"})", allow,
       "smtp.passwordFile: cannot read \"/nonexistent/riposte-secret\": No such file or directory"},
      {"username without a password", "{" + url + R"(, "username": "u"})", allow,
       "smtp.username: needs passwordEnv or passwordFile"},
      {"bad tls", "{" + url + R"(, "tls": "ssl"})", allow,
       "smtp.tls: expected \"none\", \"starttls\" or \"tls\", not \"ssl\""},
      {"implicit tls on smtp://", "{" + url + R"(, "tls": "tls"})", allow,
       "smtp.tls: \"tls\" (implicit TLS) needs an smtps:// url"},
      {"starttls on smtps://", R"({"url": "smtps://127.0.0.1:465", "tls": "starttls"})", allow,
       "smtp.tls: \"starttls\" does not fit an smtps:// url (implicit TLS): use \"tls\""},
      {"not an SMTP URL", R"({"url": "http://127.0.0.1:2525"})", allow,
       "smtp.url: \"http://127.0.0.1:2525\": the scheme must be smtp:// or smtps://, not \"http\""},
      {"credentials in the URL", R"({"url": "smtp://u:hunter2@127.0.0.1:2525"})", allow,
       "smtp.url: credentials in the URL are not allowed (secrets are never inline: use username with "
       "passwordEnv or passwordFile)"},
      {"from with a line break", "{" + url + R"(, "from": "a@b.example\r\nBcc: x@evil.example"})", allow,
       "smtp.from: \"a@b.example\\r\\nBcc: x@evil.example\": contains a line break (CR or LF); refused "
       "(header "
       "injection)"},
      {"host not in allow.hosts", R"({"url": "smtp://mail.example:25"})", allow,
       "smtp.url: host \"mail.example\" is not in allow.hosts"},
      {"no allow-list denies all", "{" + url + "}", "",
       "smtp.url: host \"127.0.0.1\" is not in allow.hosts (the list is empty: every host is denied)"},
      {"allow unknown key", "{" + url + "}", R"({"hosts": ["127.0.0.1"], "ports": [25]})",
       "allow.ports: unknown key"},
      {"allow.hosts not an array", "{" + url + "}", R"({"hosts": "127.0.0.1"})",
       "allow.hosts: expected an array, not string"},
      {"allow.hosts element", "{" + url + "}", R"({"hosts": ["127.0.0.1", 7]})",
       "allow.hosts[1]: expected a string, not number"},
  };
  for (const ConfigCase& c : cases) {
    std::string json = "{";
    if (!c.allow.empty()) json += R"("allow": )" + c.allow;
    if (!c.smtp.empty()) json += std::string(c.allow.empty() ? "" : ", ") + R"("smtp": )" + c.smtp;
    json += "}";
    SmtpConfigResult r = parse_smtp_config_json(json);
    EXPECT_EQ(r.error, c.error) << c.name << ": " << json;
    EXPECT_EQ(r.config.password, "") << c.name;
  }
}

TEST(MailConfig, EmptyPasswordVariableIsAnError) {
  setenv(kPasswordVar, "", 1);
  SmtpConfigResult r = parse_smtp_config_json(R"({"allow": {"hosts": ["127.0.0.1"]},
      "smtp": {"url": "smtp://127.0.0.1:2525", "username": "u", "passwordEnv": "RIPOSTE_MAIL_TEST_PASSWORD"}})");
  unsetenv(kPasswordVar);
  EXPECT_EQ(r.error, "smtp.passwordEnv: environment variable RIPOSTE_MAIL_TEST_PASSWORD is empty");
}

TEST(MailConfig, NotJsonOrNotAnObject) {
  EXPECT_EQ(parse_smtp_config_json("[1]").error, "the configuration must be a JSON object, not array");
  EXPECT_NE(parse_smtp_config_json("{").error, "");
}

TEST(MailConfig, HostAllowList) {
  const std::vector<std::string> allowed = {"127.0.0.1", "Mail.Example", "[::1]"};
  EXPECT_EQ(check_host_allowed("127.0.0.1", allowed), "");
  EXPECT_EQ(check_host_allowed("mail.example", allowed), "");
  EXPECT_EQ(check_host_allowed("MAIL.EXAMPLE", allowed), "");
  EXPECT_EQ(check_host_allowed("::1", allowed), "");
  EXPECT_EQ(check_host_allowed("[::1]", allowed), "");
  EXPECT_EQ(check_host_allowed("127.0.0.2", allowed), "host \"127.0.0.2\" is not in allow.hosts");
  EXPECT_EQ(check_host_allowed("mail.example.evil", allowed),
            "host \"mail.example.evil\" is not in allow.hosts");
  EXPECT_EQ(check_host_allowed("localhost", {}),
            "host \"localhost\" is not in allow.hosts (the list is empty: every host is denied)");
}

}  // namespace
}  // namespace riposte::actions::mail
