#!/usr/bin/env python3
"""The main job's engine part (scripts/main-job.sh): `riposte serve` on an
embedded SQLite store, driven through its HTTP API the way an integration
and an analyst would:

  1. `riposte admin bootstrap` a fresh store (root tenant, Main
     administrator, the predefined playbooks P001-P003);
  2. `riposte serve` on 127.0.0.1 (a free port);
  3. the sample alerts' and incidents' tenant created under the root, the
     samples ingested (a JSON Lines batch; an Idempotency-Key, sent twice);
  4. for each predefined playbook, "find": the stored objects its trigger
     matches;
  5. an analyst's change of one alert and the change event it raised;
  6. SIGTERM, and the server's exit status.

  scripts/engine_demo.py --riposte build/tools/riposte [--samples samples]

Only the Python standard library; the store lives in a temporary folder.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request


class Api:
    def __init__(self, port, token):
        self.base = f"http://127.0.0.1:{port}/api/v1"
        self.token = token

    def call(self, method, path, body=None, content_type="application/json", headers=None):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        h = {"Authorization": "Bearer " + self.token, "Content-Type": content_type}
        h.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def ok(self, method, path, body=None, **kw):
        status, answer = self.call(method, path, body, **kw)
        if status >= 300:
            raise SystemExit(f"{method} {path}: {status} {json.dumps(answer)}")
        return answer


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--samples", default=os.path.join(os.path.dirname(__file__), "..", "samples"))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="riposte-demo-")
    db = os.path.join(tmp, "riposte.db")
    server = None
    try:
        boot = json.loads(subprocess.run([args.riposte, "admin", "bootstrap", "--db", db],
                                         check=True, capture_output=True, text=True).stdout)
        print(f"bootstrap: root tenant {boot['tenant']}, Main administrator {boot['user']}")
        server = subprocess.Popen([args.riposte, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, text=True)
        listening = json.loads(server.stdout.readline())["listening"]
        print(f"serve: listening on {listening}, store {db}")
        api = Api(listening.rsplit(":", 1)[1], boot["token"])

        batches = {}
        for kind in ("alerts", "incidents"):
            with open(os.path.join(args.samples, kind + ".jsonl"), "rb") as f:
                batches[kind] = f.read()
        tenants = {json.loads(line)["TenantID"] for kind in batches for line in batches[kind].splitlines() if line}
        for t in sorted(tenants):
            api.ok("POST", "/tenants", {"id": t, "name": "SOC " + t[:8], "parent": boot["tenant"]})
        for kind, body in batches.items():
            key = {"Idempotency-Key": "demo-" + kind}
            first = api.ok("POST", "/" + kind, body, content_type="application/x-ndjson", headers=key)
            again = api.ok("POST", "/" + kind, body, content_type="application/x-ndjson", headers=key)
            stored = len(api.ok("GET", f"/{kind}?limit=1000")["items"])
            print(f"ingest {kind}: accepted {first['accepted']}, the same key again answers the same "
                  f"({again == first}), {stored} stored")

        for pb in api.ok("GET", "/playbooks?tags=Predefined")["items"]:
            if not pb["trigger"]:
                print(f"{pb['name']} ({pb['mode']}): no trigger, launched by hand only")
                continue
            found = api.ok("POST", "/playbooks/find", {"scope": pb["scope"], "trigger": pb["trigger"]})["items"]
            print(f"{pb['name']} ({pb['mode']}): find -> {pb['scope']}s " +
                  (", ".join(str(o["ID"]) for o in found) or "none"))

        alert = api.ok("GET", "/alerts?limit=1")["items"][0]
        api.ok("PATCH", "/alerts/" + alert["InternalID"],
               {"Status": "inProgress", "Assignee": [{"ID": boot["user"], "Name": "admin"}], "manual": True})
        change = api.ok("GET", f"/alerts/{alert['InternalID']}/changes")["items"][-1]
        print(f"alert {alert['ID']} taken in progress: change event {json.dumps(change['event'])}")
    finally:
        if server:
            server.send_signal(signal.SIGTERM)
            status = server.wait(timeout=60)
            print(f"serve: stopped by SIGTERM, exit status {status}")
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
