//! `lpc rules draft upload|what-if|activate` through the real binary (R14): a draft with an
//! error is refused like `lpc rules check` refuses a file (FILE:LINE:COL: FIELD, exit 3) and
//! not stored; a valid one is tried on every partner; activation from a past date is refused
//! naming R14; from a future date every command opening the database decides with it from
//! that date on, and with the old rule set before.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use support::Workspace;

const TODAY: &str = "2026-11-22";
const MPN: &str = "4500001";
const FY26: &str = include_str!("../../../rules/2025-07-01.toml");

/// FY26 as FY28 from 2027-07-01, the Action Pack needing `mcts` active MCTs (R4).
fn fy28(mcts: &str) -> String {
    let text = FY26
        .replacen("name = \"FY26\"", "name = \"FY28\"", 1)
        .replacen(
            "effective_from = 2025-07-01",
            "effective_from = 2027-07-01",
            1,
        );
    let at = text.find("[tiers.action_pack]").unwrap();
    let (head, tail) = text.split_at(at);
    format!(
        "{head}{}",
        tail.replacen("mct_count = 1", &format!("mct_count = {mcts}"), 1)
    )
}

fn run(ws: &Workspace, today: &str, args: &[&str]) -> std::process::Output {
    ws.lpc(&["--today", today]).args(args).output().unwrap()
}

fn ok(ws: &Workspace, today: &str, args: &[&str]) -> String {
    let out = run(ws, today, args);
    assert!(out.status.success(), "lpc {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Whether the partner may buy the Action Pack on `today`, and the MCTs it needs then.
fn action_pack(ws: &Workspace, today: &str) -> (bool, serde_json::Value) {
    let json: serde_json::Value =
        serde_json::from_str(&ok(ws, today, &["eligibility", MPN, "--json"])).unwrap();
    let lap = json["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["option"] == "action_pack")
        .unwrap()
        .clone();
    let mcts = lap["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "mct_count")
        .unwrap()["required"]
        .clone();
    (lap["eligible"].as_bool().unwrap(), mcts)
}

#[test]
fn r14_drafts_are_checked_tried_and_activated_from_a_future_date_for_every_command() {
    let ws = Workspace::new();
    ok(
        &ws,
        TODAY,
        &[
            "partner",
            "add",
            "--id",
            MPN,
            "--name",
            "Bari Training",
            "--country",
            "IT",
        ],
    );
    let trainers = ws.dir.path().join("trainers.csv");
    std::fs::write(
        &trainers,
        format!(
            "mct_id,partner_id,name,email,valid_from,valid_until\n\
             MCT-1,{MPN},Anna Bianchi,anna@bari.example,2026-01-01,2028-12-31\n"
        ),
    )
    .unwrap();
    ok(
        &ws,
        TODAY,
        &["trainers", "import", trainers.to_str().unwrap()],
    );

    let broken = ws.dir.path().join("broken.toml");
    let text = fy28("-1");
    std::fs::write(&broken, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("mct_count = -1"))
        .unwrap()
        + 1;
    let out = run(
        &ws,
        TODAY,
        &["rules", "draft", "upload", broken.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("{}:{line}:", broken.display()))
            && stderr.contains(": tiers.action_pack.mct_count: must not be negative"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was stored"), "{stderr}");
    let out = run(&ws, TODAY, &["rules", "draft", "what-if", "1"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "a refused draft is not stored: {out:?}"
    );

    let draft = ws.dir.path().join("FY28.toml");
    std::fs::write(&draft, fy28("2")).unwrap();
    let stored = ok(
        &ws,
        TODAY,
        &["rules", "draft", "upload", draft.to_str().unwrap()],
    );
    assert!(stored.starts_with("draft 1 stored: FY28"), "{stored}");

    let what_if: serde_json::Value = serde_json::from_str(&ok(
        &ws,
        TODAY,
        &["rules", "draft", "what-if", "1", "--json"],
    ))
    .unwrap();
    assert_eq!(
        what_if["on"], "2027-07-01",
        "the draft's own date by default"
    );
    assert_eq!(what_if["before"]["name"], "FY26");
    assert_eq!(what_if["partners_losing"]["action_pack"], 1);
    let change = &what_if["changes"][0];
    assert_eq!(change["partner_id"], MPN);
    assert_eq!(change["change"], "loses");
    assert_eq!(change["why"][0]["id"], "mct_count");
    assert_eq!(
        (
            &change["why"][0]["actual"],
            &change["why"][0]["required_before"],
            &change["why"][0]["required_after"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(2)
        )
    );

    let out = run(
        &ws,
        TODAY,
        &[
            "rules",
            "draft",
            "activate",
            "1",
            "--effective-from",
            "2026-11-21",
        ],
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("--effective_from") && stderr.contains("R14"),
        "{stderr}"
    );
    assert_eq!(action_pack(&ws, "2027-07-02"), (true, serde_json::json!(1)));

    let active = ok(
        &ws,
        TODAY,
        &[
            "rules",
            "draft",
            "activate",
            "1",
            "--effective-from",
            "2027-07-01",
        ],
    );
    assert!(active.contains("in force from 2027-07-01"), "{active}");
    assert_eq!(
        action_pack(&ws, "2027-06-30"),
        (true, serde_json::json!(1)),
        "before: FY26"
    );
    assert_eq!(
        action_pack(&ws, "2027-07-02"),
        (false, serde_json::json!(2)),
        "from: FY28"
    );

    let out = run(
        &ws,
        TODAY,
        &[
            "rules",
            "draft",
            "activate",
            "1",
            "--effective-from",
            "2027-08-01",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "only a draft is activated: {out:?}"
    );
}
