#!/usr/bin/env python3
"""The main job for real: `riposte process --bindings real --config` over a
folder with one Auto playbook whose algorithm calls a binding of every
group against its real peer (a recording HTTP peer as webhook target,
endpoint connector, threat-intelligence service and `_bulk` index; slapd;
PostgreSQL; SQLite; an SMTP sink; the job log), on a few alerts.

Then it checks what arrived at each peer, and greps EVERY configured
secret in everything riposte wrote: its stdout and stderr, the store file
(instances, history, approvals, index documents: SQLite keeps text as it
is) with its WAL, and the job log.  The peers themselves must have received
the secrets (a bearer token, basic authentication, the LDAP bind): the
secrets were used, and shown nowhere.  One webhook peer even answers with
the token in its body; riposte must mask it in what it keeps.
"""
import base64
import glob
import json
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Folder, Suite, action, algorithm, free_port, parse_args, secrets_absent  # noqa: E402
from peers import slapd  # noqa: E402
from peers.http_recorder import Recorder  # noqa: E402
from peers.postgres import Postgres  # noqa: E402
from peers.smtp import SmtpSink  # noqa: E402

SECRETS = {
    "HOOK_TOKEN": "Hook-token-9b1f-secret",
    "BASIC_PASSWORD": "Basic-pw-22c8-secret",
    "ENDPOINT_TOKEN": "Endpoint-token-6e0a-secret",
    "TIP_KEY": "Tip-key-71d3-secret",
    "INDEX_USER": "Index-user-3f5e-secret",
    "INDEX_PASSWORD": "Index-pw-80aa-secret",
    "PG_PASSWORD": "Pg-pw-4c19-secret",
    "SMTP_PASSWORD": "Smtp-pw-5a77-secret",
}
ALERTS = 3
SAMPLE_ALERTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "samples", "alerts.jsonl")


def cont(type_, params=None, assets=None):
    return action(type_, params, assets, on_error="continue")


def the_algorithm():
    results = "${ [{host: (alert.Assets[] | select(.Type == \"host\") | .ID), alert: alert.InternalID}] }"
    return algorithm([
        cont("webhook", {"method": "POST", "protocol": "http", "host": "127.0.0.1", "port": "${ .port }",
                         "path": "/hook", "authorization": {"credential": "ticketing"}, "results": results}),
        cont("webhook", {"method": "PUT", "protocol": "http", "host": "127.0.0.1", "port": "${ .port }",
                         "path": "/legacy", "authorization": {"credential": "legacy"}, "body": "x"}),
        cont("iocsEnrichment", {"observables": ["evil.example"], "source": "TIP"}),
        cont("updateBases", {"wait": False}, "${ [alert.Assets[] | select(.Type == \"host\") | .ID] }"),
        cont("blockLDAPAccount", None, "${ [alert.Assets[] | select(.Type == \"user\") | .ID] }"),
        cont("writeToDatabase", {"connection": "audit", "table": "events", "results": results}),
        cont("writeToDatabase", {"connection": "pg", "table": "alerts_out", "results": results}),
        cont("indexEvents", {"index": "soc-events", "results": results}),
        cont("mitreTechnique", {"techniques": ["T1110"], "severity": "high", "results": results}),
        cont("riskScore", {"score": 10, "results": results}),
        cont("logEvents", {"results": results}),
        cont("sendEmail", {"to": "soc@soc.example", "subject": "alert ${ alert.InternalID }", "body": "see the table",
                           "table": True, "attachCsv": True, "results": results}),
    ], input_filter=". + {port: %d}")


def write_inputs(folder, port):
    pb = os.path.join(folder, "playbooks")
    os.makedirs(pb)
    algo = the_algorithm()
    algo["input"] = algo["input"] % port
    with open(os.path.join(pb, "FULL.algorithm.json"), "w") as f:
        json.dump(algo, f)
    with open(os.path.join(pb, "FULL.json"), "w") as f:
        json.dump({"id": "FULL", "name": "Every binding", "scope": "alert", "mode": "auto",
                   "launchingRule": "skip", "trigger": "true", "algorithm": "FULL.algorithm.json"}, f)
    alerts = os.path.join(folder, "alerts.jsonl")
    with open(SAMPLE_ALERTS) as f:
        template = json.loads(f.readline())  # a whole alert of data-model.md
    with open(alerts, "w") as f:
        for i in range(ALERTS):
            a = dict(template, InternalID=alert_id(i), Severity="high",
                     Assets=[{"Type": "host", "ID": "h%d" % i}, {"Type": "user", "ID": "carol"}])
            f.write(json.dumps(a) + "\n")
    return pb, alerts


def alert_id(i):
    return "9b7e5a40-0000-4000-8000-00000000f%03d" % i


def make_config(folder, rec, ldap, pg, sqlite_path, sink):
    pw_file = os.path.join(folder, "ldap.pw")
    with open(pw_file, "w") as f:
        f.write(slapd.ROOT_PASSWORD + "\n")
    return {
        "allow": {"hosts": ["127.0.0.1"]},
        "ldap": {"url": ldap.url, "bindDN": slapd.ROOT_DN, "passwordFile": pw_file, "baseDN": slapd.SUFFIX},
        "endpoint": {"url": rec.url("/ep"), "tokenEnv": "ENDPOINT_TOKEN"},
        "tip": {"url": rec.url("/tip"), "keyEnv": "TIP_KEY"},
        "index": {"url": rec.url("/search"), "usernameEnv": "INDEX_USER", "passwordEnv": "INDEX_PASSWORD"},
        "databases": {"audit": {"url": "sqlite://" + sqlite_path, "tables": ["events"]},
                      "pg": {"url": pg.url, "passwordEnv": "PG_PASSWORD", "tables": ["alerts_out"]}},
        "jobLog": os.path.join(folder, "job.log"),
        "smtp": {"url": sink.url(), "from": "riposte@soc.example", "username": "riposte",
                 "passwordEnv": "SMTP_PASSWORD"},
        "credentials": {"ticketing": {"type": "bearer", "tokenEnv": "HOOK_TOKEN"},
                        "legacy": {"type": "basic", "username": "soc", "passwordEnv": "BASIC_PASSWORD"}},
    }


def run_process(riposte, folder, pb, alerts, config):
    cfg = os.path.join(folder, "config.json")
    with open(cfg, "w") as f:
        json.dump(config, f)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    env.update(SECRETS)
    db = os.path.join(folder, "riposte.db")
    p = subprocess.run([riposte, "process", "--db", db, "--playbooks", pb, "--alerts", alerts,
                        "--bindings", "real", "--config", cfg, "--progress", "never"],
                       capture_output=True, timeout=300, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), db


def history_steps(db):
    """(type, status) of every action step the store's history holds."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT state FROM instances").fetchall()
    finally:
        con.close()
    return rows


def main():
    args = parse_args(__doc__)
    suite = Suite(args.filter)
    hook_echo = {"status": 200, "body": {"echo": "Bearer " + SECRETS["HOOK_TOKEN"]}}
    with Folder(args.keep) as folder:
        try:
            ldap = slapd.Slapd(os.path.join(folder, "slapd"), free_port())
            ldap.start()
        except Exception as e:  # a peer that cannot start fails the check
            suite.check("slapd starts", False, str(e))
            return suite.finish()
        try:
            with SmtpSink(folder, user="riposte", password=SECRETS["SMTP_PASSWORD"]) as sink, \
                    Postgres(folder, password=SECRETS["PG_PASSWORD"]) as pg, \
                    Recorder(folder, name="peer", routes={
                        "/hook": hook_echo,
                        "/search/_bulk": {"status": 200, "body": {"errors": False, "items": []}},
                        "/ep/v1/actions/*": {"status": 200, "body": {"status": "done", "result": {"ok": True}}},
                    }, tip={"domain": {"evil.example": {"zone": "red"}}}) as rec:
                pg.sql("CREATE TABLE alerts_out (host text, alert text); GRANT ALL ON alerts_out TO riposte;")
                sqlite_path = os.path.join(folder, "audit.db")
                con = sqlite3.connect(sqlite_path)
                con.executescript("PRAGMA journal_mode=WAL; CREATE TABLE events (host TEXT, alert TEXT);")
                con.close()
                pb, alerts = write_inputs(folder, rec.port)
                code, out, err, db = run_process(args.riposte, folder, pb, alerts,
                                                 make_config(folder, rec, ldap, pg, sqlite_path, sink))
                suite.check("riposte process ran", code == 0, "exit %s; stderr %s" % (code, err[-2000:]))
                summary = json.loads(out) if out.strip().startswith("{") else {}
                calls = summary.get("calls", {})
                suite.check("every call of every binding succeeded",
                            len(calls) == 10 and all(list(c) == ["Success"] for c in calls.values()),
                            json.dumps(summary)[:2000])
                got = rec.requests()
                paths = sorted({g["path"] for g in got})
                hooks = [g for g in got if g["path"] == "/hook"]
                suite.check("the webhook peer got the bearer token, once per alert",
                            len(hooks) == ALERTS and all(g["headers"].get("authorization") == "Bearer " +
                                                         SECRETS["HOOK_TOKEN"] for g in hooks), paths)
                basic = "Basic " + base64.b64encode(("soc:" + SECRETS["BASIC_PASSWORD"]).encode()).decode()
                suite.check("the legacy peer got basic authentication",
                            [g["headers"].get("authorization") for g in got if g["path"] == "/legacy"] ==
                            [basic] * ALERTS, paths)
                suite.check("the endpoint connector got updateBases with its token",
                            sum(1 for g in got if g["path"] == "/ep/v1/actions/updateBases" and
                                g["headers"].get("authorization") == "Bearer " + SECRETS["ENDPOINT_TOKEN"])
                            == ALERTS, paths)
                suite.check("the TIP got the key", any(g["path"].startswith("/tip/api/v1/search/domain") and
                                                       g["headers"].get("x-api-key") == SECRETS["TIP_KEY"]
                                                       for g in got), paths)
                suite.check("the index got three _bulk bodies per alert",
                            sum(1 for g in got if g["path"] == "/search/_bulk") == 3 * ALERTS, paths)
                entry = ldap.entry(slapd.user_dn("carol"))
                suite.check("slapd: carol is blocked", entry.get("pwdaccountlockedtime") == ["000001010000Z"], entry)
                con = sqlite3.connect(sqlite_path)
                rows = con.execute("SELECT host, alert FROM events ORDER BY alert").fetchall()
                con.close()
                suite.equal("SQLite: one row per alert", rows, [("h%d" % i, alert_id(i)) for i in range(ALERTS)])
                pg_rows = pg.rows("SELECT host, alert FROM alerts_out ORDER BY alert")
                suite.check("PostgreSQL: one row per alert", len(pg_rows) == ALERTS, pg_rows)
                mails = sink.messages()
                suite.check("the SMTP sink got one message per alert, after AUTH",
                            len(mails) == ALERTS and all(m.subject.startswith("alert 9b7e5a40") and m.auth for m in mails),
                            [(m.subject, m.auth) for m in mails])
                log = os.path.join(folder, "job.log")
                lines = open(log).read().splitlines() if os.path.exists(log) else []
                suite.check("the job log: one line per alert", len(lines) == ALERTS, lines[:3])
                files = [f for f in [db] + glob.glob(db + "-*") + [log] if os.path.exists(f)]
                why = secrets_absent(list(SECRETS.values()) + [slapd.ROOT_PASSWORD], [out, err], files)
                suite.check("no configured secret in the output, the store or the job log", why == "", why)
                suite.check("the webhook's echoed token was masked in the history",
                            any(b"********" in open(f, "rb").read() for f in files if os.path.exists(f)),
                            "no mask in the store")
        finally:
            ldap.stop()
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
