//! A `kill -9` of an invoice import at any moment leaves the database as it was before the
//! import: the whole file is one transaction, and the database discards an uncommitted one.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::assert::OutputAssertExt;
use assert_cmd::cargo::CommandCargoExt;
use lpc_store_postgres::testing::FreshDatabase;
use predicates::str::contains;
use support::lpc_in;

/// Generates a file big enough that its import takes a while, registers its partners' first
/// MPN ID, imports, and kills the import once it has been writing for `after`.
fn kill_mid_import(dir: &std::path::Path, db: &str, after: Duration) {
    let data = dir.join("data");
    lpc_in(dir)
        .args([
            "bench",
            "generate",
            "--partners",
            "200",
            "--lines",
            // Big enough that the import is still writing when it is killed, even in a quick
            // build on an idle machine (200,000 lines could finish inside the 1.5 s).
            "1000000",
            "--out",
            data.to_str().unwrap(),
        ])
        .assert()
        .success();
    lpc_in(dir)
        .args([
            "--db",
            db,
            "partner",
            "add",
            "--id",
            "1000000",
            "--name",
            "Bench",
            "--country",
            "JP",
        ])
        .assert()
        .success();
    let before = lpc_in(dir)
        .args(["--db", db, "audit", "verify"])
        .output()
        .unwrap();
    assert!(before.status.success());

    let mut import = Command::cargo_bin("lpc").unwrap();
    let invoices = data.join("invoices.csv");
    let mut child = import
        .current_dir(dir)
        .args([
            "--db",
            db,
            "--today",
            "2026-07-01",
            "invoices",
            "import",
            invoices.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    std::thread::sleep(after);
    let still_running = child.try_wait().unwrap().is_none();
    Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    assert!(
        still_running,
        "the import finished within {:?}; the test needs a bigger file",
        started.elapsed()
    );

    // Nothing of the file: the audit log is as before and no line is published.
    let after_kill = lpc_in(dir)
        .args(["--db", db, "audit", "verify"])
        .output()
        .unwrap();
    assert!(after_kill.status.success());
    assert_eq!(before.stdout, after_kill.stdout, "no audit event was added");
    lpc_in(dir)
        .args(["--db", db, "--today", "2026-07-15", "publish", "--json"])
        .assert()
        .success()
        .stdout(contains("\"lines\": 0"));
}

#[test]
fn a_killed_import_leaves_sqlite_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
    kill_mid_import(dir.path(), &db, Duration::from_millis(1500));
}

#[tokio::test]
async fn a_killed_import_leaves_postgres_as_it_was() {
    let fresh = FreshDatabase::create("kill_import").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = fresh.url.clone();
    let path = dir.path().to_owned();
    tokio::task::spawn_blocking(move || kill_mid_import(&path, &url, Duration::from_millis(1500)))
        .await
        .unwrap();
    fresh.drop_now().await.unwrap();
}
