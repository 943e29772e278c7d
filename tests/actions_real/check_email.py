#!/usr/bin/env python3
"""sendEmail, real (docs/actions-email.md), through `riposte run --bindings
real --config` against the SMTP sink of peers/smtp.py (aiosmtpd, AUTH
required: the config gives `username` and `passwordEnv`).  What is checked is
what the SINK saved, parsed by Python's email package:

- one message per result: subject, envelope recipients, AUTH login, the
  text table of that result, the CSV attachment decoded, the signature, the
  server time, the extra headers, Message-IDs as the result says;
- runOnce with html: one message, an HTML table, the CSV of all results
  (RFC 4180 quoting, formula-injection guard);
- merge: one message with one section per result;
- the refused headers (Reply-To, Bcc, a value with "\\r\\nBcc: x") and a `to`
  with CR/LF: a clear error and nothing arrived;
- a server that never answers: the call fails with a timeout at the step's
  timeout;
- the SMTP password never appears in riposte's output.
"""
import csv
import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Folder, Suite, action, algorithm, parse_args, run_algorithm, secrets_absent  # noqa: E402
from peers.smtp import SilentSmtp, SmtpSink  # noqa: E402

PASSWORD = "Smtp-Pw-9c41e7-secret"
USER = "riposte-mailer"
ENV = {"RIPOSTE_SMTP_PASSWORD": PASSWORD}

RESULTS = [
    {"host": "a51", "user": "alice", "count": 3},
    {"host": "b7", "count": 12, "cmd": "=HYPERLINK(\"http://evil.example\")"},
    {"user": "carol", "extra": {"k": [1, 2]}, "note": "line1\nline2, \"quoted\""},
]


def config(url):
    return {"allow": {"hosts": ["127.0.0.1"]},
            "smtp": {"url": url, "from": "riposte@soc.example", "username": USER,
                     "passwordEnv": "RIPOSTE_SMTP_PASSWORD", "tls": "none"}}


def send_email(params, timeout=None):
    step = action("sendEmail", params)
    if timeout is not None:
        step["responseAction"]["timeout"] = {"scheduleToCloseTimeout": timeout}
    return algorithm([step])


def csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def main():
    args = parse_args(__doc__)
    suite = Suite(args.filter)
    outputs = []
    with Folder(args.keep) as folder:
        sink = SmtpSink(folder, user=USER, password=PASSWORD)
        try:
            sink.start()
        except RuntimeError as e:
            suite.check("the SMTP sink starts", False, str(e))
            return suite.finish()
        try:
            run_checks(args, suite, folder, sink, outputs)
        finally:
            sink.stop()
        leak = secrets_absent([PASSWORD], outputs)
        suite.check("the SMTP password never appears in riposte's output", leak == "", leak)
    return suite.finish()


def run_checks(args, suite, folder, sink, outputs):
    def run(name, algo, url=None):
        r = run_algorithm(args.riposte, folder, name, algo, config=config(url or sink.url()), env=ENV)
        outputs.extend([r.stdout, r.stderr])
        return r

    # ---- one message per result
    if suite.wants("per result"):
        before = sink.count()
        r = run("per-result", send_email({
            "to": ["soc@corp.example", "lead@corp.example"], "subject": "Alert on ${ \"a51\" }",
            "body": "Three results.", "table": True, "attachCsv": True, "serverTime": True,
            "signature": "SOC team\nCorp", "headers": {"X-Ticket": "INC-7", "X-Tags": ["phishing", "p1"]},
            "results": RESULTS}))
        call = r.calls[0] if r.calls else {}
        result = call.get("result") or {}
        suite.check("per result: the call succeeds", r.code == 0 and call.get("status") == "Success", r.describe())
        msgs = sink.messages(before)
        suite.equal("per result: one message per result", len(msgs), 3)
        suite.equal("per result: the result counts them", result.get("sent"), 3)
        suite.equal("per result: the result's recipients", result.get("recipients"),
                    ["soc@corp.example", "lead@corp.example"])
        if len(msgs) == 3:
            m = msgs[1]
            suite.equal("per result: subject", [x.subject for x in msgs], ["Alert on a51"] * 3)
            suite.equal("per result: envelope recipients", m.rcpt_to, ["soc@corp.example", "lead@corp.example"])
            suite.equal("per result: To header", m.header("To"), ["soc@corp.example, lead@corp.example"])
            suite.equal("per result: sender", m.mail_from, "riposte@soc.example")
            suite.equal("per result: AUTH was used", [x.auth for x in msgs], [USER] * 3)
            table = ("%-33s  %-5s  %s\n" % ("cmd", "count", "host") + "%s  %s  %s\n" % ("-" * 33, "-" * 5, "-" * 4) +
                     "%-33s  %-5s  %s\n" % ("=HYPERLINK(\"http://evil.example\")", "12", "b7"))
            suite.check("per result: the body, then that result's table",
                        m.text.startswith("Three results.\n\n" + table + "\n"), repr(m.text))
            suite.check("per result: server time and signature close the text",
                        "\n\nServer time: " in m.text and m.text.endswith("\n\n-- \nSOC team\nCorp\n"), repr(m.text))
            att = m.attachments()
            suite.equal("per result: one CSV attachment", [(a[0], a[1]) for a in att], [("results.csv", "text/csv")])
            if att:
                suite.equal("per result: the CSV bytes", att[0][2],
                            b"cmd,count,host\r\n\"'=HYPERLINK(\"\"http://evil.example\"\")\",12,b7\r\n")
            suite.equal("per result: extra headers", (m.header("X-Ticket"), m.header("X-Tags")),
                        (["INC-7"], ["phishing", "p1"]))
            suite.equal("per result: Message-IDs as the result says", [x.header("Message-ID")[0] for x in msgs],
                        result.get("messageIds"))
            keys = {x.header("X-Riposte-Idempotency-Key")[0] for x in msgs if x.header("X-Riposte-Idempotency-Key")}
            suite.check("per result: the idempotency key travels in the header and the Message-ID",
                        len(keys) == 1 and all(x.header("Message-ID")[0].startswith("<riposte.%s." % k)
                                               for k in keys for x in msgs), repr(keys))

    # ---- runOnce, HTML
    if suite.wants("runOnce"):
        before = sink.count()
        r = run("run-once", send_email({
            "to": "soc@corp.example", "subject": "Три алерта", "html": True,
            "body": "<html><body><p>Three alerts.</p></body></html>", "table": True, "attachCsv": True,
            "runOnce": True, "signature": "SOC <team>", "results": RESULTS}))
        msgs = sink.messages(before)
        suite.check("runOnce: one message", r.code == 0 and len(msgs) == 1, r.describe())
        if msgs:
            m = msgs[0]
            suite.equal("runOnce: non-ASCII subject", m.subject, "Три алерта")
            suite.check("runOnce: an HTML table of every result",
                        m.html and m.html.count("<tr><td>") == 3 and "<th>note</th>" in m.html and
                        "&lt;team&gt;" in m.html and m.html.rstrip().endswith("</body></html>"), repr(m.html))
            suite.check("runOnce: a text alternative", m.text.startswith("Three alerts.\n\n"), repr(m.text))
            att = m.attachments()
            rows = csv_rows(att[0][2]) if att else []
            suite.equal("runOnce: the CSV of every result (decoded by Python's csv)", rows, [
                ["count", "host", "user", "cmd", "extra", "note"],
                ["3", "a51", "alice", "", "", ""],
                ["12", "b7", "", "'=HYPERLINK(\"http://evil.example\")", "", ""],
                ["", "", "carol", "", "{\"k\":[1,2]}", "line1\nline2, \"quoted\""],
            ])

    # ---- merge
    if suite.wants("merge"):
        before = sink.count()
        r = run("merge", send_email({"to": "soc@corp.example", "subject": "merged", "merge": True, "table": True,
                                     "results": RESULTS}))
        msgs = sink.messages(before)
        suite.check("merge: one message with a section per result",
                    r.code == 0 and len(msgs) == 1 and all("Result %d of 3:" % i in msgs[0].text for i in (1, 2, 3)),
                    r.describe() + " " + (repr(msgs[0].text) if msgs else ""))

    # ---- refusals: a clear error, nothing arrives
    refused = [
        ("Reply-To", {"headers": {"Reply-To": "evil@x.example"}},
         "params.headers.Reply-To: a reserved header; it cannot be set"),
        ("Bcc", {"headers": {"Bcc": "evil@x.example"}}, "params.headers.Bcc: a reserved header; it cannot be set"),
        ("CRLF in a header value", {"headers": {"X-Note": "hi\r\nBcc: x@evil.example"}},
         "params.headers.X-Note: contains a line break (CR or LF); refused (header injection)"),
        ("CRLF in to", {"to": "soc@corp.example\r\nBcc: x@evil.example"},
         "params.to: contains a line break (CR or LF); refused (header injection)"),
    ]
    for name, extra, expected in refused:
        if not suite.wants("refused " + name):
            continue
        before = sink.count()
        params = {"to": "soc@corp.example", "subject": "s", "results": RESULTS}
        params.update(extra)
        r = run("refused", send_email(params))
        call = r.calls[0] if r.calls else {}
        time.sleep(0.2)
        suite.check("refused %s: a clear error" % name,
                    call.get("status") == "Error" and expected in (call.get("error") or ""), r.describe())
        suite.equal("refused %s: nothing arrived" % name, sink.count(), before)

    # ---- a server that never answers
    if suite.wants("timeout"):
        silent = SilentSmtp()
        try:
            t0 = time.monotonic()
            r = run("timeout", send_email({"to": "soc@corp.example", "subject": "s"}, timeout="2s"), url=silent.url())
            took = time.monotonic() - t0
            call = r.calls[0] if r.calls else {}
            err = call.get("error") or ""
            suite.check("timeout: the call fails with a timeout",
                        call.get("status") == "Error" and ("timeout" in err.lower() or "deadline" in err.lower()),
                        r.describe())
            suite.check("timeout: at the step's timeout (2 s)", 1.8 <= took <= 8, "took %.1fs" % took)
            suite.check("timeout: the server was reached", silent.connected(), "no connection")
        finally:
            silent.close()


if __name__ == "__main__":
    sys.exit(main())
