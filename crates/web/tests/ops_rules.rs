#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Rule sets in the console over real HTTP (R14): an operator uploads a draft with an error
//! (refused with its line, column and field, nothing stored), then a draft raising gold's KPI
//! threshold; the what-if names the partner losing gold with the requirement and both
//! thresholds, also as CSV; activation from a past date is refused naming R14, from a future
//! date it takes effect on that date and not before.

mod support;

use jiff::civil::date;
use lpc_app::{Actor, rule_drafts};
use lpc_domain::LearningOption;
use reqwest::StatusCode;
use support::*;

const MPN: &str = "4300001";
const FY26: &str = include_str!("../../../rules/2025-07-01.toml");

fn local() -> Actor {
    Actor::Local {
        os_user: "test".into(),
    }
}

/// The shipped FY26 rule set as FY28 from 2027-07-01, with gold needing `gold_kpi` points.
fn fy28(gold_kpi: &str) -> String {
    let text = FY26
        .replacen("name = \"FY26\"", "name = \"FY28\"", 1)
        .replacen(
            "effective_from = 2025-07-01",
            "effective_from = 2027-07-01",
            1,
        );
    let gold = text.find("[tiers.gold]").unwrap();
    let (head, tail) = text.split_at(gold);
    format!(
        "{head}{}",
        tail.replacen("kpi_points = 1000", &format!("kpi_points = {gold_kpi}"), 1)
    )
}

/// A partner meeting gold in cloud_platform under FY26: 4 MCTs, 4 AZ-104 passes, the
/// guidelines accepted, and 1,200 KPI points published on 2026-11-15 (R9, R17).
async fn gold_partner(server: &Server) {
    let admin = browser();
    sign_up(&admin, server, MPN, "admin@gold.example").await;
    let app = &server.app;
    let mut trainers = String::from("mct_id,partner_id,name,email,valid_from,valid_until\n");
    let mut exams = String::from("partner_id,person_email,exam_code,passed_on\n");
    for i in 1..=4 {
        trainers.push_str(&format!(
            "MCT-{i},{MPN},Trainer {i},t{i}@gold.example,2026-01-01,2027-12-31\n"
        ));
        exams.push_str(&format!("{MPN},p{i}@gold.example,AZ-104,2026-10-0{i}\n"));
    }
    lpc_app::trainers::import(app, &local(), "trainers.csv", trainers.as_bytes())
        .await
        .unwrap();
    lpc_app::exams::import(app, &local(), "exams.csv", exams.as_bytes())
        .await
        .unwrap();
    lpc_app::guidelines::accept(app, &local(), MPN.parse().unwrap())
        .await
        .unwrap();
    let invoices = format!(
        "document_type,document_number,corrects_document,partner_id,document_date,line_number,\
         omlp_type,product_sku,purchase_units,revenue_value,currency\n\
         invoice,INV-9001,,{MPN},2026-03-20,1,moc,20764-C,1200,120000.00,USD\n"
    );
    lpc_app::invoices::import(
        app,
        &local(),
        "invoices.csv",
        std::io::Cursor::new(invoices.into_bytes()),
        false,
        |_| {},
        |_| {},
    )
    .await
    .unwrap();
    lpc_app::publications::publish(app, &local()).await.unwrap();
}

async fn post(
    client: &reqwest::Client,
    server: &Server,
    action: &str,
    token: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf", token));
    client
        .post(server.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&amp;", "&")
}

async fn gold_eligible(app: &lpc_app::App) -> bool {
    let eligibility = lpc_app::eligibility::of_partner(app, &local(), MPN.parse().unwrap())
        .await
        .unwrap();
    eligibility
        .option(LearningOption::Gold, Some("cloud_platform"))
        .unwrap()
        .eligible
}

#[tokio::test]
async fn r14_a_draft_is_checked_tried_on_every_partner_and_activated_from_a_future_date() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    gold_partner(&server).await;
    assert!(gold_eligible(&server.app).await, "gold is met under FY26");

    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    let (status, page) = get(&operator, &server.url("/ops/rules")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("tiers.gold.kpi_points"),
        "settings side by side"
    );
    assert!(page.contains("FY19") && page.contains("FY21") && page.contains("FY26"));
    let token = csrf_of(&page);

    // A draft with an error: refused with its line, column and field; nothing stored.
    let broken = fy28("-5");
    let line = broken
        .lines()
        .position(|l| l.starts_with("kpi_points = -5"))
        .unwrap()
        + 1;
    let r = post(
        &operator,
        &server,
        "/ops/rules/drafts",
        &token,
        &[("toml", &broken), ("file_name", "FY28.toml")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = unescape(&r.text().await.unwrap());
    assert!(html.contains(&format!("line {line}, column")), "{html}");
    assert!(html.contains("tiers.gold.kpi_points"), "the field is named");
    assert!(html.contains("kpi_points = -5"), "the text is kept");
    assert!(server.app.store().rule_sets().await.unwrap().is_empty());

    // A valid draft raising gold's threshold to 1,500.
    let r = post(
        &operator,
        &server,
        "/ops/rules/drafts",
        &token,
        &[("toml", &fy28("1500")), ("file_name", "FY28.toml")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let draft_path = r.url().path().to_owned();
    assert!(draft_path.starts_with("/ops/rules/drafts/"), "{draft_path}");
    let id: i64 = draft_path.rsplit('/').next().unwrap().parse().unwrap();
    let html = r.text().await.unwrap();
    assert!(
        html.contains("FY28") && html.contains("<mark"),
        "differences highlighted"
    );

    // The what-if: the partner loses gold in cloud_platform because of kpi_points.
    let (status, html) = get(
        &operator,
        &server.url(&format!("/ops/rules/drafts/{id}/what-if?on=2027-07-01")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let row = html
        .split(&format!("data-mpn=\"{MPN}\""))
        .nth(1)
        .expect("the partner is listed")
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        row.contains("cloud_platform") && row.contains("Loses"),
        "{row}"
    );
    assert!(row.contains("data-requirement=\"kpi_points\""), "{row}");
    // Said as a sentence, not as "has 1,200; required 1,000 now, 1,500 with the draft".
    assert!(
        row.contains("Has 1,200; the rules in force require 1,000 and the draft requires 1,500."),
        "{row}"
    );
    assert!(!row.contains("mct_count"), "only what changed: {row}");

    let r = operator
        .get(server.url(&format!("/ops/rules/drafts/{id}/what-if.csv?on=2027-07-01")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("mpn_id,partner,option,competency,change,requirement"));
    assert!(
        csv.contains(&format!(
            "{MPN},Partner {MPN},gold,cloud_platform,loses,kpi_points,1200,1000,1500,true,false"
        )),
        "{csv}"
    );

    // Activation from a past date: refused, naming R14; nothing changes.
    let r = post(
        &operator,
        &server,
        &format!("/ops/rules/drafts/{id}/activate"),
        &token,
        &[("effective_from", "2026-11-21")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("R14") && html.contains("effective-from-error"),
        "{html}"
    );
    let stored = server.app.store().rule_set(id).await.unwrap().unwrap();
    assert_eq!(stored.state, lpc_store::RuleSetState::Draft);

    // From a future date: active, listed with the program years.
    let r = post(
        &operator,
        &server,
        &format!("/ops/rules/drafts/{id}/activate"),
        &token,
        &[("effective_from", "2027-07-01")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("R14") && html.contains("status-active"),
        "{html}"
    );
    let (_, page) = get(&operator, &server.url("/ops/rules")).await;
    assert!(
        page.contains("FY28"),
        "the activated rule set is a program year"
    );
    let events = server.app.store().audit_page(0, 10_000).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "rule_set.activate")
            .count(),
        1
    );

    // The same date a second time: refused (R14).
    let r = post(
        &operator,
        &server,
        "/ops/rules/drafts",
        &token,
        &[("toml", &fy28("1400")), ("file_name", "FY28b.toml")],
    )
    .await;
    let second: i64 = r.url().path().rsplit('/').next().unwrap().parse().unwrap();
    let r = post(
        &operator,
        &server,
        &format!("/ops/rules/drafts/{second}/activate"),
        &token,
        &[("effective_from", "2027-07-01")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("R14"));

    // Today the partner still meets gold (FY26); from 2027-07-01 FY28 decides, and a server
    // started then loads it from the database.
    assert!(
        gold_eligible(&server.app).await,
        "before its date: the old rule set"
    );
    let later = Server::start_on(&db, date(2027, 7, 2)).await;
    let mut app = later.app.clone();
    rule_drafts::load_activated(&mut app).await.unwrap();
    assert_eq!(app.rules_on(date(2027, 6, 30)).unwrap().name, "FY26");
    assert_eq!(app.rules_on(date(2027, 7, 1)).unwrap().name, "FY28");
    assert!(
        !gold_eligible(&app).await,
        "on its date: FY28's 1,500 points"
    );
    later.stop().await;
    server.stop().await;
}
