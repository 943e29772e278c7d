#!/usr/bin/env python3
"""The --config file and the safety rules every binding shares
(spec/actions.md, docs/actions.md "Configuration"), through `riposte run
--bindings real --config`:

- a bad file is refused before anything runs, with the JSON path;
- configured secrets never appear in the output (params, results, errors),
  even when a program prints them;
- a program (runScript, executeCustomScript) never sees the server's
  environment, where the secrets live.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Folder, Suite, action, algorithm, parse_args, run_algorithm, secrets_absent  # noqa: E402

SECRET = "Pw-7f3a9c-very-secret"

BAD_CONFIGS = [
    ("unknown top key", {"smpt": {}}, "smpt: unknown key"),
    ("unknown ldap key", {"ldap": {"url": "ldap://127.0.0.1", "baseDN": "dc=x", "bindDn": "x"}}, "ldap.bindDn: unknown key"),
    ("inline secret", {"ldap": {"url": "ldap://127.0.0.1", "baseDN": "dc=x", "password": "p"}},
     "ldap.password: secrets are never inline"),
    ("unset variable", {"endpoint": {"url": "http://127.0.0.1:1", "tokenEnv": "RIPOSTE_NO_SUCH_VARIABLE"}},
     "endpoint.tokenEnv: environment variable RIPOSTE_NO_SUCH_VARIABLE is not set"),
    ("host not allowed", {"tip": {"url": "http://10.1.2.3:8081"}},
     'tip.url: host "10.1.2.3" is not in allow.hosts (the list is empty: every host is denied)'),
    ("tenant override", {"allow": {"hosts": ["127.0.0.1"]}, "tenants": {"t7": {"ldap": {"url": "ldap://127.0.0.1"}}}},
     "tenants.t7.ldap.baseDN: missing"),
    ("database table list", {"databases": {"audit": {"url": "sqlite:///tmp/x.db"}}},
     "databases.audit.tables: missing"),
    ("credential type", {"credentials": {"c": {"type": "digest"}}}, 'credentials.c.type: expected "bearer" or "basic"'),
]


def main():
    args = parse_args(__doc__)
    suite = Suite(args.filter)
    echo = algorithm([action("runScript", {"commandLine": "/bin/echo", "commandLineParameters": "x " + SECRET})])
    with Folder(args.keep) as folder:
        for name, config, expected in BAD_CONFIGS:
            if not suite.wants(name):
                continue
            r = run_algorithm(args.riposte, folder, "bad", echo, config=config)
            suite.check("bad config: " + name, r.code == 2 and expected in r.stderr and r.out is None,
                        "expected exit 2 with %r; %s" % (expected, r.describe()))

        config = {"credentials": {"ticketing": {"type": "bearer", "tokenEnv": "TICKET_TOKEN"}}}
        env = {"TICKET_TOKEN": SECRET}
        r = run_algorithm(args.riposte, folder, "mask", echo, config=config, env=env)
        suite.check("a printed secret is masked", r.code == 0 and r.calls and
                    r.calls[0]["result"]["stdout"] == "x ********\n" and
                    r.calls[0]["params"]["commandLineParameters"] == "x ********", r.describe())
        suite.check("no secret anywhere in the output", secrets_absent([SECRET], [r.stdout, r.stderr]) == "",
                    secrets_absent([SECRET], [r.stdout, r.stderr]))

        env_algo = algorithm([action("executeCustomScript", {"commandLine": "/usr/bin/env"})])
        r = run_algorithm(args.riposte, folder, "env", env_algo, config=config, env=env)
        out = r.calls[0]["result"]["stdout"] if r.calls else ""
        suite.check("a program does not see the server's environment",
                    r.code == 0 and "TICKET_TOKEN" not in out and "PATH=" in out, r.describe())
    return suite.finish()


if __name__ == "__main__":
    sys.exit(main())
