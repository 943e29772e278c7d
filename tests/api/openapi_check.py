#!/usr/bin/env python3
"""GET /api/v1/openapi.json: a structurally valid OpenAPI 3.0 document whose
routes are exactly the served ones.

  tests/api/openapi_check.py --riposte build/tools/riposte

1. A small structural validator (below): openapi 3.0.x, info.title and
   info.version, paths starting with `/`, operations with `responses` whose
   keys are status strings ("200", "4XX", "default"), parameters with `name`
   and `in`, path parameters `required: true`, every `{param}` of a path
   declared (operation or path level), every local $ref resolving.  When
   openapi_spec_validator happens to be importable it runs too (Debian 12
   has no python3-openapi-spec-validator; nothing is installed at run time).
2. The documented (method, path) set contains every route api.md serves now
   (EXPECTED) and nothing else but the document itself; every documented
   route answers something other than 404/405 (and no 5xx) with a valid token
   and ids that exist; the routes of api.md not served yet (NOT_SERVED: none
   now) are absent from the document and answer 404.  The routes of
   engine-launch (ENGINE_PENDING) are served while the engine's operations
   behind them are being built: they may answer 501 Not Implemented, and
   GET /instances/{id}, asked with an id no instance has, may answer the
   engine's 404 (not the router's "no route").
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (Server, Suite, Tree, issue_token, make_alert, parse_args, playbook_body,  # noqa
                            response_problem, run_script, sample_incident, short)

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
V = "/api/v1"
EXPECTED = {
    ("GET", "/healthz"), ("GET", "/metrics"),
    ("POST", V + "/tenants"), ("GET", V + "/tenants"), ("GET", V + "/tenants/{}"),
    ("POST", V + "/users"), ("GET", V + "/users"), ("GET", V + "/users/{}"), ("PUT", V + "/users/{}/roles"),
    ("POST", V + "/tokens"), ("DELETE", V + "/tokens/{}"),
    ("GET", V + "/playbooks"), ("POST", V + "/playbooks"),
    ("GET", V + "/playbooks/{}"), ("PUT", V + "/playbooks/{}"), ("DELETE", V + "/playbooks/{}"),
    ("POST", V + "/playbooks/{}/duplicate"), ("GET", V + "/playbooks/{}/changelog"), ("POST", V + "/playbooks/find"),
    ("POST", V + "/check/trigger"), ("POST", V + "/check/algorithm"),
    ("POST", V + "/alerts"), ("GET", V + "/alerts"), ("GET", V + "/alerts/{}"), ("PATCH", V + "/alerts/{}"),
    ("GET", V + "/alerts/{}/changes"),
    ("POST", V + "/incidents"), ("GET", V + "/incidents"), ("GET", V + "/incidents/{}"),
    ("PATCH", V + "/incidents/{}"), ("GET", V + "/incidents/{}/changes"),
    ("POST", V + "/playbooks/{}/launch"), ("GET", V + "/playbooks/{}/launch-progress"),
    ("GET", V + "/instances"), ("GET", V + "/instances/{}"), ("POST", V + "/instances/terminate"),
    ("GET", V + "/approvals"), ("POST", V + "/approvals/decide"), ("GET", V + "/history"),
}
ALLOWED_EXTRA = {("GET", V + "/openapi.json")}
NOT_SERVED = []
ENGINE_PENDING = {
    ("POST", V + "/playbooks/{}/launch"), ("GET", V + "/playbooks/{}/launch-progress"),
    ("GET", V + "/instances"), ("GET", V + "/instances/{}"), ("POST", V + "/instances/terminate"),
    ("GET", V + "/approvals"), ("POST", V + "/approvals/decide"), ("GET", V + "/history"),
}


def structural_problems(doc):
    """What makes `doc` not a structurally valid OpenAPI 3.0 document."""
    p = []
    if not isinstance(doc, dict):
        return ["the document is not an object"]
    if not isinstance(doc.get("openapi"), str) or not re.fullmatch(r"3\.0\.\d+", doc["openapi"]):
        p.append("openapi: %r, expected 3.0.x" % doc.get("openapi"))
    info = doc.get("info")
    if not isinstance(info, dict) or not isinstance(info.get("title"), str) or not isinstance(info.get("version"),
                                                                                                str):
        p.append("info.title and info.version must be strings")
    paths = doc.get("paths")
    if not isinstance(paths, dict) or not paths:
        return p + ["paths: missing or empty"]
    for k in doc:
        if k not in ("openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs") and \
                not k.startswith("x-"):
            p.append("unknown top-level key %r" % k)

    def resolve(ref, where):
        if not isinstance(ref, str) or not ref.startswith("#/"):
            p.append("%s: $ref %r is not a local JSON pointer" % (where, ref))
            return None
        node = doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                p.append("%s: $ref %r does not resolve" % (where, ref))
                return None
            node = node[part]
        return node

    def walk_refs(node, where):
        if isinstance(node, dict):
            if "$ref" in node:
                resolve(node["$ref"], where)
            for k, v in node.items():
                walk_refs(v, where + "/" + str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk_refs(v, "%s/%d" % (where, i))
    walk_refs(doc, "#")

    def params_of(lst, where):
        out = {}
        if lst is None:
            return out
        if not isinstance(lst, list):
            p.append("%s: parameters must be a list" % where)
            return out
        for i, prm in enumerate(lst):
            if isinstance(prm, dict) and "$ref" in prm:
                prm = resolve(prm["$ref"], where) or {}
            w = "%s.parameters[%d]" % (where, i)
            if not isinstance(prm, dict) or not isinstance(prm.get("name"), str) or \
                    prm.get("in") not in ("path", "query", "header", "cookie"):
                p.append("%s: needs name and in (path|query|header|cookie)" % w)
                continue
            if prm["in"] == "path" and prm.get("required") is not True:
                p.append("%s: path parameter %s must be required: true" % (w, prm["name"]))
            if "schema" not in prm and "content" not in prm:
                p.append("%s: needs schema or content" % w)
            out[(prm["in"], prm["name"])] = prm
        return out

    for path, item in paths.items():
        if not isinstance(path, str) or not path.startswith("/"):
            p.append("path %r does not start with /" % path)
            continue
        if not isinstance(item, dict):
            p.append("%s: not an object" % path)
            continue
        declared_in_path = set(re.findall(r"\{([^}/]+)\}", path))
        common = params_of(item.get("parameters"), path)
        ops = [m for m in item if m in METHODS]
        if not ops:
            p.append("%s: no operation" % path)
        for m in item:
            if m not in METHODS and m not in ("parameters", "summary", "description", "servers") and \
                    not m.startswith("x-"):
                p.append("%s: unknown key %r" % (path, m))
        for m in ops:
            op = item[m]
            w = "%s %s" % (m.upper(), path)
            if not isinstance(op, dict):
                p.append("%s: not an object" % w)
                continue
            own = params_of(op.get("parameters"), w)
            names = {n for (loc, n) in list(common) + list(own) if loc == "path"}
            for n in declared_in_path - names:
                p.append("%s: path parameter {%s} not declared" % (w, n))
            for n in names - declared_in_path:
                p.append("%s: path parameter %s is not in the path" % (w, n))
            resp = op.get("responses")
            if not isinstance(resp, dict) or not resp:
                p.append("%s: no responses" % w)
                continue
            for code, r in resp.items():
                if not isinstance(code, str) or not re.fullmatch(r"[1-5](\d\d|XX)|default", code):
                    p.append("%s: response key %r is not a status string" % (w, code))
                if isinstance(r, dict) and "$ref" not in r and not isinstance(r.get("description"), str):
                    p.append("%s: response %s needs a description" % (w, code))
            if "requestBody" in op and not isinstance(op["requestBody"], dict):
                p.append("%s: requestBody must be an object" % w)
    return p


def documented_routes(doc):
    """{(METHOD, full path with {} for parameters)}, the servers' base path prefixed."""
    base = ""
    servers = doc.get("servers") or []
    if servers and isinstance(servers[0], dict) and isinstance(servers[0].get("url"), str):
        m = re.match(r"^(?:https?://[^/]+)?(/.*)?$", servers[0]["url"])
        base = (m.group(1) or "").rstrip("/") if m else ""
    out = {}
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for m in item:
            if m in METHODS:
                full = base + path if not path.startswith(V) and path not in ("/healthz", "/metrics") else path
                out[(m.upper(), re.sub(r"\{[^}/]+\}", "{}", full))] = full
    return out


def main():
    args = parse_args(__doc__)
    suite = Suite("openapi_check")
    with Server(args.riposte) as srv:
        admin = srv.client()
        tree = Tree(srv)
        A = tree.ids["A"]
        doc = None
        with suite.section("the document"):
            r = admin.get(V + "/openapi.json")
            doc = suite.require("GET /api/v1/openapi.json -> 200 application/json", r, 200)
            problems = structural_problems(doc)
            suite.check("structurally valid OpenAPI 3.0", not problems, "\n".join(problems[:50]))
            try:
                import openapi_spec_validator  # not in Debian 12: used only when present
            except ImportError:
                print("NOTE openapi_spec_validator is not importable: the structural validator alone ran", flush=True)
            else:
                try:
                    openapi_spec_validator.validate(doc)
                    suite.ok("openapi_spec_validator accepts the document")
                except Exception as e:
                    suite.fail("openapi_spec_validator accepts the document", e)
            documented = documented_routes(doc)
            missing = sorted(EXPECTED - set(documented))
            extra = sorted(set(documented) - EXPECTED - ALLOWED_EXTRA)
            suite.check("every served route of api.md is documented", not missing, "missing: %s" % missing)
            suite.check("no other route is documented", not extra, "not in api.md's served set: %s" % extra)
            not_served_doc = [(m, p) for (m, p) in NOT_SERVED if (m, re.sub(r"\{[^}/]+\}", "{}", p)) in documented]
            suite.check("the routes not served yet are not documented", not not_served_doc, not_served_doc)

        with suite.section("every documented route is served"):
            alert = make_alert(A)
            suite.require("an alert", admin.post(V + "/alerts", alert), 201)
            inc = sample_incident()
            inc["TenantID"] = A
            r = admin.post(V + "/incidents", inc)
            suite.require("an incident", r, 201)
            inc_id = r.body["id"]
            pb = suite.require("a playbook", admin.post(V + "/playbooks", playbook_body(A)), 201)
            doomed = suite.require("a playbook to delete", admin.post(V + "/playbooks", playbook_body(A)), 201)
            uid = tree.user_id("observer", "A")
            tok_id, _ = issue_token(admin, uid)
            ids = {"tenants": A, "users": uid, "tokens": tok_id, "alerts": alert["InternalID"], "incidents": inc_id,
                   "instances": "00000000-0000-4000-8000-000000000000"}  # no instance exists: see ENGINE_PENDING

            def concrete(method, path):
                parts = path.split("/")
                for i, part in enumerate(parts):
                    if part == "{}":
                        coll = parts[i - 1]
                        if coll == "playbooks":
                            parts[i] = doomed["id"] if method == "DELETE" else pb["id"]
                        else:
                            parts[i] = ids[coll]
                return "/".join(parts)

            if not isinstance(doc, dict):
                suite.fail("documented routes", "no document to read them from")
            for (method, path) in sorted(documented_routes(doc) if isinstance(doc, dict) else []):
                url = concrete(method, path)
                body = None if method in ("GET", "DELETE") else {}
                r = admin.request(method, url, body)
                if (method, path) in ENGINE_PENDING:
                    routed_404 = r.status == 404 and isinstance(r.body, dict) and \
                        str(r.body.get("detail", "")).startswith("no route ")
                    suite.check("%s %s is served (not the router's 404, not 405; no 5xx but 501)" % (method, path),
                                r.status != 405 and not routed_404 and (r.status < 500 or r.status == 501), repr(r))
                    continue
                suite.check("%s %s is served (not 404/405, not 5xx)" % (method, path),
                            r.status not in (404, 405) and r.status < 500, repr(r))
            for method, path in NOT_SERVED:
                url = path.replace("{playbook}", pb["id"]).replace("{x}", pb["id"])
                r = admin.request(method, url, None if method == "GET" else {})
                suite.status("%s %s (not served yet) -> 404" % (method, path), r, 404)
        try:
            srv.stop()
            suite.ok("server stops on SIGTERM with status 0")
        except Exception as e:
            suite.fail("server stops on SIGTERM with status 0", e)
    return suite.finish()


if __name__ == "__main__":
    run_script(main)
