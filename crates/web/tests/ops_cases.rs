#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The console's support cases over real HTTP (R5, R13, R21, R22, R27): a partner files KPI
//! discrepancies from the portal; a support agent sees the queue, compares a claim with the
//! stored invoice line and the published row, previews the adjustment, saves it (once), and
//! the partner's next published report shows it; another case is rejected with the R13
//! reason, which the partner reads on its case page; closing the Action Pack's account
//! profile setup case grants Courseware Marketplace access (R5).

mod support;

use jiff::civil::date;
use lpc_app::{Actor, App, FixedClock};
use lpc_domain::KpiPoints;
use lpc_store::{CaseKind, CaseState};
use reqwest::StatusCode;
use support::*;

const A: &str = "4400001";

const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n";

fn local() -> Actor {
    Actor::Local {
        os_user: "test".into(),
    }
}

/// Partner A's invoices of 2026, imported and published on 15 November 2026.
async fn seed(app: &App) {
    let rows = format!(
        "{HEADER}\
         invoice,INV-1001,,{A},2026-03-20,1,moc,20764-C,10,1250.00,USD\n\
         invoice,INV-1003,,{A},2026-07-09,1,moc,20764-C,3,300.00,USD\n"
    );
    lpc_app::invoices::import(
        app,
        &local(),
        "invoices.csv",
        std::io::Cursor::new(rows.into_bytes()),
        false,
        |_| {},
        |_| {},
    )
    .await
    .unwrap();
    lpc_app::publications::publish(app, &local()).await.unwrap();
}

/// The partner files a discrepancy through the portal's form; the case id.
async fn file_discrepancy(
    partner: &reqwest::Client,
    server: &Server,
    fields: &[(&str, &str)],
) -> i64 {
    let form = format!("/partner/{A}/cases/new");
    let r = submit_multipart(
        partner,
        server,
        &form,
        &form,
        fields,
        Some(("invoice", "invoice.pdf", b"%PDF-1.7 the invoice")),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let path = r.url().path().to_owned();
    let id = path.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(path, format!("/partner/{A}/cases/{id}"));
    id
}

fn discrepancy<'a>(
    month: &'a str,
    units: &'a str,
    invoice: &'a str,
    kpi: &'a str,
    revenue: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("month", month),
        ("year", "2026"),
        ("omlp_type", "moc"),
        ("purchase_units", units),
        ("invoice_number", invoice),
        ("kpi_value", kpi),
        ("revenue_value", revenue),
        ("currency", "USD"),
        ("evidence_document_type", "invoice"),
    ]
}

/// The value of the hidden input `name` of the page's form.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name}: {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

async fn post(
    client: &reqwest::Client,
    server: &Server,
    action: &str,
    token: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf", token));
    let r = client
        .post(server.url(action))
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#40;", "(")
        .replace("&#41;", ")")
}

#[tokio::test]
async fn r22_a_discrepancy_is_compared_previewed_accepted_once_and_published_next_month() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let partner = browser();
    sign_up(&partner, &server, A, "admin@osaka.example").await;
    seed(&server.app).await;

    // The partner says INV-1003 had 5 units (5 points, $500), the dashboard shows 3.
    let accepted = file_discrepancy(
        &partner,
        &server,
        &discrepancy("7", "5", "INV-1003", "5", "500.00"),
    )
    .await;
    // Another claim about an invoice that was never imported.
    let missing = file_discrepancy(
        &partner,
        &server,
        &discrepancy("3", "2", "INV-9999", "2", "100.00"),
    )
    .await;
    // And one the agent will reject (R13).
    let rejected = file_discrepancy(
        &partner,
        &server,
        &discrepancy("3", "12", "INV-1001", "12", "1500.00"),
    )
    .await;

    let agent = browser();
    sign_in_staff(&agent, &server, "support_agent").await;

    // The queue: oldest first, with counts, filterable by kind.
    let (status, queue) = get(&agent, &server.url("/ops/cases")).await;
    assert_eq!(status, StatusCode::OK, "{queue}");
    assert!(queue.contains("aria-current=\"page\">Support cases<"));
    assert!(queue.contains("data-count=\"3\""), "{queue}");
    let order: Vec<i64> = queue
        .split("data-case=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(order, [accepted, missing, rejected], "oldest first");
    let (_, only) = get(
        &agent,
        &server.url("/ops/cases?kind=directory_missing&state=undecided&age="),
    )
    .await;
    assert!(only.contains("data-count=\"0\""), "{only}");
    assert!(only.contains("No case matches."), "{only}");
    let (_, old) = get(&agent, &server.url("/ops/cases?age=7")).await;
    assert!(old.contains("data-count=\"0\""), "opened today: {old}");

    // The case page: the claim next to the stored line and the published row.
    let page_path = format!("/ops/cases/{accepted}");
    let (status, html) = get(&agent, &server.url(&page_path)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let html = unescape(&html);
    assert!(html.contains("Stored line 1 (Jul 9, 2026)"), "{html}");
    assert!(html.contains("Published row, line 1"), "{html}");
    assert!(html.contains("Partner's claim"), "{html}");
    assert!(
        html.contains("<td class=\"differs\">3 <small>(differs)</small>"),
        "purchase units 3 vs 5: {html}"
    );
    assert!(
        html.contains("<td class=\"same\">INV-1003 <small>(same)</small>"),
        "{html}"
    );
    assert!(html.contains("Rows of the report published on Nov 15, 2026."));
    // R13: the invoice the partner attached, for the agent to read.
    let at = html
        .find(&format!("/ops/cases/{accepted}/attachments/"))
        .expect("the attachment's link");
    let href: String = html[at..].split('"').next().unwrap().to_owned();
    let r = agent.get(server.url(&href)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.7 the invoice");
    assert!(
        html.contains("Accepting adds 2 KPI points for July 2026 (Microsoft Official Course)"),
        "{html}"
    );

    let (_, html_missing) = get(&agent, &server.url(&format!("/ops/cases/{missing}"))).await;
    assert!(
        html_missing.contains("No such invoice line stored: no invoice INV-9999"),
        "{html_missing}"
    );
    assert!(html_missing.contains("has no row for invoice INV-9999"));

    // Accept: a preview first, nothing saved.
    let token = csrf_of(&html);
    let accept = format!("/ops/cases/{accepted}/accept");
    let (status, preview) = post(&agent, &server, &accept, &token, &[("preview", "1")]).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert!(
        preview.contains("Preview: the adjustment to add"),
        "{preview}"
    );
    assert!(
        preview.contains("data-points><strong>2</strong>"),
        "{preview}"
    );
    assert!(preview.contains("July 2026"));
    assert!(
        server
            .app
            .store()
            .kpi_adjustments(None, false)
            .await
            .unwrap()
            .is_empty(),
        "a preview saves nothing"
    );
    let case = server.app.store().case(accepted).await.unwrap().unwrap();
    assert_eq!(case.state, CaseState::Open);

    // Points that are not a number: refused next to the field.
    let (status, bad) = post(
        &agent,
        &server,
        &accept,
        &token,
        &[("preview", "1"), ("points", "two")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("id=\"f-points-error\""), "{bad}");

    // Confirming saves the previewed adjustment and resolves the case.
    let confirm = [
        ("points", hidden(&preview, "points")),
        ("message", hidden(&preview, "message")),
        ("confirm_kpi", hidden(&preview, "confirm_kpi")),
        ("confirm_units", hidden(&preview, "confirm_units")),
        ("confirm_revenue", hidden(&preview, "confirm_revenue")),
    ];
    let confirm: Vec<(&str, &str)> = confirm.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Figures that no longer match what is saved now: shown again, nothing saved.
    let mut stale = confirm.clone();
    stale[2] = ("confirm_kpi", "9");
    let (status, again) = post(&agent, &server, &accept, &token, &stale).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        again.contains("The figures changed since the preview"),
        "{again}"
    );
    assert!(
        server
            .app
            .store()
            .kpi_adjustments(None, false)
            .await
            .unwrap()
            .is_empty()
    );
    let (status, saved) = post(&agent, &server, &accept, &token, &confirm).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert!(
        saved.contains(&format!("Case #{accepted} is now: Resolved.")),
        "{saved}"
    );
    assert!(
        saved.contains("The KPI adjustment this case added (R22)"),
        "{saved}"
    );
    assert!(
        saved.contains("Included in the next publication (R22)"),
        "{saved}"
    );
    let adjustments = server
        .app
        .store()
        .kpi_adjustments(None, false)
        .await
        .unwrap();
    assert_eq!(adjustments.len(), 1);
    assert_eq!(adjustments[0].case_id, accepted);
    assert_eq!(adjustments[0].kpi, KpiPoints::whole(2));
    assert_eq!(adjustments[0].purchase_units, 2);

    // A second decision (another tab): the decision stands, nothing added.
    let (status, again) = post(&agent, &server, &accept, &token, &confirm).await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert!(
        again.contains(&format!(
            "Case #{accepted} was already decided (Resolved, by support_agent@program.example"
        )),
        "{again}"
    );
    assert_eq!(
        server
            .app
            .store()
            .kpi_adjustments(None, false)
            .await
            .unwrap()
            .len(),
        1
    );
    let (status, _) = post(
        &agent,
        &server,
        &format!("/ops/cases/{accepted}/reject"),
        &token,
        &[("reason", "r22-matches-invoice")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Reject with a reason: one is needed; the R13 reason reaches the partner's case page.
    let reject = format!("/ops/cases/{rejected}/reject");
    let (status, refused) = post(
        &agent,
        &server,
        &reject,
        &token,
        &[("reason", ""), ("message", " ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("id=\"f-reject-error\""), "{refused}");
    let (status, _) = post(
        &agent,
        &server,
        &reject,
        &token,
        &[
            ("reason", "r13-order-confirmation"),
            (
                "message",
                "The document you sent is order confirmation OC-77.",
            ),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, seen) = get(
        &partner,
        &server.url(&format!("/partner/{A}/cases/{rejected}")),
    )
    .await;
    let seen = unescape(&seen);
    assert!(
        seen.contains(
            "R13: an order confirmation is not an invoice; only an actual invoice counts."
        ),
        "{seen}"
    );
    assert!(seen.contains("order confirmation OC-77"), "{seen}");
    assert!(seen.contains("data-state=\"rejected\""));

    // Every decision is in the audit log (R22).
    let events = server.app.store().audit_page(0, 10_000).await.unwrap();
    let decisions: Vec<_> = events
        .iter()
        .filter(|e| e.action == "case.decide")
        .collect();
    assert_eq!(decisions.len(), 2);
    assert!(
        decisions
            .iter()
            .all(|e| e.actor == "user:support_agent@program.example")
    );

    // The next publication (15 December, read on the 16th) includes the adjustment, and the
    // partner's dashboard shows it.
    let later = App::new(
        server.app.store().clone(),
        std::sync::Arc::new(FixedClock {
            today: date(2026, 12, 15),
        }),
        std::sync::Arc::new(lpc_app::rule_files::embedded().unwrap()),
    );
    let published = lpc_app::publications::publish(&later, &local())
        .await
        .unwrap();
    assert_eq!(published.published_on, date(2026, 12, 15));
    let report = lpc_app::publications::kpi_report(&later, &local(), A.parse().unwrap())
        .await
        .unwrap();
    let json = serde_json::to_value(&report).unwrap();
    let adjustment = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["adjustment_case_id"] == accepted)
        .unwrap_or_else(|| panic!("the adjustment is published: {json}"));
    assert_eq!(adjustment["document_type"], "adjustment");
    assert_eq!(adjustment["invoice_number"], "INV-1003");
    assert_eq!(adjustment["kpi_value"], 2);
    server.stop().await;

    let next = Server::start_on(&db, date(2026, 12, 16)).await;
    let (_, dashboard) = get(
        &partner,
        &next.url(&format!("/partner/{A}/kpi?month=2026-07")),
    )
    .await;
    assert!(
        dashboard.contains("As published on Dec 15, 2026"),
        "{dashboard}"
    );
    assert_eq!(
        dashboard.matches("data-invoice=\"INV-1003\"").count(),
        2,
        "the line and its adjustment: {dashboard}"
    );
    assert!(
        dashboard.contains("data-total-kpi>5<"),
        "3 + 2 points in July: {dashboard}"
    );
    let (_, resolved) = get(&agent, &next.url(&page_path)).await;
    assert!(
        resolved.contains("Included in the report published on Dec 15, 2026"),
        "{resolved}"
    );
    next.stop().await;
}

#[tokio::test]
async fn r5_closing_the_account_profile_setup_case_grants_marketplace_access() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let partner = browser();
    sign_up(&partner, &server, A, "admin@osaka.example").await;
    let csv = format!(
        "mct_id,partner_id,name,email,valid_from,valid_until\n\
         MCT-1,{A},Aiko Tanaka,aiko@osaka.example,2026-01-01,2027-12-31\n"
    );
    lpc_app::trainers::import(&server.app, &local(), "trainers.csv", csv.as_bytes())
        .await
        .unwrap();
    let lap = format!("/partner/{A}/enroll/action_pack");
    let (status, _) = submit_text(&partner, &server, &lap, &lap, &[("payment", "card")]).await;
    assert_eq!(status, StatusCode::OK);
    let cases = server.app.store().cases(None, None).await.unwrap();
    let case = cases
        .iter()
        .find(|c| c.kind == CaseKind::AccountProfileSetup)
        .expect("R5: paying the Action Pack opens the account profile setup case");

    let agent = browser();
    sign_in_staff(&agent, &server, "support_agent").await;
    let (_, queue) = get(&agent, &server.url("/ops/cases?kind=account_profile_setup")).await;
    assert!(
        queue.contains(&format!("data-case=\"{}\"", case.id)),
        "{queue}"
    );
    let path = format!("/ops/cases/{}", case.id);
    let (status, html) = get(&agent, &server.url(&path)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Activating the Learning Action Pack"),
        "{html}"
    );
    assert!(html.contains("Bought on Nov 22, 2026."), "{html}");
    assert!(html.contains("Granted when the account profile setup case is resolved."));

    let (status, done) = post(
        &agent,
        &server,
        &format!("{path}/accept"),
        &csrf_of(&html),
        &[("message", "")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert!(done.contains("Granted on Nov 22, 2026."), "{done}");
    let memberships = server
        .app
        .store()
        .memberships_of(A.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        memberships[0].marketplace_access_on,
        Some(date(2026, 11, 22))
    );
    let (_, seen) = get(
        &partner,
        &server.url(&format!("/partner/{A}/cases/{}", case.id)),
    )
    .await;
    assert!(
        seen.contains("Courseware Marketplace access granted"),
        "{seen}"
    );

    // R27: a directory case shows the name, country and landing page, and links the partner.
    let fields = [
        ("name", "Osaka Learning"),
        ("country", "JP"),
        (
            "landing_page_url",
            "https://osaka-learning.example/microsoft",
        ),
    ];
    let directory = lpc_app::cases::open(
        &server.app,
        &local(),
        lpc_app::cases::CaseRequest {
            partner_id: A.parse().unwrap(),
            kind: CaseKind::DirectoryMissing,
            fields: fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        },
    )
    .await
    .unwrap();
    let (status, html) = get(&agent, &server.url(&format!("/ops/cases/{}", directory.id))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(">Osaka Learning<"), "{html}");
    assert!(html.contains(">JP<"), "{html}");
    assert!(
        html.contains("href=\"https://osaka-learning.example/microsoft\""),
        "{html}"
    );
    // The partner's file is an operator's page: a support agent is not sent to a 403
    // (issue 16).
    assert!(
        !html.contains(&format!("href=\"/ops/partners/{A}\"")),
        "{html}"
    );

    // Partner users never reach the console's cases (R1).
    let (status, _) = get(&partner, &server.url(&path)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}
