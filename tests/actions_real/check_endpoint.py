#!/usr/bin/env python3
"""The endpoint actions for real (docs/actions-endpoint.md), through
`riposte run --bindings real --config`, against peers/http_recorder.py on
127.0.0.1 playing the connector of docs/endpoint-connector.openapi.yaml;
every assertion is on what ARRIVED at the recorder:

- every one of the thirteen actions, over two hosts (two users for
  assignKasapGroup): one POST /v1/actions/{type} per asset, the bearer token
  from endpoint.tokenEnv, an Idempotency-Key per asset equal to the body's
  idempotencyKey, the body (action, asset, assetKind, canonical params,
  tenant null: `riposte run` has no tenant, so the per-tenant choice is
  tested in tests/unit/actions/endpoint_connector_test.cpp); the token
  nowhere in riposte's output;
- `wait: true`: the accepted task polled at GET /v1/tasks/{taskId} until done;
- a 409 duplicate answered with the first result is a success;
- parameters computed by `${...}` and wrong (the isolation period in hours,
  avScan's selective scope without a path, a bad hash, an unknown key):
  refused with the JSON path, nothing received;
- no endpoint in --config: the clear error, nothing received;
- a connector that never answers: the call ends at the step's timeout;
- a 500: a step error carrying the connector's error;
- docs/endpoint-connector.openapi.yaml: structurally valid (the validator of
  tests/api/openapi_check.py), one path per action, and every request body
  that arrived above valid against the documented schema of its path (a
  small validator of the keywords the document uses, below).
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_check_functions, action, algorithm, run_algorithm, secrets_absent  # noqa: E402
from peers.http_recorder import Recorder  # noqa: E402

TOKEN = "Ep-51c0-connector-secret"
ENV = {"EP_TOKEN": TOKEN}
MD5 = "44d88612fea8a8f36de82e1278abb02f"
SHA = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"
HOSTS = ["host-1", "host-2"]
USERS = ["user-1", "user-2"]
ALERT = {"id": "a-endpoint", "Severity": "high", "hosts": HOSTS, "users": USERS, "hours": 24,
         "scope": {"area": "selective"}, "md5": "not-a-hash", "pid": 4242}
DONE = {"status": 200, "body": {"status": "done", "result": {"ok": True}}}

# (type, params as written, params as the connector must receive them)
ACTIONS = [
    ("updateBases", {"wait": False}, {"wait": False}),
    ("avScan", {"wait": False, "scope": {"area": "selective", "path": "C:\\Users\\Public"}},
     {"wait": False, "scope": {"area": "selective", "path": ["C:\\Users\\Public"]}}),
    ("moveHostsToAdministrationGroup", {"group": "HQ/OrgUnit1"}, {"group": "HQ/OrgUnit1"}),
    ("quarantineFile", {"path": "C:\\Temp\\evil.exe", "md5": MD5.upper()}, {"path": "C:\\Temp\\evil.exe", "md5": MD5}),
    ("killProcess", {"pid": "${ alert.pid }"}, {"pid": 4242}),
    ("changeAuthorizationStatus", {"authorized": False}, {"authorized": False}),
    ("netIsolateOn", {"isolationTimeoutSec": "${ alert.hours * 3600 }", "exclusionsConflictBehavior": "replace",
                      "exclusions": [{"remoteIPV4Address": "192.168.2.15", "remotePortRange": "1000-2000"}]},
     {"isolationTimeoutSec": 86400, "exclusionsConflictBehavior": "replace",
      "exclusions": [{"remoteIPV4Address": "192.168.2.15", "remotePortRange": {"from": 1000, "to": 2000}}]}),
    ("netIsolateOff", None, {}),
    ("executeCommand", {"path": "C:\\Tools\\collect.exe", "workingDirectory": "C:\\Tools",
                        "commandLineParameters": "-o out.zip"},
     {"path": "C:\\Tools\\collect.exe", "workingDirectory": "C:\\Tools", "commandLineParameters": "-o out.zip"}),
    ("addFilePreventionRules", {"md5": [MD5], "sha256": [SHA]}, {"md5": [MD5], "sha256": [SHA]}),
    ("deleteFilePreventionRules", {"sha256": [SHA.upper()]}, {"sha256": [SHA]}),
    ("resetFilePreventionRules", None, {}),
    ("assignKasapGroup", {"groupId": "kasap-7"}, {"groupId": "kasap-7"}),
]


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPENAPI = os.path.join(ROOT, "docs", "endpoint-connector.openapi.yaml")
ARRIVED = []  # (path, body) of every POST received by the checks, validated against OPENAPI at the end


def config(port=None, allow=("127.0.0.1",)):
    c = {"allow": {"hosts": list(allow)}}
    if port is not None:
        c["endpoint"] = {"url": "http://127.0.0.1:%d/connector" % port, "tokenEnv": "EP_TOKEN"}
    return c


def first_error(r):
    for c in r.calls:
        if c.get("status") == "Error":
            return c.get("error", "")
    return ""


def no_secret(r):
    return secrets_absent([TOKEN], [r.stdout, r.stderr])


def check_every_action(suite, riposte, folder):
    if not suite.wants("every action"):
        return
    with Recorder(folder, name="every", routes={"*": DONE}) as rec:
        steps = []
        for type_, params, _ in ACTIONS:
            assets = "${ alert.users }" if type_ == "assignKasapGroup" else "${ alert.hosts }"
            steps.append(action(type_, params, assets=assets))
        r = run_algorithm(riposte, folder, "every", algorithm(steps), config=config(rec.port), env=ENV, alert=ALERT)
        got = rec.requests()
        ARRIVED.extend((g["path"][len("/connector"):], json.loads(g["body"])) for g in got)
        suite.check("every action: the run succeeds, two calls per action",
                    r.code == 0 and r.status == "Success" and len(r.calls) == 2 * len(ACTIONS), r.describe())
        suite.equal("every action: one POST per action and asset", len(got), 2 * len(ACTIONS))
        keys = set()
        for i, (type_, _, expected) in enumerate(ACTIONS):
            mine = [g for g in got if g["path"] == "/connector/v1/actions/" + type_]
            assets = USERS if type_ == "assignKasapGroup" else HOSTS
            bodies = [json.loads(g["body"]) for g in mine]
            why = "received %s" % mine
            ok = (len(mine) == 2 and all(g["method"] == "POST" for g in mine) and
                  sorted(b["asset"] for b in bodies) == assets)
            for g, b in zip(mine, bodies):
                key = g["headers"].get("idempotency-key", "")
                keys.add(key)
                ok = ok and (g["headers"].get("authorization") == "Bearer " + TOKEN and
                             re.fullmatch(r"[0-9a-f]{32}", key) is not None and b["idempotencyKey"] == key and
                             b["action"] == type_ and b["params"] == expected and b["tenant"] is None and
                             b["assetKind"] == ("user" if type_ == "assignKasapGroup" else "host") and
                             g["headers"].get("content-type") == "application/json" and
                             isinstance(b.get("instance"), str))
            suite.check("every action: %s arrived as the protocol says" % type_, ok, why)
        suite.equal("every action: an Idempotency-Key of its own per asset and action", len(keys), 2 * len(ACTIONS))
        suite.check("every action: the token is nowhere in riposte's output", no_secret(r) == "", no_secret(r))
        res = r.calls[0].get("result") if r.calls else None
        suite.equal("every action: the call's result is the connector's", res, {"status": "done", "result": {"ok": True}})


def check_wait_and_duplicate(suite, riposte, folder):
    if not suite.wants("wait"):
        return
    routes = {"/connector/v1/actions/avScan": {"status": 202, "body": {"status": "accepted", "taskId": "scan-1"}},
              "/connector/v1/tasks/scan-1": {"status": 200, "body": {"status": "done", "result": {"infected": 0}}},
              "/connector/v1/actions/killProcess": {"status": 409, "body": {"status": "duplicate",
                                                                             "result": {"killed": 4242}}}}
    with Recorder(folder, name="wait", routes=routes) as rec:
        algo = algorithm([action("avScan", {"wait": True, "scope": {"area": "full", "allowScanNetworkDrives": True}},
                                 assets=["host-1"])])
        r = run_algorithm(riposte, folder, "wait", algo, config=config(rec.port), env=ENV, alert=ALERT)
        got = rec.requests()
        c = r.calls[0] if r.calls else {}
        suite.check("wait: true polls GET /v1/tasks/{taskId} until done",
                    r.code == 0 and [(g["method"], g["path"]) for g in got] ==
                    [("POST", "/connector/v1/actions/avScan"), ("GET", "/connector/v1/tasks/scan-1")] and
                    got[1]["headers"].get("authorization") == "Bearer " + TOKEN and
                    c.get("result") == {"status": "done", "taskId": "scan-1", "result": {"infected": 0}, "polls": 1},
                    "%s; received %s" % (r.describe(), got))
        rec.clear()
        algo = algorithm([action("avScan", {"wait": False, "scope": {"area": "critical"}}, assets=["host-1"])])
        r = run_algorithm(riposte, folder, "nowait", algo, config=config(rec.port), env=ENV, alert=ALERT)
        c = r.calls[0] if r.calls else {}
        suite.check("wait: false is done once the connector accepted, no polling",
                    r.code == 0 and len(rec.requests()) == 1 and
                    c.get("result") == {"status": "accepted", "taskId": "scan-1", "result": None}, r.describe())
        rec.clear()
        algo = algorithm([action("killProcess", {"pid": 4242}, assets=["host-1"])])
        r = run_algorithm(riposte, folder, "dup", algo, config=config(rec.port), env=ENV, alert=ALERT)
        c = r.calls[0] if r.calls else {}
        suite.check("duplicate: a 409 with the first result is a success",
                    r.code == 0 and c.get("status") == "Success" and
                    c.get("result") == {"status": "duplicate", "duplicate": True, "result": {"killed": 4242}},
                    r.describe())


BAD = [
    ("isolation period in hours", "netIsolateOn", "${ {isolationTimeoutSec: alert.hours} }",
     "netIsolateOn: params.isolationTimeoutSec: 24 is out of range: the isolation period is in seconds"),
    ("selective scan without a path", "avScan", {"scope": "${ alert.scope }"},
     'avScan: params.scope.path: "path" is required when "area" is "selective"'),
    ("a bad hash", "quarantineFile", {"path": "/tmp/x", "md5": "${ alert.md5 }"},
     'quarantineFile: params.md5: "not-a-hash" is not an MD5 hash: expected 32 hexadecimal digits'),
    ("an unknown key", "killProcess", "${ {pid: alert.pid, signal: 9} }",
     'killProcess: params.signal: unknown key "signal" (known: "pid", "path", "md5", "sha256")'),
    ("a relative quarantine path", "quarantineFile", "${ {path: \"evil.exe\"} }",
     'quarantineFile: params.path: "evil.exe" is not a full path'),
]


def check_bad_params(suite, riposte, folder):
    if not suite.wants("bad params"):
        return
    with Recorder(folder, name="bad", routes={"*": DONE}) as rec:
        for i, (name, type_, params, expected) in enumerate(BAD):
            algo = algorithm([action(type_, params, assets=["host-1"])])
            r = run_algorithm(riposte, folder, "bad%d" % i, algo, config=config(rec.port), env=ENV, alert=ALERT)
            err = first_error(r)
            suite.check("bad params: %s refused with its JSON path, nothing received" % name,
                        r.code == 1 and err.startswith(expected) and not rec.requests(),
                        "error %r; %s" % (err, r.describe()))


def check_no_endpoint(suite, riposte, folder):
    if not suite.wants("no endpoint"):
        return
    algo = algorithm([action("netIsolateOff", None, assets=["host-1"])])
    r = run_algorithm(riposte, folder, "noep", algo, config=config(), env=ENV, alert=ALERT)
    suite.check("no endpoint in --config: a clear error",
                r.code == 1 and first_error(r) == "netIsolateOff: no endpoint-management server in --config (endpoint)",
                r.describe())


def check_timeout_and_500(suite, riposte, folder):
    routes = {"/connector/v1/actions/netIsolateOff": {"never": True},
              "/connector/v1/actions/updateBases": {"status": 500, "body": {"error": "agent unreachable"}}}
    with Recorder(folder, name="fail", routes=routes) as rec:
        if suite.wants("timeout"):
            step = action("netIsolateOff", None, assets=["host-1"])
            step["responseAction"]["timeout"] = {"scheduleToCloseTimeout": "2s"}
            t0 = time.monotonic()
            r = run_algorithm(riposte, folder, "never", algorithm([step]), config=config(rec.port), env=ENV, alert=ALERT)
            took = time.monotonic() - t0
            c = r.calls[0] if r.calls else {}
            suite.check("timeout: a connector that never answers ends the call at the step's timeout",
                        r.code == 1 and c.get("status") == "Error" and "deadline" in c.get("error", "") and
                        len(rec.requests()) == 1 and 1.5 < took < 15, "took %.1fs; %s" % (took, r.describe()))
            rec.clear()
        if suite.wants("500"):
            algo = algorithm([action("updateBases", {"wait": True}, assets=["host-1"], on_error="continue")])
            r = run_algorithm(riposte, folder, "e500", algo, config=config(rec.port), env=ENV, alert=ALERT)
            c = r.calls[0] if r.calls else {}
            suite.check("500: a step error with the connector's error",
                        c.get("status") == "Error" and
                        c.get("error") == "updateBases: the connector answered 500: agent unreachable" and
                        c.get("result") == {"httpStatus": 500, "body": {"error": "agent unreachable"}} and
                        r.status == "Warning" and len(rec.requests()) == 1, r.describe())


def check_allow_list(suite, riposte, folder):
    if not suite.wants("allow-list"):
        return
    with Recorder(folder, name="allow", routes={"*": DONE}) as rec:
        algo = algorithm([action("netIsolateOff", None, assets=["host-1"])])
        r = run_algorithm(riposte, folder, "allow", algo, config=config(rec.port, allow=["10.9.9.9"]), env=ENV,
                          alert=ALERT)
        suite.check("allow-list: an endpoint host not in allow.hosts is refused, nothing received",
                    r.code != 0 and 'endpoint.url: host "127.0.0.1" is not in allow.hosts' in (r.stderr + r.stdout)
                    and not rec.requests(), r.describe())


# ---- the OpenAPI document

def schema_problem(value, schema, doc, where="body"):
    """'' when `value` fits `schema` (the keywords the document uses), else where and why not."""
    if "$ref" in schema:
        target = doc
        for part in schema["$ref"][2:].split("/"):
            target = target[part]
        return schema_problem(value, target, doc, where)
    for sub in schema.get("allOf", []):
        why = schema_problem(value, sub, doc, where)
        if why:
            return why
    if value is None:
        return "" if schema.get("nullable") or "type" not in schema else "%s: null" % where
    kind = schema.get("type")
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool}
    if kind == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
        return "%s: %r is not an integer" % (where, value)
    if kind in kinds and not isinstance(value, kinds[kind]):
        return "%s: %r is not of type %s" % (where, value, kind)
    if "enum" in schema and value not in schema["enum"]:
        return "%s: %r not in %s" % (where, value, schema["enum"])
    if kind == "integer" and not (schema.get("minimum", value) <= value <= schema.get("maximum", value)):
        return "%s: %r out of range" % (where, value)
    if kind == "string":
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            return "%s: length of %r" % (where, value)
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return "%s: %r does not match %s" % (where, value, schema["pattern"])
    if kind == "array":
        if len(value) < schema.get("minItems", 0):
            return "%s: fewer than %d items" % (where, schema["minItems"])
        for i, item in enumerate(value):
            why = schema_problem(item, schema.get("items", {}), doc, "%s[%d]" % (where, i))
            if why:
                return why
    if kind == "object":
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                return "%s: %s missing" % (where, key)
        if len(value) < schema.get("minProperties", 0):
            return "%s: fewer than %d members" % (where, schema["minProperties"])
        for key, member in value.items():
            if key in props:
                why = schema_problem(member, props[key], doc, "%s.%s" % (where, key))
                if why:
                    return why
            elif schema.get("additionalProperties") is False:
                return "%s: %s is not documented" % (where, key)
    return ""


def check_openapi(suite, riposte, folder):
    if not suite.wants("openapi"):
        return
    import yaml
    sys.path.insert(0, os.path.join(ROOT, "tests", "api"))
    from openapi_check import structural_problems
    with open(OPENAPI) as f:
        doc = yaml.safe_load(f)
    problems = structural_problems(doc)
    suite.check("openapi: the connector protocol is a structurally valid OpenAPI 3 document", not problems,
                "; ".join(problems[:5]))
    documented = sorted(p for p in doc["paths"] if p.startswith("/v1/actions/"))
    suite.equal("openapi: one path per endpoint action", documented,
                sorted("/v1/actions/" + t for t, _, _ in ACTIONS))
    bad = []
    for path, body in ARRIVED:
        op = doc["paths"].get(path, {}).get("post")
        if op is None:
            bad.append("%s: not documented" % path)
            continue
        why = schema_problem(body, op["requestBody"]["content"]["application/json"]["schema"], doc)
        if why:
            bad.append("%s: %s" % (path, why))
    suite.check("openapi: every body that arrived fits its documented schema (%d bodies)" % len(ARRIVED),
                ARRIVED and not bad, "; ".join(bad[:5]) or "no bodies arrived")


def main():
    return run_check_functions(__doc__, (check_every_action, check_wait_and_duplicate, check_bad_params, check_no_endpoint,
                      check_timeout_and_500, check_allow_list, check_openapi))


if __name__ == "__main__":
    sys.exit(main())
