#!/usr/bin/env python3
"""`riposte process` end to end (docs/launch.md; issue engine-launch, Goals):
N Auto playbooks made from corpus triggers over M corpus alerts, dry-run
bindings, one store per run.  Prints alerts/s end to end (ingest, match,
launch, run, history), matches and instances, and the peak resident memory
of the process; a second pass with twice the alerts shows whether memory
grows with the number of alerts.  Measures, never asserts (docs/bench.md).

  bench/process_bench.py --riposte build/tools/riposte --playbooks 1000 --alerts 100000

Triggers that the engine's static checks refuse are left out (counted).
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "corpus")

ALGORITHM = {
    "dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
    "executionFlow": [{"responseAction": {"function": {
        "type": "blockLDAPAccount",
        "assets": "${[alert.Assets[]? | select(.Type == \"user\") | .ID]}"}}}]}


def checked_triggers(riposte, lines):
    ok, refused = [], 0
    for line in lines:
        t = json.loads(line)
        p = subprocess.run([riposte, "check", "--scope", t.get("scope", "alert"), t["trigger"]],
                           capture_output=True)
        if p.returncode == 0:
            ok.append(t)
        else:
            refused += 1
    return ok, refused


def run(riposte, folder, alerts, workers):
    db = os.path.join(folder, "bench-%d.db" % time.monotonic_ns())
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    p = subprocess.run([riposte, "process", "--alerts", alerts, "--playbooks", os.path.join(folder, "playbooks"),
                        "--db", db, "--progress", "never", "--workers", str(workers)], capture_output=True)
    seconds = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if p.returncode != 0:
        sys.exit("riposte process failed (%d): %s" % (p.returncode, p.stderr.decode()[-2000:]))
    summary = json.loads(p.stdout)
    return seconds, summary, peak if peak > before else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--playbooks", type=int, default=1000)
    ap.add_argument("--alerts", type=int, default=100000)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    riposte = os.path.abspath(args.riposte)
    with tempfile.TemporaryDirectory(prefix="riposte-process-bench-") as folder:
        gen = subprocess.run([sys.executable, os.path.join(CORPUS, "gen_triggers.py"), "--count",
                              str(args.playbooks), "--seed", "7"], capture_output=True, check=True)
        triggers, refused = checked_triggers(riposte, gen.stdout.decode().splitlines())
        os.makedirs(os.path.join(folder, "playbooks"))
        for t in triggers:
            with open(os.path.join(folder, "playbooks", t["id"] + ".json"), "w") as f:
                json.dump({"name": "bench " + t["id"], "scope": t.get("scope", "alert"), "mode": "auto",
                           "trigger": t["trigger"], "algorithm": ALGORITHM}, f)
        rows = []
        for count in (args.alerts // 2, args.alerts):
            alerts = os.path.join(folder, "alerts-%d.jsonl" % count)
            with open(alerts, "wb") as f:
                subprocess.run([sys.executable, os.path.join(CORPUS, "gen_alerts.py"), "--count", str(count),
                                "--seed", "3"], stdout=f, check=True)
            seconds, summary, peak = run(riposte, folder, alerts, args.workers)
            instances = sum(summary["instances"].values())
            rows.append((count, seconds, instances, peak))
        print("playbooks: %d (%d triggers refused by the static checks)" % (len(triggers), refused))
        print("%10s %10s %12s %12s %14s" % ("alerts", "seconds", "alerts/s", "instances", "peak RSS MiB"))
        for count, seconds, instances, peak in rows:
            print("%10d %10.2f %12.0f %12d %14s" % (count, seconds, count / seconds, instances,
                                                   "%.0f" % (peak / 1024) if peak else "-"))


if __name__ == "__main__":
    main()
