// sendEmail without a network (actions/email/send_email.h,
// results_table.h): the parameters and every refusal, how runOnce and
// merge combine, the text and HTML tables, the CSV attachment's exact
// bytes (RFC 4180 quoting, formula-injection guard), the server time from
// an injected clock, the signature, headers and Message-IDs.
#include <gtest/gtest.h>

#include <chrono>

#include "actions/mail/results_table.h"
#include "actions/email/send_email.h"
#include "tests/unit/actions/actions_test_util.h"

namespace riposte::actions::email {
namespace {

using namespace mail;
using actions::testing::json;
using namespace std::chrono;

const system_clock::time_point kNow = sys_days{year{2026} / 12 / 4} + hours(23) + minutes(5) + seconds(9);

EmailParams parsed(std::string_view params_json) {
  EmailParams p;
  const std::string e = parse_email_params(json(params_json), p);
  EXPECT_EQ(e, "") << params_json;
  return p;
}

std::string refusal(std::string_view params_json) {
  EmailParams p;
  return parse_email_params(json(params_json), p);
}

std::vector<PlannedEmail> plan(std::string_view params_json, std::string key = "k1") {
  return plan_emails(parsed(params_json), {.now = kNow, .idempotency_key = key, .from = "riposte@soc.example"});
}

const std::string kThree = R"([{"host": "a51", "user": "alice", "count": 3},
                               {"host": "b7", "count": 12},
                               {"user": "carol", "extra": {"k": [1, 2]}}])";

// ---- parameters

TEST(SendEmailParams, EveryParameter) {
  EmailParams p = parsed(R"({"to": ["soc@corp.example", "Bob@Corp.example", "bob@corp.example"],
      "subject": "Alert on a51", "body": "Look.", "html": false, "signature": "SOC team",
      "serverTime": true, "table": true, "attachCsv": true, "merge": false, "runOnce": true,
      "headers": {"X-Ticket": "INC-7", "X-Tags": ["a", "b"]}, "results": [{"a": 1}]})");
  EXPECT_EQ(p.to, (std::vector<std::string>{"soc@corp.example", "Bob@Corp.example"}));  // duplicates dropped
  EXPECT_EQ(p.subject, "Alert on a51");
  EXPECT_EQ(p.body, "Look.");
  EXPECT_EQ(p.signature, "SOC team");
  EXPECT_TRUE(p.server_time && p.table && p.attach_csv && p.run_once);
  EXPECT_FALSE(p.html || p.merge);
  ASSERT_EQ(p.headers.size(), 3u);  // names sorted, one header per value
  EXPECT_EQ(p.headers[0].name, "X-Tags");
  EXPECT_EQ(p.headers[0].value, "a");
  EXPECT_EQ(p.headers[1].value, "b");
  EXPECT_EQ(p.headers[2].name, "X-Ticket");
  EXPECT_EQ(p.results.size(), 1u);
}

TEST(SendEmailParams, ToAsAListInAString) {
  EXPECT_EQ(parsed(R"({"to": "a@x.example; b@y.example ,a@x.example,", "subject": "s"})").to,
            (std::vector<std::string>{"a@x.example", "b@y.example"}));
}

TEST(SendEmailParams, BodyAndSignatureOfOtherTypesAreTheirJson) {
  EmailParams p = parsed(R"({"to": "a@x.example", "subject": "s", "body": {"b": [1, "x"]}, "signature": null})");
  EXPECT_EQ(p.body, R"({"b":[1,"x"]})");
  EXPECT_EQ(p.signature, "");
}

TEST(SendEmailParams, Refusals) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      // Reserved headers, any case.
      {R"({"to": "a@x.example", "subject": "s", "headers": {"Reply-To": "evil@x.example"}})",
       "params.headers.Reply-To: a reserved header; it cannot be set"},
      {R"({"to": "a@x.example", "subject": "s", "headers": {"Bcc": "evil@x.example"}})",
       "params.headers.Bcc: a reserved header; it cannot be set"},
      {R"({"to": "a@x.example", "subject": "s", "headers": {"content-type": "text/html"}})",
       "params.headers.content-type: a reserved header; it cannot be set"},
      {R"({"to": "a@x.example", "subject": "s", "headers": {"X-Riposte-Idempotency-Key": "k"}})",
       "params.headers.X-Riposte-Idempotency-Key: set by riposte (the call's idempotency key); it cannot be set"},
      // Header injection through a value, an array item, a name, the subject, the recipients.
      {R"({"to": "a@x.example", "subject": "s", "headers": {"X-Note": "ok\r\nBcc: x@evil.example"}})",
       "params.headers.X-Note: contains a line break (CR or LF); refused (header injection)"},
      {R"({"to": "a@x.example", "subject": "s", "headers": {"X-Note": ["ok", "b\nBcc: x@evil.example"]}})",
       "params.headers.X-Note[1]: contains a line break (CR or LF); refused (header injection)"},
      {R"({"to": "a@x.example", "subject": "s", "headers": {"X-A\r\nBcc": "x"}})",
       "params.headers.\"X-A\\r\\nBcc\": the name contains a line break (CR or LF); refused (header injection)"},
      {R"({"to": "a@x.example", "subject": "s\r\nBcc: x@evil.example"})",
       "params.subject: contains a line break (CR or LF); refused (header injection)"},
      {R"({"to": "a@x.example\r\nBcc: x@evil.example", "subject": "s"})",
       "params.to: contains a line break (CR or LF); refused (header injection)"},
      {R"({"to": ["a@x.example", "b@x.example\nBcc: x@evil.example"], "subject": "s"})",
       "params.to[1] \"b@x.example\\nBcc: x@evil.example\": contains a line break (CR or LF); refused (header "
       "injection)"},
      // Other bad values.
      {R"({"to": "a@x.example", "subject": "s", "headers": {"X-Bell": "a\u0007b"}})",
       "params.headers.X-Bell: contains a control character"},
      {R"({"to": "a@x.example", "subject": "s", "headers": {"X A": "v"}})",
       "params.headers.\"X A\": not a header name (printable ASCII without ':' or spaces, at most 76)"},
      {R"({"to": "a@x.example", "subject": "s", "headers": {"X-N": 5}})",
       "params.headers.X-N: must be a string or an array of strings, got number"},
      {R"({"to": "a@x.example", "subject": "s", "headers": {"X-N": []}})",
       "params.headers.X-N: an empty array (give one value or more)"},
      {R"({"to": "a@x.example", "subject": "s", "headers": ["X-N"]})",
       "params.headers: must be an object (name -> string or array of strings), got array"},
      {R"({"subject": "s"})", "params.to: required"},
      {R"({"to": "", "subject": "s"})", "params.to: no recipient"},
      {R"({"to": 5, "subject": "s"})", "params.to: must be a string or an array of strings, got number"},
      {R"({"to": "Alice <a@x.example>", "subject": "s"})",
       "params.to \"Alice <a@x.example>\": not a plain address local@domain (white space, control or non-ASCII "
       "characters)"},
      {R"({"to": "a@x.example"})", "params.subject: required"},
      {R"({"to": "a@x.example", "subject": 7})", "params.subject: must be a string, got number"},
      {R"({"to": "a@x.example", "subject": "s", "html": "yes"})", "params.html: must be a boolean, got string"},
      {R"({"to": "a@x.example", "subject": "s", "runOnce": 1})", "params.runOnce: must be a boolean, got number"},
      {R"({"to": "a@x.example", "subject": "s", "attachCSV": true})",
       "params.attachCSV: unknown parameter (sendEmail takes to, subject, body, html, signature, serverTime, "
       "table, attachCsv, merge, runOnce, headers, results)"},
      {R"({"to": "a@x.example", "subject": "s", "results": {"a": 1}})",
       "params.results: must be an array of objects, got object"},
      {R"({"to": "a@x.example", "subject": "s", "results": [{"a": 1}, "x"]})",
       "params.results[1]: must be an object, got string"},
  };
  for (const auto& [params, expected] : cases) EXPECT_EQ(refusal(params), expected) << params;
}

TEST(SendEmailParams, AtMostAHundredMessagesACall) {
  std::string results = "[";
  for (int i = 0; i < 101; i++) results += std::string(i ? "," : "") + "{\"i\": " + std::to_string(i) + "}";
  results += "]";
  const std::string base = R"({"to": "a@x.example", "subject": "s", "results": )" + results;
  EXPECT_EQ(refusal(base + "}"),
            "params.results: 101 results would send 101 messages (one per result: runOnce and merge are false); "
            "at most 100 a call");
  EXPECT_EQ(refusal(base + R"(, "runOnce": true})"), "");
  EXPECT_EQ(refusal(base + R"(, "merge": true})"), "");
}

// ---- runOnce and merge

TEST(SendEmailPlan, RunOnceAndMergeCombinations) {
  struct Case {
    const char* flags;
    size_t messages;
    std::vector<std::vector<size_t>> results;
  };
  const Case cases[] = {
      {R"("runOnce": false, "merge": false)", 3, {{0}, {1}, {2}}},
      {R"("runOnce": false, "merge": true)", 1, {{0, 1, 2}}},
      {R"("runOnce": true, "merge": false)", 1, {{0, 1, 2}}},
      {R"("runOnce": true, "merge": true)", 1, {{0, 1, 2}}},
  };
  for (const Case& c : cases) {
    const auto msgs = plan(std::string(R"({"to": "a@x.example", "subject": "s", )") + c.flags +
                           R"(, "results": )" + kThree + "}");
    ASSERT_EQ(msgs.size(), c.messages) << c.flags;
    for (size_t i = 0; i < msgs.size(); i++) EXPECT_EQ(msgs[i].results, c.results[i]) << c.flags;
  }
  // No results: one message whatever the flags.
  for (const char* flags : {R"("runOnce": false)", R"("merge": true)", R"("runOnce": true)"}) {
    EXPECT_EQ(plan(std::string(R"({"to": "a@x.example", "subject": "s", "results": [], )") + flags + "}").size(),
              1u);
  }
  EXPECT_EQ(plan(R"({"to": "a@x.example", "subject": "s"})").size(), 1u);
}

TEST(SendEmailPlan, OneMessagePerResultHasThatResultOnly) {
  const auto msgs = plan(R"({"to": "a@x.example", "subject": "s", "table": true, "attachCsv": true, "results": )" +
                         kThree + "}");
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[1].message.text,
            "count  host\n"
            "-----  ----\n"
            "12     b7\n");
  ASSERT_EQ(msgs[1].message.attachments.size(), 1u);
  EXPECT_EQ(msgs[1].message.attachments[0].data, "count,host\r\n12,b7\r\n");
}

TEST(SendEmailPlan, MergeMakesOneSectionPerResult) {
  const auto msgs = plan(R"({"to": "a@x.example", "subject": "s", "body": "Three alerts.", "merge": true,
                             "table": true, "attachCsv": true, "results": )" +
                         kThree + "}");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].message.text,
            "Three alerts.\n"
            "\n"
            "Result 1 of 3:\n"
            "count  host  user\n"
            "-----  ----  -----\n"
            "3      a51   alice\n"
            "\n"
            "Result 2 of 3:\n"
            "count  host\n"
            "-----  ----\n"
            "12     b7\n"
            "\n"
            "Result 3 of 3:\n"
            "extra        user\n"
            "-----------  -----\n"
            "{\"k\":[1,2]}  carol\n");
  // One CSV of all the results, columns in first-seen order.
  ASSERT_EQ(msgs[0].message.attachments.size(), 1u);
  EXPECT_EQ(msgs[0].message.attachments[0].data,
            "count,host,user,extra\r\n"
            "3,a51,alice,\r\n"
            "12,b7,,\r\n"
            ",,carol,\"{\"\"k\"\":[1,2]}\"\r\n");
}

TEST(SendEmailPlan, RunOnceMakesOneTable) {
  const auto msgs = plan(R"({"to": "a@x.example", "subject": "s", "runOnce": true, "table": true,
                             "results": )" + kThree + "}");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].message.text,
            "count  host  user   extra\n"
            "-----  ----  -----  -----------\n"
            "3      a51   alice\n"
            "12     b7\n"
            "             carol  {\"k\":[1,2]}\n");
  EXPECT_TRUE(msgs[0].message.attachments.empty());  // attachCsv is false
}

// ---- composition

TEST(SendEmailPlan, TextMessageExactly) {
  const auto msgs = plan(R"({"to": ["soc@corp.example"], "subject": "Alert", "body": "Alert on a51.\n",
      "table": true, "serverTime": true, "signature": "SOC team\nCorp\n", "runOnce": true,
      "headers": {"X-Ticket": "INC-7"}, "results": [{"host": "a51"}]})");
  ASSERT_EQ(msgs.size(), 1u);
  const Message& m = msgs[0].message;
  EXPECT_EQ(m.to, std::vector<std::string>{"soc@corp.example"});
  EXPECT_EQ(m.subject, "Alert");
  EXPECT_EQ(m.text,
            "Alert on a51.\n"
            "\n"
            "host\n"
            "----\n"
            "a51\n"
            "\n"
            "Server time: 2026-12-04T23:05:09Z\n"
            "\n"
            "-- \n"
            "SOC team\n"
            "Corp\n");
  EXPECT_FALSE(m.html);
  ASSERT_EQ(m.headers.size(), 2u);
  EXPECT_EQ(m.headers[0].name, "X-Ticket");
  EXPECT_EQ(m.headers[1].name, "X-Riposte-Idempotency-Key");
  EXPECT_EQ(m.headers[1].value, "k1");
  EXPECT_EQ(msgs[0].message_id, "<riposte.k1.1@soc.example>");
}

TEST(SendEmailPlan, TableWithoutResultsSaysSo) {
  const auto msgs = plan(R"({"to": "a@x.example", "subject": "s", "table": true, "attachCsv": true})");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].message.text, "No results.\n");
  EXPECT_TRUE(msgs[0].message.attachments.empty());
}

TEST(SendEmailPlan, HtmlMessage) {
  const auto msgs = plan(R"({"to": "a@x.example", "subject": "s", "html": true,
      "body": "<html><head><style>p {}</style></head><body><p>Alert on <b>a51</b> &amp; b7</p></body></html>",
      "table": true, "serverTime": true, "signature": "SOC <team>\nCorp", "runOnce": true,
      "results": [{"host": "<a51>", "n": 1}]})");
  ASSERT_EQ(msgs.size(), 1u);
  const Message& m = msgs[0].message;
  ASSERT_TRUE(m.html);
  EXPECT_EQ(*m.html,
            "<html><head><style>p {}</style></head><body><p>Alert on <b>a51</b> &amp; b7</p>\n"
            "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\">\n"
            "<thead><tr><th>host</th><th>n</th></tr></thead>\n"
            "<tbody>\n"
            "<tr><td>&lt;a51&gt;</td><td>1</td></tr>\n"
            "</tbody>\n"
            "</table>\n"
            "<p>Server time: 2026-12-04T23:05:09Z</p>\n"
            "<p>-- <br>\n"
            "SOC &lt;team&gt;<br>\n"
            "Corp</p>\n"
            "</body></html>");
  // The text alternative: the body as text, then the same blocks as a text message.
  EXPECT_EQ(m.text,
            "Alert on a51 & b7\n"
            "\n"
            "host   n\n"
            "-----  -\n"
            "<a51>  1\n"
            "\n"
            "Server time: 2026-12-04T23:05:09Z\n"
            "\n"
            "-- \n"
            "SOC <team>\n"
            "Corp\n");
}

TEST(SendEmailPlan, HtmlFragmentGetsTheBlocksAppended) {
  const auto msgs =
      plan(R"({"to": "a@x.example", "subject": "s", "html": true, "body": "<p>Hi</p>", "serverTime": true})");
  EXPECT_EQ(*msgs[0].message.html, "<p>Hi</p>\n<p>Server time: 2026-12-04T23:05:09Z</p>\n");
  EXPECT_EQ(msgs[0].message.text, "Hi\n\nServer time: 2026-12-04T23:05:09Z\n");
}

TEST(SendEmailPlan, MessageIdsFollowTheIdempotencyKey) {
  const std::string params = R"({"to": "a@x.example", "subject": "s", "results": )" + kThree + "}";
  const auto a = plan(params, "0123456789abcdef0123456789abcdef");
  const auto b = plan(params, "0123456789abcdef0123456789abcdef");
  ASSERT_EQ(a.size(), 3u);
  for (size_t i = 0; i < 3; i++) EXPECT_EQ(a[i].message_id, b[i].message_id);  // a retry sends the same IDs
  EXPECT_EQ(a[0].message_id, "<riposte.0123456789abcdef0123456789abcdef.1@soc.example>");
  EXPECT_EQ(a[2].message_id, "<riposte.0123456789abcdef0123456789abcdef.3@soc.example>");
  // A key that is not plain is hashed; no key: generated IDs and no header.
  const std::string odd = message_id_for("a key <with> spaces\r\n", 1, "riposte@soc.example");
  EXPECT_EQ(odd.size(), std::string("<riposte.").size() + 32 + std::string(".1@soc.example>").size()) << odd;
  EXPECT_EQ(odd, message_id_for("a key <with> spaces\r\n", 1, "riposte@soc.example"));
  EXPECT_EQ(message_id_for("k", 2, ""), "<riposte.k.2@riposte.invalid>");
  const auto hashed = plan(params, "a key <with> spaces\r\n");
  const Header& h = hashed[0].message.headers.back();
  EXPECT_EQ(h.name, "X-Riposte-Idempotency-Key");
  EXPECT_EQ(h.value.size(), 32u) << h.value;
  EXPECT_EQ(hashed[0].message_id, "<riposte." + h.value + ".1@soc.example>");
  const auto none = plan(params, "");
  EXPECT_EQ(none[0].message_id, "");
  EXPECT_TRUE(none[0].message.headers.empty());
}

// ---- tables and CSV

TEST(SendEmailTable, TextTableAlignsByCharacters) {
  const Value rs = json(R"([{"name": "Ärger", "v": "line1\nline2\tx"}, {"name": "b", "v": null}])");
  EXPECT_EQ(text_table(rs.items()),
            "name   v\n"
            "-----  -------------\n"
            "Ärger  line1 line2 x\n"
            "b\n");
  const Value long_cell = json(R"([{"a": ")" + std::string(200, 'x') + R"("}])");
  const std::string t = text_table(long_cell.items());
  EXPECT_NE(t.find(std::string(kTextCellMax - 1, 'x') + "…\n"), std::string::npos) << t;
  EXPECT_EQ(text_table(json("[]").items()), "");
  EXPECT_EQ(text_table(json("[{}]").items()), "");
}

TEST(SendEmailTable, CsvQuotingAndFormulaGuard) {
  const Value rs = json(R"J([
      {"text": "plain", "comma": "a,b", "quote": "say \"hi\"", "lines": "l1\r\nl2", "num": -5, "neg": "-5",
       "f": "=HYPERLINK(\"http://evil\")", "plus": "+1", "at": "@SUM(A1)", "tab": "\tx", "t": true, "nil": null,
       "arr": [1, "a"], "obj": {"b": 1, "a": "x,y"}, "utf": "Грёзы"},
      {"=cmd": "=1+1", "text": ""}])J");
  EXPECT_EQ(results_csv(rs.items()),
            "arr,at,comma,f,lines,neg,nil,num,obj,plus,quote,t,tab,text,utf,'=cmd\r\n"
            "\"[1,\"\"a\"\"]\",'@SUM(A1),\"a,b\",\"'=HYPERLINK(\"\"http://evil\"\")\",\"l1\r\nl2\",'-5,,-5,"
            "\"{\"\"a\"\":\"\"x,y\"\",\"\"b\"\":1}\",'+1,\"say \"\"hi\"\"\",true,'\tx,plain,Грёзы,\r\n"
            ",,,,,,,,,,,,,,,'=1+1\r\n");
  EXPECT_EQ(csv_field("=1", false), "=1");
  EXPECT_EQ(csv_field("=1", true), "'=1");
  EXPECT_EQ(results_csv(json("[]").items()), "");
}

TEST(SendEmailTable, HtmlEscapesEverything) {
  EXPECT_EQ(html_escape(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(SendEmailTable, HtmlToText) {
  EXPECT_EQ(html_to_text("<html><head><title>T</title></head><body>\n<h1>Alert</h1>\n<p>Host <b>a51</b>"
                         "&nbsp;&lt;x&gt;&#233;&#x263A;</p><script>alert(1)</script><br>end<!-- c --></body>"),
            "Alert\n\nHost a51 <x>é☺\n\nend\n");
  EXPECT_EQ(html_to_text(""), "");
}

// ---- the built message with its attachment

std::string b64decode(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    if (v < 0) continue;
    acc = acc << 6 | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((acc >> bits) & 0xFF);
    }
  }
  return out;
}

TEST(SendEmailBuilt, CsvAttachmentIsMultipartMixed) {
  const auto msgs = plan(R"({"to": "a@x.example", "subject": "s", "body": "See the file.", "attachCsv": true,
                             "runOnce": true, "results": )" + kThree + "}");
  BuiltMessage b = build_message(msgs[0].message, "riposte@soc.example",
                                 {.date = kNow, .message_id = msgs[0].message_id, .boundary = "=_m"});
  ASSERT_TRUE(b.ok()) << b.error;
  const std::string head = "Content-Type: multipart/mixed; boundary=\"=_m\"\r\n\r\n"
                           "--=_m\r\n"
                           "Content-Type: text/plain; charset=utf-8\r\n"
                           "Content-Transfer-Encoding: 7bit\r\n\r\n"
                           "See the file.\r\n\r\n"  // the CRLF before a delimiter belongs to it
                           "--=_m\r\n"
                           "Content-Type: text/csv; charset=utf-8; name=\"results.csv\"\r\n"
                           "Content-Disposition: attachment; filename=\"results.csv\"\r\n"
                           "Content-Transfer-Encoding: base64\r\n\r\n";
  const size_t at = b.text.find(head);
  ASSERT_NE(at, std::string::npos) << b.text;
  EXPECT_NE(b.text.find("Message-ID: <riposte.k1.1@soc.example>\r\n"), std::string::npos);
  EXPECT_NE(b.text.find("X-Riposte-Idempotency-Key: k1\r\n"), std::string::npos);
  const size_t start = at + head.size();
  const size_t end = b.text.find("--=_m--\r\n", start);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(end + 9, b.text.size());
  const std::string b64 = b.text.substr(start, end - start);
  for (size_t i = 0; i < b64.size();) {
    const size_t eol = b64.find("\r\n", i);
    ASSERT_NE(eol, std::string::npos);
    EXPECT_LE(eol - i, 76u);
    i = eol + 2;
  }
  EXPECT_EQ(b64decode(b64), "count,host,user,extra\r\n3,a51,alice,\r\n12,b7,,\r\n,,carol,\"{\"\"k\"\":[1,2]}\"\r\n");
}

TEST(SendEmailBuilt, HtmlWithAttachmentNestsTheAlternative) {
  Message m{.to = {"a@x.example"}, .subject = "s", .text = "t\n", .html = std::string("<p>h</p>\n")};
  m.attachments.push_back({"r.csv", "text/csv; charset=utf-8", "a\r\n"});
  BuiltMessage b = build_message(m, "riposte@soc.example", {.date = kNow, .message_id = "<i@x>", .boundary = "=_m"});
  ASSERT_TRUE(b.ok()) << b.error;
  const size_t body = b.text.find("Content-Type: multipart/mixed");
  ASSERT_NE(body, std::string::npos);
  EXPECT_EQ(b.text.substr(body),
            "Content-Type: multipart/mixed; boundary=\"=_m\"\r\n\r\n"
            "--=_m\r\n"
            "Content-Type: multipart/alternative; boundary=\"=_m_alt\"\r\n\r\n"
            "--=_m_alt\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 7bit\r\n\r\n"
            "t\r\n\r\n"
            "--=_m_alt\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 7bit\r\n\r\n"
            "<p>h</p>\r\n\r\n"
            "--=_m_alt--\r\n"
            "--=_m\r\n"
            "Content-Type: text/csv; charset=utf-8; name=\"r.csv\"\r\n"
            "Content-Disposition: attachment; filename=\"r.csv\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n"
            "YQ0K\r\n"
            "--=_m--\r\n");
}

TEST(SendEmailBuilt, BadAttachmentsAreRefused) {
  const std::pair<Attachment, std::string> cases[] = {
      {{"", "text/csv", "x"}, "attachments[0] filename: empty"},
      {{"a\r\nBcc: x.csv", "text/csv", "x"},
       "attachments[0] filename: contains a line break (CR or LF); refused (header injection)"},
      {{"a\".csv", "text/csv", "x"}, "attachments[0] filename \"a\\\".csv\": printable ASCII without quotes, '\\' or '/' only"},
      {{"../a.csv", "text/csv", "x"}, "attachments[0] filename \"../a.csv\": printable ASCII without quotes, '\\' or '/' only"},
      {{"a.csv", "text/csv\r\nBcc: x", "x"},
       "attachments[0] content type: contains a line break (CR or LF); refused (header injection)"},
      {{"a.csv", "csv", "x"}, "attachments[0] content type \"csv\": not a plain type/subtype"},
  };
  for (const auto& [a, expected] : cases) {
    Message m{.to = {"a@x.example"}, .subject = "s"};
    m.attachments.push_back(a);
    EXPECT_EQ(build_message(m, "riposte@soc.example").error, expected);
  }
}

}  // namespace
}  // namespace riposte::actions::email
