//! A `kill -9` of an invoice import at any moment leaves everything every reader sees as it
//! was before the import (issue 14): the import writes a pending batch in short transactions
//! and commits it in one; a killed import's batch is invisible and the next import removes
//! it. Twenty kills at random moments, each followed by the same import succeeding.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use assert_cmd::assert::OutputAssertExt;
use assert_cmd::cargo::CommandCargoExt;
use lpc_store_postgres::testing::FreshDatabase;
use serde_json::Value;
use support::lpc_in;

/// Kills that must land while the import runs.
const KILLS: usize = 20;
/// Lines per file: each trial imports its own file.
const LINES_PER_FILE: usize = 15_000;
/// Files made: more than kills, for trials whose import ends before its kill.
const FILES: usize = 40;

/// A deterministic source of kill moments (SplitMix64), so a failure can be replayed.
struct Moments(u64);

impl Moments {
    fn fraction(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The generated invoices split into files of `LINES_PER_FILE` lines (a credit note always
/// follows its invoice in the generated order, so each file imports after the ones before).
fn files(dir: &Path) -> Vec<PathBuf> {
    let data = dir.join("data");
    lpc_in(dir)
        .args(["bench", "generate", "--partners", "300", "--lines"])
        .arg((LINES_PER_FILE * (FILES + 1)).to_string())
        .args(["--out", data.to_str().unwrap(), "--seed", "3"])
        .assert()
        .success();
    let text = std::fs::read_to_string(data.join("invoices.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    rows.chunks(LINES_PER_FILE)
        .enumerate()
        .map(|(i, chunk)| {
            let path = dir.join(format!("part-{i:02}.csv"));
            std::fs::write(&path, format!("{header}\n{}\n", chunk.join("\n"))).unwrap();
            path
        })
        .collect()
}

fn json(dir: &Path, db: &str, args: &[&str]) -> Value {
    let out = lpc_in(dir).args(["--db", db]).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "lpc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What every reader sees: the lines the ledger holds, a partner's latest report, the audit
/// chain with every publication checked against the ledger.
fn seen(dir: &Path, db: &str) -> (Value, Value, Value) {
    let batches = json(dir, db, &["invoices", "batches", "--json"]);
    (
        serde_json::json!([batches["lines"], batches["committed"]]),
        json(
            dir,
            db,
            &[
                "--today",
                "2024-07-20",
                "kpi",
                "report",
                "1000000",
                "--json",
            ],
        ),
        json(dir, db, &["audit", "verify", "--json"]),
    )
}

/// What readers see once the killed import is over on the database's side too. `kill -9`
/// ends the client at once, but a COMMIT it had sent may still land on PostgreSQL a moment
/// later, between the three reads of [`seen`] (seen once: the lines read before the commit,
/// the audit chain after it). Each read is consistent; the three together are, once two
/// rounds agree.
fn settled(dir: &Path, db: &str) -> (Value, Value, Value) {
    let mut last = seen(dir, db);
    for _ in 0..20 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let next = seen(dir, db);
        if next == last {
            return next;
        }
        last = next;
    }
    panic!("what readers see kept changing after the kill: {last:?}")
}

fn import(dir: &Path, db: &str, file: &Path) -> std::process::Child {
    Command::cargo_bin("lpc")
        .unwrap()
        .current_dir(dir)
        .args(["--db", db, "--today", "2026-07-01", "invoices", "import"])
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn kill_at_random_moments(dir: &Path, db: &str) {
    let files = files(dir);
    for mpn in ["1000000", "1000001", "1000002"] {
        lpc_in(dir)
            .args([
                "--db",
                db,
                "partner",
                "add",
                "--id",
                mpn,
                "--name",
                "Bench",
                "--country",
                "JP",
            ])
            .assert()
            .success();
    }
    let started = Instant::now();
    assert!(import(dir, db, &files[0]).wait().unwrap().success());
    let mut estimate = started.elapsed();
    lpc_in(dir)
        .args(["--db", db, "--today", "2024-07-15", "publish"])
        .assert()
        .success();

    let report = json(
        dir,
        db,
        &[
            "--today",
            "2024-07-20",
            "kpi",
            "report",
            "1000000",
            "--json",
        ],
    );
    assert!(
        !report["rows"].as_array().unwrap().is_empty(),
        "the report the kills must leave alone has rows: {report}"
    );

    let mut moments = Moments(14);
    let mut kills = 0;
    for file in &files[1..] {
        if kills == KILLS {
            break;
        }
        let before = seen(dir, db);
        let after = estimate.mul_f64(moments.fraction());
        let mut child = import(dir, db, file);
        std::thread::sleep(after);
        if child.try_wait().unwrap().is_some() {
            // It ended first: a completed import, not a kill; the next trial starts from here.
            assert!(child.wait().unwrap().success());
            continue;
        }
        Command::new("kill")
            .args(["-KILL", &child.id().to_string()])
            .status()
            .unwrap();
        child.wait().unwrap();
        let now = settled(dir, db);
        if now != before {
            // Killed after its commit, while it closed: then the whole file is there.
            let lines = |s: &(Value, Value, Value)| s.0[0].as_u64().unwrap() as usize;
            assert_eq!(
                lines(&now),
                lines(&before) + LINES_PER_FILE,
                "a kill {after:?} into an import of {} left part of it",
                file.display()
            );
            continue;
        }
        kills += 1;
        // The same import then succeeds, whole, after the killed one's batch is removed.
        let started = Instant::now();
        let out = lpc_in(dir)
            .args(["--db", db, "--today", "2026-07-01", "invoices", "import"])
            .arg(file)
            .arg("--json")
            .output()
            .unwrap();
        estimate = started.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stored: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(stored["lines"], LINES_PER_FILE, "kill {kills}: {stored}");
    }
    assert_eq!(kills, KILLS, "imports ended before their kill too often");
    let batches = json(dir, db, &["invoices", "batches", "--json"]);
    assert_eq!(
        batches["lines"].as_u64().unwrap() as usize % LINES_PER_FILE,
        0
    );
}

#[test]
fn imports_killed_at_twenty_random_moments_leave_sqlite_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
    kill_at_random_moments(dir.path(), &db);
}

#[tokio::test]
async fn imports_killed_at_twenty_random_moments_leave_postgres_as_it_was() {
    let fresh = FreshDatabase::create("kill_import").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = fresh.url.clone();
    let path = dir.path().to_owned();
    tokio::task::spawn_blocking(move || kill_at_random_moments(&path, &url))
        .await
        .unwrap();
    fresh.drop_now().await.unwrap();
}
