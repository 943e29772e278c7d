#!/usr/bin/env python3
"""A realistic flow through the API.

  tests/api/end_to_end.py --riposte build/tools/riposte

The Main administrator creates a tenant tree and users; a Tier 2 analyst of
tenant A ingests a batch of 200 corpus alerts (../shared/corpus/gen_alerts.py),
creates a playbook with a trigger, and `find` with that trigger returns
exactly the alerts that `riposte match` (the CLI, same trigger, same alerts)
says match -- and none of tenant B's, which would match too.  The analyst
then patches an alert (status, assignee, comment, external reference,
additional data) and reads its change events (data-model.md operations).
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (Server, Suite, Tree, corpus_alerts, make_user, parse_args, playbook_body,  # noqa
                            run_script, short, unique)

TRIGGER = '(.Severity == "high") or ([.DetectionTechnologies[] | . == "IOC"] | any)'


def riposte_match(riposte, trigger, alerts):
    """InternalIDs of `alerts` that `riposte match` says the trigger matches (errors are returned too)."""
    with tempfile.TemporaryDirectory(prefix="riposte-api-match-") as d:
        tp, ap = os.path.join(d, "t.jsonl"), os.path.join(d, "a.jsonl")
        with open(tp, "w") as f:
            f.write(json.dumps({"id": "t", "scope": "alert", "trigger": trigger}) + "\n")
        with open(ap, "w") as f:
            for a in alerts:
                f.write(json.dumps(a) + "\n")
        p = subprocess.run([riposte, "match", "--triggers", tp, "--alerts", ap], capture_output=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("riposte match exited %d: %s" % (p.returncode, p.stderr.decode()[:500]))
    matched, errors = set(), []
    lines = p.stdout.decode().splitlines()
    if len(lines) != len(alerts):
        raise RuntimeError("riposte match printed %d lines for %d alerts" % (len(lines), len(alerts)))
    for line in lines:
        row = json.loads(line)
        if "t" in row["matched"]:
            matched.add(alerts[row["alert"]]["InternalID"])
        if row.get("errors"):
            errors.append(row)
    return matched, errors


def main():
    args = parse_args(__doc__)
    suite = Suite("end_to_end")
    with Server(args.riposte) as srv:
        with suite.section("the flow"):
            admin = srv.client()
            tree = Tree(srv)
            A, B = tree.ids["A"], tree.ids["B"]
            suite.ok("tenants root > A > A1, root > B")
            analyst_id, analyst = make_user(admin, A, "tier2Analyst", name=unique("analyst"))
            suite.ok("a Tier 2 analyst on A with a token")
            r = admin.get("/api/v1/users/" + analyst_id)
            if suite.status("GET the analyst", r, 200):
                suite.eq("its roles", r.body.get("roles"), [{"tenant": A, "role": "tier2Analyst"}])

            alerts = corpus_alerts(200, 5, A)
            raw = ("\n".join(json.dumps(a) for a in alerts) + "\n").encode()
            r = analyst.post("/api/v1/alerts", raw=raw, ctype="application/x-ndjson",
                             headers={"Idempotency-Key": unique("batch")})
            body = suite.require("the analyst ingests 200 corpus alerts -> 200", r, 200)
            suite.eq("accepted 200, ids in order", body, {"accepted": 200, "ids": [a["InternalID"] for a in alerts]})
            others = corpus_alerts(30, 6, B)
            raw = ("\n".join(json.dumps(a) for a in others) + "\n").encode()
            suite.require("the admin ingests 30 alerts of B", admin.post("/api/v1/alerts", raw=raw,
                                                                          ctype="application/x-ndjson"), 200)
            listed = analyst.list_all("/api/v1/alerts", limit=64)
            suite.eq("the analyst lists exactly A's 200 alerts", sorted(a["InternalID"] for a in listed),
                     sorted(a["InternalID"] for a in alerts))
            one = analyst.get("/api/v1/alerts/" + alerts[7]["InternalID"])
            if suite.status("GET one alert", one, 200):
                suite.eq("stored as sent (the data-model fields)", {k: one.body.get(k) for k in alerts[7]}, alerts[7])

            pb_body = playbook_body(A, name="High or IOC", trigger=TRIGGER, tags=["e2e"])
            pb = suite.require("the analyst creates a playbook with the trigger", analyst.post("/api/v1/playbooks",
                                                                                                pb_body), 201)
            suite.eq("it is listed", pb["id"] in {p["id"] for p in analyst.list_all("/api/v1/playbooks?tags=e2e")},
                     True)

            expect, errors = riposte_match(args.riposte, TRIGGER, alerts)
            suite.check("riposte match: no errors", not errors, short(errors))
            suite.check("the trigger matches some but not all (%d of 200)" % len(expect), 0 < len(expect) < 200,
                        len(expect))
            b_expect, _ = riposte_match(args.riposte, TRIGGER, others)
            suite.check("it would match some of B's alerts too (%d)" % len(b_expect), len(b_expect) > 0, "")
            found, cursor, pages = [], None, 0
            while True:
                r = analyst.post("/api/v1/playbooks/find?limit=25" + ("" if cursor is None else "&cursor=" + cursor),
                                 {"scope": "alert", "trigger": TRIGGER})
                if not suite.status("find, page %d" % (pages + 1), r, 200):
                    break
                pages += 1
                found += [x.get("InternalID") for x in r.body["items"]]
                cursor = r.body["next"]
                if cursor is None or pages > 100:
                    break
            suite.eq("find returns each match once", len(found), len(set(found)))
            suite.eq("find == riposte match on the same alerts", sorted(set(found)), sorted(expect))
            suite.check("find needed several pages", pages >= 2, pages)

            target = next(a for a in alerts if a["Status"] == "new")
            path = "/api/v1/alerts/" + target["InternalID"]
            steps = [
                ({"Status": "inProgress", "manual": True}, ["alertChangedToInProgress"], True),
                ({"Assignee": [{"ID": analyst_id, "Name": "analyst"}], "manual": True}, ["alertAssigned"], True),
                ({"ExternalReference": "https://tickets.example.com/T-1", "manual": True},
                 ["alertExternalReferenceChanged"], True),
                ({"AdditionalData": {"triage": "done"}, "manual": False}, ["alertAdditionalDataChanged"], False),
                ({"comment": "looked at it", "manual": True}, ["alertCommentAdded"], True),
                ({"Assignee": [], "manual": True}, ["alertUnassigned"], True),
                ({"Status": "closed", "StatusResolution": "truePositive", "manual": True}, ["alertChangedToClosed"],
                 True),
            ]
            for patch, _, _ in steps:
                r = analyst.patch(path, patch)
                suite.status("PATCH %s -> 200" % short(patch, 80), r, 200)
            g = analyst.get(path)
            if suite.status("GET the patched alert", g, 200):
                b = g.body
                suite.eq("the stored alert carries the changes",
                         (b.get("Status"), b.get("StatusResolution"), b.get("Assignee"), b.get("ExternalReference"),
                          b.get("AdditionalData")),
                         ("closed", "truePositive", [], "https://tickets.example.com/T-1", {"triage": "done"}))
            ch = analyst.list_all(path + "/changes")
            events = [c.get("event") for c in ch if isinstance(c, dict)]
            if events and events[0] == {"manual": False, "updateOperations": ["alertCreated"]}:
                events = events[1:]
            suite.eq("the change events, oldest first",
                     events, [{"manual": m, "updateOperations": ops} for _, ops, m in steps])
            r = analyst.patch(path, {"comment": "after the fact", "manual": True})
            suite.status("PATCH of a closed alert that does not reopen it -> 409", r, 409)
            r = analyst.patch(path, {"Status": "inProgress", "comment": "reopened", "manual": True})
            suite.status("reopening the closed alert -> 200", r, 200)
            ch = analyst.list_all(path + "/changes")
            suite.eq("the reopening's change event", ch[-1].get("event") if ch else None,
                     {"manual": True, "updateOperations": ["alertReopened", "alertChangedToInProgress",
                                                           "alertCommentAdded"]})
            r = analyst.get("/api/v1/playbooks/%s/changelog" % pb["id"])
            if suite.status("the playbook's changelog", r, 200):
                suite.check("one entry, by the analyst", len(r.body["items"]) == 1 and
                            r.body["items"][0].get("user") == analyst_id, short(r.body))
        try:
            srv.stop()
            suite.ok("server stops on SIGTERM with status 0")
        except Exception as e:
            suite.fail("server stops on SIGTERM with status 0", e)
    return suite.finish()


if __name__ == "__main__":
    run_script(main)
