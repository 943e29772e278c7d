#!/usr/bin/env python3
"""Differential test of `riposte jq` against gojq 0.12.11 on random programs.

  tests/differential/random_jq.py --riposte build/tools/riposte --count 3000
  tests/differential/random_jq.py --riposte build/tools/riposte --count 98000 --seed 7 --jobs 2

Each case is a random jq program (over many builtins and syntax forms) run on
one random JSON input.  Programs are run in batches: one process of each
implementation evaluates a batch of programs on a few inputs, each program as
`[i, [try ((PROGRAM) | tojson) catch ("!" + tojson)]]`, so that its outputs,
and the error that ends them, are compared exactly.  A batch that fails as a
whole in either implementation (a compile error, a crash, a timeout) is run
again one program per process, and then the whole output and the exit status
of each program are compared.

Hard failures, whatever the accepted list says: riposte killed by a signal
(crash), riposte out of time where gojq finished (hang).  A difference is
accepted when an entry of accepted.toml (next to this script) matches it;
every entry says why.  Cases where gojq itself crashes or runs out of time are
skipped and counted.  Exit status: 0 when every difference is accepted, 1
otherwise, 77 when gojq is absent (a ctest SKIP).
"""
import argparse
import concurrent.futures
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- inputs

KEYS = ["a", "b", "c", "x"]
STRINGS = ["", "a", "b", "abc", "a,b", "A b", "é", "1", "2.5", " 3", "1e3", "-0", "nan", "ab\u0000c",
           "2015-03-05T23:51:47Z", "x\ty", "\u00e9\u00e8", "😀", "<&>", "aaa", "b,a,c"]
NUMBERS = [0, 1, 2, 3, -1, -2, 10, 0.5, -1.5, 1.25, 100, 1000000]
RARE_NUMBERS = [1e19, -1e19, 1.7976931348623157e308, 1e-7, 123456789012, 9007199254740993, 0.1, 3.0e100]


def rand_json(r, depth=0):
    k = r.random()
    if depth >= 3 or k < 0.35:
        c = r.random()
        if c < 0.1:
            return None
        if c < 0.2:
            return r.random() < 0.5
        if c < 0.55:
            return r.choice(RARE_NUMBERS) if r.random() < 0.05 else r.choice(NUMBERS)
        return r.choice(STRINGS)
    if k < 0.7:
        return [rand_json(r, depth + 1) for _ in range(r.randint(0, 4))]
    return {r.choice(KEYS): rand_json(r, depth + 1) for _ in range(r.randint(0, 4))}


def json_text(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- programs

class Gen:
    """Random jq expressions.  Every generator is bounded: loops run on
    literal counts or under limit/first, so a program ends unless the
    implementation is wrong."""

    def __init__(self, r):
        self.r = r
        self.vars = []
        self.labels = []
        self.n = 0

    def fresh(self, prefix):
        self.n += 1
        return "%s%d" % (prefix, self.n)

    def lit(self):
        r = self.r
        c = r.random()
        if c < 0.4:
            return str(r.choice([0, 1, 2, 3, -1, 0.5, 10, 1.5, 100]))
        if c < 0.7:
            return json.dumps(r.choice(["a", "b", "", "x", "abc", "a,b", "1", "é"]), ensure_ascii=False)
        return r.choice(["null", "true", "false", "[]", "{}", "[1,2]", '{"a":1}', '[3,1,2]', '["b","a"]'])

    def path_expr(self, d):
        """An expression that is a path (for path(), updates, del)."""
        r = self.r
        c = r.randrange(14)
        if c == 0:
            return "."
        if c == 1:
            return "." + r.choice(KEYS)
        if c == 2:
            return ".[%d]" % r.randint(-2, 3)
        if c == 3:
            return ".[]"
        if c == 4:
            return ".[]?"
        if c == 5:
            return ".%s.%s" % (r.choice(KEYS), r.choice(KEYS))
        if c == 6:
            return ".[%s:%s]" % (r.choice(["", "1", "-1", "0"]), r.choice(["", "2", "-1"]))
        if c == 7:
            return "(%s, %s)" % (self.path_expr(d + 1), self.path_expr(d + 1))
        if c == 8:
            return "%s | %s" % (self.path_expr(d + 1), self.path_expr(d + 1))
        if c == 9:
            return "select(%s)" % self.expr(d + 1)
        if c == 10:
            return "first(%s)" % self.path_expr(d + 1)
        if c == 11:
            return "(%s)?" % self.path_expr(d + 1)
        if c == 12:
            return "getpath([%s])" % r.choice(['"a"', "0", '"a","b"', ""])
        return "(if %s then %s else %s end)" % (self.expr(d + 1), self.path_expr(d + 1), self.path_expr(d + 1))

    def var(self):
        return "$" + self.r.choice(self.vars) if self.vars else "."

    def regex(self):
        return json.dumps(self.r.choice(["a", "^a", "b+", "[ab]", "(a)(b)?", "(?<n>a|b)", "", ",", "\\\\s", "A"]))

    def flags(self):
        return json.dumps(self.r.choice(["g", "i", "x", "gi", "n", ""]))

    def call0(self):
        return self.r.choice([
            "length", "utf8bytelength", "not", "keys", "values", "add", "any", "all",
            "flatten", "floor", "sqrt", "tostring", "tonumber", "type", "reverse", "sort", "unique", "min",
            "max", "tojson", "fromjson", "ascii_downcase", "ascii_upcase", "explode", "implode", "to_entries",
            "from_entries", "paths", "leaf_paths", "isnan", "isinfinite", "isnormal", "infinite", "nan",
            "nulls", "scalars", "iterables", "booleans", "objects", "numbers", "strings", "arrays", "first",
            "last", "transpose", "tostream", "@base64", "@base64d", "@uri", "@csv",
            "@tsv", "@html", "@sh", "@json", "@text", "todate", "fromdate", "gmtime", "mktime", "todateiso8601",
            "fromdateiso8601", "ceil", "round", "fabs", "trunc", "exp", "log", "log2", "exp10", "sin", "cos",
            "significand", "logb", "frexp", "modf", "gamma", "error", "empty", "recurse", "..", "splits(\",\")",
            "finites", "normals", "input_filename", "env | type", "builtins | length > 10",
            "getpath([\"a\"])", "[combinations] | length",
        ])

    def call1(self, d):
        r = self.r
        e = lambda: self.expr(d + 1)
        c = r.randrange(44)
        forms = [
            lambda: "map(%s)" % e(), lambda: "select(%s)" % e(), lambda: "sort_by(%s)" % e(),
            lambda: "group_by(%s)" % e(), lambda: "unique_by(%s)" % e(), lambda: "min_by(%s)" % e(),
            lambda: "max_by(%s)" % e(), lambda: "has(%s)" % e(), lambda: "contains(%s)" % e(),
            lambda: "inside(%s)" % e(), lambda: "index(%s)" % e(), lambda: "rindex(%s)" % e(),
            lambda: "indices(%s)" % e(), lambda: "test(%s; %s)" % (self.regex(), self.flags()),
            lambda: "[match(%s; %s)]" % (self.regex(), self.flags()),
            lambda: "capture(%s)" % self.regex(),
            lambda: "sub(%s; %s)" % (self.regex(), r.choice(['"x"', '"<\\(.)>"', '""'])),
            lambda: "gsub(%s; %s; %s)" % (self.regex(), r.choice(['"x"', '"\\(.n)"', '""']), self.flags()),
            lambda: "[scan(%s)]" % self.regex(), lambda: "[splits(%s)]" % self.regex(),
            lambda: "any(%s)" % e(), lambda: "all(%s)" % e(), lambda: "any(%s; %s)" % (e(), e()),
            lambda: "[limit(5; recurse(%s))]" % e(), lambda: "walk(%s)" % e(), lambda: "map_values(%s)" % e(),
            lambda: "with_entries(%s)" % e(), lambda: "flatten(%s)" % r.choice(["0", "1", "2", "-1"]),
            lambda: "ltrimstr(%s)" % self.lit(), lambda: "rtrimstr(%s)" % self.lit(),
            lambda: "startswith(%s)" % self.lit(), lambda: "endswith(%s)" % self.lit(),
            lambda: "split(%s)" % self.lit(), lambda: "join(%s)" % self.lit(),
            lambda: "[paths(%s)]" % e(), lambda: "getpath(%s)" % r.choice(['["a"]', '[0]', '["a",0]', '[]', e()]),
            lambda: "setpath(%s; %s)" % (r.choice(['["a"]', '[0]', '["a",1]', '[]']), e()),
            lambda: "delpaths(%s)" % r.choice(['[["a"]]', '[[0],[1]]', '[[0],["a"]]', '[[]]', '[[-1]]']),
            lambda: "del(%s)" % self.path_expr(d + 1), lambda: "[path(%s)]" % self.path_expr(d + 1),
            lambda: "strftime(%s)" % json.dumps(r.choice(["%Y-%m-%dT%H:%M:%SZ", "%s", "%j %a %b %e", "%A %B %H"])),
            lambda: "strptime(%s)" % json.dumps(r.choice(["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"])),
            lambda: "pow(%s; %s)" % (e(), self.lit()), lambda: "in(%s)" % e(),
        ]
        return forms[c % len(forms)]()

    def term(self, d):
        """An expression in parentheses, where the grammar wants a term."""
        return "(%s)" % self.expr(d)

    def expr(self, d=0):
        r = self.r
        if d >= 4 or r.random() < 0.18 + 0.12 * d:
            c = r.random()
            if c < 0.3:
                return self.path_expr(3)
            if c < 0.55:
                return self.lit()
            if c < 0.65 and self.vars:
                return self.var()
            return self.call0()
        e = lambda: self.expr(d + 1)
        t = lambda: self.term(d + 1)
        c = r.randrange(40)
        if c < 3:
            return "%s | %s" % (e(), e())
        if c < 5:
            return "%s, %s" % (e(), e())
        if c < 8:
            op = r.choice(["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "//"])
            return "(%s %s %s)" % (e(), op, e())
        if c < 9:
            return "[%s]" % e()
        if c < 11:
            k1, k2 = r.choice(KEYS), r.choice(KEYS)
            return r.choice([
                "{%s: %s}" % (k1, t()), "{(%s | tostring): %s}" % (e(), t()), "{%s, %s: %s}" % (k1, k2, t()),
                "{\"%s\": %s, %s: %s}" % (k1, t(), k2, t()),
            ] + (["{$%s}" % r.choice(self.vars)] if self.vars else []))
        if c < 12:
            return "(%s)?" % e()
        if c < 13:
            return "(%s)[%s]" % (self.path_expr(d + 1), e()) if r.random() < 0.3 else ".[%s]" % e()
        if c < 14:
            return ".[%s:%s]" % (e(), e())
        if c < 16:
            return "if %s then %s %s end" % (e(), e(), r.choice(["else " + e(), "elif %s then %s" % (e(), e()), ""]))
        if c < 18:
            return r.choice(["try %s" % t(), "try %s catch %s" % (t(), t()), "(try %s catch %s)" % (t(), t()),
                             "(try %s catch . as $e | [$e, %s])" % (t(), e())])
        if c < 19:
            v = self.fresh("x")
            src, init = t(), e()
            self.vars.append(v)
            body = "reduce %s as $%s (%s; %s)" % (src, v, init, e())
            self.vars.pop()
            return body
        if c < 20:
            v = self.fresh("x")
            src, init = t(), e()
            self.vars.append(v)
            extract = r.choice(["", "; " + self.expr(d + 1)])
            body = "[foreach %s as $%s (%s; %s%s)]" % (src, v, init, e(), extract)
            self.vars.pop()
            return body
        if c < 22:
            v, w = self.fresh("v"), self.fresh("w")
            src = t()
            pat = r.choice(["$%s" % v, "[$%s, $%s]" % (v, w), "{a: $%s, $%s}" % (v, w), "[$%s] ?// $%s" % (v, v),
                            "{a: [$%s]} ?// [$%s] ?// $%s" % (v, v, v), "[[$%s]] ?// $%s" % (v, v)])
            bound = [v, w] if "$" + w in pat else [v]
            self.vars.extend(bound)
            body = "%s as %s | %s" % (src, pat, e())
            del self.vars[-len(bound):]
            return "(%s)" % body
        if c < 23:
            l = self.fresh("out")
            self.labels.append(l)
            body = "label $%s | %s" % (l, e())
            self.labels.pop()
            return "(%s)" % body
        if c < 24 and self.labels:
            return "(%s, break $%s)" % (e(), r.choice(self.labels))
        if c < 25:
            return r.choice(["[limit(%d; %s)]" % (r.randint(-1, 3), e()), "first(%s)" % e(), "[last(%s)]" % e(),
                             "[nth(%d; %s)]" % (r.randint(0, 2), e()), "isempty(%s)" % e(),
                             "[range(%s)]" % r.choice(["3", "0; 3", "0; 10; 3", "5; 0; -2", "1, 2"]),
                             "until(type != \"number\" or isnan or . > 50 or . < -1000; . + 7)",
                             "[limit(4; repeat(%s))]" % e(), "[while(type == \"number\" and . < 20 and . > -1000; . * 2 + 1)]"])
        if c < 27:
            return '"s\\(%s)t"' % e() if r.random() < 0.6 else '@%s "v=\\(%s)"' % (
                r.choice(["base64", "json", "html", "uri", "sh", "text", "csv", "tsv"]), e())
        if c < 31:
            op = r.choice(["|=", "+=", "-=", "*=", "/=", "%=", "//=", "="])
            return "(%s %s %s)" % (self.path_expr(d + 1), op, e())
        if c < 32:
            return "-%s" % self.path_expr(d + 1)
        if c < 33:
            f = self.fresh("f")
            return "(def %s(g): %s; %s(%s))" % (f, r.choice([". | g", "[g, .]", "g | g", "reduce g as $q (0; . + 1)"]), f, e())
        if c < 34:
            return "(%s | sort)" % e() if r.random() < 0.5 else "[%s] | sort" % e()
        if c < 35:
            return "(%s | tostream)" % e() if r.random() < 0.5 else "fromstream(%s | tostream)" % e()
        if c < 36:
            return "(%s | error)" % e() if r.random() < 0.5 else "error(%s)" % e()
        return self.call1(d)


def rand_program(r):
    return Gen(r).expr(0)


# ---------------------------------------------------------------- running

def load_accepted(path):
    with open(path, "rb") as f:
        data = tomllib.load(f)
    entries = data.get("accepted", [])
    allowed = {"name", "reason", "program", "input", "riposte", "gojq", "close_numbers"}
    for e in entries:
        unknown = set(e) - allowed
        if unknown or "name" not in e or not e.get("reason"):
            raise SystemExit("accepted.toml: bad entry %r (unknown keys %s, or no name/reason)" % (e, sorted(unknown)))
        for k in ("program", "input", "riposte", "gojq"):
            if k in e:
                e[k + "_re"] = re.compile(e[k], re.S)
    return entries


NUM_RE = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def numbers_close(a, b):
    na, nb = NUM_RE.findall(a), NUM_RE.findall(b)
    if len(na) != len(nb) or NUM_RE.sub("#", a) != NUM_RE.sub("#", b):
        return False
    for x, y in zip(na, nb):
        fx, fy = float(x), float(y)
        if fx != fy and not math.isclose(fx, fy, rel_tol=1e-12, abs_tol=1e-300):
            return False
    return True


def accepted_by(entries, case):
    for e in entries:
        if "program_re" in e and not e["program_re"].search(case["program"]):
            continue
        if "input_re" in e and not e["input_re"].search(case["input"]):
            continue
        if "riposte_re" in e and not e["riposte_re"].search(case["riposte"]):
            continue
        if "gojq_re" in e and not e["gojq_re"].search(case["gojq"]):
            continue
        if e.get("close_numbers") and not numbers_close(case["riposte"], case["gojq"]):
            continue
        return e["name"]
    return None


def run(cmd, stdin, timeout):
    """(status, stdout): status is an exit code, "timeout" or "signal N"."""
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    try:
        p = subprocess.run(cmd, input=stdin.encode(), capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    if p.returncode < 0:
        return "signal %d" % -p.returncode, p.stdout.decode("utf-8", "replace")
    return p.returncode, p.stdout.decode("utf-8", "replace")


def wrap(i, program):
    return '[%d, [try ((%s) | tojson) catch ("!" + tojson)]]' % (i, program)


def batch_results(cmd, programs, inputs, timeout):
    """{(program, input) index: text} of one process, or None when the batch failed as a whole."""
    text = ",\n".join(wrap(i, p) for i, p in enumerate(programs))
    status, out = run(cmd + ["-c", text], "\n".join(inputs), timeout)
    if status != 0:
        return None, status
    lines = out.splitlines()
    if len(lines) != len(programs) * len(inputs):
        return None, "output lines %d" % len(lines)
    res = {}
    for j in range(len(inputs)):
        for i in range(len(programs)):
            try:
                k, v = json.loads(lines[j * len(programs) + i])
            except ValueError:
                return None, "unparsable line"
            if k != i:
                return None, "out of order"
            res[(i, j)] = json.dumps(v, ensure_ascii=False)
    return res, 0


def run_batch(args, programs, inputs):
    """A list of case results: dict(program, input, riposte, gojq, kind)."""
    rip_cmd = [args.riposte, "jq"]
    gojq_cmd = [args.gojq]
    g, gstat = batch_results(gojq_cmd, programs, inputs, args.timeout)
    rres, rstat = (None, None)
    if g is not None:
        rres, rstat = batch_results(rip_cmd, programs, inputs, args.timeout * 3)
    cases = []
    if g is not None and rres is not None:
        for i, p in enumerate(programs):
            for j, inp in enumerate(inputs):
                cases.append(dict(program=p, input=inp, gojq=g[(i, j)], riposte=rres[(i, j)], kind="value"))
        return cases
    if len(programs) > 1:  # find the programs that fail the batch by halves
        half = len(programs) // 2
        return run_batch(args, programs[:half], inputs) + run_batch(args, programs[half:], inputs)
    # One process per program and input: whole stdout and exit status.
    for p in programs:
        for inp in inputs:
            gs, go = run(gojq_cmd + ["-c", p], inp, args.timeout)
            if gs == "timeout" or str(gs).startswith("signal"):
                # gojq itself hangs or crashes: riposte must still not crash.
                rs, ro = run(rip_cmd + ["-c", p], inp, args.timeout)
                kind = "crash" if str(rs).startswith("signal") else "skip"
                cases.append(dict(program=p, input=inp, gojq=str(gs), riposte="%s %s" % (rs, ro), kind=kind))
                continue
            rs, ro = run(rip_cmd + ["-c", p], inp, args.timeout * 3)
            if rs == "timeout":
                kind = "hang"
            elif str(rs).startswith("signal"):
                kind = "crash"
            else:
                kind = "process"
            cases.append(dict(program=p, input=inp, gojq="exit %s: %s" % (gs, go), riposte="exit %s: %s" % (rs, ro),
                              kind=kind))
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--gojq", default=shutil.which("gojq") or "gojq")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=3000, help="cases (program, input pairs)")
    ap.add_argument("--inputs", type=int, default=3, help="inputs per program")
    ap.add_argument("--batch", type=int, default=60, help="programs per process")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per gojq process (riposte gets 3x)")
    ap.add_argument("--accepted", default=os.path.join(HERE, "accepted.toml"))
    ap.add_argument("--show", type=int, default=20, help="unaccepted differences to print")
    ap.add_argument("--print", action="store_true", help="print the generated cases and stop")
    args = ap.parse_args()

    if not args.print and not (os.path.isfile(args.gojq) or shutil.which(args.gojq)):
        print("gojq not found: skipped")
        return 77
    entries = load_accepted(args.accepted)
    r = random.Random(args.seed)
    nprog = max(1, args.count // args.inputs)
    batches = []
    for b in range(0, nprog, args.batch):
        programs = [rand_program(r) for _ in range(min(args.batch, nprog - b))]
        inputs = [json_text(rand_json(r)) for _ in range(args.inputs)]
        batches.append((programs, inputs))
    if args.print:
        for programs, inputs in batches:
            for p in programs:
                print(p)
            for i in inputs:
                print("# input", i)
        return 0

    stats = {"agree": 0, "accepted": 0, "skip": 0}
    by_class = {}
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for cases in pool.map(lambda b: run_batch(args, *b), batches):
            for c in cases:
                if c["kind"] in ("hang", "crash"):
                    failures.append(c)
                elif c["kind"] == "skip":
                    stats["skip"] += 1
                elif c["riposte"] == c["gojq"]:
                    stats["agree"] += 1
                else:
                    name = accepted_by(entries, c)
                    if name:
                        stats["accepted"] += 1
                        by_class[name] = by_class.get(name, 0) + 1
                    else:
                        failures.append(c)
    total = stats["agree"] + stats["accepted"] + len(failures)
    pct = 100.0 * stats["agree"] / total if total else 100.0
    print("%d cases (seed %d): %d agree (%.2f%%), %d accepted differences, %d unaccepted, %d skipped (gojq failed)"
          % (total, args.seed, stats["agree"], pct, stats["accepted"], len(failures), stats["skip"]))
    for name, n in sorted(by_class.items(), key=lambda kv: -kv[1]):
        print("  accepted %-40s %d" % (name, n))
    for c in failures[:args.show]:
        print("\n%s  program: %s\n  input:   %s\n  riposte: %s\n  gojq:    %s"
              % (c["kind"].upper(), c["program"], c["input"], c["riposte"][:400], c["gojq"][:400]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
