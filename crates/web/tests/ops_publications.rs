//! Publications in the operator console (issue 7 item 3) over real HTTP: running the due
//! publication twice, or twice at once, publishes once and says "already published" (R17);
//! the history lists who published what; comparing two publications of a partner shows a
//! late invoice added (R18) and a line that left the period removed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use lpc_app::Actor;
use reqwest::StatusCode;
use support::*;

const PARTNER: &str = "6200001";
const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency";

/// Imports invoice lines `(number, date, units)` as `lpc invoices import` would.
async fn import_invoices(server: &Server, lines: &[(&str, &str, u32)]) {
    let mut csv = format!("{HEADER}\n");
    for (number, date, units) in lines {
        csv.push_str(&format!(
            "invoice,{number},,{PARTNER},{date},1,moc,20764-C,{units},{}.00,USD\n",
            units * 100
        ));
    }
    lpc_app::invoices::import(
        &server.app,
        &Actor::local(),
        "test.csv",
        std::io::Cursor::new(csv.into_bytes()),
        false,
        |_| {},
        |_| {},
    )
    .await
    .unwrap();
}

async fn publish_page(client: &reqwest::Client, server: &Server) -> (StatusCode, String) {
    let r = submit(
        client,
        server,
        "/ops/publications",
        "/ops/publications/run",
        &[],
    )
    .await;
    let status = r.status();
    (status, r.text().await.unwrap())
}

fn published_dates(html: &str) -> Vec<String> {
    html.split("class=\"publication-row\" data-published-on=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn r17_running_the_due_publication_twice_publishes_once() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    sign_up(&browser(), &server, PARTNER, "admin@p6200001.example").await;
    import_invoices(&server, &[("PUB-1", "2026-06-10", 5)]).await;
    let client = browser();
    sign_in_staff(&client, &server, "operator").await;

    let (status, html) = get(&client, &server.url("/ops/publications")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"history-empty\""));
    assert!(
        html.contains("Nov 15, 2026 is not published yet"),
        "the due report (R17: the 15th): {html}"
    );

    let (status, html) = publish_page(&client, &server).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Published the report of Nov 15, 2026: 1 partners, 1 lines."),
        "{html}"
    );
    assert_eq!(published_dates(&html), ["2026-11-15"]);
    assert!(
        html.contains("operator@program.example"),
        "who published it"
    );
    assert!(
        html.contains("2025-11") && html.contains("2026-10"),
        "the period"
    );

    // A second click: nothing published twice, and the page says so.
    let (status, html) = publish_page(&client, &server).await;
    assert_eq!(status, StatusCode::OK);
    // Published "on" the moment it was made: the wall clock, whatever today the test sets.
    let made = jiff::Timestamp::now().strftime("%b %-d, %Y").to_string();
    assert!(
        html.contains(&format!(
            "The report of Nov 15, 2026 was already published on {made}"
        )),
        "{html}"
    );
    assert_eq!(published_dates(&html), ["2026-11-15"]);

    // Two at once (a double submit): still one publication, both told what happened.
    let (_, page) = get(&client, &server.url("/ops/publications")).await;
    let token = csrf_of(&page);
    let post = || {
        client
            .post(server.url("/ops/publications/run"))
            .form(&[("csrf", token.as_str())])
            .send()
    };
    let (a, b) = tokio::join!(post(), post());
    for r in [a.unwrap(), b.unwrap()] {
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.text().await.unwrap().contains("already published"));
    }
    let events = server.app.store().audit_page(0, 1000).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "publication.publish")
            .count(),
        1,
        "one publication in the audit log"
    );

    // Without the CSRF token nothing runs.
    let r = client
        .post(server.url("/ops/publications/run"))
        .form(&[("x", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    server.stop().await;
}

#[tokio::test]
async fn r18_comparing_two_publications_shows_a_late_invoice_added() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    sign_up(&browser(), &server, PARTNER, "admin@p6200001.example").await;
    // October's report covers 2025-10 .. 2026-09; November's 2025-11 .. 2026-10 (R17).
    import_invoices(
        &server,
        &[("CMP-OLD", "2025-10-20", 2), ("CMP-KEPT", "2026-03-10", 5)],
    )
    .await;
    lpc_app::publications::publish_on(
        &server.app,
        &Actor::local(),
        jiff::civil::date(2026, 10, 15),
    )
    .await
    .unwrap();
    // Arrives after October's publication although dated in its period: late (R18).
    import_invoices(&server, &[("CMP-LATE", "2026-05-05", 3)]).await;

    let client = browser();
    sign_in_staff(&client, &server, "operator").await;
    let (status, html) = publish_page(&client, &server).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        published_dates(&html),
        ["2026-11-15", "2026-10-15"],
        "newest first"
    );
    // Issue 16: months zero-padded ("2026-09", never "2026-9").
    assert!(html.contains("2026-09"), "{html}");
    assert!(!html.contains("2026-9<"), "{html}");

    let (status, form) = get(&client, &server.url("/ops/publications/compare")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("id=\"f-partner\""));
    assert!(form.contains("value=\"2026-10-15\""));

    let (status, html) = get(
        &client,
        &server.url(&format!(
            "/ops/publications/compare?partner={PARTNER}&a=2026-10-15&b=2026-11-15"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("data-change=\"added\" data-invoice=\"CMP-LATE\""),
        "the late invoice is added: {html}"
    );
    assert!(html.contains("late (R18)"));
    assert!(
        html.contains("data-change=\"removed\" data-invoice=\"CMP-OLD\""),
        "October 2025 left the period: {html}"
    );
    assert!(
        !html.contains("data-invoice=\"CMP-KEPT\""),
        "unchanged lines are counted, not listed"
    );
    assert!(html.contains("Lines published the same in both: 1."));
    // Totals side by side: 2 + 5 points, then 5 + 3.
    assert!(html.contains("id=\"compare-totals\""));
    let totals = html.split("id=\"compare-totals\"").nth(1).unwrap();
    let all = totals.split("All OMLP types").nth(1).unwrap();
    let cells: Vec<&str> = all
        .split("<td>")
        .skip(1)
        .take(2)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["7", "8"], "{all}");

    // Bad input: named next to the field, nothing compared.
    let (status, html) = get(
        &client,
        &server.url("/ops/publications/compare?partner=abc&a=2026-10-15&b=2026-11-15"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-partner-error\""));
    let (status, html) = get(
        &client,
        &server.url("/ops/publications/compare?partner=6299999&a=2026-10-15&b=2026-11-15"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("No partner with MPN ID 6299999"));
    let (status, html) = get(
        &client,
        &server.url(&format!(
            "/ops/publications/compare?partner={PARTNER}&a=2026-09-15&b=2026-11-15"
        )),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("R17: no report was published on 2026-09-15"),
        "{html}"
    );
    server.stop().await;
}
