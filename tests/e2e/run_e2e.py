#!/usr/bin/env python3
"""End-to-end tests of the `riposte` command line, driven by the *.toml tables.

  tests/e2e/run_e2e.py --riposte build/tools/riposte          # the contract
  tests/e2e/run_e2e.py --reference gojq                       # check the table against gojq
  tests/e2e/run_e2e.py --riposte build/tools/riposte -k indent   # cases whose name contains "indent"

Each [[case]] of every *.toml file here (cases.toml, match_cases.toml, ...)
runs `RIPOSTE jq ARGS...` (or `RIPOSTE CMD ARGS...` when `cmd` is given:
"ir", "match", ...) in tests/e2e/ with `input` on stdin (repeated
`input_repeat` times, for inputs larger than the readers' buffers) and checks:
  stdout      exactly `expected` (default: empty) or containing each of
              `contains`;
  exit status `exit_code` (default 0);
  stderr      exactly `stderr` (default: empty), or, where the text depends
              on the run, matching the Python regular expression
              `stderr_regex` as a whole (riposte's wording, so not checked
              against the reference).
Large inputs are generated, not committed: each `[[case.file]]` (name,
parts = [[text, repeat], ...]) is written to a fresh temporary folder
whose path replaces `{tmp}` in the args and in `stderr`.
With --reference, the same arguments go to a reference jq (gojq 0.12.11) to
show that the table describes its behaviour; cases marked `riposte_only`
(extensions such as -a, -S, --seq, budgets, `riposte ir`) are skipped.

A key not listed in CASE_KEYS (or FILE_KEYS), a value of the wrong type, a
case with both `expected` and `contains`, or both `stderr` and
`stderr_regex`, is an error of the table: the run fails before any case.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))

STR, INT, BOOL = str, int, bool
CASE_KEYS = {"name": STR, "args": list, "input": STR, "input_repeat": INT, "expected": STR, "contains": list,
             "exit_code": INT, "stderr": STR, "stderr_regex": STR, "env": dict, "cmd": STR, "riposte_only": BOOL,
             "file": list}
FILE_KEYS = {"name": STR, "parts": list}


def table_problems(path, table):
    """What is wrong with a parsed *.toml table (empty when it is well formed)."""
    where = os.path.basename(path)
    problems = ["%s: unknown top-level key %r (only [[case]])" % (where, k) for k in table if k != "case"]
    cases = table.get("case", [])
    if not isinstance(cases, list) or not cases:
        return problems + ["%s: no [[case]]" % where]
    for i, case in enumerate(cases, 1):
        at = "%s: case %d (%s)" % (where, i, case.get("name", "no name"))
        for k, v in case.items():
            if k not in CASE_KEYS:
                problems.append("%s: unknown key %r (known: %s)" % (at, k, ", ".join(sorted(CASE_KEYS))))
            elif not isinstance(v, CASE_KEYS[k]) or (CASE_KEYS[k] is INT and isinstance(v, bool)):
                problems.append("%s: %r must be a %s" % (at, k, CASE_KEYS[k].__name__))
        if "name" not in case:
            problems.append("%s: no name" % at)
        if "expected" in case and "contains" in case:
            problems.append("%s: both expected and contains" % at)
        if "stderr" in case and "stderr_regex" in case:
            problems.append("%s: both stderr and stderr_regex" % at)
        if isinstance(case.get("args"), list) and not all(isinstance(a, str) for a in case["args"]):
            problems.append("%s: args must be strings" % at)
        if isinstance(case.get("contains"), list) and not all(isinstance(a, str) for a in case["contains"]):
            problems.append("%s: contains must be strings" % at)
        if "stderr_regex" in case and isinstance(case["stderr_regex"], str):
            try:
                re.compile(case["stderr_regex"])
            except re.error as e:
                problems.append("%s: stderr_regex: %s" % (at, e))
        for f in case.get("file", []) if isinstance(case.get("file"), list) else []:
            for k in f:
                if k not in FILE_KEYS:
                    problems.append("%s: [[case.file]]: unknown key %r (known: name, parts)" % (at, k))
            if not isinstance(f.get("name"), str) or not isinstance(f.get("parts"), list):
                problems.append("%s: [[case.file]] needs name and parts" % at)
    return problems


def command(case, args, tmp=None):
    extra = [a.replace("{tmp}", tmp) if tmp else a for a in case.get("args", [])]
    if args.reference:
        return [args.reference] + extra
    return [args.riposte, case.get("cmd", "jq")] + extra


def check(case, args):
    """Returns a list of problems (empty when the case passes)."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.update(case.get("env", {}))
    stdin = (case.get("input", "") * case.get("input_repeat", 1)).encode()
    tmp = tempfile.mkdtemp(prefix="riposte-e2e-") if case.get("file") else None
    try:
        for f in case.get("file", []):
            with open(os.path.join(tmp, f["name"]), "w", encoding="utf-8") as out:
                for text, repeat in f["parts"]:
                    out.write(text * repeat)
        p = subprocess.run(command(case, args, tmp), input=stdin, capture_output=True, cwd=HERE, env=env,
                           timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return ["timed out after %ss" % args.timeout]
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    problems = []
    want_code = case.get("exit_code", 0)
    if p.returncode != want_code:
        problems.append("exit status %d, expected %d" % (p.returncode, want_code))
    if "contains" not in case and out != case.get("expected", ""):
        problems.append("stdout %r, expected %r" % (out[:300], case.get("expected", "")[:300]))
    for piece in case.get("contains", []):
        if piece not in out:
            problems.append("stdout %r lacks %r" % (out[:300], piece))
    if not args.reference:
        if "stderr_regex" in case:
            if not re.fullmatch(case["stderr_regex"], err, re.S):
                problems.append("stderr %r does not match %r" % (err[:600], case["stderr_regex"]))
        else:
            want = case.get("stderr", "")
            if tmp:
                want = want.replace("{tmp}", tmp)
            if err != want:
                problems.append("stderr %r, expected %r" % (err[:600], want[:600]))
    if problems and err and not any(pr.startswith("stderr") for pr in problems):
        problems.append("stderr: %r" % err[:300])
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", help="path of the riposte program")
    ap.add_argument("--reference", help="a reference jq command (e.g. gojq) to check the table against")
    ap.add_argument("--cases", action="append", help="a case file (default: every *.toml here)")
    ap.add_argument("-k", dest="filter", default="", help="run only cases whose name contains this")
    ap.add_argument("--timeout", type=float, default=20)
    args = ap.parse_args()
    if not args.riposte and not args.reference:
        ap.error("give --riposte PATH or --reference CMD")
    if args.riposte:
        args.riposte = os.path.abspath(args.riposte)
    cases, bad_tables = [], []
    for path in args.cases or sorted(glob.glob(os.path.join(HERE, "*.toml"))):
        with open(path, "rb") as f:
            table = tomllib.load(f)
        bad_tables += table_problems(path, table)
        cases += table.get("case", [])
    if bad_tables:
        print("MALFORMED TABLE\n  " + "\n  ".join(bad_tables))
        return 1
    passed = failed = skipped = 0
    names = set()
    for case in cases:
        name = case["name"]
        if name in names:
            print("duplicate case name: %s" % name)
            failed += 1
        names.add(name)
        if args.filter not in name or (args.reference and (case.get("riposte_only") or case.get("cmd"))):
            skipped += 1
            continue
        problems = check(case, args)
        if problems:
            failed += 1
            print("FAIL %s\n  args: %s\n  %s" % (name, case.get("args", []), "\n  ".join(problems)))
        else:
            passed += 1
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
