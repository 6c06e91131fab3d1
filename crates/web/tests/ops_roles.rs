//! Who reaches the operator and support console (R1): operators every section, support
//! agents the cases, partner users and visitors neither.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use support::*;

/// Every console page of each kind; sections add theirs here as they land.
const OPERATOR_PAGES: &[&str] = &[
    "/ops/overview",
    "/ops/overview?days=90",
    "/ops/partners",
    "/ops/partners?name=partner",
    // The partner user of the tests below belongs to 4100001: its own page is refused too.
    "/ops/partners/4100001",
    "/ops/rules",
    "/ops/imports",
    "/ops/publications",
    "/ops/publications/compare",
    "/ops/directory",
    "/ops/payments",
    "/ops/announcements",
    "/ops/announcements/new",
];
const SUPPORT_PAGES: &[&str] = &[
    "/ops",
    "/ops/cases",
    "/ops/cases?kind=kpi_discrepancy&state=all&age=30",
];

#[tokio::test]
async fn r1_partner_users_and_visitors_never_reach_the_console() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;

    let visitor = browser_no_redirects();
    for page in OPERATOR_PAGES.iter().chain(SUPPORT_PAGES) {
        let r = visitor.get(server.url(page)).send().await.unwrap();
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{page}: to the login page"
        );
        let to = r.headers()["location"].to_str().unwrap();
        assert!(to.starts_with("/login"), "{page} -> {to}");
    }

    let partner_admin = browser();
    sign_up(&partner_admin, &server, "4100001", "admin@partner.example").await;
    for page in OPERATOR_PAGES.iter().chain(SUPPORT_PAGES) {
        let (status, html) = get(&partner_admin, &server.url(page)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
        assert!(html.contains("R1"), "{page}: the refusal names R1");
    }

    let agent = browser();
    sign_in_staff(&agent, &server, "support_agent").await;
    for page in OPERATOR_PAGES {
        let (status, _) = get(&agent, &server.url(page)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}: operators only");
    }
    let (status, html) = get(&agent, &server.url("/ops")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("/ops/cases"),
        "a support agent is shown the case queue"
    );
    assert!(
        !html.contains("/ops/imports"),
        "and not the operator sections"
    );
    server.stop().await;
}

/// R1: an operator reaches every console page, operator and support ones; a support agent
/// reaches the support pages. (That an operator cannot enroll or pay for a partner is tested
/// with the portal's actions.)
#[tokio::test]
async fn r1_operators_reach_every_console_page_and_agents_the_support_pages() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;
    let partner_admin = browser();
    sign_up(&partner_admin, &server, "4100001", "admin@partner.example").await;

    let operator = browser();
    sign_in_staff(&operator, &server, "operator").await;
    for page in OPERATOR_PAGES.iter().chain(SUPPORT_PAGES) {
        let (status, html) = get(&operator, &server.url(page)).await;
        assert_eq!(status, StatusCode::OK, "{page}: an operator reaches it");
        assert!(html.contains("class=\"ops-nav\""), "{page}: a console page");
    }
    let agent = browser();
    sign_in_staff(&agent, &server, "support_agent").await;
    for page in SUPPORT_PAGES {
        let (status, _) = get(&agent, &server.url(page)).await;
        assert_eq!(status, StatusCode::OK, "{page}: a support agent reaches it");
    }
    server.stop().await;
}
