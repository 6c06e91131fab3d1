#!/usr/bin/env python3
"""Benchmarks of lpc beside DuckDB and PostgreSQL on the same files (issue 4, item 6).

Every measurement runs --runs times (default 3) as a separate process; the report gives the
median wall time, the peak RSS of the measured process, and the ratio lpc / anchor. Results
go to bench/RESULTS.md with the machine and the exact commands.

    python3 bench/run.py                       # 100k partners, 10M lines (the issue's scale)
    python3 bench/run.py --lines 1000000       # a quicker look

It builds lpc in release mode, installs DuckDB from PyPI (pip install duckdb) and needs the
PostgreSQL server of scripts/ensure-postgres on 127.0.0.1:5432.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LPC = ROOT / "target" / "release" / "lpc"
PG_SERVER = os.environ.get("LPC_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
COPY_NAME = "import 3: psql \\copy"
TODAY = "2026-07-15"  # the generated data ends on 2026-06-30: the report of 15 July covers 2025-07..2026-06


def run(cmd, **kw):
    """Runs a command, returns (seconds, peak RSS in MiB of that process and its children)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{err}")
    return seconds, usage.ru_maxrss / 1024


def psql(db, sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{PG_SERVER}/{db}", "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


def fresh_pg(name):
    psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {name}")
    return f"{PG_SERVER}/{name}"


INVOICES_TABLE = """
CREATE TABLE invoices (
  document_type text NOT NULL, document_number text NOT NULL, corrects_document text,
  partner_id bigint NOT NULL, document_date date NOT NULL, line_number bigint NOT NULL,
  omlp_type text NOT NULL, product_sku text NOT NULL, purchase_units bigint NOT NULL,
  revenue_value numeric NOT NULL, currency text NOT NULL,
  PRIMARY KEY (document_type, document_number, line_number));
"""
# The same key as lpc's invoice_lines (migration 0005 dropped its per-date and per-partner
# indexes; the partial index on credit notes covers 2% of the rows and is left out here).
SQLITE_TABLE = INVOICES_TABLE.replace("bigint", "integer").replace("numeric", "text").replace("date NOT NULL", "text NOT NULL")

PG_GROUP_BY = """
SELECT partner_id, date_trunc('month', document_date) AS month, omlp_type, sum(purchase_units)
FROM invoices WHERE document_date BETWEEN '2025-07-01' AND '2026-06-30'
GROUP BY 1, 2, 3
"""

DUCK_IMPORT = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute(\"CREATE TABLE invoices AS SELECT * FROM read_csv('%s')\" % sys.argv[2])"
DUCK_KEYED_IMPORT = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute(\"" + INVOICES_TABLE.replace("numeric", "decimal(18,2)").replace("\n", " ")
                     + "\"); c.execute(\"INSERT INTO invoices SELECT * FROM read_csv('%s')\" % sys.argv[2])")
DUCK_GROUP_BY = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute(\"CREATE TABLE report AS "
                 "SELECT partner_id, date_trunc('month', document_date) AS month, omlp_type, sum(purchase_units) "
                 "FROM invoices WHERE document_date BETWEEN DATE '2025-07-01' AND DATE '2026-06-30' GROUP BY ALL\")")


def measure(name, runs, prepare, command):
    times, rss = [], []
    for _ in range(runs):
        prepare()
        seconds, peak = run(command())
        times.append(seconds)
        rss.append(peak)
    result = {"name": name, "median": statistics.median(times), "runs": times, "rss": max(rss),
              "command": " ".join(map(str, command()))}
    print(f"{name}: median {result['median']:.2f} s, peak RSS {result['rss']:.0f} MiB", flush=True)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--partners", type=int, default=100_000)
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/lpc-bench")
    ap.add_argument("--skip-postgres", action="store_true")
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "-p", "lpc"], cwd=ROOT, check=True)
    try:
        import duckdb  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"], check=True)
    import duckdb

    work = Path(args.work)
    data = work / f"data-{args.partners}-{args.lines}"
    if not (data / "invoices.csv").exists():
        subprocess.run([LPC, "bench", "generate", "--partners", str(args.partners), "--lines", str(args.lines + args.lines // 25),
                        "--out", data, "--seed", "1"], check=True)
    # The generated file holds --lines plus a month's worth (4%): the first --lines rows are
    # the import, the rest the incremental month (issue 4: 400k more lines into 10M).
    invoices, month = split_month(data, args.lines)
    partners = [line.split(",")[0] for line in (data / "partners.csv").read_text().splitlines()[1:]]
    results = []

    # A database with every partner registered (so that publication has them all), copied
    # fresh before each measured run.
    base = work / "base.db"
    if base.exists():
        base.unlink()
    subprocess.run([LPC, "--db", f"sqlite://{base}", "migrate"], check=True, stdout=subprocess.DEVNULL)
    register_partners(base, data / "partners.csv")
    db = work / "run.db"

    def fresh_sqlite():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, db)

    results.append(measure("import 1: lpc, SQLite", args.runs, fresh_sqlite,
                           lambda: [LPC, "--db", f"sqlite://{db}", "--today", TODAY, "invoices", "import", invoices]))
    duck = work / "duck.db"

    def fresh_duck():
        duck.unlink(missing_ok=True)
        Path(f"{duck}.wal").unlink(missing_ok=True)

    results.append(measure("import 1: DuckDB read_csv", args.runs, fresh_duck,
                           lambda: [sys.executable, "-c", DUCK_IMPORT, duck, invoices]))
    # Context, not targets: DuckDB keeping the same primary key, and SQLite's own CSV import
    # into a table with lpc's key: the floor for any program storing these rows in SQLite.
    duck_keyed = work / "duck-keyed.db"

    def fresh_duck_keyed():
        duck_keyed.unlink(missing_ok=True)
        Path(f"{duck_keyed}.wal").unlink(missing_ok=True)

    results.append(measure("import 1b: DuckDB, same primary key", args.runs, fresh_duck_keyed,
                           lambda: [sys.executable, "-c", DUCK_KEYED_IMPORT, duck_keyed, invoices]))
    floor = work / "floor.db"

    def fresh_floor():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{floor}{suffix}").unlink(missing_ok=True)
        subprocess.run(["sqlite3", floor, "PRAGMA journal_mode=WAL;" + SQLITE_TABLE], check=True,
                       stdout=subprocess.DEVNULL)

    if shutil.which("sqlite3"):
        results.append(measure("import 1c: sqlite3 .import, same key", args.runs, fresh_floor,
                               lambda: ["sqlite3", floor, "-cmd", "PRAGMA synchronous=NORMAL", "-cmd",
                                        "PRAGMA cache_size=-196608", f".import --csv --skip 1 {invoices} invoices"]))
    else:
        print("sqlite3 not found (Debian package sqlite3): the SQLite floor is not measured", flush=True)

    # Publication: the imported database is copied before each run (a publication is frozen).
    imported = work / "imported.db"
    shutil.copy(db, imported)

    def fresh_imported():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(imported, db)

    # The incremental month: the same lines into the database holding the import, and into
    # an empty one (partners only).
    results.append(measure("import 5: month into the full database", args.runs, fresh_imported,
                           lambda: [LPC, "--db", f"sqlite://{db}", "--today", TODAY, "invoices", "import", month]))
    results.append(measure("import 5: month into an empty database", args.runs, fresh_sqlite,
                           lambda: [LPC, "--db", f"sqlite://{db}", "--today", TODAY, "invoices", "import", month]))

    results.append(measure("publish 2: lpc, SQLite", args.runs, fresh_imported,
                           lambda: [LPC, "--db", f"sqlite://{db}", "--today", TODAY, "publish"]))
    results.append(measure("publish 2: DuckDB GROUP BY", args.runs, lambda: None,
                           lambda: [sys.executable, "-c", DUCK_GROUP_BY.replace("CREATE TABLE report", "CREATE OR REPLACE TABLE report"), duck]))

    if not args.skip_postgres:
        def fresh_lpc_pg():
            url = fresh_pg("lpc_bench")
            subprocess.run([LPC, "--db", url, "migrate"], check=True, stdout=subprocess.DEVNULL)
            # Registered partners, as for SQLite: untimed set-up through psql.
            subprocess.run(["psql", "-q", url, "-c", "CREATE TEMP TABLE p (mpn_id bigint, name text, country text)",
                            "-c", f"\\copy p FROM '{data / 'partners.csv'}' CSV HEADER",
                            "-c", "INSERT INTO partners (mpn_id, name, country, registered_at) "
                                  "SELECT mpn_id, name, country, '2026-01-01T00:00:00Z' FROM p"],
                           check=True, stdout=subprocess.DEVNULL)
        results.append(measure("import 3: lpc, PostgreSQL", args.runs, fresh_lpc_pg,
                               lambda: [LPC, "--db", f"{PG_SERVER}/lpc_bench", "--today", TODAY, "invoices", "import", invoices]))

        def fresh_copy_pg():
            fresh_pg("copy_bench")
            psql("copy_bench", INVOICES_TABLE)
        results.append(measure(COPY_NAME, args.runs, fresh_copy_pg,
                               lambda: ["psql", f"{PG_SERVER}/copy_bench", "-c", f"\\copy invoices FROM '{invoices}' CSV HEADER"]))
        # Publication on PostgreSQL: the imported database is kept and the publication
        # removed before each run (publications are frozen: a second run would be a no-op).
        def unpublish_pg():
            psql("lpc_bench", "DELETE FROM publication_totals; DELETE FROM publication_rows; "
                              "DELETE FROM publications; UPDATE kpi_adjustments SET published_on = NULL")
        results.append(measure("publish 4: lpc, PostgreSQL", args.runs, unpublish_pg,
                               lambda: [LPC, "--db", f"{PG_SERVER}/lpc_bench", "--today", TODAY, "publish"]))
        results.append(measure("publish 4: PostgreSQL GROUP BY", args.runs, lambda: None,
                               lambda: ["psql", f"{PG_SERVER}/copy_bench", "-c", PG_GROUP_BY]))

    write_results(args, results, duckdb.__version__)


def split_month(data, lines):
    """Writes base.csv (the first `lines` rows) and month.csv (the rest, without the credit
    notes that correct an invoice of the base, so that the month imports alone too)."""
    base, month = data / "base.csv", data / "month.csv"
    if base.exists() and month.exists():
        return base, month
    with open(data / "invoices.csv") as src, open(base, "w") as b, open(month, "w") as m:
        header = src.readline()
        b.write(header)
        m.write(header)
        for _ in range(lines):
            b.write(src.readline())
        rest = src.readlines()
        invoiced = {r.split(",", 2)[1] for r in rest if r.startswith("invoice,")}
        m.writelines(r for r in rest if r.startswith("invoice,") or r.split(",", 3)[2] in invoiced)
    return base, month


def register_partners(db, partners_csv):
    """Registers every generated partner through lpc itself, as one `partner add` per
    partner would take hours: the same rows through SQLite directly, untimed set-up."""
    import sqlite3
    con = sqlite3.connect(db)
    rows = []
    for line in partners_csv.read_text().splitlines()[1:]:
        mpn, name, country = line.split(",")
        rows.append((int(mpn), name, country, "2026-01-01T00:00:00Z"))
    con.executemany("INSERT INTO partners (mpn_id, name, country, registered_at) VALUES (?, ?, ?, ?)", rows)
    con.commit()
    con.close()


def ratio(results, a, b):
    x = next((r for r in results if r["name"] == a), None)
    y = next((r for r in results if r["name"] == b), None)
    return f"{x['median'] / y['median']:.2f}" if x and y else "n/a"


def write_results(args, results, duck_version):
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    lines = [
        "# Benchmark results", "",
        f"Data: `lpc bench generate --partners {args.partners} --lines {args.lines} --seed 1`; "
        f"{args.runs} runs each, median wall time; peak RSS of the measured process.", "",
        f"Machine: {cpu}, {os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB; "
        f"{platform.platform()}; {rustc}; DuckDB {duck_version}; {pg}.", "",
        "Reproduce: `python3 bench/run.py " + f"--partners {args.partners} --lines {args.lines}`", "",
        "| measurement | median s | runs s | peak RSS MiB | command |", "|---|---|---|---|---|",
    ]
    for r in results:
        runs = ", ".join(f"{t:.2f}" for t in r["runs"])
        lines.append(f"| {r['name']} | {r['median']:.2f} | {runs} | {r['rss']:.0f} | `{r['command']}` |")
    lines += ["", "| ratio | value | target |", "|---|---|---|",
              f"| import, lpc SQLite / DuckDB | {ratio(results, 'import 1: lpc, SQLite', 'import 1: DuckDB read_csv')} | <= 2.0 (aim 1.0) |",
              f"| publication, lpc SQLite / DuckDB | {ratio(results, 'publish 2: lpc, SQLite', 'publish 2: DuckDB GROUP BY')} | <= 1.0 |",
              f"| import, lpc PostgreSQL / psql \\copy | {ratio(results, 'import 3: lpc, PostgreSQL', COPY_NAME)} | <= 1.5 |",
              f"| publication, lpc PostgreSQL / PostgreSQL GROUP BY | {ratio(results, 'publish 4: lpc, PostgreSQL', 'publish 4: PostgreSQL GROUP BY')} | <= 1.0 |",
              f"| incremental month, into the full / into an empty database | {ratio(results, 'import 5: month into the full database', 'import 5: month into an empty database')} | <= 1.2 |",
              f"| context: lpc SQLite / DuckDB with the same primary key | {ratio(results, 'import 1: lpc, SQLite', 'import 1b: DuckDB, same primary key')} | - |",
              f"| context: lpc SQLite / sqlite3 .import with the same key | {ratio(results, 'import 1: lpc, SQLite', 'import 1c: sqlite3 .import, same key')} | - |",
              f"| context: sqlite3 .import / DuckDB read_csv | {ratio(results, 'import 1c: sqlite3 .import, same key', 'import 1: DuckDB read_csv')} | - |",
              ""]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
