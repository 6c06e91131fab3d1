#!/usr/bin/env python3
"""Benchmarks of lpc beside DuckDB and PostgreSQL on the same files (issues 4 and 14).

Every measurement runs --runs times (default 3) as a separate process, on a fresh copy of
its database; the report gives the median wall time, every run, the peak RSS of the
measured process, and the ratios lpc / anchor of issue 14's targets. Results go to
bench/RESULTS.md with the machine and the exact commands.

    python3 bench/run.py                       # 100k partners, 10M lines (the issue's scale)
    python3 bench/run.py --lines 1000000 --partners 10000   # a quicker look

It builds lpc in release mode, installs DuckDB from PyPI (pip install duckdb) and needs the
PostgreSQL server of scripts/ensure-postgres on 127.0.0.1:5432.

What is measured (SQLite unless said):
  import          lpc invoices import of the base file (10M lines)    vs DuckDB read_csv
  reimport        the same file again, every line stored already       vs lpc's first import
  month           the next month's 400k lines into the full database   vs into an empty one
  publish, first  the first publication over the imported ledger       vs DuckDB GROUP BY
  publish, month  the next month's publication after the previous one  vs DuckDB GROUP BY
  eligibility     lpc eligibility --all --json                         vs one DuckDB query
  size            the database after 12 monthly publications           vs after the import
  PostgreSQL      import vs psql \\copy (same key); publication vs PostgreSQL's GROUP BY
"""

import argparse
import json
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
TODAY = "2026-07-15"  # the generated data ends on 2026-06-30: the report of 15 July covers 2025-07..2026-06
COPY_NAME = "import, PostgreSQL: psql \\copy, same key"


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


def lpc(db_url, *args, today=TODAY):
    out = subprocess.run([LPC, "--db", db_url, "--today", today, *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: lpc {' '.join(map(str, args))}\n{out.stderr}")
    return out.stdout


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

PG_GROUP_BY = """
SELECT partner_id, date_trunc('month', document_date) AS month, omlp_type, sum(purchase_units)
FROM invoices WHERE document_date BETWEEN '2025-07-01' AND '2026-06-30'
GROUP BY 1, 2, 3
"""

DUCK_IMPORT = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
               "c.execute(\"CREATE TABLE invoices AS SELECT * FROM read_csv('%s')\" % sys.argv[2])")
DUCK_GROUP_BY = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); c.execute(\"CREATE OR REPLACE TABLE report AS "
                 "SELECT partner_id, date_trunc('month', document_date) AS month, omlp_type, sum(purchase_units) "
                 "FROM invoices WHERE document_date BETWEEN DATE '2025-07-01' AND DATE '2026-06-30' GROUP BY ALL\")")
# Eligibility of every partner (R4, R8, R9), the same answer lpc gives: per partner, every
# option (the Action Pack, silver and gold per competency) with every requirement's id, met,
# actual, required, rule and sentence, and whether the option is eligible; one JSON document
# per partner. Facts: active MCTs on the day, exam passes of the last twelve months per
# competency, KPI points of the report's period.
ELIGIBILITY_SQL = """
WITH mct AS (SELECT partner_id, count(*) AS n FROM trainers
             WHERE valid_from <= DATE '2026-07-15' AND valid_until >= DATE '2026-07-15' GROUP BY 1),
     passes AS (SELECT e.partner_id, m.competency, count(*) AS n FROM exams e JOIN exam_map m USING (exam_code)
                WHERE e.passed_on > DATE '2025-07-15' GROUP BY 1, 2),
     kpi AS (SELECT i.partner_id, sum(i.purchase_units * p.points) AS points FROM invoices i
             JOIN omlp_points p USING (omlp_type)
             WHERE i.document_date BETWEEN DATE '2025-07-01' AND DATE '2026-06-30' GROUP BY 1),
     facts AS (SELECT p.mpn_id, coalesce(mct.n, 0) AS mcts, coalesce(kpi.points, 0) AS points
               FROM partners p LEFT JOIN mct ON mct.partner_id = p.mpn_id LEFT JOIN kpi ON kpi.partner_id = p.mpn_id),
     options AS (
       SELECT f.mpn_id, 0 AS ord, NULL AS competency, 'action_pack' AS option,
              [{'id': 'mct_count', 'met': f.mcts >= 1, 'actual': f.mcts, 'required': 1, 'rule': 'R4',
                'message': format('{} active MCT ({} required)', f.mcts, 1)}] AS requirements
       FROM facts f
       UNION ALL
       SELECT f.mpn_id, t.ord, c.competency, t.option,
              [{'id': 'mct_count', 'met': f.mcts >= t.mcts, 'actual': f.mcts, 'required': t.mcts, 'rule': t.rule,
                'message': format('{} of {} active MCTs; add {} more', f.mcts, t.mcts, greatest(t.mcts - f.mcts, 0))},
               {'id': 'exam_passes', 'met': coalesce(ps.n, 0) >= t.exams, 'actual': coalesce(ps.n, 0),
                'required': t.exams, 'rule': t.rule,
                'message': format('{} of {} passes of exams mapped to {} in the last 12 months; {} more needed',
                                  coalesce(ps.n, 0), t.exams, c.competency, greatest(t.exams - coalesce(ps.n, 0), 0))},
               {'id': 'kpi_points', 'met': f.points >= t.points, 'actual': f.points, 'required': t.points,
                'rule': t.rule, 'message': format('{} of {} KPI points', f.points, t.points)},
               {'id': 'performance_commitment', 'met': false, 'actual': 0, 'required': 1, 'rule': 'R8',
                'message': 'Accept the Performance Requirements of the Learning Program Performance Guidelines'}]
       FROM facts f
       CROSS JOIN (SELECT DISTINCT competency FROM exam_map) c
       CROSS JOIN (VALUES (1, 'silver', 2, 2, 0, 'R8'), (2, 'gold', 4, 4, 1000, 'R9')) t(ord, option, mcts, exams, points, rule)
       LEFT JOIN passes ps ON ps.partner_id = f.mpn_id AND ps.competency = c.competency)
SELECT mpn_id AS partner_id,
       list({'option': option, 'competency': competency,
             'eligible': list_bool_and([r.met FOR r IN requirements]),
             'requirements': requirements} ORDER BY ord, competency) AS options
FROM options GROUP BY mpn_id ORDER BY mpn_id
"""
DUCK_ELIGIBILITY = ("import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                    "c.execute(\"COPY (\" + open(sys.argv[2]).read() + \") TO '\" + sys.argv[3] + \"' (FORMAT json)\")")


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


def sqlite_files(db):
    return [Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm")]


def copy_db(source, target):
    for path in sqlite_files(target):
        path.unlink(missing_ok=True)
    for src, dst in zip(sqlite_files(source), sqlite_files(target)):
        if src.exists():
            shutil.copy(src, dst)
    # The copy's dirty pages are written out before the measured run starts, rather than
    # during it (seen as system time of the measured process).
    os.sync()


def db_size(db):
    return sum(p.stat().st_size for p in sqlite_files(db) if p.exists())


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
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"data-{args.partners}-{args.lines}"
    if not (data / "invoices.csv").exists():
        subprocess.run([LPC, "bench", "generate", "--partners", str(args.partners), "--lines",
                        str(args.lines + args.lines // 25), "--out", data, "--seed", "1"], check=True)
    # The generated file holds --lines plus a month's worth (4%): the first --lines rows are
    # the import, the rest the next month (issue 4: 400k more lines into 10M).
    invoices, month = split_month(data, args.lines)
    results = []
    sizes = {}

    # A database with every partner registered, trainers and exams imported (untimed), copied
    # fresh before each measured run.
    base = work / "base.db"
    for path in sqlite_files(base):
        path.unlink(missing_ok=True)
    lpc(f"sqlite://{base}", "migrate")
    register_partners(base, data / "partners.csv")
    lpc(f"sqlite://{base}", "trainers", "import", data / "trainers.csv")
    lpc(f"sqlite://{base}", "exams", "import", data / "exams.csv")
    db = work / "run.db"
    url = f"sqlite://{db}"

    results.append(measure("import: lpc, SQLite", args.runs, lambda: copy_db(base, db),
                           lambda: [LPC, "--db", url, "--today", TODAY, "invoices", "import", invoices]))
    imported = work / "imported.db"
    copy_db(db, imported)
    sizes["after the import"] = db_size(imported)

    duck = work / "duck.db"

    def fresh_duck():
        duck.unlink(missing_ok=True)
        Path(f"{duck}.wal").unlink(missing_ok=True)

    results.append(measure("import: DuckDB read_csv", args.runs, fresh_duck,
                           lambda: [sys.executable, "-c", DUCK_IMPORT, duck, invoices]))

    results.append(measure("reimport: lpc, every line stored already", args.runs, lambda: copy_db(imported, db),
                           lambda: [LPC, "--db", url, "--today", TODAY, "invoices", "import", invoices]))
    results.append(measure("month: into the full database", args.runs, lambda: copy_db(imported, db),
                           lambda: [LPC, "--db", url, "--today", TODAY, "invoices", "import", month]))
    results.append(measure("month: into an empty database", args.runs, lambda: copy_db(base, db),
                           lambda: [LPC, "--db", url, "--today", TODAY, "invoices", "import", month]))

    # Publications: the first one over the imported ledger; then the monthly one, with the
    # previous month published and the next month's lines imported.
    results.append(measure("publish, first: lpc", args.runs, lambda: copy_db(imported, db),
                           lambda: [LPC, "--db", url, "--today", TODAY, "publish"]))
    published = work / "published.db"
    copy_db(db, published)
    monthly = work / "monthly.db"
    copy_db(imported, monthly)
    lpc(f"sqlite://{monthly}", "publish", today="2026-06-15")
    lpc(f"sqlite://{monthly}", "invoices", "import", month)
    results.append(measure("publish, month: lpc", args.runs, lambda: copy_db(monthly, db),
                           lambda: [LPC, "--db", url, "--today", TODAY, "publish"]))
    results.append(measure("publish: DuckDB GROUP BY", args.runs, lambda: None,
                           lambda: [sys.executable, "-c", DUCK_GROUP_BY, duck]))

    # Eligibility of every partner, on the published database.
    load_duck_people(duckdb, duck, data)
    results.append(measure("eligibility: lpc --all --json", args.runs, lambda: copy_db(published, db),
                           lambda: [LPC, "--db", url, "--today", TODAY, "eligibility", "--all", "--json"]))
    eligibility_out = work / "eligibility.json"
    eligibility_sql = work / "eligibility.sql"
    eligibility_sql.write_text(ELIGIBILITY_SQL)
    results.append(measure("eligibility: DuckDB query", args.runs, lambda: eligibility_out.unlink(missing_ok=True),
                           lambda: [sys.executable, "-c", DUCK_ELIGIBILITY, duck, eligibility_sql, eligibility_out]))

    # Twelve monthly publications on the imported ledger: the size they add.
    copy_db(imported, db)
    for m in range(12):
        year, mon = divmod(7 + m, 12)
        lpc(url, "publish", today=f"{2025 + year}-{mon + 1:02d}-15")
    sizes["after 12 monthly publications"] = db_size(db)

    if not args.skip_postgres:
        results += postgres(args, data, invoices)

    write_results(args, results, sizes, duckdb.__version__)


def postgres(args, data, invoices):
    results = []

    def fresh_lpc_pg():
        url = fresh_pg("lpc_bench")
        subprocess.run([LPC, "--db", url, "migrate"], check=True, stdout=subprocess.DEVNULL)
        # Registered partners, as for SQLite: untimed set-up through psql.
        subprocess.run(["psql", "-q", url, "-c", "CREATE TEMP TABLE p (mpn_id bigint, name text, country text)",
                        "-c", f"\\copy p FROM '{data / 'partners.csv'}' CSV HEADER",
                        "-c", "INSERT INTO partners (mpn_id, name, country, registered_at) "
                              "SELECT mpn_id, name, country, '2026-01-01T00:00:00Z' FROM p"],
                       check=True, stdout=subprocess.DEVNULL)
    url = f"{PG_SERVER}/lpc_bench"
    results.append(measure("import, PostgreSQL: lpc", args.runs, fresh_lpc_pg,
                           lambda: [LPC, "--db", url, "--today", TODAY, "invoices", "import", invoices]))

    def fresh_copy_pg():
        fresh_pg("copy_bench")
        psql("copy_bench", INVOICES_TABLE)
    results.append(measure(COPY_NAME, args.runs, fresh_copy_pg,
                           lambda: ["psql", f"{PG_SERVER}/copy_bench", "-c", f"\\copy invoices FROM '{invoices}' CSV HEADER"]))

    # The publication is undone before each run (a published date is frozen); what it wrote
    # is the publication row, its totals, and the marks of the partners it included.
    def unpublish_pg():
        psql("lpc_bench", "DELETE FROM publication_partner_totals; DELETE FROM publications; "
                          "UPDATE partners SET first_publication = NULL; "
                          "UPDATE kpi_adjustments SET published_on = NULL")
        psql("lpc_bench", "VACUUM ANALYZE")
    results.append(measure("publish, PostgreSQL: lpc", args.runs, unpublish_pg,
                           lambda: [LPC, "--db", url, "--today", TODAY, "publish"]))
    results.append(measure("publish, PostgreSQL: GROUP BY", args.runs, lambda: None,
                           lambda: ["psql", f"{PG_SERVER}/copy_bench", "-c", PG_GROUP_BY]))
    return results


def load_duck_people(duckdb, duck, data):
    """Partners, trainers, exams and the rule set's exam map and points into the DuckDB
    database, untimed (lpc has them imported too)."""
    rules = json.loads(subprocess.run([LPC, "--today", TODAY, "rules", "show", "--json"], capture_output=True,
                                      text=True, check=True).stdout)
    c = duckdb.connect(str(duck))
    c.execute(f"CREATE OR REPLACE TABLE partners AS SELECT * FROM read_csv('{data / 'partners.csv'}')")
    c.execute(f"CREATE OR REPLACE TABLE trainers AS SELECT * FROM read_csv('{data / 'trainers.csv'}')")
    c.execute(f"CREATE OR REPLACE TABLE exams AS SELECT * FROM read_csv('{data / 'exams.csv'}')")
    c.execute("CREATE OR REPLACE TABLE exam_map (exam_code text, competency text)")
    c.executemany("INSERT INTO exam_map VALUES (?, ?)",
                  [(e, comp["id"]) for comp in rules["competencies"] for e in comp["exams"]])
    c.execute("CREATE OR REPLACE TABLE omlp_points (omlp_type text, points double)")
    c.executemany("INSERT INTO omlp_points VALUES (?, ?)",
                  [(t["id"], float(t["points_per_unit"])) for t in rules["omlp_types"]])
    c.close()


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
    """Registers every generated partner through lpc's schema, as one `partner add` per
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


def find(results, name):
    return next((r for r in results if r["name"] == name), None)


def ratio(results, a, b):
    x, y = find(results, a), find(results, b)
    return x["median"] / y["median"] if x and y else None


def verdict(value, limit):
    if value is None:
        return "n/a", "not measured"
    return f"{value:.2f}", "yes" if value <= limit else "no"


def write_results(args, results, sizes, duck_version):
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    lines = [
        "# Benchmark results", "",
        f"Data: `lpc bench generate --partners {args.partners} --lines {args.lines + args.lines // 25} --seed 1`, "
        f"the first {args.lines} lines imported, the rest the next month; {args.runs} runs each, median wall "
        "time; peak RSS of the measured process.", "",
        f"Machine: {cpu}, {os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB; "
        f"{platform.platform()}; {rustc}; DuckDB {duck_version}; {pg}. Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "",
        "Reproduce: `python3 bench/run.py " + f"--partners {args.partners} --lines {args.lines}`", "",
        "| measurement | median s | runs s | peak RSS MiB | command |", "|---|---|---|---|---|",
    ]
    for r in results:
        runs = ", ".join(f"{t:.2f}" for t in r["runs"])
        lines.append(f"| {r['name']} | {r['median']:.2f} | {runs} | {r['rss']:.0f} | `{r['command']}` |")
    import_rss = (find(results, "import: lpc, SQLite") or {}).get("rss")
    size_ratio = (sizes["after 12 monthly publications"] / sizes["after the import"]) if len(sizes) == 2 else None
    targets = [
        ("import, lpc SQLite / DuckDB read_csv", ratio(results, "import: lpc, SQLite", "import: DuckDB read_csv"), 3.0, "<= 3.0 (aim 1.5)"),
        ("import peak RSS, MiB", import_rss, 512, "<= 512"),
        ("first publication, lpc SQLite / DuckDB GROUP BY", ratio(results, "publish, first: lpc", "publish: DuckDB GROUP BY"), 2.0, "<= 2.0 (aim 1.0)"),
        ("monthly publication, lpc SQLite / DuckDB GROUP BY", ratio(results, "publish, month: lpc", "publish: DuckDB GROUP BY"), 2.0, "<= 2.0 (aim 1.0)"),
        ("eligibility of all partners, lpc / DuckDB", ratio(results, "eligibility: lpc --all --json", "eligibility: DuckDB query"), 2.0, "<= 2.0"),
        ("next month into the full / into an empty database", ratio(results, "month: into the full database", "month: into an empty database"), 1.2, "<= 1.2"),
        ("a stored file again / its first import", ratio(results, "reimport: lpc, every line stored already", "import: lpc, SQLite"), 1.0, "<= 1.0"),
        ("size after 12 publications / after the import", size_ratio, 1.3, "<= 1.3"),
        ("import, lpc PostgreSQL / psql \\copy", ratio(results, "import, PostgreSQL: lpc", COPY_NAME), 1.5, "<= 1.5"),
        ("publication, lpc PostgreSQL / PostgreSQL GROUP BY", ratio(results, "publish, PostgreSQL: lpc", "publish, PostgreSQL: GROUP BY"), 1.0, "<= 1.0"),
    ]
    lines += ["", "| target | value | limit | met |", "|---|---|---|---|"]
    for name, value, limit, text in targets:
        shown, met = verdict(value, limit)
        lines.append(f"| {name} | {shown} | {text} | {met} |")
    lines += ["", "| database size | MiB |", "|---|---|"]
    for name, size in sizes.items():
        lines.append(f"| {name} | {size / 2**20:.0f} |")
    lines.append("")
    # The web and directory sections (bench/web.py, bench/directory.py) stay as they are.
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text() if path.exists() else ""
    kept = old[old.index("\n## "):] if "\n## " in old else ""
    path.write_text("\n".join(lines) + kept)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
