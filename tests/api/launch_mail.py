#!/usr/bin/env python3
"""E-mail to approvers, end to end: `riposte serve --config` with an "smtp"
connection to a real SMTP sink (aiosmtpd, tests/unit/actions/smtp_sink.py,
run by Debian's /usr/bin/python3 on a port of its own), `--time-scale` so
that the configured delays pass in a fraction of a second.

  tests/api/launch_mail.py --riposte build/tools/riposte

Rules (engine.md, Approvals; algorithm.md, manualApprove; docs/launch.md):
- a Training launch request mails, after the launch mail delay (10 min),
  every user with an e-mail address whose roles allow ApproveLaunch on the
  alert's tenant, and nobody else;
- an action request of a step with manualApprove.emailNotifications mails,
  after its delay, the users who may ApproveAction there;
- a step without emailNotifications mails nobody;
- the mail names the playbook, the action and the request id; each request
  is mailed once.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (Server, Suite, Tree, parse_args, run_script, unique)  # noqa: E402
from launch_check import Launch, algorithm, step  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SINK = os.path.join(os.path.dirname(HERE), "unit", "actions", "smtp_sink.py")
SCALE = 600          # 10 min -> 1 s; the 24 h launch approval -> 144 s, out of the way
DEADLINE = 15.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """The SMTP sink on 127.0.0.1, stopped by the pid this test started."""

    def __init__(self, folder):
        self.dir = os.path.join(folder, "mail")
        os.makedirs(self.dir)
        self.port = free_port()
        self.log = open(os.path.join(folder, "sink.log"), "wb")
        self.proc = subprocess.Popen(["/usr/bin/python3", "-I", SINK, "--port", str(self.port), "--dir", self.dir],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    with open(os.path.join(folder, "sink.log"), "rb") as f:
                        raise RuntimeError("the SMTP sink did not start: %s" % f.read().decode()[-2000:])
                time.sleep(0.05)

    def messages(self):
        out = []
        for name in sorted(os.listdir(self.dir)):
            if not name.startswith("msg-"):
                continue
            m = {}
            for part in ("to", "subject", "text", "from"):
                with open(os.path.join(self.dir, name, part), encoding="utf-8") as f:
                    m[part] = f.read()
            m["to"] = sorted(m["to"].split())
            out.append(m)
        return out

    def wait(self, pred):
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            got = [m for m in self.messages() if pred(m)]
            if got:
                return got
            time.sleep(0.05)
        return []

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def emails_of(tree, *keys):
    return sorted(tree.admin.get("/api/v1/users/" + tree.user_id(role, tenant)).body["email"] for role, tenant in keys)


def main():
    args = parse_args(__doc__)
    suite = Suite("launch_mail")
    folder = tempfile.mkdtemp(prefix="riposte-mail-")
    try:
        sink = Sink(folder)
    except RuntimeError as e:
        suite.fail("the SMTP sink starts", e)
        return suite.finish()
    suite.ok("the SMTP sink starts (aiosmtpd on 127.0.0.1:%d)" % sink.port)
    config = os.path.join(folder, "riposte.json")
    with open(config, "w") as f:
        json.dump({"allow": {"hosts": ["127.0.0.1"]},
                   "smtp": {"url": "smtp://127.0.0.1:%d" % sink.port, "from": "riposte@soc.example"}}, f)
    try:
        with Server(args.riposte, extra_args=["--config", config, "--time-scale", str(SCALE)]) as srv:
            L = Launch(suite, srv)
            tree = Tree(srv)
            A = tree.ids["A"]
            # Who may decide what on A: tier1Analyst on A (ApproveLaunch), approver on root (ApproveAction,
            # inherited), an observer (neither), an approver of the sibling tenant B (not covering A).
            everyone = [("tier1Analyst", "A"), ("tenantAdministrator", "A"), ("approver", "root"),
                        ("observer", "A"), ("approver", "B")]
            for role, tenant in everyone:  # all of them exist before anything is mailed
                tree.user(role, tenant)
            launchers = emails_of(tree, ("tier1Analyst", "A"), ("tenantAdministrator", "A"))
            actioners = emails_of(tree, ("approver", "root"), ("tenantAdministrator", "A"))
            bystanders = emails_of(tree, ("observer", "A"), ("approver", "B"))
            admin_email = srv.client().get("/api/v1/users/" + srv.boot["user"]).body["email"]

            with suite.section("launch request"):
                case = unique("mail-launch")
                pb = L.playbook(A, case, "training", steps=[step()])
                L.alert(A, case)
                req = L.approval(L.instances(pb)[0]["id"], "launch") if L.wait_statuses(pb, ["AwaitingApproval"]) \
                    else None
                got = sink.wait(lambda m: req and req["id"] in m["text"])
                suite.eq("a launch request is mailed once, after its delay", len(got), 1)
                if got:
                    m = got[0]
                    want = sorted(set(launchers + ([admin_email] if admin_email else [])))
                    suite.eq("... to every user who may approve the launch on the alert's tenant", m["to"], want)
                    suite.check("... and to nobody else", not set(m["to"]) & set(bystanders), m["to"])
                    suite.check("... the subject names the playbook", L.get_playbook(pb)["name"] in m["subject"],
                                m["subject"])
                    suite.eq("... from the configured sender", m["from"], "riposte@soc.example")

            with suite.section("action request"):
                case = unique("mail-action")
                s = step(approve=True)
                s["responseAction"]["manualApprove"]["emailNotifications"] = {"enabled": True, "delay": "5m"}
                pb = L.playbook(A, case, "auto", steps=[s])
                L.alert(A, case)
                L.wait_statuses(pb, ["AwaitingApproval"])
                req = L.approval(L.instances(pb)[0]["id"], "action")
                got = sink.wait(lambda m: req and req["id"] in m["text"])
                suite.eq("an action request with emailNotifications is mailed once", len(got), 1)
                if got:
                    m = got[0]
                    want = sorted(set(actioners + ([admin_email] if admin_email else [])))
                    suite.eq("... to every user who may approve the action there", m["to"], want)
                    suite.check("... the mail names the action", "blockLDAPAccount" in m["subject"] and
                                "blockLDAPAccount" in m["text"], m)

            with suite.section("no notifications"):
                case = unique("mail-none")
                pb = L.playbook(A, case, "auto", steps=[step(approve=True)])
                L.alert(A, case)
                L.wait_statuses(pb, ["AwaitingApproval"])
                req = L.approval(L.instances(pb)[0]["id"], "action")
                time.sleep(2.0)  # twice the longest delay under --time-scale
                suite.eq("a step without emailNotifications mails nobody",
                         [m for m in sink.messages() if req and req["id"] in m["text"]], [])
                suite.eq("each request was mailed once in all", len(sink.messages()), 2)
            srv.stop()
            suite.ok("server stops on SIGTERM with status 0")
    finally:
        sink.stop()
    return suite.finish()


if __name__ == "__main__":
    run_script(main)
