#!/usr/bin/env python3
"""`riposte process` end to end (docs/launch.md; issue engine-launch, Goals):
N Auto playbooks made from corpus triggers over M corpus alerts, dry-run
bindings, one store per run.  Prints alerts/s end to end (ingest, match,
launch, run, history), matches and instances, and the peak resident memory
of the process; a second pass with twice the alerts shows whether memory
grows with the number of alerts.  Measures, never asserts (docs/bench.md,
"Launching").

  bench/process_bench.py --riposte build/tools/riposte --playbooks 1000 --alerts 100000

Triggers that the engine's static checks refuse are left out (counted).
A first run over an empty alerts file times the start-up alone (store
creation, loading the N playbooks); "after start-up" rates subtract it.
Each row gives the process's own CPU (user + sys) and peak RSS (wait4 of
that process, not of the generators), the instances per alert, and the
load average (1 min) when the row finished: the machine may be shared.
"""
import argparse
import json
import os
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
    # wait4 on the one process: its own peak RSS and CPU (RUSAGE_CHILDREN
    # would mix in the generators and `riposte check`, and keep a maximum).
    db = os.path.join(folder, "bench-%d.db" % time.monotonic_ns())
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen([riposte, "process", "--alerts", alerts, "--playbooks", os.path.join(folder, "playbooks"),
                              "--db", db, "--progress", "never", "--workers", str(workers)], stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        seconds = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            sys.exit("riposte process failed (%d): %s" % (p.returncode, err.read().decode()[-2000:]))
        out.seek(0)
        summary = json.loads(out.read())
    for f in os.listdir(folder):
        if f.startswith(os.path.basename(db)):
            os.remove(os.path.join(folder, f))
    return seconds, summary, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--playbooks", type=int, default=1000)
    ap.add_argument("--alerts", type=int, default=100000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-startup", action="store_true", help="skip the run over an empty alerts file")
    args = ap.parse_args()
    riposte = os.path.abspath(args.riposte)
    with tempfile.TemporaryDirectory(prefix="bench-process-") as folder:
        gen = subprocess.run([sys.executable, os.path.join(CORPUS, "gen_triggers.py"), "--count",
                              str(args.playbooks), "--seed", "7"], capture_output=True, check=True)
        triggers, refused = checked_triggers(riposte, gen.stdout.decode().splitlines())
        os.makedirs(os.path.join(folder, "playbooks"))
        for t in triggers:
            with open(os.path.join(folder, "playbooks", t["id"] + ".json"), "w") as f:
                json.dump({"name": "bench " + t["id"], "scope": t.get("scope", "alert"), "mode": "auto",
                           "trigger": t["trigger"], "algorithm": ALGORITHM}, f)
        rows = []
        startup = None
        counts = ([] if args.no_startup else [0]) + [args.alerts // 2, args.alerts]
        for count in counts:
            alerts = os.path.join(folder, "alerts-%d.jsonl" % count)
            with open(alerts, "wb") as f:
                if count:
                    subprocess.run([sys.executable, os.path.join(CORPUS, "gen_alerts.py"), "--count", str(count),
                                    "--seed", "3"], stdout=f, check=True)
            seconds, summary, peak, cpu = run(riposte, folder, alerts, args.workers)
            if count == 0:
                startup = seconds
            instances = sum(summary["instances"].values())
            rows.append((count, seconds, cpu, instances, summary["instances"], summary.get("calls", {}), peak,
                         os.getloadavg()[0]))
        print("playbooks: %d (%d triggers refused by the static checks), --workers %d" % (len(triggers), refused,
                                                                                       args.workers))
        print("%8s %9s %9s %10s %10s %10s %9s %10s %8s %5s" % ("alerts", "seconds", "cpu s", "alerts/s", "after s-u",
                                                             "instances", "inst/alrt", "inst/s a-s", "peak MiB",
                                                             "load"))
        for count, seconds, cpu, instances, _, _, peak, load in rows:
            rest = seconds - startup if startup is not None and count else None
            print("%8d %9.2f %9.2f %10s %10s %10d %9s %10s %8.0f %5.2f" % (
                count, seconds, cpu, "%.0f" % (count / seconds) if count else "-",
                "%.0f" % (count / rest) if rest and rest > 0 else "-", instances,
                "%.1f" % (instances / count) if count else "-",
                "%.0f" % (instances / rest) if rest and rest > 0 else "-", peak / 1024, load))
        last = rows[-1]
        print("instances by status (last row): %s" % json.dumps(last[4], sort_keys=True))
        print("calls (last row): %s" % json.dumps(last[5], sort_keys=True))
        print("alerts/s: end to end, start-up included; after s-u: (alerts) / (seconds - the empty run's seconds); "
              "inst/s a-s: instances per second after start-up")

if __name__ == "__main__":
    main()
