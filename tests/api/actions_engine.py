#!/usr/bin/env python3
"""The actions that act on the engine itself, end to end through `riposte serve --bindings real`.

  tests/api/actions_engine.py --riposte build/tools/riposte

docs/actions-engine.md: a playbook whose algorithm calls createIncident,
setAlertStatus and runPlaybook runs on an alert; the HTTP API must then show
the incident (in the alert's tenant, holding the alert, with the action's
fields), the alert's new status with its change event recorded under the
playbook's name, the other playbook's instance (its `.input` the result it
was launched with, `launchedBy` the launching instance), and the incident
playbook the new incident's trigger launched (setIncidentStatus).  Then the
refusals: a closed alert cannot be edited, a runPlaybook loop stops at its
depth limit, and the action's error lands in the instance and history.

Every playbook matches on a value unique to this script, so the predefined
playbooks never launch.
"""
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import Server, Suite, make_alert, parse_args, run_script, short, unique  # noqa: E402

DEADLINE = 15.0
FINAL = {"Success", "Warning", "Error", "Terminated", "ApprovalTimeExpired", "Rejected"}


def algorithm(*steps):
    return {"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
            "executionFlow": [{"responseAction": {"function": s}} for s in steps]}


def playbook(client, tenant, name, scope, mode, trigger, steps):
    body = {"tenant": tenant, "name": name, "scope": scope, "mode": mode, "algorithm": algorithm(*steps)}
    if trigger:
        body["trigger"] = trigger
    if mode == "auto":
        body["launchingRule"] = "queue"
    r = client.post("/api/v1/playbooks", body)
    if r.status != 201:
        raise AssertionError("create playbook %s: %s %s" % (name, r.status, short(r.body)))
    return r.body["id"]


def instances(client, pb):
    return client.list_all("/api/v1/instances?playbook=" + urllib.parse.quote(pb))


def wait_final(client, pb, count=1):
    end = time.monotonic() + DEADLINE
    while True:
        got = instances(client, pb)
        if len(got) >= count and all(i["status"] in FINAL for i in got):
            return got
        if time.monotonic() > end:
            return got
        time.sleep(0.05)


def main():
    args = parse_args(__doc__)
    suite = Suite("actions_engine")
    with Server(args.riposte, extra_args=["--bindings", "real", "--workers", "2"]) as srv:
        c = srv.client()
        root = srv.boot["tenant"]
        case = unique("engine-acts")
        title = "Brute force on " + case

        with suite.section("createIncident, setAlertStatus, runPlaybook"):
            other = playbook(c, root, unique("other"), "alert", "manual", None,
                             [{"type": "setAlertExternalRef", "params": {"externalRef": "${ .input.ticket }"}}])
            on_incident = playbook(c, root, unique("on-incident"), "incident", "auto",
                                   '.Name == "%s" and event.updateOperations == ["incidentCreated"]' % title,
                                   [{"type": "setIncidentStatus", "params": {"status": "inProgress",
                                                                             "comment": "taken by a playbook"}}])
            main_pb = playbook(c, root, unique("main"), "alert", "auto",
                               '.AdditionalData.case == "%s" and event.updateOperations == ["alertCreated"]' % case,
                               [{"type": "createIncident",
                                 "params": {"title": title, "severity": "${ alert.Severity }",
                                            "workflow": "SOC triage", "description": "# Seen\n\n*brute force*",
                                            "drilldown": {"type": "link", "text": "https://wiki.example/bf"},
                                            "additionalFields": {"rule": "R350"}}},
                                {"type": "setAlertStatus", "params": {"status": "inProgress",
                                                                      "comment": "handled by a playbook"}},
                                {"type": "runPlaybook", "params": {"playbook": other,
                                                                   "results": [{"ticket": "T-" + case}]}}])
            alert = make_alert(root, Severity="high", AdditionalData={"case": case})
            alert.pop("OriginalEvents", None)
            r = c.post("/api/v1/alerts", alert)
            suite.require("the alert is ingested", r, 201)
            alert_id = r.body["id"]

            runs = wait_final(c, main_pb)
            suite.eq("the playbook ran once and succeeded", [i["status"] for i in runs], ["Success"])
            if runs and runs[0]["status"] != "Success":
                suite.fail("... its error", short(c.get("/api/v1/instances/" + runs[0]["id"]).body))
            inst = runs[0]["id"] if runs else "?"
            author = "playbook:%s/instance:%s" % (main_pb, inst)

            incidents = [i for i in c.list_all("/api/v1/incidents") if i.get("Name") == title]
            suite.eq("one incident was created", len(incidents), 1)
            if incidents:
                inc = incidents[0]
                suite.eq("... in the alert's tenant", inc.get("TenantID"), root)
                suite.eq("... with the severity of the ${} token", inc.get("Severity"), "high")
                suite.eq("... the workflow and the Markdown description",
                         (inc.get("WorkflowName"), inc.get("Description")), ("SOC triage", "# Seen\n\n*brute force*"))
                suite.eq("... holding the alert", [a.get("InternalID") for a in inc.get("Alerts", [])], [alert_id])
                extra = inc.get("AdditionalData", {})
                suite.eq("... the drill-down and additional fields kept",
                         (extra.get("drilldown"), extra.get("additionalFields")),
                         ({"type": "link", "text": "https://wiki.example/bf"}, {"rule": "R350"}))
                suite.eq("... naming the playbook and instance that made it", extra.get("createdBy"),
                         {"playbook": main_pb, "instance": inst})
                inc_runs = wait_final(c, on_incident)
                suite.eq("the incident's trigger launched the incident playbook",
                         [(i["objectId"], i["status"]) for i in inc_runs], [(inc["InternalID"], "Success")])
                inc_now = c.get("/api/v1/incidents/" + inc["InternalID"]).body
                suite.eq("... which set the incident's status", inc_now.get("Status"), "inProgress")

            a = c.get("/api/v1/alerts/" + alert_id).body
            suite.eq("the alert's status changed", a.get("Status"), "inProgress")
            changes = c.list_all("/api/v1/alerts/%s/changes" % alert_id)
            mine = [ch for ch in changes if ch.get("user") == author]
            suite.check("the change is recorded with the playbook as its author", len(mine) >= 1, short(changes))
            if mine:
                suite.eq("... with its change event", mine[0].get("event"),
                         {"manual": False, "updateOperations": ["alertChangedToInProgress", "alertCommentAdded"]})
                suite.eq("... and its comment", mine[0].get("patch", {}).get("comment"), "handled by a playbook")

            launched = wait_final(c, other)
            suite.eq("runPlaybook launched the other playbook once", len(launched), 1)
            if launched:
                suite.eq("... for the same alert", launched[0]["objectId"], alert_id)
                suite.eq("... with the result as .input", launched[0]["input"], {"ticket": "T-" + case})
                suite.eq("... launched by the instance", launched[0]["launchedBy"], author)
                suite.eq("... and it ran", launched[0]["status"], "Success")
                suite.eq("... its edit is on the alert", c.get("/api/v1/alerts/" + alert_id).body.get(
                    "ExternalReference"), "T-" + case)

            hist = c.list_all("/api/v1/history?kind=action&instance=" + inst)
            suite.eq("the history has the three calls, each Success",
                     sorted((h.get("action"), h.get("status")) for h in hist),
                     [("createIncident", "Success"), ("runPlaybook", "Success"), ("setAlertStatus", "Success")])

        with suite.section("refusals"):
            case2 = unique("engine-closed")
            closing = playbook(c, root, unique("closing"), "alert", "auto",
                               '.AdditionalData.case == "%s" and event.updateOperations == ["alertCreated"]' % case2,
                               [{"type": "setAlertStatus", "params": {"status": "closed"}},
                                {"type": "setAlertExternalRef", "params": {"externalRef": "too late"}}])
            alert = make_alert(root, AdditionalData={"case": case2})
            alert.pop("OriginalEvents", None)
            alert_id = suite.require("a second alert is ingested", c.post("/api/v1/alerts", alert), 201)["id"]
            runs = wait_final(c, closing)
            suite.eq("editing a closed alert fails the instance", [i["status"] for i in runs], ["Error"])
            if runs:
                err = c.get("/api/v1/instances/" + runs[0]["id"]).body.get("error") or ""
                suite.check("... saying why", "closed alert cannot be edited" in err, err)
            suite.eq("... and the alert keeps no reference", c.get("/api/v1/alerts/" + alert_id).body.get(
                "ExternalReference"), None)

            case3 = unique("engine-loop")
            loop_name = unique("loop")
            loop = playbook(c, root, loop_name, "alert", "manual", None,
                            [{"type": "runPlaybook", "params": {"playbook": "SELF"}}])
            # The playbook launches itself: its own id is known only now.
            body = {"algorithm": algorithm({"type": "runPlaybook", "params": {"playbook": loop}})}
            suite.require("the loop playbook names itself", c.put("/api/v1/playbooks/" + loop, body), 200)
            alert = make_alert(root, AdditionalData={"case": case3})
            alert.pop("OriginalEvents", None)
            alert_id = suite.require("a third alert is ingested", c.post("/api/v1/alerts", alert), 201)["id"]
            suite.require("the loop is launched by hand",
                          c.post("/api/v1/playbooks/%s/launch" % loop, {"objectId": alert_id}), 201)
            runs = wait_final(c, loop, count=3)
            suite.eq("a runPlaybook loop stops at depth 3",
                     sorted(i["status"] for i in runs), ["Error", "Success", "Success"])
            errors = [i.get("error") or "" for i in runs if i["status"] == "Error"]
            suite.check("... with the reason", errors and "runs 3 times already" in errors[0], errors)
        srv.stop()
    return suite.finish()


if __name__ == "__main__":
    run_script(main)
