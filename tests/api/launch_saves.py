#!/usr/bin/env python3
"""Playbooks saved 1,000 times while alerts stream in: every alert is
matched by the trigger program current at its intake, and resident memory
stays flat (docs/launch.md, "Matching": the trigger set is rebuilt before
the save's answer and swapped in whole).

  tests/api/launch_saves.py --riposte build/tools/riposte [--saves 1000] [--seed N]

One Auto playbook (queue; dry-run bindings).  Save k (k = 1..1000, a PUT of
the whole playbook) rewrites its trigger to `.AdditionalData.gen == k` and
its algorithm to one executeCustomScript step whose commandLine is "gen-k"
(so the history tells which save's algorithm an instance runs).  A saver
thread PUTs the saves one after another with seeded random pauses and
records when each was sent and when its answer arrived; a streamer thread
POSTs alerts, each carrying AdditionalData.gen = the latest k whose save
was acknowledged before the POST was sent, and records when it sent and
when the answer came.  A POST "overlaps" when some save was in flight
during it (their intervals intersect).  At the end:

- every save answered 200 with its trigger, every alert 201;
- every alert whose POST overlapped no save is matched: one instance, which
  ran the algorithm of the same save (gen-k);
- an overlapping alert may go either way (the save in flight may or may
  not have taken effect before its intake); when it is matched, by the
  trigger of its gen, that is the generation that was in effect: counted;
- no alert has two instances, every instance ends Success;
- the server's VmRSS (/proc/PID/status), sampled every 100 saves: the
  maximum over the last third stays within --rss-growth MiB (20) of the
  sample after the first 100 saves (the warm-up).
"""
import bisect
import collections
import json
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (Client, FixtureError, Server, Suite, make_alert, parse_args, playbook_body,  # noqa
                            run_script, sample_alerts, short)

FINAL = {"Success", "Warning", "Error", "Terminated", "ApprovalTimeExpired", "Rejected"}
EDITABLE = ("tenant", "name", "tags", "description", "scope", "mode", "launchingRule", "trigger", "algorithm",
            "inheritance")


def trigger(k):
    return ".AdditionalData.gen == %d" % k


def algorithm(k):
    return {"dslSpecVersion": "1.0.0", "version": str(k), "responseActionsSpecVersion": "1",
            "executionFlow": [{"responseAction": {"function": {"type": "executeCustomScript",
                                                               "params": {"commandLine": "gen-%d" % k}}}}]}


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise FixtureError("/proc/%d/status has no VmRSS line" % pid)


def main():
    def extra(ap):
        ap.add_argument("--saves", type=int, default=1000)
        ap.add_argument("--seed", type=int, default=20261205)
        ap.add_argument("--pause", type=float, default=0.05, help="longest pause between two saves (s)")
        ap.add_argument("--post-every", type=float, default=0.008, help="pause between two alert POSTs (s)")
        ap.add_argument("--rss-growth", type=float, default=20.0, help="MiB allowed over the warm-up sample")
        ap.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the instances to end")
    args = parse_args(__doc__, extra)
    suite = Suite("launch_saves")
    with Server(args.riposte, extra_args=["--workers", "2"]) as srv:
        with suite.section("1,000 saves while alerts stream in"):
            run(args, suite, srv)
        try:
            srv.stop()
            suite.ok("server stops on SIGTERM with status 0")
        except Exception as e:
            suite.fail("server stops on SIGTERM with status 0", e)
    return suite.finish()


def run(args, suite, srv):
    t_start = time.monotonic()
    rng = random.Random(args.seed)
    tenant = srv.boot["tenant"]
    admin = srv.client()
    pid = srv.proc.pid
    body = playbook_body(tenant, mode="auto", launchingRule="queue", trigger=trigger(0), algorithm=algorithm(0))
    pb = suite.require("an Auto playbook, trigger gen == 0 -> 201", admin.post("/api/v1/playbooks", body), 201)
    edit = {k: pb[k] for k in EDITABLE}
    base = sample_alerts()[1]

    lock = threading.Lock()
    latest = [0]                 # the latest acknowledged save (0: the creation)
    saves = {0: (0.0, 0.0)}      # k -> (sent, answered), monotonic
    bad_saves = []
    rss = []                     # (saves done, VmRSS KiB)
    posts = []                   # (alert id, gen, sent, answered, status)
    saver_done = threading.Event()
    pauses = [rng.uniform(0.0, args.pause) for _ in range(args.saves)]

    def saver():
        c = Client(srv.base, srv.boot["token"])
        try:
            rss.append((0, rss_kib(pid)))
            for k in range(1, args.saves + 1):
                e = dict(edit, trigger=trigger(k), algorithm=algorithm(k))
                sent = time.monotonic()
                r = c.put("/api/v1/playbooks/" + pb["id"], e)
                with lock:
                    answered = time.monotonic()
                    saves[k] = (sent, answered)
                    if r.status == 200 and isinstance(r.body, dict) and r.body.get("trigger") == trigger(k):
                        latest[0] = k
                    else:
                        bad_saves.append("save %d: %r" % (k, r))
                if k % 100 == 0:
                    rss.append((k, rss_kib(pid)))
                time.sleep(pauses[k - 1])
        except Exception as e:
            bad_saves.append("saver: %s: %s" % (type(e).__name__, e))
        finally:
            saver_done.set()

    def streamer():
        c = Client(srv.base, srv.boot["token"])
        n = 0
        while not saver_done.is_set():
            n += 1
            with lock:
                gen = latest[0]
                sent = time.monotonic()
            a = make_alert(tenant, base=base, ID=n, OriginalEvents=[], AdditionalData={"gen": gen})
            try:
                r = c.post("/api/v1/alerts", a)
                status = r.status
            except Exception as e:
                status = "%s: %s" % (type(e).__name__, e)
            posts.append((a["InternalID"], gen, sent, time.monotonic(), status))
            time.sleep(args.post_every)

    threads = [threading.Thread(target=saver, daemon=True), threading.Thread(target=streamer, daemon=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=150)
    t_saves = time.monotonic() - t_start
    if any(t.is_alive() for t in threads):
        raise FixtureError("the saver or the streamer did not finish within 150 s (saves %d, posts %d)"
                           % (latest[0], len(posts)))
    suite.check("%d saves answered 200 with their trigger" % args.saves, not bad_saves and latest[0] == args.saves,
                "%d bad, e.g. %s" % (len(bad_saves), "; ".join(bad_saves[:3])))
    bad_posts = [p for p in posts if p[4] != 201]
    suite.check("%d alerts posted, each answered 201" % len(posts), posts and not bad_posts,
                "%d not 201, e.g. %s" % (len(bad_posts), bad_posts[:3]))

    # Which POSTs overlapped a save: the saves are sequential, so the sorted intervals are disjoint.
    intervals = sorted(v for k, v in saves.items() if k > 0)
    starts = [s for s, _ in intervals]


    def overlaps(sent, answered):
        i = bisect.bisect_right(starts, answered)  # saves sent before the POST's answer
        return i > 0 and intervals[i - 1][1] >= sent

    # Wait until every instance has ended, then read the instances and which algorithm each ran.
    c = srv.client()
    deadline = time.monotonic() + args.wait
    while True:
        instances = c.list_all("/api/v1/instances?playbook=" + pb["id"])
        unfinished = [x for x in instances if x.get("status") not in FINAL]
        if not unfinished or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    history = c.list_all("/api/v1/history?playbook=%s&kind=action" % pb["id"])
    ran = {}  # instance -> the generation of its algorithm
    for h in history:
        cl = (h.get("params") or {}).get("commandLine") if isinstance(h.get("params"), dict) else None
        if isinstance(cl, str) and cl.startswith("gen-"):
            ran[h.get("instance")] = int(cl[4:])
    by_alert = collections.defaultdict(list)
    for x in instances:
        by_alert[x.get("objectId")].append(x)

    sent_ids = {p[0] for p in posts}
    stats = collections.Counter()
    missed, wrong_algorithm = [], []
    overlap_algorithm_other = []
    for aid, gen, sent, answered, status in posts:
        if status != 201:
            continue
        inst = by_alert.get(aid, [])
        over = overlaps(sent, answered)
        g = ran.get(inst[0]["id"]) if inst else None
        if not over:
            stats["alone"] += 1
            if not inst:
                missed.append((aid, gen))
            else:
                stats["alone matched"] += 1
                if g != gen:
                    wrong_algorithm.append((aid, gen, g))
        else:
            stats["overlapping"] += 1
            if inst:
                stats["overlapping matched"] += 1
                if g != gen:
                    overlap_algorithm_other.append((aid, gen, g))
            else:
                stats["overlapping not matched"] += 1
    print("alerts: %d posted; %d overlapped no save (%d matched); %d overlapped a save (%d matched by the trigger "
          "of their gen, %d not: a newer trigger was in effect)"
          % (len(posts), stats["alone"], stats["alone matched"], stats["overlapping"], stats["overlapping matched"],
             stats["overlapping not matched"]), flush=True)
    suite.check("some alerts overlapped no save (%d) and some did (%d)" % (stats["alone"], stats["overlapping"]),
                stats["alone"] >= 100 and stats["overlapping"] >= 10, "too few of one kind to mean anything")
    suite.check("every alert whose POST overlapped no save is matched by the trigger of its gen", not missed,
                "%d of %d not matched, e.g. %s" % (len(missed), stats["alone"], missed[:5]))
    suite.check("... and its instance runs the algorithm of that same save", not wrong_algorithm,
                "%d ran another generation (alert, gen, ran), e.g. %s" % (len(wrong_algorithm), wrong_algorithm[:5]))
    if overlap_algorithm_other:
        print("NOTE %d overlapping alerts matched by the trigger of gen g ran another save's algorithm, e.g. %s"
              % (len(overlap_algorithm_other), overlap_algorithm_other[:3]), flush=True)
    many = [a for a, v in by_alert.items() if len(v) > 1]
    suite.check("no alert has two instances", not many, many[:5])
    stray = sorted(set(by_alert) - sent_ids)
    suite.check("every instance is for a posted alert", not stray, stray[:5])
    statuses = collections.Counter(x.get("status") for x in instances)
    suite.check("every instance ended Success (%d instances)" % len(instances), set(statuses) <= {"Success"},
                "by status %s; e.g. %s" % (dict(statuses), [(x["id"], x["status"], short(x.get("error"), 200))
                                                             for x in instances if x.get("status") != "Success"][:3]))
    no_history = [x["id"] for x in instances if x["id"] not in ran]
    suite.check("every instance has its action in the history", not no_history, no_history[:5])

    # Memory.
    print("VmRSS (saves done: MiB): %s" % ", ".join("%d: %.1f" % (k, v / 1024.0) for k, v in rss), flush=True)
    warm = [v for k, v in rss if k == 100]
    last = [v for k, v in rss if k > args.saves * 2 // 3]
    if suite.check("VmRSS sampled every 100 saves (%d samples)" % len(rss), warm and last and
                   len(rss) == args.saves // 100 + 1, "samples %s" % rss):
        growth = (max(last) - warm[0]) / 1024.0
        suite.check("resident memory stays flat: last third's max - sample at 100 saves = %.1f MiB < %.0f MiB"
                    % (growth, args.rss_growth), growth < args.rss_growth,
                    "grew %.1f MiB (%.1f -> %.1f)" % (growth, warm[0] / 1024.0, max(last) / 1024.0))
    print("measured: %d saves, %d alerts, %d instances, saves and stream %.1f s, total %.1f s"
          % (latest[0], len(posts), len(instances), t_saves, time.monotonic() - t_start), flush=True)


if __name__ == "__main__":
    run_script(main)
