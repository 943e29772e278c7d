#!/usr/bin/env python3
"""The playbook rules of engine.md through the API: names, tags, modes,
scope, predefined playbooks, deletion, duplication, changelog, find.

  tests/api/playbooks_check.py --riposte build/tools/riposte
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_fixture import (Server, Suite, Tree, make_alert, parse_args, playbook_body, problem_text,  # noqa
                            run_script, short, unique)

EDITABLE = ("tenant", "name", "tags", "description", "scope", "mode", "trigger", "algorithm", "inheritance")
SYSTEM = {"id", "predefined", "deleted", "launches", "availability", "createdAt", "createdBy", "updatedAt",
          "updatedBy"}


def editable(pb):
    out = {k: pb[k] for k in EDITABLE if k in pb}
    if pb.get("mode") == "auto":
        out["launchingRule"] = pb.get("launchingRule")
    return out


def main():
    args = parse_args(__doc__)
    suite = Suite("playbooks_check")
    with Server(args.riposte) as srv:
        admin = srv.client()
        root = srv.boot["tenant"]
        tree = Tree(srv)
        A = tree.ids["A"]
        t2 = tree.user("tier2Analyst", "A")

        def names_in_list(client, q=""):
            return [p["name"] for p in client.list_all("/api/v1/playbooks" + q)]

        with suite.section("create: the full resource"):
            body = playbook_body(A)
            pb = suite.require("create a playbook -> 201", t2.post("/api/v1/playbooks", body), 201)
            suite.eq("the answer has every field of the resource", set(pb) >= SYSTEM | set(body), True)
            suite.eq("the answer echoes the fields sent", {k: pb.get(k) for k in body}, body)
            suite.eq("system fields", (pb.get("predefined"), pb.get("deleted"), pb.get("launches"),
                                       pb.get("createdBy"), pb.get("updatedBy")),
                     (False, False, 0, tree.user_id("tier2Analyst", "A"), tree.user_id("tier2Analyst", "A")))
            suite.eq("GET returns the same resource", t2.get("/api/v1/playbooks/" + pb["id"]).body, pb)
            auto = playbook_body(A, mode="auto", launchingRule="skip")
            r = t2.post("/api/v1/playbooks", auto)
            if suite.status("auto mode with launchingRule skip -> 201", r, 201):
                suite.eq("launchingRule kept", r.body.get("launchingRule"), "skip")
            auto2 = playbook_body(A, mode="auto")
            r = t2.post("/api/v1/playbooks", auto2)
            if suite.status("auto mode without launchingRule -> 201", r, 201):
                suite.eq("launchingRule defaults to queue", r.body.get("launchingRule"), "queue")
            man = playbook_body(A, mode="manual")
            del man["trigger"]
            r = t2.post("/api/v1/playbooks", man)
            if suite.status("manual mode without trigger -> 201", r, 201):
                suite.eq("manual playbook's trigger is null", r.body.get("trigger"), None)

        with suite.section("validation of names, tags, modes"):
            before = names_in_list(admin, "?deleted=true")
            dup = playbook_body(A, name=pb["name"])
            r = t2.post("/api/v1/playbooks", dup)
            suite.status("a duplicate name in the same tenant -> 409", r, 409)
            r = admin.post("/api/v1/playbooks", playbook_body(tree.ids["B"], name=pb["name"]))
            suite.status("the same name in another tenant -> 201", r, 201)
            before = names_in_list(admin, "?deleted=true")
            cases = [("name with <", {"name": "a<b"}, "name"), ("name with >", {"name": "a>b"}, "name"),
                     ('name with "', {"name": 'a"b'}, "name"), ("empty name", {"name": ""}, "name"),
                     ("name of 256 characters", {"name": "n" * 256}, "name"),
                     ("31 tags", {"tags": ["t%d" % i for i in range(31)]}, "tags"),
                     ("a tag of 51 characters", {"tags": ["t" * 51]}, "tags"),
                     ("launchingRule in training mode", {"launchingRule": "queue"}, "launchingrule"),
                     ("launchingRule in manual mode", {"mode": "manual", "trigger": None, "launchingRule": "skip"},
                      "launchingrule"),
                     ("a trigger in manual mode", {"mode": "manual"}, "trigger"),
                     ("an unknown mode", {"mode": "Deleted"}, "mode"),
                     ("an unknown scope", {"scope": "asset"}, "scope"),
                     ("an unknown launchingRule", {"mode": "auto", "launchingRule": "later"}, "launchingrule")]
            for what, fields, path in cases:
                r = t2.post("/api/v1/playbooks", playbook_body(A, **fields))
                if suite.status("%s -> 422" % what, r, 422):
                    suite.check("%s: names %s" % (what, path), path in problem_text(r), short(r.raw))
            suite.eq("nothing stored by the refusals", names_in_list(admin, "?deleted=true"), before)
            for what, fields in (("name of 255 characters", {"name": "n" * 255}),
                                 ("30 tags of 50 characters", {"tags": ["%02d" % i + "t" * 48 for i in range(30)]})):
                r = t2.post("/api/v1/playbooks", playbook_body(A, **fields))
                if suite.status("%s -> 201" % what, r, 201):
                    suite.eq("%s kept" % what, {k: r.body.get(k) for k in fields}, fields)

        with suite.section("edit: scope fixed, changelog"):
            edit = editable(pb)
            edit["scope"] = "incident"
            edit["trigger"] = '.Priority == "high"'
            r = t2.put("/api/v1/playbooks/" + pb["id"], edit)
            if suite.status("PUT changing the scope -> 422", r, 422):
                suite.check("names scope", "scope" in problem_text(r), short(r.raw))
            suite.eq("unchanged after the refusal", t2.get("/api/v1/playbooks/" + pb["id"]).body, pb)
            edit = editable(pb)
            edit["description"] = "second version"
            edit["tags"] = ["api-test", "edited"]
            r = t2.put("/api/v1/playbooks/" + pb["id"], edit)
            if suite.status("PUT a new description and tags -> 200", r, 200):
                suite.eq("the edit is stored", {k: r.body.get(k) for k in ("description", "tags")},
                         {"description": "second version", "tags": ["api-test", "edited"]})
                suite.check("updatedAt moved", r.body.get("updatedAt") >= pb["updatedAt"], short(r.body))
            r = t2.get("/api/v1/playbooks/%s/changelog" % pb["id"])
            if suite.status("changelog -> 200", r, 200):
                items = r.body.get("items")
                ok = isinstance(items, list) and len(items) >= 2 and all(
                    isinstance(e, dict) and {"at", "user", "change"} <= set(e) for e in items)
                suite.check("changelog: creation and edit, each {at, user, change}", ok, short(r.body, 800))
                if ok:
                    text = json.dumps(items[-1]["change"]) + json.dumps(items[0]["change"])
                    suite.check("changelog names what changed (description)", "description" in text, text[:500])
                    suite.check("changelog names the user", all(e["user"] == tree.user_id("tier2Analyst", "A")
                                                                 for e in items), short(items))
            r = t2.put("/api/v1/playbooks/" + pb["id"], dict(editable(pb), colour=1))
            suite.check("PUT with an unknown field -> 400 or 422", r.status in (400, 422), repr(r))

        with suite.section("predefined playbooks"):
            pre = [p for p in admin.list_all("/api/v1/playbooks") if p.get("predefined") is True]
            names = sorted(p["name"] for p in pre)
            suite.check("P001, P002, P003 are there after bootstrap",
                        len(pre) == 3 and all(any(n in name for name in names) for n in ("P001", "P002", "P003")),
                        names)
            suite.check("predefined: root tenant, tagged Predefined, not deleted",
                        all(p.get("tenant") == root and "Predefined" in p.get("tags", []) and p.get("deleted") is False
                            for p in pre), short(pre, 800))
            p2 = [p for p in pre if "P002" in p["name"]]
            suite.check("P002 starts in manual mode, the others in training",
                        p2 and p2[0]["mode"] == "manual" and all(p["mode"] == "training" for p in pre
                                                                  if "P002" not in p["name"]),
                        [(p["name"], p["mode"]) for p in pre])
            suite.check("tier2 on A sees the predefined playbooks (inherited from the root)",
                        {p["id"] for p in pre} <= {p["id"] for p in t2.list_all("/api/v1/playbooks")}, "")
            p1 = [p for p in pre if "P001" in p["name"]][0]
            for what, change in (("name", {"name": "mine"}), ("description", {"description": "mine"}),
                                 ("tags", {"tags": ["mine"]}), ("trigger", {"trigger": "true"})):
                r = admin.put("/api/v1/playbooks/" + p1["id"], dict(editable(p1), **change))
                suite.status("predefined: editing %s -> 422" % what, r, 422)
            suite.eq("predefined unchanged", admin.get("/api/v1/playbooks/" + p1["id"]).body, p1)
            r = admin.put("/api/v1/playbooks/" + p1["id"], dict(editable(p1), mode="auto", launchingRule="skip",
                                                                 runningInstances="keep"))
            if suite.status("predefined: mode and launchingRule -> 200", r, 200):
                suite.eq("mode and rule stored", (r.body.get("mode"), r.body.get("launchingRule")), ("auto", "skip"))
            r = admin.delete("/api/v1/playbooks/" + p1["id"])
            if suite.status("predefined: DELETE -> 422", r, 422):
                suite.check("says a predefined playbook cannot be deleted", "predefined" in problem_text(r),
                            short(r.raw))
            suite.eq("predefined still listed", p1["id"] in {p["id"] for p in admin.list_all("/api/v1/playbooks")},
                     True)
            r = admin.post("/api/v1/playbooks/%s/duplicate" % p1["id"], {"name": "my P001", "tenant": A})
            if suite.status("duplicate a predefined playbook -> 201", r, 201):
                d = r.body
                suite.eq("the copy is custom and carries the original's trigger and algorithm",
                         (d.get("predefined"), d.get("trigger"), d.get("algorithm"), d.get("name"), d.get("tenant")),
                         (False, p1["trigger"], p1["algorithm"], "my P001", A))
                suite.check("the copy is editable (PUT a description -> 200)",
                            admin.put("/api/v1/playbooks/" + d["id"], dict(editable(d), description="x")).status == 200,
                            "")

        with suite.section("delete, deleted list, copy of a deleted playbook"):
            body = playbook_body(A)
            victim = suite.require("a playbook to delete", t2.post("/api/v1/playbooks", body), 201)
            r = t2.delete("/api/v1/playbooks/" + victim["id"])
            suite.status("DELETE -> 200", r, 200)
            suite.check("gone from the list", victim["id"] not in {p["id"] for p in t2.list_all("/api/v1/playbooks")},
                        "")
            suite.check("in the list with ?deleted=true",
                        victim["id"] in {p["id"] for p in t2.list_all("/api/v1/playbooks?deleted=true")}, "")
            r = t2.get("/api/v1/playbooks/" + victim["id"])
            if suite.status("GET a deleted playbook -> 200", r, 200):
                suite.eq("it says deleted: true", r.body.get("deleted"), True)
            r = t2.post("/api/v1/playbooks/%s/duplicate" % victim["id"], {"name": unique("copy-of-deleted")})
            if suite.status("duplicate a deleted playbook -> 201", r, 201):
                suite.eq("the copy is not deleted, same algorithm", (r.body.get("deleted"), r.body.get("algorithm")),
                         (False, victim["algorithm"]))
            r = t2.put("/api/v1/playbooks/" + victim["id"], dict(editable(victim), description="zombie"))
            suite.check("PUT of a deleted playbook -> 404 or 409", r.status in (404, 409), repr(r))
            r = t2.post("/api/v1/playbooks", playbook_body(A, name=victim["name"]))
            suite.check("the name of a deleted playbook: 201 or 409, not 5xx", r.status in (201, 409), repr(r))

        with suite.section("find: every readable alert, paged"):
            mine = [make_alert(A, Severity=s) for s in ["critical", "low", "high"] * 5]
            raw = "\n".join(json.dumps(a) for a in mine).encode()
            suite.require("ingest 15 alerts of A", t2.post("/api/v1/alerts", raw=raw, ctype="application/x-ndjson"),
                          200)
            theirs = [make_alert(tree.ids["B"]) for _ in range(4)]
            raw = "\n".join(json.dumps(a) for a in theirs).encode()
            suite.require("ingest 4 alerts of B", admin.post("/api/v1/alerts", raw=raw, ctype="application/x-ndjson"),
                          200)
            got, cursor = [], None
            for _ in range(100):
                r = t2.post("/api/v1/playbooks/find?limit=4" + ("" if cursor is None else "&cursor=" + cursor),
                            {"scope": "alert", "trigger": "true"})
                if not suite.status("find page", r, 200):
                    break
                got += [x["InternalID"] for x in r.body["items"]]
                cursor = r.body["next"]
                if cursor is None:
                    break
            suite.eq("find true: every alert of A once, none of B", sorted(got), sorted(a["InternalID"] for a in mine))
            r = t2.post("/api/v1/playbooks/find?limit=1000", {"scope": "alert", "trigger": '.Severity == "critical"'})
            if suite.status("find critical", r, 200):
                suite.eq("find critical: the 5", sorted(x["InternalID"] for x in r.body["items"]),
                         sorted(a["InternalID"] for a in mine if a["Severity"] == "critical"))
            r = t2.post("/api/v1/playbooks/find", {"scope": "alert", "trigger": ".Severity =="})
            suite.status("find with an invalid trigger -> 422", r, 422)
            r = t2.post("/api/v1/playbooks/find?limit=1000", {"scope": "incident", "trigger": "true"})
            if suite.status("find incidents", r, 200):
                suite.eq("no incident stored", r.body["items"], [])
        try:
            srv.stop()
            suite.ok("server stops on SIGTERM with status 0")
        except Exception as e:
            suite.fail("server stops on SIGTERM with status 0", e)
    return suite.finish()


if __name__ == "__main__":
    run_script(main)
