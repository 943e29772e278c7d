// send_mail against a real SMTP server: Debian's aiosmtpd started by the
// test on 127.0.0.1 (tests/unit/actions/smtp_sink.py), which saves what it
// receives and parses it with Python's email package, so what is checked is
// what a real mail parser reads.  Also: refusals before any connection (a
// listener that counts connections shows none was made), a closed port, a
// server that never answers, AUTH, STARTTLS and implicit TLS.  A sink that
// cannot start fails the test with the reason.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "actions/mail/smtp.h"
#include "tests/unit/actions/mail_test_util.h"

namespace riposte::actions::mail {
namespace {
using namespace testing;
using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyClock = std::chrono::steady_clock;

constexpr milliseconds kTimeout = seconds(15);

SmtpConfig config_for(int port, std::string scheme = "smtp") {
  SmtpConfig c;
  c.url = scheme + "://127.0.0.1:" + std::to_string(port);
  c.host = "127.0.0.1";
  c.from = "riposte@soc.example";
  c.allowed_hosts = {"127.0.0.1"};
  c.tls = scheme == "smtps" ? TlsMode::Tls : TlsMode::None;
  return c;
}

// The config as the --config file gives it.
SmtpConfig parsed(const std::string& smtp_json) {
  SmtpConfigResult r =
      parse_smtp_config_json(R"({"allow": {"hosts": ["127.0.0.1"]}, "smtp": )" + smtp_json + "}");
  EXPECT_TRUE(r.ok()) << r.error;
  return r.config;
}

TEST(MailSend, PlainMessageArrives) {
  SmtpSink sink;
  ASSERT_EQ(sink.start(), "");
  const Message m{.to = {"alice@corp.example", "bob@corp.example"},
                  .subject = "Approve playbook run 42?",
                  .text = "Hello,\nplease approve run 42.\n",
                  .headers = {{"X-Riposte-Instance", "42"}}};
  SendResult r = send_mail(parsed(R"({"url": "smtp://127.0.0.1:)" + std::to_string(sink.port()) +
                                  R"(", "from": "riposte@soc.example", "tls": "none"})"),
                           m, kTimeout);
  ASSERT_TRUE(r.ok) << r.error << "\nsink: " << sink.log();
  EXPECT_EQ(r.failure, SendFailure::None);
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "from"), "riposte@soc.example");
  EXPECT_EQ(sink.part(1, "to"), "alice@corp.example\nbob@corp.example\n");
  EXPECT_EQ(sink.part(1, "subject"), "Approve playbook run 42?");
  EXPECT_EQ(sink.part(1, "text"), "Hello,\nplease approve run 42.\n");
  EXPECT_FALSE(fs::exists(sink.message(1) / "html"));
  const std::string eml = sink.part(1, "eml");
  EXPECT_NE(eml.find("From: riposte@soc.example\r\n"), std::string::npos) << eml;
  EXPECT_NE(eml.find("To: alice@corp.example, bob@corp.example\r\n"), std::string::npos) << eml;
  EXPECT_NE(eml.find("Message-ID: " + r.message_id + "\r\n"), std::string::npos) << eml;
  EXPECT_NE(eml.find("X-Riposte-Instance: 42\r\n"), std::string::npos) << eml;
  EXPECT_NE(eml.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos) << eml;
}

TEST(MailSend, NonAsciiSubjectAndBodyArriveDecoded) {
  SmtpSink sink;
  ASSERT_EQ(sink.start(), "");
  const std::string subject = "Тревога: инцидент на узле a51 — требуется подтверждение 🔒 (Größe)";
  const std::string text = "Инцидент INC-7: подтвердите, пожалуйста.\nÄÖÜ € ✓\n";
  SendResult r = send_mail(config_for(sink.port()),
                           {.to = {"a@corp.example"}, .subject = subject, .text = text}, kTimeout);
  ASSERT_TRUE(r.ok) << r.error << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "subject"), subject);
  EXPECT_EQ(sink.part(1, "text"), text);
  const std::string eml = sink.part(1, "eml");
  EXPECT_NE(eml.find("\r\nSubject: =?UTF-8?B?"), std::string::npos) << eml;
  EXPECT_NE(eml.find("Content-Transfer-Encoding: quoted-printable\r\n"), std::string::npos) << eml;
  for (unsigned char c : eml) EXPECT_LT(c, 0x80) << "8-bit data on the wire";
}

TEST(MailSend, HtmlAlternativeArrives) {
  SmtpSink sink;
  ASSERT_EQ(sink.start(), "");
  SendResult r = send_mail(
      config_for(sink.port()),
      {.to = {"a@corp.example"},
       .subject = "Alert",
       .text = "Alert 7 on a51.\n",
       .html = std::string("<html><body><p>Alert <b>7</b> on a51 – подтвердите.</p></body></html>\n")},
      kTimeout);
  ASSERT_TRUE(r.ok) << r.error << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "text"), "Alert 7 on a51.\n");
  EXPECT_EQ(sink.part(1, "html"), "<html><body><p>Alert <b>7</b> on a51 – подтвердите.</p></body></html>\n");
  EXPECT_NE(sink.part(1, "eml").find("Content-Type: multipart/alternative; boundary=\"=_riposte_"),
            std::string::npos);
  // An empty text part and an HTML part without a final line end.
  r = send_mail(config_for(sink.port()),
                {.to = {"a@corp.example"}, .subject = "Alert", .html = std::string("<p>only</p>")}, kTimeout);
  ASSERT_TRUE(r.ok) << r.error << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 2);
  EXPECT_EQ(sink.part(2, "text"), "");
  EXPECT_EQ(sink.part(2, "html"), "<p>only</p>");
}

TEST(MailSend, LinesOfDotsSurvive) {
  // SMTP ends the data with a line holding one dot; curl dot-stuffs.
  SmtpSink sink;
  ASSERT_EQ(sink.start(), "");
  const std::string text = "before\n.\n..\n.hidden\nafter\n";
  SendResult r = send_mail(config_for(sink.port()),
                           {.to = {"a@corp.example"}, .subject = "dots", .text = text}, kTimeout);
  ASSERT_TRUE(r.ok) << r.error << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "text"), text);
}

TEST(MailSend, SeveralMessagesInTurn) {
  SmtpSink sink;
  ASSERT_EQ(sink.start(), "");
  const SmtpConfig c = config_for(sink.port());
  for (int i = 1; i <= 3; i++) {
    SendResult r =
        send_mail(c, {.to = {"a@corp.example"}, .subject = "n" + std::to_string(i), .text = "x"}, kTimeout);
    ASSERT_TRUE(r.ok) << r.error;
  }
  ASSERT_EQ(sink.received(), 3);
  EXPECT_EQ(sink.part(3, "subject"), "n3");
}

TEST(MailSend, InjectionIsRefusedBeforeConnecting) {
  SilentListener peer;
  ASSERT_GT(peer.port(), 0);
  const SmtpConfig c = config_for(peer.port());
  SendResult subject =
      send_mail(c, {.to = {"a@corp.example"}, .subject = "Hi\r\nBcc: victim@evil.example"}, kTimeout);
  EXPECT_FALSE(subject.ok);
  EXPECT_EQ(subject.failure, SendFailure::Refused);
  EXPECT_EQ(subject.error, "subject: contains a line break (CR or LF); refused (header injection)");
  SendResult address = send_mail(c, {.to = {"a@corp.example\r\nRCPT TO:<victim@evil.example>"}}, kTimeout);
  EXPECT_FALSE(address.ok);
  EXPECT_EQ(address.failure, SendFailure::Refused);
  EXPECT_EQ(address.error,
            "to[0] \"a@corp.example\\r\\nRCPT TO:<victim@evil.example>\": contains a line break (CR or LF); "
            "refused "
            "(header injection)");
  SendResult header =
      send_mail(c, {.to = {"a@corp.example"}, .headers = {{"X-A", "1\nBcc: v@evil.example"}}}, kTimeout);
  EXPECT_EQ(header.failure, SendFailure::Refused);
  EXPECT_FALSE(peer.connected()) << "a refused message must not open a connection";
}

TEST(MailSend, HostNotInAllowListIsRefusedBeforeConnecting) {
  SilentListener peer;
  ASSERT_GT(peer.port(), 0);
  SmtpConfig c = config_for(peer.port());
  c.allowed_hosts = {"mail.corp.example"};
  SendResult r = send_mail(c, {.to = {"a@corp.example"}, .subject = "s"}, kTimeout);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure, SendFailure::Refused);
  EXPECT_EQ(r.error, "smtp: host \"127.0.0.1\" is not in allow.hosts");
  c.allowed_hosts.clear();
  r = send_mail(c, {.to = {"a@corp.example"}, .subject = "s"}, kTimeout);
  EXPECT_EQ(r.error,
            "smtp: host \"127.0.0.1\" is not in allow.hosts (the list is empty: every host is denied)");
  EXPECT_FALSE(peer.connected()) << "a host not allowed must not be connected to";
  // The configuration file's path says the same before any send.
  SmtpConfigResult parsed = parse_smtp_config_json(R"({"allow": {"hosts": ["mail.corp.example"]},
      "smtp": {"url": "smtp://127.0.0.1:)" + std::to_string(peer.port()) +
                                                   R"("}})");
  EXPECT_EQ(parsed.error, "smtp.url: host \"127.0.0.1\" is not in allow.hosts");
}

TEST(MailSend, ClosedPortIsAnErrorNotAHang) {
  const int port = free_port();
  ASSERT_GT(port, 0);
  const auto start = SteadyClock::now();
  SendResult r = send_mail(config_for(port), {.to = {"a@corp.example"}, .subject = "s"}, seconds(20));
  const auto took = SteadyClock::now() - start;
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure, SendFailure::Peer) << r.error;
  EXPECT_NE(r.error.find("Couldn't connect"), std::string::npos) << r.error;
  EXPECT_LT(took, seconds(10)) << "a refused connection must fail at once";
}

TEST(MailSend, ServerThatNeverAnswersTimesOut) {
  SilentListener peer;
  ASSERT_GT(peer.port(), 0);
  const auto start = SteadyClock::now();
  SendResult r =
      send_mail(config_for(peer.port()), {.to = {"a@corp.example"}, .subject = "s"}, milliseconds(700));
  const auto took = SteadyClock::now() - start;
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure, SendFailure::Timeout) << r.error;
  EXPECT_NE(r.error.find("Timeout"), std::string::npos) << r.error;
  EXPECT_GE(took, milliseconds(600));
  EXPECT_LT(took, seconds(10));
  EXPECT_TRUE(peer.connected()) << "the client did reach the silent server";
}

TEST(MailSend, DeadlineAlreadyPassed) {
  SilentListener peer;
  SendOptions o;
  o.deadline = SteadyClock::now() - milliseconds(1);
  SendResult r = send_mail(config_for(peer.port()), {.to = {"a@corp.example"}}, o);
  EXPECT_EQ(r.failure, SendFailure::Timeout);
  EXPECT_EQ(r.error, "smtp: deadline exceeded before connecting");
  EXPECT_FALSE(peer.connected());
}

TEST(MailSend, CancelStopsAWaitingSend) {
  SilentListener peer;
  SendOptions o;
  o.deadline = SteadyClock::now() + seconds(60);
  const auto start = SteadyClock::now();
  o.cancelled = [&] { return SteadyClock::now() - start > milliseconds(300); };
  SendResult r = send_mail(config_for(peer.port()), {.to = {"a@corp.example"}}, o);
  EXPECT_EQ(r.failure, SendFailure::Cancelled) << r.error;
  EXPECT_LT(SteadyClock::now() - start, seconds(10));
}

TEST(MailSend, AuthWithThePasswordFromTheEnvironment) {
  SmtpSink sink;
  ASSERT_EQ(sink.start({"--user", "riposte"}, {"SINK_PASSWORD=s3cret-pw"}), "");
  const std::string url = R"("url": "smtp://127.0.0.1:)" + std::to_string(sink.port()) + R"(")";
  setenv("RIPOSTE_MAIL_TEST_PASSWORD", "s3cret-pw", 1);
  const SmtpConfig good = parsed("{" + url + R"(, "from": "riposte@soc.example", "username": "riposte",
                                 "passwordEnv": "RIPOSTE_MAIL_TEST_PASSWORD"})");
  setenv("RIPOSTE_MAIL_TEST_PASSWORD", "wrong-pw", 1);
  const SmtpConfig bad = parsed("{" + url + R"(, "from": "riposte@soc.example", "username": "riposte",
                                "passwordEnv": "RIPOSTE_MAIL_TEST_PASSWORD"})");
  unsetenv("RIPOSTE_MAIL_TEST_PASSWORD");
  const SmtpConfig none = parsed("{" + url + R"(, "from": "riposte@soc.example"})");

  SendResult ok = send_mail(good, {.to = {"a@corp.example"}, .subject = "authenticated"}, kTimeout);
  ASSERT_TRUE(ok.ok) << ok.error << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "auth"), "riposte");

  SendResult wrong = send_mail(bad, {.to = {"a@corp.example"}, .subject = "wrong password"}, kTimeout);
  EXPECT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.failure, SendFailure::Peer);
  EXPECT_NE(wrong.error.find("535"), std::string::npos) << wrong.error;
  EXPECT_EQ(wrong.error.find("wrong-pw"), std::string::npos) << "the secret must not be in the error";

  SendResult anonymous = send_mail(none, {.to = {"a@corp.example"}, .subject = "no auth"}, kTimeout);
  EXPECT_FALSE(anonymous.ok);
  EXPECT_EQ(anonymous.failure, SendFailure::Peer);
  EXPECT_EQ(sink.received(), 1);
}

TEST(MailSend, StartTls) {
  TempDir certs;
  ASSERT_EQ(make_certificate(certs.path()), "");
  const std::string cert = (certs.path() / "cert.pem").string();
  const std::string key = (certs.path() / "key.pem").string();
  SmtpSink sink;
  ASSERT_EQ(sink.start({"--cert", cert, "--key", key, "--starttls"}), "");
  const std::string url = R"("url": "smtp://127.0.0.1:)" + std::to_string(sink.port()) + R"(")";

  SendResult ok =
      send_mail(parsed("{" + url + R"(, "from": "riposte@soc.example", "tls": "starttls", "caFile": ")" +
                       cert + R"("})"),
                {.to = {"a@corp.example"}, .subject = "over STARTTLS", .text = "secret\n"}, kTimeout);
  ASSERT_TRUE(ok.ok) << ok.error << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "subject"), "over STARTTLS");

  // The certificate is verified: unknown to the system's CAs, it is refused.
  SendResult unverified =
      send_mail(parsed("{" + url + R"(, "from": "riposte@soc.example", "tls": "starttls"})"),
                {.to = {"a@corp.example"}, .subject = "unverified"}, kTimeout);
  EXPECT_FALSE(unverified.ok);
  EXPECT_EQ(unverified.failure, SendFailure::Peer);
  EXPECT_NE(unverified.error.find("certificate"), std::string::npos) << unverified.error;

  // Plain SMTP to a server that requires STARTTLS: the server says no.
  SendResult plain = send_mail(parsed("{" + url + R"(, "from": "riposte@soc.example", "tls": "none"})"),
                               {.to = {"a@corp.example"}, .subject = "plain"}, kTimeout);
  EXPECT_FALSE(plain.ok);
  EXPECT_EQ(plain.failure, SendFailure::Peer);
  EXPECT_EQ(sink.received(), 1);
}

TEST(MailSend, StartTlsRequiredButNotOffered) {
  SmtpSink sink;  // plain: no STARTTLS in its EHLO answer
  ASSERT_EQ(sink.start(), "");
  SendResult r = send_mail(parsed(R"({"url": "smtp://127.0.0.1:)" + std::to_string(sink.port()) +
                                  R"(", "from": "riposte@soc.example", "tls": "starttls"})"),
                           {.to = {"a@corp.example"}, .subject = "must not go in clear"}, kTimeout);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failure, SendFailure::Peer);
  EXPECT_NE(r.error.find("SSL"), std::string::npos) << r.error;
  EXPECT_EQ(sink.received(), 0) << "nothing is sent in clear when STARTTLS was asked for";
}

TEST(MailSend, ImplicitTls) {
  TempDir certs;
  ASSERT_EQ(make_certificate(certs.path()), "");
  const std::string cert = (certs.path() / "cert.pem").string();
  SmtpSink sink;
  ASSERT_EQ(sink.start({"--cert", cert, "--key", (certs.path() / "key.pem").string(), "--implicit-tls"}), "");
  SendResult r = send_mail(parsed(R"({"url": "smtps://127.0.0.1:)" + std::to_string(sink.port()) +
                                  R"(", "from": "riposte@soc.example", "caFile": ")" + cert + R"("})"),
                           {.to = {"a@corp.example"}, .subject = "over TLS", .text = "x\n"}, kTimeout);
  ASSERT_TRUE(r.ok) << r.error << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "subject"), "over TLS");
}

}  // namespace
}  // namespace riposte::actions::mail
