#!/usr/bin/env python3
"""A real OpenLDAP server (slapd) for the LDAP action tests, on 127.0.0.1,
in a folder of its own (/work/shared/spec/peers.md, "OpenLDAP").

The one place the test directory is written: tests/actions_real/check_ldap.py
imports this module, and the C++ unit tests (tests/unit/actions/ldap_*) run
it as a program:

  slapd.py start --dir DIR --port PORT   # prints one JSON line: url, rootDN, rootPassword, pid
  slapd.py run --dir DIR --port PORT     # the same set-up, then slapd in the foreground (exec):
                                         # the caller's child, stopped by its pid (the C++ tests)
  slapd.py stop --dir DIR                # SIGTERM to the pid of DIR/slapd.pid, waits for the end
  slapd.py dump --dir DIR                # the database as LDIF (slapcat), what the directory holds
  ... --tls-cert CERT --tls-key KEY      # start/run: STARTTLS with this certificate

What `start` sets up:
- a cn=config LDIF (DIR/config.ldif) loaded by `slapadd -n 0 -F DIR/slapd.d`:
  olcPidFile and olcArgsFile in DIR, a module list loading back_mdb and
  ppolicy from /usr/lib/ldap, the core, cosine, inetorgperson and nis
  schemas from /etc/ldap/schema (OpenLDAP 2.5 builds the ppolicy schema
  into its overlay), an mdb database for dc=corp,dc=example in DIR/db with
  the root DN cn=admin,dc=corp,dc=example and its password, and the ppolicy
  overlay with cn=default,ou=policies,dc=corp,dc=example as the default
  policy (pwdLockout TRUE: an account whose pwdAccountLockedTime is
  000001010000Z cannot bind);
- the data (DIR/data.ldif, `slapadd -n 1`): USERS under ou=people (and a
  second "dup" under ou=staff, so that uid=dup matches two entries), the
  groupOfNames cn=vpn (member: carol) and the posixGroup cn=devs
  (memberUid: carol) under ou=groups, cn=solo (a groupOfNames whose only
  member is dave: the schema forbids removing him), and the policy;
- `slapd -F DIR/slapd.d -h ldap://127.0.0.1:PORT/`, which forks into the
  background; `start` returns once the port accepts connections and the
  root DN can bind.

Every user's password is USER_PASSWORDS[uid].  Needs the Debian packages
slapd and ldap-utils.  Errors: a message on stderr and exit status 1 (the
folder is left for reading; slapd's own output is in DIR/slapd.log).
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time

SUFFIX = "dc=corp,dc=example"
ROOT_DN = "cn=admin," + SUFFIX
ROOT_PASSWORD = "Root-Pw-4d1c7e-secret"
PEOPLE = "ou=people," + SUFFIX
GROUPS = "ou=groups," + SUFFIX
POLICY_DN = "cn=default,ou=policies," + SUFFIX
# uid -> password; the users of ou=people.
USER_PASSWORDS = {
    "alice": "Alice-pw-1",
    "bob": "Bob-pw-2",
    "carol": "Carol-pw-3",
    "dave": "Dave-pw-4",
    "admin": "Admin-pw-5",
    "dup": "Dup-pw-6",
}
SCHEMAS = ("core", "cosine", "inetorgperson", "nis")
SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SLAPCAT = "/usr/sbin/slapcat"
MODULES = "/usr/lib/ldap"


def user_dn(uid, ou="people"):
    return "uid=%s,ou=%s,%s" % (uid, ou, SUFFIX)


def config_ldif(folder, tls=None):
    d = os.path.abspath(folder)
    parts = ["""dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: {d}/slapd.pid
olcArgsFile: {d}/slapd.args
""".format(d=d)]
    if tls:
        parts.append("olcTLSCertificateFile: %s\nolcTLSCertificateKeyFile: %s\n" % tls)
    parts.append("""
dn: cn=module,cn=config
objectClass: olcModuleList
cn: module
olcModulePath: {m}
olcModuleLoad: back_mdb
olcModuleLoad: ppolicy

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema
""".format(m=MODULES))
    for s in SCHEMAS:
        parts.append("\ninclude: file:///etc/ldap/schema/%s.ldif\n" % s)
    parts.append("""
dn: olcDatabase={{-1}}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {{-1}}frontend

dn: olcDatabase={{0}}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {{0}}config
olcRootDN: cn=config
olcAccess: {{0}}to * by * none

dn: olcDatabase={{1}}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {{1}}mdb
olcDbDirectory: {d}/db
olcSuffix: {suffix}
olcRootDN: {root}
olcRootPW: {pw}
olcDbMaxSize: 104857600
olcAccess: {{0}}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {{1}}to * by self read by users read by * none

dn: olcOverlay={{0}}ppolicy,olcDatabase={{1}}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcPPolicyConfig
olcOverlay: {{0}}ppolicy
olcPPolicyDefault: {policy}
""".format(d=d, suffix=SUFFIX, root=ROOT_DN, pw=ROOT_PASSWORD, policy=POLICY_DN))
    return "".join(parts)


def data_ldif():
    out = ["""dn: {s}
objectClass: dcObject
objectClass: organization
dc: corp
o: Corp

dn: ou=people,{s}
objectClass: organizationalUnit
ou: people

dn: ou=staff,{s}
objectClass: organizationalUnit
ou: staff

dn: ou=groups,{s}
objectClass: organizationalUnit
ou: groups

dn: ou=policies,{s}
objectClass: organizationalUnit
ou: policies

dn: {p}
objectClass: device
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdLockout: TRUE
pwdMaxFailure: 0
""".format(s=SUFFIX, p=POLICY_DN)]
    for uid, pw in USER_PASSWORDS.items():
        out.append("""
dn: {dn}
objectClass: inetOrgPerson
uid: {uid}
cn: {cap}
sn: {cap}
userPassword: {pw}
""".format(dn=user_dn(uid), uid=uid, cap=uid.capitalize(), pw=pw))
    out.append("""
dn: {dn}
objectClass: inetOrgPerson
uid: dup
cn: Dup Two
sn: Two
userPassword: Dup-pw-7
""".format(dn=user_dn("dup", "staff")))
    out.append("""
dn: cn=vpn,{g}
objectClass: groupOfNames
cn: vpn
member: {carol}

dn: cn=devs,{g}
objectClass: posixGroup
cn: devs
gidNumber: 5000
memberUid: carol

dn: cn=solo,{g}
objectClass: groupOfNames
cn: solo
member: {dave}
""".format(g=GROUPS, carol=user_dn("carol"), dave=user_dn("dave")))
    return "".join(out)


def _run(argv, folder, what):
    log = os.path.join(folder, what + ".log")
    with open(log, "wb") as f:
        p = subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        with open(log, "rb") as f:
            raise RuntimeError("%s failed (exit %d): %s" % (" ".join(argv), p.returncode,
                                                            f.read().decode("utf-8", "replace")[-3000:]))


def _accepts(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def read_pid(folder):
    try:
        with open(os.path.join(folder, "slapd.pid")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


class Slapd:
    """One slapd in `folder` (created if needed) on 127.0.0.1:port."""

    def __init__(self, folder, port, tls=None):
        """tls: (certificate file, key file) for STARTTLS, or None."""
        self.folder = os.path.abspath(folder)
        self.tls = tuple(os.path.abspath(f) for f in tls) if tls else None
        self.port = port
        self.url = "ldap://127.0.0.1:%d" % port
        self.pid = None

    def info(self):
        return {"url": self.url, "port": self.port, "rootDN": ROOT_DN, "rootPassword": ROOT_PASSWORD,
                "suffix": SUFFIX, "pid": self.pid, "dir": self.folder}

    def prepare(self):
        """Writes and loads the configuration and the data; returns slapd's argv (daemon mode)."""
        for prog in (SLAPD, SLAPADD, SLAPCAT):
            if not os.access(prog, os.X_OK):
                raise RuntimeError("%s is missing (Debian package slapd)" % prog)
        if not os.path.exists(os.path.join(MODULES, "back_mdb.la")):
            raise RuntimeError("%s/back_mdb.la is missing (Debian package slapd)" % MODULES)
        os.makedirs(os.path.join(self.folder, "slapd.d"), exist_ok=True)
        os.makedirs(os.path.join(self.folder, "db"), exist_ok=True)
        conf = os.path.join(self.folder, "config.ldif")
        data = os.path.join(self.folder, "data.ldif")
        with open(conf, "w") as f:
            f.write(config_ldif(self.folder, self.tls))
        with open(data, "w") as f:
            f.write(data_ldif())
        slapd_d = os.path.join(self.folder, "slapd.d")
        _run([SLAPADD, "-n", "0", "-F", slapd_d, "-l", conf], self.folder, "slapadd-config")
        _run([SLAPADD, "-n", "1", "-F", slapd_d, "-l", data], self.folder, "slapadd-data")
        return [SLAPD, "-F", slapd_d, "-h", self.url + "/"]

    def run(self):
        """prepare(), then becomes slapd in the foreground (-d 0): never returns."""
        argv = self.prepare() + ["-d", "0"]
        sys.stdout.flush()
        os.execv(argv[0], argv)

    def start(self, timeout=20.0):
        argv = self.prepare()
        log = os.path.join(self.folder, "slapd.log")
        with open(log, "wb") as f:
            # Forks into the background once listening; the pid file says who it is.
            p = subprocess.run(argv + ["-s", "0"], stdout=f, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            with open(log, "rb") as f:
                raise RuntimeError("slapd exited with status %d: %s" % (p.returncode,
                                                                        f.read().decode("utf-8", "replace")[-3000:]))
        deadline = time.monotonic() + timeout
        while True:
            self.pid = read_pid(self.folder)
            if self.pid is not None and _accepts(self.port):
                break
            if self.pid is not None and not _alive(self.pid):
                raise RuntimeError("slapd (pid %d) ended before listening on %d" % (self.pid, self.port))
            if time.monotonic() > deadline:
                raise RuntimeError("slapd did not listen on 127.0.0.1:%d within %.0fs" % (self.port, timeout))
            time.sleep(0.05)
        return self

    def stop(self, timeout=15.0):
        pid = read_pid(self.folder) or self.pid
        if pid is None:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while _alive(pid):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                break
            time.sleep(0.05)
        self.pid = None

    def dump(self):
        """The database as LDIF text (slapcat on the stopped or running mdb: a read transaction)."""
        p = subprocess.run([SLAPCAT, "-n", "1", "-F", os.path.join(self.folder, "slapd.d"), "-o", "ldif-wrap=no"],
                           capture_output=True)
        if p.returncode != 0:
            raise RuntimeError("slapcat failed: %s" % p.stderr.decode("utf-8", "replace"))
        return p.stdout.decode("utf-8", "replace")

    def entry(self, dn):
        """The entry `dn` as {attribute lower-case: [values]} (operational ones too), or None."""
        for e in parse_ldif(self.dump()):
            if e.get("dn", [""])[0].lower() == dn.lower():
                return e
        return None

    def can_bind(self, dn, password):
        """True when a simple bind of dn/password succeeds (ldapwhoami)."""
        p = subprocess.run(["/usr/bin/ldapwhoami", "-x", "-H", self.url, "-D", dn, "-w", password],
                           capture_output=True, timeout=30)
        return p.returncode == 0

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def parse_ldif(text):
    """slapcat's output (no wrapping) as a list of {attribute lower-case: [values]}; base64 values decoded."""
    import base64
    entries, cur = [], None
    for line in text.splitlines():
        if not line.strip():
            if cur:
                entries.append(cur)
            cur = None
            continue
        if line.startswith("#") or line.startswith(" "):
            continue
        name, _, rest = line.partition(":")
        if rest.startswith(":"):
            value = base64.b64decode(rest[1:].strip()).decode("utf-8", "replace")
        else:
            value = rest.strip()
        cur = cur or {}
        cur.setdefault(name.lower(), []).append(value)
    if cur:
        entries.append(cur)
    return entries


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["start", "run", "stop", "dump"])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls-cert", help="certificate (PEM) for STARTTLS; needs --tls-key")
    ap.add_argument("--tls-key", help="its private key (PEM)")
    args = ap.parse_args()
    s = Slapd(args.dir, args.port, (args.tls_cert, args.tls_key) if args.tls_cert else None)
    try:
        if args.command == "start":
            if args.port <= 0:
                raise RuntimeError("start needs --port")
            s.start()
            print(json.dumps(s.info()), flush=True)
        elif args.command == "run":
            if args.port <= 0:
                raise RuntimeError("run needs --port")
            s.run()
        elif args.command == "stop":
            s.stop()
        else:
            sys.stdout.write(s.dump())
    except (RuntimeError, OSError) as e:
        print("slapd.py %s: %s" % (args.command, e), file=sys.stderr)
        if args.command == "start":
            s.stop()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
