#!/usr/bin/python3
"""A PostgreSQL 15 peer for writeToDatabase (spec/peers.md): a cluster in a
folder of its own, on 127.0.0.1:PORT, with a role that logs in with a
password over TCP.

PostgreSQL refuses to run as root, so every server command runs as the
`postgres` user (runuser); the data folder is owned by it and its parent
made traversable.  After initdb (-A trust: local socket connections, used
here to set things up, need no password) the TCP `host` lines of
pg_hba.conf are switched to scram-sha-256, so the binding's connection (TCP)
must present the role's password: a wrong one fails.

From a check:

    from peers.postgres import Postgres
    with Postgres(folder, password="s3cret") as pg:   # starts; stops at the end of the block
        pg.port, pg.url                               # postgresql://riposte@127.0.0.1:PORT/soc
        pg.sql("CREATE TABLE t (...)")                # psql as postgres over the socket; returns stdout
        pg.rows("SELECT a, b FROM t ORDER BY a")      # [[a, b], ...] as text (None for NULL)

By hand (the C++ unit tests do this):
    postgres.py start --dir D --port P [--password PW]   # prints "READY postgresql://..." when up
    postgres.py sql --dir D --port P "SQL"               # runs SQL as postgres in database soc
    postgres.py stop --dir D
A failure prints the reason on stderr and exits 1.
"""
import argparse
import os
import pwd
import subprocess
import sys
import time

BIN = "/usr/lib/postgresql/15/bin"
ROLE = "riposte"
DATABASE = "soc"


def _as_postgres(args, **kw):
    return subprocess.run(["runuser", "-u", "postgres", "--"] + args, capture_output=True, text=True, **kw)


def _must(p, what):
    if p.returncode != 0:
        raise RuntimeError("%s failed (exit %d): %s" % (what, p.returncode, (p.stderr or p.stdout)[-2000:]))
    return p.stdout


def sql(folder, port, text, database=DATABASE):
    """Runs SQL as the superuser over the unix socket in `folder`; returns psql's unaligned output
    (fields separated by \x1f, NULL shown as \x1e)."""
    p = _as_postgres([BIN + "/psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-P", "null=\x1e", "-v", "ON_ERROR_STOP=1",
                      "-h", folder, "-p", str(port), "-d", database, "-c", text])
    return _must(p, "psql %r" % text[:80])


def start(folder, port, password="riposte-test-password", timeout=30.0):
    """initdb, scram-sha-256 on TCP, start, role and database; returns the URL (no password in it)."""
    for tool in ("initdb", "pg_ctl", "psql"):
        if not os.path.exists(os.path.join(BIN, tool)):
            raise RuntimeError("PostgreSQL 15 is not installed (%s/%s missing)" % (BIN, tool))
    pg = pwd.getpwnam("postgres")
    parent = os.path.dirname(os.path.abspath(folder))
    os.chmod(parent, os.stat(parent).st_mode | 0o055)  # postgres must reach the folder
    os.makedirs(folder, exist_ok=True)
    os.chown(folder, pg.pw_uid, pg.pw_gid)
    os.chmod(folder, 0o700)
    data = os.path.join(folder, "data")
    _must(_as_postgres([BIN + "/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]), "initdb")
    hba = os.path.join(data, "pg_hba.conf")
    lines = []
    with open(hba) as f:
        for line in f:
            fields = line.split()
            if fields and fields[0] == "host":  # TCP: the password is required
                line = line.rstrip("\n").rsplit(None, 1)[0] + " scram-sha-256\n"
            lines.append(line)
    with open(hba, "w") as f:
        f.writelines(lines)
    _must(_as_postgres([BIN + "/pg_ctl", "-D", data, "-w", "-t", str(int(timeout)), "-l",
                        os.path.join(folder, "log"), "-o",
                        "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off" % (port, folder), "start"]),
          "pg_ctl start")
    quoted = password.replace("'", "''")
    sql(folder, port, "CREATE ROLE %s LOGIN PASSWORD '%s'" % (ROLE, quoted), database="postgres")
    sql(folder, port, "CREATE DATABASE %s OWNER %s" % (DATABASE, ROLE), database="postgres")
    return "postgresql://%s@127.0.0.1:%d/%s" % (ROLE, port, DATABASE)


def stop(folder):
    data = os.path.join(folder, "data")
    if os.path.exists(os.path.join(data, "postmaster.pid")):
        _must(_as_postgres([BIN + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]), "pg_ctl stop")


def rows(folder, port, query):
    """The rows of a query as lists of text (None for NULL)."""
    out = sql(folder, port, query)
    result = []
    for line in out.split("\n"):  # not splitlines(): it splits at \x1e too
        if line == "":
            continue
        result.append([None if c == "\x1e" else c for c in line.split("\x1f")])
    return result


class Postgres:
    def __init__(self, folder, password="riposte-test-password", port=None):
        from harness import free_port  # tests/actions_real/harness.py
        self.folder = os.path.join(folder, "pg")
        self.port = port or free_port()
        self.password = password
        self.url = None

    def __enter__(self):
        try:
            self.url = start(self.folder, self.port, self.password)
        except Exception:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        try:
            stop(self.folder)
        except Exception as e:  # the check reports what it saw; a failed stop is said on stderr
            print("postgres stop: %s" % e, file=sys.stderr)

    def sql(self, text):
        return sql(self.folder, self.port, text)

    def rows(self, query):
        return rows(self.folder, self.port, query)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("start")
    s.add_argument("--dir", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--password", default="riposte-test-password")
    q = sub.add_parser("sql")
    q.add_argument("--dir", required=True)
    q.add_argument("--port", type=int, required=True)
    q.add_argument("text")
    t = sub.add_parser("stop")
    t.add_argument("--dir", required=True)
    a = ap.parse_args()
    try:
        if a.cmd == "start":
            print("READY " + start(a.dir, a.port, a.password), flush=True)
        elif a.cmd == "sql":
            sys.stdout.write(sql(a.dir, a.port, a.text))
        else:
            stop(a.dir)
    except Exception as e:
        print("postgres.py %s: %s" % (a.cmd, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
