#!/usr/bin/env python3
"""The fixture of the HTTP API tests (tests/api/): a fresh `riposte serve`, a
tiny client and a strict checker.  Python 3 standard library only.

  srv = Server(riposte)          # a temporary folder, `admin bootstrap`, `serve --listen 127.0.0.1:0`
  admin = srv.client()           # the bootstrap token (Main administrator on the root tenant)
  r = admin.get("/api/v1/playbooks")   # -> Resp(status, headers, body, raw)
  srv.stop()                     # SIGTERM to the pid it started, wait, exit status 0 asserted

Every script of tests/api/ prints one line per check (`PASS name` or
`FAIL name: why`) and a last line `N passed, M failed`; it exits 1 on any
failure.  A fixture that cannot start the server raises FixtureError with
the command, its exit status and its stderr: that becomes a FAIL line, never
a skip (docs/testing.md, "Harnesses fail loudly").
"""
import argparse
import contextlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(os.path.dirname(SOURCE_ROOT), "shared", "corpus")
SAMPLES = os.path.join(SOURCE_ROOT, "samples")

ROLES = ["mainAdministrator", "socAdministrator", "juniorAnalyst", "tier1Analyst", "tier2Analyst",
         "socManager", "approver", "observer", "tenantAdministrator"]

START_TIMEOUT = 30.0
STOP_TIMEOUT = 20.0
HTTP_TIMEOUT = 60.0


class FixtureError(Exception):
    """The server could not be started or stopped as the contract says."""


class CheckFailed(Exception):
    """A `require` failed: the rest of the section cannot run."""


# --------------------------------------------------------------------------------------------- server

def run_bootstrap(riposte, db, timeout=START_TIMEOUT):
    """`riposte admin bootstrap --db DB` -> {"tenant", "user", "token"} (exactly those keys)."""
    cmd = [riposte, "admin", "bootstrap", "--db", db]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except FileNotFoundError as e:
        raise FixtureError("cannot run %s: %s" % (riposte, e))
    except subprocess.TimeoutExpired:
        raise FixtureError("`%s` did not finish within %ss" % (" ".join(cmd), timeout))
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    if p.returncode != 0:
        raise FixtureError("`%s` exited with status %d (expected 0; is `riposte admin bootstrap` built?)\n"
                           "  stdout: %r\n  stderr: %r" % (" ".join(cmd), p.returncode, out[:1000], err[:2000]))
    lines = out.splitlines()
    if len(lines) != 1:
        raise FixtureError("`%s` printed %d lines, expected exactly one JSON line: %r" % (" ".join(cmd), len(lines),
                                                                                          out[:1000]))
    try:
        boot = json.loads(lines[0])
    except ValueError as e:
        raise FixtureError("`%s` printed %r, not JSON: %s" % (" ".join(cmd), lines[0][:500], e))
    if not isinstance(boot, dict) or set(boot) != {"tenant", "user", "token"} or \
            not all(isinstance(v, str) and v for v in boot.values()):
        raise FixtureError("`%s` printed %r; expected {\"tenant\", \"user\", \"token\"} (non-empty strings)"
                           % (" ".join(cmd), boot))
    return boot


class Server:
    """One `riposte serve` on 127.0.0.1 (port 0) over a SQLite file in a fresh temporary folder.

    Server(riposte)                    bootstraps a new store first
    Server(riposte, db=path, boot=b)   restarts on an existing store (no bootstrap)
    """

    def __init__(self, riposte, extra_args=(), db=None, boot=None, tmpdir=None):
        self.riposte = riposte
        self.extra_args = list(extra_args)
        self.own_tmp = tmpdir is None and db is None
        self.tmpdir = tmpdir or (os.path.dirname(db) if db else tempfile.mkdtemp(prefix="riposte-api-"))
        self.db = db or os.path.join(self.tmpdir, "riposte.db")
        self.proc = None
        self.stderr_path = None
        self.boot = boot
        try:
            if self.boot is None:
                self.boot = run_bootstrap(riposte, self.db)
            self.start()
        except BaseException:
            self.cleanup()
            raise

    # The command and its stderr file; stdout is a pipe read for the one listening line.
    def start(self):
        n = 0
        while os.path.exists(os.path.join(self.tmpdir, "serve-%d.stderr" % n)):
            n += 1
        self.stderr_path = os.path.join(self.tmpdir, "serve-%d.stderr" % n)
        self.cmd = [self.riposte, "serve", "--db", self.db, "--listen", "127.0.0.1:0"] + self.extra_args
        err = open(self.stderr_path, "wb")
        try:
            self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        except OSError as e:
            raise FixtureError("cannot run %s: %s" % (self.cmd, e))
        finally:
            err.close()
        line = self._read_line(START_TIMEOUT)
        try:
            ready = json.loads(line)
        except ValueError:
            ready = None
        m = re.fullmatch(r"127\.0\.0\.1:(\d+)", ready.get("listening", "")) if isinstance(ready, dict) and \
            isinstance(ready.get("listening"), str) else None
        if not m or set(ready) != {"listening"} or int(m.group(1)) == 0:
            self._abort()
            raise FixtureError("`%s` printed %r; expected exactly {\"listening\": \"127.0.0.1:PORT\"}\n  stderr: %r"
                               % (" ".join(self.cmd), line, self.stderr()))
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port

    def _read_line(self, timeout):
        fd = self.proc.stdout.fileno()
        buf = b""
        deadline = time.monotonic() + timeout
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                self._abort()
                raise FixtureError("`%s` printed no listening line within %ss (stdout so far %r)\n  stderr: %r"
                                   % (" ".join(self.cmd), timeout, buf[:500], self.stderr()))
            ready, _, _ = select.select([fd], [], [], min(left, 0.2))
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    code = self.proc.wait(timeout=5)
                    raise FixtureError("`%s` exited with status %s before printing its listening line "
                                       "(is `riposte serve` built?)\n  stdout: %r\n  stderr: %r"
                                       % (" ".join(self.cmd), code, buf[:500], self.stderr()))
                buf += chunk
            elif self.proc.poll() is not None and not select.select([fd], [], [], 0)[0]:
                raise FixtureError("`%s` exited with status %s before printing its listening line "
                                   "(is `riposte serve` built?)\n  stdout: %r\n  stderr: %r"
                                   % (" ".join(self.cmd), self.proc.returncode, buf[:500], self.stderr()))
        line, rest = buf.split(b"\n", 1)
        if rest.strip():
            self._abort()
            raise FixtureError("`%s` printed more than the one listening line: %r" % (" ".join(self.cmd), buf[:500]))
        return line.decode("utf-8", "replace")

    def stderr(self, limit=4000):
        try:
            with open(self.stderr_path, "rb") as f:
                data = f.read()
        except (OSError, TypeError):
            return ""
        return data[-limit:].decode("utf-8", "replace")

    def _abort(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()  # by the pid this fixture started
            self.proc.wait()

    def client(self, token=None):
        return Client(self.base, self.boot["token"] if token is None else token)

    def stop(self):
        """SIGTERM, wait; exit status 0 asserted (FixtureError otherwise).  SIGKILL only as a last resort."""
        if self.proc is None or self.proc.poll() is not None:
            code = None if self.proc is None else self.proc.returncode
            self.proc = None
            if code not in (None, 0):
                raise FixtureError("`riposte serve` had already exited with status %s\n  stderr: %r"
                                   % (code, self.stderr()))
            if code is None:
                return
            raise FixtureError("`riposte serve` had exited (status 0) before it was told to stop\n  stderr: %r"
                               % self.stderr())
        proc, self.proc = self.proc, None
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise FixtureError("`riposte serve` (pid %d) did not stop within %ss of SIGTERM; killed\n  stderr: %r"
                               % (proc.pid, STOP_TIMEOUT, self.stderr()))
        finally:
            proc.stdout.close()
        if code != 0:
            raise FixtureError("`riposte serve` exited with status %d after SIGTERM, expected 0\n  stderr: %r"
                               % (code, self.stderr()))

    def kill9(self):
        """The crash of crash_durability.py: SIGKILL to the pid it started."""
        proc, self.proc = self.proc, None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        return proc.returncode

    def restart(self):
        """A new `serve` on the same file (after stop or kill9)."""
        assert self.proc is None
        self.start()

    def cleanup(self):
        self._abort()
        if self.own_tmp and self.tmpdir and os.environ.get("RIPOSTE_API_KEEP") is None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()


# --------------------------------------------------------------------------------------------- client

class Resp:
    def __init__(self, status, headers, raw, method, url):
        self.status = status
        self.headers = headers  # a case-insensitive email.message.Message
        self.raw = raw
        self.method = method
        self.url = url
        self.ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        self.body = None
        self.json_error = None
        if self.ctype in ("application/json", "application/problem+json"):
            try:
                self.body = json.loads(raw.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as e:
                self.json_error = str(e)
        elif raw:
            self.body = raw.decode("utf-8", "replace")

    def __repr__(self):
        return "%s %s -> %d %s %s" % (self.method, self.url, self.status, self.ctype, short(self.raw))

    def __iter__(self):  # status, headers, body = resp
        return iter((self.status, self.headers, self.body))


def short(v, n=300):
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    if not isinstance(v, str):
        v = json.dumps(v)
    return v if len(v) <= n else v[:n] + "..."


class Client:
    def __init__(self, base, token=None):
        self.base = base
        self.token = token

    def with_token(self, token):
        return Client(self.base, token)

    def request(self, method, path, body=None, raw=None, headers=None, ctype=None, token=...):
        """body: a JSON value (sent compact) or raw: bytes as they are.  Never raises on an HTTP status."""
        url = self.base + path
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode("utf-8"))
        h = {}
        if data is not None:
            h["Content-Type"] = ctype or "application/json"
        tok = self.token if token is ... else token
        if tok is not None:
            h["Authorization"] = "Bearer " + tok
        h.update(headers or {})
        req = urllib.request.Request(url, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as r:
                return Resp(r.status, r.headers, r.read(), method, path)
        except urllib.error.HTTPError as e:
            return Resp(e.code, e.headers, e.read(), method, path)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def list_all(self, path, limit=1000, max_pages=10000):
        """Every item of a list route, following `next`; raises CheckFailed on a bad page."""
        items, cursor, sep = [], None, "&" if "?" in path else "?"
        for _ in range(max_pages):
            q = "%s%slimit=%d" % (path, sep, limit)
            if cursor is not None:
                q += "&cursor=" + urllib.parse.quote(cursor, safe="")
            r = self.get(q)
            problem = list_problem(r)
            if problem:
                raise CheckFailed("GET %s: %s" % (q, problem))
            items += r.body["items"]
            cursor = r.body["next"]
            if cursor is None:
                return items
        raise CheckFailed("GET %s: more than %d pages" % (path, max_pages))


import urllib.parse  # noqa: E402  (used by list_all)


def list_problem(r):
    """Why a response is not a good 200 list answer ('' when it is)."""
    if r.status != 200:
        return "status %d, expected 200: %s" % (r.status, short(r.raw))
    if r.ctype != "application/json":
        return "Content-Type %r, expected application/json" % r.ctype
    b = r.body
    if not isinstance(b, dict) or set(b) != {"items", "next"} or not isinstance(b["items"], list) or \
            not (b["next"] is None or (isinstance(b["next"], str) and b["next"])):
        return "not {\"items\": [...], \"next\": cursor|null}: %s" % short(r.raw)
    return ""


# --------------------------------------------------------------------------------------------- checks

def response_problem(r, status):
    """Why `r` is not exactly `status` with the right content type and shape ('' when it is)."""
    if r.status != status:
        return "%s %s: status %d, expected %d; body %s" % (r.method, r.url, r.status, status, short(r.raw, 500))
    if status == 204:
        return "" if not r.raw else "%s %s: 204 with a body %s" % (r.method, r.url, short(r.raw))
    if status >= 400:
        if r.ctype != "application/problem+json":
            return "%s %s: %d with Content-Type %r, expected application/problem+json" % (r.method, r.url, status,
                                                                                          r.ctype)
        b = r.body
        if not isinstance(b, dict):
            return "%s %s: problem body is not a JSON object: %s" % (r.method, r.url, r.json_error or short(r.raw))
        missing = [k for k in ("type", "title", "status", "detail") if k not in b]
        if missing:
            return "%s %s: problem lacks %s: %s" % (r.method, r.url, missing, short(r.raw))
        if b["status"] != status or isinstance(b["status"], bool):
            return "%s %s: problem status %r, HTTP status %d" % (r.method, r.url, b["status"], status)
        if not isinstance(b["detail"], str) or not isinstance(b["title"], str) or not isinstance(b["type"], str):
            return "%s %s: problem type/title/detail must be strings: %s" % (r.method, r.url, short(r.raw))
        if "errors" in b and not isinstance(b["errors"], list):
            return "%s %s: problem errors must be a list" % (r.method, r.url)
        return ""
    if r.ctype != "application/json":
        return "%s %s: %d with Content-Type %r, expected application/json" % (r.method, r.url, status, r.ctype)
    if r.json_error:
        return "%s %s: body is not JSON (%s): %s" % (r.method, r.url, r.json_error, short(r.raw))
    return ""


def problem_text(r):
    """detail + every error's path and message, lower-cased: where a refusal names a field or a line."""
    b = r.body if isinstance(r.body, dict) else {}
    parts = [str(b.get("detail", "")), str(b.get("title", ""))]
    for e in b.get("errors") or []:
        if isinstance(e, dict):
            parts += [str(e.get("path", "")), str(e.get("message", ""))]
    return " ".join(parts).lower()


class Suite:
    """Named checks; `section` turns an exception into one FAIL line and goes on."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def ok(self, name):
        self.passed += 1
        print("PASS %s" % name, flush=True)

    def fail(self, name, why):
        self.failed += 1
        why = str(why).replace("\n", "\n    ")
        print("FAIL %s: %s" % (name, why), flush=True)

    def check(self, name, cond, why=""):
        if cond:
            self.ok(name)
        else:
            self.fail(name, why or "condition false")
        return bool(cond)

    def eq(self, name, got, want):
        return self.check(name, got == want, "got %s, expected %s" % (short(got, 600), short(want, 600)))

    def status(self, name, r, status):
        """The exact status, the content type of that status, the problem shape of an error."""
        p = response_problem(r, status)
        return self.check(name, not p, p)

    def require(self, name, r, status):
        """As `status`, but a failure ends the section (the rest depends on it)."""
        if not self.status(name, r, status):
            raise CheckFailed("%s: cannot go on" % name)
        return r.body

    @contextlib.contextmanager
    def section(self, name):
        try:
            yield
        except CheckFailed as e:
            self.fail(name, e)
        except FixtureError as e:
            self.fail(name, "fixture: %s" % e)
        except Exception as e:  # a test that crashes fails, with where
            self.fail(name, "%s: %s\n%s" % (type(e).__name__, e, traceback.format_exc(limit=4)))

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 1 if self.failed or not self.passed else 0


def parse_args(doc, extra=None):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--riposte", required=True, help="path of the riposte program")
    if extra:
        extra(ap)
    args = ap.parse_args()
    args.riposte = os.path.abspath(args.riposte)
    return args


# --------------------------------------------------------------------------------------------- data

_counter = [0]


def unique(prefix):
    _counter[0] += 1
    return "%s-%d-%d" % (prefix, os.getpid(), _counter[0])


def new_uuid():
    import uuid
    return str(uuid.uuid4())


def sample_alerts():
    with open(os.path.join(SAMPLES, "alerts.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sample_incident():
    with open(os.path.join(SAMPLES, "incidents.jsonl"), encoding="utf-8") as f:
        return json.loads(f.readline())


def make_alert(tenant, base=None, **fields):
    """A data-model alert of `tenant` with a fresh InternalID (from samples/alerts.jsonl)."""
    a = json.loads(json.dumps(base or sample_alerts()[0]))
    a["InternalID"] = new_uuid()
    a["TenantID"] = tenant
    a["Status"] = "new"
    a.pop("StatusResolution", None)
    a.update(fields)
    return a


def corpus_alerts(count, seed, tenant):
    """`count` alerts of ../shared/corpus/gen_alerts.py (no huge ones), TenantID set to `tenant`."""
    gen = os.path.join(CORPUS, "gen_alerts.py")
    if not os.path.exists(gen):
        raise FixtureError("the corpus generator %s is missing (../shared/corpus beside the source tree)" % gen)
    p = subprocess.run([sys.executable, gen, "--count", str(count), "--seed", str(seed), "--huge-every", "0"],
                       capture_output=True, check=True, timeout=120)
    out = []
    for line in p.stdout.decode("utf-8").splitlines():
        a = json.loads(line)
        a["TenantID"] = tenant
        out.append(a)
    if len(out) != count:
        raise FixtureError("gen_alerts.py gave %d alerts, asked %d" % (len(out), count))
    return out


def algorithm_p001():
    with open(os.path.join(SAMPLES, "playbooks", "P001.algorithm.json"), encoding="utf-8") as f:
        return json.load(f)


def playbook_body(tenant, name=None, **fields):
    """A valid custom playbook without the system fields (api.md, Resources)."""
    b = {"tenant": tenant, "name": unique("pb") if name is None else name, "tags": ["api-test"], "description": "made by tests/api",
         "scope": "alert", "mode": "training", "launchingRule": None,
         "trigger": '.Severity == "critical"', "algorithm": algorithm_p001(),
         "inheritance": {"enabled": True, "excludedTenants": []}}
    del b["launchingRule"]  # Training mode: no launching rule (engine.md: "Auto only")
    b.update(fields)
    return b


# --------------------------------------------------------------------------------------------- tree

class Tree:
    """root -> A -> A1, root -> B, and users with one role each on a tenant, with their tokens."""

    def __init__(self, srv, admin=None):
        self.srv = srv
        self.admin = admin or srv.client()
        self.ids = {"root": srv.boot["tenant"]}
        for name, parent in (("A", "root"), ("A1", "A"), ("B", "root")):
            self.ids[name] = self.create_tenant(unique("tenant-" + name), self.ids[parent])
        self.users = {}  # (role, tenant name) -> (user id, Client)

    def create_tenant(self, name, parent_id):
        r = self.admin.post("/api/v1/tenants", {"name": name, "parent": parent_id})
        p = response_problem(r, 201)
        if p:
            raise CheckFailed("creating tenant %s: %s" % (name, p))
        t = r.body
        if not isinstance(t, dict) or t.get("parent") != parent_id or t.get("name") != name or \
                not isinstance(t.get("id"), str):
            raise CheckFailed("creating tenant %s: answer %s is not the Tenant" % (name, short(t)))
        return t["id"]

    def user(self, role, tenant):
        """The Client of a user whose one role is `role` on tenant `tenant` (a name of the tree)."""
        key = (role, tenant)
        if key not in self.users:
            self.users[key] = make_user(self.admin, self.ids[tenant], role)
        return self.users[key][1]

    def user_id(self, role, tenant):
        self.user(role, tenant)
        return self.users[(role, tenant)][0]


def make_user(admin, tenant_id, role, name=None):
    name = name or unique("user-" + role)
    body = {"name": name, "email": name + "@example.com", "roles": [{"tenant": tenant_id, "role": role}]}
    r = admin.post("/api/v1/users", body)
    p = response_problem(r, 201)
    if p:
        raise CheckFailed("creating user %s: %s" % (name, p))
    u = r.body
    if not isinstance(u, dict) or not isinstance(u.get("id"), str) or \
            u.get("roles") != [{"tenant": tenant_id, "role": role}]:
        raise CheckFailed("creating user %s: answer %s is not the User" % (name, short(u)))
    return u["id"], admin.with_token(issue_token(admin, u["id"])[1])


def issue_token(admin, user_id):
    """POST /tokens {"user"} -> (token id, token)."""
    r = admin.post("/api/v1/tokens", {"user": user_id})
    p = response_problem(r, 201)
    if p:
        raise CheckFailed("issuing a token: %s" % p)
    b = r.body
    if not isinstance(b, dict) or not isinstance(b.get("id"), str) or not isinstance(b.get("token"), str) or \
            not b["token"]:
        raise CheckFailed("issuing a token: answer %s is not {\"id\", \"token\"}" % short(b))
    return b["id"], b["token"]


def run_script(main):
    """The common entry point: a FixtureError outside a section is one FAIL, not a traceback."""
    try:
        code = main()
    except (FixtureError, CheckFailed) as e:
        print("FAIL %s: %s" % ("fixture" if isinstance(e, FixtureError) else "set-up",
                                str(e).replace("\n", "\n    ")), flush=True)
        print("0 passed, 1 failed", flush=True)
        code = 1
    except Exception as e:
        print("FAIL crashed: %s: %s" % (type(e).__name__, traceback.format_exc().replace("\n", "\n    ")),
              flush=True)
        print("0 passed, 1 failed", flush=True)
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    # Alone: start a server, print where it listens and the bootstrap, stop it on Enter.
    a = parse_args(__doc__)

    def _main():
        with Server(a.riposte) as srv:
            print(json.dumps({"listening": srv.base, "boot": srv.boot, "db": srv.db}), flush=True)
            try:
                input()
            except EOFError:
                pass
            srv.stop()
        return 0
    run_script(_main)
