#!/usr/bin/env python3
"""Runs every HTTP API test of tests/api/ against `riposte serve`.

  tests/api/run_api_tests.py --riposte build/tools/riposte [-k bad_input]

Each script runs alone in its own process (each starts its own servers in
its own temporary folder); its lines are printed prefixed with its name:
`PASS script: check` / `FAIL script: check: why`.  A script that exits
non-zero, prints a FAIL, or does not end with its `N passed, M failed` line
fails the run.  Last line: the totals.  Exit status 1 on any failure.
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = [("roles_matrix.py", 300), ("bad_input.py", 180), ("playbooks_check.py", 180),
           ("openapi_check.py", 120), ("crash_durability.py", 240), ("end_to_end.py", 240),
           ("launch_check.py", 180), ("launch_mail.py", 120),
           ("launch_crash.py", 300),   # kill -9 during 1,000 playbook runs
           ("launch_saves.py", 180),   # 1,000 playbook saves under a stream of alerts
           ("actions_engine.py", 120),     # createIncident, runPlaybook, the alert and incident edits
           ("actions_terminate.py", 240)]  # terminate during a call, for every network binding


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True, help="path of the riposte program")
    ap.add_argument("-k", dest="filter", default="", help="run only the scripts whose name contains this")
    args = ap.parse_args()
    riposte = os.path.abspath(args.riposte)
    if not os.access(riposte, os.X_OK):
        print("FAIL run_api_tests: %s is not an executable program" % riposte)
        return 1
    total_pass = total_fail = 0
    bad_scripts = []
    for script, timeout in SCRIPTS:
        if args.filter not in script:
            continue
        name = script[:-3]
        t0 = time.monotonic()
        try:
            p = subprocess.run([sys.executable, os.path.join(HERE, script), "--riposte", riposte],
                               capture_output=True, timeout=timeout, cwd=HERE)
            out, err, code = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), p.returncode
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode("utf-8", "replace")
            err, code = "timed out after %ss" % timeout, None
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
        if code != 0 and not failed:
            why.append("exit status %s without a FAIL line" % code)
        if code == 0 and failed:
            why.append("exit status 0 with FAIL lines")
        if why:
            failed += 1
            print("FAIL %s: %s%s" % (name, ", ".join(why),
                                     ("\n    stderr: " + err[-3000:].replace("\n", "\n    ")) if err else ""))
        if failed:
            bad_scripts.append(name)
        print("---- %s: %d passed, %d failed (%.1fs)" % (name, passed, failed, time.monotonic() - t0), flush=True)
        total_pass += passed
        total_fail += failed
    print("%d passed, %d failed%s" % (total_pass, total_fail,
                                      "; failing: " + ", ".join(bad_scripts) if bad_scripts else ""))
    return 1 if total_fail or bad_scripts or not total_pass else 0


if __name__ == "__main__":
    sys.exit(main())
