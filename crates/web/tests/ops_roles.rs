//! Who reaches the operator and support console (R1): operators every section, support
//! agents the cases, partner users and visitors neither.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::StatusCode;
use support::*;

/// Every console page of each kind; sections add theirs here as they land.
const OPERATOR_PAGES: &[&str] = &["/ops/overview"];
const SUPPORT_PAGES: &[&str] = &["/ops"];

#[tokio::test]
async fn r1_partner_users_and_visitors_never_reach_the_console() {
    let (_dir, db) = db();
    let server = Server::start(&db).await;

    let visitor = browser_no_redirects();
    for page in OPERATOR_PAGES.iter().chain(SUPPORT_PAGES) {
        let r = visitor.get(server.url(page)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{page}: to the login page");
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
    assert!(html.contains("/ops/cases"), "a support agent is shown the case queue");
    assert!(!html.contains("/ops/imports"), "and not the operator sections");
    server.stop().await;
}
