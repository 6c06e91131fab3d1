#!/usr/bin/env python3
"""The public Learning Partner directory under wrk on loopback (issue 8, item 4).

A fresh database (`lpc migrate`) gets --listings public listings (default 100k), written by one
SQL script through Python's sqlite3 (deterministic: --seed): partners, their active memberships
(Action Pack, silver, gold in the rule set's competencies) and an approved request and listing
each, as the monthly cycle would leave them (no audit events: this is load, not history).
About a sixth of the names contain "learn" (`Learning`, `E-Learning`...), a tenth are Japanese,
some Italian with accents. One `lpc serve` (release build) then answers:

  (a) the search page    GET /directory?q=learn                      (no session: anonymous)
  (b) the JSON           GET /api/v1/directory?q=learn&country=jp    (no token)
  (c) the page again     GET /directory?q=<a number>                 (another search each request)
  (d) the baseline       GET /assets/app.css                         (a static file of the same server)

as bench/web.py does it (its helpers are imported from there): wrk --connections 64
--threads 2 --duration 30 s --latency, --runs times after an untimed warm-up; medians of
requests/s, p50 and p99, every non-200 response and socket error, and p99(target) /
p99(static). Target: p99 <= 20 ms and no errors. The first search after the start (the
directory read into memory) is timed apart. Results go to bench/RESULTS-directory.md.

    python3 bench/directory.py                         # 100k listings
    python3 bench/directory.py --listings 10000 --runs 1 --duration 10
"""

import argparse
import datetime
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import LPC, ROOT  # noqa: E402
from web import (WRK_LUA, ensure_wrk, free_port, get, load, machine, parse_wrk,  # noqa: E402
                 result_tables, wrk_command)

TODAY = "2026-11-22"
VISIBLE_FROM = "2026-05-07"
QUERY = "learn"
COUNTRY = "jp"
COMPETENCIES = ["application_development", "cloud_business_applications", "cloud_platform",
                "cloud_productivity", "data_analytics", "data_platform", "devops", "security",
                "windows_and_devices"]
COUNTRIES = ["US"] * 20 + ["JP"] * 10 + ["IT"] * 8 + ["GB"] * 8 + ["DE"] * 8 + ["FR"] * 6 + \
    ["IN"] * 8 + ["BR"] * 4 + ["AU"] * 4 + ["CA"] * 4 + ["ES"] * 4 + ["NL", "SE", "KR", "MX", "ZA", "SG"] * 2
FIRST = ["Contoso", "Fabrikam", "Northwind", "Adatum", "Litware", "Proseware", "Tailspin", "Wingtip",
         "Woodgrove", "Alpine", "Blue Yonder", "Coho", "Fourth Coffee", "Humongous", "Lucerne",
         "Margie's", "Trey", "Wide World", "Graphic", "Southridge", "Datum", "Relecloud"]
LAST = ["Learning", "Training", "Academy", "Institute", "E-Learning", "Skills", "Education",
        "Tech School", "Learning Center", "Consulting", "Campus", "Courses"]
JAPANESE = ["さくら研修センター", "東京ラーニング", "大阪トレーニング", "名古屋アカデミー", "みらい研修所",
            "富士ITスクール", "北海道ラーニング", "京都テクノロジー研修"]
ITALIAN = ["Scuola Informatica", "Formazione Digitale", "Università dell'Apprendimento", "Città della Formazione",
           "Accademia Tecnica", "Istituto Più Cloud"]


# As web.py's WRK_LUA, and each request asks another search: `q` is a number that few names
# contain (each name ends with its index), different for every request of every thread, so that
# no search is answered from the server's recent searches.
DISTINCT_LUA = """
local threads = {}
local ids = 0
function setup(thread) ids = ids + 1; thread:set("id", ids); table.insert(threads, thread) end
function init(args) not200 = 0; counter = 0 end
function request()
  counter = counter + 1
  return wrk.format(nil, "/directory?q=" .. tostring(((counter * 2 + id) * 7919) % 1000003))
end
function response(status, headers, body) if status ~= 200 then not200 = not200 + 1 end end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("not200") end
  io.write(string.format("not200 %d\\n", n))
end
"""


def listing_rows(n, seed):
    """Deterministic partners, memberships and listings: (partners, memberships, requests, listings)."""
    rng = random.Random(seed)
    partners, memberships, requests, listings = [], [], [], []
    membership_id = 0
    for i in range(n):
        mpn = 5_000_000 + i
        country = rng.choice(COUNTRIES)
        roll = rng.random()
        if roll < 0.10:
            name = f"{rng.choice(JAPANESE)} {i}"
            country = "JP"
        elif roll < 0.16:
            name = f"{rng.choice(ITALIAN)} {rng.choice(FIRST)} {i}"
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        partners.append((mpn, name, country))
        held = [("action_pack", "")] if rng.random() < 0.5 else []
        for c in rng.sample(COMPETENCIES, rng.choice([0, 1, 1, 2, 3])):
            held.append((rng.choice(["silver", "silver", "gold"]), c))
        if not held:
            held = [("action_pack", "")]
        for option, competency in held:
            membership_id += 1
            memberships.append((membership_id, mpn, option, competency))
        url = f"https://www.p{mpn}.example/learning"
        requests.append((i + 1, mpn, name, country, url))
        listings.append((mpn, name, name.lower(), country, url, i + 1))
    return partners, memberships, requests, listings


def seed(db, n, seed_value):
    subprocess.run([LPC, "--db", f"sqlite://{db}", "migrate"], check=True, capture_output=True)
    partners, memberships, requests, listings = listing_rows(n, seed_value)
    con = sqlite3.connect(db)
    with con:
        con.executemany("INSERT INTO partners (mpn_id, name, country, registered_at) "
                        "VALUES (?, ?, ?, '2026-01-05T09:00:00Z')", partners)
        con.executemany("INSERT INTO memberships (id, partner_id, option, competency, started_on, "
                        "anniversary_date, status) VALUES (?, ?, ?, ?, '2026-03-01', '2027-03-01', 'active')",
                        memberships)
        con.executemany("INSERT INTO directory_requests (id, partner_id, display_name, country, landing_url, "
                        "requested_at, requested_on, processing_from, processing_to, visible_by, state, "
                        "decided_by, decided_at, reason) VALUES (?, ?, ?, ?, ?, '2026-04-02T09:00:00Z', "
                        "'2026-04-02', '2026-04-15', '2026-04-21', '2026-05-07', 'approved', "
                        "'system:bench', '2026-04-15T03:00:00Z', 'every check passed')", requests)
        con.executemany("INSERT INTO directory_listings (partner_id, display_name, name_folded, country, "
                        "landing_url, request_id, visible_from) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(*row, VISIBLE_FROM) for row in listings])
    con.execute("ANALYZE")
    con.close()
    return len(memberships)


def check_targets(targets, n):
    """Each target answers 200 with the right content before anything is timed."""
    for t in targets:
        status, ctype, body, _ = get(t["url"], t["headers"])
        if status != 200:
            sys.exit(f"{t['name']}: {t['url']} answered {status} (expected 200)\n{body[:300]!r}")
        text = body.decode(errors="replace")
        if t["kind"] == "distinct":
            ok = ctype.startswith("text/html") and "directory-search" in text
        elif t["kind"] == "page":
            ok = ctype.startswith("text/html") and "directory-results" in text and text.count("<td><a href=\"/directory/") == 25
        elif t["kind"] == "api":
            answer = json.loads(text)
            ok = ctype.startswith("application/json") and answer.get("total", 0) > 25 \
                and len(answer.get("listings", [])) == 25 \
                and all(l["country"] == COUNTRY.upper() for l in answer["listings"])
            t["total"] = answer.get("total")
        else:
            ok = ctype.startswith("text/css") and len(body) > 0
        if not ok:
            sys.exit(f"{t['name']}: {t['url']} answered 200 but not the expected content "
                     f"({ctype}, {len(body)} bytes)\n{text[:500]}")
        t["bytes"] = len(body)
        print(f"checked {t['name']}: 200 {ctype}, {len(body)} bytes", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listings", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/lpc-bench-directory")
    ap.add_argument("--runs", type=int, default=3, help="timed wrk runs per target (medians reported)")
    ap.add_argument("--duration", type=int, default=30, help="seconds per wrk run")
    ap.add_argument("--warmup", type=int, default=5, help="seconds of untimed wrk before each target")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-build", action="store_true", help="use target/release/lpc as it is")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-directory.md"))
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-p", "lpc"], cwd=ROOT, check=True)
    ensure_wrk()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    db = work / "directory.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.monotonic()
    memberships = seed(db, args.listings, args.seed)
    print(f"seeded {args.listings} listings, {memberships} memberships in {time.monotonic() - started:.1f} s", flush=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve_cmd = [str(LPC), "--db", f"sqlite://{db}", "--today", TODAY, "serve", "--addr", f"127.0.0.1:{port}"]
    log = open(work / "directory-serve.log", "w")
    server = subprocess.Popen(serve_cmd, stdout=log, stderr=subprocess.STDOUT)
    lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    lua.write_text(WRK_LUA)
    distinct_lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    distinct_lua.write_text(DISTINCT_LUA)
    query = urllib.parse.quote(QUERY)
    try:
        for _ in range(600):
            if server.poll() is not None:
                sys.exit(f"lpc serve exited; see {work / 'directory-serve.log'}")
            try:
                status = get(f"{base}/assets/app.css", {})[0]
                if status != 200:
                    sys.exit(f"/assets/app.css answered {status}: is {LPC} an old build?")
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit(f"lpc serve did not answer on {base}")
        # The first search reads the directory into memory.
        started = time.monotonic()
        status = get(f"{base}/api/v1/directory?q={query}", {})[0]
        first_ms = (time.monotonic() - started) * 1000
        if status != 200:
            sys.exit(f"the first search answered {status}")
        print(f"first search (directory read into memory): {first_ms:.0f} ms", flush=True)
        targets = [
            {"name": f"search page /directory?q={QUERY}", "kind": "page",
             "url": f"{base}/directory?q={query}", "headers": {}},
            {"name": f"JSON /api/v1/directory?q={QUERY}&country={COUNTRY}", "kind": "api",
             "url": f"{base}/api/v1/directory?q={query}&country={COUNTRY}", "headers": {}},
            {"name": "search page, another rare `q` each request (no reuse)", "kind": "distinct",
             "url": f"{base}/directory?q=1", "headers": {}, "lua": distinct_lua},
            {"name": "static app.css", "kind": "static", "url": f"{base}/assets/app.css", "headers": {}},
        ]
        check_targets(targets, args.listings)
        matches = json.loads(get(f"{base}/api/v1/directory?q={query}", {})[2])["total"]
        load_before = load()
        for t in targets:
            if args.warmup:
                subprocess.run(wrk_command(args, t, args.warmup, t.get("lua", lua)), capture_output=True, check=True)
            t["runs"] = []
            for i in range(args.runs):
                out = subprocess.run(wrk_command(args, t, args.duration, t.get("lua", lua)), capture_output=True, text=True,
                                     check=True).stdout
                r = parse_wrk(out)
                t["runs"].append(r)
                print(f"{t['name']} run {i + 1}: {r['rps']:.0f} req/s, p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, "
                      f"not 200 {r['not200']}, socket errors {r['socket_errors']}", flush=True)
            script = "distinct-queries.lua" if "lua" in t else "not200.lua"
            t["command"] = " ".join(wrk_command(args, t, args.duration, script, quote=True)) \
                .replace(base, "http://127.0.0.1:PORT")
            status = get(t["url"], t["headers"])[0]
            if status != 200:
                sys.exit(f"{t['name']} answers {status} after the run")
        load_after = load()
        sessions = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM web_sessions").fetchone()[0]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        lua.unlink(missing_ok=True)
        distinct_lua.unlink(missing_ok=True)
    shown = " ".join(map(str, serve_cmd[:-1])).replace(str(LPC), "target/release/lpc") + " 127.0.0.1:PORT"
    write_results(args, targets, memberships, matches, first_ms, sessions, shown, load_before, load_after)


def write_results(args, targets, memberships, matches, first_ms, sessions, serve_cmd, load_before, load_after):
    static = next(t for t in targets if t["kind"] == "static")
    api = next(t for t in targets if t["kind"] == "api")
    busy = float(load_before.split()[0]) > 0.5
    out = [
        "# Public directory benchmark results", "",
        f"Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.", "",
        f"Data: {args.listings} public listings (seed {args.seed}), {memberships} active memberships, written "
        f"by bench/directory.py into a fresh database after `lpc migrate`; the server's day is {TODAY}. "
        f"`q={QUERY}` matches {matches} listings; with `country={COUNTRY}`, {api.get('total')}.", "",
        f"Machine: {machine()}. Load average (1, 5, 15 min) before the runs: {load_before}; after: {load_after}"
        f"{' (the machine was busy: the figures are not comparable)' if busy else ''}.", "",
        f"Reproduce: `python3 bench/directory.py --listings {args.listings} --seed {args.seed}`", "",
        f"Server: `{serve_cmd}`. The first search after the start read the directory into memory in "
        f"{first_ms:.0f} ms; sessions stored after the runs: {sessions} (anonymous visitors get none).", "",
        f"wrk: {args.connections} connections, {args.threads} threads, {args.duration} s, {args.runs} runs per "
        f"target after {args.warmup} s of warm-up; medians. \"not 200\" counts every response that is not 200; "
        "socket errors are connect, read, write and timeout (10 s) errors.", "",
        "Each server keeps the matches of its recent searches (per directory snapshot, bounded): the two "
        "fixed-query targets measure that path after their first request (the page still counts, slices "
        "and renders); the \"another rare `q`\" target sends a different search each request "
        "(`distinct-queries.lua` in bench/directory.py), so every request scans all the names.", "",
        "| target | bytes | requests/s | p50 ms | p99 ms | p99 / p99(static) | not 200 | socket errors | runs (req/s; p99 ms) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    out += result_tables(targets, static, 20)
    out += ["", "Commands:", ""]
    out += [f"- `{t['command']}`" for t in targets]
    out.append("")
    Path(args.out).write_text("\n".join(out))
    print("\n".join(out))


if __name__ == "__main__":
    main()
