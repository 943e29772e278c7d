#!/usr/bin/env python3
"""Checks the native cases of tests/unit/stdlib/cases/*.tsv against gojq.

  check_with_gojq.py            # report the cases where gojq disagrees
  check_with_gojq.py --fill     # write gojq's result into empty expected fields
  check_with_gojq.py --refill   # overwrite every expected field with gojq's result

Each case `name/arity, input, args, expected[, no-gojq]` becomes the gojq
program `try {ok: ($in | name($a0; $a1 ...))} catch {err: .}`.  Cases
marked `no-gojq` (builtins gojq lacks) are skipped.
"""
import glob
import json
import os
import subprocess
import sys

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
    fill = "--fill" in sys.argv or refill
    bad = 0
    for path in sorted(glob.glob(os.path.join(HERE, "cases", "*.tsv"))):
        out_lines = []
        for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
            fields = line.split("\t")
            if not line.strip() or line.startswith("#") or (len(fields) > 4 and fields[4] == "no-gojq"):
                out_lines.append(line)
                continue
            sig, inp, args = fields[0], fields[1], json.loads(fields[2])
            expected = fields[3] if len(fields) > 3 else ""
            name, arity = sig.rsplit("/", 1)
            got = gojq_result(name, int(arity), inp, args)
            if got is None:
                print("%s:%d: gojq failed: %s" % (os.path.basename(path), n, line))
                bad += 1
            elif (not expected or refill) and fill:
                fields = fields[:3] + [got] + fields[4:]
                line = "\t".join(fields)
            elif not same(expected, got):
                print("%s:%d: %s | gojq says %s, case says %s" % (os.path.basename(path), n, sig, got, expected))
                bad += 1
            out_lines.append(line)
        if fill:
            open(path, "w", encoding="utf-8").write("\n".join(out_lines))
    print("%d disagreement(s)" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
