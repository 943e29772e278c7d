#!/usr/bin/env python3
"""The actions that act on the engine (docs/actions-engine.md) in a one-shot
`riposte run --bindings real`:

- without --db every one answers a system error saying where it works;
- with --db FILE a new store is created and bootstrapped (the token shown
  once on stderr), createIncident stores an incident in the root tenant
  (read back from the SQLite file), a second run on the same store adds one
  and bootstraps nothing;
- an edit of the run's own alert, which is not in the store, says so; an
  edit of a stored incident by `id` works; runPlaybook of an unknown
  playbook is refused.

tests/api/actions_engine.py checks the same bindings inside `riposte serve`.
"""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Folder, Suite, action, algorithm, parse_args, run_algorithm  # noqa: E402

# Each type with valid parameters.
TYPES = [("createIncident", {"title": "x"}), ("runPlaybook", {"playbook": "p"}), ("assignAlert", {"assignee": "u"}),
         ("setAlertStatus", {"status": "closed"}), ("setAlertExternalRef", {"externalRef": "X-1"}),
         ("assignIncident", {"assignee": "u"}), ("setIncidentStatus", {"status": "hold"})]


def incidents(db):
    con = sqlite3.connect(db)
    try:
        return [json.loads(j) for (j,) in con.execute("SELECT json FROM objects WHERE kind = 'incident' ORDER BY seq")]
    finally:
        con.close()


def main():
    args = parse_args(__doc__)
    suite = Suite(args.filter)
    with Folder(args.keep) as folder:
        if suite.wants("no engine"):
            for t, params in TYPES:
                r = run_algorithm(args.riposte, folder, "bare-" + t, algorithm([action(t, params)]))
                want = "%s needs the engine's store: run inside `riposte serve`/`process`, or `riposte run --db FILE`" % t
                suite.check("without --db %s says where it works" % t,
                            r.code == 1 and r.status == "Error" and want in r.stderr, r.describe())

        db = os.path.join(folder, "run.db")
        create = algorithm([action("createIncident", {"title": "From a run", "severity": "${ alert.Severity }",
                                                      "description": "*markdown*",
                                                      "results": [{"user": "bob"}, {"user": "eve"}]})])
        r = run_algorithm(args.riposte, folder, "create", create, extra=["--db", db])
        ids = r.calls[0]["result"].get("ids", []) if r.calls else []
        suite.check("createIncident with --db: one incident per result", r.code == 0 and r.status == "Success"
                    and len(ids) == 2, r.describe())
        suite.check("a new store is bootstrapped, its token shown once", "bootstrapped" in r.stderr and
                    "rpt_" in r.stderr, r.describe())
        stored = incidents(db)
        suite.check("the incidents are in the store", [i["InternalID"] for i in stored] == ids, stored)
        suite.check("... with the run's fields", all(i["Name"] == "From a run" and i["Severity"] == "high" and
                                                    i["Description"] == "*markdown*" and i["Status"] == "open"
                                                    for i in stored), stored)
        suite.check("... one result each", [i["AdditionalData"].get("result") for i in stored] ==
                    [{"user": "bob"}, {"user": "eve"}], stored)

        r = run_algorithm(args.riposte, folder, "again", create, extra=["--db", db])
        suite.check("a second run on the store adds its own and bootstraps nothing",
                    r.code == 0 and "bootstrapped" not in r.stderr and len(incidents(db)) == 4, r.describe())

        own = algorithm([action("setAlertStatus", {"status": "closed"})])
        r = run_algorithm(args.riposte, folder, "own", own, extra=["--db", db])
        suite.check("an edit of the run's alert, not stored, says so",
                    r.status == "Error" and 'this run has no alert in the store: name one with \\"id\\"' in r.stdout,
                    r.describe())

        hold = algorithm([action("setIncidentStatus", {"status": "hold", "id": ids[0] if ids else "?",
                                                       "comment": "waiting"})])
        r = run_algorithm(args.riposte, folder, "hold", hold, extra=["--db", db])
        suite.check("an edit of a stored incident by id", r.code == 0 and r.status == "Success" and
                    incidents(db)[0]["Status"] == "hold", r.describe())

        run_pb = algorithm([action("runPlaybook", {"playbook": "no-such-playbook"})])
        r = run_algorithm(args.riposte, folder, "runpb", run_pb, extra=["--db", db])
        suite.check("runPlaybook of an unknown playbook is refused",
                    r.status == "Error" and 'no such playbook \\"no-such-playbook\\"' in r.stdout, r.describe())
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
