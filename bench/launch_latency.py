#!/usr/bin/env python3
"""Latency from an acknowledged POST of a matching alert to the first action
call, under a steady stream of single-alert POSTs (issue engine-launch,
Goals: "median under 5 ms, p99 under 50 ms, under a steady 2,000
alerts/s").  A benchmark, never a test: it measures and prints, it asserts
nothing (docs/bench.md, "Launching").

  bench/launch_latency.py --riposte build/tools/riposte [--rate 2000] [--seconds 10]
      [--clients 16] [--threads 16] [--workers 2] [--match 1.0] [--within 1.0] [--sync full]
  bench/launch_latency.py --riposte build/tools/riposte --rate 100,200,300,2000   (a sweep)

Per rate, on a fresh store:

  1. `riposte admin bootstrap`, `riposte serve --listen 127.0.0.1:0
     --workers W --threads T` (dry-run bindings, the default).  The predefined
     playbooks in Training (P001, P003) are set to Manual, so that nothing
     but the bench's playbook launches (--keep-predefined leaves them).
  2. One Auto playbook (launchingRule queue) whose trigger is
     `.AdditionalData.benchLaunch == true` and whose algorithm is one
     responseAction, `assignAlert` (no assets: exactly one call per
     instance).  --match F sets the marker on a fraction F of the alerts,
     spread evenly.
  3. Corpus alerts (../shared/corpus/gen_alerts.py, no heavy ones; Status
     new, TenantID the root tenant, InternalID and ID left to intake) are
     POSTed one per request, application/json, by --clients processes, each
     over its own keep-alive connection (raw sockets, request bytes built
     before the clock).  Alert i is due at t0 + i / rate; a client sleeps
     until its next alert is due and sends it then (never back to back,
     never skipping: when the server falls behind, sends are late and the
     lag is reported).  For each POST the client records the wall-clock
     time (time.time_ns) at which the 201 was read in full, and the alert id
     of its body.
  4. After the stream: waits until no instance of the playbook is In
     progress (--drain seconds at most), then reads every instance of the
     playbook (GET /api/v1/instances?playbook=) and every action history
     row (GET /api/v1/history?kind=action&playbook=).  The history row's
     `start` is the responseAction step's record "start" (the orchestrator
     stamps it just before it evaluates the step's inputs and makes the
     call; GET /instances/{id} shows the same value in `steps`).

latency = step start - ack, both on this machine's clock (CLOCK_REALTIME:
the server's std::chrono::system_clock, the client's time.time_ns).  The
server's times are RFC 3339 with milliseconds, truncated: a start is up to
1 ms earlier than the true one, so latencies carry a -1..0 ms error
(-0.5 ms on average) and figures below ~1 ms are at the resolution.  A
latency can be negative: the instance is queued to a worker when the
intake transaction commits, before the server writes the 201, and the
worker may start the step before the client has read the answer.  Such
values are reported as they are.

The first --warmup seconds of the stream are sent but not counted.
Printed per rate: the rate achieved (acknowledged POSTs / time from the
first due send to the last ack), count, the send lag behind the schedule,
the POST round trip, the latency's median / p90 / p99 / max, its stages
(intake stamp -> instance start -> step start, from the instance's
createdAt and start), the fraction of matching alerts whose step had not
started within --within seconds of the ack (never started counts), the
first and last quarter's median (a backlog shows as a rising latency),
server and client CPU, and the load average before and after.  When the
send lag or the achieved rate shows the schedule was not held, it says so.
--dump FILE writes every POST's times (CSV, ns) for a closer look.
"""
import argparse
import calendar
import http.client
import json
import multiprocessing
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "corpus", "gen_alerts.py"))
TRIGGER = ".AdditionalData.benchLaunch == true"
ALGORITHM = {"dslSpecVersion": "1.0.0", "version": "1", "responseActionsSpecVersion": "1",
             "executionFlow": [{"responseAction": {"function": {"type": "assignAlert", "params": {"assignee": "bench"}}}}]}
TICKS = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------------------------- set-up

class Api:
    """A small keep-alive JSON client for the set-up and the reads after the stream."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(self, method, path, body=None):
        h = {"Authorization": "Bearer " + self.token}
        data = None
        if body is not None:
            h["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                payload = r.read()
                break
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # An idle keep-alive connection the server closed: reopen once.
                self.conn.close()
                if attempt:
                    raise
        if r.status >= 300:
            raise SystemExit(f"{method} {path}: {r.status} {payload[:400]!r}")
        return json.loads(payload) if payload else None

    def list_all(self, path):
        items, cursor, sep = [], None, "&" if "?" in path else "?"
        while True:
            q = f"{path}{sep}limit=1000" + ("&cursor=" + urllib.parse.quote(cursor, safe="") if cursor else "")
            page = self.call("GET", q)
            items += page["items"]
            cursor = page["next"]
            if not cursor:
                return items


def start_server(riposte, folder, args, pin):
    db = os.path.join(folder, "bench.db")
    boot = subprocess.run([riposte, "admin", "bootstrap", "--db", db], check=True, capture_output=True, text=True)
    creds = json.loads(boot.stdout)
    cmd = [riposte, "serve", "--db", db, "--listen", "127.0.0.1:0", "--sync", args.sync,
           "--workers", str(args.workers), "--threads", str(args.threads)]
    if pin:
        cmd = ["taskset", "-c", "0"] + cmd
    err = open(os.path.join(folder, "serve.stderr"), "wb")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
    err.close()
    line = proc.stdout.readline()
    if not line:
        proc.wait()
        with open(os.path.join(folder, "serve.stderr"), "rb") as f:
            raise SystemExit("riposte serve did not start: " + f.read().decode(errors="replace")[-2000:])
    port = int(json.loads(line)["listening"].rsplit(":", 1)[1])
    return proc, port, creds


def quiet_predefined(api):
    """The predefined playbooks that launch by themselves (Training) -> Manual."""
    fields = ("tenant", "name", "tags", "description", "scope", "mode", "launchingRule", "trigger", "algorithm",
              "inheritance")
    for p in api.list_all("/api/v1/playbooks?mode=training"):
        body = {k: p[k] for k in fields if k in p}
        body["mode"] = "manual"
        body.pop("launchingRule", None)
        api.call("PUT", "/api/v1/playbooks/" + p["id"], body)


def create_playbook(api, tenant):
    return api.call("POST", "/api/v1/playbooks", {
        "tenant": tenant, "name": "bench launch latency", "scope": "alert", "mode": "auto",
        "launchingRule": "queue", "trigger": TRIGGER, "algorithm": ALGORITHM})["id"]


def corpus(count):
    p = subprocess.run([sys.executable, CORPUS, "--count", str(count), "--seed", "1", "--huge-every", "0"],
                       check=True, capture_output=True, text=True)
    return [json.loads(line) for line in p.stdout.split("\n") if line]


def request_pool(alerts, tenant, port, token):
    """Per corpus alert, the full HTTP request bytes without and with the marker."""
    head = (f"POST /api/v1/alerts HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nContent-Length: ").encode()
    pool = []
    for a in alerts:
        a = dict(a)
        for k in ("InternalID", "ID", "StatusResolution"):
            a.pop(k, None)
        a["TenantID"] = tenant
        a["Status"] = "new"
        pair = []
        for marked in (False, True):
            extra = dict(a.get("AdditionalData") or {})
            extra["benchLaunch"] = marked
            a["AdditionalData"] = extra
            body = json.dumps(a, separators=(",", ":")).encode()
            pair.append(head + str(len(body)).encode() + b"\r\n\r\n" + body)
        pool.append(tuple(pair))
    return pool


def matched(i, fraction):
    """Alert i carries the marker: an even spread of `fraction` of the stream."""
    return int((i + 1) * fraction) > int(i * fraction)


# --------------------------------------------------------------------------------------------- the stream

def _connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def _read_response(sock, buf):
    """One HTTP/1.1 response from `sock` (`buf` holds bytes already read) -> status, close?, body, rest."""
    while True:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            break
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionResetError("the server closed the connection")
        buf += chunk
    head = buf[:end].decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    length, close = 0, False
    for h in head[1:]:
        name, _, value = h.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            close = True
    body_end = end + 4 + length
    while len(buf) < body_end:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionResetError("the server closed the connection")
        buf += chunk
    return status, close, bytes(buf[end + 4:body_end]), buf[body_end:]


def _client(k, clients, port, pool, total, rate, fraction, t0_ns, start, out):
    # One client process: alerts k, k + clients, ... over one keep-alive
    # connection (reopened when the server says Connection: close, every
    # keep_alive_max_requests requests).
    try:
        mine = [(i, pool[i % len(pool)][matched(i, fraction)]) for i in range(k, total, clients)]
        sock = _connect(port)
        buf = b""
        recs = []
        start.wait()
        t0 = t0_ns.value
        step = 1e9 / rate
        for i, req in mine:
            due = t0 + int(i * step)
            now = time.time_ns()
            if due > now:
                time.sleep((due - now) / 1e9)
            sent = time.time_ns()
            try:
                sock.sendall(req)
                status, close, body, buf = _read_response(sock, buf)
            except (BrokenPipeError, ConnectionResetError):
                # Closed while idle (keep-alive timeout): the request did not
                # reach the server; send it again on a new connection.
                sock.close()
                sock, buf = _connect(port), b""
                sent = time.time_ns()
                sock.sendall(req)
                status, close, body, buf = _read_response(sock, buf)
            ack = time.time_ns()
            recs.append((i, due, sent, ack, status, body))
            if close:
                sock.close()
                sock, buf = _connect(port), b""
        sock.close()
        out.put((k, recs, None))
    except BaseException as e:  # noqa: BLE001 -- reported by the parent
        out.put((k, None, repr(e)))


def stream(port, pool, total, rate, fraction, clients, pin):
    ctx = multiprocessing.get_context("fork")
    start, out = ctx.Event(), ctx.Queue()
    t0_ns = ctx.Value("q", 0)
    procs = [ctx.Process(target=_client, args=(k, clients, port, pool, total, rate, fraction, t0_ns, start, out))
             for k in range(clients)]
    if pin:
        os.sched_setaffinity(0, {1})
    for p in procs:
        p.start()
    time.sleep(0.3 + 0.05 * clients)  # every client connected, its requests picked
    t0_ns.value = time.time_ns() + 100_000_000
    start.set()
    recs, errors = [], []
    for _ in procs:
        k, r, e = out.get()
        if e:
            errors.append(f"client {k}: {e}")
        else:
            recs += r
    for p in procs:
        p.join()
    if pin:
        os.sched_setaffinity(0, set(range(os.cpu_count())))
    if errors:
        raise SystemExit("the stream failed: " + "; ".join(errors))
    recs.sort()
    return t0_ns.value, recs


# --------------------------------------------------------------------------------------------- analysis

def rfc3339_ns(t):
    """'2026-12-04T21:09:20.772Z' -> ns since the epoch (None stays None)."""
    if not t:
        return None
    secs = calendar.timegm(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S"))
    frac = t[19:].rstrip("Z")
    ns = int((frac[1:] + "000000000")[:9]) if frac.startswith(".") else 0
    return secs * 1_000_000_000 + ns


def pct(sorted_values, p):
    """Nearest rank."""
    if not sorted_values:
        return None
    i = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[i]


def summary(values):
    v = sorted(values)
    return {"n": len(v), "min": v[0] if v else None, "median": pct(v, 50), "p90": pct(v, 90), "p99": pct(v, 99),
            "max": v[-1] if v else None}


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_drained(api, playbook, deadline_s):
    end = time.monotonic() + deadline_s
    while True:
        page = api.call("GET", f"/api/v1/instances?playbook={playbook}&status=InProgress&limit=1")
        if not page["items"]:
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(0.2)


def run_rate(riposte, rate, args, pool_alerts, pin):
    folder = tempfile.mkdtemp(prefix="bench-latency-")
    load_before = os.getloadavg()
    proc, port, creds = start_server(riposte, folder, args, pin)
    try:
        api = Api(port, creds["token"])
        if not args.keep_predefined:
            quiet_predefined(api)
        playbook = create_playbook(api, creds["tenant"])
        pool = request_pool(pool_alerts, creds["tenant"], port, creds["token"])
        total = int(round(rate * args.seconds))
        cpu0 = cpu_ticks(proc.pid)
        kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0, recs = stream(port, pool, total, rate, args.match, args.clients, pin)
        kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu1 = cpu_ticks(proc.pid)
        load_stream = os.getloadavg()
        drained_at = time.monotonic()
        drained = wait_drained(api, playbook, args.drain)
        drain_s = time.monotonic() - drained_at
        instances = api.list_all(f"/api/v1/instances?playbook={playbook}")
        history = api.list_all(f"/api/v1/history?kind=action&playbook={playbook}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()

    bad = [r for r in recs if r[4] != 201]
    acked = [r for r in recs if r[4] == 201]
    first_due = t0
    last_ack = max(r[3] for r in recs) if recs else t0
    achieved = len(acked) / ((last_ack - first_due) / 1e9) if acked else 0.0
    lag_ms = [(r[2] - r[1]) / 1e6 for r in recs]
    rtt_ms = [(r[3] - r[2]) / 1e6 for r in recs]

    inst_by_obj = {i["objectId"]: i for i in instances}
    step_by_inst = {}
    for h in history:
        s = rfc3339_ns(h.get("start"))
        if s is not None and (h["instance"] not in step_by_inst or s < step_by_inst[h["instance"]]):
            step_by_inst[h["instance"]] = s
    warm_end = t0 + int(args.warmup * 1e9)
    lat, stage_q, stage_s, ack_minus_created, late, counted = [], [], [], [], 0, []
    within_ns = int(args.within * 1e9)
    dump = open(args.dump % rate if "%" in args.dump else args.dump, "w") if args.dump else None
    if dump:
        dump.write("i,due_ns,sent_ns,ack_ns,status,alert,created_ns,instance_start_ns,step_start_ns\n")
    for (i, due, sent, ack, status, body) in recs:
        oid = json.loads(body).get("id") if status == 201 else None
        inst = inst_by_obj.get(oid) if oid else None
        step = step_by_inst.get(inst["id"]) if inst else None
        if dump:
            dump.write("%d,%d,%d,%d,%d,%s,%s,%s,%s\n" % (
                i, due, sent, ack, status, oid or "", rfc3339_ns(inst["createdAt"]) if inst else "",
                (rfc3339_ns(inst.get("start")) or "") if inst else "", step or ""))
        if status != 201 or not matched(i, args.match) or due < warm_end:
            continue
        counted.append(i)
        if step is None or step - ack > within_ns:
            late += 1
        if step is None:
            continue
        lat.append(((step - ack) / 1e6, i))
        created, started = rfc3339_ns(inst["createdAt"]), rfc3339_ns(inst.get("start"))
        ack_minus_created.append((ack - created) / 1e6)
        if started is not None:
            stage_q.append((started - created) / 1e6)
            stage_s.append((step - started) / 1e6)
    if dump:
        dump.close()
    lat_ms = [v for v, _ in lat]
    quarter = max(1, len(lat) // 4)
    by_order = [v for v, _ in sorted(lat, key=lambda x: x[1])]
    return {
        "rate": rate, "seconds": args.seconds, "clients": args.clients, "workers": args.workers,
        "match": args.match, "sync": args.sync, "sent": len(recs), "acked": len(acked), "errors": len(bad),
        "error_sample": bad[0][5][:200].decode(errors="replace") if bad else None,
        "achieved_per_s": achieved, "lag_ms": summary(lag_ms), "rtt_ms": summary(rtt_ms),
        "matching_counted": len(counted), "latency_ms": summary(lat_ms),
        "negative": sum(1 for v in lat_ms if v < 0),
        "first_quarter_median_ms": pct(sorted(by_order[:quarter]), 50),
        "last_quarter_median_ms": pct(sorted(by_order[-quarter:]), 50),
        "stage_ack_minus_created_ms": summary(ack_minus_created),
        "stage_created_to_instance_start_ms": summary(stage_q),
        "stage_instance_start_to_step_ms": summary(stage_s),
        "within_s": args.within, "not_started_within": late,
        "not_started_fraction": late / len(counted) if counted else None,
        "instances": len(instances), "drained": drained, "drain_s": drain_s,
        "server_cpu_us_per_alert": (cpu1 - cpu0) / TICKS * 1e6 / max(1, len(recs)),
        "client_cpu_us_per_alert": ((kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime))
        * 1e6 / max(1, len(recs)),
        "load_before": load_before, "load_stream_end": load_stream, "load_after": load_after,
    }


def fmt_ms(v):
    return "-" if v is None else f"{v:.1f}"


def report(r):
    L = r["latency_ms"]
    la = lambda t: "%.2f %.2f %.2f" % t  # noqa: E731
    print(f"rate {r['rate']}/s asked, {r['seconds']} s, {r['clients']} clients, --workers {r['workers']}, "
          f"--sync {r['sync']}, match {r['match']:g}")
    print(f"  load average before {la(r['load_before'])}, at the stream's end {la(r['load_stream_end'])}, "
          f"after {la(r['load_after'])}")
    print(f"  POSTs: {r['sent']} sent, {r['acked']} acknowledged (201), {r['errors']} other"
          + (f" (first: {r['error_sample']!r})" if r["errors"] else ""))
    print(f"  achieved {r['achieved_per_s']:,.0f} alerts/s; send lag behind the schedule (ms): "
          f"median {fmt_ms(r['lag_ms']['median'])}, p99 {fmt_ms(r['lag_ms']['p99'])}, max {fmt_ms(r['lag_ms']['max'])}")
    print(f"  POST round trip (ms): median {fmt_ms(r['rtt_ms']['median'])}, p90 {fmt_ms(r['rtt_ms']['p90'])}, "
          f"p99 {fmt_ms(r['rtt_ms']['p99'])}, max {fmt_ms(r['rtt_ms']['max'])}")
    print(f"  latency ack -> first action call (ms, server times truncated to the ms: -1..0 ms error), "
          f"{L['n']} matching alerts after the warm-up:")
    print(f"    median {fmt_ms(L['median'])}, p90 {fmt_ms(L['p90'])}, p99 {fmt_ms(L['p99'])}, max {fmt_ms(L['max'])}, "
          f"min {fmt_ms(L['min'])}; {r['negative']} negative (the step started before the client had read the 201)")
    print(f"    median of the first quarter {fmt_ms(r['first_quarter_median_ms'])}, "
          f"of the last quarter {fmt_ms(r['last_quarter_median_ms'])}")
    for name, key in (("ack - createdAt (intake stamp to the client's read of the 201)", "stage_ack_minus_created_ms"),
                      ("createdAt -> instance start (commit, queue, a worker picks it)", "stage_created_to_instance_start_ms"),
                      ("instance start -> step start (read, compile, new state)", "stage_instance_start_to_step_ms")):
        s = r[key]
        print(f"    stage {name}: median {fmt_ms(s['median'])}, p99 {fmt_ms(s['p99'])}, max {fmt_ms(s['max'])}")
    frac = r["not_started_fraction"]
    print(f"  not started within {r['within_s']:g} s of the ack: {r['not_started_within']} of "
          f"{r['matching_counted']} ({0 if frac is None else 100 * frac:.2f}%)")
    print(f"  instances {r['instances']}; " + ("drained" if r["drained"] else "NOT drained")
          + f" {r['drain_s']:.1f} s after the stream")
    print(f"  CPU per alert: server {r['server_cpu_us_per_alert']:.0f} us, clients {r['client_cpu_us_per_alert']:.0f} us")
    notes = []
    if r["achieved_per_s"] < 0.95 * r["rate"]:
        notes.append(f"achieved {r['achieved_per_s']:,.0f}/s, under 95% of the {r['rate']}/s asked")
    if (r["lag_ms"]["p99"] or 0) > 20:
        notes.append(f"p99 send lag {r['lag_ms']['p99']:.0f} ms: sends fell behind the schedule")
    fq, lq = r["first_quarter_median_ms"], r["last_quarter_median_ms"]
    if fq is not None and lq is not None and lq > 2 * fq + 10:
        notes.append(f"the latency rose through the run ({fq:.1f} -> {lq:.1f} ms): instances queued faster than "
                     "the workers ran them")
    if not r["drained"]:
        notes.append("instances were still In progress after --drain")
    if notes:
        print("  THE RATE WAS NOT HELD: " + "; ".join(notes) + ".  (The clients share the machine: see their CPU.)")
    else:
        print("  the rate was held (achieved >= 95%, p99 send lag <= 20 ms, no rising backlog)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True)
    ap.add_argument("--rate", default="2000", help="alerts/s; a comma-separated list is a sweep (a fresh server each)")
    ap.add_argument("--seconds", type=float, default=10.0, help="length of the stream per rate")
    ap.add_argument("--warmup", type=float, default=1.0, help="first seconds of the stream not counted")
    ap.add_argument("--clients", type=int, default=16, help="client processes, one keep-alive connection each "
                    "(at most serve's --threads: a connection holds a server thread)")
    ap.add_argument("--workers", type=int, default=2, help="serve --workers (instances run at once)")
    ap.add_argument("--threads", type=int, default=16, help="serve --threads (its default is 8)")
    ap.add_argument("--match", type=float, default=1.0, help="fraction of the alerts the trigger matches")
    ap.add_argument("--within", type=float, default=1.0, help="seconds: count matching alerts not started by then")
    ap.add_argument("--drain", type=float, default=120.0, help="seconds to wait for the instances after the stream")
    ap.add_argument("--sync", choices=["full", "normal"], default="full")
    ap.add_argument("--pool", type=int, default=2000, help="distinct corpus alerts, cycled")
    ap.add_argument("--pin", action="store_true", help="server on CPU 0, clients on CPU 1 (taskset)")
    ap.add_argument("--keep-predefined", action="store_true", help="leave P001/P003 in Training")
    ap.add_argument("--json", action="store_true", help="also print each rate's figures as one JSON line")
    ap.add_argument("--dump", help="write one CSV row per POST to this file (%%d: the rate), times in ns")
    args = ap.parse_args()
    riposte = os.path.abspath(args.riposte)
    rates = [int(x) for x in args.rate.split(",") if x]
    pin = bool(args.pin and (os.cpu_count() or 1) >= 2 and shutil.which("taskset"))
    alerts = corpus(args.pool)
    results = []
    for rate in rates:
        r = run_rate(riposte, rate, args, alerts, pin)
        results.append(r)
        report(r)
        if args.json:
            print(json.dumps(r))
        sys.stdout.flush()
    if len(results) > 1:
        print(f"\n{'rate':>6} {'achieved':>9} {'median':>7} {'p90':>7} {'p99':>8} {'max':>8} "
              f"{'late%':>6} {'srv us':>7} {'load':>5}")
        for r in results:
            L = r["latency_ms"]
            print(f"{r['rate']:>6} {r['achieved_per_s']:>9,.0f} {fmt_ms(L['median']):>7} {fmt_ms(L['p90']):>7} "
                  f"{fmt_ms(L['p99']):>8} {fmt_ms(L['max']):>8} {100 * (r['not_started_fraction'] or 0):>6.2f} "
                  f"{r['server_cpu_us_per_alert']:>7.0f} {r['load_stream_end'][0]:>5.2f}")
    print("goal (issue engine-launch): median < 5 ms, p99 < 50 ms at a steady 2,000 alerts/s; "
          "measured, not asserted")


if __name__ == "__main__":
    main()
