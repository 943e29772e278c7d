#!/usr/bin/env python3
"""webhook and iocsEnrichment for real (docs/actions-http.md), through
`riposte run --bindings real --config`, against peers/http_recorder.py on
127.0.0.1; every assertion is on what ARRIVED at the recorder:

- webhook with each method, path, query, headers, a bearer and a basic
  credential from the configuration: the secrets arrive at the peer and
  appear nowhere in riposte's output;
- runOnce (one request, the results array as the body) against one request
  per result (each its result, each its own idempotency key);
- a host outside allow.hosts (an address, a name resolving to an address not
  listed) and a redirect to a host not allowed: refused, nothing arrives;
- a peer that never answers: the step's `timeout` ends the call with a
  deadline error;
- a call retried (riposte killed during the call, then `riposte resume`)
  carries the same Idempotency-Key as the first attempt;
- TLS: verification on by default, `tls: {"verify": false}`, the TIP's caFile;
- iocsEnrichment against the recorder as the TIP: the key header arrived, the
  kinds and values asked, 100 records by default, all with fullEnrichment.
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_check_functions, Run, action, algorithm, run_algorithm, secrets_absent  # noqa: E402
from peers.http_recorder import Recorder  # noqa: E402

TOKEN = "Tok-4b1e-bearer-secret"
PASSWORD = "Pw-9c2d-basic-secret"
TIP_KEY = "Key-77aa-tip-secret"
SECRETS = [TOKEN, PASSWORD, TIP_KEY]
ENV = {"HOOK_TOKEN": TOKEN, "HOOK_PASSWORD": PASSWORD, "TIP_KEY": TIP_KEY}


def config(allow=("127.0.0.1",), tip_port=None):
    c = {"allow": {"hosts": list(allow)},
         "credentials": {"ticketing": {"type": "bearer", "tokenEnv": "HOOK_TOKEN"},
                         "legacy": {"type": "basic", "username": "soc", "passwordEnv": "HOOK_PASSWORD"}}}
    if tip_port is not None:
        c["tip"] = {"url": "http://127.0.0.1:%d" % tip_port, "keyEnv": "TIP_KEY"}
    return c


def hook(rec, **params):
    p = {"protocol": "http", "host": rec.host, "port": rec.port}
    p.update(params)
    return p


def basic(user, password):
    import base64
    return "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()


def no_secret(r):
    return secrets_absent(SECRETS, [r.stdout, r.stderr])


def check_methods(suite, riposte, folder):
    with Recorder(folder, name="methods") as rec:
        for i, method in enumerate(["GET", "POST", "PUT", "DELETE"]):
            name = "webhook %s with query, headers, bearer" % method
            if not suite.wants(name):
                continue
            rec.clear()
            algo = algorithm([action("webhook", hook(rec, method=method, path="/hooks/%d" % i,
                                                     query={"alert": "a1", "n": 2, "tag": ["x", "y z"]},
                                                     headers={"X-Source": "riposte", "X-Num": 5},
                                                     authorization={"credential": "ticketing"},
                                                     body={"method": method}, runOnce=True))])
            r = run_algorithm(riposte, folder, "m%d" % i, algo, config=config(), env=ENV)
            got = rec.requests()
            ok = (r.code == 0 and r.status == "Success" and len(got) == 1 and got[0]["method"] == method and
                  got[0]["path"] == "/hooks/%d" % i and
                  got[0]["query"] == {"alert": ["a1"], "n": ["2"], "tag": ["x", "y z"]} and
                  got[0]["headers"].get("x-source") == "riposte" and got[0]["headers"].get("x-num") == "5" and
                  got[0]["headers"].get("authorization") == "Bearer " + TOKEN and
                  len(got[0]["headers"].get("idempotency-key", "")) == 32 and
                  json.loads(got[0]["body"]) == {"method": method} and
                  got[0]["headers"].get("content-type") == "application/json" and
                  r.calls[0]["result"]["status"] == 200)
            suite.check(name, ok, "%s; received %s" % (r.describe(), got))
            suite.check(name + ": the token is nowhere in riposte's output", no_secret(r) == "", no_secret(r))

        if suite.wants("webhook basic credential"):
            rec.clear()
            algo = algorithm([action("webhook", hook(rec, method="POST", path="/legacy", body="plain text",
                                                     authorization={"credential": "legacy"}))])
            r = run_algorithm(riposte, folder, "basic", algo, config=config(), env=ENV)
            got = rec.requests()
            suite.check("webhook basic credential",
                        r.code == 0 and len(got) == 1 and got[0]["headers"].get("authorization") == basic("soc", PASSWORD)
                        and got[0]["body"] == "plain text", "%s; received %s" % (r.describe(), got))
            suite.check("webhook basic credential: the password is nowhere in riposte's output", no_secret(r) == "",
                        no_secret(r))

        if suite.wants("webhook unknown credential"):
            rec.clear()
            algo = algorithm([action("webhook", hook(rec, authorization={"credential": "nope"}))])
            r = run_algorithm(riposte, folder, "nocred", algo, config=config(), env=ENV)
            err = r.calls[0].get("error", "") if r.calls else ""
            suite.check("webhook unknown credential: a clear error, nothing sent",
                        r.code == 1 and '"nope" is not in the configuration\'s credentials' in err and not rec.requests(),
                        r.describe())

        if suite.wants("webhook inline authorization header"):
            rec.clear()
            algo = algorithm([action("webhook", hook(rec, headers={"Authorization": "Bearer inline"}))])
            r = run_algorithm(riposte, folder, "inline", algo, config=config(), env=ENV)
            err = r.calls[0].get("error", "") if r.calls else ""
            suite.check("webhook inline authorization header refused, nothing sent",
                        r.code == 1 and "secrets are never inline" in err and not rec.requests(), r.describe())

        if suite.wants("webhook non-2xx"):
            rec.clear()
            rec.set_routes({"/fail": {"status": 503, "body": {"why": "down"}}})
            algo = algorithm([action("webhook", hook(rec, path="/fail"), on_error="continue")])
            r = run_algorithm(riposte, folder, "fail", algo, config=config(), env=ENV)
            c = r.calls[0] if r.calls else {}
            suite.check("webhook non-2xx: a step error keeping the response",
                        c.get("status") == "Error" and "answered 503" in c.get("error", "") and
                        c.get("result", {}).get("body") == {"why": "down"} and r.status == "Warning", r.describe())
            rec.set_routes({})


def check_run_once(suite, riposte, folder):
    if not suite.wants("runOnce"):
        return
    events = [{"id": 1, "host": "h1"}, {"id": 2, "host": "h2"}, {"id": 3, "host": "h3"}]
    alert = {"id": "a-once", "Severity": "high", "events": events}
    with Recorder(folder, name="once") as rec:
        algo = algorithm([action("webhook", hook(rec, path="/once", runOnce=True, results="${ [alert.events[]] }"))])
        r = run_algorithm(riposte, folder, "once", algo, config=config(), env=ENV, alert=alert)
        got = rec.requests()
        suite.check("runOnce: one request, the results array as the body",
                    r.code == 0 and len(got) == 1 and json.loads(got[0]["body"]) == events and
                    r.calls[0]["result"]["requests"] == 1, "%s; received %s" % (r.describe(), got))
        rec.clear()
        algo = algorithm([action("webhook", hook(rec, path="/each", results="${ [alert.events[]] }"))])
        r = run_algorithm(riposte, folder, "each", algo, config=config(), env=ENV, alert=alert)
        got = rec.requests()
        keys = [g["headers"].get("idempotency-key", "") for g in got]
        suite.check("runOnce false: one request per result, each its result",
                    r.code == 0 and len(got) == 3 and [json.loads(g["body"]) for g in got] == events and
                    r.calls[0]["result"]["requests"] == 3 and len(r.calls[0]["result"]["responses"]) == 3,
                    "%s; received %s" % (r.describe(), got))
        suite.check("runOnce false: each request its own idempotency key (the call's, -0 -1 -2)",
                    len(set(keys)) == 3 and all(k.endswith("-%d" % i) for i, k in enumerate(keys)) and
                    len({k.rsplit("-", 1)[0] for k in keys}) == 1, str(keys))


def check_allow_list(suite, riposte, folder):
    with Recorder(folder, name="allow") as rec, Recorder(folder, name="denied", host="127.0.0.2") as denied:
        if suite.wants("allow-list: an address not listed"):
            algo = algorithm([action("webhook", hook(rec, path="/x"))])
            r = run_algorithm(riposte, folder, "deny1", algo, config=config(allow=["10.9.9.9"]), env=ENV)
            err = r.calls[0].get("error", "") if r.calls else ""
            suite.check("allow-list: an address not listed is refused, nothing received",
                        r.code == 1 and 'host "127.0.0.1" is not in allow.hosts' in err and not rec.requests(),
                        r.describe())
        if suite.wants("allow-list: a name resolving"):
            algo = algorithm([action("webhook", {"protocol": "http", "host": "localhost", "port": rec.port, "path": "/n"})])
            r = run_algorithm(riposte, folder, "deny2", algo, config=config(allow=["127.0.0.2"]), env=ENV)
            err = r.calls[0].get("error", "") if r.calls else ""
            suite.check("allow-list: a name resolving to an address not listed is refused, nothing received",
                        r.code == 1 and 'host "localhost" (address ' in err and not rec.requests(), r.describe())
            r = run_algorithm(riposte, folder, "allow2", algo, config=config(allow=["127.0.0.1"]), env=ENV)
            suite.check("allow-list: a name resolving to a listed address passes",
                        r.code == 0 and len(rec.requests()) == 1, r.describe())
            rec.clear()
        if suite.wants("allow-list: a redirect"):
            target = denied.url("/stolen")
            rec.set_routes({"/jump": {"redirect": target, "status": 307}})
            algo = algorithm([action("webhook", hook(rec, path="/jump", authorization={"credential": "ticketing"},
                                                     body={"x": 1}))])
            r = run_algorithm(riposte, folder, "redir", algo, config=config(), env=ENV)
            err = r.calls[0].get("error", "") if r.calls else ""
            suite.check("allow-list: a redirect to a host not listed is refused, nothing reaches it",
                        r.code == 1 and "redirect to" in err and 'host "127.0.0.2" is not in allow.hosts' in err and
                        len(rec.requests()) == 1 and not denied.requests(), r.describe())
            r = run_algorithm(riposte, folder, "redir2", algo, config=config(allow=["127.0.0.1", "127.0.0.2"]), env=ENV)
            got = denied.requests()
            suite.check("allow-list: a redirect to a listed host is followed, without the credential",
                        r.code == 0 and len(got) == 1 and got[0]["path"] == "/stolen" and
                        "authorization" not in got[0]["headers"] and json.loads(got[0]["body"]) == {"x": 1},
                        "%s; received %s" % (r.describe(), got))
            rec.set_routes({})


def check_timeout(suite, riposte, folder):
    if not suite.wants("timeout"):
        return
    with Recorder(folder, name="never", routes={"/never": {"never": True}}) as rec:
        step = action("webhook", hook(rec, path="/never"), timeout={"scheduleToCloseTimeout": "2s"})
        t0 = time.monotonic()
        r = run_algorithm(riposte, folder, "never", algorithm([step]), config=config(), env=ENV)
        took = time.monotonic() - t0
        c = r.calls[0] if r.calls else {}
        err = c.get("error", "")
        suite.check("timeout: a peer that never answers ends the call at the step's timeout",
                    r.code == 1 and c.get("status") == "Error" and "deadline" in err and len(rec.requests()) == 1
                    and 1.5 < took < 15, "took %.1fs; %s" % (took, r.describe()))


def check_retry(suite, riposte, folder):
    if not suite.wants("retry"):
        return
    with Recorder(folder, name="retry", routes={"/slow": {"never": True}}) as rec:
        algo = algorithm([action("webhook", hook(rec, path="/slow", body={"n": 1}))])
        a = os.path.join(folder, "retry.algorithm.json")
        x = os.path.join(folder, "retry.alert.json")
        c = os.path.join(folder, "retry.config.json")
        state = os.path.join(folder, "retry.state.json")
        trace = os.path.join(folder, "retry.trace")
        for path, doc in ((a, algo), (x, {"id": "a-retry"}), (c, config())):
            with open(path, "w") as f:
                json.dump(doc, f)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        env.update(ENV)
        first = subprocess.Popen([riposte, "run", "--algorithm", a, "--alert", x, "--bindings", "real", "--config", c,
                                  "--state", state, "--trace-calls", trace],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        got = rec.wait_for(1, timeout=20)
        first.send_signal(signal.SIGKILL)
        out1, err1 = first.communicate()
        rec.set_routes({})  # now it answers
        p = subprocess.run([riposte, "resume", "--state", state, "--config", c, "--trace-calls", trace],
                           capture_output=True, env=env, timeout=120)
        r = Run(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
        got = rec.requests()
        keys = [g["headers"].get("idempotency-key") for g in got]
        suite.check("retry: the call made again after a crash carries the same Idempotency-Key",
                    r.code == 0 and r.status == "Success" and len(got) == 2 and keys[0] and keys[0] == keys[1],
                    "keys %s; %s" % (keys, r.describe()))
        traced = open(trace).read().split() if os.path.exists(trace) else []
        suite.check("retry: --trace-calls lists the one call made twice under one key",
                    len(traced) == 2 and traced[0] == traced[1], str(traced))
        outputs = [out1.decode("utf-8", "replace"), err1.decode("utf-8", "replace"), r.stdout, r.stderr]
        suite.check("retry: no secret in the outputs", secrets_absent(SECRETS, outputs) == "",
                    secrets_absent(SECRETS, outputs))


def check_tls(suite, riposte, folder):
    if not suite.wants("tls"):
        return
    with Recorder(folder, name="tls", tls=True, tip={"domain": {"evil.example": {"Zone": "Red"}}}) as rec:
        algo = algorithm([action("webhook", hook(rec, protocol="https", path="/secure"))])
        r = run_algorithm(riposte, folder, "tls_verify", algo, config=config(), env=ENV)
        err = r.calls[0].get("error", "") if r.calls else ""
        suite.check("tls: verification is on by default (a self-signed peer is refused, no request arrives)",
                    r.code == 1 and "certificate" in err.lower() and not rec.requests(), r.describe())
        algo = algorithm([action("webhook", hook(rec, protocol="https", path="/secure", tls={"verify": False}))])
        r = run_algorithm(riposte, folder, "tls_noverify", algo, config=config(), env=ENV)
        got = rec.requests()
        suite.check("tls: {\"verify\": false} reaches the same peer",
                    r.code == 0 and len(got) == 1 and got[0]["path"] == "/secure", r.describe())
        c = config()
        c["tip"] = {"url": "https://127.0.0.1:%d" % rec.port, "keyEnv": "TIP_KEY", "caFile": rec.ca_file}
        algo = algorithm([action("iocsEnrichment", {"observables": ["evil.example"]})])
        r = run_algorithm(riposte, folder, "tls_tip", algo, config=c, env=ENV)
        got = rec.requests()
        suite.check("tls: the TIP verified with its caFile",
                    r.code == 0 and len(got) == 2 and got[1]["headers"].get("x-api-key") == TIP_KEY and
                    r.calls[0]["result"]["results"][0]["answer"] == {"Zone": "Red"}, r.describe())


def check_iocs(suite, riposte, folder):
    if not suite.wants("iocsEnrichment"):
        return
    md5 = "44d88612fea8a8f36de82e1278abb02f"
    sha = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"
    records = [{"n": i} for i in range(150)]
    tip = {"domain": {"evil.example": {"Zone": "Red", "records": records}},
           "url": {"http://evil.example/payload?x=1": {"Zone": "Red"}},
           "ip": {"192.0.2.7": {"Zone": "Orange"}},
           "hash": {md5: {"Zone": "Red", "DetectionsInfo": [{"d": 1}]}, sha: {"Zone": "Red"}}}
    observables = ["evil.example", "http://evil.example/payload?x=1", "192.0.2.7", md5.upper(),
                   {"type": "sha256", "value": sha}, "unknown.example"]
    with Recorder(folder, name="tip", tip=tip) as rec:
        algo = algorithm([action("iocsEnrichment", {"observables": observables, "source": "OpenTIP"})])
        r = run_algorithm(riposte, folder, "iocs", algo, config=config(tip_port=rec.port), env=ENV)
        got = rec.requests()
        asked = [(g["path"], g["query"].get("request", [""])[0]) for g in got]
        expected = [("/api/v1/search/domain", "evil.example"), ("/api/v1/search/url", "http://evil.example/payload?x=1"),
                    ("/api/v1/search/ip", "192.0.2.7"), ("/api/v1/search/hash", md5),
                    ("/api/v1/search/hash", sha), ("/api/v1/search/domain", "unknown.example")]
        suite.check("iocsEnrichment: each observable asked by kind", asked == expected,
                    "asked %s; %s" % (asked, r.describe()))
        suite.check("iocsEnrichment: the key header arrived at the TIP",
                    len(got) == 6 and all(g["headers"].get("x-api-key") == TIP_KEY for g in got), str(got[:1]))
        res = r.calls[0]["result"] if r.calls else {}
        first = (res.get("results") or [{}])[0]
        suite.check("iocsEnrichment: 100 records by default",
                    r.code == 0 and len(first.get("answer", {}).get("records", [])) == 100 and
                    first.get("cut") == [{"path": ".records", "total": 150}] and res.get("found") == 5 and
                    res.get("notFound") == 1, r.describe())
        suite.check("iocsEnrichment: the key is nowhere in riposte's output", no_secret(r) == "", no_secret(r))
        algo = algorithm([action("iocsEnrichment", {"observables": ["evil.example"], "fullEnrichment": True,
                                                    "source": "TIP"})])
        r = run_algorithm(riposte, folder, "iocs_full", algo, config=config(tip_port=rec.port), env=ENV)
        res = r.calls[0]["result"] if r.calls else {}
        first = (res.get("results") or [{}])[0]
        suite.check("iocsEnrichment: every record with fullEnrichment",
                    r.code == 0 and len(first.get("answer", {}).get("records", [])) == 150 and
                    rec.requests()[-1]["query"].get("source") == ["TIP"], r.describe())
        n = len(rec.requests())
        algo = algorithm([action("iocsEnrichment", {"observables": ["evil.example", "not an observable"]})])
        r = run_algorithm(riposte, folder, "iocs_bad", algo, config=config(tip_port=rec.port), env=ENV)
        err = r.calls[0].get("error", "") if r.calls else ""
        suite.check("iocsEnrichment: an observable of unknown form is refused before sending",
                    r.code == 1 and "refused before sending" in err and len(rec.requests()) == n, r.describe())


def main():
    return run_check_functions(__doc__, (check_methods, check_run_once, check_allow_list, check_timeout, check_retry, check_tls,
                      check_iocs))


if __name__ == "__main__":
    sys.exit(main())
