// The sendEmail binding against a real SMTP server: Debian's aiosmtpd
// started on 127.0.0.1 (tests/unit/actions/smtp_sink.py, as in
// mail_send_test.cpp), so what is checked is what a mail parser read from
// what arrived.  One message per result and runOnce, the table and the CSV
// attachment, headers and Message-IDs, AUTH with the password masked,
// refusals that send NOTHING (the sink receives nothing, a listener sees no
// connection), a server failing part-way (the result says which were sent),
// a server that never answers (timeout at the deadline), cancellation, and
// no "smtp" in the configuration.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "actions/email/send_email.h"
#include "actions/registry.h"
#include "tests/unit/actions/actions_test_util.h"
#include "tests/unit/actions/mail_test_util.h"
#include "value/json.h"

namespace riposte::actions::email {
namespace {

using namespace mail;
using actions::testing::json;
using namespace mail::testing;
using namespace std::chrono;
using SteadyClock = std::chrono::steady_clock;

const system_clock::time_point kNow = sys_days{year{2026} / 12 / 4} + hours(23) + minutes(5) + seconds(9);

std::shared_ptr<const config::ActionConfig> config_json(const std::string& text) {
  config::ActionConfigResult r = config::parse_action_config_json(text);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.config;
}

std::shared_ptr<const config::ActionConfig> config_for(int port, const std::string& extra = "") {
  return config_json(R"({"allow": {"hosts": ["127.0.0.1"]}, "smtp": {"url": "smtp://127.0.0.1:)" +
                     std::to_string(port) + R"(", "from": "riposte@soc.example")" + extra + "}}");
}

// The binding with a fixed server time, as the registry makes it.
struct Sender {
  std::shared_ptr<const config::ActionConfig> config;
  std::unique_ptr<Binding> binding;
  explicit Sender(std::shared_ptr<const config::ActionConfig> c) : config(std::move(c)) {
    binding = make_send_email_binding(*find_action("sendEmail"), BindingContext{.config = config},
                                      {.now = [] { return kNow; }});
  }
  Outcome send(std::string_view params, std::string key = "0123456789abcdef0123456789abcdef",
               milliseconds timeout = seconds(20), CancelToken cancel = {}) {
    Call c;
    c.type = "sendEmail";
    c.params = json(params);
    c.idempotency_key = std::move(key);
    c.deadline = SteadyClock::now() + timeout;
    c.cancel = std::move(cancel);
    return start(*binding, c).wait();
  }
};

std::string compact(const Value& v) {
  std::string out;
  write_json(v, out, JsonWriteOptions{.indent = 0});
  return out;
}

// The value of header `name` in a saved message ("" when absent).
std::string header(const std::string& eml, const std::string& name) {
  const std::string text = "\r\n" + eml;
  const size_t at = text.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  const size_t start = at + name.size() + 4;
  return text.substr(start, text.find("\r\n", start) - start);
}

const std::string kThree = R"([{"host": "a51", "user": "alice", "count": 3},
                               {"host": "b7", "count": 12},
                               {"user": "carol", "extra": {"k": [1, 2]}}])";

TEST(SendEmailSend, OneMessagePerResult) {
  SmtpSink sink;
  ASSERT_EQ(sink.start(), "");
  Sender s(config_for(sink.port()));
  Outcome o = s.send(R"({"to": "soc@corp.example, lead@corp.example", "subject": "Alert", "body": "Look.",
                         "table": true, "results": )" + kThree + "}");
  ASSERT_EQ(o.status, Status::Success) << o.message << "\nsink: " << sink.log();
  EXPECT_EQ(compact(o.result),
            R"({"messageIds":["<riposte.0123456789abcdef0123456789abcdef.1@soc.example>",)"
            R"("<riposte.0123456789abcdef0123456789abcdef.2@soc.example>",)"
            R"("<riposte.0123456789abcdef0123456789abcdef.3@soc.example>"],)"
            R"("recipients":["soc@corp.example","lead@corp.example"],"sent":3})");
  ASSERT_EQ(sink.received(), 3);
  for (int n = 1; n <= 3; n++) {
    EXPECT_EQ(sink.part(n, "to"), "soc@corp.example\nlead@corp.example\n");
    EXPECT_EQ(sink.part(n, "from"), "riposte@soc.example");
    EXPECT_EQ(sink.part(n, "subject"), "Alert");
    const std::string eml = sink.part(n, "eml");
    EXPECT_EQ(header(eml, "Message-ID"), o.result.find("messageIds")->at(size_t(n - 1)).str());
    EXPECT_EQ(header(eml, "X-Riposte-Idempotency-Key"), "0123456789abcdef0123456789abcdef");
  }
  EXPECT_EQ(sink.part(2, "text"), "Look.\n\ncount  host\n-----  ----\n12     b7\n");
}

TEST(SendEmailSend, RunOnceWithEverything) {
  SmtpSink sink;
  ASSERT_EQ(sink.start(), "");
  Sender s(config_for(sink.port()));
  Outcome o = s.send(R"({"to": ["soc@corp.example"], "subject": "Три алерта", "html": true,
      "body": "<html><body><p>Three alerts on <b>a51</b>.</p></body></html>", "signature": "SOC team",
      "serverTime": true, "table": true, "attachCsv": true, "runOnce": true,
      "headers": {"X-Ticket": "INC-7", "X-Tags": ["phishing", "тег"]}, "results": )" + kThree + "}");
  ASSERT_EQ(o.status, Status::Success) << o.message << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "subject"), "Три алерта");
  EXPECT_EQ(sink.part(1, "text"),
            "Three alerts on a51.\n\n"
            "count  host  user   extra\n"
            "-----  ----  -----  -----------\n"
            "3      a51   alice\n"
            "12     b7\n"
            "             carol  {\"k\":[1,2]}\n\n"
            "Server time: 2026-12-04T23:05:09Z\n\n"
            "-- \n"
            "SOC team\n");
  const std::string html = sink.part(1, "html");
  EXPECT_NE(html.find("<tr><td>12</td><td>b7</td><td></td><td></td></tr>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>Server time: 2026-12-04T23:05:09Z</p>\n<p>-- <br>\nSOC team</p>\n</body></html>"),
            std::string::npos)
      << html;
  const std::string eml = sink.part(1, "eml");
  EXPECT_EQ(header(eml, "X-Ticket"), "INC-7");
  EXPECT_NE(eml.find("\r\nX-Tags: phishing\r\nX-Tags: =?UTF-8?B?"), std::string::npos) << eml;
  EXPECT_NE(eml.find("Content-Type: multipart/mixed; boundary="), std::string::npos) << eml;
  EXPECT_NE(eml.find("Content-Disposition: attachment; filename=\"results.csv\"\r\n"), std::string::npos) << eml;
  EXPECT_EQ(header(eml, "Date"), "Fri, 04 Dec 2026 23:05:09 +0000");
}

TEST(SendEmailSend, RefusalsSendNothing) {
  SmtpSink sink;
  ASSERT_EQ(sink.start(), "");
  SilentListener listener;
  ASSERT_GT(listener.port(), 0);
  const std::pair<std::string, std::string> cases[] = {
      {R"({"to": "a@corp.example", "subject": "s", "headers": {"Reply-To": "evil@x.example"}})",
       "sendEmail: params.headers.Reply-To: a reserved header; it cannot be set"},
      {R"({"to": "a@corp.example", "subject": "s", "headers": {"Bcc": "evil@x.example"}})",
       "sendEmail: params.headers.Bcc: a reserved header; it cannot be set"},
      {R"({"to": "a@corp.example", "subject": "s", "headers": {"X-Note": "hi\r\nBcc: evil@x.example"}})",
       "sendEmail: params.headers.X-Note: contains a line break (CR or LF); refused (header injection)"},
      {R"({"to": "a@corp.example\r\nBcc: evil@x.example", "subject": "s"})",
       "sendEmail: params.to: contains a line break (CR or LF); refused (header injection)"},
      {R"({"to": ["a@corp.example", "b@corp.example\nBcc: evil@x.example"], "subject": "s"})",
       "sendEmail: params.to[1] \"b@corp.example\\nBcc: evil@x.example\": contains a line break (CR or LF); "
       "refused (header injection)"},
  };
  for (int port : {sink.port(), listener.port()}) {
    Sender s(config_for(port));
    for (const auto& [params, expected] : cases) {
      // Results that would make several messages: not even the first is sent.
      Outcome o = s.send(params.substr(0, params.size() - 1) + R"(, "results": [{"a": 1}, {"a": 2}]})");
      EXPECT_EQ(o.status, Status::Error) << params;
      EXPECT_EQ(o.failure, Failure::BadCall) << params;
      EXPECT_EQ(o.message, expected);
    }
  }
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(sink.received(), 0) << "a refused call must send nothing";
  EXPECT_FALSE(listener.connected()) << "a refused call must not even connect";
}

TEST(SendEmailSend, AuthAndThePasswordNeverShows) {
  SmtpSink sink;
  ASSERT_EQ(sink.start({"--user", "riposte"}, {"SINK_PASSWORD=Pw-s3cret-0042"}), "");
  setenv("RIPOSTE_SEND_EMAIL_TEST_PW", "Pw-s3cret-0042", 1);
  auto config = config_for(sink.port(), R"(, "username": "riposte", "passwordEnv": "RIPOSTE_SEND_EMAIL_TEST_PW")");
  setenv("RIPOSTE_SEND_EMAIL_TEST_PW", "wrong-Pw-s3cret-0042", 1);
  auto wrong = config_for(sink.port(), R"(, "username": "riposte", "passwordEnv": "RIPOSTE_SEND_EMAIL_TEST_PW")");
  unsetenv("RIPOSTE_SEND_EMAIL_TEST_PW");

  MadeRegistry made = make_registry({.mode = Mode::Real, .config = config});
  ASSERT_EQ(made.error, "");
  Call c = actions::testing::make_call("sendEmail", R"({"to": "a@corp.example", "subject": "Pw-s3cret-0042",
                                                       "body": "the password is Pw-s3cret-0042"})");
  c.deadline = SteadyClock::now() + seconds(20);
  Outcome o = made.registry->call(c);
  ASSERT_EQ(o.status, Status::Success) << o.message << "\nsink: " << sink.log();
  ASSERT_EQ(sink.received(), 1);
  EXPECT_EQ(sink.part(1, "auth"), "riposte");
  EXPECT_EQ(compact(o.result).find("Pw-s3cret"), std::string::npos);

  made = make_registry({.mode = Mode::Real, .config = wrong});
  o = made.registry->call(c);
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("535"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("nothing sent"), std::string::npos) << o.message;
  EXPECT_EQ(o.message.find("Pw-s3cret"), std::string::npos) << o.message;
  EXPECT_EQ(compact(o.result).find("Pw-s3cret"), std::string::npos) << compact(o.result);
  EXPECT_EQ(sink.received(), 1);
}

TEST(SendEmailSend, PartialFailureSaysWhichWereSent) {
  SmtpSink sink;
  ASSERT_EQ(sink.start({"--reject-after", "2"}), "");
  Sender s(config_for(sink.port()));
  Outcome o = s.send(R"({"to": "a@corp.example", "subject": "s", "results": )" + kThree + "}", "k7");
  ASSERT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_NE(o.message.find("sendEmail: message 3 of 3: smtp: "), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("554; 2 of 3 sent before it, 1 not sent"), std::string::npos) << o.message;
  EXPECT_EQ(sink.received(), 2);
  const Value& r = o.result;
  EXPECT_EQ(r.find("sent")->as_int(), 2);
  EXPECT_EQ(r.find("unsent")->as_int(), 1);
  EXPECT_EQ(compact(*r.find("messageIds")),
            R"(["<riposte.k7.1@soc.example>","<riposte.k7.2@soc.example>"])");
  EXPECT_EQ(r.find("failed")->find("message")->as_int(), 3);
  EXPECT_EQ(r.find("failed")->find("messageId")->str(), "<riposte.k7.3@soc.example>");
}

TEST(SendEmailSend, ServerThatNeverAnswersTimesOutAtTheDeadline) {
  SilentListener listener;
  Sender s(config_for(listener.port()));
  const auto start = SteadyClock::now();
  Outcome o = s.send(R"({"to": "a@corp.example", "subject": "s"})", "k", milliseconds(1500));
  const auto took = SteadyClock::now() - start;
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Timeout) << o.message;
  EXPECT_GE(took, milliseconds(1400));
  EXPECT_LT(took, milliseconds(4500)) << "the deadline plus the grace at most";
  EXPECT_TRUE(listener.connected());
}

TEST(SendEmailSend, CancelStopsTheCall) {
  SilentListener listener;
  Sender s(config_for(listener.port()));
  CancelSource source;
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(300));
    source.cancel();
  });
  const auto start = SteadyClock::now();
  Outcome o = s.send(R"({"to": "a@corp.example", "subject": "s"})", "k", seconds(60), source.token());
  canceller.join();
  EXPECT_EQ(o.failure, Failure::Cancelled) << o.message;
  EXPECT_LT(SteadyClock::now() - start, seconds(10));
}

TEST(SendEmailSend, NoSmtpConnectionIsAClearError) {
  MadeRegistry made = make_registry({.mode = Mode::Real});
  ASSERT_EQ(made.error, "");
  Outcome o = made.registry->call(actions::testing::make_call("sendEmail", R"({"to": "a@x.example", "subject": "s"})"));
  EXPECT_EQ(o.status, Status::Error);
  EXPECT_EQ(o.failure, Failure::Action);
  EXPECT_FALSE(o.system());
  EXPECT_EQ(o.message, "sendEmail: no \"smtp\" connection in the --config file (docs/actions-email.md)");
  // Parameters are checked first.
  o = made.registry->call(actions::testing::make_call("sendEmail", R"({"to": "a@x.example"})"));
  EXPECT_EQ(o.failure, Failure::BadCall);
  EXPECT_EQ(o.message, "sendEmail: params.subject: required");
}

TEST(SendEmailSend, TenantOverrideChoosesTheServer) {
  SmtpSink top, tenant;
  ASSERT_EQ(top.start(), "");
  ASSERT_EQ(tenant.start(), "");
  auto config = config_json(R"({"allow": {"hosts": ["127.0.0.1"]},
      "smtp": {"url": "smtp://127.0.0.1:)" + std::to_string(top.port()) + R"(", "from": "riposte@soc.example"},
      "tenants": {"t7": {"smtp": {"url": "smtp://127.0.0.1:)" + std::to_string(tenant.port()) +
                            R"(", "from": "soc@t7.example"}}}})");
  Sender s(config);
  Call c = actions::testing::make_call("sendEmail", R"({"to": "a@corp.example", "subject": "s"})");
  c.context.tenants = {"root", "t7"};
  c.deadline = SteadyClock::now() + seconds(20);
  Outcome o = start(*s.binding, c).wait();
  ASSERT_EQ(o.status, Status::Success) << o.message;
  EXPECT_EQ(tenant.received(), 1);
  EXPECT_EQ(top.received(), 0);
  EXPECT_EQ(tenant.part(1, "from"), "soc@t7.example");
  EXPECT_EQ(compact(*o.result.find("messageIds")), R"(["<riposte.key.1@t7.example>"])");
}

}  // namespace
}  // namespace riposte::actions::email
