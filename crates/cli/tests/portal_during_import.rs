//! The portal keeps writing while a long invoice import runs (issue 14): the import holds the
//! write lock only for short transactions, so signing in (a session row) and opening a case
//! go through between them, on both backends. Before the ledger, the import was one write
//! transaction: SQLite answered the portal "database is locked" and PostgreSQL made it wait
//! for the whole import.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::assert::OutputAssertExt;
use assert_cmd::cargo::CommandCargoExt;
use lpc_store_postgres::testing::FreshDatabase;
use serde_json::json;
use support::{Server, csrf_of, lpc_in};

const PASSWORD: &str = "portal-during-import-42";
const EMAIL: &str = "admin@during-import.example";

/// Signs in through the login form and opens a case through the API; returns how long the
/// two took, failing the test on any answer but success.
async fn sign_in_and_open_a_case(server: &Server, token: &str, n: usize) -> Duration {
    let started = Instant::now();
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let login = browser.get(server.url("/login")).send().await.unwrap();
    assert!(
        login.status().is_success(),
        "GET /login: {}",
        login.status()
    );
    let csrf = csrf_of(&login.text().await.unwrap());
    let signed_in = browser
        .post(server.url("/login"))
        .form(&[("email", EMAIL), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    let status = signed_in.status();
    let page = signed_in.text().await.unwrap();
    assert!(
        status.is_success(),
        "sign-in {n} during the import: {status}"
    );
    assert!(page.contains("Sign out"), "sign-in {n} signed in: {page}");
    let case = browser
        .post(server.url("/api/v1/cases"))
        .bearer_auth(token)
        .json(&json!({
            "partner_id": "1000000",
            "kind": "directory_missing",
            "fields": {
                "name": format!("Bench Training {n}"),
                "country": "JP",
                "landing_page_url": "https://training.example.com/microsoft"
            }
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        case.status(),
        201,
        "case {n} during the import: {}",
        case.text().await.unwrap()
    );
    started.elapsed()
}

async fn portal_writes_while_an_import_runs(dir: &Path, db: &str) {
    let data = dir.join("data");
    let lpc = |args: &[&str]| {
        let mut cmd = lpc_in(dir);
        cmd.args(["--db", db]).args(args);
        cmd
    };
    lpc(&[
        "bench",
        "generate",
        "--partners",
        "500",
        "--lines",
        "250000",
        "--out",
    ])
    .arg(&data)
    .assert()
    .success();
    lpc(&[
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
    let mut add = lpc(&[
        "user",
        "add",
        "--email",
        EMAIL,
        "--role",
        "mpn_partner_admin",
        "--partner",
        "1000000",
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .spawn()
    .unwrap();
    writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(add.wait().unwrap().success());
    let token = lpc(&["token", "create", "--email", EMAIL])
        .output()
        .unwrap();
    assert!(token.status.success());
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    let server = Server::start(dir, db, &["--insecure-cookies"]);

    let mut import = Command::cargo_bin("lpc")
        .unwrap()
        .current_dir(dir)
        .args(["--db", db, "--today", "2026-07-01", "invoices", "import"])
        .arg(data.join("invoices.csv"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut during = Vec::new();
    while import.try_wait().unwrap().is_none() {
        during.push(sign_in_and_open_a_case(&server, &token, during.len()).await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("portal round trips during the import: {during:?}");
    let out = import.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        during.len() >= 3,
        "the import ended before the portal had written three times ({})",
        during.len()
    );
    // Each write waits at most for one of the import's short transactions; with one long
    // transaction it would wait for the whole import (seconds, here).
    let slowest = during.iter().max().unwrap();
    assert!(
        *slowest < Duration::from_secs(1),
        "a sign-in and a case took {slowest:?} while the import ran: {during:?}"
    );
    server.stop();
}

#[tokio::test]
async fn the_portal_writes_while_an_import_runs_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
    portal_writes_while_an_import_runs(dir.path(), &db).await;
}

#[tokio::test]
async fn the_portal_writes_while_an_import_runs_on_postgres() {
    let fresh = FreshDatabase::create("portal_during_import").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    portal_writes_while_an_import_runs(dir.path(), &fresh.url).await;
    fresh.drop_now().await.unwrap();
}
