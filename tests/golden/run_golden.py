#!/usr/bin/env python3
"""Golden-file tests of the compiled forms, in the manner of LLVM's lit and
Carbon's file tests: each file holds its input and the expected output of
every stage side by side.

A file tests/golden/**/NAME.test looks like:

    # One line or more of description.
    # STAGES: ast ir opt bytecode
    <the jq program, one or more lines>
    # ==== ast ====
    <expected `riposte ir --stage ast` output>
    # ==== ir ====
    ...

A file with `# CHECK: <args>` instead of `# STAGES:` pins `riposte check
<args> PROGRAM` (tests/golden/check/): its text output in section `check`
and its `--format json` output in `check-json`, each ending in the exit
status.

A file with `# ALGORITHM:` holds an algorithm (JSON) and pins `riposte ir
--algorithm` in section `algorithm` (tests/golden/algorithm/).  A file with
`# RUN: <args>` holds a playbook (JSON) and pins `riposte run --playbook
FILE <args>` (run from the test file's folder) in section `run`; with
`# RESUME: <args>` too, section `resume` pins a run stopped after each step
(`--stop-after N --state S`) and resumed (`riposte resume --state S`): the
same output, and every call made exactly once (tests/golden/run/).

A file with `# TRIGGERS: <args>` holds a trigger set (JSON Lines) and pins
`riposte ir --triggers FILE <args>` in section `triggers`: the set as one
program after the cross-trigger passes (tests/golden/triggers/).

`--update` rewrites the expected sections from the current output (review
the diff before committing).  Exit status 1 when any file differs.

Malformed files are errors, in both modes: a header line `# WORD:` whose
WORD (in capitals) is not one of DIRECTIVES, a directive given twice or
with one it excludes, `# RESUME:` without `# RUN:`, an unknown stage, a
section that is not one of the file's stages or comes twice.  A resume
whose output differs from the uninterrupted run's, or that makes a call
twice, fails whatever the file says, and `--update` does not record it.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SECTION = "# ==== "
# What each file holds: one of the first five (RESUME only with RUN).
DIRECTIVES = ("STAGES", "CHECK", "ALGORITHM", "TRIGGERS", "RUN", "RESUME")
STAGES = ("ast", "ir", "opt", "bytecode", "llvm", "asm")
DIRECTIVE = re.compile(r"# ?([A-Za-z][A-Za-z-]*):")


class Malformed(Exception):
    pass


def check_header(header):
    """Raises Malformed when a directive is unknown, repeated or misplaced."""
    seen = []
    for h in header:
        m = DIRECTIVE.match(h)
        if not m:
            continue
        word = m.group(1)
        if word.upper() in DIRECTIVES and word != word.upper():
            raise Malformed("directive %r must be written %r" % (h, "# %s:" % word.upper()))
        if word != word.upper():
            continue  # a description ("# Dates: ...")
        if word not in DIRECTIVES:
            raise Malformed("unknown directive %r (known: %s)" % (h, ", ".join(DIRECTIVES)))
        if word in seen:
            raise Malformed("directive # %s: given twice" % word)
        seen.append(word)
    kinds = [w for w in seen if w != "RESUME"]
    if len(kinds) > 1:
        raise Malformed("directives %s exclude each other" % ", ".join(kinds))
    if "RESUME" in seen and "RUN" not in seen:
        raise Malformed("# RESUME: needs # RUN:")


def parse(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    header, i = [], 0
    while i < len(lines) and lines[i].startswith("#") and not lines[i].startswith(SECTION):
        header.append(lines[i])
        i += 1
    check_header(header)
    stages = []
    for h in header:
        if h.startswith("# STAGES:"):
            stages = h.split(":", 1)[1].split()
            unknown = [st for st in stages if st not in STAGES]
            if unknown or len(set(stages)) != len(stages):
                raise Malformed("# STAGES: %s: unknown or repeated stage (known: %s)" % (" ".join(stages),
                                                                                      " ".join(STAGES)))
        if h.startswith("# CHECK:"):
            stages = [("check", h.split(":", 1)[1].split(), []), ("check-json", h.split(":", 1)[1].split(),
                                                                  ["--format", "json"])]
        if h.startswith("# ALGORITHM:"):
            stages = [("algorithm", "algorithm", [])]
        if h.startswith("# TRIGGERS:"):
            stages = [("triggers", "triggers", h.split(":", 1)[1].split())]
        if h.startswith("# RUN:"):
            stages.insert(0, ("run", "run", h.split(":", 1)[1].split()))
        if h.startswith("# RESUME:"):
            stages.append(("resume", "resume", h.split(":", 1)[1].split()))
    program = []
    while i < len(lines) and not lines[i].startswith(SECTION):
        program.append(lines[i])
        i += 1
    expected, current = {}, None
    names = [name_of(st) for st in stages]
    for line in lines[i:]:
        if line.startswith(SECTION):
            m = re.fullmatch(r"# ==== ([a-z-]+) ====", line)
            if not m:
                raise Malformed("malformed section line %r (expected '# ==== NAME ====')" % line)
            current = m.group(1)
            if current not in names:
                raise Malformed("section %r is not one of this file's stages (%s)" % (current, " ".join(names)))
            if current in expected:
                raise Malformed("section %r given twice" % current)
            expected[current] = []
        elif current is not None:
            expected[current].append(line)
    program_text = "\n".join(program).strip("\n")
    return header, stages, program_text, {k: "\n".join(v).strip("\n") for k, v in expected.items()}


def actual_check(riposte, args, program):
    proc = subprocess.run([riposte, "check"] + args + ["--", program], capture_output=True, text=True)
    out = proc.stdout.strip("\n") + "\n# exit %d" % proc.returncode
    if proc.stderr:
        out += "\n# stderr\n" + proc.stderr.strip("\n")
    return out.strip("\n")


def with_file(program, run):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input.json")
        open(path, "w", encoding="utf-8").write(program + "\n")
        return run(path, tmp).replace(path, "INPUT.json")


def finish(proc):
    out = proc.stdout.strip("\n")
    if proc.returncode != 0 or proc.stderr:
        out += "\n# exit %d\n%s" % (proc.returncode, proc.stderr.strip("\n"))
    return out.strip("\n")


def actual_run(riposte, args, program, cwd):
    return with_file(program, lambda path, _: finish(subprocess.run(
        [riposte, "run", "--playbook", path] + args, capture_output=True, text=True, cwd=cwd)))


class ResumeMismatch(Exception):
    pass


def actual_resume(riposte, args, program, cwd):
    """Stops after step N for N = 1, 2, ... until a run finishes by itself.
    Raises ResumeMismatch when a resumed run's output differs from the
    uninterrupted run's or a call is made twice: a failure, never a text
    to record."""
    def run(path, tmp):
        full = subprocess.run([riposte, "run", "--playbook", path] + args, capture_output=True, text=True, cwd=cwd)
        lines, n = [], 1
        while n < 100:
            state, trace = os.path.join(tmp, "state%d.json" % n), os.path.join(tmp, "calls%d.txt" % n)
            first = subprocess.run([riposte, "run", "--playbook", path, "--stop-after", str(n), "--state", state,
                                    "--trace-calls", trace] + args, capture_output=True, text=True, cwd=cwd)
            if '"status": "InProgress"' not in first.stdout:
                if first.stdout != full.stdout:
                    raise ResumeMismatch("stop after %d: the run ended before, with an output other than the "
                                         "uninterrupted run's:\n%s" % (n, first.stdout))
                lines.append("stop after %d: the run ended before (same)" % n)
                break
            second = subprocess.run([riposte, "resume", "--state", state, "--trace-calls", trace],
                                    capture_output=True, text=True, cwd=cwd)
            keys = open(trace).read().splitlines() if os.path.exists(trace) else []
            if second.stdout != full.stdout:
                raise ResumeMismatch("stop after %d: the resumed output differs from the uninterrupted run's:\n%s"
                                     % (n, "\n".join(difflib.unified_diff(full.stdout.split("\n"),
                                                                           second.stdout.split("\n"), "run",
                                                                           "resumed", lineterm=""))))
            if len(keys) != len(set(keys)):
                raise ResumeMismatch("stop after %d: some calls were made twice: %s" % (
                    n, sorted({k for k in keys if keys.count(k) > 1})))
            if second.stderr != full.stderr:
                raise ResumeMismatch("stop after %d: the resumed stderr %r differs from the run's %r"
                                     % (n, second.stderr, full.stderr))
            lines.append("stop after %d: output same, %d calls made, none twice" % (n, len(keys)))
            n += 1
        return "\n".join(lines)
    return with_file(program, run)


def actual(riposte, stage, program, cwd="."):
    if isinstance(stage, tuple) and stage[1] == "algorithm":
        return with_file(program, lambda path, _: finish(subprocess.run(
            [riposte, "ir", "--algorithm", path], capture_output=True, text=True)))
    if isinstance(stage, tuple) and stage[1] == "triggers":
        return with_file(program, lambda path, _: finish(subprocess.run(
            [riposte, "ir", "--triggers", path] + stage[2], capture_output=True, text=True)))
    if isinstance(stage, tuple) and stage[1] == "run":
        return actual_run(riposte, stage[2], program, cwd)
    if isinstance(stage, tuple) and stage[1] == "resume":
        return actual_resume(riposte, stage[2], program, cwd)
    if isinstance(stage, tuple):
        return actual_check(riposte, stage[1] + stage[2], program)
    return finish(subprocess.run([riposte, "ir", "--stage", stage, program], capture_output=True, text=True))


def name_of(stage):
    return stage[0] if isinstance(stage, tuple) else stage


def render(header, stages, program, outputs):
    parts = ["\n".join(header), program]
    for s in stages:
        parts.append("%s%s ====\n%s" % (SECTION, name_of(s), outputs[name_of(s)]))
    return "\n".join(parts) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    args.riposte = os.path.abspath(args.riposte) if os.sep in args.riposte else args.riposte
    files = args.files or sorted(
        os.path.join(d, f) for d, _, fs in os.walk(HERE) for f in fs if f.endswith(".test"))
    failed = 0
    for path in files:
        rel = os.path.relpath(path, HERE)
        try:
            header, stages, program, expected = parse(path)
        except Malformed as e:
            print("BAD  %s: %s" % (rel, e))
            failed += 1
            continue
        if not stages or not program:
            print("BAD  %s: needs a '# STAGES:', '# CHECK:', '# ALGORITHM:', '# TRIGGERS:' or '# RUN:' line and a program"
                  % rel)
            failed += 1
            continue
        cwd = os.path.dirname(os.path.abspath(path))
        try:
            outputs = {name_of(s): actual(args.riposte, s, program, cwd) for s in stages}
        except ResumeMismatch as e:
            print("FAIL %s [resume]: %s" % (rel, e))
            failed += 1
            continue
        if args.update:
            open(path, "w", encoding="utf-8").write(render(header, stages, program, outputs))
            continue
        for s in map(name_of, stages):
            if s not in expected:
                failed += 1
                print("FAIL %s [%s]: no '# ==== %s ====' section" % (rel, s, s))
            elif expected[s] != outputs[s]:
                failed += 1
                print("FAIL %s [%s]" % (rel, s))
                diff = difflib.unified_diff(expected[s].split("\n"), outputs[s].split("\n"),
                                            "expected", "actual", lineterm="")
                print("\n".join(list(diff)[:60]))
    if args.update:
        print("updated %d files, %d could not be" % (len(files) - failed, failed))
        return 1 if failed else 0
    print("%d files, %d failure(s)" % (len(files), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
