#!/usr/bin/env python3
"""Full authorization-code logins per second: /authorize -> login form POST -> token, each
with a fresh cookie jar (a new browser, so every flow logs in with the password), PKCE S256.
Drives gatehoused's hosted login page or the peer's (oidc-provider) devInteractions.
Standard library only; N worker processes, each with one keep-alive connection. Prints one JSON
line. Not a test: it counts, it does not judge.

  codeflow.py --server gatehoused|peer --base URL --client-id ID --client-secret S
              --redirect-uri URI --username U --password P [--tenant T]
              [--seconds 10] [--concurrency 4]
"""
import argparse, base64, hashlib, http.client, json, multiprocessing, os, re, secrets, statistics
import sys, time, urllib.parse


class Browser:
    """One keep-alive connection; cookies by name (each flow makes a new Browser state)."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        self.cookies = {}

    def request(self, method, target, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, target, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                self.cookies[key.strip()] = val.strip()
        return response.status, response.getheader("Location", ""), data


def target_of(location):
    url = urllib.parse.urlsplit(location)
    return url.path + ("?" + url.query if url.query else "")


def pkce():
    verifier = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def expect(status, wanted, what, data=b""):
    if status not in wanted:
        raise RuntimeError(f"{what}: HTTP {status} {data[:200]!r}")


def redeem(b, a, token_path, code, verifier):
    basic = base64.b64encode(f"{a.client_id}:{a.client_secret}".encode()).decode()
    status, _, data = b.request("POST", token_path, {
        "grant_type": "authorization_code", "code": code, "redirect_uri": a.redirect_uri,
        "code_verifier": verifier}, {"Authorization": "Basic " + basic})
    expect(status, (200,), "token", data)
    if "access_token" not in json.loads(data):
        raise RuntimeError("token: no access_token")


def code_of(location):
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query).get("code", [""])[0]
    if not code:
        raise RuntimeError(f"no code in {location}")
    return code


def authorize_query(a, challenge):
    return urllib.parse.urlencode({
        "response_type": "code", "client_id": a.client_id, "redirect_uri": a.redirect_uri,
        "scope": "openid", "state": secrets.token_hex(8), "nonce": secrets.token_hex(8),
        "code_challenge": challenge, "code_challenge_method": "S256"})


def gatehoused_flow(b, a):
    root = f"/t/{a.tenant}"
    verifier, challenge = pkce()
    status, location, data = b.request("GET", f"{root}/authorize?" + authorize_query(a, challenge))
    expect(status, (302,), "authorize", data)
    status, _, page = b.request("GET", target_of(location))
    expect(status, (200,), "login page", page)
    fields = dict(re.findall(rb'name="(state|csrf)"\s+value="([^"]*)"', page))
    status, location, data = b.request("POST", f"{root}/u/login", {
        "state": fields[b"state"].decode(), "csrf": fields[b"csrf"].decode(),
        "username": a.username, "password": a.password})
    expect(status, (302,), "login", data)
    redeem(b, a, f"{root}/oauth/token", code_of(location), verifier)


def peer_flow(b, a):
    verifier, challenge = pkce()
    status, location, data = b.request("GET", "/auth?" + authorize_query(a, challenge))
    expect(status, (302, 303), "auth", data)
    status, location, data = b.request("POST", target_of(location), {
        "prompt": "login", "login": a.username, "password": a.password})
    expect(status, (302, 303), "login", data)
    status, location, data = b.request("GET", target_of(location))  # back to /auth: consent
    expect(status, (302, 303), "resume", data)
    status, location, data = b.request("POST", target_of(location), {"prompt": "consent"})
    expect(status, (302, 303), "consent", data)
    status, location, data = b.request("GET", target_of(location))  # -> redirect_uri?code=
    expect(status, (302, 303), "resume", data)
    redeem(b, a, "/token", code_of(location), verifier)


def worker(a, deadline, results):
    flow = gatehoused_flow if a.server == "gatehoused" else peer_flow
    b = Browser(a.base)
    durations, errors, first_error = [], 0, ""
    while time.monotonic() < deadline:
        b.cookies = {}
        t0 = time.monotonic()
        try:
            flow(b, a)
            durations.append(time.monotonic() - t0)
        except Exception as error:  # counted and reported, never retried silently
            errors += 1
            first_error = first_error or str(error)
            b = Browser(a.base)
    results.put((durations, errors, first_error))


def main():
    p = argparse.ArgumentParser()
    for name in ("server", "base", "client-id", "client-secret", "redirect-uri", "username",
                 "password"):
        p.add_argument("--" + name, required=True)
    p.add_argument("--tenant", default="bench")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--concurrency", type=int, default=4)
    a = p.parse_args()
    results = multiprocessing.Queue()
    start = time.monotonic()
    deadline = start + a.seconds
    procs = [multiprocessing.Process(target=worker, args=(a, deadline, results))
             for _ in range(a.concurrency)]
    for proc in procs:
        proc.start()
    collected = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.monotonic() - start
    durations = sorted(d for c in collected for d in c[0])
    errors = sum(c[1] for c in collected)
    first_error = next((c[2] for c in collected if c[2]), "")
    q = lambda f: round(1000 * durations[min(len(durations) - 1, int(f * len(durations)))], 1) \
        if durations else None
    print(json.dumps({"server": a.server, "flows": len(durations), "errors": errors,
                      "first_error": first_error, "seconds": round(elapsed, 2),
                      "per_second": round(len(durations) / elapsed, 2),
                      "p50_ms": q(0.50), "p99_ms": q(0.99)}))


if __name__ == "__main__":
    main()
