#!/usr/bin/env python3
"""The case tables of the unit tests (docs/testing.md, "Case tables"): the
same reader as tests/unit/case_table.h, for the scripts that check or write
the tables (stdlib/check_with_gojq.py, stdlib/check_builtins_jq.py).

  tests/unit/case_table.py            # checks every table listed in TABLES
  tests/unit/case_table.py FILE...    # checks these files

Exit status 1, with file:line and what is wrong, when a line is malformed.
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# The tables of the unit tests and their leading columns (the test that
# reads each table names the same columns).
TABLES = {
    "stdlib/cases/*.tsv": ["native", "input", "args"],
    "stdlib/cases/jq_defined.txt": ["program", "input"],
    "vm/cases/*.tsv": ["program", "input"],
}


class Malformed(Exception):
    pass


class Result:
    def __init__(self, kind, text):
        self.kind, self.text = kind, text  # kind: output, error, debug, halt

    def field(self):
        return {"output": "", "error": "!", "debug": "debug: ", "halt": "halt: "}[self.kind] + self.text


class Row:
    def __init__(self, where, columns, results, gojq_reference, line):
        self.where, self.columns, self.results = where, columns, results
        self.gojq_reference, self.line = gojq_reference, line


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def json_problem(text, must_be_array=False):
    try:
        v = json.loads(text, parse_constant=_reject_constant)
    except ValueError as e:
        return "not JSON (%s)" % e
    if must_be_array and not isinstance(v, list):
        return "not a JSON array"
    return ""


def header_of(columns, several):
    return " ".join(columns + ["results" if several else "result"])


def parse_result(f):
    """(Result, problem)."""
    if f.startswith("!"):
        p = json_problem(f[1:])
        return Result("error", f[1:]), p and "error value " + p
    if f.startswith("debug: "):
        p = json_problem(f[7:])
        return Result("debug", f[7:]), p and "debug value " + p
    if f.startswith("halt: "):
        return Result("halt", f[6:]), "" if f[6:].isdigit() else "halt code `%s` is not a number" % f[6:]
    p = json_problem(f)
    return Result("output", f), p and "output `%s` is %s (results are JSON, !JSON, empty, debug: JSON or halt: N)" % (f, p)


def parse_results(fields, several):
    if fields == ["empty"]:
        if not several:
            raise Malformed("`empty` in a one-result table")
        return []
    if not several and len(fields) != 1:
        raise Malformed("expected exactly one result field, found %d" % len(fields))
    out = []
    for i, f in enumerate(fields, 1):
        if f == "empty":
            raise Malformed("`empty` must be the only result")
        r, p = parse_result(f)
        if p:
            raise Malformed("result %d: %s" % (i, p))
        if i < len(fields) and r.kind in ("error", "halt"):
            raise Malformed("result %d: an error or a halt ends the results" % i)
        if not several and r.kind not in ("output", "error"):
            raise Malformed("a one-result table takes an output or an error")
        out.append(r)
    return out


def read(path, columns=None, several=None):
    """The rows of the table at `path`; raises Malformed (with file:line) on
    the first malformed line.  `columns` (the leading columns) and `several`
    (results rather than one result) default to what the header says."""
    name = os.path.basename(path)
    rows, header, reference = [], None, True
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        where = "%s:%d" % (name, n)
        try:
            if line.endswith("\r"):
                raise Malformed("a CR at the end of the line (the tables use LF line ends)")
            if line.startswith("#!"):
                d = line[2:]
                if d.startswith(" columns: "):
                    if header is not None:
                        raise Malformed("a second `#! columns:` line")
                    words = d[len(" columns: "):].split(" ")
                    if words[-1] not in ("result", "results") or len(words) < 2:
                        raise Malformed("columns `%s` do not end in `result` or `results`" % d[10:])
                    if columns is not None and words != columns + ["results" if several else "result"]:
                        raise Malformed("columns `%s`, expected `%s`" % (d[10:], header_of(columns, several)))
                    header = (words[:-1], words[-1] == "results")
                elif d in (" reference: none", " reference: gojq"):
                    reference = d == " reference: gojq"
                else:
                    raise Malformed("unknown directive `%s` (known: `#! columns: ...`, `#! reference: none|gojq`)" % line)
                continue
            if not line or line.startswith("#"):
                continue
            if header is None:
                raise Malformed("a case before the `#! columns:` line")
            cols, sev = header
            fields = line.split("\t")
            if len(fields) <= len(cols):
                raise Malformed("%d TAB-separated field(s), expected %d (%s) and at least one result"
                                % (len(fields), len(cols), header_of(cols, sev)))
            for c, v in zip(cols, fields):
                if not v:
                    raise Malformed("column `%s` is empty" % c)
                if c in ("input", "args"):
                    p = json_problem(v, c == "args")
                    if p:
                        raise Malformed("column `%s` is %s" % (c, p))
            rows.append(Row(where, fields[:len(cols)], parse_results(fields[len(cols):], sev), reference, line))
        except Malformed as e:
            raise Malformed("%s: %s" % (where, e)) from None
    if header is None:
        raise Malformed("%s: no `#! columns:` line" % name)
    if not rows:
        raise Malformed("%s: no cases" % name)
    return rows


def format_row(columns, results):
    """The line of a case: `results` a list of Result (empty: no output)."""
    return "\t".join(list(columns) + ([r.field() for r in results] or ["empty"]))


def table_files():
    """(path, leading columns) of every table in TABLES."""
    out = []
    for pattern, columns in TABLES.items():
        paths = sorted(glob.glob(os.path.join(HERE, pattern)))
        if not paths:
            raise Malformed("no table matches %s" % pattern)
        out += [(p, columns) for p in paths]
    return out


def main():
    try:
        files = [(p, None) for p in sys.argv[1:]] or table_files()
    except Malformed as e:
        print(e)
        return 1
    bad = total = 0
    for path, columns in files:
        try:
            rows = read(path, columns, None if columns is None else True if columns[0] == "program" else False)
            total += len(rows)
            print("%s: %d cases" % (os.path.relpath(path, HERE), len(rows)))
        except (Malformed, OSError) as e:
            print("MALFORMED %s" % e)
            bad += 1
    print("%d tables, %d cases, %d malformed" % (len(files), total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
