"""Shared by the checks of tests/actions_real/: real bindings against real
peers, driven through `riposte run --bindings real --config`.

A check script builds its own algorithms, starts its own peers (peers/*.py:
on 127.0.0.1, ports of their own, stopped by the pid they started), runs
them, and asserts what ARRIVED AT THE PEER, not what the binding says it
sent.  Output: `PASS name` / `FAIL name: why` lines and a last line
`N passed, M failed`; exit status 1 on any failure (run_checks.py enforces
the format).  A peer that cannot start is a FAIL with the reason, never a
skip.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(doc):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True, help="path of the riposte program")
    ap.add_argument("-k", dest="filter", default="", help="run only the checks whose name contains this")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return ap.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc=None, timeout=15.0, what="peer"):
    """Waits until 127.0.0.1:port accepts; raises RuntimeError with the reason."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError("%s exited with status %s before listening on %d" % (what, proc.returncode, port))
            if time.monotonic() > deadline:
                raise RuntimeError("%s did not listen on 127.0.0.1:%d within %.0fs" % (what, port, timeout))
            time.sleep(0.05)


class Suite:
    """PASS/FAIL lines and the summary line."""

    def __init__(self, name_filter=""):
        self.passed = self.failed = 0
        self.filter = name_filter

    def wants(self, name):
        return self.filter in name

    def check(self, name, ok, why=""):
        if ok:
            self.passed += 1
            print("PASS %s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, why), flush=True)
        return ok

    def equal(self, name, got, expected):
        return self.check(name, got == expected, "got %r, expected %r" % (got, expected))

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 1 if self.failed else 0


def algorithm(steps, input_filter=None, output=None):
    """A bare algorithm document (docs/algorithm.md) of these steps."""
    doc = {"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1", "executionFlow": steps}
    if input_filter is not None:
        doc["input"] = input_filter
    if output is not None:
        doc["output"] = output
    return doc


def action(type_, params=None, assets=None, on_error=None, timeout=None):
    """One responseAction step."""
    fn = {"type": type_}
    if params is not None:
        fn["params"] = params
    if assets is not None:
        fn["assets"] = assets
    step = {"function": fn}
    if on_error is not None:
        step["onError"] = on_error
    if timeout is not None:
        step["timeout"] = timeout
    return {"responseAction": step}


class Run:
    def __init__(self, code, stdout, stderr):
        self.code, self.stdout, self.stderr = code, stdout, stderr
        try:
            self.out = json.loads(stdout) if stdout.strip() else None
        except ValueError:
            self.out = None

    @property
    def calls(self):
        return (self.out or {}).get("calls", [])

    @property
    def status(self):
        return (self.out or {}).get("status")

    def describe(self):
        return "exit %s, stdout %s, stderr %s" % (self.code, self.stdout[-1500:], self.stderr[-1500:])


def run_algorithm(riposte, folder, name, algo, config=None, env=None, alert=None, extra=(), timeout=120):
    """`riposte run --algorithm A --alert X --bindings real [--config C]`; files go to folder/name.*."""
    a = os.path.join(folder, name + ".algorithm.json")
    x = os.path.join(folder, name + ".alert.json")
    with open(a, "w") as f:
        json.dump(algo, f)
    with open(x, "w") as f:
        json.dump(alert if alert is not None else {"id": "a-" + name, "Severity": "high"}, f)
    cmd = [riposte, "run", "--algorithm", a, "--alert", x, "--bindings", "real"]
    if config is not None:
        c = os.path.join(folder, name + ".config.json")
        with open(c, "w") as f:
            json.dump(config, f)
        cmd += ["--config", c]
    cmd += list(extra)
    e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    e.update(env or {})
    p = subprocess.run(cmd, capture_output=True, timeout=timeout, env=e)
    return Run(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))


def secrets_absent(secrets, texts=(), files=()):
    """'' when none of `secrets` occurs in the texts or the files, else where one does."""
    for s in secrets:
        for i, t in enumerate(texts):
            if s in t:
                return "secret %r in output %d" % (s, i)
        for path in files:
            with open(path, "rb") as f:
                if s.encode() in f.read():
                    return "secret %r in %s" % (s, path)
    return ""


class Folder:
    """A temporary folder, removed at the end unless kept."""

    def __init__(self, keep=False, prefix="riposte-actions-"):
        self.path = tempfile.mkdtemp(prefix=prefix)
        self.keep = keep

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        if not self.keep:
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            print("     kept %s" % self.path, file=sys.stderr)


def run_check_functions(doc, checks):
    """The main of a check script: each `check(suite, riposte, folder)` in
    turn, in one temporary folder; an exception (a peer that cannot start, a
    run that hangs) is a FAIL with the reason, never a skip.  Returns the
    exit status."""
    args = parse_args(doc)
    suite = Suite(args.filter)
    with Folder(args.keep) as folder:
        for check in checks:
            try:
                check(suite, args.riposte, folder)
            except Exception as e:
                suite.check(check.__name__, False, "%s: %s" % (type(e).__name__, e))
    return suite.finish()
