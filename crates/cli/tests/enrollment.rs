//! Enrollment, orders and payment, upgrade and refunds through the real `lpc` binary and the
//! JSON API (issue #5: R1, R2, R5, R8, R10, R11, R29, R30). Every scenario pins `--today`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::io::Write;
use std::process::{Output, Stdio};

use assert_cmd::assert::OutputAssertExt;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::{Value, json};
use support::{Server, Workspace};

const TODAY: &str = "2026-03-01";
const TRAINERS_HEADER: &str = "mct_id,partner_id,name,email,valid_from,valid_until\n";
const EXAMS_HEADER: &str = "partner_id,person_email,exam_code,passed_on\n";
const INVOICES_HEADER: &str = "document_type,document_number,corrects_document,partner_id,\
                               document_date,line_number,omlp_type,product_sku,purchase_units,\
                               revenue_value,currency\n";

/// `lpc --db ... --today DAY args...`.
fn lpc_on(ws: &Workspace, day: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = ws.lpc(&["--today", day]);
    cmd.args(args);
    cmd
}

fn run(ws: &Workspace, day: &str, args: &[&str]) -> Output {
    lpc_on(ws, day, args).output().unwrap()
}

/// Runs a `--json` command that must succeed and returns its document.
fn json_on(ws: &Workspace, day: &str, args: &[&str]) -> Value {
    let out = run(ws, day, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn write(ws: &Workspace, name: &str, bytes: &[u8]) -> String {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn partner(ws: &Workspace, id: &str) {
    lpc_on(
        ws,
        TODAY,
        &[
            "partner",
            "add",
            "--id",
            id,
            "--name",
            &format!("Partner {id}"),
            "--country",
            "IT",
        ],
    )
    .assert()
    .success();
}

fn user(ws: &Workspace, email: &str, role: &str, partner: Option<&str>) {
    let mut args = vec!["user", "add", "--email", email, "--role", role];
    if let Some(p) = partner {
        args.extend(["--partner", p]);
    }
    let mut child = lpc_on(ws, TODAY, &args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "a long password").unwrap();
    assert!(child.wait().unwrap().success());
}

fn token(ws: &Workspace, email: &str) -> String {
    let out = run(ws, TODAY, &["token", "create", "--email", email]);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// `n` MCTs of `id` valid through 2027.
fn trainers(ws: &Workspace, id: &str, n: u32) {
    let rows: String = (1..=n)
        .map(|k| {
            format!("MCT-{id}-{k},{id},Trainer {k},t{k}.{id}@x.example,2025-01-01,2027-12-31\n")
        })
        .collect();
    let file = write(
        ws,
        &format!("trainers-{id}.csv"),
        format!("{TRAINERS_HEADER}{rows}").as_bytes(),
    );
    lpc_on(ws, TODAY, &["trainers", "import", &file])
        .assert()
        .success();
}

/// `n` passes of cloud_platform exams by `id`'s people in February 2026.
fn exams(ws: &Workspace, id: &str, n: u32) {
    let rows: String = (1..=n)
        .map(|k| format!("{id},p{k}@x.example,AZ-104,2026-02-{:02}\n", k + 1))
        .collect();
    let file = write(
        ws,
        &format!("exams-{id}.csv"),
        format!("{EXAMS_HEADER}{rows}").as_bytes(),
    );
    lpc_on(ws, TODAY, &["exams", "import", &file])
        .assert()
        .success();
}

fn ids(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

fn memberships(ws: &Workspace, day: &str, id: &str) -> Vec<Value> {
    json_on(ws, day, &["memberships", id, "--json"])["memberships"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn r5_the_action_pack_by_card_is_active_for_a_year_and_opens_the_profile_setup_case() {
    let ws = Workspace::new();
    partner(&ws, "3900001");
    trainers(&ws, "3900001", 1);
    let answer = json_on(
        &ws,
        TODAY,
        &["enroll", "3900001", "--option", "action-pack", "--json"],
    );
    assert_eq!(answer["status"], "active", "{answer}");
    assert_eq!(answer["option"], "action_pack");
    assert_eq!(answer["competency"], Value::Null);
    assert_eq!(answer["anniversary_date"], "2027-03-01", "R28: one year on");
    assert_eq!(answer["unmet"], json!([]));
    assert_eq!(answer["recommended"], Value::Null);
    assert_eq!(answer["amount_due"]["amount"], "475.00");
    assert_eq!(answer["currency"], "USD");
    assert!(answer["marketplace_access_case"].is_i64(), "R5: {answer}");
    assert!(
        answer["next_step"]
            .as_str()
            .unwrap()
            .contains("account profile setup case")
    );

    let held = memberships(&ws, TODAY, "3900001");
    assert_eq!(held.len(), 1);
    assert_eq!(held[0]["status"], "active");
    assert_eq!(held[0]["marketplace_access_on"], Value::Null);
    // R5, R6: until the case is closed, no external delivery and no discount.
    let entitled = json_on(
        &ws,
        TODAY,
        &["entitlement", "3900001", "--product", "20764-C", "--json"],
    );
    assert_eq!(entitled["allowed"], false);
    assert_eq!(entitled["price_tier"], "full_price_internal_only");

    // Enrolling again while it is active is refused; the text names the renewal (R28).
    lpc_on(
        &ws,
        TODAY,
        &["enroll", "3900001", "--option", "action-pack"],
    )
    .assert()
    .code(3)
    .stderr(contains("R28"));
    // Nothing was ordered twice.
    let orders = json_on(&ws, TODAY, &["orders", "list", "3900001", "--json"]);
    assert_eq!(orders["orders"].as_array().unwrap().len(), 1);
    assert_eq!(orders["orders"][0]["status"], "paid");
    lpc_on(&ws, TODAY, &["audit", "verify"]).assert().success();
}

#[test]
fn r8_r10_silver_is_refused_naming_every_unmet_requirement_then_accepted_with_the_commitment() {
    let ws = Workspace::new();
    partner(&ws, "3900002");
    let silver = [
        "enroll",
        "3900002",
        "--option",
        "silver",
        "--competency",
        "cloud_platform",
        "--json",
    ];
    // Nothing yet: refused, exit 3, the JSON document still printed.
    let out = run(&ws, TODAY, &silver);
    assert_eq!(out.status.code(), Some(3));
    let refused: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(refused["status"], "refused");
    assert_eq!(
        ids(&refused["unmet"]),
        ["mct_count", "exam_passes", "performance_commitment"]
    );
    assert_eq!(refused["recommended"], Value::Null, "R10: nothing is met");
    assert_eq!(refused["anniversary_date"], Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("mct_count, R8"), "{stderr}");
    assert!(stderr.contains("R10"), "{stderr}");

    // One MCT: still refused silver, offered the Action Pack (R10).
    trainers(&ws, "3900002", 1);
    let out = run(&ws, TODAY, &silver);
    assert_eq!(out.status.code(), Some(3));
    let refused: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(refused["recommended"]["option"], "action_pack");

    // MCTs and exams met; the commitment not accepted yet: only it is unmet (R2: no plan).
    trainers(&ws, "3900002", 2);
    exams(&ws, "3900002", 2);
    let out = run(&ws, TODAY, &silver);
    assert_eq!(out.status.code(), Some(3));
    let refused: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&refused["unmet"]), ["performance_commitment"]);
    assert!(
        !refused["unmet"].to_string().contains("fee_paid"),
        "paying is the enrollment's own step, never a reason to refuse it"
    );

    // A silver option needs a competency; a LAP takes none.
    lpc_on(&ws, TODAY, &["enroll", "3900002", "--option", "silver"])
        .assert()
        .code(3)
        .stderr(contains("--competency"));

    let mut accepted = silver.to_vec();
    accepted.push("--accept-commitment");
    let answer = json_on(&ws, TODAY, &accepted);
    assert_eq!(answer["status"], "active", "{answer}");
    assert_eq!(answer["competency"], "cloud_platform");
    assert_eq!(answer["anniversary_date"], "2027-03-01");
    assert_eq!(answer["fee"]["amount"], "1900.00");
    assert_eq!(answer["marketplace_access_case"], Value::Null);
    // Silver gives marketplace access with its MCTs (R6).
    let entitled = json_on(
        &ws,
        TODAY,
        &["entitlement", "3900002", "--product", "20764-C", "--json"],
    );
    assert_eq!(entitled["allowed"], true, "{entitled}");
    assert_eq!(entitled["price_tier"], "learning_partner_discount");
    // The order records the guidelines version accepted (R8).
    let orders = json_on(&ws, TODAY, &["orders", "list", "3900002", "--json"]);
    assert_eq!(orders["orders"][0]["guidelines_version"], "FY26-1.0");
}

#[test]
fn r11_upgrading_silver_to_gold_takes_25_percent_off_and_forfeits_the_silver_refund() {
    let ws = Workspace::new();
    partner(&ws, "3900003");
    trainers(&ws, "3900003", 4);
    exams(&ws, "3900003", 4);
    // 1000 KPI points invoiced in January 2026, visible from the 15 February report (R18).
    let invoices = write(
        &ws,
        "invoices.csv",
        format!(
            "{INVOICES_HEADER}invoice,INV-1,,3900003,2026-01-20,1,moc,20764-C,1000,1250.00,USD\n"
        )
        .as_bytes(),
    );
    lpc_on(&ws, TODAY, &["invoices", "import", &invoices])
        .assert()
        .success();
    lpc_on(&ws, TODAY, &["publish"]).assert().success();
    let silver = json_on(
        &ws,
        TODAY,
        &[
            "enroll",
            "3900003",
            "--option",
            "silver",
            "--competency",
            "cloud_platform",
            "--accept-commitment",
            "--json",
        ],
    );
    assert_eq!(silver["status"], "active", "{silver}");
    let silver_order = silver["order_id"].as_i64().unwrap().to_string();

    let gold = json_on(
        &ws,
        "2026-03-10",
        &[
            "enroll",
            "3900003",
            "--option",
            "gold",
            "--competency",
            "cloud_platform",
            "--json",
        ],
    );
    assert_eq!(gold["status"], "active", "{gold}");
    assert_eq!(gold["upgrade"], true);
    assert_eq!(gold["fee"]["amount"], "5100.00");
    assert_eq!(gold["discount"]["amount"], "1275.00", "R11: 25% off");
    assert_eq!(gold["amount_due"]["amount"], "3825.00");
    assert_eq!(
        gold["anniversary_date"], "2027-03-10",
        "R11: a year after the purchase"
    );

    let held = memberships(&ws, "2026-03-10", "3900003");
    let find = |option: &str| held.iter().find(|m| m["option"] == option).unwrap();
    assert_eq!(find("silver")["status"], "upgraded");
    assert_eq!(find("silver")["refund_forfeited"], true);
    assert_eq!(find("gold")["status"], "active");
    let orders = json_on(&ws, "2026-03-10", &["orders", "list", "3900003", "--json"]);
    assert_eq!(orders["orders"][0]["purpose"], "upgrade");

    // R11, R30: the silver fee is no longer refundable, though within 30 days.
    lpc_on(&ws, "2026-03-11", &["orders", "refund", &silver_order])
        .assert()
        .code(3)
        .stderr(contains("R11"));
}

#[test]
fn r29_a_bank_transfer_waits_for_a_checked_proof_and_is_confirmed_once() {
    let ws = Workspace::new();
    partner(&ws, "3900004");
    trainers(&ws, "3900004", 1);
    let pending = json_on(
        &ws,
        TODAY,
        &[
            "enroll",
            "3900004",
            "--option",
            "action-pack",
            "--pay",
            "bank-transfer",
            "--json",
        ],
    );
    assert_eq!(pending["status"], "pending_payment", "{pending}");
    assert_eq!(pending["anniversary_date"], Value::Null);
    assert_eq!(
        pending["expires_on"], "2026-04-01",
        "R29: unpaid after 30 days"
    );
    assert_eq!(ids(&pending["unmet"]), ["action_pack_subscription"]);
    assert_eq!(pending["marketplace_access_case"], Value::Null);
    assert!(memberships(&ws, TODAY, "3900004").is_empty());
    let order = pending["order_id"].as_i64().unwrap().to_string();

    // Over 5 MiB: refused before being read.
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(5 * 1024 * 1024 + 1, b'0');
    let big = write(&ws, "big.pdf", &big);
    lpc_on(&ws, TODAY, &["orders", "proof", &order, &big])
        .assert()
        .code(3)
        .stderr(contains("5 MiB").and(contains("R29")));
    // A text file named .pdf is not a PDF.
    let fake = write(&ws, "proof.pdf", b"I promise I paid\n");
    lpc_on(&ws, TODAY, &["orders", "proof", &order, &fake])
        .assert()
        .code(3)
        .stderr(contains("PDF, PNG or JPEG").and(contains("R29")));
    let real = write(
        &ws,
        "transfer.pdf",
        b"%PDF-1.4\n% bank transfer receipt\n%%EOF\n",
    );
    let proof = json_on(&ws, TODAY, &["orders", "proof", &order, &real, "--json"]);
    assert_eq!(proof["content_type"], "application/pdf");
    assert_eq!(proof["status"], "submitted");

    // An operator rejects it, then the partner uploads it again and it is confirmed.
    lpc_on(
        &ws,
        "2026-03-03",
        &[
            "orders",
            "reject",
            &order,
            "--reason",
            "amount does not match",
        ],
    )
    .assert()
    .success();
    lpc_on(&ws, "2026-03-03", &["orders", "proof", &order, &real])
        .assert()
        .success();
    let confirmed = json_on(&ws, "2026-03-05", &["orders", "confirm", &order, "--json"]);
    assert_eq!(confirmed["status"], "paid");
    assert_eq!(confirmed["paid_on"], "2026-03-05");
    assert!(
        confirmed["marketplace_access_case"].is_i64(),
        "R5: {confirmed}"
    );
    let held = memberships(&ws, "2026-03-05", "3900004");
    assert_eq!(held.len(), 1);
    assert_eq!(
        held[0]["anniversary_date"], "2027-03-05",
        "a year after the payment"
    );

    // Confirming twice is refused, and changes nothing.
    lpc_on(&ws, "2026-03-06", &["orders", "confirm", &order])
        .assert()
        .code(3)
        .stderr(contains("already paid"));
    assert_eq!(memberships(&ws, "2026-03-06", "3900004").len(), 1);
    lpc_on(&ws, "2026-03-06", &["audit", "verify"])
        .assert()
        .success();
}

#[test]
fn r29_an_order_unpaid_after_30_days_expires_and_can_no_longer_be_paid() {
    let ws = Workspace::new();
    partner(&ws, "3900005");
    trainers(&ws, "3900005", 1);
    let pending = json_on(
        &ws,
        TODAY,
        &[
            "enroll",
            "3900005",
            "--option",
            "action-pack",
            "--pay",
            "bank-transfer",
            "--json",
        ],
    );
    let order = pending["order_id"].as_i64().unwrap().to_string();
    let real = write(&ws, "transfer.png", b"\x89PNG\r\n\x1a\nrest of the image");
    // On the 31st day the order is expired, even before the daily job ran.
    lpc_on(&ws, "2026-04-01", &["orders", "proof", &order, &real])
        .assert()
        .code(3)
        .stderr(contains("expired"));
    lpc_on(&ws, "2026-04-01", &["orders", "confirm", &order])
        .assert()
        .code(3)
        .stderr(contains("expired").and(contains("R29")));
    // The last payable day still pays... but not after the job expired it.
    let expired = json_on(&ws, "2026-04-01", &["orders", "expire", "--json"]);
    assert_eq!(expired["expired"].as_array().unwrap().len(), 1);
    let again = json_on(&ws, "2026-04-02", &["orders", "expire", "--json"]);
    assert_eq!(again["expired"], json!([]), "idempotent");
    lpc_on(&ws, "2026-03-31", &["orders", "confirm", &order])
        .assert()
        .code(3)
        .stderr(contains("expired"));
    assert!(memberships(&ws, "2026-04-02", "3900005").is_empty());
}

#[tokio::test]
async fn r30_a_fee_is_refundable_for_30_days_unless_a_benefit_was_used() {
    let ws = Workspace::new();
    for id in ["3900006", "3900007", "3900008"] {
        partner(&ws, id);
        trainers(&ws, id, 1);
    }
    user(
        &ws,
        "admin@x6.example",
        "mpn_partner_admin",
        Some("3900006"),
    );
    user(
        &ws,
        "admin@x7.example",
        "mpn_partner_admin",
        Some("3900007"),
    );
    let enroll = |id: &str| {
        json_on(
            &ws,
            TODAY,
            &["enroll", id, "--option", "action-pack", "--json"],
        )["order_id"]
            .as_i64()
            .unwrap()
            .to_string()
    };
    let (six, seven, eight) = (enroll("3900006"), enroll("3900007"), enroll("3900008"));

    // Day 30: refunded; the membership ends as refunded.
    let refunded = json_on(
        &ws,
        "2026-03-31",
        &[
            "orders",
            "refund",
            &six,
            "--as",
            "admin@x6.example",
            "--json",
        ],
    );
    assert_eq!(refunded["status"], "refunded");
    assert_eq!(
        memberships(&ws, "2026-03-31", "3900006")[0]["status"],
        "refunded"
    );
    // Another partner's admin may not ask (R1), and is told no more than of a number that
    // does not exist (issue 15).
    lpc_on(
        &ws,
        "2026-03-05",
        &["orders", "refund", &seven, "--as", "admin@x6.example"],
    )
    .assert()
    .code(3)
    .stderr(contains(format!("there is no order {seven}")));
    // Day 31: too late.
    lpc_on(
        &ws,
        "2026-04-01",
        &["orders", "refund", &seven, "--as", "admin@x7.example"],
    )
    .assert()
    .code(3)
    .stderr(contains("R30").and(contains("refundable until 2026-03-31")));

    // Marketplace access granted (the account-profile-setup case closed, R5): a benefit used.
    let store = lpc_store_sqlite::open(&ws.db).await.unwrap();
    let membership = memberships(&ws, TODAY, "3900008")[0]["id"]
        .as_i64()
        .unwrap();
    lpc_store::MembershipStore::grant_marketplace_access(
        &store,
        membership,
        jiff::civil::date(2026, 3, 2),
        &lpc_store::AuditDraft::new(
            "user:agent@lpc.example",
            "membership.grant_access",
            format!("membership:{membership}"),
            jiff::Timestamp::now(),
            json!({}),
        ),
    )
    .await
    .unwrap();
    drop(store);
    let entitled = json_on(
        &ws,
        "2026-03-03",
        &["entitlement", "3900008", "--product", "20764-C", "--json"],
    );
    assert_eq!(
        entitled["allowed"], true,
        "R6: LAP + access + MCT: {entitled}"
    );
    lpc_on(&ws, "2026-03-03", &["orders", "refund", &eight])
        .assert()
        .code(3)
        .stderr(contains("benefit was used").and(contains("R30")));
    lpc_on(&ws, "2026-03-03", &["audit", "verify"])
        .assert()
        .success();
}

/// Registers a partner with an MCT, its admin and an operator, and returns their tokens.
fn api_setup(ws: &Workspace, id: &str) -> (String, String) {
    partner(ws, id);
    trainers(ws, id, 1);
    let admin = format!("admin@{id}.example");
    let operator = format!("ops@{id}.example");
    user(ws, &admin, "mpn_partner_admin", Some(id));
    user(ws, &operator, "operator", None);
    (token(ws, &admin), token(ws, &operator))
}

/// R1 and the race: an operator is refused (403); two simultaneous enrollments of the same
/// option give exactly one membership, the other request answered 409.
async fn concurrent_enrollments(ws: &Workspace) {
    let id = "3900010";
    let (admin, operator) = api_setup(ws, id);
    let server = Server::start(ws.dir.path(), &ws.db, &["--today", TODAY]);
    let client = reqwest::Client::new();
    let url = server.url(&format!("/api/v1/partners/{id}/enrollments"));
    let post = |token: &str| {
        client
            .post(&url)
            .bearer_auth(token.to_owned())
            .json(&json!({ "option": "action_pack" }))
            .send()
    };
    let denied = post(&operator).await.unwrap();
    assert_eq!(denied.status(), 403);
    assert_eq!(denied.headers()["content-type"], "application/problem+json");
    let body: Value = denied.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().starts_with("R1"), "{body}");

    let (a, b) = tokio::join!(post(&admin), post(&admin));
    let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "exactly one enrollment wins");
    let held: Value = client
        .get(server.url(&format!("/api/v1/partners/{id}/memberships")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(held["memberships"].as_array().unwrap().len(), 1, "{held}");
    let orders: Value = client
        .get(server.url(&format!("/api/v1/partners/{id}/orders")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(orders["orders"].as_array().unwrap().len(), 1, "{orders}");
    assert!(server.stop().success());
    lpc_on(ws, TODAY, &["audit", "verify"]).assert().success();
}

#[tokio::test]
async fn r1_two_simultaneous_enrollments_give_one_membership_on_sqlite() {
    let ws = Workspace::new();
    concurrent_enrollments(&ws).await;
}

#[tokio::test]
async fn r1_two_simultaneous_enrollments_give_one_membership_on_postgres() {
    let ws = Workspace::postgres();
    concurrent_enrollments(&ws).await;
}

#[tokio::test]
async fn r29_the_api_refuses_refused_enrollments_oversized_and_fake_proofs() {
    let ws = Workspace::new();
    let id = "3900011";
    let (admin, operator) = api_setup(&ws, id);
    let server = Server::start(ws.dir.path(), &ws.db, &["--today", TODAY]);
    let client = reqwest::Client::new();
    let enroll = |body: Value| {
        client
            .post(server.url(&format!("/api/v1/partners/{id}/enrollments")))
            .bearer_auth(admin.clone())
            .json(&body)
            .send()
    };

    // Silver with one MCT: 422 problem+json with the enroll fields (R10).
    let refused = enroll(json!({ "option": "silver", "competency": "cloud_platform" }))
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["status"], 422);
    assert!(ids(&body["unmet"]).contains(&"exam_passes"), "{body}");
    assert_eq!(body["recommended"]["option"], "action_pack");
    assert_eq!(body["enrollment"]["status"], "refused");

    let pending = enroll(json!({ "option": "action_pack", "payment_method": "bank_transfer" }))
        .await
        .unwrap();
    assert_eq!(pending.status(), 201);
    let pending: Value = pending.json().await.unwrap();
    assert_eq!(pending["status"], "pending_payment");
    let order = pending["order_id"].as_i64().unwrap();
    let proof_url = server.url(&format!("/api/v1/orders/{order}/proof"));
    let put = |body: Vec<u8>| {
        client
            .put(&proof_url)
            .bearer_auth(admin.clone())
            .header("content-type", "application/pdf")
            .body(body)
            .send()
    };
    // 6 MiB declared: refused (413) from the head alone, before any of it is read.
    let bearer = format!("Bearer {admin}");
    let (status, answer) = support::answer_to_declared_body(
        &proof_url,
        "PUT",
        &[
            ("Authorization", &bearer),
            ("Content-Type", "application/pdf"),
        ],
        6 * 1024 * 1024,
    );
    assert_eq!(status, 413, "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("content-type: application/problem+json"),
        "{answer}"
    );
    let fake = put(b"just text".to_vec()).await.unwrap();
    assert_eq!(fake.status(), 422);
    let fake: Value = fake.json().await.unwrap();
    assert!(fake["detail"].as_str().unwrap().contains("R29"), "{fake}");
    let good = put(b"\xFF\xD8\xFF\xE0 jpeg receipt".to_vec())
        .await
        .unwrap();
    assert_eq!(good.status(), 201);

    let confirm = |token: &str| {
        client
            .post(server.url(&format!("/api/v1/orders/{order}/confirm")))
            .bearer_auth(token.to_owned())
            .send()
    };
    assert_eq!(
        confirm(&admin).await.unwrap().status(),
        403,
        "operators confirm"
    );
    let paid = confirm(&operator).await.unwrap();
    assert_eq!(paid.status(), 200);
    let paid: Value = paid.json().await.unwrap();
    assert_eq!(paid["status"], "paid");
    assert_eq!(confirm(&operator).await.unwrap().status(), 409);
    assert!(server.stop().success());
}
