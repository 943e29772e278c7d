// The message builder of actions/mail/: the exact RFC 5322 text, RFC 2047
// encoded words, quoted-printable bodies, multipart/alternative, and the
// refusals (header injection, reserved headers, bad addresses).  No network.
#include <gtest/gtest.h>

#include <chrono>

#include "actions/mail/smtp.h"

namespace riposte::actions::mail {
namespace {

BuildOptions fixed() {
  using namespace std::chrono;
  BuildOptions o;
  o.date = sys_days{year{2026} / 11 / 3} + hours(14) + minutes(5) + seconds(9);
  o.message_id = "<id1@soc.example>";
  o.boundary = "=_b";
  return o;
}

// The lines of a CRLF text; fails on a bare CR or LF.
std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] == '\r') {
      EXPECT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at " << i;
      lines.push_back(text.substr(start, i - start));
      start = i + 2;
      i++;
    } else {
      EXPECT_NE(text[i], '\n') << "bare LF at " << i;
    }
  }
  EXPECT_EQ(start, text.size()) << "the text does not end with CRLF";
  return lines;
}

TEST(MailMessage, PlainMessageExactly) {
  Message m{.from = "",
            .to = {"alice@corp.example", "bob@corp.example"},
            .subject = "Approve playbook run 42?",
            .text = "Hello,\nplease approve.\n",
            .headers = {{"X-Riposte-Instance", "42"}}};
  BuiltMessage b = build_message(m, "riposte@soc.example", fixed());
  ASSERT_TRUE(b.ok()) << b.error;
  EXPECT_EQ(b.text,
            "Date: Tue, 03 Nov 2026 14:05:09 +0000\r\n"
            "From: riposte@soc.example\r\n"
            "To: alice@corp.example, bob@corp.example\r\n"
            "Subject: Approve playbook run 42?\r\n"
            "Message-ID: <id1@soc.example>\r\n"
            "MIME-Version: 1.0\r\n"
            "X-Riposte-Instance: 42\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 7bit\r\n"
            "\r\n"
            "Hello,\r\n"
            "please approve.\r\n");
  EXPECT_EQ(b.envelope_from, "riposte@soc.example");
  EXPECT_EQ(b.recipients, m.to);
  EXPECT_EQ(b.message_id, "<id1@soc.example>");
}

TEST(MailMessage, GeneratedDateAndMessageId) {
  BuiltMessage a = build_message({.to = {"a@x.example"}, .subject = "s"}, "me@soc.example");
  BuiltMessage b = build_message({.to = {"a@x.example"}, .subject = "s"}, "me@soc.example");
  ASSERT_TRUE(a.ok() && b.ok()) << a.error << b.error;
  EXPECT_NE(a.message_id, b.message_id);
  EXPECT_EQ(a.message_id.size(), std::string("<@soc.example>").size() + 32) << a.message_id;
  EXPECT_EQ(a.message_id.substr(a.message_id.size() - 13), "@soc.example>");
  EXPECT_NE(a.text.find("\r\nMessage-ID: " + a.message_id + "\r\n"), std::string::npos);
  EXPECT_EQ(a.text.rfind("Date: ", 0), 0u);
  EXPECT_NE(a.text.find(" +0000\r\n"), std::string::npos);
}

TEST(MailMessage, MessageFromOverridesTheDefault) {
  BuiltMessage b = build_message({.from = "soc@corp.example", .to = {"a@x.example"}}, "riposte@soc.example");
  ASSERT_TRUE(b.ok()) << b.error;
  EXPECT_EQ(b.envelope_from, "soc@corp.example");
  EXPECT_NE(b.text.find("\r\nFrom: soc@corp.example\r\n"), std::string::npos);
}

TEST(MailMessage, NonAsciiSubjectIsEncodedWords) {
  // 26 Cyrillic letters (2 bytes each) and an emoji (4 bytes): more than
  // one encoded word, none splitting a character.
  const std::string subject = "Тревога: инцидент на узле a51 — требуется подтверждение 🔒";
  const std::string line = encode_header("Subject", subject);
  EXPECT_EQ(line.rfind("Subject: =?UTF-8?B?", 0), 0u) << line;
  size_t words = 0;
  std::string decoded;
  size_t pos = 0;
  while ((pos = line.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const size_t end = line.find("?=", pos + 10);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end + 2 - pos, 75u) << "an encoded word longer than 75 characters";
    words++;
    pos = end + 2;
    if (pos < line.size()) {
      EXPECT_EQ(line.substr(pos, 3), "\r\n ") << "encoded words are folded with CRLF SP";
    }
  }
  EXPECT_GE(words, 2u);
  // Every line within 78 characters but the first (whose "Subject: " prefix
  // may push it to 84).
  for (const std::string& l : crlf_lines(line + "\r\n")) EXPECT_LE(l.size(), 84u) << l;
  // Whole characters per word: decoding each word alone gives valid UTF-8
  // (checked end to end against a real parser in MailSend).
}

TEST(MailMessage, PlainSubjectsStayReadable) {
  EXPECT_EQ(encode_header("Subject", "Hello"), "Subject: Hello");
  EXPECT_EQ(encode_header("Subject", ""), "Subject: ");
  // "=?" would read as an encoded word: encoded instead.
  EXPECT_EQ(encode_header("Subject", "a =?x?= b").rfind("Subject: =?UTF-8?B?", 0), 0u);
  // A long ASCII subject is folded at its spaces, nothing lost.
  std::string words;
  for (int i = 0; i < 30; i++) words += (i ? " word" : "word") + std::to_string(i);
  const std::string folded = encode_header("Subject", words);
  std::string unfolded;
  for (const std::string& l : crlf_lines(folded + "\r\n")) {
    EXPECT_LE(l.size(), 78u) << l;
    unfolded += l;
  }
  EXPECT_EQ(unfolded, "Subject: " + words);
}

TEST(MailMessage, NonAsciiBodyIsQuotedPrintable) {
  std::string long_line(200, 'x');
  BuiltMessage b =
      build_message({.to = {"a@x.example"}, .subject = "s", .text = "Привет = hi \n" + long_line},
                    "me@soc.example", fixed());
  ASSERT_TRUE(b.ok()) << b.error;
  const size_t body = b.text.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  EXPECT_NE(b.text.find("Content-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
  const std::string encoded = b.text.substr(body + 4);
  EXPECT_EQ(encoded.rfind("=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82 =3D hi=20\r\n", 0), 0u) << encoded;
  for (const std::string& l : crlf_lines(encoded)) EXPECT_LE(l.size(), 76u) << l;
}

TEST(MailMessage, HtmlMakesMultipartAlternative) {
  BuiltMessage b = build_message(
      {.to = {"a@x.example"}, .subject = "s", .text = "plain", .html = std::string("<p>rich</p>")},
      "me@soc.example", fixed());
  ASSERT_TRUE(b.ok()) << b.error;
  const std::string expected_tail =
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/alternative; boundary=\"=_b\"\r\n"
      "\r\n"
      "--=_b\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 7bit\r\n"
      "\r\n"
      "plain\r\n"
      "--=_b\r\n"
      "Content-Type: text/html; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 7bit\r\n"
      "\r\n"
      "<p>rich</p>\r\n"
      "--=_b--\r\n";
  ASSERT_GE(b.text.size(), expected_tail.size());
  EXPECT_EQ(b.text.substr(b.text.size() - expected_tail.size()), expected_tail);
}

struct RefusalCase {
  const char* name;
  Message message;
  std::string error;
};

TEST(MailMessage, RefusedBeforeAnythingIsBuilt) {
  const std::string injection = "contains a line break (CR or LF); refused (header injection)";
  const RefusalCase cases[] = {
      {"CRLF in the subject",
       {.to = {"a@x.example"}, .subject = "Hi\r\nBcc: victim@evil.example"},
       "subject: " + injection},
      {"LF alone in the subject", {.to = {"a@x.example"}, .subject = "Hi\nX: y"}, "subject: " + injection},
      {"CR alone in the subject", {.to = {"a@x.example"}, .subject = "Hi\rX: y"}, "subject: " + injection},
      {"CRLF in a recipient",
       {.to = {"a@x.example", "b@x.example\r\nBcc: victim@evil.example"}},
       "to[1] \"b@x.example\\r\\nBcc: victim@evil.example\": " + injection},
      {"CRLF in the sender",
       {.from = "me@soc.example\nBcc: v@evil.example", .to = {"a@x.example"}},
       "from \"me@soc.example\\nBcc: v@evil.example\": " + injection},
      {"CRLF in a header value",
       {.to = {"a@x.example"}, .headers = {{"X-Tag", "a\r\nBcc: v@evil.example"}}},
       "headers[0] \"X-Tag\": " + injection},
      {"CRLF in a header name",
       {.to = {"a@x.example"}, .headers = {{"X-Tag\r\nBcc", "v@evil.example"}}},
       "headers[0] \"X-Tag\\r\\nBcc\": the name contains a line break (CR or LF); refused (header "
       "injection)"},
      {"reserved header",
       {.to = {"a@x.example"}, .headers = {{"bcc", "v@evil.example"}}},
       "headers[0] \"bcc\": a reserved header; it cannot be set"},
      {"reserved header Content-Type",
       {.to = {"a@x.example"}, .headers = {{"X-Ok", "1"}, {"CONTENT-TYPE", "text/html"}}},
       "headers[1] \"CONTENT-TYPE\": a reserved header; it cannot be set"},
      {"header name with a colon",
       {.to = {"a@x.example"}, .headers = {{"X:Y", "1"}}},
       "headers[0] \"X:Y\": not a header name (printable ASCII without ':' or spaces)"},
      {"no recipient", {.to = {}}, "to: no recipient"},
      {"display name",
       {.to = {"Alice <alice@x.example>"}},
       "to[0] \"Alice <alice@x.example>\": not a plain address local@domain (white space, control or "
       "non-ASCII "
       "characters)"},
      {"two addresses in one",
       {.to = {"a@x.example,b@x.example"}},
       "to[0] \"a@x.example,b@x.example\": not a plain address local@domain (no display name, brackets, "
       "quotes or "
       "lists)"},
      {"no @", {.to = {"alice"}}, "to[0] \"alice\": not a plain address local@domain"},
      {"empty address", {.to = {""}}, "to[0] \"\": empty address"},
      {"subject not UTF-8", {.to = {"a@x.example"}, .subject = "\xff\xfe"}, "subject: not valid UTF-8"},
      {"body not UTF-8", {.to = {"a@x.example"}, .text = "ok \xc3"}, "text: not valid UTF-8"},
      {"control character in the subject",
       {.to = {"a@x.example"}, .subject = std::string("a\0b", 3)},
       "subject: contains a control character"},
  };
  for (const RefusalCase& c : cases) {
    BuiltMessage b = build_message(c.message, "me@soc.example");
    EXPECT_EQ(b.error, c.error) << c.name;
    EXPECT_EQ(b.text, "") << c.name;
  }
  EXPECT_EQ(build_message({.to = {"a@x.example"}}, "").error,
            "from: no sender (neither the message nor smtp.from names one)");
}

TEST(MailMessage, ReservedHeadersIncludeTheSeedsList) {
  const auto& r = reserved_headers();
  for (std::string_view name :
       {"Return-Path", "Received",       "Resent-Message-Id", "Date",
        "From",        "Sender",         "Reply-To",          "To",
        "Message-Id",  "In-Reply-To",    "References",        "Subject",
        "Errors-To",   "MIME-Version",   "Content-Type",      "Content-Transfer-Encoding",
        "Content-MD5", "Content-Length", "Received-SPF",      "Cc",
        "Bcc"}) {
    EXPECT_NE(std::find(r.begin(), r.end(), name), r.end()) << name;
  }
}

}  // namespace
}  // namespace riposte::actions::mail
