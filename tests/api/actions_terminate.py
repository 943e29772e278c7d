#!/usr/bin/env python3
"""Terminate during a call, for every binding that talks to a peer, end to
end through `riposte serve --bindings real --config`.

  tests/api/actions_terminate.py --riposte build/tools/riposte

A silent peer on 127.0.0.1 accepts TCP connections and never answers (a hung
HTTP server, SMTP server, directory or database).  For each network binding
a playbook's only step calls that peer with a step timeout of 10 minutes;
once the peer has accepted the call's connection, POST
/api/v1/instances/terminate must end the instance as Terminated within
seconds (the call's cancel token, not its deadline, ended it), and the
server must stay healthy for the next one.
"""
import os
import socket
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import Server, Suite, make_alert, parse_args, run_script, short, unique  # noqa: E402

WAIT = 15.0      # for the peer to see the connection, and for Terminated
PROMPT = 5.0     # terminate -> Terminated, far below the step timeout


class SilentPeer:
    """Accepts connections on 127.0.0.1 and holds them without a byte."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.held = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.accepted += 1
                self.held.append(conn)

    def count(self):
        with self.lock:
            return self.accepted

    def all_closed_from(self, first):
        """True when every connection accepted from the `first`-th on was closed by riposte (EOF)."""
        with self.lock:
            conns = self.held[first:]
        for conn in conns:
            try:
                conn.setblocking(False)
                if conn.recv(1, socket.MSG_PEEK) != b"":
                    continue  # riposte wrote a request line first: look for the EOF after it
            except BlockingIOError:
                return False  # open, nothing more to read
            except OSError:
                continue      # reset: closed
        return bool(conns) and all(self._eof(c) for c in conns)

    @staticmethod
    def _eof(conn):
        try:
            while True:
                data = conn.recv(65536)
                if data == b"":
                    return True
        except BlockingIOError:
            return False
        except OSError:
            return True

    def close(self):
        self.sock.close()
        for c in self.held:
            c.close()


def config(port):
    url = "127.0.0.1:%d" % port
    return {"allow": {"hosts": ["127.0.0.1"]},
            "smtp": {"url": "smtp://" + url, "from": "riposte@soc.example"},
            "ldap": {"url": "ldap://" + url, "baseDN": "dc=corp,dc=example"},
            "endpoint": {"url": "http://" + url},
            "tip": {"url": "http://" + url},
            "index": {"url": "http://" + url},
            "databases": {"pg": {"url": "postgresql://riposte@%s/soc" % url, "tables": ["t"]}}}


def cases(port):
    return [
        ("webhook", {"type": "webhook", "params": {"protocol": "http", "host": "127.0.0.1", "port": port,
                                                   "path": "/hook"}}),
        ("iocsEnrichment", {"type": "iocsEnrichment", "params": {"observables": ["evil.example"]}}),
        ("updateBases", {"type": "updateBases", "assets": ["h1"], "params": {"wait": False}}),
        ("indexEvents", {"type": "indexEvents", "params": {"index": "soc", "results": [{"a": 1}]}}),
        ("sendEmail", {"type": "sendEmail", "params": {"to": "soc@soc.example", "subject": "s", "body": "b"}}),
        ("blockLDAPAccount", {"type": "blockLDAPAccount", "assets": ["carol"]}),
        ("writeToDatabase", {"type": "writeToDatabase", "params": {"connection": "pg", "table": "t",
                                                                   "results": [{"a": 1}]}}),
    ]


def algorithm(step):
    return {"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
            "executionFlow": [{"responseAction": {"function": step,
                                                  "timeout": {"scheduleToCloseTimeout": "10m"}}}]}


def wait_for(pred, limit):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.05)
    return pred()


def main():
    args = parse_args(__doc__)
    suite = Suite("actions_terminate")
    peer = SilentPeer()
    folder_config = None
    try:
        import json
        import tempfile
        folder_config = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(config(peer.port), folder_config)
        folder_config.close()
        with Server(args.riposte, extra_args=["--bindings", "real", "--workers", "2",
                                              "--config", folder_config.name]) as srv:
            c = srv.client()
            root = srv.boot["tenant"]
            for name, step in cases(peer.port):
                with suite.section(name):
                    case = unique("term-" + name)
                    r = c.post("/api/v1/playbooks", {
                        "tenant": root, "name": unique(name), "scope": "alert", "mode": "auto",
                        "launchingRule": "queue", "algorithm": algorithm(step),
                        "trigger": '.AdditionalData.case == "%s"' % case})
                    suite.require("the playbook is created", r, 201)
                    pb = r.body["id"]
                    before = peer.count()
                    alert = make_alert(root, AdditionalData={"case": case})
                    alert.pop("OriginalEvents", None)
                    suite.require("the alert is ingested", c.post("/api/v1/alerts", alert), 201)
                    path = "/api/v1/instances?playbook=" + urllib.parse.quote(pb)
                    running = wait_for(lambda: [i for i in c.list_all(path) if i["status"] == "InProgress"]
                                       if peer.count() > before else None, WAIT)
                    suite.check("the call reached the silent peer", bool(running),
                                "accepted %d -> %d; instances %s" % (before, peer.count(), short(c.list_all(path))))
                    if not running:
                        continue
                    t0 = time.monotonic()
                    suite.require("terminate is accepted",
                                  c.post("/api/v1/instances/terminate", {"ids": [running[0]["id"]]}), 200)
                    done = wait_for(lambda: [i for i in c.list_all(path) if i["status"] == "Terminated"], WAIT)
                    took = time.monotonic() - t0
                    suite.check("the instance ends Terminated promptly",
                                bool(done) and took < PROMPT, "%.1fs; %s" % (took, short(c.list_all(path))))
                    closed = wait_for(lambda: peer.all_closed_from(before), PROMPT)
                    suite.check("the call was cancelled: riposte closed its connection to the peer",
                                closed, "connections %d.. still open %.1fs after terminate" % (before, PROMPT))
            suite.check("the server is still healthy", c.get("/healthz").status == 200, "")
            srv.stop()
    finally:
        peer.close()
        if folder_config is not None:
            os.unlink(folder_config.name)
    return suite.finish()


if __name__ == "__main__":
    run_script(main)
