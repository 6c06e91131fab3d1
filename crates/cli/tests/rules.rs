//! Rule sets through the real `lpc` binary: `rules check` (every error with file, line and
//! field, exit 3), `rules show` (the set in force on a date, R14), and `--rules DIR`
//! replacing the embedded sets for every command, `serve` included (issue 3, "Bad input").
//!
//! The invalid rule sets are in `tests/fixtures/rules/`, each a copy of a small valid set
//! with one kind of mistake; the line numbers asserted here are those files' lines.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::assert::OutputAssertExt;
use predicates::prelude::*;
use predicates::str::contains;
use support::lpc_in;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(name)
}

/// The shipped rule sets, as `lpc rules check rules/` sees them.
fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

/// `lpc rules check PATH` in a fresh directory: its stderr lines, after asserting exit 3.
fn check_refused(path: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = lpc_in(dir.path())
        .args(["rules", "check"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// `rules show --json` with extra arguments, from a directory with no database.
fn show_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = lpc_in(dir)
        .args(args)
        .args(["rules", "show", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_embedded_and_shipped_rule_sets_check_ok() {
    let dir = tempfile::tempdir().unwrap();
    lpc_in(dir.path())
        .args(["rules", "check"])
        .arg(shipped())
        .assert()
        .success()
        .stdout(contains(
            "ok: 3 rule sets, in force from 2018-07-01 (FY19), 2020-07-01 (FY21), 2025-07-01 (FY26)",
        ));
    lpc_in(dir.path())
        .args(["rules", "check"])
        .arg(shipped().join("2025-07-01.toml"))
        .assert()
        .success()
        .stdout(contains("ok: 1 rule set, in force from 2025-07-01 (FY26)"));
    // Checking needs no database: none was created.
    assert!(!dir.path().join("lpc.db").exists());
}

#[test]
fn negative_thresholds_are_refused_at_their_lines_r8_r9() {
    let file = fixture("negative_threshold/2020-07-01.toml");
    let lines = check_refused(&file);
    let file = file.display();
    assert_eq!(
        lines[0],
        format!("{file}:35:13: tiers.silver.mct_count: must not be negative (found -2)")
    );
    assert_eq!(
        lines[1],
        format!("{file}:46:14: tiers.gold.kpi_points: must not be negative (found -1000)")
    );
    assert_eq!(lines[2], format!("lpc: {file}: 2 errors"));
}

#[test]
fn a_shared_cap_naming_an_unknown_omlp_type_is_refused_r12() {
    let dir = fixture("unknown_cap_type");
    let lines = check_refused(&dir);
    let file = dir.join("2020-07-01.toml");
    assert_eq!(
        lines[0],
        format!(
            "{}:67:30: caps[0].omlp_types[1]: unknown OMLP type \"mta\": not in omlp_types",
            file.display()
        )
    );
    assert_eq!(lines.len(), 2, "{lines:#?}");
}

#[test]
fn overlapping_effective_dates_in_two_files_are_refused_naming_both_r14() {
    let dir = fixture("overlapping");
    let lines = check_refused(&dir);
    let (a, b) = (dir.join("a.toml"), dir.join("b.toml"));
    assert_eq!(
        lines[0],
        format!(
            "{}:3:18: effective_from: overlapping effective dates: {} (Custom A) also takes \
             effect on 2020-07-01; the rule set in force on a date must be unambiguous (R14)",
            b.display(),
            a.display()
        )
    );
    assert_eq!(lines.len(), 2, "{lines:#?}");
    // Each file alone is fine: the error is about the two together.
    for file in [a, b] {
        lpc_in(&dir)
            .args(["rules", "check"])
            .arg(file)
            .assert()
            .success();
    }
}

#[test]
fn a_waiver_window_that_ends_before_it_starts_is_refused_r23() {
    let file = fixture("waiver_backwards/2020-07-01.toml");
    let lines = check_refused(&file);
    assert_eq!(
        lines[0],
        format!(
            "{}:68:6: waivers[0].to: the anniversary window ends (2020-12-31) before it \
             starts (2021-01-01)",
            file.display()
        )
    );
}

#[test]
fn every_toml_syntax_error_is_reported_with_line_column_and_key() {
    let file = fixture("syntax_error/2020-07-01.toml");
    let lines = check_refused(&file);
    let file = file.display();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(
        lines[0].starts_with(&format!(
            "{file}:9:23: competencies[0].name: TOML syntax: invalid basic string"
        )),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "{file}:45:15: tiers.gold.exam_passes: TOML syntax: extra `=`"
        )),
        "{lines:#?}"
    );
    assert!(lines[2].starts_with(&format!("{file}:45:")), "{lines:#?}");
}

#[test]
fn type_errors_in_different_tables_are_all_reported() {
    let file = fixture("type_errors/2020-07-01.toml");
    let lines = check_refused(&file);
    let file = file.display();
    assert!(
        lines[0].starts_with(&format!(
            "{file}:14:1: competencies[1].nmae: unknown field `nmae`"
        )),
        "{lines:#?}"
    );
    assert_eq!(
        lines[1],
        format!(
            "{file}:31:26: tiers.action_pack.performance_commitment: invalid type: string \
             \"no\", expected a boolean"
        )
    );
}

#[test]
fn a_missing_path_or_an_empty_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lines = check_refused(&dir.path().join("nope"));
    assert!(lines[0].ends_with("nope: path: no such file or directory"));
    let lines = check_refused(dir.path());
    assert!(lines[0].contains("no .toml file"), "{lines:#?}");
}

#[test]
fn rules_show_picks_the_set_in_force_on_today_r14() {
    let dir = tempfile::tempdir().unwrap();
    // 2024-01-01 is after 2020-07-01 and before 2025-07-01: FY21 is in force.
    let fy21 = show_json(dir.path(), &["--today", "2024-01-01"]);
    assert_eq!(fy21["effective_from"], "2020-07-01");
    assert_eq!(fy21["name"], "FY21");
    assert_eq!(fy21["next"]["effective_from"], "2025-07-01");
    // The shape of DESIGN.md.
    let security = fy21["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "security")
        .unwrap();
    assert_eq!(security["name"], "Security");
    assert_eq!(security["tiers"], serde_json::json!(["silver", "gold"]));
    assert_eq!(
        security["exams"],
        serde_json::json!(["AZ-500", "MS-500", "SC-200"])
    );
    let mta = fy21["omlp_types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "mta_courseware")
        .unwrap();
    assert_eq!(mta["points_per_unit"], 0.5);
    assert_eq!(mta["cap"], 300);
    assert_eq!(fy21["omlp_types"][0]["cap"], serde_json::Value::Null);
    let gold = &fy21["tiers"]["gold"];
    assert_eq!(gold["mct_count"], 4);
    assert_eq!(gold["exam_passes"], 4);
    assert_eq!(gold["kpi_points"], 1000);
    assert_eq!(gold["kpi_at_enrollment"], true);
    assert_eq!(gold["performance_commitment"], true);
    assert_eq!(gold["fee"]["amount"], "5100.00");
    assert_eq!(fy21["tiers"]["silver"]["kpi_at_enrollment"], false);
    assert_eq!(fy21["tiers"]["action_pack"]["mct_count"], 1);
    assert_eq!(fy21["waivers"][0]["id"], "extension-2021h1");

    // From its first day, FY26 (R14).
    let fy26 = show_json(dir.path(), &["--today", "2025-07-01"]);
    assert_eq!(fy26["effective_from"], "2025-07-01");
    assert_eq!(fy26["name"], "FY26");
    assert_eq!(fy26["next"], serde_json::Value::Null);
    // The day before, still FY21.
    let eve = show_json(dir.path(), &["--today", "2025-06-30"]);
    assert_eq!(eve["effective_from"], "2020-07-01");

    // Before the first rule set, none is in force: refused, naming the first date.
    lpc_in(dir.path())
        .args(["--today", "2018-06-30", "rules", "show"])
        .assert()
        .code(3)
        .stderr(
            contains("no rule set is in force on 2018-06-30 (R14)").and(contains("2018-07-01")),
        );
    assert!(
        !dir.path().join("lpc.db").exists(),
        "rules show needs no database"
    );
}

#[test]
fn rules_show_prints_a_readable_table() {
    let dir = tempfile::tempdir().unwrap();
    lpc_in(dir.path())
        .args(["--today", "2021-03-01", "rules", "show"])
        .assert()
        .success()
        .stdout(
            contains("Rule set FY21 in force on 2021-03-01: from 2020-07-01 until FY26")
                .and(contains("gold"))
                .and(contains("enrollment, renewal"))
                .and(contains("5100.00 USD"))
                .and(contains("Security (security)"))
                .and(contains("waiver extension-2021h1")),
        );
}

#[test]
fn rules_dir_with_a_custom_threshold_replaces_the_embedded_sets_r9() {
    let dir = tempfile::tempdir().unwrap();
    let good = fixture("good");
    let custom = show_json(
        dir.path(),
        &["--today", "2025-07-01", "--rules", good.to_str().unwrap()],
    );
    // The embedded FY26 would be in force on 2025-07-01; the directory has only its own set.
    assert_eq!(custom["name"], "Custom FY21");
    assert_eq!(custom["tiers"]["gold"]["kpi_points"], 1500);

    // The same through LPC_RULES and through `rules` in lpc.toml.
    let out = lpc_in(dir.path())
        .env("LPC_RULES", &good)
        .args(["--today", "2025-07-01", "rules", "show", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["tiers"]["gold"]["kpi_points"], 1500);
    std::fs::write(
        dir.path().join("lpc.toml"),
        format!("rules = {:?}\n", good.to_str().unwrap()),
    )
    .unwrap();
    let json = show_json(dir.path(), &["--today", "2025-07-01"]);
    assert_eq!(json["tiers"]["gold"]["kpi_points"], 1500);

    // Commands that open the database run on it too.
    let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
    lpc_in(dir.path())
        .args([
            "--db", &db, "partner", "add", "--id", "4100001", "--name", "Sakura",
        ])
        .args(["--country", "JP"])
        .assert()
        .success();
}

#[test]
fn an_invalid_rules_dir_refuses_every_command_with_every_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = fixture("negative_threshold");
    let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
    for args in [
        &["rules", "show"][..],
        &[
            "--db",
            &db,
            "partner",
            "add",
            "--id",
            "4100001",
            "--name",
            "Sakura",
            "--country",
            "JP",
        ],
    ] {
        lpc_in(dir.path())
            .arg("--rules")
            .arg(&bad)
            .args(args)
            .assert()
            .code(3)
            .stderr(
                contains("2 errors")
                    .and(contains("2020-07-01.toml:35:13: tiers.silver.mct_count"))
                    .and(contains("2020-07-01.toml:46:14: tiers.gold.kpi_points")),
            );
    }
    // Refused before the database is opened.
    assert!(!dir.path().join("lpc.db").exists());
}

#[test]
fn serve_never_starts_on_an_invalid_rule_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
    for bad in ["waiver_backwards", "overlapping", "syntax_error"] {
        let mut cmd = lpc_in(dir.path());
        cmd.args(["--db", &db, "serve", "--addr", "127.0.0.1:0", "--rules"])
            .arg(fixture(bad));
        // A server that did start would never exit: the timeout turns that into a failure.
        let out = assert_cmd::Command::from_std(cmd)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{bad}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("lpc serving"), "{bad}: {stdout}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("--rules {}", fixture(bad).display())));
        assert!(stderr.contains(".toml:"), "{bad}: {stderr}");
    }
    assert!(!dir.path().join("lpc.db").exists());
    // The same through LPC_RULES, the way a service manager would set it.
    let mut cmd = lpc_in(dir.path());
    cmd.env("LPC_RULES", fixture("waiver_backwards")).args([
        "--db",
        &db,
        "serve",
        "--addr",
        "127.0.0.1:0",
    ]);
    assert_cmd::Command::from_std(cmd)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(3)
        .stdout(predicate::str::is_empty())
        .stderr(contains("waivers[0].to"));
}
