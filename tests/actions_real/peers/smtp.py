"""The SMTP peer of the checks: the sink of the unit tests
(tests/unit/actions/smtp_sink.py, aiosmtpd) started with Debian's
/usr/bin/python3 (another python3 may not see python3-aiosmtpd), on
127.0.0.1 and a port of its own, and the messages it saved, parsed with
Python's email package.  Also a listener that never answers (a hung server).

    sink = SmtpSink(folder, user="riposte", password="pw")   # AUTH required
    sink.start()                    # RuntimeError with the reason when it cannot
    ... run riposte ...
    msgs = sink.messages()          # [Saved], in arrival order
    sink.stop()
"""
import email
import email.policy
import os
import socket
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SINK = os.path.normpath(os.path.join(HERE, "..", "..", "unit", "actions", "smtp_sink.py"))
PYTHON = "/usr/bin/python3"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read(path, binary=False):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return None
    return data if binary else data.decode("utf-8")


class Saved:
    """One message as the sink saved it."""

    def __init__(self, folder):
        self.eml = _read(os.path.join(folder, "eml"), binary=True)
        self.mail_from = _read(os.path.join(folder, "from"))
        self.rcpt_to = _read(os.path.join(folder, "to")).splitlines()
        self.subject = _read(os.path.join(folder, "subject"))
        self.text = _read(os.path.join(folder, "text"))
        self.html = _read(os.path.join(folder, "html"))
        self.auth = _read(os.path.join(folder, "auth"))
        self.message = email.message_from_bytes(self.eml, policy=email.policy.default)

    def header(self, name):
        """Every value of header `name`, decoded."""
        return [str(v) for v in self.message.get_all(name, [])]

    def attachments(self):
        """[(filename, content type, bytes)] of the attachment parts."""
        return [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
                for p in self.message.iter_attachments()]


class SmtpSink:
    def __init__(self, folder, user=None, password=None, reject_after=None):
        self.folder = folder
        self.dir = os.path.join(folder, "messages")
        self.user, self.password, self.reject_after = user, password, reject_after
        self.port = None
        self.proc = None
        self.log = os.path.join(folder, "sink.log")

    def start(self):
        if not os.access(PYTHON, os.X_OK):
            raise RuntimeError("%s is missing (Debian's python3 with python3-aiosmtpd)" % PYTHON)
        os.makedirs(self.dir, exist_ok=True)
        for _ in range(3):
            self.port = _free_port()
            cmd = [PYTHON, "-I", SINK, "--port", str(self.port), "--dir", self.dir]
            env = {"PATH": "/usr/bin:/bin"}
            if self.user:
                cmd += ["--user", self.user]
                env["SINK_PASSWORD"] = self.password or ""
            if self.reject_after is not None:
                cmd += ["--reject-after", str(self.reject_after)]
            with open(self.log, "wb") as log:
                self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                    return self
                except OSError:
                    time.sleep(0.05)
            out = _read(self.log) or ""
            self.stop()
            if "already in use" not in out:
                raise RuntimeError("the SMTP sink (%s -I %s) did not listen on 127.0.0.1:%d; is python3-aiosmtpd "
                                   "installed (.ci/install-deps)? its output:\n%s" % (PYTHON, SINK, self.port, out))
        raise RuntimeError("the SMTP sink found no free port")

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def count(self):
        n = 0
        while os.path.isdir(os.path.join(self.dir, "msg-%d" % (n + 1))):
            n += 1
        return n

    def messages(self, start=0):
        """The saved messages from the (start+1)-th on."""
        return [Saved(os.path.join(self.dir, "msg-%d" % n)) for n in range(start + 1, self.count() + 1)]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SilentSmtp:
    """A loopback listener that never accepts: the handshake completes in
    the kernel's backlog but no greeting ever comes, as a hung server."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def connected(self):
        """True when a client connected (takes the connection off the queue)."""
        try:
            c, _ = self.sock.accept()
            c.close()
            return True
        except BlockingIOError:
            return False

    def close(self):
        self.sock.close()
