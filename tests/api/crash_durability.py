#!/usr/bin/env python3
"""An acknowledged alert is never lost (api.md, engine.md "Storage and durability").

  tests/api/crash_durability.py --riposte build/tools/riposte [--count 400] [--kill-after 60]

A thread POSTs corpus alerts one by one (fresh InternalIDs, an
Idempotency-Key each) and records every InternalID acknowledged with 201.
After --kill-after acknowledgements the server gets SIGKILL mid-stream;
it is restarted on the same SQLite file, and then: every acknowledged alert
is there (GET by id), no InternalID is stored twice (the whole list counted),
the in-flight request re-sent with its key is answered 201 and stored once,
and an acknowledged one re-sent with its key answers its first answer.
"""
import collections
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (Server, Suite, corpus_alerts, new_uuid, parse_args, response_problem,  # noqa
                            run_script, short)


def main():
    def extra(ap):
        ap.add_argument("--count", type=int, default=400)
        ap.add_argument("--kill-after", type=int, default=60)
    args = parse_args(__doc__, extra)
    suite = Suite("crash_durability")
    with Server(args.riposte) as srv:
        with suite.section("kill -9 mid-stream"):
            tenant = srv.boot["tenant"]
            alerts = corpus_alerts(args.count, 11, tenant)
            for a in alerts:
                a["InternalID"] = new_uuid()
            acked, answers, errors = [], {}, []
            inflight = {}
            stop = threading.Event()
            client = srv.client()

            def sender():
                for a in alerts:
                    if stop.is_set():
                        return
                    key = "crash-" + a["InternalID"]
                    inflight["alert"] = a
                    try:
                        r = client.post("/api/v1/alerts", a, headers={"Idempotency-Key": key})
                    except Exception as e:  # the crash: the connection breaks
                        errors.append(repr(e))
                        return
                    if r.status == 201:
                        acked.append(a["InternalID"])
                        answers[a["InternalID"]] = r.body
                        inflight.pop("alert", None)
                    else:
                        errors.append(repr(r))
                        return

            t = threading.Thread(target=sender, daemon=True)
            t.start()
            deadline = time.monotonic() + 120
            while len(acked) < args.kill_after and t.is_alive() and time.monotonic() < deadline:
                time.sleep(0.002)
            if not suite.check("%d alerts acknowledged before the kill" % args.kill_after,
                               len(acked) >= args.kill_after, "%d acknowledged; errors %s" % (len(acked), errors[:3])):
                stop.set()
                return suite.finish()
            srv.kill9()
            t.join(timeout=60)
            stop.set()
            suite.check("the stream was cut by the kill (not finished)", len(acked) < len(alerts),
                        "all %d acknowledged before the kill landed; raise --count" % len(acked))
            snapshot = list(acked)
            srv.restart()
            suite.ok("restarted on the same file")
            c = srv.client()
            missing = [i for i in snapshot if c.get("/api/v1/alerts/" + i).status != 200]
            suite.check("every acknowledged alert (%d) is there after kill -9" % len(snapshot), not missing,
                        "%d lost, e.g. %s" % (len(missing), missing[:5]))
            pending = inflight.get("alert")
            if pending is not None:
                key = "crash-" + pending["InternalID"]
                r = c.post("/api/v1/alerts", pending, headers={"Idempotency-Key": key})
                suite.status("the in-flight alert re-sent with its key -> 201", r, 201)
                r2 = c.post("/api/v1/alerts", pending, headers={"Idempotency-Key": key})
                suite.status("re-sent once more -> 201", r2, 201)
                suite.eq("the second re-send is the first answer", r2.body, r.body)
            else:
                print("NOTE the kill landed between two requests: no request was in flight", flush=True)
            first = snapshot[0]
            orig = next(a for a in alerts if a["InternalID"] == first)
            r = c.post("/api/v1/alerts", orig, headers={"Idempotency-Key": "crash-" + first})
            suite.status("an acknowledged alert re-sent with its key -> 201", r, 201)
            suite.eq("its answer is the first answer (kept across the crash)", r.body, answers[first])
            stored = c.list_all("/api/v1/alerts")
            counts = collections.Counter(a.get("InternalID") for a in stored)
            twice = [i for i, n in counts.items() if n != 1]
            suite.check("no InternalID stored twice", not twice, twice[:5])
            expect = set(snapshot) | ({pending["InternalID"]} if pending is not None else set())
            suite.check("the store holds the acknowledged ones and at most the in-flight one",
                        expect <= set(counts) and len(set(counts) - expect) == 0,
                        "unexpected %s" % sorted(set(counts) - expect)[:5])
            stored_by_id = {a["InternalID"]: a for a in stored}
            changed = [i for i in snapshot[:20] if any(stored_by_id[i].get(k) != orig_a.get(k) for orig_a in
                                                       [next(x for x in alerts if x["InternalID"] == i)]
                                                       for k in ("Severity", "Rules", "Observables", "TenantID"))]
            suite.check("stored alerts keep their fields", not changed, changed[:3])
        try:
            srv.stop()
            suite.ok("server stops on SIGTERM with status 0 after the restart")
        except Exception as e:
            suite.fail("server stops on SIGTERM with status 0 after the restart", e)
    return suite.finish()


if __name__ == "__main__":
    run_script(main)
