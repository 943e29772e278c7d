#!/usr/bin/env python3
"""The SIEM's index and log actions for real (docs/actions-siem.md), through
`riposte run --bindings real`:

- logEvents appends JSON Lines to the configured jobLog and rotates it
  (read back: the files, their lines, the oldest dropped); no jobLog: a
  clear error;
- indexEvents, mitreTechnique, riskScore and mitreRiskScore to a recording
  `_bulk` peer (peers/http_recorder.py): the NDJSON that ARRIVED, the
  content type, the Idempotency-Key, basic authentication arrived while the
  password appears nowhere in riposte's output; errors: true is an error
  naming the failed item; bad parameters are refused before sending;
- the embedded store with `--db FILE`: indexEvents (update in place by
  key) and mitreTechnique after createIncident (its incident_id), read back
  from the store's index_documents table.
"""
import base64
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_check_functions, action, algorithm, run_algorithm, secrets_absent  # noqa: E402
from peers.http_recorder import Recorder  # noqa: E402

PASSWORD = "Pw-51e7-index-secret"
ENV = {"INDEX_USER": "elastic", "INDEX_PASSWORD": PASSWORD}
EVENTS = [{"id": "e1", "host": "h1", "user": "bob"}, {"id": "e2", "host": "h2", "user": "eve"}]
ALERT = {"id": "a-siem", "Severity": "high", "events": EVENTS}
RESULTS = "${ [alert.events[]] }"


def lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f.read().splitlines()]


def check_log(suite, riposte, folder):
    log = os.path.join(folder, "job.log")
    cfg = {"jobLog": log, "jobLogRotate": {"maxBytes": 1024, "keep": 2}}
    if suite.wants("logEvents writes"):
        r = run_algorithm(riposte, folder, "log1", algorithm([action("logEvents", {"results": RESULTS})]),
                          config=cfg, alert=ALERT)
        got = lines(log)
        suite.check("logEvents writes one JSON line per result",
                    r.code == 0 and r.status == "Success" and [g["result"] for g in got] == EVENTS and
                    all(g["timestamp"].endswith("Z") and g["instance_id"] for g in got), "%s; log %s" % (r.describe(), got))
    if suite.wants("logEvents rotates"):
        big = [{"n": i, "pad": "x" * 150} for i in range(20)]  # ~265 bytes a line: 3 a file, 9 kept
        r = run_algorithm(riposte, folder, "log2", algorithm([action("logEvents", {"results": "${ alert.big }"})]),
                          config=cfg, alert={"id": "a-big", "big": big})
        files = sorted(f for f in os.listdir(folder) if f.startswith("job.log"))
        sizes = [os.path.getsize(os.path.join(folder, f)) for f in files]
        kept = lines(log + ".2") + lines(log + ".1") + lines(log)
        ns = [k["result"]["n"] for k in kept if "n" in k["result"]]
        suite.check("logEvents rotates: PATH, PATH.1, PATH.2, each at most maxBytes, the newest lines kept in order",
                    r.code == 0 and files == ["job.log", "job.log.1", "job.log.2"] and max(sizes) <= 1024 and
                    ns == list(range(20 - len(ns), 20)) and len(ns) >= 6, "%s; files %s %s; n %s" % (
                        r.describe(), files, sizes, ns))
    if suite.wants("logEvents without jobLog"):
        r = run_algorithm(riposte, folder, "log3", algorithm([action("logEvents", {"results": [1]})]), config={})
        err = r.calls[0].get("error", "") if r.calls else ""
        suite.check("logEvents without jobLog: a clear error", r.code == 1 and 'no "jobLog"' in err, r.describe())


def bulk_config(rec):
    return {"allow": {"hosts": ["127.0.0.1"]},
            "index": {"url": rec.url("/search/"), "usernameEnv": "INDEX_USER", "passwordEnv": "INDEX_PASSWORD"}}


def ndjson(req):
    return [json.loads(line) for line in req["body"].splitlines()]


def check_bulk(suite, riposte, folder):
    auth = "Basic " + base64.b64encode(("elastic:" + PASSWORD).encode()).decode()
    with Recorder(folder, name="bulk") as rec:
        if suite.wants("indexEvents _bulk"):
            rec.clear()
            algo = algorithm([action("indexEvents", {"index": "events-soc", "results": RESULTS}),
                              action("indexEvents", {"index": "assets", "update": True, "key": "host",
                                                     "runOnce": True, "results": RESULTS})])
            r = run_algorithm(riposte, folder, "bulk1", algo, config=bulk_config(rec), env=ENV, alert=ALERT)
            got = rec.requests()
            first = ndjson(got[0]) if got else []
            second = ndjson(got[1]) if len(got) > 1 else []
            key = got[0]["headers"].get("idempotency-key", "") if got else ""
            suite.check("indexEvents _bulk: the NDJSON arrived (append with ids from the call's key)",
                        r.code == 0 and len(got) == 2 and got[0]["path"] == "/search/_bulk" and
                        got[0]["headers"].get("content-type") == "application/x-ndjson" and len(key) > 8 and
                        first == [{"index": {"_index": "events-soc", "_id": key + "-0"}}, EVENTS[0],
                                  {"index": {"_index": "events-soc", "_id": key + "-1"}}, EVENTS[1]],
                        "%s; received %s" % (r.describe(), got))
            suite.check("indexEvents _bulk update with runOnce: the first result under its key",
                        second == [{"index": {"_index": "assets", "_id": "h1"}}, EVENTS[0]], second)
            suite.check("indexEvents _bulk: basic authentication arrived",
                        all(g["headers"].get("authorization") == auth for g in got), got)
            why = secrets_absent([PASSWORD], [r.stdout, r.stderr])
            suite.check("indexEvents _bulk: the password is nowhere in riposte's output", why == "", why)
        if suite.wants("mitre and risk _bulk"):
            rec.clear()
            algo = algorithm([
                action("mitreTechnique", {"name": "m", "rule": "brute", "layer": "soc", "techniques": ["T1110.001"],
                                          "severity": "high", "additionalFields": {"team": "blue"}, "results": RESULTS}),
                action("riskScore", {"score": 20, "scoringType": "auth", "resultFields": {"why": "${ alert.id }"},
                                     "results": RESULTS}),
                action("mitreRiskScore", {"name": "r", "category": "user", "score": 40, "fidelity": 0.5,
                                          "runOnce": True, "results": RESULTS})])
            r = run_algorithm(riposte, folder, "bulk2", algo, config=bulk_config(rec), env=ENV, alert=ALERT)
            got = [ndjson(g) for g in rec.requests()]
            ok = r.code == 0 and len(got) == 3
            m = got[0] if ok else []
            suite.check("mitreTechnique _bulk: each result tagged, into mitre",
                        ok and len(m) == 4 and m[0]["index"]["_index"] == "mitre" and m[1]["host"] == "h1" and
                        m[1]["techniques"] == ["T1110.001"] and m[1]["severity"] == "high" and
                        m[1]["team"] == "blue" and m[1]["rule"] == "brute" and "incident_id" not in m[1],
                        "%s; received %s" % (r.describe(), got))
            rs = got[1] if ok else []
            suite.check("riskScore _bulk: a risk document per result",
                        ok and len(rs) == 4 and rs[0]["index"]["_index"] == "risk" and rs[1]["score"] == 20 and
                        rs[1]["weightedScore"] == 20 and rs[1]["why"] == "a-siem" and
                        rs[3]["object"] == {"host": "h2", "user": "eve"}, got)
            mr = got[2] if ok else []
            suite.check("mitreRiskScore _bulk: runOnce, weighted by fidelity, the user as the object",
                        ok and len(mr) == 2 and mr[1]["weightedScore"] == 20 and mr[1]["fidelity"] == 0.5 and
                        mr[1]["object"] == {"user": "bob"} and mr[1]["category"] == "user", got)
        if suite.wants("_bulk errors"):
            rec.clear()
            rec.set_routes({"/search/_bulk": {"status": 200, "body": {"errors": True, "items": [
                {"index": {"_id": "x", "status": 400, "error": {"type": "mapper_parsing_exception",
                                                               "reason": "bad field"}}}]}}})
            r = run_algorithm(riposte, folder, "bulk3", algorithm([action("indexEvents", {"index": "e", "results": [{}]})]),
                              config=bulk_config(rec), env=ENV)
            err = r.calls[0].get("error", "") if r.calls else ""
            suite.check("_bulk errors: true is an error naming the failed item",
                        r.code == 1 and "item 0 (index _id x) failed with status 400: mapper_parsing_exception" in err,
                        r.describe())
            rec.set_routes({})
        if suite.wants("bad parameters"):
            rec.clear()
            r = run_algorithm(riposte, folder, "bulk4", algorithm([action("mitreTechnique", {
                "techniques": "${ [\"T1059\", \"TA0002\"] }"})]), config=bulk_config(rec), env=ENV)
            err = r.calls[0].get("error", "") if r.calls else ""
            suite.check("bad parameters from ${ } refused with their path, nothing sent",
                        r.code == 1 and "params.techniques[1]" in err and not rec.requests(), r.describe())


def store_docs(db, index):
    con = sqlite3.connect(db)
    try:
        return [json.loads(d) for (d,) in con.execute(
            'SELECT doc FROM index_documents WHERE "index" = ? ORDER BY seq', (index,))]
    finally:
        con.close()


def check_store(suite, riposte, folder):
    if not suite.wants("embedded store"):
        return
    db = os.path.join(folder, "siem.db")
    algo = algorithm([action("indexEvents", {"index": "hosts", "update": True, "key": "host", "results": RESULTS})])
    r1 = run_algorithm(riposte, folder, "store1", algo, alert=ALERT, extra=["--db", db])
    changed = {"id": "a2", "events": [{"id": "e3", "host": "h1", "user": "mallory"}]}
    r2 = run_algorithm(riposte, folder, "store2", algo, alert=changed, extra=["--db", db])
    docs = store_docs(db, "hosts")
    suite.check("embedded store: indexEvents updates in place by key",
                r1.code == 0 and r2.code == 0 and sorted((d["host"], d["user"]) for d in docs) ==
                [("h1", "mallory"), ("h2", "eve")], "%s %s; docs %s" % (r1.describe(), r2.describe(), docs))
    algo = algorithm([action("createIncident", {"title": "t"}),
                      action("mitreTechnique", {"techniques": ["T1078"], "results": RESULTS})])
    r = run_algorithm(riposte, folder, "store3", algo, alert=ALERT, extra=["--db", db])
    inc = r.calls[0]["result"].get("id") or (r.calls[0]["result"].get("ids") or [None])[0] if r.calls else None
    docs = store_docs(db, "mitre")
    suite.check("embedded store: mitreTechnique after createIncident carries its incident_id",
                r.code == 0 and inc and len(docs) == 2 and all(d.get("incident_id") == inc for d in docs),
                "%s; docs %s" % (r.describe(), docs))
    r = run_algorithm(riposte, folder, "store4", algorithm([action("indexEvents", {"index": "x", "results": [{}]})]))
    err = r.calls[0].get("error", "") if r.calls else ""
    suite.check("without --db nor an index section: the error says what is missing",
                r.code == 1 and "needs a document store" in (err + r.stderr), r.describe())


def main():
    return run_check_functions(__doc__, (check_log, check_bulk, check_store))


if __name__ == "__main__":
    sys.exit(main())
