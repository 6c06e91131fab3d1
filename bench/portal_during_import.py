#!/usr/bin/env python3
"""The portal while a 10M-line invoice import runs (issue 14).

One `lpc serve` answers a script that, every 0.5 s, signs a partner admin in through the
login form (a session row written) and opens a support case through the API (a case row and
its audit event written), while `lpc invoices import` stores the base file of bench/run.py in
another process. Measured: every answer's status and latency, from the import's start to its
end. Targets: no error, p99 <= 250 ms, on SQLite and on PostgreSQL.

    python3 bench/portal_during_import.py                  # 100k partners, 10M lines
    python3 bench/portal_during_import.py --lines 1000000 --partners 10000

It uses the data of bench/run.py (generated if missing) and writes bench/RESULTS-portal.md,
and the summary into bench/RESULTS.md.
"""

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import LPC, PG_SERVER, ROOT, TODAY, fresh_pg, register_partners, split_month, sqlite_files  # noqa: E402

EMAIL = "during-import@example.com"
PASSWORD = "bench-password-correct-horse-42"
PARTNER = "1000000"
INTERVAL = 0.5


def lpc(db_url, *args, stdin=None):
    out = subprocess.run([LPC, "--db", db_url, "--today", TODAY, *map(str, args)], input=stdin,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: lpc {' '.join(map(str, args))}\n{out.stderr}")
    return out.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(db_url, data):
    """Partners registered, one partner admin and its API token."""
    lpc(db_url, "user", "add", "--email", EMAIL, "--role", "mpn_partner_admin", "--partner", PARTNER,
        stdin=PASSWORD + "\n")
    return lpc(db_url, "token", "create", "--email", EMAIL).strip()


def timed(f):
    start = time.perf_counter()
    try:
        status = f()
    except urllib.error.HTTPError as e:
        status = e.code
    except OSError as e:
        status = f"error: {e}"
    return status, (time.perf_counter() - start) * 1000


def sign_in(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login", timeout=30).read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD, "csrf": csrf}).encode()
    answer = opener.open(f"{base}/login", data=body, timeout=30)
    text = answer.read().decode()
    return answer.status if "Sign out" in text else f"{answer.status} not signed in"


def open_case(base, token, n):
    body = json.dumps({"partner_id": PARTNER, "kind": "directory_missing",
                       "fields": {"name": f"Bench Training {n}", "country": "JP",
                                  "landing_page_url": "https://training.example.com/microsoft"}}).encode()
    request = urllib.request.Request(f"{base}/api/v1/cases", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status


def during_import(db_url, invoices, token):
    port = free_port()
    server = subprocess.Popen([LPC, "--db", db_url, "--today", TODAY, "serve", "--addr", f"127.0.0.1:{port}",
                               "--insecure-cookies"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in server.stdout:
        if line.startswith("lpc serving on"):
            break
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    importer = subprocess.Popen([LPC, "--db", db_url, "--today", TODAY, "invoices", "import", invoices],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples = []
    n = 0
    while importer.poll() is None:
        tick = time.perf_counter()
        samples.append(("sign-in",) + timed(lambda: sign_in(base)))
        samples.append(("case",) + timed(lambda n=n: open_case(base, token, n)))
        n += 1
        time.sleep(max(0.0, INTERVAL - (time.perf_counter() - tick)))
    import_seconds = time.perf_counter() - started
    err = importer.stderr.read().decode(errors="replace")
    server.terminate()
    server.wait()
    if importer.returncode != 0:
        sys.exit(f"the import failed: {err}")
    return samples, import_seconds


def summary(backend, samples, import_seconds):
    rows = []
    for what, ok in (("sign-in", 200), ("case", 201)):
        times = sorted(ms for w, status, ms in samples if w == what)
        errors = [status for w, status, _ in samples if w == what and status != ok]
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else float("nan")
        rows.append({"backend": backend, "what": what, "count": len(times), "errors": len(errors),
                     "error_examples": sorted({str(e) for e in errors})[:3],
                     "p50": statistics.median(times) if times else float("nan"), "p99": p99,
                     "max": times[-1] if times else float("nan"), "import_seconds": import_seconds})
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--partners", type=int, default=100_000)
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--work", default="/tmp/lpc-bench")
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-p", "lpc"], cwd=ROOT, check=True)
    work = Path(args.work)
    data = work / f"data-{args.partners}-{args.lines}"
    if not (data / "invoices.csv").exists():
        subprocess.run([LPC, "bench", "generate", "--partners", str(args.partners), "--lines",
                        str(args.lines + args.lines // 25), "--out", data, "--seed", "1"], check=True)
    invoices, _ = split_month(data, args.lines)
    rows = []

    db = work / "portal.db"
    for path in sqlite_files(db):
        path.unlink(missing_ok=True)
    lpc(f"sqlite://{db}", "migrate")
    register_partners(db, data / "partners.csv")
    token = prepare(f"sqlite://{db}", data)
    samples, seconds = during_import(f"sqlite://{db}", invoices, token)
    rows += summary("SQLite", samples, seconds)
    print(rows[-2:], flush=True)

    if not args.skip_postgres:
        url = fresh_pg("lpc_portal_bench")
        lpc(url, "migrate")
        subprocess.run(["psql", "-q", url, "-c", "CREATE TEMP TABLE p (mpn_id bigint, name text, country text)",
                        "-c", f"\\copy p FROM '{data / 'partners.csv'}' CSV HEADER",
                        "-c", "INSERT INTO partners (mpn_id, name, country, registered_at) "
                              "SELECT mpn_id, name, country, '2026-01-01T00:00:00Z' FROM p"],
                       check=True, stdout=subprocess.DEVNULL)
        token = prepare(url, data)
        samples, seconds = during_import(url, invoices, token)
        rows += summary("PostgreSQL", samples, seconds)
        print(rows[-2:], flush=True)

    lines = ["## The portal during a 10M-line import (issue 14)", "",
             f"`python3 bench/portal_during_import.py --partners {args.partners} --lines {args.lines}`, "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: every {INTERVAL} s, a sign-in through the login "
             "form and a case opened through the API, from the import's start to its end. Targets: no error, "
             "p99 <= 250 ms.", "",
             "| backend | request | during an import of | answers | errors | p50 ms | p99 ms | max ms | met |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        met = "yes" if r["errors"] == 0 and r["p99"] <= 250 else "no"
        errors = f"{r['errors']} {', '.join(r['error_examples'])}".strip()
        lines.append(f"| {r['backend']} | {r['what']} | {r['import_seconds']:.0f} s | {r['count']} | {errors} | "
                     f"{r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {met} |")
    lines.append("")
    text = "\n".join(lines)
    (ROOT / "bench" / "RESULTS-portal.md").write_text("# Benchmark results: the portal during an import\n\n" + text)
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text() if path.exists() else ""
    marker = "## The portal during a 10M-line import (issue 14)"
    if marker in old:
        before, rest = old.split(marker, 1)
        after = rest[rest.index("\n## "):] if "\n## " in rest else ""
        old = before + after
    path.write_text(old.rstrip("\n") + "\n\n" + text)
    print(text)


if __name__ == "__main__":
    main()
