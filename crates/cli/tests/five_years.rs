//! One partner through five program years on the CLI (issue 5's "done when"): the Learning
//! Action Pack and its account profile setup (R4, R5), silver (R8), the upgrade to gold with
//! its discount (R11), renewals judged on the report of the window (R15, R19) by the rule set
//! of the anniversary (R14), a year under the R23 extension, and a missed renewal that lapses
//! 30 days after the anniversary with silver offered instead (R10, R28).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use serde_json::Value;
use support::Workspace;

const MPN: &str = "1234567";
const ADMIN: &str = "admin@contoso-learning.example";

fn run_on(ws: &Workspace, today: &str, args: &[&str]) -> std::process::Output {
    let mut cmd = ws.lpc(&["--today", today]);
    cmd.args(args);
    cmd.output().unwrap()
}

fn ok(ws: &Workspace, today: &str, args: &[&str]) -> String {
    let out = run_on(ws, today, args);
    assert!(
        out.status.success(),
        "{today} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(ws: &Workspace, today: &str, args: &[&str]) -> Value {
    let text = ok(ws, today, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
}

fn write(ws: &Workspace, name: &str, text: &str) -> String {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// The outcome `renewals run` reports for the membership of `option`.
fn outcome<'a>(run: &'a Value, option: &str) -> &'a Value {
    run["evaluated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["option"] == option)
        .unwrap_or_else(|| panic!("{option} evaluated in {run}"))
}

fn membership<'a>(all: &'a Value, option: &str) -> &'a Value {
    all.as_array()
        .or_else(|| all["memberships"].as_array())
        .unwrap()
        .iter()
        .rfind(|m| m["option"] == option)
        .unwrap_or_else(|| panic!("a {option} membership in {all}"))
}

/// `count` invoice lines of `units` MOC units each (1 point a unit), one a month from `first`.
fn invoices(prefix: &str, first: (i32, i32), count: i32, units: i32) -> String {
    let mut csv = String::from(
        "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n",
    );
    for i in 0..count {
        let months = first.0 * 12 + (first.1 - 1) + i;
        let (year, month) = (months / 12, months % 12 + 1);
        csv.push_str(&format!(
            "invoice,{prefix}-{i},,{MPN},{year}-{month:02}-10,1,moc,20764-C,{units},{}.00,USD\n",
            units * 100
        ));
    }
    csv
}

#[test]
fn a_partner_through_five_program_years() {
    let ws = Workspace::new();
    ok(
        &ws,
        "2019-01-10",
        &[
            "partner",
            "add",
            "--id",
            MPN,
            "--name",
            "Contoso Learning",
            "--country",
            "JP",
        ],
    );
    ws.add_partner_admin("2019-01-10", ADMIN, MPN);
    // Four MCTs for the whole story; exam passes for cloud_platform over the years.
    let mut trainers = String::from("mct_id,partner_id,name,email,valid_from,valid_until\n");
    for n in 1..=4 {
        trainers.push_str(&format!(
            "MCT-{n},{MPN},Trainer {n},t{n}@contoso.example,2019-01-01,2025-12-31\n"
        ));
    }
    let trainers = write(&ws, "trainers.csv", &trainers);
    ok(&ws, "2019-01-10", &["trainers", "import", &trainers]);
    // Two cloud_platform passes at a time, each file imported once its passes happened.
    let exams = |ws: &Workspace, on: &str, people: (&str, &str)| {
        let file = write(
            ws,
            &format!("exams-{on}.csv"),
            &format!(
                "partner_id,person_email,exam_code,passed_on\n\
                 {MPN},{}@contoso.example,AZ-104,{on}\n{MPN},{}@contoso.example,AZ-303,{on}\n",
                people.0, people.1
            ),
        );
        ok(ws, on, &["exams", "import", &file]);
    };
    exams(&ws, "2019-01-15", ("a", "b"));

    // ---- Year 1 (2019): the Action Pack, then silver in cloud_platform.
    let lap = json(
        &ws,
        "2019-02-01",
        &[
            "enroll",
            MPN,
            "--option",
            "action-pack",
            "--pay",
            "card",
            "--json",
        ],
    );
    assert_eq!(lap["status"], "active", "{lap}");
    assert_eq!(
        lap["anniversary_date"], "2020-02-01",
        "R28: one year after the purchase"
    );
    // R5: the account profile setup case; closing it opens the Courseware Marketplace.
    let cases = json(
        &ws,
        "2019-02-02",
        &["cases", "list", "--partner", MPN, "--json"],
    );
    let setup = cases
        .as_array()
        .or_else(|| cases["cases"].as_array())
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "account_profile_setup")
        .expect("R5: buying the Action Pack opens an account profile setup case")
        .clone();
    ok(
        &ws,
        "2019-02-04",
        &[
            "cases",
            "resolve",
            &setup["id"].to_string(),
            "--message",
            "profile set up",
        ],
    );
    let held = json(&ws, "2019-02-05", &["memberships", MPN, "--json"]);
    assert_eq!(
        membership(&held, "action_pack")["marketplace_access_on"],
        "2019-02-04",
        "R5"
    );

    let silver = json(
        &ws,
        "2019-03-01",
        &[
            "enroll",
            MPN,
            "--option",
            "silver",
            "--competency",
            "cloud_platform",
            "--accept-commitment",
            "--pay",
            "card",
            "--as",
            ADMIN,
            "--json",
        ],
    );
    assert_eq!(silver["status"], "active", "{silver}");
    assert_eq!(silver["anniversary_date"], "2020-03-01");

    exams(&ws, "2019-07-01", ("c", "d"));
    // 1,200 points of courseware over June to November 2019.
    let bought = write(&ws, "2019.csv", &invoices("INV-2019", (2019, 6), 6, 200));
    ok(&ws, "2019-12-01", &["invoices", "import", &bought]);

    // ---- Year 2 (2020): both renew; gold bought with the silver-to-gold discount.
    exams(&ws, "2020-01-10", ("e", "f"));
    let run = json(&ws, "2020-02-01", &["renewals", "run", "--json"]);
    let lap_renewal = outcome(&run, "action_pack");
    assert_eq!(
        lap_renewal["outcome"], "renewed",
        "R4: one MCT is all the LAP needs: {run}"
    );
    assert_eq!(lap_renewal["new_anniversary_date"], "2021-02-01");

    // The silver anniversary (1 March) waits for the report of 15 March (R19: March 2019 to
    // February 2020).
    let early = json(&ws, "2020-03-02", &["renewals", "run", "--json"]);
    assert_eq!(outcome(&early, "silver")["outcome"], "pending", "{early}");
    assert_eq!(outcome(&early, "silver")["window"]["from"], "2019-03");
    assert_eq!(outcome(&early, "silver")["window"]["to"], "2020-02");
    ok(&ws, "2020-03-15", &["publish"]);
    let run = json(&ws, "2020-03-15", &["renewals", "run", "--json"]);
    assert_eq!(
        outcome(&run, "silver")["outcome"],
        "renewed",
        "1,200 >= 250 points: {run}"
    );
    assert_eq!(
        outcome(&run, "silver")["new_anniversary_date"],
        "2021-03-01"
    );
    // Running again the same day changes nothing (idempotent).
    let again = json(&ws, "2020-03-15", &["renewals", "run", "--json"]);
    assert!(again["evaluated"].as_array().unwrap().is_empty(), "{again}");

    ok(&ws, "2020-05-15", &["publish"]);
    let gold = json(
        &ws,
        "2020-06-10",
        &[
            "enroll",
            MPN,
            "--option",
            "gold",
            "--competency",
            "cloud_platform",
            "--accept-commitment",
            "--pay",
            "card",
            "--as",
            ADMIN,
            "--json",
        ],
    );
    assert_eq!(
        gold["status"], "active",
        "R9: 1,200 >= 1,000 points, 4 MCTs, 4 exams: {gold}"
    );
    assert_eq!(
        gold["anniversary_date"], "2021-06-10",
        "R11: one year after the upgrade"
    );
    let held = json(&ws, "2020-06-11", &["memberships", MPN, "--json"]);
    let old_silver = membership(&held, "silver");
    assert_eq!(old_silver["status"], "upgraded", "{held}");
    assert_eq!(
        old_silver["refund_forfeited"], true,
        "R11: the discount forfeits the silver refund"
    );
    let orders = json(&ws, "2020-06-11", &["orders", "list", MPN, "--json"]);
    let upgrade = orders
        .as_array()
        .or_else(|| orders["orders"].as_array())
        .unwrap()
        .iter()
        .find(|o| o["purpose"] == "upgrade")
        .expect("an upgrade order")
        .clone();
    let paid = serde_json::to_string(&upgrade).unwrap();
    assert!(
        paid.contains("1275") || paid.contains("127500"),
        "R11: 25% of 5,100 off: {paid}"
    );

    // ---- Year 3 (2021): the LAP renews; gold's anniversary falls in the R23 window.
    let run = json(&ws, "2021-02-01", &["renewals", "run", "--json"]);
    assert_eq!(outcome(&run, "action_pack")["outcome"], "renewed", "{run}");
    ok(&ws, "2021-06-15", &["publish"]);
    let run = json(&ws, "2021-06-15", &["renewals", "run", "--json"]);
    let waived = outcome(&run, "gold");
    assert_eq!(
        waived["outcome"], "waived",
        "R23: no KPI since 2020, yet extended: {run}"
    );
    assert_eq!(waived["new_anniversary_date"], "2022-06-10");
    assert!(
        waived["order_id"].is_number(),
        "R23: the fee is still due: {run}"
    );

    // ---- Year 4 (2022): 300 points and two exams: short of gold, enough for silver.
    exams(&ws, "2021-09-01", ("g", "h"));
    ok(
        &ws,
        "2021-09-01",
        &["guidelines", "accept", MPN, "--as", ADMIN],
    );
    let bought = write(&ws, "2021.csv", &invoices("INV-2021", (2021, 9), 3, 100));
    ok(&ws, "2021-12-01", &["invoices", "import", &bought]);
    let run = json(&ws, "2022-02-01", &["renewals", "run", "--json"]);
    assert_eq!(outcome(&run, "action_pack")["outcome"], "renewed", "{run}");
    ok(&ws, "2022-06-15", &["publish"]);
    let run = json(&ws, "2022-06-20", &["renewals", "run", "--json"]);
    let gold_due = outcome(&run, "gold");
    assert_eq!(
        gold_due["outcome"], "pending",
        "R28: 30 days to meet the requirements: {run}"
    );
    let reasons = gold_due["reasons"].to_string();
    assert!(
        reasons.contains("2022-07-11"),
        "the lapse date is named: {reasons}"
    );
    // Still pending on the 30th day after the anniversary, lapsed on the 31st.
    let run = json(&ws, "2022-07-10", &["renewals", "run", "--json"]);
    assert_eq!(outcome(&run, "gold")["outcome"], "pending", "{run}");
    let run = json(&ws, "2022-07-11", &["renewals", "run", "--json"]);
    let lapsed = outcome(&run, "gold");
    assert_eq!(lapsed["outcome"], "lapsed", "{run}");
    assert_eq!(
        lapsed["offered"]["option"], "silver",
        "R10: silver's requirements hold: {run}"
    );
    let held = json(&ws, "2022-07-12", &["memberships", MPN, "--json"]);
    assert_eq!(membership(&held, "gold")["status"], "lapsed");
    let outbox = ok(&ws, "2022-07-12", &["outbox", "list"]);
    assert!(
        outbox.contains("lapsed"),
        "the lapse is mailed to the admin: {outbox}"
    );

    // ---- Year 5 (2023): the Action Pack goes on.
    let run = json(&ws, "2023-02-01", &["renewals", "run", "--json"]);
    assert_eq!(outcome(&run, "action_pack")["outcome"], "renewed", "{run}");
    assert_eq!(
        outcome(&run, "action_pack")["new_anniversary_date"],
        "2024-02-01"
    );
    let held = json(&ws, "2023-02-02", &["memberships", MPN, "--json"]);
    assert_eq!(
        membership(&held, "action_pack")["anniversary_date"],
        "2024-02-01"
    );
    assert_eq!(membership(&held, "action_pack")["status"], "active");
    ok(&ws, "2023-02-02", &["audit", "verify"]);
}
