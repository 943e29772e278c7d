#!/usr/bin/env python3
"""Measures `riposte serve` as the engine's intake, in one run (issue 10's
goals; a benchmark, never a test: the numbers depend on the machine):

  bench/serve_intake.py --riposte build/tools/riposte [--alerts 20000]
      [--singles 5000] [--find-alerts 100000] [--stream 0] [--sync full]

  1. batch intake: JSON Lines batches of 1,000 corpus alerts, each answered
     only when committed -> alerts/s, and the store's bytes per alert;
  2. single intake: one alert per POST over keep-alive connections
     (--clients of them, one client process each) -> POSTs/s;
  3. find: `[.OriginalEvents[] | .ExternalID == "R350"] | any` over
     --find-alerts stored alerts (every page walked) -> seconds;
  4. with --stream N: N more alerts in batches while the server's resident
     memory is sampled -> RSS at the start, the peak and the end.

The server is pinned to CPU 0 and the client to CPU 1 when the machine has
two (taskset), so "one core" is the server's.  Alerts come from
../shared/corpus/gen_alerts.py; their TenantIDs are created as tenants
first (POST /api/v1/tenants with the source id).  docs/bench.md.
"""
import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpus", "gen_alerts.py"))
TRIGGER = '[.OriginalEvents[] | .ExternalID == "R350"] | any'


class Client:
    def __init__(self, port, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.token = token

    def call(self, method, path, body=None, content_type="application/json", headers=None):
        h = {"Authorization": "Bearer " + self.token}
        if body is not None:
            h["Content-Type"] = content_type
        h.update(headers or {})
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        try:
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closed an idle keep-alive connection before this
            # request reached it: open a new one and send it again.
            self.conn.close()
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
        payload = r.read()
        if r.status >= 300:
            raise SystemExit(f"{method} {path}: {r.status} {payload[:300]!r}")
        return json.loads(payload) if payload else None


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def generate(count, seed):
    out = subprocess.run([sys.executable, CORPUS, "--count", str(count), "--seed", str(seed)],
                         check=True, capture_output=True, text=True).stdout
    return [line for line in out.split("\n") if line]


def start_server(riposte, db, sync, pin):
    boot = subprocess.run([riposte, "admin", "bootstrap", "--db", db], check=True, capture_output=True, text=True)
    creds = json.loads(boot.stdout)
    cmd = [riposte, "serve", "--db", db, "--listen", "127.0.0.1:0", "--sync", sync]
    if pin:
        cmd = ["taskset", "-c", "0"] + cmd
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line:
        raise SystemExit("riposte serve did not start: " + proc.stderr.read())
    port = int(json.loads(line)["listening"].rsplit(":", 1)[1])
    return proc, port, creds


def create_tenants(client, root, lines):
    seen = set()
    for line in lines:
        t = json.loads(line)["TenantID"]
        if t not in seen:
            seen.add(t)
            client.call("POST", "/api/v1/tenants", {"id": t, "name": "corpus " + t[-4:], "parent": root})


def fresh_ids(lines):
    # Each alert keeps its shape; InternalID and ID are left for intake to assign.
    out = []
    for line in lines:
        a = json.loads(line)
        del a["InternalID"]
        del a["ID"]
        out.append(json.dumps(a, separators=(",", ":")))
    return out


def batch_intake(client, lines, size=1000):
    # The bodies are built before the clock starts: what is timed is the
    # server's intake, not the client's string joins.
    bodies = [(("\n".join(lines[i:i + size]) + "\n").encode(), len(lines[i:i + size]))
              for i in range(0, len(lines), size)]
    t0 = time.perf_counter()
    for body, count in bodies:
        r = client.call("POST", "/api/v1/alerts", body, "application/x-ndjson")
        assert r["accepted"] == count, r
    return time.perf_counter() - t0


def _single_client(port, token, chunk, start, done):
    # One client process: a keep-alive connection posting its share of the
    # alerts once every process is ready.
    try:
        c = Client(port, token)
        bodies = [line.encode() for line in chunk]
        start.wait()
        for body in bodies:
            c.call("POST", "/api/v1/alerts", body)
        done.put(None)
    except BaseException as e:  # noqa: BLE001 -- reported by the parent
        done.put(repr(e))


def single_intake(port, token, lines, clients):
    # Processes, not threads: one Python thread per connection shares one
    # interpreter lock, and the client (not the server) was the limit.
    ctx = multiprocessing.get_context("fork")
    start, done = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_single_client, args=(port, token, lines[i::clients], start, done))
             for i in range(clients)]
    for p in procs:
        p.start()
    time.sleep(0.2 + 0.05 * clients)  # let every client connect and encode
    t0 = time.perf_counter()
    start.set()
    errors = [e for e in (done.get() for _ in procs) if e]
    secs = time.perf_counter() - t0
    for p in procs:
        p.join()
    if errors:
        raise SystemExit(f"single intake failed: {errors[0]}")
    return secs


def find_all(client):
    t0 = time.perf_counter()
    matched, cursor = 0, None
    while True:
        path = "/api/v1/playbooks/find?limit=1000" + (f"&cursor={cursor}" if cursor else "")
        r = client.call("POST", path, {"scope": "alert", "trigger": TRIGGER})
        matched += len(r["items"])
        cursor = r["next"]
        if not cursor:
            break
    return time.perf_counter() - t0, matched


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--alerts", type=int, default=20000)
    ap.add_argument("--singles", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--find-alerts", type=int, default=100000)
    ap.add_argument("--stream", type=int, default=0)
    ap.add_argument("--sync", choices=["full", "normal"], default="full")
    args = ap.parse_args()

    pin = os.cpu_count() and os.cpu_count() >= 2 and shutil.which("taskset")
    if pin:
        os.sched_setaffinity(0, {1})
    tmp = tempfile.mkdtemp(prefix="riposte-bench-")
    db = os.path.join(tmp, "bench.db")
    proc, port, creds = start_server(args.riposte, db, args.sync, pin)
    try:
        client = Client(port, creds["token"])
        corpus = generate(max(args.alerts, args.singles, 1000), seed=1)
        create_tenants(client, creds["tenant"], corpus)
        lines = fresh_ids(corpus)

        secs = batch_intake(client, lines[:args.alerts])
        size = os.path.getsize(db) + (os.path.getsize(db + "-wal") if os.path.exists(db + "-wal") else 0)
        print(f"batch intake   {args.alerts} alerts in batches of 1000: {secs:.2f} s, "
              f"{args.alerts / secs:,.0f} alerts/s; store {size / args.alerts:,.0f} bytes/alert (sync={args.sync})")

        secs = single_intake(port, creds["token"], lines[:args.singles], args.clients)
        print(f"single intake  {args.singles} POSTs over {args.clients} connections: {secs:.2f} s, "
              f"{args.singles / secs:,.0f} POSTs/s")

        stored = args.alerts + args.singles
        while stored < args.find_alerts:
            n = min(len(lines), args.find_alerts - stored)
            batch_intake(client, lines[:n])
            stored += n
        secs, matched = find_all(client)
        print(f"find           {stored} stored alerts, trigger {TRIGGER!r}: {secs:.2f} s, {matched} matches")

        if args.stream:
            start = rss_kib(proc.pid)
            peak, sent = start, 0
            while sent < args.stream:
                n = min(len(lines), args.stream - sent)
                batch_intake(client, lines[:n])
                sent += n
                peak = max(peak, rss_kib(proc.pid))
            print(f"stream         {args.stream} more alerts: RSS {start / 1024:.0f} MiB at the start, "
                  f"peak {peak / 1024:.0f} MiB, end {rss_kib(proc.pid) / 1024:.0f} MiB")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
