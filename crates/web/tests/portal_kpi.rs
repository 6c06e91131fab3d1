#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The KPI dashboard of the partner portal (R17, R21, R22) over real HTTP: a partner signs
//! up, its invoices are imported and published through the app on the same database, and
//! the dashboard, its sorting, filters, CSV export, languages and the discrepancy case form
//! are driven like a browser without JavaScript.

mod support;

use lpc_app::{Actor, App};
use reqwest::StatusCode;
use support::*;

const A: &str = "1234567";
const B: &str = "7654321";

const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n";

/// Partner A's invoices of 2026 (10 + 2 + 3 points), imported and published on 15 November
/// 2026 (covering November 2025 to October 2026).
async fn seed(app: &App) {
    let actor = Actor::Local {
        os_user: "test".to_owned(),
    };
    let rows = format!(
        "{HEADER}\
         invoice,INV-1001,,{A},2026-03-20,1,moc,20764-C,10,1250.00,USD\n\
         invoice,INV-1002,,{A},2026-07-02,1,labs_online,LAB-1,4,200.00,USD\n\
         invoice,INV-1003,,{A},2026-07-09,1,moc,20764-C,3,300.00,USD\n"
    );
    lpc_app::invoices::import(
        app,
        &actor,
        "invoices.csv",
        std::io::Cursor::new(rows.into_bytes()),
        false,
        |_| {},
        |_| {},
    )
    .await
    .unwrap();
    lpc_app::publications::publish(app, &actor).await.unwrap();
}

/// The invoice numbers of the table's rows, in order.
fn invoices(html: &str) -> Vec<String> {
    html.split("data-invoice=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
}

/// The "report a discrepancy" link of the row of `invoice`.
fn report_link(html: &str, invoice: &str) -> String {
    let row = html
        .split("data-invoice=\"")
        .find(|s| s.starts_with(&format!("{invoice}\"")))
        .unwrap();
    let start = row.find("/partner/").unwrap();
    let href = &row[start..];
    unescape(href.split('"').next().unwrap())
}

#[tokio::test]
async fn the_kpi_dashboard_shows_sorts_filters_exports_and_opens_a_discrepancy() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
    let server = Server::start(&db).await;
    let a = browser();
    let b = browser();
    sign_up(&a, &server, A, "admin@a.example").await;
    sign_up(&b, &server, B, "admin@b.example").await;

    // Before the first publication: a clear message, no table.
    let (status, html) = get(&a, &server.url(&format!("/partner/{A}/kpi"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("No KPI report has been published yet"),
        "{html}"
    );
    assert!(!html.contains("<table"));

    seed(&server.app).await;

    // The overview links the dashboard.
    let (_, overview) = get(&a, &server.url(&format!("/partner/{A}"))).await;
    assert!(overview.contains(&format!("href=\"/partner/{A}/kpi\"")));

    let (status, html) = get(&a, &server.url(&format!("/partner/{A}/kpi"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("As published on Nov 15, 2026, next update on Dec 15, 2026."),
        "{html}"
    );
    for header in [
        "data-label=\"Month\"",
        ">Year<",
        ">OMLP type<",
        ">Purchase unit<",
        ">Invoice #<",
        ">KPI value<",
        ">Revenue value<",
    ] {
        assert!(html.contains(header), "{header} missing");
    }
    assert!(html.contains("aria-sort=\"descending\" data-column=\"month\""));
    assert!(html.contains("<svg") && html.contains("kpi-threshold"));
    assert!(html.contains("$1,250.00"));
    assert!(html.contains(">March<"));
    assert!(html.contains("data-total-kpi>15<"), "{html}");
    assert!(html.contains("$1,750.00"));
    assert!(html.contains(&format!("href=\"/partner/{A}/kpi.csv\"")));
    // Newest month first by default.
    assert_eq!(invoices(&html).last().unwrap(), "INV-1001");

    // Sorting by KPI value, both ways.
    let (_, asc) = get(
        &a,
        &server.url(&format!("/partner/{A}/kpi?sort=kpi_value&dir=asc")),
    )
    .await;
    assert_eq!(invoices(&asc), ["INV-1002", "INV-1003", "INV-1001"]);
    assert!(asc.contains("aria-sort=\"ascending\" data-column=\"kpi_value\""));
    let (_, desc) = get(
        &a,
        &server.url(&format!("/partner/{A}/kpi?sort=kpi_value&dir=desc")),
    )
    .await;
    assert_eq!(invoices(&desc), ["INV-1001", "INV-1003", "INV-1002"]);

    // Filtering by a month keeps only that month's rows.
    let (_, march) = get(
        &a,
        &server.url(&format!("/partner/{A}/kpi?month=2026-03&omlp_type=")),
    )
    .await;
    assert_eq!(invoices(&march), ["INV-1001"]);
    assert!(march.contains("data-total-kpi>10<"));
    let (_, labs) = get(
        &a,
        &server.url(&format!("/partner/{A}/kpi?omlp_type=labs_online")),
    )
    .await;
    assert_eq!(invoices(&labs), ["INV-1002"]);

    // The CSV export: the API's rows, as an attachment.
    let r = a
        .get(server.url(&format!("/partner/{A}/kpi.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let body = r.text().await.unwrap();
    let local = Actor::Local {
        os_user: "test".to_owned(),
    };
    let report = lpc_app::publications::kpi_report(&server.app, &local, A.parse().unwrap())
        .await
        .unwrap();
    // The dashboard's lines in its order, the codes and beside them their names.
    assert_eq!(body.lines().count(), report.rows.len() + 1);
    assert_eq!(
        body.lines().next().unwrap(),
        "month,year,omlp_type,omlp_type_name,purchase_units,invoice_number,document_type,\
         document_type_name,kpi_value,revenue_value,currency,late"
    );
    assert!(body.contains(",labs_online,Labs Online,"), "{body}");
    assert!(body.contains(",invoice,Invoice,"), "{body}");
    // The CSV follows the filters, and its link on a filtered page carries them.
    let csv_link = labs
        .split("href=\"")
        .find(|h| h.starts_with(&format!("/partner/{A}/kpi.csv")))
        .and_then(|h| h.split('"').next())
        .unwrap();
    assert_eq!(
        csv_link,
        format!("/partner/{A}/kpi.csv?sort=month&#38;dir=desc&#38;omlp_type=labs_online")
    );
    let r = a
        .get(server.url(&format!(
            "/partner/{A}/kpi.csv?sort=month&dir=desc&omlp_type=labs_online"
        )))
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("kpi-report-")
    );
    let filtered = r.text().await.unwrap();
    assert_eq!(filtered.lines().count(), 2, "{filtered}");
    assert!(filtered.contains("INV-1002"));

    // Another partner's dashboard, export and cases are not found.
    for path in [
        format!("/partner/{A}/kpi"),
        format!("/partner/{A}/kpi.csv"),
        format!("/partner/{A}/cases/new"),
    ] {
        let (status, _) = get(&b, &server.url(&path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = get(&a, &server.url(&format!("/partner/{B}/kpi"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A discrepancy from a row: the seven fields are the row's, shown read-only (sent as
    // hidden fields), and R13 is said before anything is chosen.
    let link = report_link(&html, "INV-1003");
    assert!(link.starts_with(&format!("/partner/{A}/cases/new?kind=kpi_discrepancy&")));
    let (status, form) = get(&a, &server.url(&link)).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        "data-field=\"month\">July",
        "data-field=\"omlp_type\">Microsoft Official Course",
        "data-field=\"invoice_number\">INV-1003",
        "data-field=\"revenue_value\">$300.00",
    ] {
        assert!(form.contains(shown), "{shown} missing in {link}: {form}");
    }
    for hidden in [
        "type=\"hidden\" name=\"month\" value=\"7\"",
        "type=\"hidden\" name=\"invoice_number\" value=\"INV-1003\"",
        "type=\"hidden\" name=\"omlp_type\" value=\"moc\"",
    ] {
        assert!(form.contains(hidden), "{hidden} missing: {form}");
    }
    assert!(
        !form.contains("type=\"text\" value=\"INV-1003\""),
        "not editable"
    );
    assert!(form.contains("Only an actual invoice counts as evidence"));
    assert!(
        !form.contains("order_confirmation"),
        "no evidence type that is always refused"
    );
    let query = link.split_once('?').unwrap().1.to_owned();
    let mut fields: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
    fields.retain(|(k, _)| k != "kind");
    fields.push(("from_row".into(), "1".into()));
    fields.push(("message".into(), "Three units were five".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let action = format!("/partner/{A}/cases/new");

    // R13: no invoice, or a file that is not one by its content, is refused, values kept.
    let r = submit_multipart(&a, &server, &link, &action, &pairs, None).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Attach the invoice"), "{page}");
    assert!(
        page.contains("data-field=\"invoice_number\">INV-1003")
            && page.contains("Three units were five")
    );
    let r = submit_multipart(
        &a,
        &server,
        &link,
        &action,
        &pairs,
        Some(("invoice", "invoice.pdf", b"just text, named .pdf")),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("must be a PDF, PNG or JPEG")
    );
    assert!(
        lpc_app::cases::list(&server.app, &local, Some(A.parse().unwrap()), None)
            .await
            .unwrap()
            .is_empty(),
        "nothing is opened by a refused form"
    );

    let invoice: &[u8] = b"%PDF-1.7\nINV-1003: 5 units";
    let r = submit_multipart(
        &a,
        &server,
        &link,
        &action,
        &pairs,
        Some(("invoice", "INV-1003.pdf", invoice)),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let case_path = r.url().path().to_owned();
    assert!(
        case_path.starts_with(&format!("/partner/{A}/cases/")),
        "{case_path}"
    );
    let page = r.text().await.unwrap();
    assert!(
        page.contains("KPI discrepancy") && page.contains("INV-1003"),
        "{page}"
    );
    assert!(page.contains("Three units were five"));
    assert!(page.contains("data-state=\"open\""));
    let cases = lpc_app::cases::list(&server.app, &local, Some(A.parse().unwrap()), None)
        .await
        .unwrap();
    assert_eq!(cases.len(), 1);
    // The invoice is on the case, and downloads as it was sent; not for B.
    let download = format!("{case_path}/attachments/");
    let at = page.find(&download).expect("an attachment link");
    let href: String = page[at..].split('"').next().unwrap().to_owned();
    assert!(page.contains("INV-1003.pdf"));
    let r = a.get(server.url(&href)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), invoice);
    let r = b.get(server.url(&href)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A second file, added to the open case.
    let r = submit_multipart(
        &a,
        &server,
        &case_path,
        &format!("{case_path}/attachments"),
        &[],
        Some(("invoice", "page2.png", b"\x89PNG\r\n\x1a\nrest")),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("The file is attached to the case.") && page.contains("page2.png"));

    // A comment on the case; B cannot see it.
    let r = submit(
        &a,
        &server,
        &case_path,
        &format!("{case_path}/comments"),
        &[("body", "The invoice is attached.")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("The invoice is attached."));
    let (status, _) = get(&b, &server.url(&case_path)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // In Japanese and Italian.
    let back = format!("/partner/{A}/kpi");
    let r = submit(
        &a,
        &server,
        &back,
        "/lang",
        &[("lang", "ja"), ("back", &back)],
    )
    .await;
    let ja = r.text().await.unwrap();
    for header in [
        "請求書番号",
        "OMLP 型",
        "購入単位",
        "KPI 値",
        "収益の値",
        "不一致を報告",
    ] {
        assert!(ja.contains(header), "{header} missing in Japanese");
    }
    assert!(ja.contains("2026年11月15日"));
    // The CSV's names follow the language; the codes stay.
    let csv_ja = a
        .get(server.url(&format!("/partner/{A}/kpi.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv_ja.contains(",labs_online,Labs Online (オンライン ラボ),"),
        "{csv_ja}"
    );
    assert!(csv_ja.contains(",invoice,請求書,"));
    let r = submit(
        &a,
        &server,
        &back,
        "/lang",
        &[("lang", "it"), ("back", &back)],
    )
    .await;
    let it = r.text().await.unwrap();
    assert!(it.contains("Tipo OMLP") && it.contains("N. fattura"));
    assert!(it.contains("1.250,00 $") && it.contains("15/11/2026"));

    server.stop().await;
}

/// A partner with more lines than a page holds sees them a hundred at a time, with links to
/// the other pages that keep the sort, while the totals still count every line.
#[tokio::test]
async fn a_long_report_is_paged_and_the_totals_count_every_line() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let admin = browser();
    sign_up(&admin, &server, A, "admin@a.example").await;
    let mut rows = String::from(HEADER);
    for n in 1..=250 {
        rows.push_str(&format!(
            "invoice,INV-{n:04},,{A},2026-05-{:02},1,moc,20764-C,1,100.00,USD\n",
            n % 28 + 1
        ));
    }
    let actor = Actor::Local {
        os_user: "test".to_owned(),
    };
    lpc_app::invoices::import(
        &server.app,
        &actor,
        "invoices.csv",
        std::io::Cursor::new(rows.into_bytes()),
        false,
        |_| {},
        |_| {},
    )
    .await
    .unwrap();
    lpc_app::publications::publish(&server.app, &actor)
        .await
        .unwrap();

    let sorted = format!("/partner/{A}/kpi?sort=invoice_number&dir=asc");
    let (status, first) = get(&admin, &server.url(&sorted)).await;
    assert_eq!(status, StatusCode::OK);
    let shown = invoices(&first);
    assert_eq!(shown.len(), 100, "a hundred lines on a page");
    assert_eq!(shown[0], "INV-0001");
    assert!(first.contains("Lines 1–100 of 250."), "the range is said");
    assert!(first.contains("250"), "the totals count all 250 lines");
    let next = unescape(
        first
            .split("rel=\"next\"")
            .next()
            .unwrap()
            .rsplit("href=\"")
            .next()
            .unwrap()
            .split('"')
            .next()
            .unwrap(),
    );
    assert!(
        next.contains("page=2") && next.contains("sort=invoice_number"),
        "{next}"
    );
    let (_, second) = get(&admin, &server.url(&next)).await;
    assert_eq!(
        invoices(&second)[0],
        "INV-0101",
        "page 2 goes on in the same order"
    );
    let (_, last) = get(&admin, &server.url(&format!("{sorted}&page=99"))).await;
    let tail = invoices(&last);
    assert_eq!(tail.len(), 50, "a page past the end shows the last one");
    assert_eq!(tail.last().unwrap(), "INV-0250");
    assert!(!last.contains("rel=\"next\""));

    // Its API (issue 6 item 9): gzip for a client that asks for it, the same JSON unpacked.
    let bearer = lpc_app::tokens::create(
        &server.app,
        &Actor::local(),
        &lpc_domain::Email::parse("admin@a.example").unwrap(),
        "test",
    )
    .await
    .unwrap();
    let api = reqwest::Client::new();
    let endpoint = server.url(&format!("/api/v1/partners/{A}/kpi-report"));
    let plain = api
        .get(&endpoint)
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers()["vary"], "accept-encoding");
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    let zipped = api
        .get(&endpoint)
        .bearer_auth(&bearer)
        .header("accept-encoding", "br;q=1, gzip;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    assert_eq!(zipped.headers()["content-type"], "application/json");
    let zipped = zipped.bytes().await.unwrap();
    assert!(
        zipped.len() * 5 < plain.len(),
        "{} bytes of gzip for {} of JSON",
        zipped.len(),
        plain.len()
    );
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&zipped[..]),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, plain);
    let report: serde_json::Value = serde_json::from_slice(&unpacked).unwrap();
    assert_eq!(report["rows"].as_array().unwrap().len(), 250);
    let refused = api
        .get(&endpoint)
        .bearer_auth(&bearer)
        .header("accept-encoding", "gzip;q=0")
        .send()
        .await
        .unwrap();
    assert!(refused.headers().get("content-encoding").is_none());
    assert_eq!(refused.bytes().await.unwrap(), plain);
    server.stop().await;
}

/// Each row's badges and link read in the page's language; a credit note is marked as one
/// (R13) and lowers the total.
#[tokio::test]
async fn rows_carry_their_badges_and_report_link_in_the_page_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("lpc.db").display());
    let server = Server::start(&db).await;
    let a = browser();
    sign_up(&a, &server, A, "admin@a.example").await;
    let rows = format!(
        "{HEADER}\
         invoice,INV-2001,,{A},2026-05-04,1,moc,20764-C,5,500.00,USD\n\
         credit_note,CN-2001,INV-2001,{A},2026-06-01,1,moc,20764-C,-2,-200.00,USD\n"
    );
    let actor = Actor::local();
    lpc_app::invoices::import(
        &server.app,
        &actor,
        "invoices.csv",
        std::io::Cursor::new(rows.into_bytes()),
        false,
        |_| {},
        |_| {},
    )
    .await
    .unwrap();
    lpc_app::publications::publish(&server.app, &actor)
        .await
        .unwrap();

    let (status, html) = get(&a, &server.url(&format!("/partner/{A}/kpi"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches(">Credit note</span>").count(), 1, "{html}");
    assert_eq!(html.matches(">Report a discrepancy</a>").count(), 2);
    assert!(html.contains(">May<") && html.contains(">June<"), "{html}");
    assert!(html.contains("data-total-kpi>3<"), "5 - 2 points: {html}");

    let r = submit(
        &a,
        &server,
        &format!("/partner/{A}/kpi"),
        "/lang",
        &[("lang", "it"), ("back", &format!("/partner/{A}/kpi"))],
    )
    .await;
    let html = r.text().await.unwrap();
    assert_eq!(html.matches(">Nota di credito</span>").count(), 1, "{html}");
    assert!(html.contains(">maggio<"), "{html}");
    server.stop().await;
}
