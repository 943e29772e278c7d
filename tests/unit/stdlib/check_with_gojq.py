#!/usr/bin/env python3
"""Checks the native cases of tests/unit/stdlib/cases/*.tsv against gojq.

  check_with_gojq.py            # report the cases where gojq disagrees
  check_with_gojq.py --refill   # overwrite every result with gojq's

The files are case tables (docs/testing.md) read by ../case_table.py, which
rejects malformed lines.  Each case `name/arity, input, args, result`
becomes the gojq program `try {ok: ($in | name($a0; $a1 ...))} catch {err: .}`.
Cases under `#! reference: none` (builtins gojq lacks) are skipped.
"""
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_table  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


# Natives whose only argument is gojq's input (the unary operators).
UNARY = {"_negate": "-", "_plus": "+"}


def gojq_result(name, arity, inp, args):
    call = name if arity == 0 else "%s(%s)" % (name, "; ".join("$a%d" % i for i in range(arity)))
    if name in UNARY:
        call = "(%s$a0)" % UNARY[name]
    # gojq prints the value itself (Python's json would lose -0 and big integers).
    prog = 'try ([$in | %s] | "ok", .[0]) catch ("err", .)' % call
    cmd = ["gojq", "-c", "-n", "--argjson", "in", inp]
    for i, a in enumerate(args):
        cmd += ["--argjson", "a%d" % i, json.dumps(a)]
    cmd.append(prog)
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "TZ": "UTC"})
    lines = out.stdout.strip().split("\n")
    if out.returncode != 0 or len(lines) != 2:
        return None
    return lines[1] if lines[0] == '"ok"' else "!" + lines[1]


def same(a, b):
    return a == b


def main():
    refill = "--refill" in sys.argv
    bad = 0
    for path in sorted(glob.glob(os.path.join(HERE, "cases", "*.tsv"))):
        try:
            rows = case_table.read(path, ["native", "input", "args"], False)
        except case_table.Malformed as e:
            print("MALFORMED %s" % e)
            bad += 1
            continue
        lines = open(path, encoding="utf-8").read().split("\n")
        for row in rows:
            if not row.gojq_reference:
                continue
            sig, inp, args = row.columns[0], row.columns[1], json.loads(row.columns[2])
            expected = row.results[0].field()
            name, arity = sig.rsplit("/", 1)
            got = gojq_result(name, int(arity), inp, args)
            n = int(row.where.rsplit(":", 1)[1])
            if got is None:
                print("%s: gojq failed: %s" % (row.where, row.line))
                bad += 1
            elif refill:
                lines[n - 1] = "\t".join(row.columns + [got])
            elif not same(expected, got):
                print("%s: %s | gojq says %s, case says %s" % (row.where, sig, got, expected))
                bad += 1
        if refill:
            open(path, "w", encoding="utf-8").write("\n".join(lines))
    print("%d disagreement(s)" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
