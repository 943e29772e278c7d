#!/usr/bin/env python3
"""kill -9 of `riposte serve` at random moments during 1,000 playbook runs
whose actions record their idempotency keys in a real peer (engine.md,
"Storage and durability"; actions.md, idempotency keys).

  tests/api/launch_crash.py --riposte build/tools/riposte [--count 1000] [--kills 20] [--seed N]

The peer is a program: `serve --bindings real` runs the real
executeCustomScript binding, and each of the playbook's three
responseAction steps runs `act.sh STEP ALERT` (written here into the
temporary folder), which (in the middle step) sleeps 1 to 5 ms and
appends one line "<RIPOSTE_IDEMPOTENCY_KEY> <step> <alert InternalID>" to
calls.log with O_APPEND in one write.  The playbook is Auto (queue) and
its trigger matches only this test's alerts.

A sender thread ingests the alerts as JSON Lines batches, each under its
own Idempotency-Key, and records which were acknowledged (200 with every
id).  The server gets SIGKILL (by the pid the fixture started) at seeded
random moments: twice while a batch is in flight after a random number of
acknowledged batches (intake under way), then when the peer's log reaches
random numbers of calls (runs under way), each after a random extra delay
of a few ms.  After each kill it is restarted on the same file and the
sender re-sends the unacknowledged batches with the same keys.  At the
end, once every instance is final (or none has ended for --stall s):

- every acknowledged alert is stored, once; nothing else is stored;
- every stored alert has exactly one instance of the playbook;
- every instance is final, and Success (others are listed with their error);
- for each (alert, step) of a Success run the log has at least one line
  and all its lines carry the same key (a call repeated after a crash
  reuses its key: it may run twice, never under two keys), and no key
  serves two (alert, step).

`serve` runs with `--sync full` (the default: fsync at every commit),
`--workers 4`.  Prints kills, calls, repeats of the same key.
"""
import collections
import json
import os
import random
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (Client, FixtureError, Server, Suite, make_alert, parse_args, playbook_body,  # noqa
                            run_script, sample_alerts, short)

STEPS = ("s1", "s2", "s3")
FINAL = {"Success", "Warning", "Error", "Terminated", "ApprovalTimeExpired", "Rejected"}
LINE = re.compile(r"([0-9a-f]{32}) (s[123]) ([0-9a-f-]{36})")
LINE_BYTES = 32 + 1 + 2 + 1 + 36 + 1  # every line of the log has this length
SERVE_ARGS = ["--bindings", "real", "--workers", "4", "--sync", "full"]

# The peer: no shell between riposte and the program (the binding runs argv);
# the program itself is a /bin/sh script.  `>>` opens with O_APPEND and the
# printf builtin writes its short line in one write(2).
ACT_SH = """#!/bin/sh
# %(what)s
[ "$1" = s2 ] && sleep 0.00$(( $$ %% 5 + 1 ))
printf '%%s %%s %%s\\n' "$RIPOSTE_IDEMPOTENCY_KEY" "$1" "$2" >> '%(log)s'
"""


def algorithm(script):
    def step(name):
        return {"responseAction": {"function": {"type": "executeCustomScript",
                                                "params": {"commandLine": script,
                                                           "commandLineParameters": name + " ${alert.InternalID}"}},
                                   "onError": "stop"}}
    return {"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
            "executionFlow": [step(s) for s in STEPS]}


def main():
    def extra(ap):
        ap.add_argument("--count", type=int, default=1000, help="alerts (one playbook run each)")
        ap.add_argument("--batch", type=int, default=25, help="alerts per JSON Lines batch")
        ap.add_argument("--kills", type=int, default=20, help="kill -9 this many times")
        ap.add_argument("--seed", type=int, default=20261204)
        ap.add_argument("--wait", type=float, default=150.0, help="seconds to wait for every instance to end")
        ap.add_argument("--stall", type=float, default=20.0, help="give up when no instance ends for this long")
    args = parse_args(__doc__, extra)
    suite = Suite("launch_crash")
    rng = random.Random(args.seed)
    print("seed %d, %d alerts in batches of %d, %d kills; serve %s" % (args.seed, args.count, args.batch,
                                                                       args.kills, " ".join(SERVE_ARGS)), flush=True)
    with Server(args.riposte, extra_args=SERVE_ARGS) as srv:
        with suite.section("kill -9 during 1,000 playbook runs"):
            run(args, suite, srv, rng)
        try:
            if srv.proc is not None:
                srv.stop()
                suite.ok("server stops on SIGTERM with status 0 after the kills")
        except Exception as e:
            suite.fail("server stops on SIGTERM with status 0 after the kills", e)
    return suite.finish()


def run(args, suite, srv, rng):
    t_start = time.monotonic()
    tenant = srv.boot["tenant"]
    log = os.path.join(srv.tmpdir, "calls.log")
    script = os.path.join(srv.tmpdir, "act.sh")
    with open(script, "w") as f:
        f.write(ACT_SH % {"what": "the peer of tests/api/launch_crash.py", "log": log})
    os.chmod(script, 0o755)
    open(log, "w").close()

    marker = "launch-crash-%d-%d" % (os.getpid(), args.seed)
    body = playbook_body(tenant, mode="auto", launchingRule="queue", algorithm=algorithm(script),
                         trigger='.AdditionalData.launchCrash == "%s"' % marker)
    pb = suite.require("an Auto playbook of 3 executeCustomScript steps -> 201",
                       srv.client().post("/api/v1/playbooks", body), 201)

    # Alerts that only this playbook matches (no OriginalEvents: the predefined triggers look there).
    base = sample_alerts()[1]
    alerts = [make_alert(tenant, base=base, ID=i + 1, OriginalEvents=[], AdditionalData={"launchCrash": marker})
              for i in range(args.count)]
    sent_ids = {a["InternalID"] for a in alerts}
    batches = [alerts[i:i + args.batch] for i in range(0, len(alerts), args.batch)]
    keys = ["%s-batch-%d" % (marker, i) for i in range(len(batches))]
    raws = [("\n".join(json.dumps(a) for a in b) + "\n").encode() for b in batches]

    lock = threading.Lock()
    state = {"base": srv.base}
    up = threading.Event()
    up.set()
    acked, bad, resends = [], [], [0]
    done = threading.Event()
    posting = threading.Event()  # set while a batch POST is in flight

    def sender():
        for i, raw in enumerate(raws):
            attempt = 0
            while True:
                up.wait()
                with lock:
                    base_url = state["base"]
                c = Client(base_url, srv.boot["token"])
                if attempt:
                    resends[0] += 1
                attempt += 1
                posting.set()
                try:
                    r = c.post("/api/v1/alerts", raw=raw, ctype="application/x-ndjson",
                               headers={"Idempotency-Key": keys[i]})
                except Exception:  # the kill cut the connection, or the server is not up yet
                    time.sleep(0.01)
                    continue
                finally:
                    posting.clear()
                want = {"accepted": len(batches[i]), "ids": [a["InternalID"] for a in batches[i]]}
                if r.status == 200 and r.body == want:
                    acked.append(i)
                    break
                if r.status >= 500 and attempt < 50:
                    bad.append("batch %d attempt %d: %r" % (i, attempt, r))
                    time.sleep(0.05)
                    continue
                bad.append("batch %d: %r (expected 200 %s)" % (i, r, short(want, 120)))
                break
            time.sleep(0.01)  # intake runs alongside the runs
        done.set()

    def calls_so_far():
        try:
            return os.path.getsize(log) // LINE_BYTES
        except OSError:
            return 0

    # The moments: two during intake (after k acknowledged batches, while a batch is in flight), the
    # others when the peer has logged a random number of calls.
    total_calls = args.count * len(STEPS)
    nb = len(batches)
    first = rng.randint(1, max(1, nb // 4))
    second = rng.randint(first + 2, max(first + 2, nb * 3 // 4))
    thresholds = sorted(rng.randint(int(total_calls * 0.05), int(total_calls * 0.92))
                        for _ in range(max(0, args.kills - 2)))
    plan = ([("batches", first), ("batches", second)] + [("calls", n) for n in thresholds])[:args.kills]

    t = threading.Thread(target=sender, daemon=True)
    t.start()
    kills = []
    for what, n in plan:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if what == "batches" and ((len(acked) >= n and posting.is_set()) or done.is_set()):
                break
            if what == "calls" and calls_so_far() >= n:
                break
            if srv.proc.poll() is not None:
                raise FixtureError("`riposte serve` exited by itself (status %s)\n  stderr: %r"
                                   % (srv.proc.returncode, srv.stderr()))
            time.sleep(0.002)
        else:
            suite.fail("kill at %s >= %d" % (what, n), "not reached within 90 s (calls %d, acked batches %d)"
                       % (calls_so_far(), len(acked)))
            break
        time.sleep(rng.uniform(0.0, 0.008 if what == "batches" else 0.025))
        up.clear()
        at = {"when": "%s>=%d" % (what, n), "calls": calls_so_far(), "acked": len(acked),
              "t": round(time.monotonic() - t_start, 2)}
        code = srv.kill9()
        kills.append(at)
        if code != -9:
            suite.fail("kill -9 #%d" % len(kills), "serve ended with %s, not by SIGKILL" % code)
        srv.restart()
        with lock:
            state["base"] = srv.base
        up.set()
    print("kills: %s" % json.dumps(kills), flush=True)
    suite.check("%d kills -9, each followed by a restart on the same file" % args.kills, len(kills) == args.kills,
                "%d kills" % len(kills))

    t.join(timeout=120)
    suite.check("the sender acknowledged every batch (%d, %d re-sent after a kill)" % (len(batches), resends[0]),
                sorted(acked) == list(range(len(batches))) and not t.is_alive(),
                "acked %d of %d; alive %s; errors %s" % (len(acked), len(batches), t.is_alive(), bad[:3]))
    suite.check("no answer to a batch was an error", not bad, "; ".join(bad[:5]))

    c = srv.client()
    deadline = time.monotonic() + args.wait
    instances = []
    progress, progress_at = -1, time.monotonic()
    while True:
        instances = c.list_all("/api/v1/instances?playbook=" + pb["id"])
        unfinished = [x for x in instances if x.get("status") not in FINAL]
        if len(instances) >= args.count and not unfinished:
            break
        ended = len(instances) - len(unfinished)
        if ended != progress:
            progress, progress_at = ended, time.monotonic()
        if time.monotonic() > deadline or time.monotonic() - progress_at > args.stall:
            break
        if srv.proc.poll() is not None:
            raise FixtureError("`riposte serve` exited by itself (status %s)\n  stderr: %r"
                               % (srv.proc.returncode, srv.stderr()))
        time.sleep(0.5)
    t_runs = time.monotonic() - t_start
    print("every run ended %.1f s after the start" % t_runs if not unfinished else
          "gave up waiting after %.1f s (%d not final; none ended in the last %.0f s or --wait passed)"
          % (t_runs, len(unfinished), args.stall), flush=True)

    # The store: alerts and instances.
    stored = c.list_all("/api/v1/alerts?TenantID=" + tenant)
    counts = collections.Counter(a.get("InternalID") for a in stored)
    acked_ids = {a["InternalID"] for i in acked for a in batches[i]}
    mine = {i for i in counts if i in sent_ids}
    lost = sorted(acked_ids - set(counts))
    suite.check("every acknowledged alert (%d) is stored" % len(acked_ids), not lost,
                "%d lost, e.g. %s" % (len(lost), lost[:5]))
    twice = [i for i, n in counts.items() if n != 1]
    suite.check("no alert is stored twice", not twice, twice[:5])
    foreign = sorted(set(counts) - sent_ids)
    suite.check("nothing but the sent alerts is stored", not foreign, foreign[:5])
    per_alert = collections.defaultdict(list)
    for x in instances:
        per_alert[x.get("objectId")].append(x)
    none = sorted(i for i in mine if not per_alert.get(i))
    many = sorted(i for i in mine if len(per_alert.get(i, ())) > 1)
    stray = sorted(set(per_alert) - mine)
    suite.check("every stored alert has an instance", not none, "%d without, e.g. %s" % (len(none), none[:5]))
    suite.check("no stored alert has two instances", not many,
                "%d with several, e.g. %s" % (len(many), [(i, [(x["id"], x["status"]) for x in per_alert[i]])
                                                          for i in many[:3]]))
    suite.check("no instance for an alert that is not stored", not stray, stray[:5])
    statuses = collections.Counter(x.get("status") for x in instances)
    print("instances: %d, by status %s" % (len(instances), dict(statuses)), flush=True)
    unfinished = [x for x in instances if x.get("status") not in FINAL]
    def described(x):  # what the run did: its steps and status, from GET /instances/{id}
        r = c.get("/api/v1/instances/" + x["id"])
        steps = r.body.get("steps") if r.status == 200 and isinstance(r.body, dict) else None
        done = [s.get("status") for s in steps] if isinstance(steps, list) else "?"
        return "instance %s (alert %s): %s, steps %s, start %s, end %s" % (
            x["id"], x.get("objectId"), x["status"], done, x.get("start"), x.get("end"))
    suite.check("every instance is final", not unfinished,
                "%d not final: %s" % (len(unfinished), "; ".join(described(x) for x in unfinished[:5])))
    failed = [x for x in instances if x.get("status") in FINAL and x.get("status") != "Success"]
    suite.check("every instance ended Success", not failed,
                "%d did not: %s" % (len(failed), "; ".join("%s %s: %s" % (x["id"], x["status"],
                                                                            short(x.get("error"), 200))
                                                            for x in failed[:5])))

    # The peer's log.
    with open(log, "rb") as f:
        data = f.read().decode("utf-8", "replace")
    lines = data.splitlines()
    malformed = [ln for ln in lines if not LINE.fullmatch(ln)]
    suite.check("every line of the peer's log is whole (%d lines)" % len(lines),
                not malformed and data.endswith("\n"), "%d malformed, e.g. %r" % (len(malformed), malformed[:3]))
    keys_of = collections.defaultdict(collections.Counter)  # (alert, step) -> key -> lines
    calls_of_key = collections.defaultdict(set)           # key -> {(alert, step)}
    for ln in lines:
        m = LINE.fullmatch(ln)
        if m:
            key, step, alert = m.groups()
            keys_of[(alert, step)][key] += 1
            calls_of_key[key].add((alert, step))
    success = {x["objectId"] for x in instances if x.get("status") == "Success"}
    missing = [(a, s) for a in sorted(success) for s in STEPS if (a, s) not in keys_of]
    suite.check("every step of every Success run called the peer", not missing,
                "%d (alert, step) without a line, e.g. %s" % (len(missing), missing[:5]))
    two_keys = {k: dict(v) for k, v in keys_of.items() if len(v) > 1}
    suite.check("no call ran under two different keys (each (alert, step) has one key)", not two_keys,
                "%d (alert, step) with several keys, e.g. %s" % (len(two_keys), list(two_keys.items())[:3]))
    shared = {k: sorted(v) for k, v in calls_of_key.items() if len(v) > 1}
    suite.check("no key serves two calls", not shared, "%d keys, e.g. %s" % (len(shared), list(shared.items())[:3]))
    unknown = sorted({a for a, _ in keys_of} - mine)
    suite.check("the peer was called only for stored alerts", not unknown, unknown[:5])
    repeats = sum(sum(v.values()) - len(v) for v in keys_of.values())
    repeated_calls = sum(1 for v in keys_of.values() if sum(v.values()) > 1)
    print("measured: %d kills, %d calls logged for %d (alert, step), %d repeats of the same key (%d calls run more "
          "than once), %d batches re-sent, %.1f s" % (len(kills), len(lines), len(keys_of), repeats, repeated_calls,
                                                      resends[0], time.monotonic() - t_start), flush=True)


if __name__ == "__main__":
    run_script(main)
