#!/usr/bin/env python3
"""diff_match at K beyond what one gojq command line holds.

  tests/e2e/diff_match_big.py --riposte build/tools/riposte --corpus ../shared/corpus \
      --triggers T.jsonl --alerts A.jsonl --events E.jsonl [--chunk 300] [--engine vm|jit]

../shared/corpus/diff_match passes all triggers to gojq as one argument,
which Linux caps at 128 KiB (about 400 triggers).  This runs it on chunks
of --chunk triggers (each chunk: riposte against gojq, pair by pair), then
runs riposte once on ALL the triggers and checks that every alert's
matched set and errors are the union of the chunks' -- so the K-trigger
run, with its shared indexes at full size, agrees with gojq too.
Not part of ctest (minutes at K = 10,000); the acceptance run of the
issue perf-floor (docs/testing.md).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def run_lines(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
    return p.stdout.splitlines(), p.stderr


def results(riposte, engine, triggers, alerts, events):
    lines, err = run_lines([riposte, "match", "--engine", engine, "--triggers", triggers, "--alerts", alerts,
                            "--events", events])
    out = {}
    for line in lines:
        row = json.loads(line)
        out[row["alert"]] = (set(row.get("matched", [])), set((row.get("errors") or {}).keys()))
    return out, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--triggers", required=True)
    ap.add_argument("--alerts", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--engine", default="vm", choices=["vm", "jit", "auto"])
    ap.add_argument("--chunk", type=int, default=300)
    a = ap.parse_args()
    rows = [l for l in open(a.triggers) if l.strip()]
    passed = failed = 0
    union = {}
    with tempfile.TemporaryDirectory() as tmp:
        for start in range(0, len(rows), a.chunk):
            path = os.path.join(tmp, "chunk.jsonl")
            with open(path, "w") as f:
                f.writelines(rows[start:start + a.chunk])
            cmd = "%s match --engine %s" % (a.riposte, a.engine)
            p = subprocess.run([os.path.join(a.corpus, "diff_match"), "--cmd", cmd, "--triggers", path,
                                "--alerts", a.alerts, "--events", a.events], capture_output=True, text=True)
            last = (p.stdout.strip().splitlines() or ["no output"])[-1]
            words = last.split()
            if len(words) == 4 and words[1] == "passed,":
                passed += int(words[0])
                failed += int(words[2])
            else:
                failed += 1
                print("chunk %d: %s %s" % (start, last, p.stderr[-500:]))
            if p.returncode != 0:
                print("chunk %d: %s" % (start, last))
            part, _ = results(a.riposte, a.engine, path, a.alerts, a.events)
            for alert, (m, e) in part.items():
                um, ue = union.setdefault(alert, (set(), set()))
                um |= m
                ue |= e
        whole, err = results(a.riposte, a.engine, a.triggers, a.alerts, a.events)
    differ = [k for k in set(whole) | set(union) if whole.get(k) != union.get(k)]
    for k in sorted(differ)[:10]:
        print("alert %s: all-K run %s, chunks %s" % (k, whole.get(k), union.get(k)))
    print("chunks vs gojq: %d passed, %d failed; all %d triggers at once vs chunks: %d alert(s) differ; "
          "riposte's stderr on the full run: %s" % (passed, failed, len(rows), len(differ),
                                                     err.strip().splitlines()[-1] if err.strip() else "(empty)"))
    return 1 if failed or differ else 0


if __name__ == "__main__":
    sys.exit(main())
