#!/usr/bin/env python3
"""Times trigger matching side by side: riposte (VM, JIT), gojq, jq 1.6 and a
simdjson parse-only floor, on the same alerts, for K triggers, in one run.

  bench/match_side_by_side.py --riposte build-bench/tools/riposte [--alerts 1000]
      [--seed 1] [--scope alert] [--ks 1,100,1000,10000] [--quick] [--json]

Alerts, change events and K = --ks triggers are generated into a temporary
directory with ../shared/corpus/gen_alerts.py and gen_triggers.py.  Each
tool runs twice per K: on the N alerts and on an empty alert file with the
same triggers.  The empty run is start-up plus compilation ("compile s");
(full - empty) / N is the per-alert cost, except for riposte, which reports
the time of its matching loop itself (`--output count`, "seconds": wall
clock, compilation excluded) -- the subtraction drowned in the variance of
JIT compile times.  gojq and jq run all K triggers
as one program that yields the outcome of every trigger per alert, the way
../shared/corpus/diff_match's oracle does, passed with -f from a file.
A run that exceeds --timeout is reported as "timeout" (with a lower bound
where one follows); the script always finishes.  See docs/bench.md.

A benchmark, never a test: timings depend on the machine and its load.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The oracle's rule for "the trigger calls event" (../shared/corpus/diff_match).
USES_EVENT = re.compile(r"(?<![.$\w])event\b")

# Builtins gojq 0.12.11 has and jq 1.6 lacks, defined in jq for jq 1.6
# (found by comparing `builtins` and compiling each function in both).
JQ16_PRELUDE = ('def scan($re; $flags): match($re; "g" + $flags) | '
                'if (.captures | length) > 0 then [.captures[].string] else .string end; ')

# jq 1.6 refuses a function whose bytecode exceeds 64 KB ("function
# compiled to N bytes which is too long"); about one byte per character of
# source, so triggers go into groups of at most this much text.
JQ16_GROUP_CHARS = 16000
JQ16_GROUP_TRIGGERS = 100

TOOLS = ["riposte vm", "riposte jit", "gojq", "jq 1.6", "simdjson dom", "simdjson ondemand"]

GOALS = [
    # (key, text, comparison, goal): the goals of the issue "perf-floor"
    ("gojq_over_riposte_k1", "gojq / riposte per alert, K=1", ">=", 30.0),
    ("riposte_k1000_over_simdjson_dom", "riposte per alert K=1000 / simdjson DOM parse", "<=", 1.5),
    ("riposte_k10000_over_k1000", "riposte per alert, K=10000 / K=1000", "<=", 2.0),
    ("riposte_compile_k10000_s", "riposte compile time, K=10000 (s)", "<=", 1.0),
    ("vm_over_jit_residual", "riposte vm / jit per alert, residual triggers (no index decides them)", ">=", 3.0),
    ("threads2_speedup_k1000", "riposte 1 thread / 2 threads matching time, K=1000", ">=", 1.8),
]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data

def generate(corpus, tmp, a):
    """Writes alerts, events, the zipped {"a","e"} input of the peers and
    one trigger file per K; returns their paths."""
    py = sys.executable
    kind = "incident" if a.scope == "incident" else "alert"
    paths = {"alerts": os.path.join(tmp, "alerts.jsonl"), "events": os.path.join(tmp, "events.jsonl"),
             "zipped": os.path.join(tmp, "zipped.jsonl"), "empty": os.path.join(tmp, "empty.jsonl"),
             "triggers": {}}
    with open(paths["alerts"], "w") as f:
        subprocess.run([py, os.path.join(corpus, "gen_alerts.py"), "--kind", kind, "--count", str(a.alerts),
                        "--seed", str(a.seed)], stdout=f, check=True)
    with open(paths["events"], "w") as f:
        subprocess.run([py, os.path.join(corpus, "gen_alerts.py"), "--kind", "event", "--count", str(a.alerts),
                        "--seed", str(a.seed + 1)], stdout=f, check=True)
    open(paths["empty"], "w").close()
    with open(paths["alerts"]) as al, open(paths["events"]) as ev, open(paths["zipped"], "w") as z:
        for line in al:
            e = ev.readline().strip() or "null"
            z.write('{"a":%s,"e":%s}\n' % (line.strip(), e))
    for k in a.ks:
        p = os.path.join(tmp, "triggers-%d.jsonl" % k)
        with open(p, "w") as f:
            subprocess.run([py, os.path.join(corpus, "gen_triggers.py"), "--count", str(k), "--seed",
                            str(a.trigger_seed), "--scope", a.scope], stdout=f, check=True)
        paths["triggers"][k] = p
    return paths


def load_triggers(path):
    return [json.loads(line) for line in open(path) if line.strip()]


# ---------------------------------------------------------------- peer programs

def oracle_body(text):
    """One trigger's outcome as "M" (match), "N" (no match) or "E" (error),
    by the rules of ../shared/spec/triggers.md, as diff_match writes it."""
    body = ('(try ([%s] | if length != 1 then "E" elif .[0] == true then "M" '
            'elif .[0] == false or .[0] == null then "N" else "E" end) catch "E")' % text)
    if not USES_EVENT.search(text):
        body = '(if $ev != null and $ev.manual == true then "N" else %s end)' % body
    return body


def program_head(scope, prelude):
    return '.e as $ev | .a as $obj | .a | def event: $ev; def %s: $obj; %s' % (scope, prelude)


def gojq_program(texts, scope):
    # diff_match's oracle: one expression, one string of outcomes per alert
    return program_head(scope, "") + '[%s] | join("")' % ", ".join(oracle_body(t) for t in texts)


def jq16_program(texts, scope):
    # The same, cut into functions small enough for jq 1.6's 64 KB limit.
    groups, cur, size = [], [], 0
    for t in texts:
        body = oracle_body(t)
        if cur and (size + len(body) > JQ16_GROUP_CHARS or len(cur) >= JQ16_GROUP_TRIGGERS):
            groups.append(cur)
            cur, size = [], 0
        cur.append(body)
        size += len(body)
    if cur:
        groups.append(cur)
    defs = "".join('def g%d: [%s] | join("");\n' % (i, ", ".join(g)) for i, g in enumerate(groups))
    calls = ", ".join("g%d" % i for i in range(len(groups))) or '""'
    return program_head(scope, JQ16_PRELUDE) + "\n" + defs + "[%s] | join(\"\")" % calls


def shape(text):
    """A trigger with its literals blanked: compile errors (unknown
    function, syntax) depend on the shape, not on the constants."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    return re.sub(r"\b\d+(?:\.\d+)?\b", "0", s)


class CompileCheck:
    """Which triggers a peer cannot compile, checked once per shape."""

    def __init__(self, exe, prelude, scope):
        self.exe, self.prelude, self.scope, self.ok = exe, prelude, scope, {}

    def _compiles(self, texts):
        prog = "def event: null; def %s: null; %s [%s]" % (
            self.scope, self.prelude, ", ".join("(try ([%s]) catch null)" % t for t in texts))
        try:
            p = subprocess.run([self.exe, "-n", prog], capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return True  # compiled; it is the run that is slow
        return p.returncode != 3  # both exit 3 on a compile error

    def failing(self, texts):
        new = {}
        for t in texts:
            new.setdefault(shape(t), t)
        todo = {s: t for s, t in new.items() if s not in self.ok}
        if todo:
            if self._compiles(list(todo.values())):
                self.ok.update({s: True for s in todo})
            else:
                for s, t in todo.items():
                    self.ok[s] = self._compiles([t])
        return [i for i, t in enumerate(texts) if not self.ok[shape(t)]]


# ---------------------------------------------------------------- timing

class Timing:
    def __init__(self, wall=None, cpu=None, timed_out=False, error=None, output=None, inner=None):
        self.wall, self.cpu, self.timed_out, self.error, self.output = wall, cpu, timed_out, error, output
        self.inner = inner  # the loop time a tool reports itself (simdjson_floor, riposte match)

    def get(self, clock):
        return self.cpu if clock == "cpu" else self.wall


def run_once(cmd, timeout, out_path, err_path):
    """(wall s, cpu s of the child, exit status) or None on timeout."""
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err)
        timer = threading.Timer(timeout, p.kill)
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
    if wall >= timeout and p.returncode < 0:
        return None
    return wall, ru.ru_utime + ru.ru_stime, p.returncode


def time_cmd(cmd, runs, timeout, out_path, once_after, clock):
    """Best wall and best CPU time of up to `runs` runs (one more run only
    while a run takes under `once_after` s); stdout goes to out_path."""
    best_wall = best_cpu = best_inner = None
    err_path = out_path + ".err"
    for _ in range(runs):
        r = run_once(cmd, timeout, out_path, err_path)
        if r is None:
            return Timing(timed_out=True)
        wall, cpu, rc = r
        if rc != 0:
            with open(err_path, "rb") as f:
                msg = f.read().decode(errors="replace").strip()[:200]
            return Timing(error="exit %d: %s" % (rc, msg))
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        try:  # simdjson_floor and `riposte match --output count` print their own loop time
            with open(out_path) as f:
                first = f.readline()
            if first.startswith('{"mode"'):
                inner = json.loads(first).get("cpu_seconds" if clock == "cpu" else "seconds")
            elif first.startswith('{"alerts"'):
                inner = json.loads(first).get("seconds")  # wall time of matching, compilation excluded
            else:
                inner = None
        except (ValueError, AttributeError):
            inner = None
        if inner is not None:
            best_inner = inner if best_inner is None else min(best_inner, inner)
        if wall > once_after:
            break
    return Timing(wall=best_wall, cpu=best_cpu, output=out_path, inner=best_inner)


def count_riposte(path):
    with open(path) as f:
        first = f.readline()
    if first.startswith('{"alerts"'):  # --output count
        row = json.loads(first)
        return {"alerts": row["alerts"], "matches": row["matches"], "errors": row["errors"]}
    matches = errors = lines = 0
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            lines += 1
            matches += len(row.get("matched", []))
            errors += len(row.get("errors") or {})
    return {"alerts": lines, "matches": matches, "errors": errors}


def count_peer(path):
    matches = errors = lines = 0
    with open(path) as f:
        for line in f:
            lines += 1
            matches += line.count("M")
            errors += line.count("E")
    return {"alerts": lines, "matches": matches, "errors": errors}


def measure(name, full_cmd, empty_cmd, n_alerts, a, tmp, counter):
    """Runs a tool on the empty file and on the alerts; returns a dict with
    compile_s (the empty run), per_alert_us ((full - empty) / alerts) on the
    chosen clock, the other clock's figures, and a lower bound on timeout."""
    once_after = 1.0 if a.quick else 2.0
    empty = time_cmd(empty_cmd, a.runs, a.timeout, os.path.join(tmp, "out-empty"), once_after, a.clock)
    r = {"clock": a.clock, "compile_s": empty.get(a.clock), "per_alert_us": None, "status": "ok"}
    if empty.timed_out or empty.error:
        r["status"] = "timeout" if empty.timed_out else "error"
        if empty.error:
            r["error"] = empty.error
        else:
            r["compile_s_at_least"] = a.timeout
        log("  %-18s compile: %s" % (name, empty.error or "timeout"))
        return r
    r.update({"compile_wall_s": empty.wall, "compile_cpu_s": empty.cpu})
    full = time_cmd(full_cmd, a.runs, a.timeout, os.path.join(tmp, "out-full"), once_after, a.clock)
    if full.timed_out or full.error:
        r["status"] = "timeout" if full.timed_out else "error"
        if full.error:
            r["error"] = full.error
        elif n_alerts:
            # wall time is what the timeout cuts; the bound is on the wall clock
            r["per_alert_us_at_least"] = max(0.0, a.timeout - empty.wall) / n_alerts * 1e6
        log("  %-18s compile %.3fs, run: %s" % (name, empty.get(a.clock), full.error or "timeout"))
        return r
    r.update({"full_wall_s": full.wall, "full_cpu_s": full.cpu})
    if n_alerts:
        r["per_alert_wall_us"] = max(0.0, full.wall - empty.wall) / n_alerts * 1e6
        r["per_alert_cpu_us"] = max(0.0, full.cpu - empty.cpu) / n_alerts * 1e6
        r["per_alert_us"] = r["per_alert_%s_us" % a.clock]
        if full.inner is not None:  # the tool's own loop time: no start-up to subtract
            r["per_alert_inner_us"] = full.inner / n_alerts * 1e6
            r["per_alert_us"] = r["per_alert_inner_us"]
    if counter:
        try:
            r["counts"] = counter(full.output)
        except (ValueError, KeyError, TypeError) as e:
            r["counts"] = {"unreadable": str(e)}
    log("  %-18s compile %.3fs, %.1f us/alert (%s)" % (name, empty.get(a.clock), r["per_alert_us"] or 0, a.clock))
    return r


def profile_run(riposte, engine, tpath, paths, tmp, timeout):
    """One `riposte match --profile` run: the per-alert stage breakdown (a
    separate run: the timers cost a few per cent, so the timed runs have
    none)."""
    out = os.path.join(tmp, "out-profile")
    cmd = [riposte, "match", "--engine", engine, "--triggers", tpath, "--output", "count", "--profile",
           "--alerts", paths["alerts"], "--events", paths["events"]]
    r = run_once(cmd, timeout, out, out + ".err")
    if r is None or r[2] != 0:
        return None
    with open(out) as f:
        return json.loads(f.readline()).get("profile")


def measure_residual(riposte, path, paths, n, a, tmp, tools, have, checks):
    """Triggers no shared index decides (bench/data/residual_triggers.jsonl):
    what the tiers do on the triggers' own programs."""
    row = {}
    texts = [t["trigger"] for t in load_triggers(path)]
    for engine in ("vm", "jit"):
        base = [riposte, "match", "--engine", engine, "--triggers", path, "--output", "count"]
        row["riposte " + engine] = measure("riposte " + engine, base + ["--alerts", paths["alerts"], "--events",
                                           paths["events"]], base + ["--alerts", paths["empty"]], n, a, tmp,
                                           count_riposte)
        row["profile " + engine] = profile_run(riposte, engine, path, paths, tmp, a.timeout)
    if "gojq" in tools and have["gojq"]:
        bad = set(checks["gojq"].failing(texts))
        prog = os.path.join(tmp, "gojq-residual.jq")
        with open(prog, "w") as f:
            f.write(gojq_program([x for i, x in enumerate(texts) if i not in bad], a.scope))
        row["gojq"] = measure("gojq", ["gojq", "-r", "-f", prog, paths["zipped"]],
                              ["gojq", "-r", "-f", prog, paths["empty"]], n, a, tmp, count_peer)
    row["triggers"] = len(texts)
    return row


def measure_threads(riposte, tpath, paths, n, a, tmp):
    """The matching time (riposte's own wall clock) with 1 and 2 threads."""
    out = {}
    for threads in ("1", "2"):
        base = [riposte, "match", "--engine", "vm", "--threads", threads, "--triggers", tpath, "--output", "count"]
        r = measure("riposte vm x%s" % threads, base + ["--alerts", paths["alerts"], "--events", paths["events"]],
                    base + ["--alerts", paths["empty"]], n, a, tmp, None)
        out[threads] = r.get("per_alert_inner_us")
    return out


# ---------------------------------------------------------------- report

def fmt_us(r):
    if r is None:
        return "-"
    if r.get("per_alert_us") is not None:
        v = r["per_alert_us"]
        return "%.0f" % v if v >= 100 else "%.1f" % v
    if r["status"] == "timeout":
        lb = r.get("per_alert_us_at_least")
        return "timeout (>%.0f)" % lb if lb else "timeout"
    return r["status"]


def fmt_s(r):
    if r is None:
        return "-"
    if r.get("compile_s") is not None:
        return "%.2f" % r["compile_s"]
    return "timeout" if r["status"] == "timeout" else r["status"]


def per_alert(r, lower_bound_ok=False):
    """(value, is_lower_bound) or (None, False)."""
    if r is None:
        return None, False
    if r.get("per_alert_us") is not None:
        return r["per_alert_us"], False
    if lower_bound_ok and r.get("per_alert_us_at_least"):
        return r["per_alert_us_at_least"], True
    return None, False


def best_riposte(row):
    """The faster riposte engine of a row: (name, result).  A cost of 0 or less
    means the run on the alerts took no longer than the empty run: the
    per-alert signal was below the noise of start-up and compilation (the
    JIT's, at K = 1), so that engine is not used for the goals."""
    cands = [(t, row.get(t)) for t in ("riposte vm", "riposte jit")
             if row.get(t) and row[t].get("per_alert_us") is not None and row[t]["per_alert_us"] > 0]
    if not cands:
        return None, None
    return min(cands, key=lambda c: c[1]["per_alert_us"])


def compute_goals(results, floor, extra):
    out = {}

    def ratio(num, den):
        (n, n_lb), (d, _) = num, den
        if n is None or d is None or d <= 0:
            return None, False
        return n / d, n_lb

    row = results.get(1)
    if row:
        eng, rr = best_riposte(row)
        out["gojq_over_riposte_k1"] = ratio(per_alert(row.get("gojq"), True), per_alert(rr)) + (eng,)
    if results.get(10000) and results.get(1000):
        e1, r1 = best_riposte(results[10000])
        e2, r2 = best_riposte(results[1000])
        out["riposte_k10000_over_k1000"] = ratio(per_alert(r1), per_alert(r2)) + ("%s / %s" % (e1, e2),)
    res = extra.get("residual") or {}
    if res.get("riposte vm") and res.get("riposte jit"):
        out["vm_over_jit_residual"] = ratio(per_alert(res["riposte vm"]), per_alert(res["riposte jit"])) + ("",)
    thr = extra.get("threads") or {}
    if thr.get("1") and thr.get("2"):
        out["threads2_speedup_k1000"] = ratio((thr["1"], False), (thr["2"], False)) + ("vm",)
    if results.get(1000) and floor.get("simdjson dom"):
        eng, rr = best_riposte(results[1000])
        out["riposte_k1000_over_simdjson_dom"] = ratio(per_alert(rr), per_alert(floor["simdjson dom"])) + (eng,)
    if results.get(10000):
        comp = [(t, results[10000][t]["compile_s"]) for t in ("riposte vm", "riposte jit")
                if results[10000].get(t) and results[10000][t].get("compile_s") is not None]
        if comp:
            t, s = min(comp, key=lambda c: c[1])
            out["riposte_compile_k10000_s"] = (s, False, t)
    goals = []
    for key, text, cmp, goal in GOALS:
        value, lower_bound, engine = out.get(key, (None, False, None))
        if value is None:
            met = None
        elif cmp == ">=":
            met = value >= goal
        else:
            met = value <= goal and not lower_bound
        goals.append({"key": key, "what": text, "goal": "%s %g" % (cmp, goal), "value": value,
                      "lower_bound": lower_bound, "riposte_engine": engine, "met": met})
    return goals


def print_extra(extra):
    prof = extra.get("profile") or {}
    if prof:
        print()
        print("Where riposte's time goes (`riposte match --profile`, one run each; us per alert of the worker "
              "thread; decided = triggers the shared program answered, residual = own programs run, per alert):")
        print()
        stages = ["parse_us", "shared_us", "decide_us", "residual_us", "output_us"]
        print("| K engine | parse | shared program | answers | own programs | output | total | decided | residual |")
        print("|---|---|---|---|---|---|---|---|---|")
        for key, p in prof.items():
            if not p:
                print("| %s | failed |||||||| " % key)
                continue
            total = sum(p[s] for s in stages)
            print("| %s | %s | %.1f | %.1f | %.1f |" % (key, " | ".join("%.1f" % p[s] for s in stages), total,
                                                       p["decided"], p["residual_runs"]))
    res = extra.get("residual")
    if res:
        print()
        print("Residual triggers (%d, no shared index decides them): us per alert" % res["triggers"])
        print()
        print("| riposte vm | riposte jit | gojq | vm / jit | decided per alert (vm profile) |")
        print("|---|---|---|---|---|")
        vm, jit = per_alert(res.get("riposte vm"))[0], per_alert(res.get("riposte jit"))[0]
        pv = res.get("profile vm") or {}
        print("| %s | %s | %s | %s | %s |" % (fmt_us(res.get("riposte vm")), fmt_us(res.get("riposte jit")),
                                           fmt_us(res.get("gojq")),
                                           "%.2fx" % (vm / jit) if vm and jit else "n/a",
                                           "%.1f" % pv["decided"] if pv else "n/a"))
    thr = extra.get("threads")
    if thr:
        print()
        print("Threads (K = %s, VM, riposte's own matching wall time per alert): 1 thread %s us, 2 threads %s us"
              % (extra.get("threads_k"), "%.1f" % thr["1"] if thr.get("1") else "n/a",
                 "%.1f" % thr["2"] if thr.get("2") else "n/a"))


def print_table(meta, results, floor, goals, skipped, extra):
    print("alerts: %d (%s scope, seed %d, %.1f MB, %d heavy), triggers seed %d; best of %d runs, timeout %gs"
          % (meta["alerts"], meta["scope"], meta["seed"], meta["alerts_mb"], meta["heavy_alerts"],
             meta["trigger_seed"], meta["runs"], meta["timeout"]))
    print("tools: " + "; ".join("%s = %s" % kv for kv in meta["versions"].items()))
    print("per-alert us = (%s time on the alerts - on an empty file) / alerts; compile s = %s time on an empty file "
          "(start-up included); simdjson: its own parse loop's %s time / alerts; riposte: the matching time it reports "
          "itself (`--output count` \"seconds\": wall clock, compilation and JIT excluded) / alerts"
          % (meta["clock"], meta["clock"], meta["clock"]))
    print()
    peers = ["riposte vm", "riposte jit", "gojq", "jq 1.6"]
    header = ["K"] + ["%s us/alert" % t for t in peers] + ["simdjson dom us", "simdjson od us"] + \
             ["%s compile s" % t for t in peers] + ["matches agree"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for k, row in results.items():
        cells = [str(k)]
        for t in peers:
            c = fmt_us(row.get(t))
            if t in skipped and skipped[t].get(k):
                c += " (%d skipped)" % skipped[t][k]
            cells.append(c)
        cells += [fmt_us(floor.get("simdjson dom")), fmt_us(floor.get("simdjson ondemand"))]
        cells += [fmt_s(row.get(t)) for t in peers]
        cells.append(row.get("agree", "-"))
        print("| " + " | ".join(cells) + " |")
    print_extra(extra)
    print()
    print("| goal | target | measured | met |")
    print("|---|---|---|---|")
    for g in goals:
        if g["value"] is None:
            v, met = "n/a", "not measured"
        else:
            v = ("%s%.2f" % (">" if g["lower_bound"] else "", g["value"]))
            if g["key"] != "riposte_compile_k10000_s":
                v += "x"
            v += " (%s)" % g["riposte_engine"]
            met = "met" if g["met"] else "NOT met"
        print("| %s | %s | %s | %s |" % (g["what"], g["goal"], v, met))


# ---------------------------------------------------------------- main

def find_riposte():
    for d in ("build", "build-bench", "build-lead", "build-run"):
        p = os.path.join(ROOT, d, "tools", "riposte")
        if os.path.exists(p):
            return p
    return None


def version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=10)
        return (p.stdout or p.stderr).decode(errors="replace").strip().splitlines()[0]
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", help="the riposte program (default: build*/tools/riposte)")
    ap.add_argument("--floor", help="bench/simdjson_floor (default: next to riposte's build)")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--alerts", type=int, help="alerts (default 1000; --quick 500)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the alerts (events use seed+1)")
    ap.add_argument("--trigger-seed", type=int, default=7)
    ap.add_argument("--scope", choices=["alert", "incident"], default="alert")
    ap.add_argument("--ks", default="1,100,1000,10000", help="trigger counts, comma-separated")
    ap.add_argument("--runs", type=int, help="best of N runs (default 3; --quick 1); a run over 2 s runs once")
    ap.add_argument("--timeout", type=float, help="seconds per run of a tool (default 60; --quick 10)")
    ap.add_argument("--tools", default=",".join(TOOLS), help="subset of: " + ", ".join(TOOLS))
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="cpu: user+sys time of the tool's process (steadier on a loaded machine; default); "
                         "wall: elapsed time")
    ap.add_argument("--quick", action="store_true", help="500 alerts, one run, 10 s timeout (about a minute)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    ap.add_argument("--table-from", metavar="JSON", help="print the tables of an earlier --json output and exit")
    ap.add_argument("--residual", default=os.path.join(HERE, "data", "residual_triggers.jsonl"),
                    help="triggers no shared index decides, for the JIT's goal ('' to skip)")
    ap.add_argument("--no-threads", action="store_true", help="skip the 1 vs 2 threads run")
    ap.add_argument("--keep", help="generate the data into this directory and keep it (never the repository)")
    a = ap.parse_args()
    if a.table_from:
        with open(a.table_from) as f:
            d = json.load(f)
        results = {int(k): v for k, v in d["results"].items()}
        skipped = {t: {int(k): v for k, v in s.items()} for t, s in d["skipped"].items()}
        print_table(d["meta"], results, d["floor"], d["goals"], skipped, d.get("extra") or {})
        return 0
    a.alerts = a.alerts if a.alerts is not None else (500 if a.quick else 1000)
    a.runs = a.runs or (1 if a.quick else 3)
    a.timeout = a.timeout or (10.0 if a.quick else 60.0)
    a.ks = [int(x) for x in a.ks.split(",") if x.strip()]
    tools = [t.strip() for t in a.tools.split(",") if t.strip()]
    for t in tools:
        if t not in TOOLS:
            ap.error("unknown tool %r" % t)

    riposte = os.path.abspath(a.riposte) if a.riposte else find_riposte()
    if not riposte or not os.path.exists(riposte):
        ap.error("riposte not found; build it and pass --riposte")
    floor_exe = a.floor or os.path.join(os.path.dirname(os.path.dirname(riposte)), "bench", "simdjson_floor")
    corpus = os.path.abspath(a.corpus)
    if not os.path.exists(os.path.join(corpus, "gen_alerts.py")):
        ap.error("corpus generators not found in %s" % corpus)
    have = {"gojq": shutil.which("gojq"), "jq 1.6": shutil.which("jq"),
            "simdjson dom": os.path.exists(floor_exe), "simdjson ondemand": os.path.exists(floor_exe)}
    versions = {"riposte": riposte}
    if have["gojq"]:
        versions["gojq"] = version(["gojq", "--version"])
    if have["jq 1.6"]:
        versions["jq"] = version(["jq", "--version"])
    if have["simdjson dom"]:
        versions["simdjson_floor"] = floor_exe
    for t in tools:
        if t in have and not have[t]:
            log("note: %s not found; its column stays empty" % t)

    if a.keep:
        if os.path.abspath(a.keep).startswith(ROOT + os.sep):
            ap.error("--keep must be outside the repository")
        os.makedirs(a.keep, exist_ok=True)
        tmp_ctx = None
        tmp = a.keep
    else:
        tmp_ctx = tempfile.TemporaryDirectory(prefix="riposte-match-bench-")
        tmp = tmp_ctx.name
    started = time.perf_counter()
    try:
        log("generating %d %ss and triggers for K = %s in %s" % (a.alerts, a.scope, ",".join(map(str, a.ks)), tmp))
        paths = generate(corpus, tmp, a)
        n = a.alerts
        meta = {"alerts": n, "scope": a.scope, "seed": a.seed, "trigger_seed": a.trigger_seed, "runs": a.runs,
                "timeout": a.timeout, "ks": a.ks, "clock": a.clock, "quick": a.quick, "versions": versions,
                "alerts_mb": os.path.getsize(paths["alerts"]) / 1e6,
                "heavy_alerts": n // 500, "cores": os.cpu_count(),
                "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}

        floor = {}
        for mode in ("dom", "ondemand"):
            t = "simdjson " + mode
            if t in tools and have[t]:
                floor[t] = measure(t, [floor_exe, mode, paths["alerts"]], [floor_exe, mode, paths["empty"]], n, a,
                                   tmp, None)

        checks = {"gojq": CompileCheck("gojq", "", a.scope) if have["gojq"] else None,
                  "jq 1.6": CompileCheck("jq", JQ16_PRELUDE, a.scope) if have["jq 1.6"] else None}
        results, skipped = {}, {"gojq": {}, "jq 1.6": {}}
        for k in a.ks:
            log("K = %d" % k)
            row = {}
            tpath = paths["triggers"][k]
            texts = [t["trigger"] for t in load_triggers(tpath)]
            for engine in ("vm", "jit"):
                t = "riposte " + engine
                if t not in tools:
                    continue
                base = [riposte, "match", "--engine", engine, "--triggers", tpath, "--output", "count"]
                row[t] = measure(t, base + ["--alerts", paths["alerts"], "--events", paths["events"]],
                                 base + ["--alerts", paths["empty"]], n, a, tmp, count_riposte)
            for t, maker in (("gojq", gojq_program), ("jq 1.6", jq16_program)):
                if t not in tools or not have[t]:
                    continue
                bad = set(checks[t].failing(texts))
                skipped[t][k] = len(bad)
                prog = os.path.join(tmp, "%s-%d.jq" % (t.split()[0], k))
                with open(prog, "w") as f:
                    f.write(maker([x for i, x in enumerate(texts) if i not in bad], a.scope))
                exe = "gojq" if t == "gojq" else "jq"
                row[t] = measure(t, [exe, "-r", "-f", prog, paths["zipped"]], [exe, "-r", "-f", prog, paths["empty"]],
                                 n, a, tmp, count_peer)
            # The (alert, trigger) match and error counts must agree where
            # every tool evaluated every trigger (diff_match checks pairs).
            counts = {t: r["counts"] for t, r in row.items() if r.get("counts") and not skipped.get(t, {}).get(k)}
            if len(counts) >= 2:
                vals = {(c.get("matches"), c.get("errors")) for c in counts.values()}
                row["agree"] = "yes" if len(vals) == 1 else "NO: " + ", ".join(
                    "%s %s/%s" % (t, c.get("matches"), c.get("errors")) for t, c in counts.items())
            results[k] = row
        extra = {"profile": {}, "residual": None, "threads": None}
        for k in a.ks:
            for engine in ("vm", "jit"):
                if "riposte " + engine in tools:
                    extra["profile"]["%d %s" % (k, engine)] = profile_run(riposte, engine, paths["triggers"][k],
                                                                          paths, tmp, a.timeout)
        if a.residual and "riposte vm" in tools and "riposte jit" in tools:
            log("residual triggers: %s" % a.residual)
            extra["residual"] = measure_residual(riposte, a.residual, paths, n, a, tmp, tools, have, checks)
        k_threads = 1000 if 1000 in a.ks else max(a.ks)
        if "riposte vm" in tools and not a.no_threads:
            log("threads: K = %d" % k_threads)
            extra["threads"] = measure_threads(riposte, paths["triggers"][k_threads], paths, n, a, tmp)
            extra["threads_k"] = k_threads
        goals = compute_goals(results, floor, extra)
        meta["total_s"] = time.perf_counter() - started
    finally:
        if tmp_ctx:
            tmp_ctx.cleanup()

    if a.json:
        json.dump({"meta": meta, "floor": floor, "results": {str(k): v for k, v in results.items()},
                   "skipped": {t: {str(k): v for k, v in s.items()} for t, s in skipped.items()},
                   "extra": extra, "goals": goals}, sys.stdout, indent=1, default=str)
        print()
    else:
        print_table(meta, results, floor, goals, skipped, extra)
        print()
        print("total %.0f s on %s cores (load average %.1f at start); a benchmark, not a test"
              % (meta["total_s"], meta["cores"], meta["load_average"] or 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
