#!/usr/bin/python3
"""An SMTP sink for the tests of actions/mail/ (tests/unit/actions/mail_test.cpp):
aiosmtpd (Debian's python3-aiosmtpd, run by /usr/bin/python3) on 127.0.0.1,
saving every message it accepts to DIR/msg-N/ (N = 1, 2, ...), written to a
temporary folder and renamed, so a folder that exists is complete:

  eml      the message as received (dot-unstuffed)
  from     the envelope sender (MAIL FROM)
  to       the envelope recipients (RCPT TO), one a line
  subject  the Subject header, decoded (RFC 2047)
  text     the text/plain body, decoded, LF line ends
  html     the text/html body, decoded, LF line ends (only when there is one)
  auth     the AUTH login name (only when the client authenticated)

Usage: smtp_sink.py --port PORT --dir DIR [--user NAME] [--cert PEM --key PEM
       (--starttls | --implicit-tls)] [--reject-after N]

--user requires AUTH with NAME and the password in $SINK_PASSWORD (refused
otherwise: 535).  --reject-after N accepts N messages and answers every
later DATA with 554 (saving nothing): a server that fails part-way.  --starttls requires STARTTLS before anything else;
--implicit-tls speaks TLS from the first byte (smtps).  Runs until killed.
"""
import argparse
import email
import email.policy
import os
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def lf(text):
    """Line ends as a reader sees them: the wire's CRLF as LF."""
    return text.replace("\r\n", "\n")


class Saver:
    def __init__(self, folder, reject_after=None):
        self.folder = folder
        self.count = 0
        self.reject_after = reject_after
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.reject_after is not None and self.count >= self.reject_after:
                return "554 Transaction failed (the sink rejects every message after %d)" % self.reject_after
            self.count += 1
            n = self.count
        tmp = os.path.join(self.folder, f".tmp-{n}")
        os.makedirs(tmp)
        content = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        msg = email.message_from_bytes(content, policy=email.policy.default)

        def save(name, data):
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode("utf-8"))

        save("eml", content)
        save("from", envelope.mail_from or "")
        save("to", "".join(r + "\n" for r in envelope.rcpt_tos))
        save("subject", str(msg["subject"] or ""))
        text = msg.get_body(preferencelist=("plain",))
        save("text", lf(text.get_content()) if text is not None else "")
        html = msg.get_body(preferencelist=("html",))
        if html is not None:
            save("html", lf(html.get_content()))
        if session.authenticated and isinstance(session.auth_data, (bytes, str)):
            save("auth", session.auth_data)
        os.rename(tmp, os.path.join(self.folder, f"msg-{n}"))
        return "250 Message accepted for delivery"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--user")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--reject-after", type=int)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--starttls", action="store_true")
    mode.add_argument("--implicit-tls", action="store_true")
    args = ap.parse_args()

    kwargs = {}
    if args.user:
        password = os.environ.get("SINK_PASSWORD", "").encode()
        user = args.user.encode()

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == user and auth_data.password == password
            return AuthResult(success=ok, handled=False, auth_data=auth_data.login if ok else None)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    if args.starttls or args.implicit_tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
        if args.starttls:
            kwargs.update(tls_context=ctx, require_starttls=True)
        else:
            kwargs.update(ssl_context=ctx)
    controller = Controller(Saver(args.dir, args.reject_after), hostname="127.0.0.1", port=args.port, **kwargs)
    controller.start()  # returns once the server answers
    threading.Event().wait()


if __name__ == "__main__":
    main()
