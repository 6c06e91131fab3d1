//! `lpc demo` shows memberships at every stage and support cases open and decided
//! (issue #5 item 8), all made through the use cases so that the audit log stays intact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use assert_cmd::assert::OutputAssertExt;
use serde_json::Value;
use support::Workspace;

/// The demo's today: every date below follows from it.
const TODAY: &str = "2026-03-01";

fn lpc(ws: &Workspace, args: &[&str]) -> std::process::Command {
    let mut cmd = ws.lpc(&["--today", TODAY]);
    cmd.args(args);
    cmd
}

fn json(ws: &Workspace, args: &[&str]) -> Value {
    let out = lpc(ws, args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn memberships(ws: &Workspace, mpn: &str) -> Vec<Value> {
    json(ws, &["memberships", mpn, "--json"])["memberships"]
        .as_array()
        .unwrap()
        .clone()
}

fn orders(ws: &Workspace, mpn: &str) -> Vec<Value> {
    json(ws, &["orders", "list", mpn, "--json"])["orders"]
        .as_array()
        .unwrap()
        .clone()
}

/// The one membership of `option` (and `competency`) the partner has.
fn membership<'a>(all: &'a [Value], option: &str, competency: Option<&str>) -> &'a Value {
    let found: Vec<&Value> = all
        .iter()
        .filter(|m| m["option"] == option && m["competency"].as_str() == competency)
        .collect();
    assert_eq!(found.len(), 1, "one {option} {competency:?} in {all:#?}");
    found[0]
}

#[test]
fn the_demo_shows_memberships_at_every_stage_and_cases_open_and_decided() {
    let ws = Workspace::new();
    let seeded = json(&ws, &["demo", "--json"]);
    assert_eq!(seeded["seeded"], true);
    assert!(
        seeded["stages"].as_array().unwrap().len() >= 8,
        "{seeded:#}"
    );

    // Fuji: an Action Pack ordered by bank transfer three days ago, its proof uploaded and
    // awaiting an operator (R29); no membership yet.
    assert!(memberships(&ws, "4100002").is_empty());
    let fuji = orders(&ws, "4100002");
    assert_eq!(fuji.len(), 1, "{fuji:#?}");
    assert_eq!(fuji[0]["status"], "pending_payment");
    assert_eq!(fuji[0]["payment_method"], "bank_transfer");
    assert_eq!(fuji[0]["option"], "action_pack");
    assert_eq!(fuji[0]["created_on"], "2026-02-26");
    let order = fuji[0]["id"].as_i64().unwrap().to_string();
    let proof = ws.dir.path().join("another-proof.pdf");
    std::fs::write(&proof, b"%PDF-1.4\n%%EOF\n").unwrap();
    let again = lpc(&ws, &["orders", "proof", &order, proof.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!again.status.success(), "a second proof is refused");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("awaiting a decision"),
        "the demo's proof awaits the operator: {}",
        String::from_utf8_lossy(&again.stderr)
    );

    // Aurora: an active Action Pack with marketplace access (R5) and an active silver (R8).
    let aurora = memberships(&ws, "3900001");
    let lap = membership(&aurora, "action_pack", None);
    assert_eq!(lap["status"], "active");
    assert_eq!(lap["started_on"], "2025-11-01");
    assert_eq!(lap["marketplace_access_on"], "2025-11-02");
    let silver = membership(&aurora, "silver", Some("data_platform"));
    assert_eq!(silver["status"], "active");
    assert_eq!(silver["started_on"], "2026-02-09");

    // Tailspin: its Action Pack's anniversary is 15 days ahead: due for renewal (R28).
    let tailspin = memberships(&ws, "5500001");
    let due = membership(&tailspin, "action_pack", None);
    assert_eq!(due["status"], "active");
    assert_eq!(due["anniversary_date"], "2026-03-16");

    // Fabrikam: its only MCT expired, its Action Pack lapsed 30 days after its anniversary.
    let fabrikam = memberships(&ws, "2700001");
    let lapsed = membership(&fabrikam, "action_pack", None);
    assert_eq!(lapsed["status"], "lapsed");
    assert_eq!(lapsed["anniversary_date"], "2025-11-06");

    // Northwind: silver upgraded to gold with the discount, the silver refund forfeited (R11).
    let northwind = memberships(&ws, "9100001");
    let upgraded = membership(&northwind, "silver", Some("security"));
    assert_eq!(upgraded["status"], "upgraded");
    assert_eq!(upgraded["refund_forfeited"], true);
    let gold = membership(&northwind, "gold", Some("security"));
    assert_eq!(gold["status"], "active");
    assert_eq!(gold["anniversary_date"], "2027-02-19");
    let upgrade: Vec<Value> = orders(&ws, "9100001")
        .into_iter()
        .filter(|o| o["purpose"] == "upgrade")
        .collect();
    assert_eq!(upgrade.len(), 1);
    assert_eq!(upgrade[0]["status"], "paid");
    assert_eq!(upgrade[0]["discount"]["amount"], "1275.00");

    // Cases: an open discrepancy, an accepted one with its adjustment, one rejected for an
    // order confirmation (R13), and the account profile setups closed (R5).
    let cases = json(&ws, &["cases", "list", "--json"]);
    let cases = cases.as_array().unwrap();
    let case = |partner: &str, kind: &str, state: &str| {
        cases
            .iter()
            .find(|c| c["partner_id"] == partner && c["kind"] == kind && c["state"] == state)
            .unwrap_or_else(|| panic!("a {state} {kind} case of {partner}: {cases:#?}"))
    };
    case("4100001", "kpi_discrepancy", "open");
    let accepted = case("3900001", "kpi_discrepancy", "resolved");
    let shown = json(
        &ws,
        &[
            "cases",
            "show",
            &accepted["id"].as_i64().unwrap().to_string(),
            "--json",
        ],
    );
    assert_eq!(shown["adjustment"]["kpi"], 5, "{shown:#}");
    let rejected = case("5500001", "kpi_discrepancy", "rejected");
    assert!(
        rejected["decision_message"]
            .as_str()
            .unwrap()
            .starts_with("R13"),
        "{rejected:#}"
    );
    case("3900001", "account_profile_setup", "resolved");
    assert!(
        !cases
            .iter()
            .any(|c| c["kind"] == "account_profile_setup" && c["state"] != "resolved"),
        "every account profile setup is closed"
    );

    lpc(&ws, &["audit", "verify"]).assert().success();
}

#[test]
fn the_demo_comes_out_the_same_twice() {
    let (a, b) = (Workspace::new(), Workspace::new());
    json(&a, &["demo", "--json"]);
    json(&b, &["demo", "--json"]);
    for mpn in ["4100002", "3900001", "5500001", "2700001", "9100001"] {
        assert_eq!(memberships(&a, mpn), memberships(&b, mpn), "{mpn}");
        assert_eq!(orders(&a, mpn), orders(&b, mpn), "{mpn}");
    }
}
