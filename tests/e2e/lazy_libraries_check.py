#!/usr/bin/env python3
"""What `riposte` maps into memory, by command (docs/jit.md, "Loading").

  tests/e2e/lazy_libraries_check.py --riposte build/tools/riposte

`riposte jq` must map neither libLLVM (the JIT's LLVM side is opened only
when native code is asked for) nor the engine's libraries (libcurl, libpq,
libldap, cpp-httplib: libriposte_service.so is opened by the engine's
commands only); `riposte match --engine jit` must map libLLVM and compile
natively; `riposte serve` must map libriposte_service.so and answer.  Each case starts riposte blocked on a pipe, reads
/proc/<pid>/maps while it waits, then closes the pipe and checks the exit.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

TRIGGER = '{"id": "t1", "trigger": ".Severity == \\"High\\""}\n'
ALERT = '{"Severity": "High"}\n'


def maps_while_blocked(cmd, stdin_text, wait_for):
    """Runs cmd with a pipe on stdin; once `wait_for` is mapped (or 10 s
    pass), returns (maps text, exit code, stdout, stderr) after feeding
    stdin_text and closing the pipe."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    maps = ""
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            with open("/proc/%d/maps" % p.pid) as f:
                maps = f.read()
        except OSError:
            break
        if wait_for in maps:
            break
        time.sleep(0.05)
    out, err = p.communicate(stdin_text, timeout=60)
    return maps, p.returncode, out, err


def check_serve(riposte, tmp):
    """`riposte serve` opens libriposte_service.so and listens."""
    db = os.path.join(tmp, "serve.db")
    p = subprocess.Popen([riposte, "serve", "--db", db, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    failures = []
    try:
        line = p.stdout.readline()  # {"listening": "HOST:PORT"} once listening
        with open("/proc/%d/maps" % p.pid) as f:
            maps = f.read()
        if "listening" not in line:
            failures.append("riposte serve did not listen: %r" % line)
        if "libriposte_service.so" not in maps:
            failures.append("riposte serve does not map libriposte_service.so")
    finally:
        p.terminate()
        try:
            _, err = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            failures.append("riposte serve did not stop on SIGTERM")
            return failures
    if p.returncode != 0:
        failures.append("riposte serve exit %s after SIGTERM: %s" % (p.returncode, err[-500:]))
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--riposte", required=True)
    args = ap.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        triggers = os.path.join(tmp, "t.jsonl")
        with open(triggers, "w") as f:
            f.write(TRIGGER)
        # jq: blocked reading its input; libriposte's own code is mapped
        # by then, libLLVM must not be.
        maps, code, out, err = maps_while_blocked([args.riposte, "jq", ".a"], '{"a": 1}\n', "libstdc++")
        for lib in ("libLLVM", "libriposte_jit", "libriposte_service", "libcurl", "libpq", "libldap",
                    "libcpp-httplib"):
            if lib in maps:
                failures.append("riposte jq maps %s" % lib)
        if code != 0 or out.strip() != "1":
            failures.append("riposte jq .a: exit %s, stdout %r, stderr %r" % (code, out, err))
        # match --engine jit: compiles up front, before reading alerts.
        cmd = [args.riposte, "match", "--engine", "jit", "--triggers", triggers, "--alerts", "-", "--output",
               "count"]
        maps, code, out, err = maps_while_blocked(cmd, ALERT, "libLLVM")
        if "libLLVM" not in maps or "libriposte_jit.so" not in maps:
            failures.append("riposte match --engine jit does not map libLLVM and libriposte_jit.so")
        if code != 0 or '"matches":1' not in out.replace(" ", ""):
            failures.append("riposte match --engine jit: exit %s, stdout %r, stderr %r" % (code, out, err))
        failures += check_serve(args.riposte, tmp)
    for f in failures:
        print("FAIL:", f)
    print("lazy libraries: %d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
