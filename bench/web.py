#!/usr/bin/env python3
"""The KPI dashboard under wrk on loopback (issue 6, item 9).

With the data set of bench/run.py loaded (imported and published on 2026-07-15), one
`lpc serve` answers, for the partner with the most published rows:

  (a) the dashboard page    GET /partner/{mpn}/kpi                   (session cookie)
  (b) its API               GET /api/v1/partners/{mpn}/kpi-report    (bearer token), as it is and
                            with Accept-Encoding: gzip (what browsers and HTTP libraries send)
  (c) the baseline          GET /assets/app.css                      (a static file of the same server)

Each target runs under wrk (--connections 64, --threads 2, --duration 30 s, --latency)
--runs times after an untimed warm-up; the report gives the medians of requests/s, p50 and
p99, every non-200 response and socket error, and p99(target) / p99(static). Targets: p99 <=
25 ms and no errors. Results go to bench/RESULTS-web.md with the machine and the commands.

    python3 bench/web.py                                   # 100k partners, 10M lines
    python3 bench/web.py --partners 10000 --lines 1000000 --work /tmp/lpc-bench-web-small

It reuses the database bench/run.py leaves (<work>/run.db, imported and published), or builds
it the same way when it is missing: generate, register partners, `lpc invoices import`,
`lpc publish`. It adds one partner admin user and one API token to that database. wrk comes
from Debian (apt-get install -y wrk), installed if missing.
"""

import argparse
import datetime
import gzip
import html.parser
import http.cookiejar
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import LPC, ROOT, TODAY, register_partners, split_month  # noqa: E402

EMAIL = "bench-admin@example.com"
TYPICAL_EMAIL = "bench-typical@example.com"
PASSWORD = "bench-password-correct-horse-42"

# Counts every response that is not 200 (wrk's own "Non-2xx or 3xx" count lets redirects
# through, and a redirect to /login would be a silent failure).
WRK_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not200 = 0 end
function response(status, headers, body) if status ~= 200 then not200 = not200 + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("not200") end
  io.write(string.format("not200 %d\\n", n))
end
"""


def lpc(db, *args, stdin=None):
    out = subprocess.run([LPC, "--db", f"sqlite://{db}", "--today", TODAY, *map(str, args)], input=stdin,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: lpc {' '.join(map(str, args))}\n{out.stderr}")
    return out.stdout


def published(db):
    if not db.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        n = con.execute("SELECT count(*) FROM publications WHERE published_on = ?", (TODAY,)).fetchone()[0]
        con.close()
        return n > 0
    except sqlite3.Error:
        return False


def ensure_database(args, work):
    """<work>/run.db as bench/run.py leaves it, built with the same steps when missing."""
    db = work / "run.db"
    if published(db):
        print(f"reusing {db} (published on {TODAY})", flush=True)
        return db
    data = work / f"data-{args.partners}-{args.lines}"
    if not (data / "invoices.csv").exists():
        subprocess.run([LPC, "bench", "generate", "--partners", str(args.partners), "--lines",
                        str(args.lines + args.lines // 25), "--out", data, "--seed", "1"], check=True)
    invoices, _ = split_month(data, args.lines)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    lpc(db, "migrate")
    register_partners(db, data / "partners.csv")
    t = time.perf_counter()
    lpc(db, "invoices", "import", invoices)
    print(f"imported {invoices} in {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    lpc(db, "publish")
    print(f"published in {time.perf_counter() - t:.1f} s", flush=True)
    return db


def partner_at(db, quantile):
    """The partner at `quantile` of ledger lines in the report's months (1.0: the heaviest
    dashboard, 0.5: a typical one), with its published row count."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    # Months as the ledger numbers them (year * 12 + month - 1): 2025-07 .. 2026-06.
    counts = con.execute(
        "SELECT partner_id, sum(lines) AS n FROM ledger_segments WHERE month_to >= ? AND month_from <= ? "
        "GROUP BY partner_id ORDER BY n, partner_id", (2025 * 12 + 6, 2026 * 12 + 5)).fetchall()
    con.close()
    mpn = counts[min(len(counts) - 1, int(quantile * len(counts)))][0]
    return mpn, published_rows(db, mpn)


def published_rows(db, mpn):
    """The rows of the partner's report on TODAY, as lpc derives them."""
    return len(json.loads(lpc(db, "kpi", "report", mpn, "--json"))["rows"])


def busiest_partner(db):
    """The partner with the most rows in the publication (the heaviest dashboard)."""
    return partner_at(db, 1.0)


def ensure_user(db, mpn, email=EMAIL):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    exists = con.execute("SELECT count(*) FROM users WHERE email = ?", (email,)).fetchone()[0]
    con.close()
    if not exists:
        lpc(db, "user", "add", "--email", email, "--role", "mpn_partner_admin", "--partner", mpn,
            stdin=PASSWORD + "\n")
    token = lpc(db, "token", "create", "--email", email, "--label", "bench/web.py").strip().split()[-1]
    return token


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


class HiddenInputs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")


def sign_in(base, email=EMAIL):
    """Signs in through the login form (with its CSRF token); returns the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(f"{base}/login").read().decode()
    form = HiddenInputs()
    form.feed(page)
    if "csrf" not in form.fields:
        sys.exit("the login form has no csrf field")
    body = urllib.parse.urlencode({**form.fields, "email": email, "password": PASSWORD}).encode()
    try:
        opener.open(f"{base}/login", data=body)
        sys.exit("sign-in did not redirect")
    except urllib.error.HTTPError as e:
        if e.code != 303:
            sys.exit(f"sign-in answered {e.code}: {e.read()[:500]!r}")
    cookies = [c for c in jar if c.name == "lpc_session"]
    if not cookies:
        sys.exit("no lpc_session cookie after sign-in")
    return f"lpc_session={cookies[-1].value}"


def get(url, headers):
    """GET without following redirects: (status, content type, body as sent, content encoding)."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers)) as r:
            return r.status, r.headers.get("content-type", ""), r.read(), r.headers.get("content-encoding", "")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), e.read(), e.headers.get("content-encoding", "")


def check_targets(targets):
    """Each target answers 200 with the right content before anything is timed."""
    for t in targets:
        mpn, rows = t.get("mpn"), t.get("rows")
        status, ctype, body, encoding = get(t["url"], t["headers"])
        if status != 200:
            sys.exit(f"{t['name']}: {t['url']} answered {status} (expected 200)\n{body[:300]!r}")
        asked = "gzip" if "gzip" in t["headers"].get("Accept-Encoding", "") else ""
        if encoding != asked:
            sys.exit(f"{t['name']}: content encoding {encoding!r}, expected {asked!r}")
        text = (gzip.decompress(body) if encoding == "gzip" else body).decode(errors="replace")
        if t["kind"] == "page":
            ok = ctype.startswith("text/html") and "<svg" in text and str(mpn) in text \
                and 'name="password"' not in text and "<table" in text
        elif t["kind"] == "api":
            report = json.loads(text)
            ok = ctype.startswith("application/json") and report.get("published_on") == TODAY \
                and len(report.get("rows", [])) == rows
        else:
            ok = ctype.startswith("text/css") and len(body) > 0
        if not ok:
            sys.exit(f"{t['name']}: {t['url']} answered 200 but not the expected content "
                     f"({ctype}, {len(body)} bytes)\n{text[:300]}")
        t["bytes"] = len(body)
        print(f"checked {t['name']}: 200 {ctype}, {len(body)} bytes", flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)


def wrk_command(args, t, duration, lua, quote=False):
    cmd = ["wrk", "--threads", str(args.threads), "--connections", str(args.connections),
           "--duration", f"{duration}s", "--timeout", "10s", "--latency", "--script", lua]
    for k, v in t["headers"].items():
        cmd += ["--header", f"'{k}: {v}'" if quote else f"{k}: {v}"]
    return cmd + [t["url"]]


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(out):
    r = {"not200": 0, "socket_errors": 0, "non2xx3xx": 0}
    for line in out.splitlines():
        line = line.strip()
        m = re.match(r"(50|99)(?:\.000)?%\s+(\S+)", line)
        if m:
            r[f"p{m.group(1)}"] = ms(m.group(2))
        elif line.startswith("Requests/sec:"):
            r["rps"] = float(line.split()[1])
        elif re.match(r"\d+ requests in", line):
            r["requests"] = int(line.split()[0])
        elif line.startswith("Socket errors:"):
            r["socket_errors"] = sum(int(n) for n in re.findall(r"\d+", line))
            r["socket_detail"] = line.split(":", 1)[1].strip()
        elif line.startswith("Non-2xx or 3xx responses:"):
            r["non2xx3xx"] = int(line.split(":")[1])
        elif line.startswith("not200 "):
            r["not200"] = int(line.split()[1])
    if "p99" not in r or "rps" not in r:
        sys.exit(f"could not read wrk's output:\n{out}")
    return r


def machine():
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    wrk = (wrk.stdout + wrk.stderr).splitlines()[0].strip()
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    ram = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
    return f"{cpu}, {os.cpu_count()} cores, {ram} GiB; {platform.platform()}; {rustc}; {wrk}"


def load():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--partners", type=int, default=100_000)
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--work", default="/tmp/lpc-bench")
    ap.add_argument("--runs", type=int, default=3, help="timed wrk runs per target (medians reported)")
    ap.add_argument("--duration", type=int, default=30, help="seconds per wrk run")
    ap.add_argument("--warmup", type=int, default=5, help="seconds of untimed wrk before each target")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mpn", type=int, help="the partner (default: the one with the most published rows)")
    ap.add_argument("--no-build", action="store_true", help="use target/release/lpc as it is")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-web.md"))
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-p", "lpc"], cwd=ROOT, check=True)
    ensure_wrk()
    work = Path(args.work)
    db = ensure_database(args, work)
    busiest, busiest_rows = busiest_partner(db)
    mpn = args.mpn or busiest
    rows = published_rows(db, mpn)
    lines = json.loads(lpc(db, "invoices", "batches", "--json"))["lines"]
    print(f"partner {mpn}: {rows} published rows (busiest: {busiest}, {busiest_rows}); {lines} invoice lines", flush=True)
    token = ensure_user(db, mpn)
    # A typical partner too: the median of published rows per partner.
    typical, typical_rows = partner_at(db, 0.5)
    typical_token = ensure_user(db, typical, TYPICAL_EMAIL)
    print(f"typical partner {typical}: {typical_rows} published rows", flush=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve_cmd = [LPC, "--db", f"sqlite://{db}", "--today", TODAY, "serve", "--addr", f"127.0.0.1:{port}"]
    log = open(work / "web-serve.log", "w")
    server = subprocess.Popen(serve_cmd, stdout=log, stderr=subprocess.STDOUT)
    lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    lua.write_text(WRK_LUA)
    try:
        for _ in range(600):
            if server.poll() is not None:
                sys.exit(f"lpc serve exited; see {work / 'web-serve.log'}")
            try:
                status = get(f"{base}/assets/app.css", {})[0]
                if status != 200:
                    sys.exit(f"/assets/app.css answered {status}: is {LPC} an old build?")
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit(f"lpc serve did not answer on {base}")
        cookie = sign_in(base)
        typical_cookie = sign_in(base, TYPICAL_EMAIL)
        targets = [
            {"name": "dashboard page", "kind": "page", "url": f"{base}/partner/{mpn}/kpi",
             "headers": {"Cookie": cookie}, "rows": rows, "mpn": mpn},
            {"name": "kpi-report API", "kind": "api", "url": f"{base}/api/v1/partners/{mpn}/kpi-report",
             "headers": {"Authorization": f"Bearer {token}"}, "rows": rows, "mpn": mpn},
            # What a browser or an HTTP library asks for: the same JSON, gzip-compressed once when
            # the server first builds it.
            {"name": "kpi-report API, gzip", "kind": "api", "url": f"{base}/api/v1/partners/{mpn}/kpi-report",
             "headers": {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}, "rows": rows, "mpn": mpn},
            {"name": f"dashboard page, typical partner ({typical_rows} rows)", "kind": "page",
             "url": f"{base}/partner/{typical}/kpi", "headers": {"Cookie": typical_cookie},
             "rows": typical_rows, "mpn": typical},
            {"name": f"kpi-report API, typical partner ({typical_rows} rows)", "kind": "api",
             "url": f"{base}/api/v1/partners/{typical}/kpi-report",
             "headers": {"Authorization": f"Bearer {typical_token}"}, "rows": typical_rows, "mpn": typical},
            {"name": "static app.css", "kind": "static", "url": f"{base}/assets/app.css", "headers": {}},
        ]
        check_targets(targets)
        load_before = load()
        for t in targets:
            if args.warmup:
                subprocess.run(wrk_command(args, t, args.warmup, lua), capture_output=True, check=True)
            t["runs"] = []
            for i in range(args.runs):
                out = subprocess.run(wrk_command(args, t, args.duration, lua), capture_output=True, text=True,
                                     check=True).stdout
                r = parse_wrk(out)
                t["runs"].append(r)
                print(f"{t['name']} run {i + 1}: {r['rps']:.0f} req/s, p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, "
                      f"not 200 {r['not200']}, socket errors {r['socket_errors']}", flush=True)
            t["command"] = " ".join(wrk_command(args, t, args.duration, "not200.lua", quote=True)) \
                .replace(token, "$TOKEN").replace(cookie, "lpc_session=$SESSION") \
                .replace(typical_token, "$TOKEN").replace(typical_cookie, "lpc_session=$SESSION") \
                .replace(base, "http://127.0.0.1:PORT")
            # Still right after the load?
            status = get(t["url"], t["headers"])[0]
            if status != 200:
                sys.exit(f"{t['name']} answers {status} after the run")
        load_after = load()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        lua.unlink(missing_ok=True)
    shown = " ".join(map(str, serve_cmd[:-1])) + " 127.0.0.1:PORT"
    write_results(args, targets, mpn, rows, lines, shown, load_before, load_after)


def med(t, key):
    return statistics.median(r[key] for r in t["runs"])


def result_tables(targets, static, target_ms):
    """The Markdown rows of the figures table (after its header) and the verdict table, shared
    with bench/directory.py."""
    out = []
    for t in targets:
        runs = "; ".join(f"{r['rps']:.0f}, {r['p99']:.2f}" for r in t["runs"])
        errors = sum(r["not200"] for r in t["runs"])
        sockets = sum(r["socket_errors"] for r in t["runs"])
        out.append(f"| {t['name']} | {t['bytes']} | {med(t, 'rps'):.0f} | {med(t, 'p50'):.2f} | {med(t, 'p99'):.2f} | "
                   f"{med(t, 'p99') / med(static, 'p99'):.1f} | {errors} | {sockets} | {runs} |")
    out += ["", f"| target | p99 <= {target_ms} ms | no errors |", "|---|---|---|"]
    for t in targets:
        if t["kind"] == "static":
            continue
        errors = sum(r["not200"] + r["socket_errors"] for r in t["runs"])
        out.append(f"| {t['name']} | {'yes' if med(t, 'p99') <= target_ms else 'no'} ({med(t, 'p99'):.1f} ms) | "
                   f"{'yes' if errors == 0 else f'no ({errors})'} |")
    return out


def write_results(args, targets, mpn, rows, lines, serve_cmd, load_before, load_after):
    static = next(t for t in targets if t["kind"] == "static")
    out = [
        "# Web benchmark results", "",
        f"Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.", "",
        f"Data: `lpc bench generate --partners {args.partners} --lines {args.lines} --seed 1` as bench/run.py, "
        f"{lines} invoice lines imported and published on {TODAY}; partner {mpn}, the one with the most "
        f"published rows ({rows} rows).", "",
        f"Machine: {machine()}. Load average (1, 5, 15 min) before the runs: {load_before}; after: {load_after}"
        f"{' (the machine was busy: the figures are not comparable)' if float(load_before.split()[0]) > 0.5 else ''}.", "",
        f"Reproduce: `python3 bench/web.py --partners {args.partners} --lines {args.lines} --work {args.work}`", "",
        f"Server: `{serve_cmd}`", "",
        f"wrk: {args.connections} connections, {args.threads} threads, {args.duration} s, {args.runs} runs per target "
        f"after {args.warmup} s of warm-up; medians. \"not 200\" counts every response that is not 200 "
        "(a Lua `response` hook: wrk's own count lets redirects through); socket errors are connect, read, "
        "write and timeout (10 s) errors; wrk leaves timed-out requests out of the percentiles, so a p99 near "
        "10 s means \"at least\".", "",
        "| target | bytes sent | requests/s | p50 ms | p99 ms | p99 / p99(static) | not 200 | socket errors | runs (req/s; p99 ms) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    out += result_tables(targets, static, 25)
    out += ["", "Commands (the session cookie and the token are the script's):", ""]
    out += [f"- `{t['command']}`" for t in targets]
    out.append("")
    Path(args.out).write_text("\n".join(out))
    print("\n".join(out))


if __name__ == "__main__":
    main()
