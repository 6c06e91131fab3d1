#![allow(clippy::unwrap_used, clippy::expect_used)]
//! R31 over real HTTP: a sign-up answers alike whatever is known, an address is confirmed
//! before signing in, an unverified organization sees no KPI rows and cannot enroll, an
//! operator approves or rejects claims in the console, and the program invites a contact on
//! file (issue 15 item 1).

mod support;

use lpc_app::{Actor, App};
use lpc_domain::MpnId;
use reqwest::StatusCode;
use support::*;

const CLAIMED: &str = "8888888";
const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n";

/// Invoices stored for `mpn` by the program (R16) and published on 15 November 2026.
async fn invoices_for(app: &App, mpn: &str) {
    let rows = format!(
        "{HEADER}\
         invoice,INV-88-1,,{mpn},2026-03-20,1,moc,20764-C,10,1250.00,USD\n\
         invoice,INV-88-2,,{mpn},2026-07-02,1,moc,20764-C,5,640.00,USD\n"
    );
    lpc_app::invoices::import(
        app,
        &Actor::local(),
        "invoices.csv",
        std::io::Cursor::new(rows.into_bytes()),
        false,
        |_| {},
        |_| {},
    )
    .await
    .unwrap();
    lpc_app::publications::publish(app, &Actor::local())
        .await
        .unwrap();
}

async fn sign_up_form(
    client: &reqwest::Client,
    server: &Server,
    mpn: &str,
    email: &str,
) -> (StatusCode, String, String) {
    let r = submit(
        client,
        server,
        "/signup",
        "/signup",
        &[
            ("mpn_id", mpn),
            ("name", "Some Learning"),
            ("country", "IT"),
            ("email", email),
            ("password", PASSWORD),
        ],
    )
    .await;
    let status = r.status();
    let path = r.url().path().to_owned();
    (status, path, r.text().await.unwrap())
}

/// The page without what differs between any two requests (the CSRF token).
fn page_shape(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .map(|part| part.split_once('"').map_or(part, |(_, rest)| rest))
        .collect()
}

#[tokio::test]
async fn sign_up_answers_alike_and_the_mail_tells_the_owner() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let owner = browser();
    sign_up(&owner, &server, "4100001", "admin@sakura.example").await;

    // A new claim, a known address, a registered MPN ID: the same answer, word for word.
    let mut answers = Vec::new();
    for (mpn, email) in [
        ("4100009", "new@claim.example"),
        ("4100010", "admin@sakura.example"),
        ("4100001", "other@claim.example"),
    ] {
        let (status, path, html) = sign_up_form(&browser(), &server, mpn, email).await;
        assert_eq!((status, path.as_str()), (StatusCode::OK, "/signup/sent"));
        answers.push(page_shape(&html));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0], answers[2]);
    assert!(answers[0].contains("Check your mail"));

    let (subject, body) = last_mail_to(&server, "new@claim.example").await;
    assert_eq!(subject, "Confirm your address for Learning Partner Center");
    assert!(body.contains("/confirm/"), "{body}");
    let (subject, body) = last_mail_to(&server, "admin@sakura.example").await;
    assert_eq!(subject, "Your Learning Partner Center account");
    assert!(body.contains("/password/forgot"), "{body}");
    let (subject, body) = last_mail_to(&server, "other@claim.example").await;
    assert_eq!(subject, "MPN ID 4100001 is already registered");
    assert!(body.contains("invite you"), "{body}");
    assert!(!body.contains("/confirm/"), "no account was made: {body}");
    let store = server.app.store();
    assert!(
        store
            .partner(MpnId::parse("4100010").unwrap())
            .await
            .unwrap()
            .is_none(),
        "a known address claims nothing"
    );
    assert!(
        store
            .user_by_email(&lpc_domain::Email::parse("other@claim.example").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    server.stop().await;
}

#[tokio::test]
async fn an_address_is_confirmed_by_its_link_before_the_account_signs_in() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let client = browser();
    let (_, path, _) = sign_up_form(&client, &server, CLAIMED, "claim@it.example").await;
    assert_eq!(path, "/signup/sent");
    let (_, first) = last_mail_to(&server, "claim@it.example").await;

    // The right password is not enough yet; a new link goes out.
    let (status, html) = submit_text(
        &client,
        &server,
        "/login",
        "/login",
        &[("email", "claim@it.example"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Confirm your address first"), "{html}");
    assert_eq!(mails_to(&server, "claim@it.example").await, 2);
    let (status, _) = get(&client, &server.url(&format!("/partner/{CLAIMED}"))).await;
    assert_eq!(status, StatusCode::OK, "still a visitor: the login page");

    // The link shows a button (a mail scanner opening it confirms nothing), then works once.
    let confirm = link_in(&server, &first, "/confirm/");
    let (status, html) = get(&client, &server.url(&confirm)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("claim@it.example"), "{html}");
    let user = server
        .app
        .store()
        .user_by_email(&lpc_domain::Email::parse("claim@it.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.email_confirmed_at.is_none(),
        "opening the link is not confirming"
    );
    let (status, html) = submit_text(&client, &server, &confirm, &confirm, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Address confirmed"), "{html}");
    let (status, _) = submit_text(&client, &server, &confirm, &confirm, &[]).await;
    assert_eq!(status, StatusCode::GONE, "once only");

    let r = submit(
        &client,
        &server,
        "/login",
        "/login",
        &[
            ("email", "claim@it.example"),
            ("password", PASSWORD),
            ("next", &format!("/partner/{CLAIMED}")),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.url().path(), format!("/partner/{CLAIMED}"));
    server.stop().await;
}

#[tokio::test]
async fn an_unverified_organization_sees_no_kpis_until_an_operator_approves_it() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let claimant = browser();
    let overview = sign_up_unverified(&claimant, &server, CLAIMED, "claim@it.example").await;
    invoices_for(&server.app, CLAIMED).await;

    // Every page says so; the overview offers what can be done now.
    assert!(overview.contains("has not verified yet"), "{overview}");
    assert!(!overview.contains(&format!(
        "href=\"/partner/{CLAIMED}/enroll\" role=\"button\""
    )));
    assert!(overview.contains(&format!("href=\"/partner/{CLAIMED}/trainers\"")));
    for page in ["kpi", "kpi.csv", "enroll", "enroll/action-pack"] {
        let (status, html) = get(
            &claimant,
            &server.url(&format!("/partner/{CLAIMED}/{page}")),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
        assert!(html.contains("has not verified yet"), "{page}: {html}");
        assert!(!html.contains("INV-88-1"), "{page}");
        assert!(!html.contains("1,250"), "{page}: no revenue");
    }
    let (status, _) = submit_text(
        &claimant,
        &server,
        &format!("/partner/{CLAIMED}/trainers"),
        &format!("/partner/{CLAIMED}/enroll/action-pack"),
        &[("accept_commitment", "on"), ("payment", "card")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no enrolling, no paying");
    let page = format!("/partner/{CLAIMED}/trainers");
    let (status, html) = submit_text(
        &claimant,
        &server,
        &page,
        &page,
        &[
            ("mct_id", "MCT-88"),
            ("name", "Aiko Tanaka"),
            ("email", "aiko@it.example"),
            ("valid_from", "2026-01-01"),
            ("valid_until", "2027-12-31"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "trainers can be entered: {html}");
    assert!(html.contains("MCT-88"));
    let invite = format!("/partner/{CLAIMED}/users/invite");
    let (status, _) = get(&claimant, &server.url(&invite)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "no invitations from an unverified organization"
    );
    let (status, _) = submit_text(
        &claimant,
        &server,
        &page,
        &invite,
        &[("email", "friend@it.example"), ("role", "member")],
    )
    .await;
    assert_ne!(status, StatusCode::OK);
    assert_eq!(
        mails_to(&server, "friend@it.example").await,
        0,
        "nothing sent"
    );

    // The console's queue shows what the program holds for the MPN ID.
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    let (status, html) = get(&operator, &server.url("/ops/claims")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("data-claim=\"{CLAIMED}\"")),
        "{html}"
    );
    assert!(html.contains("claim@it.example"));
    assert!(html.contains("address confirmed"));
    assert!(html.contains("2 lines, 2026-03 to 2026-07"), "{html}");
    let (status, html) = submit_text(
        &operator,
        &server,
        "/ops/claims",
        &format!("/ops/claims/{CLAIMED}/reject"),
        &[("reason", "  ")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Say why the claim is rejected"), "{html}");
    let r = submit(
        &operator,
        &server,
        "/ops/claims",
        &format!("/ops/claims/{CLAIMED}/verify"),
        &[],
    )
    .await;
    assert_eq!(r.url().path(), "/ops/claims");
    let html = r.text().await.unwrap();
    assert!(
        html.contains(&format!("The claim of {CLAIMED} is approved")),
        "{html}"
    );
    assert!(!html.contains(&format!("data-claim=\"{CLAIMED}\"")));
    let (subject, _) = last_mail_to(&server, "claim@it.example").await;
    assert_eq!(subject, format!("Your organization {CLAIMED} is verified"));
    // A second approval (another tab) changes nothing and says so.
    let (status, html) = submit_text(
        &operator,
        &server,
        "/ops/claims",
        &format!("/ops/claims/{CLAIMED}/verify"),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("already decided"), "{html}");

    // Verified: the dashboard shows the invoices stored before the claim (R16).
    let (status, html) = get(&claimant, &server.url(&format!("/partner/{CLAIMED}/kpi"))).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("INV-88-1"), "{html}");
    assert!(!html.contains("has not verified yet"));
    let events: Vec<String> = audit_actions(&server.app).await;
    for action in [
        "partner.claimed",
        "user.email_confirmed",
        "partner.verified",
    ] {
        assert!(
            events.iter().any(|a| a == action),
            "{action} audited: {events:?}"
        );
    }
    server.stop().await;
}

async fn audit_actions(app: &App) -> Vec<String> {
    app.store()
        .audit_page(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[tokio::test]
async fn a_rejected_claim_loses_the_organization_and_its_mpn_id_can_be_claimed_again() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let squatter = browser();
    sign_up_unverified(&squatter, &server, CLAIMED, "squat@bad.example").await;
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    let r = submit(
        &operator,
        &server,
        "/ops/claims",
        &format!("/ops/claims/{CLAIMED}/reject"),
        &[("reason", "The MPN ID belongs to another company.")],
    )
    .await;
    assert_eq!(r.url().path(), "/ops/claims");
    assert!(r.text().await.unwrap().contains("is rejected"));
    let (subject, body) = last_mail_to(&server, "squat@bad.example").await;
    assert_eq!(
        subject,
        format!("Your claim of MPN ID {CLAIMED} was not approved")
    );
    assert!(
        body.contains("The MPN ID belongs to another company."),
        "{body}"
    );
    let (status, _) = get(&squatter, &server.url(&format!("/partner/{CLAIMED}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no role in it any more");

    // The real owner claims it again.
    let owner = browser();
    let overview = sign_up_unverified(&owner, &server, CLAIMED, "owner@real.example").await;
    assert!(overview.contains("has not verified yet"));
    server.stop().await;
}

#[tokio::test]
async fn the_program_invites_the_contact_on_file_who_joins_a_verified_organization() {
    let (_dir, url) = db();
    let server = Server::start(&url).await;
    let form = lpc_app::partners::PartnerForm {
        mpn_id: "4200001".into(),
        name: "Known Training".into(),
        country: "JP".into(),
        contact_email: "desk@known.example".into(),
    };
    lpc_app::partners::add(&server.app, &Actor::local(), form.parse().unwrap())
        .await
        .unwrap();
    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    let (status, html) = submit_text(
        &operator,
        &server,
        "/ops/claims",
        "/ops/claims/invite",
        &[("mpn", "4299999"), ("email", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("4299999 is not registered"), "{html}");
    let r = submit(
        &operator,
        &server,
        "/ops/claims",
        "/ops/claims/invite",
        &[("mpn", "4200001"), ("email", "")],
    )
    .await;
    assert_eq!(r.url().path(), "/ops/claims");
    assert!(r.text().await.unwrap().contains("desk@known.example"));
    let (subject, body) = last_mail_to(&server, "desk@known.example").await;
    assert_eq!(
        subject,
        "Your invitation to Learning Partner Center: Known Training"
    );
    assert!(body.contains("contact on file"), "{body}");
    assert!(body.contains("登録連絡先"), "in every language: {body}");

    let contact = browser();
    let link = link_in(&server, &body, "/password/reset/");
    let r = submit(
        &contact,
        &server,
        &link,
        &link,
        &[("password", "a password of my own")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = submit(
        &contact,
        &server,
        "/login",
        "/login",
        &[
            ("email", "desk@known.example"),
            ("password", "a password of my own"),
            ("next", "/partner/4200001"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "the link confirmed the address");
    let html = r.text().await.unwrap();
    assert!(!html.contains("has not verified yet"), "{html}");
    assert!(html.contains("href=\"/partner/4200001/enroll\""), "{html}");
    assert!(
        audit_actions(&server.app)
            .await
            .iter()
            .any(|a| a == "partner.invited")
    );
    server.stop().await;
}
