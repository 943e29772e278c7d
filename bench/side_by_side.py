#!/usr/bin/env python3
"""Times `riposte jq`, `gojq` and `jq` on the same programs and data, in one run.

  bench/side_by_side.py --riposte build/tools/riposte [--size 100000] [--runs 3] [-k group]

Generates deterministic alert-like records (one big array, and the same as
one object per line), runs every program with each engine (best wall time
of --runs), checks that riposte's output equals gojq's (the semantics we
follow), and prints a table with the ratios peer time / riposte time
(above 1: riposte is faster).  A benchmark, never a test: timings depend on
the machine.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

SEVERITIES = ["low", "medium", "high", "critical"]

# (name, flags, program, input: "array" | "lines" | "none")
PROGRAMS = [
    ("sort_by", ["-c"], "sort_by(.score) | length", "array"),
    ("group_by", ["-c"], "group_by(.host) | map({host: .[0].host, n: length}) | length", "array"),
    ("unique strings", ["-c"], "[.[].host] | unique | length", "array"),
    ("map select", ["-c"], 'map(select(.severity == "critical" and .score > 50)) | length', "array"),
    ("object counting", ["-c"], "reduce .[] as $r ({}; .[$r.host] += 1) | length", "array"),
    ("to_entries round trip", ["-c"], "map(to_entries | from_entries) | length", "array"),
    ("string work", ["-c"], 'map(.host | ascii_upcase | split("-") | join("_")) | length', "array"),
    ("interpolate and join", ["-c"], '[.[] | "\\(.id):\\(.host):\\(.score)"] | join(",") | length', "array"),
    ("regex test", ["-c"], 'map(select(.host | test("-1[0-9]$"))) | length', "array"),
    ("tojson fromjson", ["-c"], "map(tojson | fromjson) | length", "array"),
    ("update assignments", ["-c"], 'map(.score |= . * 2 | .tags += ["x"]) | length', "array"),
    ("paths", ["-c"], "[paths] | length", "array"),
    ("del", ["-c"], "del(.[].tags) | length", "array"),
    ("walk", ["-c"], "walk(if type == \"number\" then . + 1 else . end) | length", "array"),
    ("tostream", ["-c"], "[tostream] | length", "array"),
    ("filter lines", ["-c"], 'select(.severity == "critical") | {id, host}', "lines"),
    ("slurp lines", ["-c", "-s"], "map(.score) | add", "lines"),
    ("reduce append", ["-n"], "reduce range(SIZE) as $x ([]; . + [$x]) | length", "none"),
    ("setpath in a loop", ["-n"], 'reduce range(SIZE) as $x ({}; setpath([$x % 100 | tostring, "v"]; $x)) | length', "none"),
    ("string building", ["-n"], 'reduce range(SIZE) as $x (""; . + "ab") | length', "none"),
    ("collect and add", ["-n"], "[range(SIZE * 10)] | add", "none"),
    ("recursion", ["-n"], "def f: if . <= 0 then 0 else (. - 1 | f) + 1 end; SIZE | f", "none"),
]


def make_records(n):
    rng = random.Random(42)
    out = []
    for i in range(n):
        out.append({
            "id": i,
            "severity": rng.choice(SEVERITIES),
            "host": "host-%d" % rng.randrange(100),
            "score": rng.randrange(10000) / 100,
            "tags": ["tag%d" % rng.randrange(20) for _ in range(3)],
            "rules": [{"Name": "Rule_%d" % rng.randrange(50)}],
            "meta": {"source": "sensor-%d" % rng.randrange(10), "seen": 1700000000 + i},
        })
    return out


def write_data(directory, n):
    records = make_records(n)
    array_path = os.path.join(directory, "records.json")
    lines_path = os.path.join(directory, "records.jsonl")
    with open(array_path, "w") as f:
        json.dump(records, f)
    with open(lines_path, "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    return {"array": array_path, "lines": lines_path, "none": None}


def time_one(cmd, runs, timeout):
    """Best wall time of `runs` runs and the output, or (None, reason)."""
    best, output = None, None
    for _ in range(runs):
        start = time.perf_counter()
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, "timeout"
        elapsed = time.perf_counter() - start
        if p.returncode != 0:
            return None, "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace").strip()[:80])
        best = elapsed if best is None else min(best, elapsed)
        output = p.stdout
    return best, output


def fmt_time(t):
    return "%.3f" % t if isinstance(t, float) else str(t)


def ratio(peer, ours):
    if isinstance(peer, float) and isinstance(ours, float) and ours > 0:
        return "%.2fx" % (peer / ours)
    if peer == "timeout" and isinstance(ours, float):
        return "inf"
    return "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True, help="path of the riposte program")
    ap.add_argument("--size", type=int, default=100000, help="records in the data, and SIZE in the programs")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("-k", dest="filter", default="", help="only programs whose name contains this")
    args = ap.parse_args()

    engines = [("riposte", [os.path.abspath(args.riposte), "jq"])]
    for peer in ("gojq", "jq"):
        if shutil.which(peer):
            engines.append((peer, [peer]))
    versions = {name: subprocess.run(cmd + ["--version"], capture_output=True).stdout.decode().strip()
                for name, cmd in engines}
    with tempfile.TemporaryDirectory(prefix="riposte-bench-") as tmp:
        data = write_data(tmp, args.size)
        print("data: %d records (%.1f MB array); best of %d runs; timeout %gs"
              % (args.size, os.path.getsize(data["array"]) / 1e6, args.runs, args.timeout))
        print("engines: " + "; ".join("%s = %s" % (n, versions[n]) for n, _ in engines))
        header = ["program"] + ["%s s" % n for n, _ in engines] + ["%s/riposte" % n for n, _ in engines[1:]] + ["same as gojq"]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for name, flags, program, input_kind in PROGRAMS:
            if args.filter not in name:
                continue
            program = program.replace("SIZE", str(args.size))
            files = [data[input_kind]] if data[input_kind] else []
            results = {}
            for engine, cmd in engines:
                results[engine] = time_one(cmd + flags + [program] + files, args.runs, args.timeout)
            ours = results["riposte"][0] if results["riposte"][0] is not None else results["riposte"][1]
            times = [fmt_time(r[0] if r[0] is not None else r[1]) for r in (results[e] for e, _ in engines)]
            ratios = []
            for engine, _ in engines[1:]:
                peer = results[engine][0] if results[engine][0] is not None else results[engine][1]
                ratios.append(ratio(peer, ours))
            same = "-"
            if "gojq" in results and results["gojq"][0] is not None and results["riposte"][0] is not None:
                same = "yes" if results["gojq"][1] == results["riposte"][1] else "NO"
            print("| " + " | ".join([name] + times + ratios + [same]) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
