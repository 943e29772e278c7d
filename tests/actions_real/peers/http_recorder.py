#!/usr/bin/python3
"""A recording HTTP peer for tests/actions_real/ (webhook, the TIP of
iocsEnrichment, the endpoint connector, the SIEM's index): a threaded
http.server on 127.0.0.1 that writes every request it receives as one JSON
line to a log file, and answers as a routes file says.

Use it from a check (it is run by /usr/bin/python3 as a subprocess):

    from peers.http_recorder import Recorder
    with Recorder(folder, routes={"/slow": {"never": True}}, tip={"domain": {"evil.example": {...}}}) as rec:
        rec.url("/hook")          # "http://127.0.0.1:PORT/hook" ("https://..." with tls=True)
        rec.port, rec.host        # 127.0.0.1 and the port it bound (free, chosen by the kernel)
        rec.requests()            # the requests received so far, oldest first (dicts, below)
        rec.wait_for(1)           # waits (10 s) until at least one request arrived; returns requests()
        rec.set_routes({...})     # replaces the routes (read again at every request)
    # leaving the block stops the server (by its pid)

    Recorder(folder, tls=True) serves HTTPS with a self-signed certificate
    made by `openssl` for 127.0.0.1 and localhost; rec.ca_file is its path
    (a client verifies the peer with it as the CA).

Or by hand: `http_recorder.py --log LOG.jsonl [--routes R.json] [--tip T.json]
[--host 127.0.0.1] [--port 0] [--cert CERT.pem --key KEY.pem]`; it prints `PORT <n>` on its first line of
stdout once it listens.

A request in the log (one JSON object per line, written before answering):
    {"method": "POST", "path": "/hook", "query": {"a": ["1"]}, "rawQuery": "a=1",
     "headers": {"content-type": "application/json", ...},   # names lower-case (last wins)
     "headerList": [["Content-Type", "application/json"], ...],
     "body": "<the body as text, UTF-8 with replacement>", "time": <unix seconds>}

Routes (a JSON object; an exact path wins, then the longest prefix ending
in "*", then "*"; the default answer is 200 {"ok": true}):
    {"/hook":   {"status": 201, "body": {"id": 1}},          # a JSON body (or a string: sent as text/plain)
     "/slow":   {"delay": 3, "status": 200},                 # answers after 3 s
     "/never":  {"never": true},                             # reads the request, never answers
     "/jump":   {"redirect": "http://10.9.9.9/x", "status": 302},
     "/api/*":  {"status": 404, "body": {}, "headers": {"X-A": "b"}}}

TIP mode (`tip`, a JSON object by observable kind): a request to
/api/v1/search/<kind>?request=<value> answers 200 with tip[kind][value], or
404 {} when the value is absent (the routes file still wins when it names
the path exactly).  The kinds are those of docs/actions-http.md: domain,
url, ip, hash.
"""
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PYTHON = "/usr/bin/python3"


# ---- the server (run as a script) ----------------------------------------

class State:
    log_path = None
    routes_path = None
    tip = {}
    lock = threading.Lock()
    stopping = threading.Event()


def load_routes():
    if not State.routes_path or not os.path.exists(State.routes_path):
        return {}
    try:
        with open(State.routes_path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def route_for(path, routes):
    if path in routes:
        return routes[path]
    best = None
    for key in routes:
        if key.endswith("*") and key != "*" and path.startswith(key[:-1]):
            if best is None or len(key) > len(best):
                best = key
    if best is not None:
        return routes[best]
    return routes.get("*")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def record(self, body):
        parts = urlsplit(self.path)
        entry = {
            "method": self.command,
            "path": parts.path,
            "query": parse_qs(parts.query, keep_blank_values=True),
            "rawQuery": parts.query,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "headerList": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("utf-8", "replace"),
            "time": time.time(),
        }
        with State.lock:
            with open(State.log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")
                f.flush()
        return entry

    def answer(self, status, body, headers=None):
        if isinstance(body, (bytes, bytearray)):
            data, ctype = bytes(body), "application/octet-stream"
        elif isinstance(body, str):
            data, ctype = body.encode(), "text/plain; charset=utf-8"
        else:
            data, ctype = json.dumps(body).encode(), "application/json"
        self.send_response(status)
        headers = dict(headers or {})
        if not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = ctype
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def handle_any(self):
        entry = self.record(self.read_body())
        routes = load_routes()
        path = entry["path"]
        route = routes.get(path)
        if route is None and State.tip and path.startswith("/api/v1/search/"):
            kind = path[len("/api/v1/search/"):]
            value = (entry["query"].get("request") or [""])[0]
            known = State.tip.get(kind, {})
            if value in known:
                return self.answer(200, known[value])
            return self.answer(404, {})
        if route is None:
            route = route_for(path, routes)
        if route is None:
            return self.answer(200, {"ok": True})
        if route.get("never"):
            # Hold the connection without answering until the server stops.
            while not State.stopping.wait(0.2):
                pass
            return
        if route.get("delay"):
            if State.stopping.wait(float(route["delay"])):
                return
        headers = dict(route.get("headers") or {})
        status = int(route.get("status", 200))
        if route.get("redirect"):
            headers["Location"] = route["redirect"]
            status = int(route.get("status", 302))
        self.answer(status, route.get("body", {"ok": True}), headers)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any


def serve(argv):
    import argparse
    ap = argparse.ArgumentParser(description="a recording HTTP peer (see the top of this file)")
    ap.add_argument("--log", required=True)
    ap.add_argument("--routes")
    ap.add_argument("--tip")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    args = ap.parse_args(argv)
    State.log_path = args.log
    State.routes_path = args.routes
    if args.tip:
        with open(args.tip) as f:
            State.tip = json.load(f)
    open(State.log_path, "a").close()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        # The handshake happens in the request's thread (a client that never
        # speaks does not hold the accepting loop).
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)

    def stop(*_):
        State.stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.1)
    return 0


# ---- the client side (imported by the checks) ----------------------------

class Recorder:
    """Starts http_recorder.py in `folder` (its log, routes and TIP files
    live there, named by `name`), stops it by its pid."""

    def __init__(self, folder, routes=None, tip=None, name="http", host="127.0.0.1", tls=False):
        self.host = host
        self.scheme = "https" if tls else "http"
        self.ca_file = None
        self.log_path = os.path.join(folder, name + ".requests.jsonl")
        self.routes_path = os.path.join(folder, name + ".routes.json")
        self.set_routes(routes or {})
        cmd = [PYTHON, os.path.abspath(__file__), "--log", self.log_path, "--routes", self.routes_path, "--host", host]
        if tip is not None:
            tip_path = os.path.join(folder, name + ".tip.json")
            with open(tip_path, "w") as f:
                json.dump(tip, f)
            cmd += ["--tip", tip_path]
        if tls:
            self.ca_file = os.path.join(folder, name + ".cert.pem")
            key = os.path.join(folder, name + ".key.pem")
            made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                                   "-out", self.ca_file, "-days", "2", "-subj", "/CN=127.0.0.1",
                                   "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], capture_output=True)
            if made.returncode != 0:
                raise RuntimeError("openssl could not make a certificate: %s" % made.stderr.decode(errors="replace"))
            cmd += ["--cert", self.ca_file, "--key", key]
        self.stderr_path = os.path.join(folder, name + ".stderr")
        with open(self.stderr_path, "wb") as err_file:
            self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err_file)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("PORT "):
            self.stop()
            with open(self.stderr_path, errors="replace") as f:
                err = f.read()
            raise RuntimeError("http_recorder did not start: %r %s" % (line, err[-2000:]))
        self.port = int(line.split()[1])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def url(self, path="/"):
        return "%s://%s:%d%s" % (self.scheme, self.host, self.port, path)

    def set_routes(self, routes):
        tmp = self.routes_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(routes, f)
        os.replace(tmp, self.routes_path)

    def requests(self):
        if not os.path.exists(self.log_path):
            return []
        out = []
        with open(self.log_path) as f:
            for line in f:
                if line.strip():
                    out.append(json.loads(line))
        return out

    def clear(self):
        open(self.log_path, "w").close()

    def wait_for(self, n, timeout=10.0):
        deadline = time.monotonic() + timeout
        while len(self.requests()) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.requests()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1:]))
