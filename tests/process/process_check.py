#!/usr/bin/env python3
"""Tests of `riposte process` (docs/launch.md, "riposte process"): the batch
form of the pipeline run twice over one store.

  tests/process/process_check.py --riposte build/tools/riposte
  tests/process/process_check.py --riposte build/tools/riposte -k malformed --keep

Scenarios (in code, below), each in a fresh temporary folder:

  samples    samples/playbooks/ as it is, dry-run, the default change event:
             the alerts are samples/alerts.jsonl plus, when the shared corpus
             is there, 300 alerts of ../shared/corpus/gen_alerts.py.
  real       the same playbooks plus one whose executeCustomScript (run with
             --bindings real) appends RIPOSTE_IDEMPOTENCY_KEY to a file, and
             --events given (one alertCreated line per alert).
  interrupted  as real, on the samples and 200 alerts made from them, the
             first run killed (SIGKILL) after 10 script calls: the second
             run finishes every launch, each alert's calls under one key, at
             most --workers calls made again (those under way at the kill).
             Known engine bug: an instance killed after its last step's
             checkpoint is requeued forever; a second run that hangs with
             that signature in the store is reported XFAIL, not failed.

  samples and real: the first run stores every alert; the second stores 0, replays
  every one and prints the same matches, instances and calls; the matches
  per playbook equal what `riposte match --triggers T.jsonl --alerts A.jsonl
  --events E.jsonl` counts for the playbooks' triggers; stderr is empty.
  `real`: the key file has one line per launch, no key twice, and does not
  grow on the second run.  `samples` on the sample alerts alone is also
  pinned to expected_samples.json (matches by playbook name, instances,
  calls).

Cases (cases.toml, strict: an unknown key, a wrong type, both stderr and
stderr_regex, both stdout and summary, a duplicate name is an error of the
table and fails the run before any case; an edit whose text does not occur
exactly once fails its case): the usage and input errors of `riposte
process`, and what its options change, each with its exit status, stdout
(or summary) and stderr.  A case with `xfail = "why"` pins a known bug: it
must still fail (reported XFAIL); once it passes it is reported XPASS (not
a failure), so that its marker is removed.

The shared corpus is optional: without ../shared/corpus (or --corpus DIR)
the scenarios run on the samples alone and say so.  --corpus DIR given
explicitly must hold gen_alerts.py.
"""
import argparse
import collections
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLES = os.path.join(ROOT, "samples")
SAMPLE_ALERTS = os.path.join(SAMPLES, "alerts.jsonl")
SAMPLE_PLAYBOOKS = os.path.join(SAMPLES, "playbooks")
DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
CREATED = '{"manual":false,"updateOperations":["alertCreated"]}'
CORPUS_COUNT, CORPUS_SEED = 300, 11

CASE_KEYS = {"name": str, "alerts": list, "events": list, "playbooks": list, "edit": list, "playbook": list,
             "args": list, "exit_code": int, "stdout": str, "summary": dict, "stderr": str, "stderr_regex": str,
             "xfail": str}
SUMMARY_KEYS = {"alerts": dict, "matches": dict, "instances": dict, "calls": dict}
EDIT_KEYS = {"file": str, "old": str, "new": str}
PLAYBOOK_KEYS = {"file": str, "text": str}


class Failure(Exception):
    pass


class KnownBug(Exception):
    """A failure a known engine bug explains: reported XFAIL, not failed."""


def expect(cond, what):
    if not cond:
        raise Failure(what)


# ---- data


def sample_lines():
    with open(SAMPLE_ALERTS, encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line.strip()]


def distinct_alerts(n):
    """n alerts made from the samples in turn, each with its own ID and InternalID."""
    base = [json.loads(line) for line in sample_lines()]
    out = []
    for i in range(n):
        a = dict(base[i % len(base)])
        a["ID"] = 100000 + i
        a["InternalID"] = "7c1e0000-0000-4000-8000-%012d" % i
        out.append(json.dumps(a, sort_keys=True))
    return out


def corpus_alerts(corpus, tmp):
    out = os.path.join(tmp, "corpus.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(corpus, "gen_alerts.py"), "--count", str(CORPUS_COUNT),
                        "--seed", str(CORPUS_SEED)], stdout=f, check=True)
    with open(out, encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line.strip()]


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


def playbook_files(folder):
    """The playbook files process loads: *.json but *.algorithm.json, sorted."""
    return sorted(os.path.join(folder, n) for n in os.listdir(folder)
                  if n.endswith(".json") and not n.endswith(".algorithm.json"))


# ---- running riposte


def run(riposte, args, cwd, timeout=600):
    p = subprocess.run([riposte] + args, capture_output=True, cwd=cwd, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def process(riposte, tmp, alerts, playbooks, db, extra=(), timeout=600):
    args = ["process", "--alerts", alerts, "--playbooks", playbooks, "--db", db] + list(extra)
    code, out, err = run(riposte, args, tmp, timeout)
    expect(code == 0, "riposte %s: exit %d\nstderr: %s" % (" ".join(args), code, err[-2000:]))
    expect(err == "", "riposte process wrote to stderr: %r" % err[-2000:])
    try:
        summary = json.loads(out)
    except json.JSONDecodeError as e:
        raise Failure("riposte process: the summary is not JSON (%s): %r" % (e, out[:500]))
    expect(isinstance(summary, dict) and set(summary) == {"alerts", "matches", "instances", "calls"},
           "summary members: %r" % (sorted(summary) if isinstance(summary, dict) else summary))
    return summary


def matches_by_name(summary):
    by = {}
    for m in summary["matches"]:
        expect(set(m) == {"playbook", "name", "matches"}, "a summary match has members %r" % sorted(m))
        expect(m["name"] not in by, "two playbooks named %r in the summary" % m["name"])
        by[m["name"]] = m["matches"]
    return by


def match_counts(riposte, tmp, folder, alerts, events):
    """{playbook name: alerts matched} from `riposte match` over the alert-scope triggers of the folder's
    playbooks that launch by themselves (not manual)."""
    names, triggers = {}, []
    for path in playbook_files(folder):
        with open(path, encoding="utf-8") as f:
            pb = json.load(f)
        if pb.get("scope", "alert") != "alert" or pb.get("mode", "auto") == "manual" or "trigger" not in pb:
            continue
        tid = pb.get("id") or os.path.basename(path)[:-len(".json")]
        names[tid] = pb["name"]
        triggers.append({"id": tid, "trigger": pb["trigger"], "scope": "alert"})
    t = os.path.join(tmp, "T.jsonl")
    write_lines(t, [json.dumps(x) for x in triggers])
    code, out, err = run(riposte, ["match", "--triggers", t, "--alerts", alerts, "--events", events], tmp)
    expect(code == 0 and err == "", "riposte match: exit %d, stderr %r" % (code, err[-2000:]))
    counts = collections.Counter()
    for line in out.splitlines():
        counts.update(json.loads(line)["matched"])
    return {names[t]: counts[t] for t in names}


def check_twice(riposte, tmp, alerts, playbooks, events, extra, n_alerts, after_first=None):
    """Two runs over one store (after_first(summary) runs between them); returns the first summary."""
    db = os.path.join(tmp, "store.db")
    first = process(riposte, tmp, alerts, playbooks, db, extra)
    if after_first:
        after_first(first)
    second = process(riposte, tmp, alerts, playbooks, db, extra)
    expect(first["alerts"] == {"read": n_alerts, "stored": n_alerts, "replayed": 0},
           "first run: alerts %r, expected %d read and stored" % (first["alerts"], n_alerts))
    expect(second["alerts"] == {"read": n_alerts, "stored": 0, "replayed": n_alerts},
           "second run: alerts %r, expected 0 stored and %d replayed" % (second["alerts"], n_alerts))
    for key in ("matches", "instances", "calls"):
        expect(first[key] == second[key], "second run: %s differ:\n  first  %s\n  second %s"
               % (key, json.dumps(first[key], sort_keys=True), json.dumps(second[key], sort_keys=True)))
    got = matches_by_name(first)
    want = match_counts(riposte, tmp, playbooks, alerts, events)
    unknown = sorted(set(got) - set(want))
    expect(not unknown, "instances of playbooks the folder does not launch: %r" % unknown)
    diff = {n: (got.get(n, 0), want[n]) for n in want if got.get(n, 0) != want[n]}
    expect(not diff, "matches per playbook (process, riposte match) differ: %r" % diff)
    expect(sum(first["instances"].values()) == sum(got.values()),
           "instances by status %r do not add up to the matches %d" % (first["instances"], sum(got.values())))
    return first


# ---- scenarios


def scenario_data(args, tmp):
    lines = sample_lines()
    if args.corpus_dir:
        lines += corpus_alerts(args.corpus_dir, tmp)
    alerts = os.path.join(tmp, "alerts.jsonl")
    write_lines(alerts, lines)
    events = os.path.join(tmp, "events.jsonl")
    write_lines(events, [CREATED] * len(lines))
    return alerts, events, len(lines)


def scenario_samples(args, tmp):
    """samples/playbooks as it is, dry-run, the default change event (alertCreated)."""
    alerts, events, n = scenario_data(args, tmp)
    check_twice(args.riposte, tmp, alerts, SAMPLE_PLAYBOOKS, events, ["--progress", "never"], n)
    # The sample alerts alone, pinned: what the README's main job prints.
    only = os.path.join(tmp, "samples-only")
    os.mkdir(only)
    write_lines(os.path.join(only, "events.jsonl"), [CREATED] * len(sample_lines()))
    first = check_twice(args.riposte, only, SAMPLE_ALERTS, SAMPLE_PLAYBOOKS, os.path.join(only, "events.jsonl"),
                        [], len(sample_lines()))
    with open(os.path.join(HERE, "expected_samples.json"), encoding="utf-8") as f:
        want = json.load(f)
    got = {"matches": matches_by_name(first), "instances": first["instances"], "calls": first["calls"]}
    expect(got == want, "the samples' summary differs from tests/process/expected_samples.json:\n  got  %s\n  want %s"
           % (json.dumps(got, sort_keys=True), json.dumps(want, sort_keys=True)))


RECORD_SCRIPT = """#!/bin/sh
# Appends the call's idempotency key and the alert it ran for (tests/process/process_check.py).
%sprintf '%%s %%s\\n' "$RIPOSTE_IDEMPOTENCY_KEY" "$1" >> "$2"
"""
SCRIPT_PLAYBOOK = "[Test] S001 Record the idempotency key"


def script_playbooks(tmp, delay=""):
    """samples/playbooks plus S001, whose executeCustomScript appends the call's key and alert to keys.txt;
    returns (folder, keys file)."""
    folder = os.path.join(tmp, "playbooks")
    shutil.copytree(SAMPLE_PLAYBOOKS, folder)
    script, keys = os.path.join(tmp, "record.sh"), os.path.join(tmp, "keys.txt")
    with open(script, "w", encoding="utf-8") as f:
        f.write(RECORD_SCRIPT % ("sleep %s; " % delay if delay else ""))
    os.chmod(script, 0o755)
    playbook = {
        "id": "S001", "name": SCRIPT_PLAYBOOK, "scope": "alert", "mode": "auto", "trigger": ".Severity != \"low\"",
        "algorithm": {
            "dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
            "executionFlow": [{"responseAction": {
                "function": {"type": "executeCustomScript",
                             "params": {"commandLine": script,
                                        "commandLineParameters": "'${ alert.InternalID }' '%s'" % keys}},
                "output": {"action": "merge", "filter": "{exitCode}"}}}]}}
    with open(os.path.join(folder, "S001.json"), "w", encoding="utf-8") as f:
        json.dump(playbook, f, indent=2)
    return folder, keys


def read_keys(keys):
    """[(key, alert)] of the key file, in order."""
    with open(keys, encoding="utf-8") as f:
        return [tuple(line.split(" ")) for line in f.read().splitlines()]


def scenario_real(args, tmp):
    """The samples' playbooks and an executeCustomScript one, --bindings real, --events given: the script's
    key file must hold one line per launch, no key twice, and must not grow on the second run."""
    alerts, events, n = scenario_data(args, tmp)
    folder, keys = script_playbooks(tmp)
    extra = ["--bindings", "real", "--events", events, "--progress", "never"]
    seen = {}

    def after_first(first):
        launched = matches_by_name(first).get(SCRIPT_PLAYBOOK, 0)
        seen["calls"] = calls = read_keys(keys)
        expect(launched > 0, "the script playbook launched nothing")
        expect(len(calls) == launched, "the script ran %d times for %d launches" % (len(calls), launched))
        expect(len({k for k, _ in calls}) == len(calls), "an idempotency key came twice")
        expect(len({a for _, a in calls}) == len(calls), "the script ran twice for one alert")
        expect(first["calls"].get("executeCustomScript") == {"Success": launched},
               "executeCustomScript calls %r, expected %d Success"
               % (first["calls"].get("executeCustomScript"), launched))

    check_twice(args.riposte, tmp, alerts, folder, events, extra, n, after_first)
    again = read_keys(keys)
    expect(again == seen["calls"], "the second run called the script again: %d calls, %d after the first run"
           % (len(again), len(seen["calls"])))


def stuck_past_last_step(db):
    """Whether the store holds the known bug's signature: an instance still InProgress whose saved state is
    past the last top-level step of its algorithm (diagnosis only: reads the store's own tables)."""
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        rows = con.execute("SELECT i.state, a.text FROM instances i JOIN algorithms a ON a.key = i.algorithm "
                           "WHERE i.status = 'InProgress'").fetchall()
        con.close()
        return any(json.loads(state or "{}").get("next", -1) >= len(json.loads(text)["executionFlow"])
                   for state, text in rows)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return False


def scenario_interrupted(args, tmp):
    """The first run is killed (SIGKILL) while the script playbook's instances run; the second run over the
    same store replays every alert and finishes them: every launch calls the script under one key, at
    most --workers calls (those that may have been under way at the kill) are made again, with their key."""
    lines = sample_lines() + distinct_alerts(200)  # enough calls to kill the run amid them, corpus or not
    alerts, events, n = os.path.join(tmp, "alerts.jsonl"), os.path.join(tmp, "events.jsonl"), len(lines)
    write_lines(alerts, lines)
    write_lines(events, [CREATED] * n)
    folder, keys = script_playbooks(tmp, delay="0.05")
    argv = [args.riposte, "process", "--alerts", alerts, "--playbooks", folder, "--db", os.path.join(tmp, "store.db"),
            "--bindings", "real", "--events", events, "--progress", "never", "--workers", "2"]
    with open(os.path.join(tmp, "first.out"), "wb") as out:
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=tmp)
        try:
            for _ in range(3000):  # until 10 calls were made (or the run ended), at most 30 s
                if p.poll() is not None or (os.path.exists(keys) and len(read_keys(keys)) >= 10):
                    break
                time.sleep(0.01)
        finally:
            killed = p.poll() is None
            if killed:
                p.kill()
            p.wait()
    before = read_keys(keys) if os.path.exists(keys) else []
    try:  # uninterrupted, the same run takes a few seconds
        second = process(args.riposte, tmp, alerts, folder, os.path.join(tmp, "store.db"), argv[8:], timeout=30)
    except subprocess.TimeoutExpired:
        if not stuck_past_last_step(os.path.join(tmp, "store.db")):
            raise Failure("the run after the kill did not end in 30 s")
        raise KnownBug("the run after the kill did not end in 30 s: an instance killed after its last step's "
                       "checkpoint resumes as InProgress and is requeued forever (orchestrator::run_instance "
                       "does not conclude a state whose next step is past the flow; Runtime::run_one requeues "
                       "InProgress)")
    expect(second["alerts"] == {"read": n, "stored": 0, "replayed": n},
           "the run after the kill: alerts %r, expected 0 stored and %d replayed" % (second["alerts"], n))
    launched = matches_by_name(second).get(SCRIPT_PLAYBOOK, 0)
    calls = read_keys(keys)
    keys_of = collections.defaultdict(set)
    for k, a in calls:
        keys_of[a].add(k)
    expect(len(keys_of) == launched, "the script ran for %d alerts, %d launched" % (len(keys_of), launched))
    twice = {a: ks for a, ks in keys_of.items() if len(ks) != 1}
    expect(not twice, "an alert's call came under two keys: %r" % twice)
    repeated = len(calls) - len(set(calls))
    expect(repeated <= 2, "%d calls made again after the kill (at most --workers 2)" % repeated)
    expect(second["calls"].get("executeCustomScript") == {"Success": launched},
           "executeCustomScript calls %r, expected %d Success" % (second["calls"].get("executeCustomScript"), launched))
    print("  interrupted: %s after %d of %d calls; %d made again with their key"
          % ("killed" if killed else "not killed (the run ended first)", len(before), launched, repeated))


SCENARIOS = [("samples", scenario_samples), ("real", scenario_real), ("interrupted", scenario_interrupted)]


# ---- cases


def table_problems(table):
    problems = ["unknown top-level key %r (only [[case]])" % k for k in table if k != "case"]
    cases = table.get("case")
    if not isinstance(cases, list) or not cases:
        return problems + ["no [[case]]"]
    names = set()
    for i, case in enumerate(cases, 1):
        at = "case %d (%s)" % (i, case.get("name", "no name"))
        for k, v in case.items():
            if k not in CASE_KEYS:
                problems.append("%s: unknown key %r (known: %s)" % (at, k, ", ".join(sorted(CASE_KEYS))))
            elif not isinstance(v, CASE_KEYS[k]) or (CASE_KEYS[k] is int and isinstance(v, bool)):
                problems.append("%s: %r must be a %s" % (at, k, CASE_KEYS[k].__name__))
        if "name" not in case:
            problems.append("%s: no name" % at)
        elif case["name"] in names:
            problems.append("%s: duplicate name" % at)
        names.add(case.get("name"))
        if "stdout" in case and "summary" in case:
            problems.append("%s: both stdout and summary" % at)
        if "summary" in case and case.get("exit_code", 0) != 0:
            problems.append("%s: a summary with a nonzero exit_code" % at)
        for k, v in case.get("summary", {}).items() if isinstance(case.get("summary"), dict) else []:
            if k not in SUMMARY_KEYS:
                problems.append("%s: [case.summary]: unknown key %r (known: %s)" % (at, k, ", ".join(SUMMARY_KEYS)))
            elif not isinstance(v, dict):
                problems.append("%s: [case.summary]: %r must be a table" % (at, k))
        if "stderr" in case and "stderr_regex" in case:
            problems.append("%s: both stderr and stderr_regex" % at)
        for key in ("alerts", "events", "playbooks", "args"):
            if isinstance(case.get(key), list) and not all(isinstance(x, str) for x in case[key]):
                problems.append("%s: %s must be strings" % (at, key))
        for key, known in (("edit", EDIT_KEYS), ("playbook", PLAYBOOK_KEYS)):
            for item in case.get(key, []) if isinstance(case.get(key), list) else []:
                if not isinstance(item, dict) or set(item) != set(known) or \
                        not all(isinstance(item[k], str) for k in known):
                    problems.append("%s: each [[case.%s]] has exactly %s (strings)" % (at, key, ", ".join(known)))
        if "stderr_regex" in case and isinstance(case["stderr_regex"], str):
            try:
                re.compile(case["stderr_regex"])
            except re.error as e:
                problems.append("%s: stderr_regex: %s" % (at, e))
    return problems


def expand(items, what):
    """The lines of a case's alerts or events: "@samples" (the sample alerts), "@sample N" (line N of them),
    "@distinct N" (N distinct alerts made from the samples), "@created N" (N alertCreated events), "@blank"
    (an empty line); any other string is a line as it is."""
    out = []
    for item in items:
        words = item.split(" ")
        if item == "@samples":
            out += sample_lines()
        elif words[0] == "@sample" and len(words) == 2 and words[1].isdigit():
            out.append(sample_lines()[int(words[1]) - 1])
        elif words[0] == "@distinct" and len(words) == 2 and words[1].isdigit():
            out += distinct_alerts(int(words[1]))
        elif words[0] == "@created" and len(words) == 2 and words[1].isdigit():
            out += [CREATED] * int(words[1])
        elif item == "@blank":
            out.append("")
        elif item.startswith("@"):
            raise Failure("%s: unknown directive %r" % (what, item))
        else:
            out.append(item)
    return out


def run_case(args, case, tmp):
    if "alerts" in case:  # without it, alerts.jsonl does not exist
        write_lines(os.path.join(tmp, "alerts.jsonl"), expand(case["alerts"], "alerts"))
    if "events" in case:
        write_lines(os.path.join(tmp, "events.jsonl"), expand(case["events"], "events"))
    folder = os.path.join(tmp, "playbooks")
    if "playbooks" in case or "playbook" in case:  # without either, no folder
        os.mkdir(folder)
    for item in case.get("playbooks", []):
        if item != "@samples":
            raise Failure("playbooks: only \"@samples\" (add files with [[case.playbook]])")
        shutil.copytree(SAMPLE_PLAYBOOKS, folder, dirs_exist_ok=True)
    for pb in case.get("playbook", []):
        with open(os.path.join(folder, pb["file"]), "w", encoding="utf-8") as f:
            f.write(pb["text"])
    for e in case.get("edit", []):
        path = os.path.join(folder, e["file"])
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if text.count(e["old"]) != 1:
            raise Failure("edit of %s: %r occurs %d times, not once" % (e["file"], e["old"], text.count(e["old"])))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(e["old"], e["new"]))
    argv = ["process", "--alerts", "alerts.jsonl", "--playbooks", "playbooks", "--db", "store.db"]
    if "events" in case:
        argv += ["--events", "events.jsonl"]
    argv += [a.replace("{tmp}", tmp) for a in case.get("args", [])]
    code, out, err = run(args.riposte, argv, tmp)
    problems = []
    if code != case.get("exit_code", 0):
        problems.append("exit status %d, expected %d" % (code, case.get("exit_code", 0)))
    if "stdout" in case and out != case["stdout"]:
        problems.append("stdout %r, expected %r" % (out[:600], case["stdout"][:600]))
    if "stdout" not in case and case.get("exit_code", 0) != 0 and out != "":
        problems.append("stdout %r, expected none (a failed run prints no summary)" % out[:600])
    if "summary" in case and code == 0:
        try:
            summary = json.loads(out)
            got = {"alerts": summary["alerts"], "matches": matches_by_name(summary),
                   "instances": summary["instances"], "calls": summary["calls"]}
            for k, want in case["summary"].items():
                if got[k] != want:
                    problems.append("summary %s %s, expected %s" % (k, json.dumps(got[k], sort_keys=True),
                                                                     json.dumps(want, sort_keys=True)))
        except (ValueError, KeyError, TypeError, Failure) as e:
            problems.append("stdout is not a summary (%s): %r" % (e, out[:600]))
    if "stderr_regex" in case:
        if not re.fullmatch(case["stderr_regex"], err, re.S):
            problems.append("stderr %r does not match %r" % (err[:1200], case["stderr_regex"]))
    elif err != case.get("stderr", ""):
        problems.append("stderr %r, expected %r" % (err[:1200], case.get("stderr", "")[:1200]))
    return problems


# ---- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True, help="path of the riposte program")
    ap.add_argument("--corpus", help="the shared corpus folder (default ../shared/corpus when it exists)")
    ap.add_argument("--cases", default=os.path.join(HERE, "cases.toml"))
    ap.add_argument("-k", dest="filter", default="", help="run only scenarios and cases whose name contains this")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders (their paths are printed)")
    args = ap.parse_args()
    args.riposte = os.path.abspath(args.riposte)
    if args.corpus:
        if not os.path.isfile(os.path.join(args.corpus, "gen_alerts.py")):
            print("--corpus %s: no gen_alerts.py there (the shared corpus is ../shared/corpus)" % args.corpus)
            return 1
        args.corpus_dir = os.path.abspath(args.corpus)
    elif os.path.isfile(os.path.join(DEFAULT_CORPUS, "gen_alerts.py")):
        args.corpus_dir = DEFAULT_CORPUS
    else:
        args.corpus_dir = None
        print("note: %s is absent: the scenarios run on samples/alerts.jsonl alone" % DEFAULT_CORPUS)

    with open(args.cases, "rb") as f:
        table = tomllib.load(f)
    bad = table_problems(table)
    if bad:
        print("MALFORMED TABLE %s\n  %s" % (args.cases, "\n  ".join(bad)))
        return 1

    passed = failed = xfailed = xpassed = skipped = 0

    def folder(name):
        path = tempfile.mkdtemp(prefix="riposte-process-")
        if args.keep:
            print("  %s: %s" % (name, path))
        return path

    for name, fn in SCENARIOS:
        if args.filter not in name:
            skipped += 1
            continue
        tmp = folder(name)
        try:
            fn(args, tmp)
            passed += 1
            data = "samples + %d corpus alerts" % CORPUS_COUNT if args.corpus_dir else "samples only"
            print("ok   scenario %s (%s)" % (name, "samples + 200 made from them" if name == "interrupted" else data))
        except KnownBug as e:
            xfailed += 1
            print("XFAIL scenario %s (known: %s)" % (name, e))
        except (Failure, subprocess.SubprocessError, OSError) as e:
            failed += 1
            print("FAIL scenario %s\n  %s" % (name, str(e).replace("\n", "\n  ")))
        finally:
            if not args.keep:
                shutil.rmtree(tmp, ignore_errors=True)

    for case in table["case"]:
        if args.filter not in case["name"]:
            skipped += 1
            continue
        tmp = folder(case["name"])
        try:
            problems = run_case(args, case, tmp)
        except (Failure, subprocess.SubprocessError, OSError) as e:
            problems = ["%s" % e]
        finally:
            if not args.keep:
                shutil.rmtree(tmp, ignore_errors=True)
        if "xfail" in case:
            if problems:
                xfailed += 1
                print("XFAIL %s (known: %s)" % (case["name"], case["xfail"]))
            else:
                xpassed += 1
                print("XPASS %s: it passes now: remove its xfail (%s)" % (case["name"], case["xfail"]))
        elif problems:
            failed += 1
            print("FAIL %s\n  %s" % (case["name"], "\n  ".join(problems)))
        else:
            passed += 1
            print("ok   %s" % case["name"])
    print("%d passed, %d failed, %d xfail, %d xpass, %d skipped" % (passed, failed, xfailed, xpassed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
