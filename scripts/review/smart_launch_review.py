#!/usr/bin/env python3
"""Black-box attack/review of the SMART on FHIR regimen-timeline app and its demo EHR.

Usage: smart_launch_review.py BASE_URL [--log SERVICE_LOG_FILE] [--patient ID] [--other-patient ID]

Python 3 stdlib only. Talks to BASE_URL and to a hostile loopback HTTP server it starts itself.
Each check prints PASS/FAIL (or INFO) with what it saw; the exit code is 1 when any check FAILs.
"""
import argparse, base64, hashlib, http.cookiejar, http.server, json, os, re, secrets, sys, threading, time
import urllib.error, urllib.parse, urllib.request

RESULTS = []


def report(ok, name, saw):
    tag = "INFO" if ok is None else ("PASS" if ok else "FAIL")
    RESULTS.append((tag, name))
    saw = str(saw).replace("\n", " ")
    if len(saw) > 400:
        saw = saw[:400] + "…"
    print(f"{tag}  {name}: {saw}", flush=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class Resp:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url

    @property
    def location(self):
        return self.headers.get("Location")

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def short(self):
        loc = f" Location={self.location}" if self.location else ""
        return f"HTTP {self.status}{loc} body[:120]={self.text[:120]!r}"


class Browser:
    """A cookie-keeping client that never follows redirects by itself."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def req(self, url, method="GET", data=None, headers=None, timeout=30):
        h = {"User-Agent": "smart-launch-review/1"}
        h.update(headers or {})
        if isinstance(data, dict):
            data = urllib.parse.urlencode(data).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        r = urllib.request.Request(url, data=data, method=method, headers=h)
        try:
            with self.opener.open(r, timeout=timeout) as f:
                return Resp(f.status, f.headers, f.read(), url)
        except urllib.error.HTTPError as e:
            return Resp(e.code, e.headers, e.read() if e.fp else b"", url)

    def session(self):
        for c in self.jar:
            if c.name.upper() in ("JSESSIONID", "SESSION"):
                return c.value
        return None


def q(url):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True))


def with_params(url, **changes):
    parts = urllib.parse.urlsplit(url)
    params = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    params = [(k, v) for k, v in params if k not in changes]
    for k, v in changes.items():
        if v is not None:
            params.append((k, v))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(params)))


def absolute(base, loc):
    return urllib.parse.urljoin(base, loc) if loc else None


class Flow:
    """One EHR launch, step by step, so attacks can stop or tamper at any step."""

    def __init__(self, base, patient, browser=None):
        self.base, self.patient = base, patient
        self.b = browser or Browser()
        self.steps = {}

    def ehr_launch(self):
        r = self.b.req(f"{self.base}/demo-ehr/launch?patient={urllib.parse.quote(self.patient)}")
        self.steps["ehr"] = r
        self.launch_url = absolute(self.base, r.location)
        return r

    def app_launch(self, url=None):
        self.session_before = self.b.session()
        r = self.b.req(url or self.launch_url)
        self.steps["launch"] = r
        self.session_at_launch = self.b.session()
        self.authorize_url = absolute(self.base, r.location)
        return r

    def authorize(self, url=None):
        r = self.b.req(url or self.authorize_url)
        self.steps["authorize"] = r
        self.callback_url = absolute(self.base, r.location)
        return r

    def callback(self, url=None):
        r = self.b.req(url or self.callback_url)
        self.steps["callback"] = r
        self.session_after = self.b.session()
        self.landing = absolute(self.base, r.location)
        return r

    def timeline(self):
        r = self.b.req(self.landing or f"{self.base}/smart/timeline")
        self.steps["timeline"] = r
        return r

    def run_to_callback(self):
        self.ehr_launch(); self.app_launch(); self.authorize()
        return self

    def run(self):
        self.run_to_callback(); self.callback(); self.timeline()
        return self


def shows_patient_data(resp, patient_id):
    return resp.status == 200 and patient_id in resp.text and ("Regimen timeline" in resp.text or "timeline-data" in resp.text)


def not_5xx(resp):
    return resp.status < 500


def pkce_pair():
    verifier = base64.urlsafe_b64encode(secrets.token_bytes(48)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


# ---------------------------------------------------------------- hostile loopback server
class Hostile:
    """A loopback 'EHR' we control: records every request the service sends to it."""

    def __init__(self):
        self.hits = []
        outer = self

        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _answer(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                outer.hits.append((self.command, self.path, dict(self.headers), body))
                port = self.server.server_address[1]
                me = f"http://127.0.0.1:{port}"
                if self.path.startswith("/fhir/.well-known/smart-configuration") or self.path.startswith("/fhir/metadata"):
                    doc = {"issuer": me, "authorization_endpoint": me + "/authorize", "token_endpoint": me + "/token",
                           "code_challenge_methods_supported": ["S256"], "capabilities": ["launch-ehr", "client-public"]}
                    out = json.dumps(doc).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                elif self.path.startswith("/token"):
                    out = json.dumps({"access_token": "HOSTILE-TOKEN", "token_type": "Bearer", "patient": "demo-jp-c2",
                                      "scope": "launch patient/*.rs", "expires_in": 3600}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                else:
                    out = b"{}"
                    self.send_response(404)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = _answer

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.srv.server_address[1]
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def close(self):
        self.srv.shutdown()


# ---------------------------------------------------------------- checks
def check_happy_path(base, patient):
    f = Flow(base, patient).run()
    ok = f.steps["ehr"].status in (302, 303) and f.launch_url and "/smart/launch" in f.launch_url
    report(ok, "demo EHR launch redirects to the app with iss+launch", f.launch_url)
    lq = q(f.launch_url or "")
    report("iss" in lq and "launch" in lq, "launch URL carries iss and launch", lq)
    aq = q(f.authorize_url or "")
    report(bool(aq), "app redirects to the authorize endpoint", f.steps["launch"].short())
    for k in ("response_type", "client_id", "redirect_uri", "launch", "scope", "state", "aud", "code_challenge", "code_challenge_method"):
        report(k in aq, f"authorize request has `{k}` (SMART 2.2)", aq.get(k))
    report(aq.get("code_challenge_method") == "S256", "PKCE method is S256", aq.get("code_challenge_method"))
    st = aq.get("state", "")
    bits = len(st) * 6 if re.fullmatch(r"[A-Za-z0-9_\-]+", st or "-") else len(st) * 4
    report(bits >= 122, "state has >= 122 bits of entropy (by length)", f"{len(st)} chars ≈ {bits} bits")
    report(aq.get("aud") == lq.get("iss"), "aud equals iss", f"aud={aq.get('aud')} iss={lq.get('iss')}")
    report(aq.get("launch") == lq.get("launch"), "launch passed through unchanged", aq.get("launch"))
    cq = q(f.callback_url or "")
    report("code" in cq and "access_token" not in cq, "authorize answers with a code (no token in the URL)", f.callback_url)
    t = f.steps["timeline"]
    report(shows_patient_data(t, patient), "timeline shows the launched patient", t.short())
    # session fixation
    report(f.session_at_launch is not None and f.session_after is not None and f.session_after != f.session_at_launch,
           "session id changes at login (no fixation)", f"at launch={f.session_at_launch} after callback={f.session_after}")
    # headers on patient page
    cc = (t.headers.get("Cache-Control") or "").lower()
    report("no-store" in cc, "timeline is not cacheable (Cache-Control no-store)", cc)
    xfo = t.headers.get("X-Frame-Options")
    csp = t.headers.get("Content-Security-Policy") or ""
    m = re.search(r"frame-ancestors([^;]*)", csp)
    fa = m.group(1).strip() if m else None
    report(bool(xfo) or (fa is not None and "*" not in fa), "timeline restricts framing (XFO or CSP frame-ancestors)",
           f"X-Frame-Options={xfo} frame-ancestors={fa}")
    report(fa is None or "*" not in fa.split(), "frame-ancestors is not a wildcard", fa)
    report((t.headers.get("Referrer-Policy") or "") in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"),
           "Referrer-Policy keeps callback URLs (code/state) from leaking", t.headers.get("Referrer-Policy"))
    cbh = f.steps["callback"].headers.get("Referrer-Policy")
    report(cbh == "no-referrer" or f.steps["callback"].status in (301, 302, 303, 307, 308),
           "callback page (code in its URL) leaks no Referer", f"status={f.steps['callback'].status} Referrer-Policy={cbh}")
    return f


def check_token_not_in_page(f):
    page = f.steps["timeline"].text
    hits = [m for m in re.findall(r"eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]*", page)]
    code = q(f.callback_url).get("code", "")
    report(not hits and (not code or code not in page), "no JWT/access token or code in the timeline HTML",
           f"jwt-like strings={len(hits)}, code in page={bool(code and code in page)}")
    st = q(f.authorize_url).get("state", "")
    report(not st or st not in page, "state not echoed in the timeline HTML", "")


def check_cookie_flags(base, patient):
    b = Browser()
    f = Flow(base, patient, b)
    f.ehr_launch()
    r = f.app_launch()
    sc = r.headers.get_all("Set-Cookie") or []
    f.authorize(); r2 = f.callback()
    sc += r2.headers.get_all("Set-Cookie") or []
    flags = [c for c in sc if "SESSION" in c.upper()]
    report(all("httponly" in c.lower() for c in flags) and flags, "session cookie is HttpOnly", flags)
    report(all("samesite" in c.lower() for c in flags) and flags, "session cookie sets SameSite (CSRF defence in depth)", flags)


def check_state_attacks(base, patient):
    # forged state
    f = Flow(base, patient).run_to_callback()
    forged = with_params(f.callback_url, state=secrets.token_urlsafe(32))
    r = f.callback(forged)
    t = f.b.req(f"{base}/smart/timeline")
    report(not_5xx(r) and not shows_patient_data(t, patient) and not (r.location or "").endswith("/smart/timeline"),
           "forged state is refused", f"callback {r.short()} ; timeline after: HTTP {t.status}")
    # then the real state still must not work if the forged attempt consumed it? (INFO only)
    # missing state
    f = Flow(base, patient).run_to_callback()
    r = f.callback(with_params(f.callback_url, state=None))
    t = f.b.req(f"{base}/smart/timeline")
    report(not_5xx(r) and not shows_patient_data(t, patient), "missing state is refused", f"callback {r.short()} ; timeline HTTP {t.status}")
    # empty state
    f = Flow(base, patient).run_to_callback()
    r = f.callback(with_params(f.callback_url, state=""))
    t = f.b.req(f"{base}/smart/timeline")
    report(not_5xx(r) and not shows_patient_data(t, patient), "empty state is refused", f"callback {r.short()} ; timeline HTTP {t.status}")
    # cross-session (login CSRF): the attacker's code+state delivered into the victim's browser
    attacker = Flow(base, patient).run_to_callback()
    victim = Browser()
    victim.req(f"{base}/")  # victim has some session of their own
    r = victim.req(attacker.callback_url)
    t = victim.req(f"{base}/smart/timeline")
    report(not_5xx(r) and not shows_patient_data(t, patient),
           "code+state from another session are refused (login CSRF)", f"callback {r.short()} ; timeline HTTP {t.status}")
    # code+state from another session into a browser that has its own pending launch
    victim = Flow(base, "demo-jp-c1d1").run_to_callback()
    attacker = Flow(base, patient).run_to_callback()
    r = victim.b.req(attacker.callback_url)
    t = victim.b.req(f"{base}/smart/timeline")
    report(not_5xx(r) and not shows_patient_data(t, patient),
           "attacker's callback into a victim with its own pending launch is refused", f"callback {r.short()} ; timeline HTTP {t.status}")
    # victim's own state with attacker's code (code substitution): PKCE must stop it
    f_v = Flow(base, "demo-jp-c1d1").run_to_callback()
    f_a = Flow(base, patient).run_to_callback()
    mixed = with_params(f_v.callback_url, code=q(f_a.callback_url)["code"])
    r = f_v.callback(mixed)
    t = f_v.b.req(f"{base}/smart/timeline")
    report(not_5xx(r) and not shows_patient_data(t, patient),
           "victim's state with an injected code (PKCE binding) is refused", f"callback {r.short()} ; timeline HTTP {t.status}")


def check_replay(base, patient):
    f = Flow(base, patient).run()
    ok1 = shows_patient_data(f.steps["timeline"], patient)
    # replay the callback (same code, same state) in a fresh browser and in the same browser
    r_same = f.b.req(f.callback_url)
    report(not_5xx(r_same) and not (r_same.location or "").endswith("/smart/timeline"),
           "callback replay (same code+state, same browser) is refused", f"first ok={ok1}; replay {r_same.short()}")
    fresh = Browser()
    r = fresh.req(f.callback_url)
    t = fresh.req(f"{base}/smart/timeline")
    report(not_5xx(r) and not shows_patient_data(t, patient), "callback replay in another browser is refused",
           f"{r.short()} ; timeline HTTP {t.status}")
    # reuse of the launch id
    f2 = Flow(base, patient, Browser())
    f2.launch_url = f.launch_url
    f2.app_launch(); r = f2.authorize()
    cq = q(f2.callback_url or "")
    if "code" in cq:
        f2.callback(); t = f2.timeline()
        report(not shows_patient_data(t, patient), "a used launch id cannot be launched again",
               f"authorize gave a code again; timeline HTTP {t.status}")
    else:
        report(not_5xx(r), "a used launch id cannot be launched again", f"authorize: {r.short()}")


def token_exchange(base, code, verifier, redirect_uri, client_id, **extra):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "client_id": client_id}
    if verifier is not None:
        data["code_verifier"] = verifier
    data.update(extra)
    data = {k: v for k, v in data.items() if v is not None}
    return Browser().req(f"{base}/demo-ehr/oauth2/token", method="POST", data=data)


def fresh_launch_id(base, patient):
    r = Browser().req(f"{base}/demo-ehr/launch?patient={urllib.parse.quote(patient)}")
    return q(absolute(base, r.location)).get("launch"), q(absolute(base, r.location)).get("iss")


def as_authorize(base, patient, **over):
    """Talk to the demo authorization server directly, as a hostile client would."""
    launch, iss = fresh_launch_id(base, patient)
    verifier, challenge = pkce_pair()
    params = {"response_type": "code", "client_id": "inocds-demo-smart", "redirect_uri": f"{base}/smart/callback",
              "scope": "launch openid fhirUser patient/Patient.rs patient/Observation.rs", "state": secrets.token_urlsafe(32),
              "aud": iss, "launch": launch, "code_challenge": challenge, "code_challenge_method": "S256"}
    for k, v in over.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = v
    r = Browser().req(f"{base}/demo-ehr/oauth2/authorize?" + urllib.parse.urlencode(params))
    loc = absolute(base, r.location) if r.location else None
    return r, loc, verifier, params


def check_authorization_server(base, patient, other):
    # baseline
    r, loc, ver, p = as_authorize(base, patient)
    code = q(loc or "").get("code")
    report(bool(code), "direct authorize as the registered client gives a code", r.short())
    tok = token_exchange(base, code, ver, p["redirect_uri"], p["client_id"]) if code else None
    tj = {}
    if tok is not None:
        try:
            tj = json.loads(tok.text)
        except ValueError:
            pass
        report(tok.status == 200 and "access_token" in tj and tj.get("patient") == patient,
               "token response carries access_token and the launch patient", f"HTTP {tok.status} keys={sorted(tj)} patient={tj.get('patient')}")
        cc = (tok.headers.get("Cache-Control") or "").lower()
        report("no-store" in cc, "token response is Cache-Control: no-store (RFC 6749 5.1)", cc)
        granted = tj.get("scope", "")
        report(not re.search(r"(user|system)/", granted), "granted scope does not exceed patient/*", granted)
        # code replay at the token endpoint
        again = token_exchange(base, code, ver, p["redirect_uri"], p["client_id"])
        report(again.status in (400, 401) and "access_token" not in again.text, "authorization code replay is refused", again.short())
    at = tj.get("access_token")

    # PKCE: wrong verifier / missing verifier
    r, loc, ver, p = as_authorize(base, patient)
    c = q(loc or "").get("code")
    t = token_exchange(base, c, pkce_pair()[0], p["redirect_uri"], p["client_id"])
    report(c and t.status in (400, 401) and "access_token" not in t.text, "token with a wrong code_verifier is refused", t.short())
    r, loc, ver, p = as_authorize(base, patient)
    c = q(loc or "").get("code")
    t = token_exchange(base, c, None, p["redirect_uri"], p["client_id"])
    report(c and t.status in (400, 401) and "access_token" not in t.text, "token without code_verifier is refused", t.short())
    # PKCE downgrade at authorize
    for label, over in (("no code_challenge", {"code_challenge": None, "code_challenge_method": None}),
                        ("method plain", {"code_challenge_method": "plain"}),
                        ("challenge without method", {"code_challenge_method": None})):
        r, loc, ver, p = as_authorize(base, patient, **over)
        got = q(loc or "").get("code")
        extra = ""
        if got and label == "method plain":
            t = token_exchange(base, got, p["code_challenge"], p["redirect_uri"], p["client_id"])
            extra = f"; token with verifier=challenge: HTTP {t.status}"
        report(not got and not_5xx(r), f"PKCE downgrade ({label}) is refused", r.short() + extra)
    # redirect_uri tricks: must never redirect elsewhere
    for label, ru in (("foreign host", "https://evil.example/cb"),
                      ("userinfo trick", f"{base.replace('://', '://evil.example@')}/smart/callback"),
                      ("path suffix", f"{base}/smart/callback/../../demo-ehr/x"),
                      ("prefix match", f"{base}/smart/callbackx"),
                      ("extra query", f"{base}/smart/callback?next=https://evil.example"),
                      ("other host, same path", "http://localhost.evil.example/smart/callback")):
        r, loc, ver, p = as_authorize(base, patient, redirect_uri=ru)
        leaked = bool(loc) and not (loc or "").startswith(f"{base}/smart/callback?") or ("evil" in (loc or ""))
        report(not leaked and not_5xx(r), f"authorize refuses redirect_uri ({label}) without redirecting there", r.short())
    # code issued for redirect A redeemed with redirect B
    r, loc, ver, p = as_authorize(base, patient)
    c = q(loc or "").get("code")
    t = token_exchange(base, c, ver, "https://evil.example/cb", p["client_id"])
    report(t.status in (400, 401) and "access_token" not in t.text, "token with a different redirect_uri is refused", t.short())
    # unknown client
    r, loc, ver, p = as_authorize(base, patient, client_id="evil-client")
    report(not q(loc or "").get("code") and not ("evil" in (loc or "")), "unknown client_id gets no code", r.short())
    # client_id swap at the token endpoint
    r, loc, ver, p = as_authorize(base, patient)
    c = q(loc or "").get("code")
    t = token_exchange(base, c, ver, p["redirect_uri"], "evil-client")
    report(t.status in (400, 401) and "access_token" not in t.text, "token for another client_id is refused", t.short())
    # aud mismatch
    for label, aud in (("foreign", "https://evil.example/fhir"), ("missing", None), ("same origin, other path", f"{base}/fhir2"),
                       ("trailing slash", f"{base}/fhir/")):
        r, loc, ver, p = as_authorize(base, patient, aud=aud)
        got = q(loc or "").get("code")
        if label == "trailing slash":
            report(not_5xx(r), f"aud {label}: no 5xx", r.short())
        else:
            report(not got and not_5xx(r), f"authorize refuses aud ({label})", r.short())
    # missing launch / launch from nowhere
    r, loc, ver, p = as_authorize(base, patient, launch=None)
    report(not_5xx(r), "authorize without launch: no 5xx", r.short())
    r, loc, ver, p = as_authorize(base, patient, launch="A" * 22)
    report(not q(loc or "").get("code") and not_5xx(r), "authorize with a made-up launch id gets no code", r.short())
    # scope escalation
    r, loc, ver, p = as_authorize(base, patient, scope="launch openid fhirUser user/*.cruds system/*.*")
    c = q(loc or "").get("code")
    if c:
        t = token_exchange(base, c, ver, p["redirect_uri"], p["client_id"])
        s = json.loads(t.text).get("scope", "") if t.status == 200 else ""
        report(not re.search(r"(user|system)/", s), "requested user/system scopes are not granted", f"granted={s!r}")
    else:
        report(True, "requested user/system scopes are not granted", r.short())
    return at


def check_fhir_with_token(base, token, patient, other):
    anon = Browser().req(f"{base}/fhir/Patient/{other}", headers={"Accept": "application/fhir+json"})
    report(None, "sandbox /fhir without any token (demo sandbox is open by design)", f"GET Patient/{other}: HTTP {anon.status}")
    if not token:
        report(False, "patient-A token cannot read patient B", "no token obtained")
        return
    h = {"Authorization": f"Bearer {token}", "Accept": "application/fhir+json"}
    a = Browser().req(f"{base}/fhir/Patient/{patient}", headers=h)
    bq = Browser().req(f"{base}/fhir/Patient/{other}", headers=h)
    oq = Browser().req(f"{base}/fhir/Observation?patient={other}", headers=h)
    report(None, "token for A reads A", f"HTTP {a.status}")
    report(bq.status in (401, 403, 404) and oq.status in (401, 403, 404) or ('"total":0' in oq.text.replace(" ", "")),
           "token for patient A does not read patient B through /fhir", f"Patient/{other}: HTTP {bq.status}; Observation?patient={other}: HTTP {oq.status}")
    for path in ("Observation", "Patient", "MedicationAdministration?_count=200", f"Observation?subject=Patient/{other}",
                 f"Patient?_id={other}", f"Observation?patient={patient},{other}"):
        r = Browser().req(f"{base}/fhir/{path}", headers=h)
        report(r.status in (401, 403, 404) or (other not in r.text), f"token for A: GET /fhir/{path} returns nothing of B",
               f"HTTP {r.status}, mentions {other}: {other in r.text}")
    bad = Browser().req(f"{base}/fhir/Patient/{patient}", headers={"Authorization": "Bearer " + token[:-4] + "AAAA", "Accept": "application/fhir+json"})
    report(bad.status in (401, 403) or anon.status == 200, "a tampered bearer token is refused by /fhir (or /fhir is open anyway)", f"HTTP {bad.status}")
    # token must not work as a session on the app
    t = Browser().req(f"{base}/smart/timeline", headers={"Authorization": f"Bearer {token}"})
    report(not shows_patient_data(t, patient), "the access token is not accepted as a bearer on /smart/timeline", t.short())


def check_iss_attacks(base, patient):
    hostile = Hostile()
    try:
        launch, iss = fresh_launch_id(base, patient)
        evil_iss = f"http://127.0.0.1:{hostile.port}/fhir"
        b = Browser()
        r = b.req(f"{base}/smart/launch?" + urllib.parse.urlencode({"iss": evil_iss, "launch": launch}))
        time.sleep(0.5)
        went = absolute(base, r.location) or ""
        contacted = [h[1] for h in hostile.hits]
        report(not_5xx(r) and not went.startswith(f"http://127.0.0.1:{hostile.port}") and not contacted,
               "launch with an iss not on the allowlist is refused before any fetch", f"{r.short()} ; hostile server saw {contacted}")
        # if it did send us the browser, see whether the app would accept our token
        if went.startswith(f"http://127.0.0.1:{hostile.port}"):
            st = q(went).get("state")
            cb = f"{base}/smart/callback?" + urllib.parse.urlencode({"code": "x", "state": st})
            r2 = b.req(cb); t = b.req(f"{base}/smart/timeline")
            report(not shows_patient_data(t, patient), "a hostile iss's token does not open a timeline",
                   f"callback {r2.short()} ; timeline HTTP {t.status}; hostile saw {[h[1] for h in hostile.hits]}")
        for label, bad in (("localhost alias of the real iss", iss.replace("127.0.0.1", "localhost")),
                           ("real iss + trailing slash", iss + "/"),
                           ("real iss + path traversal", iss + "/../admin"),
                           ("userinfo trick", iss.replace("://", f"://127.0.0.1:{hostile.port}@")),
                           ("javascript:", "javascript:alert(1)"),
                           ("file:", "file:///etc/passwd"),
                           ("not a URL", "%%%"),
                           ("CRLF", iss + "\r\nX-Injected: 1"),
                           ("empty", "")):
            r = Browser().req(f"{base}/smart/launch?" + urllib.parse.urlencode({"iss": bad, "launch": launch}))
            loc = r.location or ""
            inj = "X-Injected" in str(r.headers)
            report(not_5xx(r) and not inj and "file:" not in loc and "javascript:" not in loc,
                   f"iss {label}: 4xx or a safe redirect, never 5xx/injection", r.short())
            if label in ("localhost alias of the real iss", "real iss + trailing slash") and r.status in (302, 303):
                report(None, f"iss {label} was accepted as an allowlisted server", loc[:100])
        report(not [h for h in hostile.hits], "the service never contacted the hostile loopback server",
               [h[1] for h in hostile.hits])
        # missing launch / missing iss
        r = Browser().req(f"{base}/smart/launch?" + urllib.parse.urlencode({"iss": iss}))
        report(not_5xx(r), "launch without `launch`: no 5xx", r.short())
        r = Browser().req(f"{base}/smart/launch?" + urllib.parse.urlencode({"launch": launch}))
        report(not_5xx(r), "launch without `iss`: no 5xx", r.short())
    finally:
        hostile.close()


def check_patient_switching(base, patient, other):
    f = Flow(base, patient).run()
    for qs in (f"patient={other}", f"patientId={other}", f"id={other}", f"subject=Patient/{other}", f"iss=http://127.0.0.1:1/fhir"):
        t = f.b.req(f"{base}/smart/timeline?{qs}")
        report(not shows_patient_data(t, other) and not_5xx(t), f"timeline ?{qs} does not switch patient", f"HTTP {t.status}")
    # a second launch for another patient in the same browser replaces (not mixes) the context
    g = Flow(base, other, f.b).run()
    t = g.steps["timeline"]
    report(shows_patient_data(t, other) and f"Patient id {patient}" not in t.text,
           "a second launch for another patient shows only that patient", t.short())
    for lang in ('"><script>alert(1)</script>', "ja'onmouseover='alert(1)"):
        t = g.b.req(f"{base}/smart/timeline?" + urllib.parse.urlencode({"lang": lang}))
        report(not_5xx(t) and "<script>alert(1)" not in t.text and "'onmouseover='" not in t.text,
               f"timeline ?lang={lang!r} is not reflected raw", f"HTTP {t.status}")
    # unauthenticated timeline
    t = Browser().req(f"{base}/smart/timeline")
    report(not_5xx(t) and t.status != 200 or not re.search(r"Patient id \S+", t.text), "timeline without a launch shows no patient",
           t.short())


def check_malformed(base, patient):
    launch, iss = fresh_launch_id(base, patient)
    big = "A" * 20000
    cases = [
        ("/smart/launch huge launch", f"/smart/launch?" + urllib.parse.urlencode({"iss": iss, "launch": big})),
        ("/smart/launch huge iss", f"/smart/launch?" + urllib.parse.urlencode({"iss": iss + "/" + "a" * 6000, "launch": launch})),
        ("/smart/launch duplicated params", f"/smart/launch?iss={urllib.parse.quote(iss)}&iss=http://127.0.0.1:1/fhir&launch={launch}&launch=x"),
        ("/smart/launch bad percent", f"/smart/launch?iss=%zz&launch=%"),
        ("/smart/launch NUL", f"/smart/launch?iss={urllib.parse.quote(iss)}%00&launch={launch}%00"),
        ("/smart/callback no params", "/smart/callback"),
        ("/smart/callback huge code", "/smart/callback?" + urllib.parse.urlencode({"code": big, "state": "x"})),
        ("/smart/callback huge state", "/smart/callback?" + urllib.parse.urlencode({"code": "x", "state": big})),
        ("/smart/callback error=access_denied", "/smart/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=x"),
        ("/smart/callback bad percent", "/smart/callback?code=%zz&state=%"),
        ("/smart/timeline lang junk", "/smart/timeline?lang=" + "%3Cscript%3E" * 100),
        ("/demo-ehr/launch unknown patient", "/demo-ehr/launch?patient=does-not-exist"),
        ("/demo-ehr/launch huge patient", "/demo-ehr/launch?patient=" + big),
        ("/demo-ehr/launch no patient", "/demo-ehr/launch"),
        ("/demo-ehr/launch patient traversal", "/demo-ehr/launch?patient=..%2F..%2Fadmin"),
        ("/demo-ehr/oauth2/authorize empty", "/demo-ehr/oauth2/authorize"),
        ("/demo-ehr/oauth2/authorize huge", "/demo-ehr/oauth2/authorize?" + urllib.parse.urlencode({"client_id": big, "redirect_uri": big, "state": big})),
    ]
    for label, path in cases:
        r = Browser().req(base + path)
        loc = r.location or ""
        xss = "<script>alert(1)</script>" in r.text
        report(not_5xx(r) and not xss and r.status not in (200,) or (r.status == 200 and not xss and "Patient id" not in r.text),
               f"malformed: {label} → 4xx/redirect, never 5xx", r.short())
    for label, data in (("token empty body", {}),
                        ("token bad grant", {"grant_type": "password", "username": "a", "password": "b"}),
                        ("token huge code", {"grant_type": "authorization_code", "code": big, "code_verifier": big, "client_id": "inocds-demo-smart", "redirect_uri": f"{base}/smart/callback"}),
                        ("token refresh grant", {"grant_type": "refresh_token", "refresh_token": "x", "client_id": "inocds-demo-smart"})):
        r = Browser().req(f"{base}/demo-ehr/oauth2/token", method="POST", data=data)
        report(r.status in (400, 401) and "access_token" not in r.text, f"malformed: {label} → 400/401", r.short())
    r = Browser().req(f"{base}/demo-ehr/oauth2/token", method="POST", data=b'{"grant_type":"authorization_code"}',
                      headers={"Content-Type": "application/json"})
    report(r.status in (400, 401, 415), "malformed: token as JSON → 4xx", r.short())
    r = Browser().req(f"{base}/demo-ehr/oauth2/token?grant_type=authorization_code&code=x", method="GET")
    report(not_5xx(r) and "access_token" not in r.text, "token endpoint via GET → 4xx", r.short())


def check_csrf(base, patient):
    # POST endpoints in the SMART/demo-EHR area, from a foreign origin without a CSRF token
    f = Flow(base, patient).run()
    for path in ("/smart/logout", "/logout", "/smart/timeline", "/smart/launch", "/demo-ehr/launch"):
        r = f.b.req(base + path, method="POST", data={"x": "1"}, headers={"Origin": "https://evil.example"})
        report(r.status >= 400 and r.status < 500 or r.status in (302, 303) and "evil" not in (r.location or ""),
               f"cross-origin POST {path} is refused or harmless", r.short())
    t = f.b.req(f"{base}/smart/timeline")
    report(shows_patient_data(t, patient) or t.status in (302, 401, 403), "session state after cross-origin POSTs", f"HTTP {t.status}")
    # GET-driven state change: a hostile page can start a launch in the user's browser (img src=/demo-ehr/launch)
    r = Browser().req(f"{base}/demo-ehr/launch?patient={patient}", headers={"Sec-Fetch-Site": "cross-site", "Referer": "https://evil.example/"})
    report(None, "GET /demo-ehr/launch from a cross-site page mints a launch id (demo only)", r.short())
    # CORS on the app pages
    r = Browser().req(f"{base}/smart/timeline", headers={"Origin": "https://evil.example", "Cookie": ""})
    acao = r.headers.get("Access-Control-Allow-Origin")
    report(acao in (None, "") or acao == "null", "timeline grants no CORS to foreign origins", f"ACAO={acao}")
    g = Flow(base, patient).run()
    r = g.b.req(f"{base}/smart/timeline", headers={"Origin": "https://evil.example"})
    report(r.headers.get("Access-Control-Allow-Origin") in (None, "") and not r.headers.get("Access-Control-Allow-Credentials"),
           "timeline with cookies grants no credentialed CORS to foreign origins",
           f"ACAO={r.headers.get('Access-Control-Allow-Origin')} ACAC={r.headers.get('Access-Control-Allow-Credentials')}")


def check_framing_all(base, patient):
    f = Flow(base, patient)
    f.ehr_launch(); lr = f.app_launch(); f.authorize(); cr = f.callback(); tr = f.timeline()
    for label, r in (("/smart/launch", lr), ("/smart/callback", cr), ("/smart/timeline", tr),
                     ("/smart/callback (error)", Browser().req(f"{base}/smart/callback?error=x&state=y")),
                     ("/smart/timeline (no session)", Browser().req(f"{base}/smart/timeline"))):
        csp = r.headers.get("Content-Security-Policy") or ""
        m = re.search(r"frame-ancestors([^;]*)", csp)
        xfo = r.headers.get("X-Frame-Options")
        report(bool(xfo) or bool(m), f"{label} carries framing protection", f"HTTP {r.status} XFO={xfo} frame-ancestors={m.group(1).strip() if m else None}")
    ar = Browser().req(f"{base}/demo-ehr/oauth2/authorize?x=1")
    report(bool(ar.headers.get("X-Frame-Options")) or "frame-ancestors" in (ar.headers.get("Content-Security-Policy") or ""),
           "demo authorize endpoint is not frameable (clickjacking an auto-approve)", f"XFO={ar.headers.get('X-Frame-Options')}")


def check_logs(logfile, secrets_seen):
    if not logfile or not os.path.exists(logfile):
        report(None, "service log scan", "no --log given or file missing; skipped")
        return
    with open(logfile, encoding="utf-8", errors="replace") as fh:
        log = fh.read()
    leaked = [(k, v[:12] + "…") for k, v in secrets_seen if v and len(v) >= 16 and v in log]
    report(not leaked, "no access token, code, state or verifier in the service log", leaked or f"{len(secrets_seen)} secrets checked in {len(log)} chars")
    jwts = re.findall(r"eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}", log)
    report(not jwts, "no JWT-shaped string in the service log", f"{len(jwts)} found")
    m = re.findall(r"[?&](code|access_token|state)=[A-Za-z0-9_\-]{16,}", log)
    report(not m, "no code=/access_token=/state= query strings in the service log", f"{len(m)} found")
    st = [l for l in log.splitlines() if re.search(r"\bat (org|com|java|jp)\.[\w.$]+\(", l)]
    report(None, "stack-trace lines in the service log during the review", f"{len(st)} lines")


def check_id_token_as_access_token(base, patient):
    r, loc, ver, p = as_authorize(base, patient)
    c = q(loc or "").get("code")
    t = token_exchange(base, c, ver, p["redirect_uri"], p["client_id"]) if c else None
    idt = json.loads(t.text).get("id_token") if t is not None and t.status == 200 else None
    if not idt:
        report(None, "id_token used as an access token", "no id_token obtained")
        return
    r = Browser().req(f"{base}/fhir/Patient/{patient}", headers={"Authorization": f"Bearer {idt}", "Accept": "application/fhir+json"})
    report(r.status in (401, 403), "an id_token is not accepted as an access token by /fhir", f"HTTP {r.status}")
    try:
        at = json.loads(t.text)["access_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(at[1] + "=="))
        report(None, "access token claims (aud names the client, not the FHIR server)", {k: claims.get(k) for k in ("iss", "aud", "patient", "exp")})
    except Exception as e:  # opaque token
        report(None, "access token is opaque", type(e).__name__)


def check_prod(prod, token=None, prod_log=None):
    """An instance started with --spring.profiles.active=prod: nothing of the demo may answer."""
    marker = "FORGED-" + secrets.token_hex(6)
    r = Browser().req(prod + "/smart/launch?launch=x&iss=" + urllib.parse.quote(f"http://a\r\n2026-01-01T00:00:00.000Z  INFO 1 --- {marker} admin login ok"))
    report(not_5xx(r), "prod: iss with CR/LF is refused without 5xx", f"HTTP {r.status}")
    if prod_log and os.path.exists(prod_log):
        time.sleep(0.5)
        with open(prod_log, encoding="utf-8", errors="replace") as fh:
            forged = [l for l in fh if l.startswith("2026-01-01T00:00:00.000Z") and marker in l]
        report(not forged, "prod: a CR/LF in iss cannot forge a log line", f"forged lines: {len(forged)}")
    for path in ("/demo-ehr/launch?patient=demo-jp-c2", "/demo-ehr/oauth2/authorize", "/demo-ehr/oauth2/jwks",
                 "/fhir/.well-known/smart-configuration", "/fhir/Patient/demo-jp-c2", "/actuator", "/actuator/health",
                 "/actuator/prometheus", "/actuator/env"):
        r = Browser().req(prod + path)
        report(r.status in (401, 403, 404) and "demo-jp-c2" not in r.text and "access_token" not in r.text,
               f"prod: {path} is not served", f"HTTP {r.status}")
    r = Browser().req(prod + "/demo-ehr/oauth2/token", method="POST", data={"grant_type": "authorization_code", "code": "x"})
    report(r.status in (401, 403, 404) and "access_token" not in r.text, "prod: demo token endpoint not served", f"HTTP {r.status}")
    r = Browser().req(prod + "/smart/launch?" + urllib.parse.urlencode({"iss": "http://127.0.0.1:1/fhir", "launch": "x"}))
    report(400 <= r.status < 500, "prod: launch from an unregistered iss is refused with 4xx", r.short())
    r = Browser().req(prod + "/smart/timeline")
    report(r.status in (401, 403) and "Patient id" not in r.text, "prod: timeline without a launch is refused", f"HTTP {r.status}")
    if token:  # a JWT the prod instance trusts: the demo must be absent, not merely behind the login
        for path in ("/demo-ehr/launch?patient=demo-jp-c2", "/demo-ehr/oauth2/jwks", "/fhir/.well-known/smart-configuration",
                     "/fhir/Patient/demo-jp-c2"):
            tok = token()  # a fresh one each time: the service accepts a jti once
            if not tok:
                report(False, f"prod with a trusted JWT: {path} does not exist", "could not mint a token")
                continue
            r = Browser().req(prod + path, headers={"Authorization": f"Bearer {tok}"})
            report(r.status == 404, f"prod with a trusted JWT: {path} does not exist", f"HTTP {r.status}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--log", help="the service's log file to scan for leaked secrets")
    ap.add_argument("--patient", default="demo-jp-c2")
    ap.add_argument("--other-patient", default="demo-jp-c1d1")
    ap.add_argument("--prod-base", help="a second instance started with --spring.profiles.active=prod (loopback)")
    ap.add_argument("--prod-log", help="the prod instance's log file")
    ap.add_argument("--prod-token-from-demo", action="store_true",
                    help="the prod instance trusts the demo authorization server's tokens (issuer + audience): use one as its JWT")
    a = ap.parse_args()
    base = a.base.rstrip("/")
    host = urllib.parse.urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("refusing: this review talks to loopback only")

    seen = []
    for name, fn in (
        ("happy path", lambda: check_happy_path(base, a.patient)),
    ):
        print(f"== {name}")
        f = fn()
        check_token_not_in_page(f)
        seen += [("code", q(f.callback_url).get("code")), ("state", q(f.authorize_url).get("state"))]
    sections = [
        ("cookies", lambda: check_cookie_flags(base, a.patient)),
        ("state / CSRF on the callback", lambda: check_state_attacks(base, a.patient)),
        ("replay", lambda: check_replay(base, a.patient)),
        ("authorization server", lambda: check_authorization_server(base, a.patient, a.other_patient)),
        ("iss", lambda: check_iss_attacks(base, a.patient)),
        ("patient switching", lambda: check_patient_switching(base, a.patient, a.other_patient)),
        ("malformed input", lambda: check_malformed(base, a.patient)),
        ("CSRF / CORS", lambda: check_csrf(base, a.patient)),
        ("framing", lambda: check_framing_all(base, a.patient)),
    ]
    token = None
    for name, fn in sections:
        print(f"== {name}")
        try:
            out = fn()
            if name == "authorization server":
                token = out
        except Exception as e:  # a crash of a check is a FAIL of that section, not of the script
            report(False, f"section '{name}' ran to the end", f"{type(e).__name__}: {e}")
    print("== FHIR access with a patient token")
    try:
        check_fhir_with_token(base, token, a.patient, a.other_patient)
        if token:
            seen.append(("access_token", token))
    except Exception as e:
        report(False, "section 'FHIR' ran to the end", f"{type(e).__name__}: {e}")
    print("== id_token confusion")
    check_id_token_as_access_token(base, a.patient)
    if a.prod_base:
        pb = a.prod_base.rstrip("/")
        if urllib.parse.urlsplit(pb).hostname not in ("127.0.0.1", "localhost", "::1"):
            sys.exit("refusing: --prod-base must be loopback")
        print("== prod profile instance")
        def mint():
            r, loc, ver, p = as_authorize(base, a.patient)
            c = q(loc or "").get("code")
            t = token_exchange(base, c, ver, p["redirect_uri"], p["client_id"]) if c else None
            tok = json.loads(t.text).get("access_token") if t is not None and t.status == 200 else None
            if tok:
                seen.append(("prod-jwt", tok))
            return tok
        check_prod(pb, mint if a.prod_token_from_demo else None, a.prod_log)
    else:
        report(None, "prod profile instance", "no --prod-base given; skipped")
    print("== logs")
    time.sleep(1)
    check_logs(a.log, seen)
    fails = [n for t, n in RESULTS if t == "FAIL"]
    print(f"\nSUMMARY: {sum(1 for t, _ in RESULTS if t == 'PASS')} PASS, {len(fails)} FAIL, "
          f"{sum(1 for t, _ in RESULTS if t == 'INFO')} INFO")
    for n in fails:
        print(f"  FAIL: {n}")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
