#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The directory listing request in the portal and the console (R1, R24-R26; issue 8 items 1,
//! 3 and 5): the token and the form, the processing week and visible-by date in the user's
//! language, the checks, refusals next to their field, a name with markup shown escaped, the
//! R24 refusal, members reading only; operators approving, rejecting, running the checks
//! again; and the JSON API. Landing pages are served by the test on loopback over http, with
//! the checker's test settings.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use jiff::ToSpan;
use jiff::civil::{Date, date};
use lpc_app::directory::DirectorySettings;
use lpc_domain::{Currency, LearningOption, Money, MpnId};
use lpc_store::{AuditDraft, NewOrder, OrderEffect, OrderPurpose, PaymentMethod};
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{PASSWORD, Server, browser, db, get, sign_in_staff, sign_up, submit, submit_text};

const MPN: &str = "4300001";
const ADMIN: &str = "admin@contoso.example";

/// The landing page and the verification file the test serves.
#[derive(Default)]
struct Site {
    page: String,
    token: String,
}

/// A tiny HTTP server on 127.0.0.1 answering every request from `site`; its base URL.
fn landing_server(site: Arc<Mutex<Site>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                match reader.read_line(&mut header) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if header.trim().is_empty() => break,
                    Ok(_) => {}
                }
            }
            let path = first.split_whitespace().nth(1).unwrap_or("/");
            let (kind, body) = {
                let site = site.lock().unwrap();
                if path == "/.well-known/lpc-verification.txt" {
                    ("text/plain", site.token.clone())
                } else {
                    ("text/html; charset=utf-8", site.page.clone())
                }
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

async fn start(db: &str, today: Date) -> Server {
    Server::start_configured(db, today, |app| {
        app.with_directory(DirectorySettings::for_tests())
    })
    .await
}

fn audit() -> AuditDraft {
    AuditDraft::new(
        "test",
        "order.create",
        "test",
        jiff::Timestamp::now(),
        json!({}),
    )
}

/// R24: an active Action Pack for the partner, bought by card on 2026-11-01.
async fn action_pack(server: &Server, mpn: &str) {
    let id = MpnId::parse(mpn).unwrap();
    let on = date(2026, 11, 1);
    let order = NewOrder {
        partner_id: id,
        purpose: OrderPurpose::Enrollment,
        option: LearningOption::ActionPack,
        competency: None,
        membership_id: None,
        fee: Money::new(49_500, Currency::USD),
        discount: Money::new(0, Currency::USD),
        payment_method: PaymentMethod::Card,
        created_on: on,
        expires_on: on.saturating_add(31.days()),
        created_by: "test".to_owned(),
        guidelines_version: None,
    };
    let effect = OrderEffect::StartMembership {
        option: LearningOption::ActionPack,
        competency: None,
        started_on: on,
        anniversary_date: on.saturating_add(1.year()),
    };
    server
        .app
        .store()
        .create_order(&order, Some((on, effect)), &audit())
        .await
        .unwrap();
}

/// The token the portal page shows.
fn token_of(html: &str) -> String {
    let marker = "class=\"verification-token\">";
    let start = html.find(marker).expect("the page shows the token") + marker.len();
    html[start..].split('<').next().unwrap().to_owned()
}

fn page_naming(name: &str) -> String {
    format!("<html><body><h1>{name}</h1><p>Microsoft training courses by {name}.</p></body></html>")
}

#[tokio::test]
async fn r24_r26_a_partner_admin_asks_sees_the_dates_and_the_checks_and_markup_stays_text() {
    let (_dir, db) = db();
    let server = start(&db, date(2026, 11, 10)).await;
    let admin = browser();
    sign_up(&admin, &server, MPN, ADMIN).await;
    let page = format!("/partner/{MPN}/directory");

    // R24: without an active learning membership the request is refused, nothing stored.
    let (status, html) = submit_text(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("name", "Contoso Learning"),
            ("country", "IT"),
            ("url", "https://contoso.example/learning"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("active learning membership"), "{html}");
    assert!(
        !html.contains("(R24)"),
        "no rule ids in a partner's sentences: {html}"
    );
    assert!(html.contains("No request yet."));

    action_pack(&server, MPN).await;
    // The overview links here.
    let (_, overview) = get(&admin, &server.url(&format!("/partner/{MPN}"))).await;
    assert!(overview.contains(&format!("href=\"/partner/{MPN}/directory\"")));

    let (status, html) = get(&admin, &server.url(&page)).await;
    assert_eq!(status, StatusCode::OK);
    let token = token_of(&html);
    assert!(token.len() > 20, "a random token: {token}");
    let site = Arc::new(Mutex::new(Site {
        page: page_naming("Contoso Learning"),
        token: token.clone(),
    }));
    let url = format!("{}/learning", landing_server(site.clone()));

    // Bad input: each refused next to its field, values kept, nothing stored.
    let (status, html) = submit_text(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("name", "Contoso Learning"),
            ("country", "XX"),
            ("url", "ftp://contoso.example/"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("id=\"f-country-error\""), "{html}");
    assert!(html.contains("id=\"f-url-error\""));
    assert!(!html.contains("id=\"f-name-error\""));
    assert!(
        html.contains("value=\"ftp://contoso.example/\""),
        "values kept"
    );
    assert!(html.contains("No request yet."));

    // A request on 10 November: processed 15-21 November, visible by 7 December (R26).
    let r = submit(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("name", "Contoso Learning"),
            ("country", "it"),
            ("url", &url),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.url().query().unwrap_or("").contains("sent=1"));
    let html = r.text().await.unwrap();
    assert!(html.contains("Nov 15, 2026 – Nov 21, 2026"), "{html}");
    assert!(html.contains("Dec 7, 2026"));
    // R25: every check passed, each shown.
    assert!(html.contains("The page names your organization"));
    assert!(!html.contains("data-passed=\"false\""), "{html}");

    // In Japanese, the same dates in the user's language.
    let ja = admin
        .get(server.url(&page))
        .header("accept-language", "ja")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ja.contains("2026年11月15日"), "{ja}");

    // A name with markup is shown as text, never as HTML.
    let (status, html) = submit_text(
        &admin,
        &server,
        &page,
        &page,
        &[
            ("name", "<script>alert(1)</script>Contoso"),
            ("country", "IT"),
            ("url", &url),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>alert(1)</script>"), "escaped");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;Contoso")
            || html.contains("&#60;script&#62;alert(1)&#60;/script&#62;Contoso"),
        "{html}"
    );
    // The first request was replaced by this one.
    assert!(html.contains("Replaced by a later request"));

    // A member reads the page but has no form, and cannot post (R1).
    let account = lpc_app::users::NewAccount::parse(
        "member@contoso.example",
        "member",
        Some(MPN),
        PASSWORD.to_owned(),
    )
    .unwrap();
    lpc_app::users::add(&server.app, &lpc_app::Actor::local(), account)
        .await
        .unwrap();
    let member = browser();
    let r = submit(
        &member,
        &server,
        "/login",
        "/login",
        &[
            ("email", "member@contoso.example"),
            ("password", PASSWORD),
            ("next", &page),
        ],
    )
    .await;
    let html = r.text().await.unwrap();
    assert!(html.contains(&token), "members see the token");
    assert!(!html.contains("name=\"url\""), "no form for members");
    let (status, _) = submit_text(
        &member,
        &server,
        &page,
        &page,
        &[("name", "Member"), ("country", "IT"), ("url", &url)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    server.stop().await;
}

#[tokio::test]
async fn r26_operators_decide_in_the_processing_week_and_partners_see_the_listing() {
    let (_dir, db) = db();
    // Asked on 10 November, through the API.
    let server = start(&db, date(2026, 11, 10)).await;
    let admin = browser();
    sign_up(&admin, &server, MPN, ADMIN).await;
    action_pack(&server, MPN).await;
    let token = lpc_app::directory::verification_token(
        &server.app,
        &lpc_app::Actor::local(),
        MpnId::parse(MPN).unwrap(),
    )
    .await
    .unwrap();
    let site = Arc::new(Mutex::new(Site {
        page: "<html><body>Nothing here yet</body></html>".to_owned(),
        token,
    }));
    let url = format!("{}/learning", landing_server(site.clone()));
    let bearer = lpc_app::tokens::create(
        &server.app,
        &lpc_app::Actor::local(),
        &lpc_domain::Email::parse(ADMIN).unwrap(),
        "test",
    )
    .await
    .unwrap();
    let api = reqwest::Client::new();
    let endpoint = server.url(&format!("/api/v1/partners/{MPN}/directory-requests"));
    let r = api
        .post(&endpoint)
        .bearer_auth(&bearer)
        .json(&json!({"name": "Contoso Learning", "country": "IT", "url": url}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let answer: Value = r.json().await.unwrap();
    assert_eq!(answer["status"], "received");
    assert_eq!(answer["processing_window"]["from"], "2026-11-15");
    assert_eq!(answer["processing_window"]["to"], "2026-11-21");
    assert_eq!(answer["visible_by"], "2026-12-07");
    assert_eq!(
        answer["checks_passed"], false,
        "the page does not name the partner yet"
    );
    let id = answer["request_id"].as_i64().unwrap();
    let r = api
        .post(&endpoint)
        .bearer_auth(&bearer)
        .json(&json!({"name": "Contoso", "country": "IT", "url": "file:///etc/passwd"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "not http(s)");
    let listed: Value = api
        .get(&endpoint)
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");

    // Before its week an operator cannot decide it (R26).
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    // Issue 16: the console offers only what is possible: no Approve/Reject yet.
    let (_, console) = get(&operator, &server.url("/ops/directory")).await;
    assert!(console.contains("data-not-decidable"), "{console}");
    assert!(
        !console.contains(&format!("action=\"/ops/directory/{id}/decide\"")),
        "{console}"
    );
    let (status, html) = submit_text(
        &operator,
        &server,
        "/ops/directory",
        &format!("/ops/directory/{id}/decide"),
        &[("decision", "approve"), ("reason", "")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("(R26)"), "{html}");
    server.stop().await;

    // On 16 November (its week): the console shows it with its failed check.
    let server = start(&db, date(2026, 11, 16)).await;
    let operator = browser();
    let r = submit(
        &operator,
        &server,
        "/login",
        "/login",
        &[
            ("email", "operator@program.example"),
            ("password", PASSWORD),
            ("next", "/ops"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (status, html) = get(&operator, &server.url("/ops/directory")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("data-request=\"{id}\"")), "{html}");
    assert!(html.contains("data-passed=\"false\""));
    assert!(html.contains("aria-current=\"page\""));

    // A rejection needs a reason.
    let (status, html) = submit_text(
        &operator,
        &server,
        "/ops/directory",
        &format!("/ops/directory/{id}/decide"),
        &[("decision", "reject"), ("reason", " ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("A rejection needs a reason."));

    // The partner fixes the page; the checks run again and pass.
    site.lock().unwrap().page = page_naming("Contoso Learning");
    let r = submit(
        &operator,
        &server,
        "/ops/directory",
        &format!("/ops/directory/{id}/recheck"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("The checks ran again."));
    assert!(!html.contains("data-passed=\"false\""), "{html}");

    // Approved: public from 7 December (R26), which the partner sees.
    let r = submit(
        &operator,
        &server,
        "/ops/directory",
        &format!("/ops/directory/{id}/decide"),
        &[("decision", "approve"), ("reason", "looks good")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("The request was approved.")
    );
    let admin = browser();
    let r = submit(
        &admin,
        &server,
        "/login",
        "/login",
        &[
            ("email", ADMIN),
            ("password", PASSWORD),
            ("next", &format!("/partner/{MPN}/directory")),
        ],
    )
    .await;
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Approved: visible in the directory from Dec 7, 2026."),
        "{html}"
    );

    // Deciding it again is refused and changes nothing.
    let (status, _) = submit_text(
        &operator,
        &server,
        "/ops/directory",
        &format!("/ops/directory/{id}/decide"),
        &[("decision", "reject"), ("reason", "no")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    server.stop().await;
}
