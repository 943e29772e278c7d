#!/usr/bin/env python3
"""The main job on the bundled sample data, until `riposte match` exists:
evaluates every trigger of samples/triggers.jsonl against every alert of
samples/alerts.jsonl with `riposte jq` and applies the trigger rules of
triggers.md (one value; true matches; false/null do not; anything else, zero
or several values, or a runtime error is an error for that alert).

Prints one line per alert: {"alert": N, "matched": [...], "errors": {...}}.
"""
import argparse
import json
import subprocess
import sys


def evaluate(riposte, trigger, alerts_path):
    # Wrap the trigger so that each alert yields exactly one line, whatever
    # the trigger does: the list of its outputs, or the error it raised.
    program = "try ([(%s)] | {ok: .}) catch {error: .}" % trigger
    proc = subprocess.run([riposte, "jq", "-c", "--fuel", "10000000", program, alerts_path],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        message = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "exit %d" % proc.returncode
        return None, message
    return [json.loads(line) for line in proc.stdout.splitlines()], None


def verdict(result):
    if "error" in result:
        err = result["error"]
        return None, err if isinstance(err, str) else json.dumps(err)
    outputs = result["ok"]
    if len(outputs) != 1:
        return None, "trigger yielded %d values; wrap the iterator: [ ... ] | any" % len(outputs)
    value = outputs[0]
    if value is True:
        return True, None
    if value is False or value is None:
        return False, None
    kind = {dict: "object", list: "array", str: "string"}.get(type(value), "number")
    return None, "trigger must yield a boolean, got %s" % kind


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--riposte", default="build/tools/riposte")
    ap.add_argument("--triggers", default="samples/triggers.jsonl")
    ap.add_argument("--alerts", default="samples/alerts.jsonl")
    args = ap.parse_args()
    triggers = [json.loads(line) for line in open(args.triggers) if line.strip()]
    n_alerts = sum(1 for line in open(args.alerts) if line.strip())
    rows = [{"alert": i, "matched": [], "errors": {}} for i in range(n_alerts)]
    for t in triggers:
        results, compile_error = evaluate(args.riposte, t["trigger"], args.alerts)
        for i, row in enumerate(rows):
            if compile_error is not None:
                row["errors"][t["id"]] = compile_error
                continue
            matched, error = verdict(results[i])
            if matched:
                row["matched"].append(t["id"])
            elif error is not None:
                row["errors"][t["id"]] = error
    for row in rows:
        if not row["errors"]:
            del row["errors"]
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
