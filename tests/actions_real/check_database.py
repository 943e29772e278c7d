#!/usr/bin/env python3
"""writeToDatabase for real (docs/actions-database.md), through `riposte run
--bindings real --config`, against a SQLite file in the check's folder and
PostgreSQL 15 (peers/postgres.py: TCP with scram-sha-256, so the configured
password is needed).  Every assertion reads what the DATABASE holds
afterwards (python's sqlite3, psql):

- the alert's events (a `${ }` expression) land as rows with their types,
  JSON objects as JSON text; an injection attempt lands as data;
- runOnce writes the first result only;
- a table outside the connection's allow-list: the step fails, nothing is
  written; a field that is not a column: the same;
- PostgreSQL: the rows arrive; the password is nowhere in riposte's output;
  a wrong password fails the step and writes nothing;
- a table with a UNIQUE idempotency_key column: the binding fills it with
  the call's key + "#<row>".
"""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_check_functions, action, algorithm, run_algorithm, secrets_absent  # noqa: E402
from peers.postgres import Postgres  # noqa: E402

PG_PASSWORD = "Pg-51f0-db-secret"
ENV = {"PG_PASSWORD": PG_PASSWORD, "PG_WRONG": "not-it"}
EVIL = "'); DROP TABLE events; --"
ALERT = {"id": "a-db", "Severity": "high",
         "events": [{"host": "h1", "n": 42, "ok": True, "extra": {"tags": ["x"]}},
                    {"host": EVIL, "n": 7, "ok": False}]}
RESULTS = "${ [alert.events[]] }"


def write(connection, table, **extra):
    p = {"connection": connection, "table": table, "results": RESULTS}
    p.update(extra)
    return action("writeToDatabase", p)


def error_of(r):
    return r.calls[0].get("error", "") if r.calls else ""


def check_sqlite(suite, riposte, folder):
    path = os.path.join(folder, "audit.db")

    def fresh():
        if os.path.exists(path):
            os.remove(path)
        with sqlite3.connect(path) as db:
            db.executescript("CREATE TABLE events (id INTEGER PRIMARY KEY, host TEXT, n INTEGER, ok INTEGER, extra TEXT);"
                             "CREATE TABLE secret (host TEXT);"
                             "CREATE TABLE keyed (host TEXT, idempotency_key TEXT UNIQUE);")

    def rows(sql):
        with sqlite3.connect(path) as db:
            return db.execute(sql).fetchall()

    config = {"databases": {"audit": {"url": "sqlite://" + path, "tables": ["events", "keyed"]}}}

    if suite.wants("sqlite rows"):
        fresh()
        r = run_algorithm(riposte, folder, "sqlite-rows", algorithm([write("audit", "events")]), config=config,
                          alert=ALERT)
        got = rows("SELECT host, n, ok, extra, typeof(n) FROM events ORDER BY id")
        suite.check("sqlite rows: each event a row, types kept, the injection attempt as data",
                    r.code == 0 and r.status == "Success" and
                    got == [("h1", 42, 1, '{"tags":["x"]}', "integer"), (EVIL, 7, 0, None, "integer")] and
                    r.calls[0]["result"] == {"connection": "audit", "table": "events", "rows": 2},
                    "%s; table %r" % (r.describe(), got))
        with sqlite3.connect(path) as db:
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        suite.equal("sqlite rows: the file is in WAL mode", mode, "wal")

    if suite.wants("sqlite runOnce"):
        fresh()
        r = run_algorithm(riposte, folder, "sqlite-once", algorithm([write("audit", "events", runOnce=True)]),
                          config=config, alert=ALERT)
        got = rows("SELECT host FROM events")
        suite.check("sqlite runOnce: the first result only", r.code == 0 and got == [("h1",)],
                    "%s; table %r" % (r.describe(), got))

    if suite.wants("sqlite table outside the allow-list"):
        fresh()
        r = run_algorithm(riposte, folder, "sqlite-deny", algorithm([write("audit", "secret")]), config=config,
                          alert=ALERT)
        got = rows("SELECT count(*) FROM secret")[0][0]
        suite.check("sqlite table outside the allow-list: a step error, nothing written",
                    r.code == 1 and 'table "secret" is not in databases.audit.tables' in error_of(r) and got == 0,
                    "%s; %d rows" % (r.describe(), got))

    if suite.wants("sqlite unknown column"):
        fresh()
        alert = dict(ALERT, events=[{"host": "a"}, {"hostname": "b"}])
        r = run_algorithm(riposte, folder, "sqlite-col", algorithm([write("audit", "events")]), config=config,
                          alert=alert)
        got = rows("SELECT count(*) FROM events")[0][0]
        suite.check("sqlite unknown column: a step error naming the field, nothing written",
                    r.code == 1 and 'params.results[1].hostname: table "events" has no column' in error_of(r) and
                    got == 0, "%s; %d rows" % (r.describe(), got))

    if suite.wants("sqlite idempotency_key"):
        fresh()
        r = run_algorithm(riposte, folder, "sqlite-key", algorithm([write("audit", "keyed",
                                                                          results="${ [alert.events[] | {host}] }")]),
                          config=config, alert=ALERT)
        got = rows("SELECT host, idempotency_key FROM keyed ORDER BY rowid")
        keys = [k for _, k in got]
        suite.check("sqlite idempotency_key: filled with the call's key #row",
                    r.code == 0 and len(got) == 2 and keys[0] and keys[0].endswith("#0") and keys[1].endswith("#1")
                    and keys[0][:-2] == keys[1][:-2], "%s; table %r" % (r.describe(), got))


def check_postgres(suite, riposte, folder):
    names = ("postgres rows", "postgres runOnce", "postgres table outside the allow-list", "postgres wrong password")
    if not any(suite.wants(n) for n in names):
        return  # no PostgreSQL started for nothing
    with Postgres(folder, password=PG_PASSWORD) as pg:
        pg.sql("CREATE TABLE alerts_out (id serial PRIMARY KEY, host text, n bigint, ok boolean, extra jsonb);"
               "CREATE TABLE secret (host text);"
               "GRANT ALL ON alerts_out, secret TO riposte; GRANT ALL ON SEQUENCE alerts_out_id_seq TO riposte;")

        def config(env="PG_PASSWORD"):
            return {"allow": {"hosts": ["127.0.0.1"]},
                    "databases": {"pg": {"url": pg.url, "passwordEnv": env, "tables": ["alerts_out"]}}}

        if suite.wants("postgres rows"):
            pg.sql("TRUNCATE alerts_out")
            r = run_algorithm(riposte, folder, "pg-rows", algorithm([write("pg", "alerts_out")]), config=config(),
                              env=ENV, alert=ALERT)
            got = pg.rows("SELECT host, n, ok, extra::text FROM alerts_out ORDER BY id")
            suite.check("postgres rows: each event a row, types kept, the injection attempt as data",
                        r.code == 0 and got == [["h1", "42", "t", '{"tags": ["x"]}'], [EVIL, "7", "f", None]],
                        "%s; table %r" % (r.describe(), got))
            leak = secrets_absent([PG_PASSWORD], [r.stdout, r.stderr])
            suite.check("postgres rows: the password is nowhere in riposte's output", leak == "", leak)

        if suite.wants("postgres runOnce"):
            pg.sql("TRUNCATE alerts_out")
            r = run_algorithm(riposte, folder, "pg-once", algorithm([write("pg", "alerts_out", runOnce=True)]),
                              config=config(), env=ENV, alert=ALERT)
            got = pg.rows("SELECT host FROM alerts_out")
            suite.check("postgres runOnce: the first result only", r.code == 0 and got == [["h1"]],
                        "%s; table %r" % (r.describe(), got))

        if suite.wants("postgres table outside the allow-list"):
            r = run_algorithm(riposte, folder, "pg-deny", algorithm([write("pg", "secret")]), config=config(),
                              env=ENV, alert=ALERT)
            got = pg.rows("SELECT count(*) FROM secret")
            suite.check("postgres table outside the allow-list: a step error, nothing written",
                        r.code == 1 and 'table "secret" is not in databases.pg.tables' in error_of(r) and
                        got == [["0"]], "%s; %r" % (r.describe(), got))

        if suite.wants("postgres wrong password"):
            pg.sql("TRUNCATE alerts_out")
            r = run_algorithm(riposte, folder, "pg-wrong", algorithm([write("pg", "alerts_out")]),
                              config=config("PG_WRONG"), env=ENV, alert=ALERT)
            got = pg.rows("SELECT count(*) FROM alerts_out")
            suite.check("postgres wrong password: refused by the server, nothing written",
                        r.code == 1 and "password authentication failed" in error_of(r) and got == [["0"]],
                        "%s; %r" % (r.describe(), got))


def main():
    return run_check_functions(__doc__, (check_sqlite, check_postgres))


if __name__ == "__main__":
    sys.exit(main())
