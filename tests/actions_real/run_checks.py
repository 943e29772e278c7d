#!/usr/bin/env python3
"""Runs every check of tests/actions_real/ (check_*.py): the real action
bindings against real peers, through `riposte run --bindings real --config`.

  tests/actions_real/run_checks.py --riposte build/tools/riposte [-k ldap]

Each script runs alone (it starts its own peers in its own temporary
folder); its lines are printed prefixed with its name.  A script that exits
non-zero, prints a FAIL, or does not end with its `N passed, M failed` line
fails the run; so does a folder without any check.  Exit status 1 on any
failure.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 600


def run_one(script, riposte):
    name = os.path.basename(script)[:-3]
    t0 = time.monotonic()
    try:
        p = subprocess.run([sys.executable, script, "--riposte", riposte], capture_output=True, timeout=TIMEOUT,
                           cwd=HERE)
        out, err, code = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err, code = "timed out after %ss" % TIMEOUT, None
    passed = failed = 0
    summary = None
    for line in out.splitlines():
        if line.startswith("PASS "):
            passed += 1
            print("PASS %s: %s" % (name, line[5:]))
        elif line.startswith("FAIL "):
            failed += 1
            print("FAIL %s: %s" % (name, line[5:]))
        elif re.fullmatch(r"\d+ passed, \d+ failed", line):
            summary = line
        elif line.strip():
            print("     %s: %s" % (name, line))
    why = []
    if summary is None:
        why.append("no summary line")
    elif summary != "%d passed, %d failed" % (passed, failed):
        why.append("summary %r disagrees with the lines" % summary)
    if passed == 0 and failed == 0:
        why.append("no checks ran")
    if code != 0 and not failed:
        why.append("exit status %s without a FAIL line" % code)
    if code == 0 and failed:
        why.append("exit status 0 with FAIL lines")
    if why:
        failed += 1
        print("FAIL %s: %s%s" % (name, ", ".join(why),
                                 ("\n    stderr: " + err[-3000:].replace("\n", "\n    ")) if err else ""))
    print("---- %s: %d passed, %d failed (%.1fs)" % (name, passed, failed, time.monotonic() - t0), flush=True)
    return passed, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True)
    ap.add_argument("-k", dest="filter", default="")
    args = ap.parse_args()
    riposte = os.path.abspath(args.riposte)
    scripts = sorted(glob.glob(os.path.join(HERE, "check_*.py")))
    if not scripts:
        print("FAIL run_checks: no check_*.py in %s" % HERE)
        return 1
    total_pass = total_fail = 0
    for script in scripts:
        if args.filter not in os.path.basename(script):
            continue
        p, f = run_one(script, riposte)
        total_pass += p
        total_fail += f
    print("actions_real: %d passed, %d failed" % (total_pass, total_fail))
    return 1 if total_fail or total_pass == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
