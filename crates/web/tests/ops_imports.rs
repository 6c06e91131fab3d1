//! Imports from the operator console (issue 7 item 2) over real HTTP: an invoices CSV with
//! one bad row is refused whole (R13, nothing stored) with its refused rows downloadable,
//! the corrected file is stored; the job is followed to its end through `progress.json`;
//! a file that is not CSV is refused naming what was expected; trainers (R4) and exams (R8)
//! files too; and every import lands in the history.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use reqwest::StatusCode;
use support::*;

const PARTNER: &str = "6100001";
const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency";

fn invoices_csv(third_type: &str) -> String {
    format!(
        "{HEADER}\n\
         invoice,OPS-INV-1,,{PARTNER},2026-03-10,1,moc,20764-C,10,1250.00,USD\n\
         {third_type},OPS-INV-1,,{PARTNER},2026-03-10,2,moc,20765-A,4,500.00,USD\n\
         invoice,OPS-INV-2,,{PARTNER},2026-04-02,1,dmoc,AZ-104T00,3,300.00,USD\n\
         credit_note,OPS-CN-1,OPS-INV-2,{PARTNER},2026-04-20,1,dmoc,AZ-104T00,-1,-100.00,USD\n"
    )
}

/// Builds a `multipart/form-data` body by hand (no multipart client feature needed).
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "lpcOpsImportBoundary7q";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((name, content)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Uploads like the page's form does (the CSRF token in the action's query).
async fn upload_form(
    client: &reqwest::Client,
    server: &Server,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> reqwest::Response {
    let (_, page) = get(client, &server.url("/ops/imports")).await;
    let token = csrf_of(&page);
    let (content_type, body) = multipart(fields, file);
    client
        .post(server.url(&format!("/ops/imports?csrf={token}")))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Uploads a file of `kind` and follows its job to the end: the job's path and final page.
async fn import(
    client: &reqwest::Client,
    server: &Server,
    kind: &str,
    name: &str,
    content: &[u8],
    skip_invalid: bool,
) -> (String, String) {
    let mut fields = vec![("kind", kind)];
    if skip_invalid {
        fields.push(("skip_invalid", "on"));
    }
    let r = upload_form(client, server, &fields, Some((name, content))).await;
    assert_eq!(r.status(), StatusCode::OK);
    let job = r.url().path().to_owned();
    assert!(
        job.starts_with("/ops/imports/"),
        "redirected to the job: {job}"
    );
    let first = r.text().await.unwrap();
    assert!(
        first.contains("<progress"),
        "the job page has a progress bar"
    );
    let mut last_percent = 0;
    for _ in 0..200 {
        let progress: serde_json::Value = client
            .get(server.url(&format!("{job}/progress.json")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let percent = progress["percent"].as_u64().unwrap();
        assert!(percent >= last_percent, "progress never goes back");
        last_percent = percent;
        assert!(!progress["text"].as_str().unwrap().is_empty());
        if progress["state"] != "running" {
            assert_eq!(percent, 100, "a finished job is at 100 %");
            let (status, html) = get(client, &server.url(&job)).await;
            assert_eq!(status, StatusCode::OK);
            return (job, html);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import of {name} did not finish");
}

fn count_of(html: &str, id: &str) -> String {
    let marker = format!("data-count=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no count {id}: {html}"))
        + marker.len();
    html[start..].split('<').next().unwrap().to_owned()
}

async fn operator(server: &Server) -> reqwest::Client {
    let client = browser();
    sign_in_staff(&client, server, "operator").await;
    client
}

async fn stored_partner_of(server: &Server, invoice: &str) -> Option<String> {
    server
        .app
        .store()
        .invoice_partner(invoice)
        .await
        .unwrap()
        .map(|p| p.to_string())
}

#[tokio::test]
async fn r13_an_invoices_file_with_one_bad_row_is_refused_whole_then_stored_once_corrected() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let client = operator(&server).await;

    let (status, page) = get(&client, &server.url("/ops/imports")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(
        page.contains("aria-current=\"page\""),
        "the nav marks Imports"
    );

    // Line 3 is an order confirmation: R13 refuses it, and with it the whole file.
    let bad = invoices_csv("order_confirmation");
    let (job, html) = import(
        &client,
        &server,
        "invoices",
        "march.csv",
        bad.as_bytes(),
        false,
    )
    .await;
    assert!(html.contains("data-state=\"failed\""), "{html}");
    assert!(html.contains("Rows refused: 1"), "{html}");
    assert!(
        html.contains("data-line=\"3\" data-field=\"document_type\""),
        "the refused row names its line and field: {html}"
    );
    assert!(html.contains("R13"), "and the rule");
    assert_eq!(
        stored_partner_of(&server, "OPS-INV-1").await,
        None,
        "nothing of the refused file is stored"
    );
    let csv = client
        .get(server.url(&format!("{job}/refused.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = csv.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("line,field,value,rule,reason"));
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("3,document_type,order_confirmation,R13,"),
        "{row}"
    );
    assert!(row.contains("not an invoice"), "{row}");

    // Corrected: every row stored, counted as `lpc invoices import --json` counts them.
    let good = invoices_csv("invoice");
    let (_, html) = import(
        &client,
        &server,
        "invoices",
        "march.csv",
        good.as_bytes(),
        false,
    )
    .await;
    assert!(html.contains("data-state=\"done\""), "{html}");
    assert_eq!(count_of(&html, "rows"), "4");
    assert_eq!(count_of(&html, "lines"), "4");
    assert_eq!(count_of(&html, "invoices"), "2");
    assert_eq!(count_of(&html, "credit_notes"), "1");
    assert_eq!(count_of(&html, "partners"), "1");
    assert_eq!(count_of(&html, "refused"), "0");
    assert!(html.contains("data-count=\"seconds\""));
    assert_eq!(
        stored_partner_of(&server, "OPS-INV-1").await.as_deref(),
        Some(PARTNER)
    );

    // The same file again: nothing new, all unchanged.
    let (_, html) = import(
        &client,
        &server,
        "invoices",
        "march.csv",
        good.as_bytes(),
        false,
    )
    .await;
    assert_eq!(count_of(&html, "lines"), "0");
    assert_eq!(count_of(&html, "unchanged"), "4");

    // The history lists the three, newest first.
    let (_, page) = get(&client, &server.url("/ops/imports")).await;
    let states: Vec<&str> = page
        .split("class=\"import-row\" data-state=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(states, ["done", "done", "failed"], "{page}");
    assert!(page.contains("march.csv"));
    assert!(page.contains("operator@program.example"), "who ran it");

    // The same pages in Japanese and Italian.
    for (lang, heading, state) in [
        ("ja", "インポート履歴", "拒否 (何も保存されていません)"),
        (
            "it",
            "Cronologia delle importazioni",
            "Rifiutato, nulla salvato",
        ),
    ] {
        let html = client
            .get(server.url("/ops/imports"))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(heading) && html.contains(state),
            "{lang}: {html}"
        );
    }
    server.stop().await;
}

/// A row with four bad fields names all four, each in words a person reads, and still counts
/// as one refused row.
#[tokio::test]
async fn every_bad_field_of_a_row_is_listed_in_plain_words() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let client = operator(&server).await;
    let csv = format!(
        "document_type,document_number,line_number,corrects_document,partner_id,document_date,omlp_type,product_sku,purchase_units,revenue_value,currency\n\
         invoice,OPS-INV-9,0,,{PARTNER},2026-13-01,moc,AZ-104T00,many,10.00,US\n"
    );
    let (job, html) = import(
        &client,
        &server,
        "invoices",
        "four.csv",
        csv.as_bytes(),
        false,
    )
    .await;
    assert!(html.contains("data-state=\"failed\""), "{html}");
    assert!(html.contains("Rows refused: 1"), "one row: {html}");
    for field in ["line_number", "document_date", "purchase_units", "currency"] {
        assert!(
            html.contains(&format!("data-line=\"2\" data-field=\"{field}\"")),
            "{field} is listed: {html}"
        );
    }
    assert!(
        html.contains("has the month 13: a month is 01 to 12"),
        "{html}"
    );
    assert!(!html.contains("required range"), "{html}");
    let refused = client
        .get(server.url(&format!("{job}/refused.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        refused.lines().count(),
        5,
        "a line per bad field: {refused}"
    );
    server.stop().await;
}

#[tokio::test]
async fn skip_invalid_stores_the_valid_rows_and_lists_the_refused_ones() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let client = operator(&server).await;
    let bad = invoices_csv("partner_report");
    let (job, html) = import(
        &client,
        &server,
        "invoices",
        "skip.csv",
        bad.as_bytes(),
        true,
    )
    .await;
    assert!(html.contains("data-state=\"done\""), "{html}");
    assert_eq!(count_of(&html, "lines"), "3");
    assert_eq!(count_of(&html, "refused"), "1");
    assert!(html.contains("data-line=\"3\" data-field=\"document_type\""));
    let csv = client
        .get(server.url(&format!("{job}/refused.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("3,document_type,partner_report,R13,"), "{csv}");
    assert!(stored_partner_of(&server, "OPS-INV-2").await.is_some());
    server.stop().await;
}

#[tokio::test]
async fn a_file_that_is_not_csv_is_refused_naming_what_was_expected() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let client = operator(&server).await;

    // A PNG image picked by mistake.
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06";
    let (_, html) = import(&client, &server, "invoices", "logo.png", png, false).await;
    assert!(html.contains("data-state=\"failed\""));
    assert!(html.contains("This is not a CSV file"), "{html}");
    assert!(
        html.contains("document_type,document_number,corrects_document"),
        "names the expected header: {html}"
    );

    // Text, but a trainers file uploaded as invoices.
    let trainers = "mct_id,partner_id,name,email,valid_from,valid_until\nM1,6100001,Ann,ann@x.example,2026-01-01,2026-12-31\n";
    let (_, html) = import(
        &client,
        &server,
        "invoices",
        "t.csv",
        trainers.as_bytes(),
        false,
    )
    .await;
    assert!(html.contains("data-state=\"failed\""));
    assert!(html.contains("the first line must be the header"), "{html}");
    assert!(html.contains("missing: [document_type"), "{html}");

    // An empty file.
    let (_, html) = import(&client, &server, "exams", "empty.csv", b"", false).await;
    assert!(html.contains("the file is empty"), "{html}");
    assert!(html.contains("partner_id,person_email,exam_code,passed_on"));

    let (_, page) = get(&client, &server.url("/ops/imports")).await;
    assert_eq!(page.matches("data-state=\"failed\"").count(), 3);
    server.stop().await;
}

#[tokio::test]
async fn a_form_without_its_file_or_kind_is_refused_next_to_the_field() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let client = operator(&server).await;
    let r = upload_form(&client, &server, &[("kind", "invoices")], None).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"f-file-error\""), "{html}");
    assert!(html.contains("Choose a CSV file"));

    let r = upload_form(
        &client,
        &server,
        &[("kind", "receipts")],
        Some(("a.csv", b"a,b\n")),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"f-kind-error\""));

    // Without the CSRF token: refused before anything is read.
    let (content_type, body) = multipart(&[("kind", "invoices")], Some(("a.csv", b"x")));
    let r = client
        .post(server.url("/ops/imports"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, page) = get(&client, &server.url("/ops/imports")).await;
    assert!(
        page.contains("id=\"history-empty\""),
        "nothing was imported"
    );
    server.stop().await;
}

#[tokio::test]
async fn r4_r8_trainers_and_exams_files_are_imported_from_the_console() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let client = operator(&server).await;
    let trainers = format!(
        "mct_id,partner_id,name,email,valid_from,valid_until\n\
         MCT-1,{PARTNER},Ann Trainer,ann@partner.example,2026-01-01,2026-12-31\n\
         MCT-2,{PARTNER},Bo Trainer,bo@partner.example,2026-02-01,2027-01-31\n"
    );
    let (_, html) = import(
        &client,
        &server,
        "trainers",
        "mct.csv",
        trainers.as_bytes(),
        false,
    )
    .await;
    assert!(html.contains("data-state=\"done\""), "{html}");
    assert_eq!(count_of(&html, "rows"), "2");
    assert_eq!(count_of(&html, "lines"), "2");
    let partner = lpc_domain::MpnId::parse(PARTNER).unwrap();
    assert_eq!(
        server.app.store().trainers_of(partner).await.unwrap().len(),
        2
    );

    let exams = format!(
        "partner_id,person_email,exam_code,passed_on\n\
         {PARTNER},ann@partner.example,AZ-104,2026-05-01\n\
         {PARTNER},bo@partner.example,bad code!,2026-05-02\n"
    );
    let (_, html) = import(
        &client,
        &server,
        "exams",
        "exams.csv",
        exams.as_bytes(),
        false,
    )
    .await;
    assert!(html.contains("data-state=\"failed\""), "{html}");
    assert!(
        html.contains("data-line=\"3\" data-field=\"exam_code\""),
        "{html}"
    );
    let exams = exams.replace("bad code!", "AZ-305");
    let (_, html) = import(
        &client,
        &server,
        "exams",
        "exams.csv",
        exams.as_bytes(),
        false,
    )
    .await;
    assert!(html.contains("data-state=\"done\""), "{html}");
    assert_eq!(count_of(&html, "lines"), "2");
    let since = jiff::civil::date(2025, 1, 1);
    assert_eq!(
        server
            .app
            .store()
            .exam_passes_of(partner, since)
            .await
            .unwrap()
            .len(),
        2
    );
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_job_is_not_found() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let client = operator(&server).await;
    for path in [
        "/ops/imports/0123456789abcdef01234567",
        "/ops/imports/0123456789abcdef01234567/progress.json",
        "/ops/imports/0123456789abcdef01234567/refused.csv",
    ] {
        let (status, _) = get(&client, &server.url(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    server.stop().await;
}

/// The unsent mail to `to` as stored (the link's token still in it), oldest first.
async fn unsent_to(server: &Server, to: &str) -> Vec<String> {
    let mut mails = server.app.store().unsent_mail(1000).await.unwrap();
    mails.retain(|m| m.to.as_str() == to);
    mails.into_iter().map(|m| m.body).collect()
}

#[tokio::test]
async fn r31_a_partner_file_from_the_console_registers_verified_partners_and_invites_their_contacts()
 {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let client = operator(&server).await;
    let (_, page) = get(&client, &server.url("/ops/imports")).await;
    assert!(page.contains("value=\"partners\""), "{page}");
    assert!(page.contains("mpn_id,name,country,contact_email"), "{page}");

    // Two partners whose contact is one person, one whose contact is the operator (an
    // account already), one without a contact, and a bad row: refused whole.
    let file = "mpn_id,name,country,contact_email\n\
                6200001,Kyoto Learning,JP,desk@kyoto.example\n\
                6200004,Kyoto Learning West,JP,desk@kyoto.example\n\
                6200005,Program Learning,US,operator@program.example\n\
                6200006,Quiet Learning,IT,\n\
                6200002,Bad Country,XX,\n";
    let (_, html) = import(
        &client,
        &server,
        "partners",
        "partners.csv",
        file.as_bytes(),
        false,
    )
    .await;
    assert!(html.contains("data-state=\"failed\""), "{html}");
    assert!(
        html.contains("data-line=\"6\" data-field=\"country\""),
        "the refused row names its line and field: {html}"
    );
    assert!(html.contains("R31"), "and the rule");
    let kyoto = lpc_domain::MpnId::parse("6200001").unwrap();
    assert_eq!(server.app.store().partner(kyoto).await.unwrap(), None);
    assert!(unsent_to(&server, "desk@kyoto.example").await.is_empty());

    // With the valid rows stored: verified partners, invitations, the rest reported.
    let (job, html) = import(
        &client,
        &server,
        "partners",
        "partners.csv",
        file.as_bytes(),
        true,
    )
    .await;
    assert!(html.contains("data-state=\"done\""), "{html}");
    assert_eq!(count_of(&html, "rows"), "5");
    assert_eq!(count_of(&html, "lines"), "4");
    assert_eq!(count_of(&html, "invited"), "2");
    assert_eq!(count_of(&html, "without_contact"), "1");
    assert_eq!(count_of(&html, "not_invited"), "1");
    assert_eq!(count_of(&html, "refused"), "1");
    assert!(
        html.contains("class=\"not-invited-row\" data-line=\"4\""),
        "the contact with an account is listed: {html}"
    );
    let csv = client
        .get(server.url(&format!("{job}/refused.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("6,country,XX,R31,"), "{csv}");
    let stored = server.app.store().partner(kyoto).await.unwrap().unwrap();
    assert!(
        stored.is_verified(),
        "R31: the program's file vouches for it"
    );
    let (_, page) = get(&client, &server.url("/ops/imports")).await;
    assert!(page.contains("Partners (bulk onboarding, R31)"), "{page}");
    // The partner's file shows the import that registered it.
    let (_, file_page) = get(&client, &server.url("/ops/partners/6200001?tab=audit")).await;
    assert!(file_page.contains("partners.import"), "{file_page}");

    // The same file again: nothing new, nobody mailed twice.
    let (_, html) = import(
        &client,
        &server,
        "partners",
        "partners.csv",
        file.as_bytes(),
        true,
    )
    .await;
    assert_eq!(count_of(&html, "lines"), "0");
    assert_eq!(count_of(&html, "unchanged"), "4");
    let mails = unsent_to(&server, "desk@kyoto.example").await;
    assert_eq!(mails.len(), 2, "one per partner");

    // The first link: a password, and the contact is 6200001's admin, signed in.
    let link = link_in(&server, &mails[0], "/invitation/");
    let second = link_in(&server, &mails[1], "/invitation/");
    let contact = browser();
    let r = submit(
        &contact,
        &server,
        &link,
        &link,
        &[("password", "kyoto's long password")],
    )
    .await;
    assert_eq!(r.url().path(), "/partner/6200001");
    // The second link, for the address that has an account now: anonymous, it asks to sign
    // in; signed in as that address, it makes the account 6200004's admin too.
    let (status, html) = get(&browser(), &server.url(&second)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("/login?next=%2Finvitation%2F"), "{html}");
    let r = submit(&contact, &server, &second, &second, &[]).await;
    assert_eq!(r.url().path(), "/partner/6200004");
    let (status, _) = get(&contact, &server.url("/partner/6200004/kpi")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a verified partner's admin sees its KPIs"
    );
    let (status, _) = get(&browser(), &server.url(&second)).await;
    assert_eq!(status, StatusCode::GONE, "used once");
    server.stop().await;
}
