#!/usr/bin/env python3
"""The dashboard under wrk against one and two `lpc serve` on one PostgreSQL (issue 18 item 7).

Builds (or reuses) the SQLite database bench/web.py uses, adds the bench users, copies it to a
fresh PostgreSQL database with `lpc db copy`, then:

1. one server: wrk on the busiest partner's dashboard page and on its kpi-report API (gzip);
2. two servers on the same database: two wrk at once, one on each server, with half the
   connections each; their requests/s are added up.

The ratio two/one says what a second server brings on this machine. The CPU seconds of the
servers, of PostgreSQL and of wrk during each run (from /proc) say where the time went.
Results go to bench/RESULTS-servers.md.

    python3 bench/servers.py                      # 10k partners, 1M lines (a few minutes)
    python3 bench/servers.py --no-build --duration 5 --runs 1   # checking the script
"""

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import LPC, ROOT, TODAY  # noqa: E402
from web import (  # noqa: E402
    EMAIL, WRK_LUA, busiest_partner, ensure_database, ensure_user, ensure_wrk, free_port, get,
    load, machine, parse_wrk, sign_in,
)

PG_DB = "lpc_bench_servers"


def psql(admin_url, sql):
    subprocess.run(["psql", admin_url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True)


def clock_ticks(pids, children=False):
    """CPU seconds (user + system) the processes have used so far; with `children`, also what
    their exited children used."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            if children:
                total += int(fields[13]) + int(fields[14])
        except (OSError, IndexError, ValueError):
            pass
    return total / 100.0


def postgres_cpu():
    """PostgreSQL's CPU seconds so far: the postmaster with its exited children (backends that
    ended), plus every live process of the cluster."""
    oldest = subprocess.run(["pgrep", "-o", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    live = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    master = [int(p) for p in oldest]
    others = [int(p) for p in live if int(p) not in master]
    return clock_ticks(master, children=True) + clock_ticks(others)


def start_server(db_url, work, name):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [str(LPC), "--db", db_url, "--today", TODAY, "serve", "--addr", f"127.0.0.1:{port}"]
    log = open(work / f"servers-{name}.log", "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"lpc serve exited; see {work / f'servers-{name}.log'}")
        try:
            if get(f"{base}/assets/app.css", {})[0] == 200:
                return proc, base, log
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"lpc serve did not answer on {base}")


def wrk(url, headers, connections, threads, duration, lua):
    cmd = ["wrk", "--threads", str(threads), "--connections", str(connections), "--duration",
           f"{duration}s", "--timeout", "10s", "--latency", "--script", lua]
    for k, v in headers.items():
        cmd += ["--header", f"{k}: {v}"]
    return subprocess.Popen(cmd + [url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def measure(targets, args, lua, server_pids):
    """Runs one wrk per target at once (`targets`: (url, headers)); the summed req/s, the
    worst p99 and the CPU seconds of the servers, PostgreSQL and wrk."""
    connections = max(1, args.connections // len(targets))
    threads = max(1, args.threads // len(targets))
    for url, headers in targets:  # warm-up, untimed
        wrk(url, headers, connections, threads, args.warmup, lua).communicate()
    before = (clock_ticks(server_pids), postgres_cpu())
    started = [wrk(url, headers, connections, threads, args.duration, lua) for url, headers in targets]
    wrk_pids = [p.pid for p in started]
    outs = []
    wrk_cpu = 0.0
    for p in started:
        # wrk's own CPU, read just before it exits
        while p.poll() is None:
            wrk_cpu = max(wrk_cpu, clock_ticks(wrk_pids))
            time.sleep(0.5)
        outs.append(parse_wrk(p.communicate()[0]))
    after = (clock_ticks(server_pids), postgres_cpu())
    return {
        "rps": sum(o["rps"] for o in outs),
        "p99": max(o["p99"] for o in outs),
        "errors": sum(o["not200"] + o["socket_errors"] for o in outs),
        "cpu_servers": (after[0] - before[0]) / args.duration,
        "cpu_postgres": (after[1] - before[1]) / args.duration,
        "cpu_wrk": wrk_cpu / args.duration,
    }


def median_run(runs):
    runs = sorted(runs, key=lambda r: r["rps"])
    return runs[len(runs) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--partners", type=int, default=10_000)
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--work", default="/tmp/lpc-bench-web-small")
    ap.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432",
                    help="the PostgreSQL server (trust or password in the URL); a database "
                         f"{PG_DB} is made there afresh and dropped at the end")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--duration", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-servers.md"))
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-p", "lpc"], cwd=ROOT, check=True)
    ensure_wrk()
    work = Path(args.work)
    db = ensure_database(args, work)
    mpn, rows = busiest_partner(db)
    token = ensure_user(db, mpn)
    admin = f"{args.postgres}/postgres"
    target = f"{args.postgres}/{PG_DB}"
    psql(admin, f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
    psql(admin, f'CREATE DATABASE "{PG_DB}"')
    t = time.perf_counter()
    copied = json.loads(subprocess.run([str(LPC), "--db", f"sqlite://{db}", "db", "copy", "--to", target,
                                        "--json"], capture_output=True, text=True, check=True).stdout)
    copy_seconds = time.perf_counter() - t
    print(f"copied to PostgreSQL in {copy_seconds:.1f} s", flush=True)

    lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    lua.write_text(WRK_LUA)
    procs = []
    results = {}
    try:
        a, base_a, log_a = start_server(target, work, "a")
        procs.append((a, log_a))
        cookie = sign_in(base_a)
        page = lambda base: (f"{base}/partner/{mpn}/kpi", {"Cookie": cookie})  # noqa: E731
        api = lambda base: (f"{base}/api/v1/partners/{mpn}/kpi-report",  # noqa: E731
                            {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"})
        for name, make in (("dashboard page", page), ("kpi-report API, gzip", api)):
            url, headers = make(base_a)
            if get(url, headers)[0] != 200:
                sys.exit(f"{name} does not answer 200 on server A")
        load_before = load()
        for name, make in (("dashboard page", page), ("kpi-report API, gzip", api)):
            runs = [measure([make(base_a)], args, lua, [a.pid]) for _ in range(args.runs)]
            results[(name, 1)] = median_run(runs)
            print(f"{name}, one server: {results[(name, 1)]}", flush=True)
        b, base_b, log_b = start_server(target, work, "b")
        procs.append((b, log_b))
        # The session made on A is valid on B: sessions live in the database.
        for name, make in (("dashboard page", page), ("kpi-report API, gzip", api)):
            url, headers = make(base_b)
            if get(url, headers)[0] != 200:
                sys.exit(f"{name} does not answer 200 on server B with A's session or token")
        for name, make in (("dashboard page", page), ("kpi-report API, gzip", api)):
            runs = [measure([make(base_a), make(base_b)], args, lua, [a.pid, b.pid]) for _ in range(args.runs)]
            results[(name, 2)] = median_run(runs)
            print(f"{name}, two servers: {results[(name, 2)]}", flush=True)
        load_after = load()
    finally:
        for proc, log in procs:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()
        lua.unlink(missing_ok=True)
        psql(admin, f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')

    copied_rows = copied.get("rows", 0)
    out = [
        "# Two servers on one PostgreSQL (issue 18 item 7)",
        "",
        f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `python3 bench/servers.py "
        f"--partners {args.partners} --lines {args.lines}`, release build.",
        f"Machine: {machine()}. Load before {load_before}, after {load_after}.",
        f"Data: {args.lines:,} invoice lines, {args.partners:,} partners, published on {TODAY}, copied from "
        f"SQLite with `lpc db copy` ({copied_rows:,} rows) in {copy_seconds:.1f} s. Partner {mpn}: {rows:,} published rows (the "
        "busiest dashboard).",
        f"wrk: {args.connections} connections and {args.threads} threads in all (split between the servers), "
        f"{args.duration} s per run after {args.warmup} s of warm-up, median of {args.runs} runs.",
        "",
        "| target | servers | req/s | p99 ms | errors | CPU servers | CPU PostgreSQL | CPU wrk |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (name, n), r in sorted(results.items()):
        out.append(f"| {name} | {n} | {r['rps']:,.0f} | {r['p99']:.1f} | {r['errors']} | "
                   f"{r['cpu_servers']:.2f} | {r['cpu_postgres']:.2f} | {r['cpu_wrk']:.2f} |")
    out += ["", "CPU columns: cores busy on average during the timed run (2.00 = both cores of this machine).",
            "", "| target | two servers / one |", "|---|---|"]
    for name in ("dashboard page", "kpi-report API, gzip"):
        out.append(f"| {name} | {results[(name, 2)]['rps'] / results[(name, 1)]['rps']:.2f} |")
    Path(args.out).write_text("\n".join(out) + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
