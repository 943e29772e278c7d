#!/usr/bin/env python3
"""`riposte match` against gojq on generated data, through the shared
corpus tools (../shared/corpus: gen_triggers.py, gen_alerts.py, diff_match).

  tests/e2e/diff_match_check.py --riposte build/tools/riposte --corpus ../shared/corpus

Exits 77 (ctest's "skipped") when the corpus folder or gojq is absent: the
project must build and test without ../shared.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def generate(corpus, out, tool, *args):
    with open(out, "w") as f:
        subprocess.run([os.path.join(corpus, tool), *args], stdout=f, check=True)


def one_scope(args, tmp, scope):
    t, a, e = (os.path.join(tmp, "%s-%s.jsonl" % (n, scope)) for n in ("t", "a", "e"))
    generate(args.corpus, t, "gen_triggers.py", "--count", "60", "--seed", "5", "--scope", scope)
    generate(args.corpus, a, "gen_alerts.py", "--kind", scope, "--count", "120", "--seed", "6")
    generate(args.corpus, e, "gen_alerts.py", "--kind", "event", "--count", "120", "--seed", "8")
    ok = True
    # The VM with one and two threads, and the JIT tier (docs/jit.md).
    for engine, threads in (("vm", "1"), ("vm", "2"), ("jit", "1")):
        cmd = "%s match --engine %s --threads %s" % (args.riposte, engine, threads)
        p = subprocess.run([os.path.join(args.corpus, "diff_match"), "--cmd", cmd, "--scope", scope,
                            "--triggers", t, "--alerts", a, "--events", e], capture_output=True, text=True)
        last = (p.stdout.strip().splitlines() or ["no output"])[-1]
        print("%s, %s, %s thread(s): %s" % (scope, engine, threads, last))
        if p.returncode != 0:
            print(p.stdout[-2000:], p.stderr[-2000:])
            ok = False
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--corpus", required=True)
    args = ap.parse_args()
    if not os.path.exists(os.path.join(args.corpus, "diff_match")) or not shutil.which("gojq"):
        print("skipped: %s or gojq is absent" % args.corpus)
        return SKIP
    args.riposte = os.path.abspath(args.riposte)
    with tempfile.TemporaryDirectory() as tmp:
        ok = all([one_scope(args, tmp, "alert"), one_scope(args, tmp, "incident")])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
