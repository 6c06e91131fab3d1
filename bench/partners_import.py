#!/usr/bin/env python3
"""Onboarding partners in bulk (issue 19 part 1, R31): `lpc partners import` beside
`lpc invoices import`, per line, on the same machine in the same run.

    python3 bench/partners_import.py                          # 100k partners; invoices of 100k, 1M and 10M lines
    python3 bench/partners_import.py --lines 1000000 --skip-postgres   # a quicker look
    python3 bench/partners_import.py --no-build --runs 1 --partners 10000 --lines 10000   # checking the script

The per-line cost of an invoice import falls as its file grows (its fixed costs spread over
more lines), so the ratio is given against invoice files of each size asked for; the one
against the same number of lines (100k) compares like with like.

The data comes from `lpc bench generate` (its bytes are pinned by a test, so it is not
changed): its partners.csv (mpn_id,name,country) gets a contact e-mail per partner here and
is written as partners-contacts.csv in the partner file's format. Every partner is new and
has a contact: each import registers them all, each marked to be invited. The invitations
(a token, an invitation row and a mail per partner) are made afterwards, a batch at a time,
by `lpc serve` every half minute or `lpc partners invite`: measured on their own, per
invitation.

Each measurement runs --runs times (default 3) as a separate process on a fresh database
(SQLite: a copy of a migrated empty file; PostgreSQL: a new database, migrated), untimed
set-up. Reported: median wall time, every run, peak RSS, microseconds per line, and the
ratio partners / invoices per line (target <= 2.0). The JSON of the partner import and of
the invitations is checked: every partner registered, every contact invited. Results go to
bench/RESULTS-partners-import.md.
"""

import argparse
import csv
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LPC = ROOT / "target" / "release" / "lpc"
PG_SERVER = os.environ.get("LPC_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
TODAY = "2026-07-15"  # the generated invoices end on 2026-06-30
RESULTS = ROOT / "bench" / "RESULTS-partners-import.md"


def run(cmd, out_path=None):
    """Runs a command; returns (seconds, peak RSS in MiB). Its stdout goes to `out_path`."""
    out = open(out_path, "w") if out_path else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if out_path:
        out.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return seconds, usage.ru_maxrss / 1024


def quiet(cmd):
    subprocess.run(list(map(str, cmd)), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def psql(db, sql):
    quiet(["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{PG_SERVER}/{db}", "-c", sql])


def fresh_pg(name):
    psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {name}")
    url = f"{PG_SERVER}/{name}"
    quiet([LPC, "--db", url, "migrate"])
    return url


def sqlite_files(db):
    return [Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm")]


def copy_db(source, target):
    for path in sqlite_files(target):
        path.unlink(missing_ok=True)
    for src, dst in zip(sqlite_files(source), sqlite_files(target)):
        if src.exists():
            shutil.copy(src, dst)
    os.sync()


def measure(name, runs, lines, prepare, command, out_path=None):
    times, rss = [], []
    for _ in range(runs):
        prepare()
        seconds, peak = run(command, out_path)
        times.append(seconds)
        rss.append(peak)
    median = statistics.median(times)
    result = {"name": name, "median": median, "runs": times, "rss": max(rss), "lines": lines,
              "per_line_us": median / lines * 1e6, "command": " ".join(map(str, command))}
    print(f"{name}: median {median:.3f} s, {result['per_line_us']:.2f} us/line, peak RSS {max(rss):.0f} MiB",
          flush=True)
    return result


def partner_file(data):
    """partners.csv with a contact e-mail per partner, in the partner file's format."""
    target = data / "partners-contacts.csv"
    if target.exists():
        return target
    with open(data / "partners.csv", newline="") as src, open(target, "w", newline="") as out:
        rows = csv.reader(src)
        next(rows)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["mpn_id", "name", "country", "contact_email"])
        for mpn, name, country in rows:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "partner"
            writer.writerow([mpn, name, country, f"desk@{slug}-{mpn}.example"])
    return target


def count_lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f) - 1


def check(json_path, partners, invite_only=False):
    done = json.loads(Path(json_path).read_text())
    registered = invite_only or (done["partners"] == partners and done["refused"] == 0)
    if not registered or done["invited"] != partners:
        sys.exit(f"not every partner was registered and invited: {done}")
    return done


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--partners", type=int, default=100_000)
    ap.add_argument("--lines", default="100000,1000000,10000000",
                    help="invoice files to compare with, in lines (comma-separated)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/lpc-bench-partners")
    ap.add_argument("--skip-postgres", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    sizes = [int(n) for n in args.lines.split(",")]

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-p", "lpc"], cwd=ROOT, check=True)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    data = {}
    for lines in sizes:
        data[lines] = work / f"data-{args.partners}-{lines}"
        if not (data[lines] / "invoices.csv").exists():
            quiet([LPC, "bench", "generate", "--partners", args.partners, "--lines", lines, "--out", data[lines],
                   "--seed", "1"])
    partners = partner_file(data[sizes[0]])
    partner_lines = count_lines(partners)

    empty = work / "empty.db"
    for path in sqlite_files(empty):
        path.unlink(missing_ok=True)
    quiet([LPC, "--db", f"sqlite://{empty}", "migrate"])
    db = work / "run.db"
    url = f"sqlite://{db}"
    pg = f"{PG_SERVER}/lpc_bench_partners"
    out = work / "partners.json"
    results = []
    for lines in sizes:
        invoices = data[lines] / "invoices.csv"
        results.append(measure(f"invoices import, SQLite, {lines:,} lines", args.runs, count_lines(invoices),
                               lambda: copy_db(empty, db),
                               [LPC, "--db", url, "--today", TODAY, "invoices", "import", invoices]))
    results.append(measure("partners import, SQLite", args.runs, partner_lines, lambda: copy_db(empty, db),
                           [LPC, "--db", url, "--today", TODAY, "partners", "import", partners, "--json"], out))
    check(out, partner_lines)
    imported = work / "imported.db"
    copy_db(db, imported)
    # The same file again: every partner stored, nothing written.
    results.append(measure("partners import again, SQLite", args.runs, partner_lines, lambda: None,
                           [LPC, "--db", url, "--today", TODAY, "partners", "import", partners]))
    # The invitations of the imported file, queued in the outbox.
    results.append(measure("invitations queued, SQLite", args.runs, partner_lines, lambda: copy_db(imported, db),
                           [LPC, "--db", url, "--today", TODAY, "partners", "invite", "--json"], out))
    check(out, partner_lines, invite_only=True)

    if not args.skip_postgres:
        for lines in sizes:
            invoices = data[lines] / "invoices.csv"
            results.append(measure(f"invoices import, PostgreSQL, {lines:,} lines", args.runs, count_lines(invoices),
                                   lambda: fresh_pg("lpc_bench_partners"),
                                   [LPC, "--db", pg, "--today", TODAY, "invoices", "import", invoices]))
        results.append(measure("partners import, PostgreSQL", args.runs, partner_lines,
                               lambda: fresh_pg("lpc_bench_partners"),
                               [LPC, "--db", pg, "--today", TODAY, "partners", "import", partners, "--json"], out))
        check(out, partner_lines)

        def imported_pg():
            fresh_pg("lpc_bench_partners")
            quiet([LPC, "--db", pg, "--today", TODAY, "partners", "import", partners])
        results.append(measure("invitations queued, PostgreSQL", args.runs, partner_lines, imported_pg,
                               [LPC, "--db", pg, "--today", TODAY, "partners", "invite", "--json"], out))
        check(out, partner_lines, invite_only=True)
        psql("postgres", "DROP DATABASE IF EXISTS lpc_bench_partners WITH (FORCE)")
    write_results(args, sizes, results)


def find(results, name):
    return next((r for r in results if r["name"] == name), None)


def write_results(args, sizes, results):
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
    command = f"python3 bench/partners_import.py --partners {args.partners} --lines {args.lines} --runs {args.runs}"
    if args.skip_postgres:
        command += " --skip-postgres"
    lines = [
        "# Onboarding partners in bulk: `lpc partners import` beside `lpc invoices import`", "",
        f"Data: `lpc bench generate --partners {args.partners} --lines N --seed 1` for N in {args.lines}; the partner file is "
        "its partners.csv with a contact e-mail per partner (`bench/partners_import.py` writes it), so every "
        "partner is new and its contact to be invited: the import writes a partner row per line (marked to "
        "be invited) and one audit event, in one transaction. The invitations are queued afterwards "
        "(`lpc partners invite`, as `lpc serve` does every half minute): per partner a single-use token (its "
        "SHA-256 stored) and a mail in the outbox, measured on their own. Each run is a separate process on "
        f"a fresh database; {args.runs} runs each, median wall time, peak RSS of the process.", "",
        f"Machine: {cpu}, {os.cpu_count()} cores, {memory} GiB; {platform.platform()}; {rustc}; {pg}. "
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "",
        f"Reproduce: `{command}`", "",
        "| measurement | lines | median s | µs per line | runs s | peak RSS MiB | command |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        runs = ", ".join(f"{t:.3f}" for t in r["runs"])
        lines.append(f"| {r['name']} | {r['lines']:,} | {r['median']:.3f} | {r['per_line_us']:.2f} | {runs} | "
                     f"{r['rss']:.0f} | `{r['command']}` |")
    lines += ["", "| ratio, µs per line | value | target | met |", "|---|---|---|---|"]
    for backend in ("SQLite", "PostgreSQL"):
        p = find(results, f"partners import, {backend}")
        for size in sizes:
            i = find(results, f"invoices import, {backend}, {size:,} lines")
            if p and i:
                value = p["per_line_us"] / i["per_line_us"]
                met = "yes" if value <= 2.0 else "no"
                lines.append(f"| partners import / invoices import of {size:,} lines, {backend} | {value:.2f} | "
                             f"<= 2.0 | {met} |")
    lines.append("")
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
