#!/usr/bin/env python3
"""The LDAP actions (docs/actions-ldap.md) against a real slapd
(peers/slapd.py), through `riposte run --bindings real --config`, checked
by what the DIRECTORY holds afterwards (slapcat) and by binds (ldapwhoami):

- blockLDAPAccount sets pwdAccountLockedTime (the ppolicy lock): the user
  can no longer bind, nobody else is touched; blocking again changes nothing;
- resetLDAPPassword sets a new password: the old one fails, the new one
  binds; the password is in the output only with revealPasswords;
- addToLDAPGroup / removeFromLDAPGroup on a groupOfNames (member) and a
  posixGroup (memberUid), idempotent;
- filter-injection assets match nobody and change nothing;
- the bind password never appears in riposte's output, not even when the
  bind fails; a server that never answers ends the step at its timeout.
"""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Folder, Suite, action, algorithm, free_port, parse_args, run_algorithm, secrets_absent  # noqa: E402
from peers import slapd  # noqa: E402

VPN = "cn=vpn," + slapd.GROUPS
DEVS = "cn=devs," + slapd.GROUPS


def config(url, pw_file, **ldap):
    section = {"url": url, "bindDN": slapd.ROOT_DN, "passwordFile": pw_file, "baseDN": slapd.SUFFIX}
    section.update(ldap)
    return {"allow": {"hosts": ["127.0.0.1"]}, "ldap": section}


def cont(type_, params=None, assets=None, timeout=None):
    step = action(type_, params, assets, on_error="continue")
    if timeout is not None:
        step["responseAction"]["timeout"] = {"scheduleToCloseTimeout": timeout}
    return step


def entries(server):
    return {e["dn"][0].lower(): e for e in slapd.parse_ldif(server.dump())}


def values(server, dn, attr):
    e = entries(server).get(dn.lower())
    return (e or {}).get(attr.lower(), [])


def call_of(run, type_, asset):
    for c in run.calls:
        if c.get("type") == type_ and c.get("asset") == asset:
            return c
    return {}


def main():
    args = parse_args(__doc__)
    suite = Suite(args.filter)
    outputs = []
    with Folder(args.keep, prefix="riposte-ldap-") as folder:
        server = slapd.Slapd(os.path.join(folder, "slapd"), free_port())
        try:
            server.start()
        except (RuntimeError, OSError) as e:
            suite.check("slapd starts", False, str(e))
            return suite.finish()
        try:
            pw_file = os.path.join(folder, "bind.pw")
            with open(pw_file, "w") as f:
                f.write(slapd.ROOT_PASSWORD + "\n")
            hidden = config(server.url, pw_file)
            revealed = config(server.url, pw_file, revealPasswords=True)

            # ---- the four actions, passwords hidden
            before = entries(server)
            algo = algorithm([
                cont("blockLDAPAccount", assets=["alice"]),
                cont("resetLDAPPassword", assets=["bob"]),
                cont("addToLDAPGroup", {"groupDN": VPN}, ["alice"]),
                cont("removeFromLDAPGroup", {"groupDN": VPN}, ["carol"]),
                cont("addToLDAPGroup", {"groupDN": DEVS}, ["bob"]),
            ])
            r = run_algorithm(args.riposte, folder, "four", algo, config=hidden)
            outputs += [r.stdout, r.stderr]
            statuses = [c.get("status") for c in r.calls]
            suite.check("four actions succeed", r.code == 0 and statuses == ["Success"] * 5, r.describe())
            suite.equal("alice is locked in the directory", values(server, slapd.user_dn("alice"),
                                                                    "pwdAccountLockedTime"), ["000001010000Z"])
            suite.check("alice can no longer bind", not server.can_bind(slapd.user_dn("alice"), "Alice-pw-1"))
            suite.check("bob's old password no longer binds", not server.can_bind(slapd.user_dn("bob"), "Bob-pw-2"))
            reset = call_of(r, "resetLDAPPassword", "bob").get("result") or {}
            suite.check("the new password is not revealed", "password" not in reset and
                        reset.get("passwordRevealed") is False, repr(reset))
            vpn = [m.lower() for m in values(server, VPN, "member")]
            suite.check("alice is a member of vpn, carol no longer",
                        slapd.user_dn("alice") in vpn and slapd.user_dn("carol") not in vpn, repr(vpn))
            suite.equal("bob's uid is a memberUid of the posixGroup devs",
                        sorted(values(server, DEVS, "memberUid")), ["bob", "carol"])
            after = entries(server)
            untouched = [dn for dn in before if dn not in (
                slapd.user_dn("alice").lower(), slapd.user_dn("bob").lower(), VPN.lower(), DEVS.lower())]
            changed = [dn for dn in untouched if {k: v for k, v in before[dn].items() if k not in ("modifytimestamp",)}
                       != {k: v for k, v in after.get(dn, {}).items() if k not in ("modifytimestamp",)}]
            suite.equal("no other entry changed", changed, [])
            suite.check("carol and dave still bind", server.can_bind(slapd.user_dn("carol"), "Carol-pw-3") and
                        server.can_bind(slapd.user_dn("dave"), "Dave-pw-4"))

            # ---- the same again: states already set
            snapshot = entries(server)
            again = algorithm([
                cont("blockLDAPAccount", assets=["alice"]),
                cont("addToLDAPGroup", {"groupDN": VPN}, ["alice"]),
                cont("removeFromLDAPGroup", {"groupDN": VPN}, ["carol"]),
            ])
            r = run_algorithm(args.riposte, folder, "again", again, config=hidden)
            outputs += [r.stdout, r.stderr]
            suite.check("repeated calls succeed without changes", r.code == 0 and len(r.calls) == 3 and
                        all(c.get("status") == "Success" and c["result"].get("changed") is False for c in r.calls),
                        r.describe())
            suite.check("the directory is as it was", entries(server) == snapshot)

            # ---- revealPasswords: the new password is returned and binds
            r = run_algorithm(args.riposte, folder, "reveal", algorithm([cont("resetLDAPPassword", assets=["dave"])]),
                              config=revealed)
            outputs += [r.stdout, r.stderr]
            pw = (call_of(r, "resetLDAPPassword", "dave").get("result") or {}).get("password", "")
            suite.check("revealed password is long and mixed", len(pw) >= 20 and any(c.isdigit() for c in pw) and
                        any(c.isalpha() for c in pw) and any(not c.isalnum() for c in pw), r.describe())
            suite.check("dave binds with the revealed password", bool(pw) and
                        server.can_bind(slapd.user_dn("dave"), pw))
            suite.check("dave's old password no longer binds", not server.can_bind(slapd.user_dn("dave"), "Dave-pw-4"))

            # ---- filter injection
            snapshot = entries(server)
            inj = algorithm([cont("blockLDAPAccount", assets=["*)(uid=*", "admin)(|(uid=*", "*"])])
            r = run_algorithm(args.riposte, folder, "inject", inj, config=hidden)
            outputs += [r.stdout, r.stderr]
            errors = [c.get("error", "") for c in r.calls]
            suite.check("injection attempts match no user", len(errors) == 3 and
                        all("no user matches" in e for e in errors) and
                        "(uid=\\2a\\29\\28uid=\\2a)" in errors[0] and
                        "(uid=admin\\29\\28|\\28uid=\\2a)" in errors[1], r.describe())
            suite.check("injection attempts change nothing", entries(server) == snapshot)
            suite.check("admin still binds", server.can_bind(slapd.user_dn("admin"), "Admin-pw-5"))

            # ---- several matches, a missing group
            r = run_algorithm(args.riposte, folder, "refused", algorithm([
                cont("blockLDAPAccount", assets=["dup"]),
                cont("addToLDAPGroup", {"groupDN": "cn=nope," + slapd.GROUPS}, ["carol"])]), config=hidden)
            outputs += [r.stdout, r.stderr]
            errors = [c.get("error", "") for c in r.calls]
            suite.check("two matching entries are refused, a missing group is an error", len(errors) == 2 and
                        "several entries match" in errors[0] and "does not exist" in errors[1], r.describe())
            suite.check("neither dup is locked", not values(server, slapd.user_dn("dup"), "pwdAccountLockedTime") and
                        not values(server, slapd.user_dn("dup", "staff"), "pwdAccountLockedTime"))

            # ---- the bind password from the environment, a wrong one refused without showing it
            env_conf = config(server.url, pw_file)
            del env_conf["ldap"]["passwordFile"]
            env_conf["ldap"]["passwordEnv"] = "LDAP_BIND_PW"
            r = run_algorithm(args.riposte, folder, "wrongpw", algorithm([cont("blockLDAPAccount", assets=["carol"])]),
                              config=env_conf, env={"LDAP_BIND_PW": "Wrong-" + slapd.ROOT_PASSWORD})
            outputs += [r.stdout, r.stderr]
            err = r.calls[0].get("error", "") if r.calls else ""
            suite.check("a wrong bind password is refused", "Invalid credentials" in err, r.describe())
            suite.check("the wrong password is not shown", secrets_absent(["Wrong-" + slapd.ROOT_PASSWORD],
                                                                          [r.stdout, r.stderr]) == "")
            suite.check("carol is not locked", not values(server, slapd.user_dn("carol"), "pwdAccountLockedTime"))

            # ---- a server that accepts and never answers
            silent = socket.socket()
            silent.bind(("127.0.0.1", 0))
            silent.listen(8)
            try:
                port = silent.getsockname()[1]
                algo = algorithm([cont("blockLDAPAccount", assets=["alice"], timeout="2s")])
                t0 = time.monotonic()
                r = run_algorithm(args.riposte, folder, "silent", algo,
                                  config=config("ldap://127.0.0.1:%d" % port, pw_file), timeout=60)
                took = time.monotonic() - t0
                c = r.calls[0] if r.calls else {}
                suite.check("a silent server ends the call at the step's timeout",
                            c.get("status") == "Error" and "deadline exceeded" in c.get("error", "") and took < 15,
                            "took %.1fs; %s" % (took, r.describe()))
            finally:
                silent.close()

            suite.check("the bind password never appears in riposte's output",
                        secrets_absent([slapd.ROOT_PASSWORD], outputs) == "", secrets_absent([slapd.ROOT_PASSWORD],
                                                                                              outputs))
        finally:
            server.stop()
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
