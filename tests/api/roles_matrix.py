#!/usr/bin/env python3
"""The roles matrix: every role (9) x operation x position of the caller's
role tenant relative to the object's tenant -> the exact expected status.

  tests/api/roles_matrix.py --riposte build/tools/riposte
  tests/api/roles_matrix.py --print-table          # the expectations only, no server

The tree is root -> A -> A1, root -> B; every object lives in A.  The caller
has ONE role on:  same = A,  ancestor = root,  descendant = A1,  sibling = B.

The rules (the role lists are in roles_matrix.toml, each with its source):

R1  A role on a tenant covers its descendants (engine.md, Tenants and roles:
    "a role on a tenant covers its descendants"), so `ancestor` is `same`.
R2  An object of a tenant the caller may not read answers 404, not 403
    (api.md, Conventions: "An object of a tenant the caller may not read
    answers 404").  `sibling` never reads A; `descendant` does not read A
    (a role covers descendants, not ancestors) ...
R3  ... EXCEPT an inherited playbook: "A playbook inherited by a child
    tenant is readable ... by users with a role on that child tenant"
    (engine.md), when its inheritance is on and the child is not excluded.
R4  "editing or deleting it needs the right on the tenant that owns it"
    (engine.md): a readable object whose owning tenant the role does not
    cover, or a role without the operation's right -> 403 (api.md: "a
    readable object the caller may not change answers 403").
R5  Creating in a tenant (a playbook, an alert, a child tenant, a user with a
    role there) is an operation on that tenant: 404 when the caller may not
    read it (R2, no inheritance for tenants), 403 without the right, else 201.
R6  Duplicate = read the source + create in the source's tenant (the body
    carries only the changed fields, not `tenant`): an inherited playbook
    seen from the child is readable but the copy would be created in A -> 403.
R7  Lists and `find` answer 200 to everyone; the object is present exactly
    when the caller may read it (R2/R3).
Successful statuses: 200 for GET/PUT/PATCH/DELETE and find, 201 for creation
(api.md: "POST ... -> 201"; DELETE's 200 is assumed: api.md does not say).

Beyond the status every cell checks the effect: a refused change leaves the
object as it was (read back by the Main administrator of the root), an
accepted one is visible.  Each mismatch is one line
`role op position: expected X got Y`; any mismatch fails.
"""
import json
import os
import sys
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (ROLES, CheckFailed, Server, Suite, Tree, issue_token, make_alert, parse_args,  # noqa
                            playbook_body, response_problem, run_script, short, unique)

HERE = os.path.dirname(os.path.abspath(__file__))
POSITIONS = {"same": "A", "ancestor": "root", "descendant": "A1", "sibling": "B"}
RIGHT_KEYS = {"roles": list, "source": str}

# op -> (kind, right, inherited playbook?)
#   kind: read | list | change | create | duplicate
OPS = {
    "read_playbook": ("read", "read", True),
    "read_playbook_no_inheritance": ("read", "read", False),
    "list_playbooks": ("list", "read", True),
    "list_playbooks_no_inheritance": ("list", "read", False),
    "changelog": ("read", "read", True),
    "create_playbook": ("create", "create_playbook", False),
    "edit_playbook": ("change", "edit_playbook", True),
    "delete_playbook": ("change", "delete_playbook", True),
    "duplicate_playbook": ("duplicate", "create_playbook", True),
    "ingest_alert": ("create", "ingest", False),
    "read_alert": ("read", "read", False),
    "list_alerts": ("list", "read", False),
    "patch_alert": ("change", "change_object", False),
    "find": ("list", "read", False),
    "read_tenant": ("read", "read", False),
    "list_tenants": ("list", "read", False),
    "create_child_tenant": ("create", "manage_tenants", False),
    "create_user": ("create", "manage_users", False),
}


def load_rights(path=os.path.join(HERE, "roles_matrix.toml")):
    """The role lists; any unknown key, unknown role, missing or unused right fails."""
    with open(path, "rb") as f:
        t = tomllib.load(f)
    problems = ["unknown top-level key %r (only [right.NAME])" % k for k in t if k != "right"]
    rights = t.get("right", {})
    needed = {op[1] for op in OPS.values()}
    for name, entry in rights.items():
        if name not in needed:
            problems.append("right.%s: not used by any operation of roles_matrix.py" % name)
        if not isinstance(entry, dict):
            problems.append("right.%s: not a table" % name)
            continue
        for k, v in entry.items():
            if k not in RIGHT_KEYS:
                problems.append("right.%s: unknown key %r (known: roles, source)" % (name, k))
            elif not isinstance(v, RIGHT_KEYS[k]):
                problems.append("right.%s: %s must be a %s" % (name, k, RIGHT_KEYS[k].__name__))
        for k in RIGHT_KEYS:
            if k not in entry:
                problems.append("right.%s: no %s" % (name, k))
        for role in entry.get("roles", []) if isinstance(entry.get("roles"), list) else []:
            if role not in ROLES:
                problems.append("right.%s: unknown role %r" % (name, role))
        if isinstance(entry.get("roles"), list) and len(set(entry["roles"])) != len(entry["roles"]):
            problems.append("right.%s: a role listed twice" % name)
    for name in sorted(needed - set(rights)):
        problems.append("right.%s: missing" % name)
    if problems:
        raise SystemExit("MALFORMED TABLE roles_matrix.toml\n  " + "\n  ".join(problems))
    return {name: set(e["roles"]) for name, e in rights.items()}


def readable(position, inherited):  # R1, R2, R3
    return position in ("same", "ancestor") or (position == "descendant" and inherited)


def covers_owner(position):  # R1, R4: the role's tenant is the owning tenant or an ancestor of it
    return position in ("same", "ancestor")


def expected(rights, op, role, position):
    kind, right, inherited = OPS[op]
    if role not in rights["read"]:
        return "absent" if kind == "list" else 404
    if kind == "read":
        return 200 if readable(position, inherited) else 404
    if kind == "list":  # R7
        return "present" if readable(position, inherited) else "absent"
    if not readable(position, inherited and kind in ("change", "duplicate")):
        return 404
    if role not in rights[right] or not covers_owner(position):  # R4, R5, R6
        return 403
    return 201 if kind in ("create", "duplicate") else 200


def expectation_table(rights):
    return {(role, op, pos): expected(rights, op, role, pos) for role in ROLES for op in OPS for pos in POSITIONS}


# ------------------------------------------------------------------------------------------------ the cells

class World:
    """The objects of tenant A the cells act on, made by the Main administrator of the root."""

    def __init__(self, srv):
        self.srv = srv
        self.tree = Tree(srv)
        self.admin = self.tree.admin
        A, A1 = self.tree.ids["A"], self.tree.ids["A1"]
        self.pb = self.create_playbook(playbook_body(A))
        self.pb_noinh = self.create_playbook(playbook_body(A, inheritance={"enabled": False, "excludedTenants": []}))
        self.pb_edit = self.create_playbook(playbook_body(A))
        alert = make_alert(A)
        r = self.admin.post("/api/v1/alerts", alert)
        if response_problem(r, 201) or r.body.get("id") != alert["InternalID"]:
            raise CheckFailed("ingesting the alert of A: %s" % short(r.raw))
        self.alert = alert["InternalID"]
        self.A = A
        del A1

    def create_playbook(self, body):
        r = self.admin.post("/api/v1/playbooks", body)
        p = response_problem(r, 201)
        if p or not isinstance(r.body, dict) or not isinstance(r.body.get("id"), str):
            raise CheckFailed("creating playbook %s: %s" % (body["name"], p or short(r.raw)))
        return r.body["id"]

    def admin_get(self, path):
        return self.admin.get(path)

    def ids_in(self, client, path, key):
        return {x.get(key) for x in client.list_all(path) if isinstance(x, dict)}

    # Each returns (what the caller got: status or present/absent, did the effect happen [None: nothing to see])
    def run(self, op, c):
        a = self.admin
        if op == "read_playbook":
            r = c.get("/api/v1/playbooks/" + self.pb)
            return r, self.same_id(r, self.pb)
        if op == "read_playbook_no_inheritance":
            r = c.get("/api/v1/playbooks/" + self.pb_noinh)
            return r, self.same_id(r, self.pb_noinh)
        if op in ("list_playbooks", "list_playbooks_no_inheritance"):
            want = self.pb if op == "list_playbooks" else self.pb_noinh
            return self.presence(c, "/api/v1/playbooks", "id", want)
        if op == "changelog":
            r = c.get("/api/v1/playbooks/%s/changelog" % self.pb)
            return r, None
        if op == "create_playbook":
            body = playbook_body(self.A)
            r = c.post("/api/v1/playbooks", body)
            return r, body["name"] in self.ids_in(a, "/api/v1/playbooks", "name")
        if op == "edit_playbook":
            body = playbook_body(self.A, name=self.pb_edit_name(), description=unique("edited"))
            r = c.put("/api/v1/playbooks/" + self.pb_edit, body)
            g = a.get("/api/v1/playbooks/" + self.pb_edit)
            return r, isinstance(g.body, dict) and g.body.get("description") == body["description"]
        if op == "delete_playbook":
            pid = self.create_playbook(playbook_body(self.A))
            r = c.delete("/api/v1/playbooks/" + pid)
            g = a.get("/api/v1/playbooks/" + pid)
            return r, isinstance(g.body, dict) and g.body.get("deleted") is True
        if op == "duplicate_playbook":
            name = unique("dup")
            r = c.post("/api/v1/playbooks/%s/duplicate" % self.pb, {"name": name})
            return r, name in self.ids_in(a, "/api/v1/playbooks", "name")
        if op == "ingest_alert":
            alert = make_alert(self.A)
            r = c.post("/api/v1/alerts", alert)
            return r, a.get("/api/v1/alerts/" + alert["InternalID"]).status == 200
        if op == "read_alert":
            r = c.get("/api/v1/alerts/" + self.alert)
            return r, isinstance(r.body, dict) and r.body.get("InternalID") == self.alert
        if op == "list_alerts":
            return self.presence(c, "/api/v1/alerts", "InternalID", self.alert)
        if op == "patch_alert":
            mark = unique("patched")
            r = c.patch("/api/v1/alerts/" + self.alert, {"AdditionalData": {"cell": mark}, "manual": True})
            g = a.get("/api/v1/alerts/" + self.alert)
            return r, isinstance(g.body, dict) and g.body.get("AdditionalData") == {"cell": mark}
        if op == "find":
            r = c.post("/api/v1/playbooks/find?limit=1000", {"scope": "alert", "trigger": "true"})
            if response_problem(r, 200) or not isinstance(r.body, dict) or not isinstance(r.body.get("items"), list):
                return r, None
            if r.body.get("next") is not None:
                raise CheckFailed("find: more than 1000 alerts in this test's store")
            ids = {x.get("InternalID") for x in r.body["items"] if isinstance(x, dict)}
            return ("present" if self.alert in ids else "absent"), None
        if op == "read_tenant":
            r = c.get("/api/v1/tenants/" + self.A)
            return r, self.same_id(r, self.A)
        if op == "list_tenants":
            return self.presence(c, "/api/v1/tenants", "id", self.A)
        if op == "create_child_tenant":
            name = unique("child")
            r = c.post("/api/v1/tenants", {"name": name, "parent": self.A})
            return r, name in self.ids_in(a, "/api/v1/tenants", "name")
        if op == "create_user":
            name = unique("made")
            r = c.post("/api/v1/users", {"name": name, "email": name + "@example.com",
                                         "roles": [{"tenant": self.A, "role": "observer"}]})
            return r, name in self.ids_in(a, "/api/v1/users", "name")
        raise AssertionError(op)

    def pb_edit_name(self):
        g = self.admin.get("/api/v1/playbooks/" + self.pb_edit)
        if response_problem(g, 200):
            raise CheckFailed("reading the edited playbook back: %s" % short(g.raw))
        return g.body["name"]

    @staticmethod
    def same_id(r, want):
        return isinstance(r.body, dict) and (r.body.get("id") == want)

    def presence(self, c, path, key, want):
        try:
            items = c.list_all(path)
        except CheckFailed as e:
            return "list failed: %s" % e, None
        return ("present" if want in {x.get(key) for x in items if isinstance(x, dict)} else "absent"), None


def outcome(r):
    return r if isinstance(r, str) else r.status


def cell_problem(want, got, effect):
    """'' when the cell is as expected."""
    if isinstance(want, str):  # present / absent
        return "" if got == want else "expected %s got %s" % (want, got if isinstance(got, str) else got)
    p = response_problem(got, want)
    if p:
        return "expected %d got %d%s" % (want, got.status, "" if got.status != want else " (%s)" % p)
    success = want in (200, 201)
    if effect is not None and effect != success:
        return "expected %d got %d but the %s" % (want, got.status, "change is not visible to the administrator"
                                                   if success else "change was made all the same")
    return ""


def main():
    args = parse_args(__doc__, lambda ap: ap.add_argument("--print-table", action="store_true"))
    rights = load_rights()
    table = expectation_table(rights)
    suite = Suite("roles_matrix")
    with Server(args.riposte) as srv:
        with suite.section("matrix set-up"):
            world = World(srv)
            for role in ROLES:
                for pos, tenant in POSITIONS.items():
                    world.tree.user(role, tenant)
            suite.ok("matrix set-up (tree root>A>A1, root>B; %d users, one role each)" % (len(ROLES) * 4))
            for op in OPS:
                mismatches = []
                for role in ROLES:
                    for pos, tenant in POSITIONS.items():
                        want = table[(role, op, pos)]
                        try:
                            got, effect = world.run(op, world.tree.user(role, tenant))
                            why = cell_problem(want, got, effect)
                        except CheckFailed as e:
                            why = "expected %s, check could not run: %s" % (want, e)
                        if why:
                            mismatches.append("%s %s %s: %s" % (role, op, pos, why))
                if mismatches:
                    for m in mismatches:
                        suite.fail("matrix", m)
                else:
                    suite.ok("matrix %s (%d cells)" % (op, len(ROLES) * len(POSITIONS)))
        try:
            srv.stop()
            suite.ok("server stops on SIGTERM with status 0")
        except Exception as e:
            suite.fail("server stops on SIGTERM with status 0", e)
    return suite.finish()


def print_table():
    rights = load_rights()
    table = expectation_table(rights)
    for op in OPS:
        for role in ROLES:
            print("%-30s %-20s %s" % (op, role, "  ".join("%s=%s" % (p, table[(role, op, p)]) for p in POSITIONS)))


if __name__ == "__main__":
    if "--print-table" in sys.argv:
        print_table()
        sys.exit(0)
    run_script(main)
