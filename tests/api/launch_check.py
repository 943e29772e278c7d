#!/usr/bin/env python3
"""Launching, instances, approvals and history, end to end through `riposte serve`.

  tests/api/launch_check.py --riposte build/tools/riposte

The rules are docs/launch.md and ../shared/spec/engine.md (Launching,
Approvals, History); the routes and resources are api.md and docs/api.md;
the JSON field names are engine/instance_json.cpp's.  tests/unit/engine/
launch_test.cpp checks the same scenarios on `engine::Service`; this script
checks the HTTP contract: statuses, bodies, problem paths, and what the
instances, approvals, history and /metrics say afterwards.

Set-up: the tree of the fixture (root > A > A1, root > B), users with one
role each, made through the API.  Every playbook here matches on
`.AdditionalData.case`, a value unique to its scenario, so that no
playbook matches another scenario's alerts; the alerts carry no
OriginalEvents, so the predefined playbooks of the root tenant (P001, P003
match on OriginalEvents) never launch for them.  Instances run with the
dry-run bindings.  A step with `manualApprove` holds an instance unfinished
(Awaiting approval) as long as a check needs it to.

Waits poll with a deadline (10 s) for the expected value; a check that
something does NOT happen holds the value steady for 0.6 s first.  Expiry
runs on servers of their own started with `--time-scale`, so a 24 h launch
approval expires within the same 10 s deadline (it never could otherwise).

Sections, each check naming its rule:
   1 modes           auto runs to Success; training awaits a launch approval; manual never launches by itself
   2 launching rules queue / terminateAndLaunch / skip on a second match for the same alert
   3 manual launch   targets as .input; ifRunning wait / terminate / cancel; Idempotency-Key; bad bodies
   4 training        approve, reject, a manual launch of one awaiting; expiry (--time-scale)
   5 action approval per asset: partial approval, 422 / 409 / 403 / 404; expiry of an action (--time-scale)
   6 terminate       one, many, unknown (404, nothing done), finished ones "unchanged", rights
   7 delete          refused (409) while an instance is unfinished, allowed after terminate
   8 mode change     runningInstances terminateAll / terminateAwaiting / keep
   9 launch for all  launchForAllMatching over stored alerts, closed ones excluded, launch-progress
  10 history         every column of one instance's rows, the filters, tenant scoping, ViewHistory
  11 metrics         instances by status, per-playbook trigger counters, action calls
"""
import datetime
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (CheckFailed, Server, Suite, Tree, make_alert, new_uuid, parse_args,  # noqa: E402
                            playbook_body, response_problem, run_script, short, unique)

DEADLINE = 10.0   # seconds a wait polls for its expected value
STEADY = 0.6      # seconds a value must hold for "nothing happens"
POLL = 0.05

USERS = '${[alert.Assets[] | select(.Type == "user") | .ID]}'
HOSTS = '${[alert.Assets[] | select(.Type == "host") | .ID]}'
TARGETS = '${[.input.assets[] | .ID]}'   # target objects of a manual launch reach the algorithm as .input

# Every duration elapses N times faster (docs/launch.md, "--time-scale N").
LAUNCH_EXPIRY_SCALE = 864000   # launch approval 24 h -> 0.1 s
ACTION_EXPIRY_SCALE = 6000     # manualApprove 10 m -> 0.1 s (and playbookRunTimeout 24 h -> 14.4 s, out of the way)

FINAL = {"Success", "Warning", "Error", "Terminated", "ApprovalTimeExpired", "Rejected"}


# --------------------------------------------------------------------------------------------- data

def step(action="blockLDAPAccount", assets=USERS, params=None, approve=False):
    """One responseAction step; `approve` adds manualApprove with a 10 minute timeout."""
    fn = {"type": action, "assets": assets}
    if params is not None:
        fn["params"] = params
    s = {"function": fn}
    if approve:
        s["manualApprove"] = {"timeout": "10m"}
    return {"responseAction": s}


def algorithm(*steps):
    return {"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
            "executionFlow": list(steps or [step()])}


def trigger_of(case):
    return '.AdditionalData.case == "%s"' % case


def alert_body(tenant, case, users=("u1", "u2"), hosts=(), severity="high"):
    assets = [{"ID": h, "Type": "host", "Name": h} for h in hosts] + \
             [{"ID": u, "Type": "user", "Name": u} for u in users]
    return make_alert(tenant, Severity=severity, OriginalEvents=[], AdditionalData={"case": case}, Assets=assets)


def when(t):
    """An RFC 3339 time of the API -> datetime (None stays None)."""
    if t is None:
        return None
    return datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))


def seconds_between(a, b):
    return (when(b) - when(a)).total_seconds()


def poll(fetch, done, timeout=DEADLINE):
    """fetch() until done(value) or the deadline; the last value."""
    end = time.monotonic() + timeout
    while True:
        v = fetch()
        if done(v) or time.monotonic() >= end:
            return v
        time.sleep(POLL)


def steady(fetch, hold=STEADY, timeout=DEADLINE):
    """The value once it has not changed for `hold` seconds (or the last one at the deadline)."""
    end = time.monotonic() + timeout
    v = fetch()
    since = time.monotonic()
    while time.monotonic() < end:
        time.sleep(POLL)
        w = fetch()
        if w != v:
            v, since = w, time.monotonic()
        elif time.monotonic() - since >= hold:
            break
    return v


def error_paths(r):
    b = r.body if isinstance(r.body, dict) else {}
    return [e.get("path") for e in b.get("errors") or [] if isinstance(e, dict)]


def problem_at(r, status, path):
    """'' when `r` is the problem `status` with an error at JSON path `path`."""
    p = response_problem(r, status)
    if p:
        return p
    if path is not None and path not in error_paths(r):
        return "%s %s: %d without an error at path %r (paths %s): %s" % (r.method, r.url, status, path,
                                                                          error_paths(r), short(r.raw, 400))
    return ""


def diff(got, want):
    """The keys of `want` whose values `got` does not have, as 'key: got X, expected Y'."""
    bad = ["%s: got %s, expected %s" % (k, short(got.get(k), 120), short(v, 120))
           for k, v in want.items() if got.get(k, "<absent>") != v]
    return "; ".join(bad)


# --------------------------------------------------------------------------------------------- client

class Launch:
    """The operations of the scenarios, over one server."""

    def __init__(self, suite, srv):
        self.suite = suite
        self.srv = srv
        self.admin = srv.client()

    # ---- making things
    def playbook(self, tenant, case, mode, rule=None, steps=None, client=None, trigger=None, **extra):
        body = playbook_body(tenant, mode=mode, algorithm=algorithm(*(steps or [])),
                             trigger=trigger if trigger is not None else trigger_of(case))
        if mode == "auto":
            body["launchingRule"] = rule or "queue"
        if mode == "manual":
            body["trigger"] = None
        body.update(extra)
        r = (client or self.admin).post("/api/v1/playbooks", body)
        p = response_problem(r, 201)
        if p:
            raise CheckFailed("creating a %s playbook: %s" % (mode, p))
        return r.body["id"]

    def get_playbook(self, pb):
        r = self.admin.get("/api/v1/playbooks/" + pb)
        p = response_problem(r, 200)
        if p:
            raise CheckFailed(p)
        return r.body

    def alert(self, tenant, case, client=None, **kw):
        r = (client or self.admin).post("/api/v1/alerts", alert_body(tenant, case, **kw))
        p = response_problem(r, 201)
        if p:
            raise CheckFailed("ingesting an alert: %s" % p)
        return r.body["id"]

    def patch(self, alert_id, body):
        r = self.admin.patch("/api/v1/alerts/" + alert_id, body)
        p = response_problem(r, 200)
        if p:
            raise CheckFailed("patching an alert: %s" % p)
        return r.body

    # ---- reading
    def instances(self, pb=None, object_id=None, status=None, client=None):
        """Instances in launch order (createdAt; the listing's order among equal times)."""
        q = {k: v for k, v in (("playbook", pb), ("objectId", object_id), ("status", status)) if v is not None}
        items = (client or self.admin).list_all("/api/v1/instances?" + urllib.parse.urlencode(q))
        return sorted(items, key=lambda i: i.get("createdAt") or "")

    def statuses(self, pb, object_id=None):
        return [i.get("status") for i in self.instances(pb, object_id)]

    def wait_statuses(self, pb, want, object_id=None):
        return poll(lambda: self.statuses(pb, object_id), lambda s: s == want)

    def steady_statuses(self, pb, object_id=None):
        return steady(lambda: self.statuses(pb, object_id))

    def instance(self, iid, client=None):
        r = (client or self.admin).get("/api/v1/instances/" + iid)
        p = response_problem(r, 200)
        if p:
            raise CheckFailed(p)
        return r.body

    def status_of(self, iid):
        return self.instance(iid).get("status")

    def wait_instance(self, iid, want):
        return poll(lambda: self.status_of(iid), lambda s: s == want)

    def approvals(self, instance=None, kind=None, status="any", client=None):
        q = {k: v for k, v in (("instance", instance), ("kind", kind), ("status", status)) if v is not None}
        return (client or self.admin).list_all("/api/v1/approvals?" + urllib.parse.urlencode(q))

    def approval(self, instance, kind):
        """The one request of `kind` of an instance (CheckFailed otherwise)."""
        got = self.approvals(instance=instance, kind=kind)
        if len(got) != 1:
            raise CheckFailed("instance %s has %d %s approval requests, expected 1: %s"
                              % (instance, len(got), kind, short(got)))
        return got[0]

    def approval_by_id(self, aid):
        for a in self.approvals():
            if a.get("id") == aid:
                return a
        raise CheckFailed("approval %s is not listed with status=any" % aid)

    def history(self, client=None, **q):
        return (client or self.admin).list_all("/api/v1/history?" + urllib.parse.urlencode(q))

    # ---- operations
    def launch(self, pb, body, client=None, key=None):
        return (client or self.admin).post("/api/v1/playbooks/%s/launch" % pb, body,
                                           headers={"Idempotency-Key": key} if key is not None else None)

    def decide(self, ids, decision, assets=None, client=None):
        body = {"ids": ids, "decision": decision}
        if assets is not None:
            body["assets"] = assets
        return (client or self.admin).post("/api/v1/approvals/decide", body)

    def terminate(self, ids, client=None):
        return (client or self.admin).post("/api/v1/instances/terminate", {"ids": ids})


def calls_of(inst):
    return sorted((c.get("type"), c.get("asset"), c.get("status")) for c in inst.get("calls") or [])


# --------------------------------------------------------------------------------------------- 1 modes

def check_modes(suite, L, tree):
    A = tree.ids["A"]

    # Auto: the trigger's match launches at once and the instance runs.
    case = unique("auto")
    pb = L.playbook(A, case, "auto", "queue", steps=[step()])
    alert = L.alert(A, case)
    L.alert(A, unique("nomatch"))
    got = L.wait_statuses(pb, ["Success"])
    if not suite.eq("auto: an alert the trigger matches launches one instance, which runs to Success "
                    "(an alert it does not match launches none)", got, ["Success"]):
        return
    inst = L.instances(pb)[0]
    suite.check("auto: the instance names its playbook, object and tenant, was launched by the trigger "
                "(launchedBy null), has no input and waits for nothing",
                not diff(inst, {"playbook": pb, "objectType": "alert", "objectId": alert, "tenant": A,
                                "launchedBy": None, "approver": None, "waitingFor": None, "input": None}),
                diff(inst, {"playbook": pb, "objectType": "alert", "objectId": alert, "tenant": A,
                            "launchedBy": None, "approver": None, "waitingFor": None, "input": None}))
    suite.check("auto: a finished instance has start <= end", inst.get("start") and inst.get("end") and
                when(inst["start"]) <= when(inst["end"]), short(inst))
    full = L.instance(inst["id"])
    suite.eq("auto: GET /instances/{id} lists the step with its path, type, status and assets",
             [(s.get("path"), s.get("type"), s.get("status"), s.get("assets")) for s in full.get("steps") or []],
             [("executionFlow[0]", "blockLDAPAccount", "Success", ["u1", "u2"])])
    suite.eq("auto: GET /instances/{id} lists one call per asset, each Success",
             calls_of(full), [("blockLDAPAccount", "u1", "Success"), ("blockLDAPAccount", "u2", "Success")])
    suite.eq("auto: the playbook counts the launch (launches 1)", L.get_playbook(pb).get("launches"), 1)

    # Training: a match asks for approval to launch, in the intake's own transaction.
    case = unique("training")
    pb = L.playbook(A, case, "training", steps=[step()])
    alert = L.alert(A, case)
    got = L.instances(pb)   # no wait: matching and launching commit with the alert
    suite.eq("training: the intake's answer comes after one instance AwaitingApproval is stored",
             [i.get("status") for i in got], ["AwaitingApproval"])
    if not got:
        return
    iid = got[0]["id"]
    reqs = L.approvals(instance=iid)
    want = {"kind": "launch", "instance": iid, "playbook": pb, "objectId": alert, "objectType": "alert",
            "assets": [], "action": None, "status": "Pending", "tenant": A}
    suite.check("training: with one \"launch\" approval request (no assets, Pending) for that instance",
                len(reqs) == 1 and not diff(reqs[0], want), short(reqs) if len(reqs) != 1 else diff(reqs[0], want))
    if len(reqs) == 1:
        suite.check("training: the launch request is due 24 h after it was made (launch_approval_timeout)",
                    reqs[0].get("dueAt") and abs(seconds_between(reqs[0]["requestedAt"], reqs[0]["dueAt"]) - 86400) < 1,
                    short(reqs[0]))
        listed = [a.get("id") for a in L.admin.list_all("/api/v1/approvals")]
        suite.check("training: GET /api/v1/approvals (pending by default) lists it", reqs[0]["id"] in listed,
                    "%s not in %s" % (reqs[0]["id"], short(listed)))
    held = steady(lambda: (L.status_of(iid), L.instance(iid).get("start"), calls_of(L.instance(iid))))
    suite.eq("training: the instance does not start before approval (AwaitingApproval, start null, no calls)",
             held, ("AwaitingApproval", None, []))
    L.patch(alert, {"Status": "inProgress", "manual": False})
    suite.eq("training: a second match for the same alert makes neither a second instance nor a second request "
             "(one request per playbook and object at a time)",
             (L.steady_statuses(pb), [a.get("status") for a in L.approvals(kind="launch") if a.get("playbook") == pb]),
             (["AwaitingApproval"], ["Pending"]))

    # Manual: never launched by a trigger (it has none), not on intake, not on a change.
    case = unique("manual")
    pb = L.playbook(A, case, "manual", steps=[step()])
    alert = L.alert(A, case)
    L.patch(alert, {"Status": "inProgress", "manual": False})
    L.patch(alert, {"comment": "looked", "manual": True})
    suite.eq("manual: neither the intake nor changes of an alert launch a manual playbook",
             L.steady_statuses(pb), [])
    suite.eq("manual: launches stays 0", L.get_playbook(pb).get("launches"), 0)


# --------------------------------------------------------------------------------------------- 2 rules

# rule, what it does when the playbook already runs for the alert, statuses in launch order after the
# second match, whether the new instance waits for the first (None: there is no new one)
RULES = [
    ("queue", "a second match queues a new instance behind the unfinished one (InProgress, not started)",
     ["AwaitingApproval", "InProgress"], True),
    ("terminateAndLaunch", "a second match terminates the unfinished instance and launches one that runs",
     ["Terminated", "AwaitingApproval"], False),
    ("skip", "a second match launches nothing", ["AwaitingApproval"], None),
]


def check_rules(suite, L, tree):
    A = tree.ids["A"]
    for rule, what, want, waits in RULES:
        with suite.section("rule %s" % rule):
            case = unique("rule")
            pb = L.playbook(A, case, "auto", rule, steps=[step(approve=True)])
            suite.eq("%s: the playbook keeps its launchingRule" % rule, L.get_playbook(pb).get("launchingRule"), rule)
            alert = L.alert(A, case)
            first = L.wait_statuses(pb, ["AwaitingApproval"])
            if first != ["AwaitingApproval"]:
                raise CheckFailed("%s: the first instance did not reach its action approval: %s" % (rule, first))
            first_id = L.instances(pb)[0]["id"]
            L.patch(alert, {"Status": "inProgress", "manual": False})   # a change the trigger matches again
            got = L.wait_statuses(pb, want)
            got = L.steady_statuses(pb) if got == want else got
            suite.eq("%s: %s (statuses in launch order)" % (rule, what), got, want)
            insts = L.instances(pb)
            if waits is not None and len(insts) == 2:
                new = insts[1]
                suite.eq("%s: the new instance's waitingFor is %s" % (rule, "the first one" if waits else "null"),
                         new.get("waitingFor"), first_id if waits else None)
            if rule == "queue" and len(insts) == 2:
                suite.eq("queue: the queued instance has not started (start null)", insts[1].get("start"), None)
                r = L.terminate([first_id])
                suite.status("queue: terminating the first -> 200", r, 200)
                got = L.wait_statuses(pb, ["Terminated", "AwaitingApproval"])
                suite.eq("queue: the queued instance starts when the one it waits for ends, and runs to its "
                         "own approval", got, ["Terminated", "AwaitingApproval"])
                suite.eq("queue: once started it waits for nothing", L.instances(pb)[1].get("waitingFor"), None)
            if rule == "terminateAndLaunch":
                suite.eq("terminateAndLaunch: the terminated instance's pending action approval ends Cancelled",
                         [a.get("status") for a in L.approvals(instance=first_id)], ["Cancelled"])
            if rule == "skip":
                suite.eq("skip: launches stays 1", L.get_playbook(pb).get("launches"), 1)
                suite.eq("skip: the first instance keeps its one pending request",
                         [a.get("status") for a in L.approvals(instance=first_id)], ["Pending"])


# --------------------------------------------------------------------------------------------- 3 manual launch

# ifRunning, the answer's status, statuses for the alert in launch order, what the rule says
IF_RUNNING = [
    (None, 201, ["AwaitingApproval", "InProgress"], "without ifRunning a launch waits: a new instance queued "
                                                    "behind the running one"),
    ("wait", 201, ["AwaitingApproval", "InProgress"], "wait: a new instance queued behind the running one"),
    ("terminate", 201, ["Terminated", "AwaitingApproval"], "terminate: the running one ends Terminated, the new "
                                                           "one runs"),
    ("cancel", 200, ["AwaitingApproval"], "cancel: nothing is launched"),
]


def check_manual_launch(suite, L, tree):
    A = tree.ids["A"]
    analyst = tree.user("tier2Analyst", "A")
    analyst_id = tree.user_id("tier2Analyst", "A")

    # Target objects become .input, and the algorithm reads them there.
    with suite.section("manual launch with targets"):
        case = unique("targets")
        pb = L.playbook(A, case, "manual", steps=[step("blockLDAPAccount", TARGETS)])
        alert = L.alert(A, case)
        targets = {"assets": [{"ID": "t9", "Type": "user"}]}
        r = L.launch(pb, {"objectId": alert, "targets": targets}, client=analyst)
        body = suite.require("launch with targets -> 201 with the Instance", r, 201)
        suite.check("the answer is the instance: its playbook, object, launchedBy = the caller, status InProgress",
                    not diff(body, {"playbook": pb, "objectId": alert, "launchedBy": analyst_id,
                                    "status": "InProgress"}),
                    diff(body, {"playbook": pb, "objectId": alert, "launchedBy": analyst_id, "status": "InProgress"}))
        suite.eq("targets are the instance's input, the missing list empty",
                 body.get("input"), {"assets": [{"ID": "t9", "Type": "user"}], "observables": []})
        got = L.wait_instance(body["id"], "Success")
        suite.eq("the launched instance runs to Success", got, "Success")
        suite.eq("the algorithm reads the targets as .input (one call, on the target asset t9, none on the "
                 "alert's u1, u2)", calls_of(L.instance(body["id"])), [("blockLDAPAccount", "t9", "Success")])
        r = L.launch(pb, {"objectId": alert, "targets": {"observables": [{"Type": "ip", "Value": "10.0.0.9"}]}})
        if suite.status("launch with observables only -> 201", r, 201):
            suite.eq("observables only: input gets \"assets\": []", r.body.get("input"),
                     {"observables": [{"Type": "ip", "Value": "10.0.0.9"}], "assets": []})

    # ifRunning, one alert per case; the first launch is held at its action approval.
    pb = L.playbook(A, unique("ifrunning"), "manual", steps=[step(approve=True)])
    for if_running, status, want, rule in IF_RUNNING:
        name = "ifRunning %s" % (if_running or "absent")
        with suite.section(name):
            alert = L.alert(A, unique("ifr"))
            r = L.launch(pb, {"objectId": alert})
            first = suite.require("%s: the first launch -> 201" % name, r, 201)
            got = L.wait_statuses(pb, ["AwaitingApproval"], alert)
            if got != ["AwaitingApproval"]:
                raise CheckFailed("%s: the first instance did not reach its action approval: %s" % (name, got))
            body = {"objectId": alert}
            if if_running is not None:
                body["ifRunning"] = if_running
            r = L.launch(pb, body)
            if not suite.status("%s: the second launch -> %d" % (name, status), r, status):
                continue
            if status == 200:
                b = r.body
                suite.check("%s: answers {\"launched\": false, \"reason\": text}" % name,
                            isinstance(b, dict) and set(b) == {"launched", "reason"} and b["launched"] is False and
                            isinstance(b["reason"], str) and b["reason"], short(b))
            got = L.wait_statuses(pb, want, alert)
            got = L.steady_statuses(pb, alert) if got == want else got
            suite.eq("%s: %s" % (name, rule), got, want)
            insts = L.instances(pb, alert)
            if status == 201 and len(insts) == 2:
                suite.eq("%s: the answer is the new instance" % name, r.body.get("id"), insts[1]["id"])
                queued = want[1] == "InProgress"
                suite.eq("%s: the new instance's waitingFor is %s" % (name, "the running one" if queued else "null"),
                         insts[1].get("waitingFor"), first["id"] if queued else None)

    # Idempotency-Key: a repeat answers the first answer and launches nothing.
    with suite.section("launch Idempotency-Key"):
        alert = L.alert(A, unique("idem"))
        key = unique("launch-key")
        r1 = L.launch(pb, {"objectId": alert}, key=key)
        first = suite.require("a launch under an Idempotency-Key -> 201", r1, 201)
        r2 = L.launch(pb, {"objectId": alert}, key=key)
        if suite.status("the same request under the same key -> 201 again", r2, 201):
            suite.eq("the replay's body is the first answer (same instance)", r2.body, first)
            suite.eq("the replay says Idempotent-Replayed: true", r2.headers.get("Idempotent-Replayed"), "true")
        suite.eq("the replay launched nothing: one instance for the alert",
                 [i["id"] for i in L.instances(pb, alert)], [first["id"]])
        r3 = L.launch(pb, {"objectId": alert, "ifRunning": "cancel"}, key=key)
        suite.status("the same key with another body -> 409", r3, 409)
        # The key names one request: its route is the path requested (docs/api.md, Idempotency), so the same
        # key and body sent to another playbook's launch is a different request under a used key, not a replay.
        other = L.playbook(A, unique("idem2"), "manual", steps=[step(approve=True)])
        r5 = L.launch(other, {"objectId": alert}, key=key)
        suite.status("the same key and body on another playbook's launch (another route) -> 409, not a replay",
                     r5, 409)
        suite.eq("... and it launched nothing", L.instances(other), [])
        # An empty header field never reaches the server (cpp-httplib drops it while parsing; docs/api.md,
        # Idempotency): the request is one without a key, so two of them are two launches.
        before = len(L.instances(pb, alert))
        r4 = L.launch(pb, {"objectId": alert}, key="")
        r6 = L.launch(pb, {"objectId": alert}, key="")
        if suite.status("an empty Idempotency-Key is served as no key -> 201", r4, 201) and \
                suite.status("... and again -> 201", r6, 201):
            suite.eq("... two launches, not a replay", len(L.instances(pb, alert)), before + 2)
            suite.eq("... no Idempotent-Replayed header", r6.headers.get("Idempotent-Replayed"), None)

    # Bad bodies: the status and the JSON path of the error; nothing launched.
    with suite.section("launch bad bodies"):
        alert = L.alert(A, unique("bad"))
        bad = [
            ("an unknown field", {"objectId": alert, "bogus": 1}, 400, "bogus"),
            ("no objectId", {"ifRunning": "wait"}, 400, "objectId"),
            ("objectId not a string", {"objectId": 7}, 400, "objectId"),
            ("ifRunning not wait/terminate/cancel", {"objectId": alert, "ifRunning": "later"}, 422, "ifRunning"),
            ("ifRunning not a string", {"objectId": alert, "ifRunning": True}, 400, "ifRunning"),
            ("targets not an object", {"objectId": alert, "targets": []}, 400, "targets"),
            ("a target list other than observables/assets", {"objectId": alert, "targets": {"hosts": []}}, 422,
             "targets.hosts"),
            ("targets.assets not an array", {"objectId": alert, "targets": {"assets": {}}}, 400, "targets.assets"),
            ("a target that is not an object", {"objectId": alert, "targets": {"assets": ["h1"]}}, 400,
             "targets.assets[0]"),
            ("an unknown objectId", {"objectId": new_uuid()}, 404, "objectId"),
        ]
        for what, body, status, path in bad:
            r = L.launch(pb, body)
            p = problem_at(r, status, path)
            suite.check("launch with %s -> %d at %r" % (what, status, path), not p, p)
        suite.eq("the refused launches launched nothing", L.instances(pb, alert), [])
        # A non-manual playbook launches by hand only where its trigger matches (event null).
        training = L.playbook(A, unique("nomatch"), "training", steps=[step()])
        p = problem_at(L.launch(training, {"objectId": alert}), 422, "objectId")
        suite.check("launching a playbook whose trigger does not match the object -> 422 at objectId", not p, p)
        b_alert = L.alert(tree.ids["B"], unique("other-tenant"))
        p = problem_at(L.launch(pb, {"objectId": b_alert}), 422, "objectId")
        suite.check("launching on an object of a tenant that does not hold the playbook -> 422 at objectId",
                    not p, p)
        suite.status("launching an unknown playbook -> 404", L.launch(new_uuid(), {"objectId": alert}), 404)
        suite.status("an observer (no LaunchPlaybook) -> 403",
                     L.launch(pb, {"objectId": alert}, client=tree.user("observer", "A")), 403)
        suite.status("a Tier 2 analyst of the sibling tenant B (cannot read the playbook) -> 404",
                     L.launch(pb, {"objectId": alert}, client=tree.user("tier2Analyst", "B")), 404)
        suite.eq("still nothing launched for the alert", L.instances(pb, alert), [])


# --------------------------------------------------------------------------------------------- 4 training

def check_training(suite, L, tree):
    A = tree.ids["A"]
    junior, junior_id = tree.user("juniorAnalyst", "A"), tree.user_id("juniorAnalyst", "A")
    case = unique("train")
    pb = L.playbook(A, case, "training", steps=[step()])
    alerts = [L.alert(A, case) for _ in range(3)]
    insts = [L.instances(pb, a) for a in alerts]
    if any(len(i) != 1 or i[0].get("status") != "AwaitingApproval" for i in insts):
        raise CheckFailed("training: expected one AwaitingApproval instance per alert: %s" % short(insts))
    i1, i2, i3 = (i[0]["id"] for i in insts)
    r1, r2, r3 = (L.approval(i, "launch") for i in (i1, i2, i3))

    suite.status("approving a launch needs ApproveLaunch: the approver role (ApproveAction only) -> 403",
                 L.decide([r1["id"]], "approve", client=tree.user("approver", "A")), 403)
    suite.status("an observer deciding a launch -> 403",
                 L.decide([r1["id"]], "approve", client=tree.user("observer", "A")), 403)
    suite.status("a user of the sibling tenant B deciding A's request -> 404",
                 L.decide([r1["id"]], "approve", client=tree.user("juniorAnalyst", "B")), 404)
    suite.eq("the refused decisions left the request Pending", L.approval_by_id(r1["id"]).get("status"), "Pending")

    # approve
    r = L.decide([r1["id"]], "approve", client=junior)
    if suite.status("a junior analyst approves the launch -> 200", r, 200):
        d = (r.body.get("decided") or [{}])[0]
        suite.check("the answer lists the request, Approved, decided by the caller",
                    not diff(d, {"id": r1["id"], "status": "Approved", "decidedBy": junior_id}),
                    diff(d, {"id": r1["id"], "status": "Approved", "decidedBy": junior_id}))
    suite.eq("approve: the instance runs to Success", L.wait_instance(i1, "Success"), "Success")
    inst = L.instance(i1)
    suite.eq("approve: the instance records its approver", inst.get("approver"), junior_id)
    suite.check("approve: and its approval time (after the request, not after the start)",
                inst.get("approvalTime") and when(r1["requestedAt"]) <= when(inst["approvalTime"]) <=
                when(inst["start"]), short({k: inst.get(k) for k in ("approvalTime", "start")}))
    suite.eq("approve: the approved launch ran its calls", calls_of(inst),
             [("blockLDAPAccount", "u1", "Success"), ("blockLDAPAccount", "u2", "Success")])
    a = L.approval_by_id(r1["id"])
    suite.check("approve: the request is Approved with who and when",
                a.get("status") == "Approved" and a.get("decidedBy") == junior_id and
                a.get("decidedAt") == inst.get("approvalTime"), short(a))

    # reject
    r = L.decide([r2["id"]], "reject", client=junior)
    suite.status("rejecting the second launch -> 200", r, 200)
    suite.eq("reject: the instance ends Rejected", L.wait_instance(i2, "Rejected"), "Rejected")
    inst = L.instance(i2)
    suite.check("reject: it never started and made no call, and has an end",
                inst.get("start") is None and calls_of(inst) == [] and inst.get("end"), short(inst))
    suite.eq("reject: the request is Rejected", L.approval_by_id(r2["id"]).get("status"), "Rejected")
    suite.status("deciding a request already decided -> 409", L.decide([r2["id"]], "approve", client=junior), 409)

    # a manual launch of one awaiting approval
    analyst, analyst_id = tree.user("tier2Analyst", "A"), tree.user_id("tier2Analyst", "A")
    r = L.launch(pb, {"objectId": alerts[2]}, client=analyst)
    if suite.status("a manual launch of an alert whose instance awaits its launch approval -> 201", r, 201):
        suite.eq("... answers that instance (no second one)", r.body.get("id"), i3)
    suite.eq("... which runs to Success", L.wait_instance(i3, "Success"), "Success")
    suite.eq("... one instance for the alert", [i["id"] for i in L.instances(pb, alerts[2])], [i3])
    suite.eq("... the launcher is its approver", L.instance(i3).get("approver"), analyst_id)
    a = L.approval_by_id(r3["id"])
    suite.check("... and its launch request is Approved by the launcher",
                a.get("status") == "Approved" and a.get("decidedBy") == analyst_id, short(a))

    # bad decide bodies
    for what, body, status, path in [
        ("decision not approve/reject", {"ids": [r1["id"]], "decision": "maybe"}, 422, "decision"),
        ("no ids", {"decision": "approve"}, 400, "ids"),
        ("an unknown field", {"ids": [r1["id"]], "decision": "approve", "note": "x"}, 400, "note"),
        ("an unknown request id", {"ids": [new_uuid()], "decision": "approve"}, 404, "ids[0]"),
    ]:
        p = problem_at(L.admin.post("/api/v1/approvals/decide", body), status, path)
        suite.check("decide with %s -> %d at %r" % (what, status, path), not p, p)


def check_launch_expiry(suite, riposte):
    with suite.section("launch approval expiry: server"), \
            Server(riposte, extra_args=["--time-scale", str(LAUNCH_EXPIRY_SCALE)]) as srv:
        with suite.section("launch approval expiry"):
            L = Launch(suite, srv)
            root = srv.boot["tenant"]
            case = unique("expire")
            pb = L.playbook(root, case, "training", steps=[step()])
            L.alert(root, case)
            got = L.wait_statuses(pb, ["ApprovalTimeExpired"])
            suite.eq("expiry: with --time-scale %d the 24 h launch approval expires (within %ds): the instance "
                     "ends ApprovalTimeExpired" % (LAUNCH_EXPIRY_SCALE, DEADLINE), got, ["ApprovalTimeExpired"])
            insts = L.instances(pb)
            if insts:
                inst = L.instance(insts[0]["id"])
                suite.check("expiry: the expired instance never started, made no call, and has an end",
                            inst.get("start") is None and calls_of(inst) == [] and inst.get("end"), short(inst))
                reqs = L.approvals(instance=insts[0]["id"])
                suite.eq("expiry: its launch request is Expired", [a.get("status") for a in reqs], ["Expired"])
                if reqs:
                    suite.status("deciding an expired request -> 409", L.decide([reqs[0]["id"]], "approve"), 409)
                suite.eq("expiry: the expired request is no longer pending",
                         [a["id"] for a in L.admin.list_all("/api/v1/approvals") if a.get("playbook") == pb], [])
        stop(suite, srv, "the --time-scale server stops on SIGTERM with status 0")


# --------------------------------------------------------------------------------------------- 5 action approval

def check_action_approval(suite, L, tree):
    A = tree.ids["A"]
    approver, approver_id = tree.user("approver", "A"), tree.user_id("approver", "A")
    case = unique("action")
    pb = L.playbook(A, case, "auto", "queue", steps=[step(approve=True)])
    alert = L.alert(A, case)
    got = L.wait_statuses(pb, ["AwaitingApproval"])
    if got != ["AwaitingApproval"]:
        raise CheckFailed("the instance did not reach its action approval: %s" % got)
    iid = L.instances(pb)[0]["id"]
    inst = L.instance(iid)
    suite.check("a manualApprove step holds the instance AwaitingApproval after it started, without calls",
                inst.get("start") is not None and calls_of(inst) == [], short(inst))
    req = L.approval(iid, "action")
    want = {"kind": "action", "instance": iid, "playbook": pb, "objectId": alert, "action": "blockLDAPAccount",
            "step": "executionFlow[0]", "assets": ["u1", "u2"], "status": "Pending", "tenant": A, "decisions": {}}
    suite.check("one action request per step call, listing the step's assets", not diff(req, want), diff(req, want))
    suite.check("the action request is due after the step's manualApprove timeout (10m)",
                req.get("dueAt") and abs(seconds_between(req["requestedAt"], req["dueAt"]) - 600) < 1, short(req))
    suite.eq("GET /approvals?kind=launch does not list an action request",
             [a for a in L.approvals(kind="launch") if a.get("id") == req["id"]], [])

    # who may decide
    suite.status("deciding an action needs ApproveAction: an observer -> 403",
                 L.decide([req["id"]], "approve", ["u1"], client=tree.user("observer", "A")), 403)
    suite.status("a Tier 2 analyst (ApproveLaunch, not ApproveAction) -> 403",
                 L.decide([req["id"]], "approve", ["u1"], client=tree.user("tier2Analyst", "A")), 403)
    suite.status("an approver of the sibling tenant B deciding A's request -> 404",
                 L.decide([req["id"]], "approve", ["u1"], client=tree.user("approver", "B")), 404)
    suite.eq("the sibling tenant's approver does not see A's request",
             [a for a in L.approvals(client=tree.user("approver", "B")) if a.get("id") == req["id"]], [])
    suite.eq("the refused decisions decided nothing", L.approval_by_id(req["id"]).get("decisions"), {})

    # u1 approved: the request stays Pending for u2, the instance waits.
    r = L.decide([req["id"]], "approve", ["u1"], client=approver)
    if suite.status("the approver approves asset u1 -> 200", r, 200):
        d = (r.body.get("decided") or [{}])[0]
        suite.check("the request stays Pending while u2 is undecided; u1's decision recorded with user and time",
                    d.get("status") == "Pending" and set((d.get("decisions") or {})) == {"u1"} and
                    d["decisions"]["u1"].get("decision") == "approve" and
                    d["decisions"]["u1"].get("user") == approver_id and d["decisions"]["u1"].get("at"), short(d))
    suite.eq("half decided: the instance still waits, no call made",
             steady(lambda: (L.status_of(iid), calls_of(L.instance(iid)))), ("AwaitingApproval", []))
    p = problem_at(L.decide([req["id"]], "reject", ["u1"], client=approver), 422, "ids[0]")
    suite.check("deciding an asset decided before -> 422 at ids[0]", not p, p)
    p = problem_at(L.decide([req["id"]], "approve", ["u9"], client=approver), 422, "ids[0]")
    suite.check("deciding an asset the request does not list -> 422 at ids[0]", not p, p)

    # u2 rejected: Partial, the instance resumes, calls u1 only.
    r = L.decide([req["id"]], "reject", ["u2"], client=approver)
    if suite.status("the approver rejects asset u2 -> 200", r, 200):
        suite.eq("every asset decided, some approved, some rejected: the request is Partial",
                 (r.body.get("decided") or [{}])[0].get("status"), "Partial")
    suite.eq("the instance resumes and ends Warning (one asset called, one rejected)",
             L.wait_instance(iid, "Warning"), "Warning")
    inst = L.instance(iid)
    suite.eq("exactly one call, on the approved asset", calls_of(inst), [("blockLDAPAccount", "u1", "Success")])
    results = (inst.get("steps") or [{}])[0].get("result") or []
    suite.eq("the step's result: u1 Success, u2 Rejected",
             sorted((x.get("asset"), x.get("status")) for x in results if isinstance(x, dict)),
             [("u1", "Success"), ("u2", "Rejected")])
    a = L.approval_by_id(req["id"])
    suite.check("the request is Partial, with both decisions",
                a.get("status") == "Partial" and
                {k: v.get("decision") for k, v in (a.get("decisions") or {}).items()} ==
                {"u1": "approve", "u2": "reject"}, short(a))
    suite.status("deciding a request no longer Pending -> 409",
                 L.decide([req["id"]], "approve", client=approver), 409)
    suite.eq("GET /approvals (pending) no longer lists it",
             [x for x in L.admin.list_all("/api/v1/approvals") if x.get("id") == req["id"]], [])

    # Without `assets` a decision covers every undecided asset.
    alert2 = L.alert(A, case)
    got = L.wait_statuses(pb, ["AwaitingApproval"], alert2)
    if got != ["AwaitingApproval"]:
        raise CheckFailed("the second instance did not reach its action approval: %s" % got)
    iid2 = L.instances(pb, alert2)[0]["id"]
    req2 = L.approval(iid2, "action")
    r = L.decide([req2["id"]], "approve", client=approver)
    if suite.status("approving without assets -> 200", r, 200):
        suite.eq("without assets every undecided asset is decided: Approved",
                 (r.body.get("decided") or [{}])[0].get("status"), "Approved")
    suite.eq("... the instance runs to Success", L.wait_instance(iid2, "Success"), "Success")
    suite.eq("... both assets called", calls_of(L.instance(iid2)),
             [("blockLDAPAccount", "u1", "Success"), ("blockLDAPAccount", "u2", "Success")])


def check_action_expiry(suite, riposte):
    with suite.section("action approval expiry: server"), \
            Server(riposte, extra_args=["--time-scale", str(ACTION_EXPIRY_SCALE)]) as srv:
        with suite.section("action approval expiry"):
            L = Launch(suite, srv)
            root = srv.boot["tenant"]
            case = unique("action-expire")
            pb = L.playbook(root, case, "auto", "queue", steps=[step(approve=True)])
            L.alert(root, case)
            got = L.wait_statuses(pb, ["ApprovalTimeExpired"])
            suite.eq("action expiry: with --time-scale %d the 10m manualApprove expires; every asset expired, the "
                     "instance ends ApprovalTimeExpired" % ACTION_EXPIRY_SCALE, got, ["ApprovalTimeExpired"])
            insts = L.instances(pb)
            if insts:
                inst = L.instance(insts[0]["id"])
                results = (inst.get("steps") or [{}])[0].get("result") or []
                suite.eq("action expiry: each undecided asset ends ApprovalTimeExpired, no call made",
                         (sorted((x.get("asset"), x.get("status")) for x in results if isinstance(x, dict)),
                          calls_of(inst)),
                         ([("u1", "ApprovalTimeExpired"), ("u2", "ApprovalTimeExpired")], []))
                suite.eq("action expiry: the request is Expired",
                         [a.get("status") for a in L.approvals(instance=insts[0]["id"])], ["Expired"])
        stop(suite, srv, "the second --time-scale server stops on SIGTERM with status 0")


# --------------------------------------------------------------------------------------------- 6 terminate

def check_terminate(suite, L, tree):
    A = tree.ids["A"]
    case = unique("term")
    pb = L.playbook(A, case, "auto", "queue", steps=[step(approve=True)])
    alerts = [L.alert(A, case) for _ in range(3)]
    got = L.wait_statuses(pb, ["AwaitingApproval"] * 3)
    if got != ["AwaitingApproval"] * 3:
        raise CheckFailed("three instances awaiting their action approval expected: %s" % got)
    i1, i2, i3 = (L.instances(pb, a)[0]["id"] for a in alerts)
    done_case = unique("term-done")
    done_pb = L.playbook(A, done_case, "auto", "queue", steps=[step()])
    L.alert(A, done_case)
    if L.wait_statuses(done_pb, ["Success"]) != ["Success"]:
        raise CheckFailed("the finished instance did not finish")
    done = L.instances(done_pb)[0]["id"]

    suite.status("an observer (no TerminatePlaybook) -> 403", L.terminate([i1], client=tree.user("observer", "A")),
                 403)
    p = problem_at(L.terminate([i1], client=tree.user("tier2Analyst", "B")), 404, "ids[0]")
    suite.check("a user of the sibling tenant B -> 404 at ids[0]", not p, p)
    p = problem_at(L.terminate([i1, new_uuid()]), 404, "ids[1]")
    suite.check("an unknown id among known ones -> 404 at its index (ids[1])", not p, p)
    suite.eq("a refused terminate terminates nothing (all or nothing)", L.status_of(i1), "AwaitingApproval")
    for what, body, path in [("no ids", {}, "ids"), ("ids not an array", {"ids": i1}, "ids"),
                             ("an unknown field", {"ids": [i1], "force": True}, "force")]:
        p = problem_at(L.admin.post("/api/v1/instances/terminate", body), 400, path)
        suite.check("terminate with %s -> 400 at %r" % (what, path), not p, p)

    r = L.terminate([i1], client=tree.user("juniorAnalyst", "A"))
    if suite.status("a junior analyst terminates one instance -> 200", r, 200):
        suite.eq("the answer: {terminated: [it], unchanged: []}", r.body, {"terminated": [i1], "unchanged": []})
    inst = L.instance(i1)
    suite.check("the instance is Terminated, with an end", inst.get("status") == "Terminated" and inst.get("end"),
                short(inst))
    suite.eq("calls already made stay, none added (it had made none)", calls_of(inst), [])
    suite.eq("its pending approval ends Cancelled", [a.get("status") for a in L.approvals(instance=i1)],
             ["Cancelled"])

    r = L.terminate([i2, i3, done, i1])
    if suite.status("terminating many -> 200", r, 200):
        suite.eq("unfinished ones in \"terminated\"; finished ones (Success, Terminated) in \"unchanged\"",
                 r.body, {"terminated": [i2, i3], "unchanged": [done, i1]})
    suite.eq("all three Terminated; the finished one keeps Success",
             [L.status_of(i) for i in (i1, i2, i3, done)], ["Terminated", "Terminated", "Terminated", "Success"])
    suite.eq("no pending request left for them",
             [a.get("status") for i in (i2, i3) for a in L.approvals(instance=i)], ["Cancelled", "Cancelled"])


# --------------------------------------------------------------------------------------------- 7 delete

def check_delete(suite, L, tree):
    A = tree.ids["A"]
    case = unique("del")
    pb = L.playbook(A, case, "auto", "queue", steps=[step(approve=True)])
    L.alert(A, case)
    if L.wait_statuses(pb, ["AwaitingApproval"]) != ["AwaitingApproval"]:
        raise CheckFailed("the instance did not reach its action approval")
    iid = L.instances(pb)[0]["id"]
    suite.status("deleting a playbook with an unfinished instance -> 409", L.admin.delete("/api/v1/playbooks/" + pb),
                 409)
    suite.eq("the refused delete left it undeleted", L.get_playbook(pb).get("deleted"), False)
    suite.status("terminating its instance -> 200", L.terminate([iid]), 200)
    suite.status("after the terminate, the delete -> 200", L.admin.delete("/api/v1/playbooks/" + pb), 200)
    suite.eq("the playbook reads deleted", L.get_playbook(pb).get("deleted"), True)
    suite.eq("its instance is still readable", L.status_of(iid), "Terminated")
    L.alert(A, case)
    suite.eq("a deleted playbook no longer launches on a match", L.steady_statuses(pb), ["Terminated"])
    suite.status("a manual launch of a deleted playbook -> 409", L.launch(pb, {"objectId": L.alert(A, case)}), 409)


# --------------------------------------------------------------------------------------------- 8 mode change

# runningInstances, what it does, statuses of [awaiting its launch approval, awaiting an action approval,
# queued (InProgress, waiting for the second)] after the change of mode from training to auto
MODES = [
    ("terminateAll", "every unfinished instance is terminated", ["Terminated", "Terminated", "Terminated"]),
    ("terminateAwaiting", "only those Awaiting approval are terminated; the queued one, released, runs to its "
                          "own approval", ["Terminated", "Terminated", "AwaitingApproval"]),
    ("keep", "nothing is terminated", ["AwaitingApproval", "AwaitingApproval", "InProgress"]),
]


def check_mode_change(suite, L, tree):
    A = tree.ids["A"]
    for choice, what, want in MODES:
        with suite.section("mode change %s" % choice):
            case = unique("mode")
            pb = L.playbook(A, case, "training", steps=[step(approve=True)])
            x, y = L.alert(A, case), L.alert(A, case)
            ix, iy = L.instances(pb, x)[0]["id"], L.instances(pb, y)[0]["id"]
            r = L.decide([L.approval(iy, "launch")["id"]], "approve")
            if response_problem(r, 200) or L.wait_instance(iy, "AwaitingApproval") != "AwaitingApproval" or \
                    not L.approvals(instance=iy, kind="action"):
                raise CheckFailed("%s: the approved instance did not reach its action approval: %s"
                                  % (choice, short(L.instance(iy))))
            r = L.launch(pb, {"objectId": y, "ifRunning": "wait"})
            if response_problem(r, 201):
                raise CheckFailed("%s: queueing a launch: %s" % (choice, response_problem(r, 201)))
            iq = r.body["id"]
            ids = [ix, iy, iq]
            before = [L.status_of(i) for i in ids]
            if before != ["AwaitingApproval", "AwaitingApproval", "InProgress"]:
                raise CheckFailed("%s: set-up statuses %s" % (choice, before))
            r = L.admin.put("/api/v1/playbooks/" + pb, {"mode": "auto", "runningInstances": choice})
            if suite.status("%s: PUT mode training -> auto with runningInstances %s -> 200" % (choice, choice), r,
                            200):
                suite.eq("%s: the playbook is now auto" % choice, r.body.get("mode"), "auto")
            got = poll(lambda: [L.status_of(i) for i in ids], lambda s: s == want)
            got = steady(lambda: [L.status_of(i) for i in ids]) if got == want else got
            suite.eq("%s: %s" % (choice, what), got, want)
            if choice == "keep":
                suite.eq("keep: the queued one still waits for the second", L.instance(iq).get("waitingFor"), iy)
            if choice == "terminateAll":
                p = problem_at(L.admin.put("/api/v1/playbooks/" + pb, {"mode": "auto",
                                                                       "runningInstances": "terminateAll"}),
                               422, "runningInstances")
                suite.check("runningInstances without a change of mode -> 422 at runningInstances", not p, p)
                p = problem_at(L.admin.put("/api/v1/playbooks/" + pb, {"mode": "training",
                                                                       "runningInstances": "sometimes"}),
                               422, "runningInstances")
                suite.check("an unknown runningInstances -> 422 at runningInstances", not p, p)


# --------------------------------------------------------------------------------------------- 9 launch for all

def check_launch_for_all(suite, L, tree):
    C = tree.create_tenant(unique("tenant-C"), tree.ids["root"])
    C1 = tree.create_tenant(unique("tenant-C1"), C)
    case = unique("lfa")
    open_match = [L.alert(C, case), L.alert(C, case), L.alert(C1, case)]   # C1 holds C's playbook by inheritance
    closed = [L.alert(C, case), L.alert(C, case)]
    for a in closed:
        L.patch(a, {"Status": "closed", "StatusResolution": "truePositive", "manual": True})
    low = L.alert(C, case, severity="low")
    b_alert = L.alert(tree.ids["B"], case)    # B does not hold C's playbook
    trigger = '.AdditionalData.case == "%s" and .Severity == "high" and event == null' % case
    pb = L.playbook(C, case, "auto", "queue", steps=[step()], trigger=trigger, launchForAllMatching=True)
    prog = poll(lambda: L.admin.get("/api/v1/playbooks/%s/launch-progress" % pb).body,
                lambda b: isinstance(b, dict) and b.get("state") == "done")
    suite.eq("launch for all: GET launch-progress reaches state done", (prog or {}).get("state"), "done")
    suite.eq("launch for all: every open alert of the tenants holding the playbook is scanned (C and its child C1: "
             "4; closed ones and B's are not), 3 match (event null), 3 launched",
             {k: (prog or {}).get(k) for k in ("total", "scanned", "matched", "launched")},
             {"total": 4, "scanned": 4, "matched": 3, "launched": 3})
    got = poll(lambda: sorted((i.get("objectId"), i.get("status")) for i in L.instances(pb)),
               lambda s: [st for _, st in s] == ["Success"] * 3)
    suite.eq("launch for all: one instance per open matching alert, each run to Success",
             got, sorted((a, "Success") for a in open_match))
    suite.eq("launch for all: closed alerts, the low one and the other tenant's launch nothing",
             [a for a in closed + [low, b_alert] if L.instances(pb, a)], [])
    suite.eq("launch for all: the launches are counted", L.get_playbook(pb).get("launches"), 3)
    suite.eq("launch for all: the instances were launched by the playbook's creator",
             sorted({i.get("launchedBy") for i in L.instances(pb)}), [L.srv.boot["user"]])
    other = L.playbook(C, unique("lfa-none"), "auto", "queue", steps=[step()])
    r = L.admin.get("/api/v1/playbooks/%s/launch-progress" % other)
    if suite.status("launch-progress of a playbook that never launched for all -> 200", r, 200):
        suite.eq("... {\"state\": \"none\"}", r.body, {"state": "none"})
    suite.status("launch-progress for a user of the sibling tenant B -> 404",
                 tree.user("tier2Analyst", "B").get("/api/v1/playbooks/%s/launch-progress" % pb), 404)
    p = problem_at(L.admin.post("/api/v1/playbooks", playbook_body(C, mode="manual", trigger=None,
                                                                    algorithm=algorithm(),
                                                                    launchForAllMatching=True)),
                   422, "launchForAllMatching")
    suite.check("launchForAllMatching on a manual playbook -> 422 at launchForAllMatching", not p, p)


# --------------------------------------------------------------------------------------------- 10 history

HISTORY_COLUMNS = ["name", "playbookId", "params", "start", "end", "objectId", "objectType", "launchedBy",
                   "approver", "approvalTime", "status", "assets", "assetType", "tenant"]


def check_history(suite, L, tree):
    A = tree.ids["A"]
    analyst, analyst_id = tree.user("tier2Analyst", "A"), tree.user_id("tier2Analyst", "A")
    approver, approver_id = tree.user("approver", "A"), tree.user_id("approver", "A")
    case = unique("hist")
    name = unique("History playbook")
    pb = L.playbook(A, case, "manual", name=name, steps=[
        step("moveHostsToAdministrationGroup", HOSTS, params={"group": "quarantine"}),
        step("blockLDAPAccount", USERS, approve=True)])
    alert = L.alert(A, case, users=("u1",), hosts=("h1", "h2"))
    targets = {"assets": [{"ID": "t1", "Type": "host"}]}
    r = L.launch(pb, {"objectId": alert, "targets": targets}, client=analyst)
    iid = suite.require("history: a Tier 2 analyst launches the playbook with a target", r, 201)["id"]
    if L.wait_instance(iid, "AwaitingApproval") != "AwaitingApproval":
        raise CheckFailed("history: the instance did not reach its action approval: %s" % short(L.instance(iid)))
    mid = L.history(instance=iid)
    row = next((h for h in mid if "playbook" in h), {})
    suite.eq("history: rows are written while the instance runs (the playbook row says AwaitingApproval)",
             row.get("status"), "AwaitingApproval")
    req = L.approval(iid, "action")
    suite.require("history: the approver approves the action", L.decide([req["id"]], "approve", client=approver), 200)
    suite.eq("history: the instance runs to Success", L.wait_instance(iid, "Success"), "Success")
    inst = L.instance(iid)
    decided_at = L.approval_by_id(req["id"]).get("decidedAt")
    steps = {s.get("path"): s for s in inst.get("steps") or []}
    s0, s1 = steps.get("executionFlow[0]", {}), steps.get("executionFlow[1]", {})

    rows = L.history(instance=iid)
    by = {}
    for h in rows:
        key = "playbook" if "playbook" in h else h.get("step")
        by[key] = dict(h, name=h.get("playbook", h.get("action")))
    if not suite.eq("history: one row for the instance (kind playbook) and one per responseAction step",
                    sorted(by, key=str), ["executionFlow[0]", "executionFlow[1]", "playbook"]) or len(rows) != 3:
        return
    # row -> its expected value of every column (api.md History; engine.md History; docs/launch.md)
    want = {
        "playbook": {"name": name, "playbookId": pb, "params": {"assets": [{"ID": "t1", "Type": "host"}],
                                                                "observables": []},
                     "start": inst.get("start"), "end": inst.get("end"), "objectId": alert, "objectType": "alert",
                     "launchedBy": analyst_id, "approver": None, "approvalTime": None, "status": "Success",
                     "assets": 1, "assetType": "device", "tenant": A},
        "executionFlow[0]": {"name": "moveHostsToAdministrationGroup", "playbookId": pb,
                             "params": {"group": "quarantine"}, "start": s0.get("start"), "end": s0.get("end"),
                             "objectId": alert, "objectType": "alert", "launchedBy": analyst_id, "approver": None,
                             "approvalTime": None, "status": "Success", "assets": 2, "assetType": "device",
                             "tenant": A},
        "executionFlow[1]": {"name": "blockLDAPAccount", "playbookId": pb, "params": {},
                             "start": s1.get("start"), "end": s1.get("end"), "objectId": alert, "objectType": "alert",
                             "launchedBy": analyst_id, "approver": approver_id, "approvalTime": decided_at,
                             "status": "Success", "assets": 1, "assetType": "user", "tenant": A},
    }
    why = {
        "name": "the playbook's name (playbook row), the action's type (action rows)",
        "playbookId": "the playbook's id",
        "params": "the launch's input (playbook row), the action's parameters after evaluation",
        "start": "the instance's / the step's start",
        "end": "the instance's / the step's end",
        "objectId": "the alert",
        "objectType": "alert",
        "launchedBy": "the user who launched, on every row",
        "approver": "who approved: none for a manual launch of a manual playbook; the action's approver on the "
                    "manualApprove step's row",
        "approvalTime": "when it was approved (the decision's time on the manualApprove step's row)",
        "status": "Success on every row",
        "assets": "number of assets: the launch's target assets (1), the step's assets (2 hosts, 1 user)",
        "assetType": "type of assets: device for hosts, user for users",
        "tenant": "the instance's tenant",
    }
    keys = ["playbook", "executionFlow[0]", "executionFlow[1]"]
    for col in HISTORY_COLUMNS:
        suite.eq("history column %s: %s" % (col, why[col]), [by[k].get(col, "<absent>") for k in keys],
                 [want[k][col] for k in keys])
    suite.eq("history: every row names its instance", sorted({h.get("instance") for h in rows}), [iid])
    suite.check("history: start <= end on every row",
                all(h.get("start") and h.get("end") and when(h["start"]) <= when(h["end"]) for h in rows), short(rows))

    # filters
    ids = sorted(h["id"] for h in rows)
    filters = [
        ("instance", {"instance": iid}, ids),
        ("playbook", {"playbook": pb}, ids),
        ("objectId", {"objectId": alert}, ids),
        ("kind=playbook", {"kind": "playbook", "playbook": pb}, sorted(h["id"] for h in rows if "playbook" in h)),
        ("kind=action", {"kind": "action", "playbook": pb}, sorted(h["id"] for h in rows if "action" in h)),
        ("status=Success", {"status": "Success", "playbook": pb}, ids),
        ("status=Rejected", {"status": "Rejected", "playbook": pb}, []),
        ("tenant=A", {"tenant": A, "instance": iid}, ids),
        ("from before the start", {"from": "2000-01-01T00:00:00Z", "instance": iid}, ids),
        ("from after the end", {"from": "2999-01-01T00:00:00Z", "instance": iid}, []),
        ("to before the start", {"to": "2000-01-01T00:00:00Z", "instance": iid}, []),
    ]
    for what, q, expect in filters:
        suite.eq("history filter %s returns exactly its rows" % what, sorted(h["id"] for h in L.history(**q)), expect)
    suite.check("history filter kind=action: only action rows, across playbooks",
                all("action" in h and "playbook" not in h for h in L.history(kind="action")), "")
    suite.check("history filter status=Success: only Success rows",
                all(h.get("status") == "Success" for h in L.history(status="Success")), "")

    # tenant scoping
    b_user = tree.user("tier2Analyst", "B")
    seen = L.history(client=b_user)
    suite.eq("history: a user of the sibling tenant B sees no row of another tenant (none of A's)",
             [h for h in seen if h.get("tenant") != tree.ids["B"]], [])
    suite.eq("history: ... not even asking for the instance", L.history(client=b_user, instance=iid), [])
    suite.status("history: ... and tenant=A answers 404", b_user.get("/api/v1/history?tenant=" + A), 404)
    suite.eq("history: a user of the child tenant A1 does not see A's rows (roles cover descendants only)",
             L.history(client=tree.user("tier2Analyst", "A1"), instance=iid), [])
    suite.eq("history: an observer of the root tenant sees them (a role covers descendants)",
             sorted(h["id"] for h in L.history(client=tree.user("observer", "root"), instance=iid)), ids)
    suite.status("history: reading needs ViewHistory: a SOC administrator of A asking tenant=A -> 403",
                 tree.user("socAdministrator", "A").get("/api/v1/history?tenant=" + A), 403)


# --------------------------------------------------------------------------------------------- 11 metrics

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def scrape(client):
    """GET /metrics -> {(name, frozenset(labels)): value}."""
    r = client.get("/metrics")
    if r.status != 200 or not isinstance(r.body, str):
        raise CheckFailed("GET /metrics: %s" % short(r.raw))
    out = {}
    for line in r.body.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise CheckFailed("GET /metrics: a line that is not a sample: %r" % line)
        labels = frozenset(LABEL.findall(m.group(3) or ""))
        out[(m.group(1), labels)] = float(m.group(4))
    return out


def metric(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def check_metrics(suite, L, tree):
    M = tree.create_tenant(unique("tenant-M"), tree.ids["root"])
    before = scrape(L.admin)
    case = unique("metrics")
    pb = L.playbook(M, case, "auto", "queue", steps=[step("addToLDAPGroup", USERS, params={"groupDN": "cn=x"})])
    bad = L.playbook(M, case, "auto", "queue", steps=[step()], trigger="(.AdditionalData.case | tonumber) > 1")
    for _ in range(3):
        L.alert(M, case)
    for _ in range(2):
        L.alert(M, unique("metrics-other"))
    if L.wait_statuses(pb, ["Success"] * 3) != ["Success"] * 3:
        raise CheckFailed("the three instances did not finish: %s" % L.statuses(pb))
    after = scrape(L.admin)
    suite.eq("metrics: riposte_trigger_evaluations_total{playbook} counts each alert of its tenant (5)",
             metric(after, "riposte_trigger_evaluations_total", playbook=pb), 5)
    suite.eq("metrics: riposte_trigger_matches_total{playbook} counts the matches (3)",
             metric(after, "riposte_trigger_matches_total", playbook=pb), 3)
    suite.eq("metrics: riposte_trigger_errors_total{playbook} is 0 for a trigger that never fails",
             metric(after, "riposte_trigger_errors_total", playbook=pb), 0)
    suite.eq("metrics: a trigger that fails on every alert counts 5 errors and no match",
             (metric(after, "riposte_trigger_errors_total", playbook=bad),
              metric(after, "riposte_trigger_matches_total", playbook=bad)), (5, 0))
    suite.eq("metrics: riposte_action_calls_total{type,status} grows by one per call (3 instances x 2 assets)",
             metric(after, "riposte_action_calls_total", type="addToLDAPGroup", status="Success") -
             metric(before, "riposte_action_calls_total", type="addToLDAPGroup", status="Success"), 6)
    suite.eq("metrics: riposte_instances{status=\"Success\"} grows by the 3 successes",
             metric(after, "riposte_instances", status="Success") - metric(before, "riposte_instances",
                                                                              status="Success"), 3)
    suite.eq("metrics: riposte_instances_launched_total grows by 3",
             metric(after, "riposte_instances_launched_total") - metric(before, "riposte_instances_launched_total"), 3)
    # The gauge is the store's count by status: compare it with what the API lists (read together until they
    # agree or the deadline: nothing should be moving any more, but a straggler must not make this flaky).
    def both():
        api = {}
        for i in L.instances():
            api[i["status"]] = api.get(i["status"], 0) + 1
        gauge = {dict(labels)["status"]: int(v) for (name, labels), v in scrape(L.admin).items()
                 if name == "riposte_instances" and v}
        return gauge, api
    gauge, api = poll(both, lambda ga: ga[0] == ga[1])
    suite.eq("metrics: riposte_instances{status} equals the instances the API lists, status by status", gauge, api)
    suite.check("metrics: there are Success instances to count", api.get("Success", 0) > 0, short(api))


# --------------------------------------------------------------------------------------------- main

def stop(suite, srv, name):
    try:
        srv.stop()
        suite.ok(name)
    except Exception as e:
        suite.fail(name, e)


def main():
    args = parse_args(__doc__)
    suite = Suite("launch_check")
    with Server(args.riposte) as srv:
        L = Launch(suite, srv)
        tree = None
        with suite.section("set-up"):
            tree = Tree(srv)
            suite.ok("tenants root > A > A1, root > B")
        if tree is not None:
            with suite.section("modes"):
                check_modes(suite, L, tree)
            check_rules(suite, L, tree)
            check_manual_launch(suite, L, tree)
            with suite.section("training"):
                check_training(suite, L, tree)
            check_launch_expiry(suite, args.riposte)
            with suite.section("action approval"):
                check_action_approval(suite, L, tree)
            check_action_expiry(suite, args.riposte)
            with suite.section("terminate"):
                check_terminate(suite, L, tree)
            with suite.section("delete"):
                check_delete(suite, L, tree)
            check_mode_change(suite, L, tree)
            with suite.section("launch for all"):
                check_launch_for_all(suite, L, tree)
            with suite.section("history"):
                check_history(suite, L, tree)
            with suite.section("metrics"):
                check_metrics(suite, L, tree)
        stop(suite, srv, "server stops on SIGTERM with status 0")
    return suite.finish()


if __name__ == "__main__":
    run_script(main)
