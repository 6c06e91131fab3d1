//! The operators' program overview and partners section (issue 7 items 1 and 5), over the
//! demo program: what an operator reads on `/ops/overview`, `/ops/partners` and a partner's
//! page, checked against what the program's own use cases say.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::ToSpan;
use lpc_app::{Actor, App, FixedClock};
use lpc_domain::LearningOption;
use lpc_store::MembershipStatus;
use reqwest::StatusCode;
use support::*;

/// The demo program (8 hand-made partners) seeded on the server's day, 2026-11-22.
async fn demo_server() -> (tempfile::TempDir, Server) {
    let (dir, db) = db();
    let server = Server::start(&db).await;
    lpc_app::demo::seed(&server.app, 8, 7).await.unwrap();
    (dir, server)
}

/// The `<tr>` of the page's first table row that mentions `text`.
fn row_with<'a>(html: &'a str, text: &str) -> &'a str {
    html.split("<tr>")
        .find(|row| row.contains(text))
        .unwrap_or_else(|| panic!("a row mentioning {text}"))
}

/// The number shown as the late lines waiting.
fn late_lines(html: &str) -> u64 {
    let marker = "data-late-lines=\"";
    let start = html.find(marker).expect("the late lines are shown") + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_overview_counts_tiers_and_predicts_the_anniversaries_of_the_next_30_days() {
    let (_dir, server) = demo_server().await;
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    let (status, html) = get(&operator, &server.url("/ops/overview")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("aria-current=\"page\">Overview"),
        "the nav marks the section"
    );

    // Partners by tier: the partners holding an active membership of each option.
    let store = server.app.store();
    let mut holders: BTreeMap<LearningOption, BTreeSet<u64>> = BTreeMap::new();
    for partner in store.partners().await.unwrap() {
        for m in store.memberships_of(partner.mpn_id).await.unwrap() {
            if m.status == MembershipStatus::Active {
                holders
                    .entry(m.option)
                    .or_default()
                    .insert(partner.mpn_id.get());
            }
        }
    }
    assert!(!holders.is_empty(), "the demo has members");
    for (option, label) in [
        (LearningOption::ActionPack, "Action Pack"),
        (LearningOption::Silver, "Silver"),
        (LearningOption::Gold, "Gold"),
    ] {
        let n = holders.get(&option).map_or(0, BTreeSet::len);
        let bar = format!("data-label=\"{label}\" data-value=\"{n}\"><title>{label}: {n}</title>");
        assert!(
            html.contains(&bar),
            "{label}: {n} partners shown in the tier chart"
        );
    }
    assert!(
        html.contains("role=\"img\""),
        "charts are accessible images"
    );
    assert!(html.contains(">Partners by country</title>"));

    // Anniversaries within 30 days (R28): the demo's Tailspin renews in 15 days. The outcome
    // predicted is the one the renewal run decides on that day.
    let today = server.app.clock().today();
    let due = store
        .anniversaries_between(today.tomorrow().unwrap(), today + 30.days(), 0, 100)
        .await
        .unwrap();
    let tailspin = due
        .iter()
        .find(|m| m.partner_id.get() == 5_500_001)
        .expect("Tailspin's anniversary is within 30 days");
    let row = row_with(&html, "Tailspin Treinamentos");
    assert!(row.contains("/ops/partners/5500001"));
    let anniversary = tailspin.anniversary_date;
    let shown_on = format!(
        "{} {}, {}",
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
        ][usize::try_from(anniversary.month() - 1).unwrap()],
        anniversary.day(),
        anniversary.year()
    );
    assert!(
        row.contains(&shown_on),
        "the anniversary date {shown_on}: {row}"
    );

    let on_the_day = App::new(
        store.clone(),
        Arc::new(FixedClock { today: anniversary }),
        server.app.rules().clone(),
    );
    let run = lpc_app::renewals::run(&on_the_day, &Actor::Scheduler)
        .await
        .unwrap();
    let decided = run
        .evaluated
        .iter()
        .find(|e| e.membership_id == tailspin.id)
        .expect("the run judges Tailspin's membership on its anniversary");
    let outcome = serde_json::to_value(decided.outcome).unwrap();
    let outcome = outcome.as_str().unwrap();
    assert!(
        row.contains(&format!("data-outcome=\"{outcome}\"")),
        "predicted {outcome} like the renewal run: {row}"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_overview_shows_the_publication_and_a_late_invoice_line_waiting_in_japanese() {
    let (_dir, server) = demo_server().await;
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    let (_, html) = get(&operator, &server.url("/ops/overview")).await;
    let last = server
        .app
        .store()
        .latest_publication(server.app.clock().today())
        .await
        .unwrap()
        .expect("the demo publishes its reports (R17)");
    assert!(html.contains(&last.digest[..12]), "the digest's prefix");
    assert!(html.contains("Dec 15, 2026"), "the next 15th is due (R17)");
    let before = late_lines(&html);

    // An invoice of June 2026, a month already published, imported now (R18).
    let csv = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n\
               invoice,INV-LATE-1,,4100001,2026-06-10,1,moc,20764-C,3,375.00,USD\n";
    lpc_app::invoices::import(
        &server.app,
        &Actor::local(),
        "late.csv",
        std::io::Cursor::new(csv.as_bytes().to_vec()),
        false,
        |_| {},
        |_| {},
    )
    .await
    .unwrap();
    let (_, html) = get(&operator, &server.url("/ops/overview")).await;
    assert_eq!(late_lines(&html), before + 1, "one late line waits (R18)");
    assert!(html.contains("late.csv"), "the import is listed");

    // The same page in Japanese: numbers and dates through the locale.
    let r = submit(
        &operator,
        &server,
        "/ops/overview",
        "/lang",
        &[("lang", "ja"), ("back", "/ops/overview")],
    )
    .await;
    let html = r.text().await.unwrap();
    assert!(html.contains("プログラムの概要"), "the title in Japanese");
    assert!(
        html.contains("2026年12月15日"),
        "the next publication's date in Japanese"
    );
    server.stop().await;
}

#[tokio::test]
async fn partners_are_found_by_part_of_their_name_and_their_page_tells_their_story() {
    let (_dir, server) = demo_server().await;
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;

    let (status, html) = get(&operator, &server.url("/ops/partners?name=AURORA")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Formazione Aurora S.r.l."),
        "found by part of its name, any case"
    );
    assert!(!html.contains("Sakura Learning"), "and only it");
    assert!(html.contains("Partners found: 1 "));

    let (_, html) = get(&operator, &server.url("/ops/partners?country=jp")).await;
    assert!(html.contains("Sakura Learning K.K.") && html.contains("Fuji Cloud Academy"));
    assert!(!html.contains("Formazione Aurora"));
    let (_, html) = get(&operator, &server.url("/ops/partners?mpn=5500001")).await;
    assert!(html.contains("Tailspin Treinamentos"), "by its MPN ID");

    let (status, html) = get(
        &operator,
        &server.url("/ops/partners?mpn=55x&country=Japan"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("MPN ID: digits only"), "the field is named");
    assert!(html.contains("Country: a two-letter ISO 3166 code"));
    assert!(html.contains("value=\"55x\""), "the value is kept");

    // Aurora's page: its memberships, eligibility and audit trail with its enrollments.
    let (status, html) = get(&operator, &server.url("/ops/partners/3900001")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Formazione Aurora S.r.l.</h1>"));
    let silver = row_with(&html, "Silver learning option");
    assert!(silver.contains("Active"), "{silver}");
    // One section at a time, chosen by its tab: the memberships first.
    assert!(html.contains("href=\"/ops/partners/3900001?tab=audit\""));
    assert!(html.contains("aria-current=\"page\">Memberships"), "{html}");
    assert!(
        !html.contains("id=\"audit\""),
        "the audit trail is its own tab"
    );
    let (_, html) = get(
        &operator,
        &server.url("/ops/partners/3900001?tab=eligibility"),
    )
    .await;
    assert!(
        html.contains("<code>mct_count</code>"),
        "every requirement of eligibility"
    );
    let (_, html) = get(&operator, &server.url("/ops/partners/3900001?tab=audit")).await;
    let memberships = server
        .app
        .store()
        .memberships_of(lpc_domain::MpnId::parse("3900001").unwrap())
        .await
        .unwrap();
    assert!(!memberships.is_empty());
    let audit = &html[html.find("id=\"audit\"").unwrap()..];
    let enrollment = row_with(audit, "order.create");
    assert!(
        enrollment.contains("admin@aurora-formazione.example"),
        "who enrolled: {enrollment}"
    );
    assert!(
        audit.contains("case.decide"),
        "the decided account profile setup case (R5)"
    );
    assert!(
        !audit.contains("admin@sakura-learning.example"),
        "not another partner's events"
    );

    let (status, _) = get(&operator, &server.url("/ops/partners/7777777")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.stop().await;
}

/// Issue 18: the overview lists the scheduled jobs' latest runs, which server ran each for
/// which day and how it ended; before any run it says so.
#[tokio::test]
async fn the_overview_lists_the_scheduled_jobs_runs_and_who_ran_them() {
    let (_dir, server) = demo_server().await;
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    let (_, before) = get(&operator, &server.url("/ops/overview")).await;
    assert!(before.contains("No scheduled job has run yet."), "{before}");

    lpc_app::scheduler::run_due_jobs(&server.app).await;
    let (status, html) = get(&operator, &server.url("/ops/overview")).await;
    assert_eq!(status, StatusCode::OK);
    let publication = row_with(&html, "KPI report publication (R17)");
    assert!(
        publication.contains(&*server.app.scheduling().server),
        "the server that ran it: {publication}"
    );
    assert!(publication.contains("Done "), "{publication}");
    assert!(row_with(&html, "Renewals and lapses (R28)").contains("job-ok"));

    // A second run of the same day's jobs changes nothing: each is done once.
    lpc_app::scheduler::run_due_jobs(&server.app).await;
    let runs = lpc_app::scheduler::recent_runs(&server.app, &Actor::local(), 50)
        .await
        .unwrap();
    let publications = runs.iter().filter(|r| r.job == "publication").count();
    assert_eq!(publications, 1);
    assert!(runs.iter().all(|r| r.attempts == 1), "{runs:?}");

    let japanese = submit(
        &operator,
        &server,
        "/ops/overview",
        "/lang",
        &[("lang", "ja"), ("back", "/ops/overview")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(japanese.contains("スケジュールされたジョブ"));
    assert!(row_with(&japanese, "KPI レポートの公開 (R17)").contains("完了"));
}
