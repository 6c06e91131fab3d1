//! The foundation through the real `lpc` binary: migrate, partners, users, the audit log,
//! configuration precedence, exit codes, and `serve` on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::io::Write;
use std::process::Stdio;

use assert_cmd::assert::OutputAssertExt;
use lpc_store_postgres::testing::FreshDatabase;
use predicates::prelude::*;
use predicates::str::contains;
use support::{Server, Workspace, lpc_in};

fn add_partner(ws: &Workspace, id: &str, name: &str, country: &str) {
    ws.lpc(&[
        "partner",
        "add",
        "--id",
        id,
        "--name",
        name,
        "--country",
        country,
    ])
    .assert()
    .success();
}

fn add_user(ws: &Workspace, args: &[&str], password: &str) -> std::process::Output {
    let mut child = ws
        .lpc(&[&["user", "add"], args].concat())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

fn partner_count(ws: &Workspace) -> usize {
    let out = ws.lpc(&["audit", "verify", "--json"]).output().unwrap();
    let verdict: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    verdict["events"].as_u64().unwrap() as usize
}

#[test]
fn partner_add_prints_json_and_refuses_bad_values_with_exit_3_leaving_the_database_as_it_was() {
    let ws = Workspace::new();
    let out = ws
        .lpc(&[
            "partner",
            "add",
            "--id",
            "4100001",
            "--name",
            "Sakura Learning",
            "--country",
            "jp",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let partner: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(partner["mpn_id"], "4100001");
    assert_eq!(partner["country"], "JP");

    for (args, field, value) in [
        (
            ["--id", "41A0001", "--name", "X", "--country", "IT"],
            "--id",
            "41A0001",
        ),
        (
            ["--id", "0410001", "--name", "X", "--country", "IT"],
            "--id",
            "0410001",
        ),
        (
            ["--id", "3900001", "--name", "X", "--country", "XX"],
            "--country",
            "XX",
        ),
        (
            ["--id", "3900001", "--name", " ", "--country", "IT"],
            "--name",
            "",
        ),
        (
            ["--id", "4100001", "--name", "Again", "--country", "IT"],
            "4100001",
            "already registered",
        ),
    ] {
        ws.lpc(&[&["partner", "add"], &args[..]].concat())
            .assert()
            .code(3)
            .stderr(contains(field).and(contains(value)))
            .stdout("");
    }
    assert_eq!(
        partner_count(&ws),
        1,
        "only the first registration was stored"
    );
}

#[test]
fn users_are_created_with_a_password_from_stdin_and_refused_clearly() {
    let ws = Workspace::new();
    add_partner(&ws, "3900001", "Formazione Aurora", "IT");
    let ok = add_user(
        &ws,
        &[
            "--email",
            "Admin@Aurora.example",
            "--role",
            "mpn_partner_admin",
            "--partner",
            "3900001",
        ],
        "a long password",
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("admin@aurora.example"));

    let cases: [(&[&str], &str, &str); 6] = [
        (
            &[
                "--email",
                "admin@aurora.example",
                "--role",
                "member",
                "--partner",
                "3900001",
            ],
            "a long password",
            "already exists",
        ),
        (
            &[
                "--email",
                "not-an-email",
                "--role",
                "member",
                "--partner",
                "3900001",
            ],
            "a long password",
            "--email",
        ),
        (
            &[
                "--email",
                "x@aurora.example",
                "--role",
                "boss",
                "--partner",
                "3900001",
            ],
            "a long password",
            "--role",
        ),
        (
            &["--email", "x@aurora.example", "--role", "member"],
            "a long password",
            "--partner",
        ),
        (
            &[
                "--email",
                "x@aurora.example",
                "--role",
                "member",
                "--partner",
                "7777777",
            ],
            "a long password",
            "7777777",
        ),
        (
            &[
                "--email",
                "x@aurora.example",
                "--role",
                "member",
                "--partner",
                "3900001",
            ],
            "short",
            "--password",
        ),
    ];
    for (args, password, needle) in cases {
        let out = add_user(&ws, args, password);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    assert_eq!(
        partner_count(&ws),
        2,
        "one partner and one user, nothing from the refusals"
    );
}

#[test]
fn usage_errors_exit_2_and_an_unreachable_database_exits_1() {
    let ws = Workspace::new();
    ws.lpc(&["partner", "add", "--id", "1"]).assert().code(2);
    lpc_in(ws.dir.path())
        .args(["--db", "mysql://localhost/x", "migrate"])
        .assert()
        .code(2)
        .stderr(contains("--db"));
    lpc_in(ws.dir.path())
        .args(["--today", "2021-02-29", "migrate"])
        .assert()
        .code(2)
        .stderr(contains("--today"));
    lpc_in(ws.dir.path())
        .args(["--db", "postgres://postgres@127.0.0.1:1/nowhere", "migrate"])
        .assert()
        .code(1)
        .stderr(contains("127.0.0.1:1"));
}

#[test]
fn audit_verify_catches_an_audit_row_changed_behind_its_back() {
    let ws = Workspace::new();
    add_partner(&ws, "1000001", "Contoso", "US");
    add_partner(&ws, "1000002", "Fabrikam", "DE");
    add_partner(&ws, "1000003", "Northwind", "JP");
    ws.lpc(&["audit", "verify"])
        .assert()
        .success()
        .stdout(contains("3 events"));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(&ws.db).await.unwrap();
        // The append-only trigger refuses a plain edit ...
        assert!(
            sqlx::query("UPDATE audit_events SET details = '{}' WHERE seq = 2")
                .execute(&pool)
                .await
                .is_err()
        );
        // ... so a tamperer drops it first, then rewrites the partner's name in history.
        sqlx::query("DROP TRIGGER audit_events_no_update")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE audit_events SET details = replace(details, 'Fabrikam', 'Evil') WHERE seq = 2",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    });
    ws.lpc(&["audit", "verify"])
        .assert()
        .code(3)
        .stderr(contains("event 2"));
}

#[test]
fn configuration_comes_from_flags_then_environment_then_lpc_toml() {
    let ws = Workspace::new();
    let dir = ws.dir.path();
    std::fs::write(dir.join("lpc.toml"), "db = \"sqlite://from-toml.db\"\n").unwrap();
    let register = |id: &str| {
        [
            "partner",
            "add",
            "--id",
            id,
            "--name",
            "P",
            "--country",
            "IT",
        ]
        .map(str::to_owned)
    };
    lpc_in(dir).args(register("1")).assert().success();
    assert!(
        dir.join("from-toml.db").exists(),
        "lpc.toml's db is used when nothing else says"
    );
    lpc_in(dir)
        .env("LPC_DATABASE_URL", "sqlite://from-env.db")
        .args(register("2"))
        .assert()
        .success();
    assert!(
        dir.join("from-env.db").exists(),
        "LPC_DATABASE_URL wins over lpc.toml"
    );
    lpc_in(dir)
        .env("LPC_DATABASE_URL", "sqlite://from-env.db")
        .args(["--db", "sqlite://from-flag.db"])
        .args(register("3"))
        .assert()
        .success();
    assert!(
        dir.join("from-flag.db").exists(),
        "--db wins over the environment"
    );
    // Each database got exactly its own partner.
    lpc_in(dir)
        .args(["--db", "sqlite://from-env.db", "audit", "verify"])
        .assert()
        .stdout(contains("1 events"));

    std::fs::write(dir.join("lpc.toml"), "database = \"oops\"\n").unwrap();
    lpc_in(dir)
        .args(["migrate"])
        .assert()
        .code(2)
        .stderr(contains("lpc.toml"));
}

#[tokio::test]
async fn serve_demo_on_sqlite_answers_health_readiness_and_metrics_and_stops_on_sigterm() {
    let ws = Workspace::new();
    let server = Server::start(ws.dir.path(), &ws.db, &["--demo"]);
    let printed = server.stdout_head.join("\n");
    assert!(
        printed.contains("admin@sakura-learning.example"),
        "demo logins printed: {printed}"
    );
    assert!(printed.contains("admin@aurora-formazione.example"));

    let health = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    // The API's OpenAPI document needs no token.
    let openapi = reqwest::get(server.url("/api/v1/openapi.json"))
        .await
        .unwrap();
    assert_eq!(openapi.status(), 200);
    let openapi: serde_json::Value = openapi.json().await.unwrap();
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3."));
    assert!(openapi["paths"]["/api/v1/cases"]["post"].is_object());
    let ready: serde_json::Value = reqwest::get(server.url("/readyz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["database"], "sqlite");
    let metrics = reqwest::get(server.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            "lpc_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    assert!(server.stop().success(), "graceful shutdown exits 0");

    // The demo only seeds an empty database: a second start leaves it alone.
    let again = Server::start(ws.dir.path(), &ws.db, &["--demo"]);
    assert!(again.stdout_head.join("\n").contains("already holds data"));
    again.stop();
    ws.lpc(&["audit", "verify"]).assert().success();
}

#[tokio::test]
async fn serve_on_postgres_answers_health_and_readiness() {
    let db = FreshDatabase::create("cli_serve").await.unwrap();
    let url = db.url.clone();
    // Run in a task so that a failure still reaches the clean-up below.
    let outcome = tokio::spawn(async move {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(dir.path(), &url, &["--demo"]);
        assert_eq!(
            reqwest::get(server.url("/healthz")).await.unwrap().status(),
            200
        );
        let ready: serde_json::Value = reqwest::get(server.url("/readyz"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(ready["database"], "postgres");
        assert!(server.stop().success());
        lpc_in(dir.path())
            .args(["--db", &url, "audit", "verify"])
            .assert()
            .success()
            .stdout(contains("events verified"));
        lpc_in(dir.path())
            .args(["--db", &url, "migrate"])
            .assert()
            .success()
            .stdout(contains("postgres"));
    })
    .await;
    db.drop_now().await.unwrap();
    if let Err(failed) = outcome {
        std::panic::resume_unwind(failed.into_panic());
    }
}

/// Issue 16: the program's bank account comes from `lpc.toml`, checked when read: a mistyped
/// IBAN stops every command with the key named, rather than showing partners a wrong account.
#[test]
fn a_mistyped_iban_in_lpc_toml_is_refused_naming_the_key() {
    let ws = Workspace::new();
    let dir = ws.dir.path();
    let toml = |iban: &str| {
        format!(
            "[bank_transfer]\nbeneficiary = \"Learning Partner Program\"\niban = \"{iban}\"\nbic = \"INGDDEFFXXX\"\n"
        )
    };
    std::fs::write(dir.join("lpc.toml"), toml("DE45 5001 0517 5407 3249 31")).unwrap();
    lpc_in(dir)
        .args(["--db", &ws.db, "migrate"])
        .assert()
        .code(2)
        .stderr(contains("bank_transfer.iban"));
    std::fs::write(dir.join("lpc.toml"), toml("DE44 5001 0517 5407 3249 31")).unwrap();
    lpc_in(dir)
        .args(["--db", &ws.db, "migrate"])
        .assert()
        .success();
}
