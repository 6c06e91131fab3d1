//! `lpc db copy --to postgres://...` (issue 18): a program on SQLite moves to PostgreSQL whole.
//! The demo, with a row in the tables it leaves empty, is copied into a fresh PostgreSQL
//! database; there the audit chain and every publication verify, and every partner's KPI
//! report, eligibility and memberships read as they did on SQLite. A second copy into the
//! filled database is refused naming a table and changes nothing; new rows made on PostgreSQL
//! after the copy take ids after the copied ones. A copy that fails midway leaves the target
//! empty; one whose audit chain does not verify fails naming the event.
//!
//! The tables compared are read from PostgreSQL's own schema, not from a list here: a table a
//! migration adds that the copy leaves out fails these tests.
//!
//! The copies need a PostgreSQL server (`LPC_TEST_POSTGRES_URL`, by default the local one);
//! CI runs them. The refusals of a wrong source or target need none.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Output, Stdio};

use serde_json::Value;
use sqlx::Connection;
use support::Workspace;

/// The demo's today: its publications and memberships follow from it.
const TODAY: &str = "2026-03-01";

fn run(ws: &Workspace, args: &[&str]) -> Output {
    ws.lpc(&[&["--today", TODAY], args].concat())
        .output()
        .unwrap()
}

fn ok(ws: &Workspace, args: &[&str]) -> String {
    let out = run(ws, args);
    assert!(
        out.status.success(),
        "lpc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(ws: &Workspace, args: &[&str]) -> Value {
    serde_json::from_str(&ok(ws, args)).unwrap()
}

/// `lpc user add`, the password on stdin.
fn add_user(ws: &Workspace, email: &str) -> Value {
    let mut child = ws
        .lpc(&[
            "user", "add", "--email", email, "--role", "operator", "--json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "copy-test-password-1").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The demo on SQLite, and a row in the tables it leaves empty: an API token, a directory
/// token and competitor, a rule-set draft, an invitation (a password reset token and a mail).
fn seeded() -> Workspace {
    let ws = Workspace::new();
    assert_eq!(json(&ws, &["demo", "--json"])["seeded"], true);
    ok(
        &ws,
        &[
            "token",
            "create",
            "--email",
            "operator@lpc.example",
            "--label",
            "copy",
        ],
    );
    ok(&ws, &["directory", "token", "4100001"]);
    ok(&ws, &["directory", "competitors", "add", "Rival Training"]);
    let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/2025-07-01.toml");
    ok(&ws, &["rules", "draft", "upload", rules]);
    ok(
        &ws,
        &[
            "partner",
            "add",
            "--id",
            "7700001",
            "--name",
            "Copy Test Learning",
            "--country",
            "IT",
            "--contact-email",
            "desk@copytest.example",
        ],
    );
    ok(&ws, &["partner", "invite", "7700001"]);
    ws
}

fn copy(from: &Workspace, to: &Workspace) -> Output {
    from.lpc(&["db", "copy", "--to", &to.db, "--json"])
        .output()
        .unwrap()
}

fn block_on<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(work)
}

/// PostgreSQL's tables, from its own schema (but sqlx's record of migrations), with their
/// rows.
fn postgres_counts(url: &str) -> BTreeMap<String, i64> {
    block_on(async {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
               AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let mut counts = BTreeMap::new();
        for (table,) in tables {
            let sql = format!("SELECT count(*) FROM \"{table}\"");
            let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut conn)
                .await
                .unwrap();
            counts.insert(table, n);
        }
        counts
    })
}

/// SQLite's tables (but its own and sqlx's), with their rows.
fn sqlite_counts(ws: &Workspace) -> BTreeMap<String, i64> {
    block_on(async {
        let url = format!("sqlite://{}?mode=ro", ws.db_path().display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let tables: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite!_%' ESCAPE '!' AND name <> '_sqlx_migrations'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let mut counts = BTreeMap::new();
        for (table,) in tables {
            let sql = format!("SELECT count(*) FROM \"{table}\"");
            let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut conn)
                .await
                .unwrap();
            counts.insert(table, n);
        }
        counts
    })
}

/// The rows per table the copy reported.
fn reported(report: &Value) -> BTreeMap<String, i64> {
    report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["table"].as_str().unwrap().to_owned(),
                t["rows"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The demo seeded and copied into a fresh PostgreSQL database: (SQLite, PostgreSQL, report).
fn copied() -> (Workspace, Workspace, Value) {
    let sqlite = seeded();
    let postgres = Workspace::postgres();
    let out = copy(&sqlite, &postgres);
    assert!(
        out.status.success(),
        "lpc db copy: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = serde_json::from_slice(&out.stdout).unwrap();
    (sqlite, postgres, report)
}

#[test]
fn the_demo_moves_to_postgres_whole_and_answers_the_same_there() {
    let sqlite = seeded();
    // A ledger larger than one INSERT can carry (PostgreSQL takes 65,535 parameters): the
    // copy goes page by page. The generated partners are not registered; their lines are
    // kept all the same (R16), and the rows dated after today refused.
    let bench = sqlite.dir.path().join("bench");
    ok(
        &sqlite,
        &[
            "bench",
            "generate",
            "--partners",
            "2000",
            "--lines",
            "40000",
            "--out",
            bench.to_str().unwrap(),
        ],
    );
    let invoices = bench.join("invoices.csv");
    let rejects = bench.join("rejects.csv");
    ok(
        &sqlite,
        &[
            "invoices",
            "import",
            invoices.to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    let postgres = Workspace::postgres();
    let out = copy(&sqlite, &postgres);
    assert!(
        out.status.success(),
        "lpc db copy: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();

    // Every table of PostgreSQL's schema was filled, each with the rows SQLite holds; SQLite
    // has no table PostgreSQL lacks.
    let in_postgres = postgres_counts(&postgres.db);
    let in_sqlite = sqlite_counts(&sqlite);
    assert_eq!(reported(&report), in_postgres, "{report:#}");
    assert_eq!(in_sqlite, in_postgres);
    let total: i64 = in_postgres.values().sum();
    assert_eq!(report["rows"], total);
    for table in [
        "audit_events",
        "partners",
        "users",
        "user_roles",
        "api_tokens",
        "password_resets",
        "trainers",
        "exam_passes",
        "guideline_acceptances",
        "ledger_batches",
        "ledger_documents",
        "ledger_segments",
        "ledger_runs",
        "publications",
        "publication_partner_totals",
        "memberships",
        "orders",
        "payment_proofs",
        "support_cases",
        "case_comments",
        "kpi_adjustments",
        "outbox",
        "directory_requests",
        "directory_listings",
        "directory_verification",
        "directory_competitors",
        "rule_sets",
    ] {
        assert!(in_postgres[table] > 0, "{table} was copied empty");
    }
    assert!(
        in_postgres["ledger_documents"] > 65_535 / 6,
        "the ledger's documents fill several pages"
    );

    // The copy verified itself, and `lpc audit verify` on PostgreSQL agrees with SQLite's.
    assert_eq!(report["verified"]["status"], "intact", "{report:#}");
    let there = json(&postgres, &["audit", "verify", "--json"]);
    let here = json(&sqlite, &["audit", "verify", "--json"]);
    assert_eq!(there["status"], "intact", "{there}");
    assert_eq!(there, here);
    assert!(there["publications"].as_u64().unwrap() > 0, "{there}");

    // Every partner judged the same (trainers, exams, memberships, rule sets), and each one's
    // KPI report and memberships read the same from both URLs.
    let eligibility = ok(&sqlite, &["eligibility", "--all", "--json"]);
    assert_eq!(
        ok(&postgres, &["eligibility", "--all", "--json"]),
        eligibility
    );
    let partners: Vec<String> = eligibility
        .lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).unwrap();
            doc["partner_id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(partners.len() >= 9, "{partners:?}");
    for mpn in &partners {
        let reads: [&[&str]; 2] = [
            &["kpi", "report", mpn, "--json"],
            &["memberships", mpn, "--json"],
        ];
        for args in reads {
            assert_eq!(
                json(&postgres, args),
                json(&sqlite, args),
                "lpc {args:?} differs"
            );
        }
    }

    // Served from PostgreSQL: `lpc serve` on the copy answers the API's KPI report as the
    // SQLite database reads it.
    let token = ok(
        &postgres,
        &["token", "create", "--email", "operator@lpc.example"],
    );
    let token = token.split_whitespace().last().unwrap().to_owned();
    let server = support::Server::start_with_env(
        postgres.dir.path(),
        &postgres.db,
        &["--scheduler", "off"],
        &[("LPC_TODAY", TODAY)],
    );
    let mpn = &partners[0];
    let url = server.url(&format!("/api/v1/partners/{mpn}/kpi-report"));
    let served = block_on(async move {
        reqwest::Client::new()
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    let served: Value = serde_json::from_str(&served).unwrap();
    assert_eq!(served, json(&sqlite, &["kpi", "report", mpn, "--json"]));
}

#[test]
fn a_second_copy_into_the_filled_database_is_refused_naming_a_table_and_changes_nothing() {
    let (sqlite, postgres, _) = copied();
    // The source goes on (a partner more): a second copy would bring it.
    ok(
        &sqlite,
        &[
            "partner",
            "add",
            "--id",
            "7700002",
            "--name",
            "Late Learning",
            "--country",
            "JP",
        ],
    );
    let before = postgres_counts(&postgres.db);

    let out = copy(&sqlite, &postgres);
    assert_eq!(out.status.code(), Some(3), "refused by a rule");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not empty"), "{stderr}");
    let named = before
        .iter()
        .filter(|(_, rows)| **rows > 0)
        .any(|(table, _)| stderr.contains(&format!(" {table}")));
    assert!(named, "a table with rows is named: {stderr}");
    assert!(out.stdout.is_empty(), "no report");

    assert_eq!(postgres_counts(&postgres.db), before, "nothing changed");
    let partners = ok(&postgres, &["eligibility", "--all", "--json"]);
    assert!(
        !partners.contains("7700002"),
        "the later partner stayed out"
    );
}

#[test]
fn new_rows_on_postgres_after_the_copy_take_ids_after_the_copied_ones() {
    let (sqlite, postgres, _) = copied();
    let mail_ids = |ws: &Workspace| -> Vec<i64> {
        json(ws, &["outbox", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect()
    };
    let last_mail = mail_ids(&postgres).into_iter().max().unwrap();
    let last_user = add_user(&sqlite, "later@copy.example")["id"]
        .as_i64()
        .unwrap();

    // A partner, an operator (users.id is an identity column) and an invitation (a user and
    // a mail, both identities) made on PostgreSQL.
    ok(
        &postgres,
        &[
            "partner",
            "add",
            "--id",
            "7700003",
            "--name",
            "After Copy Learning",
            "--country",
            "DE",
            "--contact-email",
            "desk@aftercopy.example",
        ],
    );
    let user = add_user(&postgres, "after@copy.example");
    assert_eq!(
        user["id"].as_i64().unwrap(),
        last_user,
        "the first user made on PostgreSQL takes the id SQLite would have given next"
    );
    ok(&postgres, &["partner", "invite", "7700003"]);
    let mails = mail_ids(&postgres);
    assert!(
        mails.iter().any(|id| *id > last_mail),
        "the invitation's mail is queued after the copied ones: {mails:?}"
    );

    // The chain goes on over the copied events.
    let verdict = json(&postgres, &["audit", "verify", "--json"]);
    assert_eq!(verdict["status"], "intact", "{verdict}");
}

#[test]
fn a_copy_that_fails_midway_leaves_the_target_empty_and_names_the_value() {
    let sqlite = seeded();
    // A value SQLite took that PostgreSQL's column cannot: the support case's adjustment
    // comes after dozens of tables were copied.
    block_on(async {
        let url = format!("sqlite://{}", sqlite.db_path().display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("UPDATE kpi_adjustments SET year = 'last' WHERE id = 1")
            .execute(&mut conn)
            .await
            .unwrap();
    });
    let postgres = Workspace::postgres();

    let out = copy(&sqlite, &postgres);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for part in [
        "kpi_adjustments",
        "id = 1",
        "year",
        "\"last\" is not an integer",
    ] {
        assert!(stderr.contains(part), "{part:?} in {stderr}");
    }
    assert!(stderr.contains("nothing was copied"), "{stderr}");
    let left = postgres_counts(&postgres.db);
    assert!(left.len() > 30, "the schema was made: {left:?}");
    assert!(
        left.values().all(|rows| *rows == 0),
        "nothing half-copied: {left:?}"
    );
}

#[test]
fn a_copy_whose_audit_chain_does_not_verify_fails_naming_the_event() {
    let sqlite = seeded();
    // History rewritten on SQLite by someone who dropped the append-only trigger first.
    block_on(async {
        let url = format!("sqlite://{}", sqlite.db_path().display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        for statement in [
            "DROP TRIGGER audit_events_no_update",
            "UPDATE audit_events SET details = replace(details, 'true', 'false') WHERE seq = 5",
        ] {
            sqlx::query(statement).execute(&mut conn).await.unwrap();
        }
    });
    let postgres = Workspace::postgres();

    let out = copy(&sqlite, &postgres);
    assert_eq!(
        out.status.code(),
        Some(3),
        "refused: the copy does not verify"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken at event 5"), "{stderr}");
    assert!(stderr.contains("keep the servers on SQLite"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verified"]["status"], "broken", "{report:#}");
}

#[test]
fn a_source_that_is_not_sqlite_or_a_target_that_is_not_postgres_is_refused() {
    let ws = Workspace::new();
    ok(&ws, &["migrate"]);

    let to_sqlite = ws
        .lpc(&["db", "copy", "--to", "sqlite://other.db"])
        .output()
        .unwrap();
    assert_eq!(to_sqlite.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&to_sqlite.stderr);
    assert!(
        stderr.contains("--to") && stderr.contains("PostgreSQL"),
        "{stderr}"
    );
    assert!(!ws.dir.path().join("other.db").exists());

    let from_postgres = support::lpc_in(ws.dir.path())
        .args([
            "--db",
            "postgres://lpc:secret@127.0.0.1:1/lpc",
            "db",
            "copy",
            "--to",
            "postgres://lpc:secret@127.0.0.1:1/other",
        ])
        .output()
        .unwrap();
    assert_eq!(from_postgres.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&from_postgres.stderr);
    assert!(
        stderr.contains("--db") && stderr.contains("SQLite"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("secret"),
        "no password in messages: {stderr}"
    );

    let missing = support::lpc_in(ws.dir.path())
        .args([
            "--db",
            "sqlite://missing.db",
            "db",
            "copy",
            "--to",
            "postgres://lpc@127.0.0.1:1/lpc",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("missing.db"), "{stderr}");
    assert!(
        !ws.dir.path().join("missing.db").exists(),
        "no empty database is made in its place"
    );
}
