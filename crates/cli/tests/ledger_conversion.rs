//! Databases made by the release before the ledger (issue 14: lines copied into every
//! publication) move into the ledger with `lpc migrate`: every publication keeps its digest,
//! the audit chain and every publication check out, each partner's report reads as that
//! release answered it, and imports go on idempotently over the converted lines.
//!
//! The databases are SQL dumps made by that release (fixtures/copy-model/make.sh): the demo,
//! lines that arrived late, a partner registered after its lines, 28 publications.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::path::Path;

use assert_cmd::assert::OutputAssertExt;
use lpc_store_postgres::testing::FreshDatabase;
use predicates::str::contains;
use serde_json::Value;
use sqlx::Connection;
use support::lpc_in;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/copy-model");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
}

fn json_of(dir: &Path, db: &str, args: &[&str]) -> Value {
    let out = lpc_in(dir).args(["--db", db]).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "lpc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Converts the loaded database and checks it against what the old release answered.
fn converted_answers_as_before(dir: &Path, db: &str, answers: &str) {
    let answers: Value = serde_json::from_str(&fixture(answers)).unwrap();
    lpc_in(dir).args(["--db", db, "migrate"]).assert().success();

    // The chain as before, and every publication derives its stored digest from the ledger.
    let audit = json_of(dir, db, &["audit", "verify", "--json"]);
    assert_eq!(audit["status"], "intact", "{audit}");
    assert_eq!(audit["events"], answers["audit"]["events"]);
    assert_eq!(audit["publications"], 28, "{audit}");

    // Every partner's report, on two days, exactly as the old release showed it: rows,
    // late marks, adjustments, totals.
    for (mpn, by_day) in answers["reports"].as_object().unwrap() {
        for (day, expected) in by_day.as_object().unwrap() {
            let report = json_of(dir, db, &["--today", day, "kpi", "report", mpn, "--json"]);
            assert_eq!(&report, expected, "report of {mpn} on {day}");
        }
    }

    // A published date again: the same digest, nothing published twice.
    let again = json_of(dir, db, &["--today", "2026-09-16", "publish", "--json"]);
    assert_eq!(again["already_published"], true);
    let september = answers["reports"]["1000001"]["2026-09-20"]["published_on"].clone();
    assert_eq!(again["published_on"], september);

    // Imports go on over the converted lines: a file stored already changes nothing, a line
    // of it with other values is refused naming both.
    let late = Path::new(FIXTURES).join("late.csv");
    let stored = json_of(
        dir,
        db,
        &[
            "--today",
            "2026-10-01",
            "invoices",
            "import",
            late.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(
        (stored["lines"].clone(), stored["unchanged"].clone()),
        (0.into(), 7.into())
    );
    let changed = dir.join("changed.csv");
    std::fs::write(
        &changed,
        fixture("late.csv").replace(
            "LATE-2026-03,,1000001,2026-03-09,1,moc,MOC-SKU,3,297.00",
            "LATE-2026-03,,1000001,2026-03-09,1,moc,MOC-SKU,4,396.00",
        ),
    )
    .unwrap();
    lpc_in(dir)
        .args(["--db", db, "--today", "2026-10-01", "invoices", "import"])
        .arg(&changed)
        .assert()
        .code(3)
        .stderr(contains("invoice LATE-2026-03 line 1 is already stored"));

    // And the next month publishes on the ledger, after 28 converted publications.
    let october = json_of(dir, db, &["--today", "2026-10-16", "publish", "--json"]);
    assert_eq!(october["already_published"], false);
    let audit = json_of(dir, db, &["audit", "verify", "--json"]);
    assert_eq!(audit["publications"], 29, "{audit}");
}

#[tokio::test]
async fn a_sqlite_database_of_the_copy_model_moves_into_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lpc.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(fixture("sqlite.sql")))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let db = format!("sqlite://{}", path.display());
    let dir_path = dir.path().to_owned();
    tokio::task::spawn_blocking(move || {
        converted_answers_as_before(&dir_path, &db, "answers-sqlite.json");
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_postgres_database_of_the_copy_model_moves_into_the_ledger() {
    let fresh = FreshDatabase::create("copy_model").await.unwrap();
    let mut conn = sqlx::PgConnection::connect(&fresh.url).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(fixture("postgres.sql")))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (path, url) = (dir.path().to_owned(), fresh.url.clone());
    tokio::task::spawn_blocking(move || {
        converted_answers_as_before(&path, &url, "answers-postgres.json");
    })
    .await
    .unwrap();
    fresh.drop_now().await.unwrap();
}
