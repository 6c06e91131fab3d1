//! The landing page checks of R25, run against HTTP servers of the tests' own on 127.0.0.1, and
//! the production configuration's refusals (which need no network at all).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use lpc_app::landing_check::{
    CHECK_IDS, CheckSettings, LandingReport, VERIFICATION_PATH, check_landing_page, validate_url,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PARTNER: &str = "Fabrikam Training";
const TOKEN: &str = "lpc-verify-3f9a1c";

const GOOD_PAGE: &str = "<!doctype html><html><head><title>Fabrikam Training</title>\
    <script>var analytics = 'Contoso Learning';</script></head>\
    <body><h1>Fabrikam&nbsp;Training</h1><p>Microsoft courses in Milan.</p>\
    <!-- Contoso Learning --></body></html>";

fn competitors() -> Vec<String> {
    vec![
        "Contoso Learning".to_owned(),
        "Northwind Academy".to_owned(),
    ]
}

/// Serves `router` on 127.0.0.1, on a port of its own.
async fn serve(router: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

/// A site answering `page` at `/` and the right token.
fn site(page: &'static str) -> Router {
    Router::new()
        .route("/", get(move || async move { Html(page) }))
        .route(VERIFICATION_PATH, get(|| async { format!("{TOKEN}\n") }))
}

fn redirect(to: String) -> Response {
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
}

async fn check(addr: SocketAddr, path: &str) -> LandingReport {
    check_with(&CheckSettings::for_tests(), &format!("http://{addr}{path}")).await
}

async fn check_with(settings: &CheckSettings, url: &str) -> LandingReport {
    check_landing_page(settings, url, PARTNER, TOKEN, &competitors()).await
}

fn verdict<'a>(report: &'a LandingReport, id: &str) -> &'a lpc_app::landing_check::LandingCheck {
    report
        .checks
        .iter()
        .find(|check| check.id == id)
        .unwrap_or_else(|| panic!("no {id} check in {report:#?}"))
}

fn assert_fails(report: &LandingReport, id: &str, words: &str) {
    let check = verdict(report, id);
    assert!(!check.passed, "{id} should fail: {report:#?}");
    assert!(
        check.detail.contains(words) && check.detail.contains("R25"),
        "{id}'s detail should name R25 and say {words:?}: {:?}",
        check.detail
    );
    assert!(!report.passed());
}

fn assert_passes(report: &LandingReport, id: &str) {
    let check = verdict(report, id);
    assert!(check.passed, "{id} should pass: {report:#?}");
}

#[tokio::test]
async fn a_good_page_passes_every_check_r25() {
    let addr = serve(site(GOOD_PAGE)).await;
    let report = check(addr, "/").await;
    let ids: Vec<&str> = report.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, CHECK_IDS);
    assert!(report.passed(), "{report:#?}");
    // The competitor in the script and the comment is not page text.
    assert!(verdict(&report, "no_competitors").detail.contains("none"));

    // The report travels as JSON (it is stored and shown to the partner and the operator).
    let json = serde_json::to_string(&report).unwrap();
    let back: LandingReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back.checks, report.checks);
    assert!(back.passed());
}

#[tokio::test]
async fn a_page_answering_404_fails_status_r25() {
    let addr = serve(site(GOOD_PAGE)).await;
    let report = check(addr, "/missing").await;
    assert_passes(&report, "url");
    assert_fails(&report, "status", "404");
    assert_fails(&report, "names_partner", "not read");
}

#[tokio::test]
async fn redirects_on_the_same_host_are_followed_r25() {
    let router = site(GOOD_PAGE).route("/old", get(|| async { redirect("/".to_owned()) }));
    let addr = serve(router).await;
    let report = check(addr, "/old").await;
    assert!(report.passed(), "{report:#?}");
    assert!(
        verdict(&report, "redirects")
            .detail
            .contains("redirects once")
    );
    assert!(
        verdict(&report, "status")
            .detail
            .contains("after 1 redirect")
    );
}

#[tokio::test]
async fn a_redirect_to_another_host_fails_r25() {
    let router = site(GOOD_PAGE)
        .route(
            "/away",
            get(|| async { redirect("https://other.example/welcome".to_owned()) }),
        )
        .route(
            "/metadata",
            get(|| async { redirect("http://169.254.169.254/latest/".to_owned()) }),
        );
    let addr = serve(router).await;

    let report = check(addr, "/away").await;
    assert_fails(
        &report,
        "redirects",
        "redirects to other.example, off the partner's domain",
    );
    assert_fails(&report, "status", "other.example");

    // Off the domain, the cloud metadata service is never asked.
    let report = check(addr, "/metadata").await;
    assert_fails(
        &report,
        "redirects",
        "169.254.169.254, off the partner's domain",
    );
}

#[tokio::test]
async fn redirect_loops_and_endless_redirects_fail_r25() {
    let router = site(GOOD_PAGE)
        .route("/a", get(|| async { redirect("/b".to_owned()) }))
        .route("/b", get(|| async { redirect("/a".to_owned()) }))
        .route(
            "/hop/{n}",
            get(|Path(n): Path<u32>| async move { redirect(format!("/hop/{}", n + 1)) }),
        );
    let addr = serve(router).await;

    let report = check(addr, "/a").await;
    assert_fails(&report, "redirects", "loop back to");

    let report = check(addr, "/hop/0").await;
    let limit = CheckSettings::for_tests().max_redirects;
    assert_fails(&report, "redirects", &format!("more than {limit} times"));
    assert_fails(&report, "status", "not reached");
}

#[tokio::test]
async fn a_page_naming_a_competitor_fails_r25() {
    let page = "<html><body><h1>Fabrikam Training</h1>\
                <p>Our friends at CONTOSO  learning also teach.</p></body></html>";
    let addr = serve(site(page)).await;
    let report = check(addr, "/").await;
    assert_passes(&report, "names_partner");
    assert_fails(
        &report,
        "no_competitors",
        "names competitor Contoso Learning",
    );

    // A longer word that merely starts with a competitor's name is not that competitor.
    let page = "<p>Fabrikam Training uses Contoso Learningware.</p>";
    let addr = serve(site(page)).await;
    assert!(check(addr, "/").await.passed());
}

#[tokio::test]
async fn a_page_not_naming_the_partner_fails_r25() {
    let page = "<html><body><h1>Microsoft training in Milan</h1>\
                <p class=\"Fabrikam Training\">Courses.</p></body></html>";
    let addr = serve(site(page)).await;
    let report = check(addr, "/").await;
    assert_fails(
        &report,
        "names_partner",
        "does not name the partner \"Fabrikam Training\"",
    );
    assert_passes(&report, "no_competitors");
}

#[tokio::test]
async fn a_wrong_or_missing_token_fails_ownership_r25() {
    let wrong = Router::new()
        .route("/", get(|| async { Html(GOOD_PAGE) }))
        .route(
            VERIFICATION_PATH,
            get(|| async { "lpc-verify-someone-else" }),
        );
    let addr = serve(wrong).await;
    let report = check(addr, "/").await;
    let file = format!("http://{addr}{VERIFICATION_PATH}");
    assert_fails(
        &report,
        "ownership",
        &format!("the token at {file} does not match"),
    );
    assert_passes(&report, "status");

    let missing = Router::new().route("/", get(|| async { Html(GOOD_PAGE) }));
    let addr = serve(missing).await;
    let report = check(addr, "/").await;
    assert_fails(&report, "ownership", "404");

    // No token issued: nothing can match, not even an empty file.
    let empty = Router::new()
        .route("/", get(|| async { Html(GOOD_PAGE) }))
        .route(VERIFICATION_PATH, get(|| async { "" }));
    let addr = serve(empty).await;
    let url = format!("http://{addr}/");
    let report = check_landing_page(
        &CheckSettings::for_tests(),
        &url,
        PARTNER,
        " ",
        &competitors(),
    )
    .await;
    assert_fails(&report, "ownership", "no verification token");
}

/// A TCP server that accepts, reads the request, writes `head` and then never another byte.
async fn stalling_server(head: &'static str) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0u8; 2048];
            let _ = socket.read(&mut buffer).await;
            let _ = socket.write_all(head.as_bytes()).await;
            held.push(socket);
        }
    });
    addr
}

#[tokio::test]
async fn a_server_that_never_answers_cannot_stall_the_check_r25() {
    let settings = CheckSettings {
        timeout: Duration::from_millis(800),
        ..CheckSettings::for_tests()
    };
    let margin = Duration::from_secs(3);

    // Accepts the connection, never answers.
    let silent = stalling_server("").await;
    let started = Instant::now();
    let report = check_with(&settings, &format!("http://{silent}/")).await;
    assert!(
        started.elapsed() < settings.timeout + margin,
        "{:?}",
        started.elapsed()
    );
    assert_fails(&report, "status", "did not answer completely within 800ms");
    assert_fails(&report, "ownership", "did not answer completely");

    // Sends its headers, then the body never comes (slowloris).
    let slow = stalling_server("HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n<html>").await;
    let started = Instant::now();
    let report = check_with(&settings, &format!("http://{slow}/")).await;
    assert!(
        started.elapsed() < settings.timeout + margin,
        "{:?}",
        started.elapsed()
    );
    assert_fails(&report, "status", "did not answer completely");
}

/// A TCP server answering 200 with a body that never ends (no length, written until refused).
async fn endless_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 2048];
                let _ = socket.read(&mut buffer).await;
                let head =
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = "<p>Fabrikam Training</p>".repeat(700);
                while socket.write_all(chunk.as_bytes()).await.is_ok() {}
            });
        }
    });
    addr
}

#[tokio::test]
async fn an_endless_body_is_cut_at_max_bytes_r25() {
    let settings = CheckSettings {
        max_bytes: 64 * 1024,
        timeout: Duration::from_secs(20),
        ..CheckSettings::for_tests()
    };
    let addr = endless_server().await;
    let started = Instant::now();
    let report = check_with(&settings, &format!("http://{addr}/")).await;
    // Stopped by the size limit, long before the time limit.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_fails(&report, "status", "larger than the limit of 65536 bytes");
    assert_fails(&report, "names_partner", "not read");

    // A declared length above the limit is refused without reading.
    let big: &'static str = Box::leak("<p>Fabrikam Training</p>".repeat(4000).into_boxed_str());
    let addr = serve(site(big)).await;
    let report = check_with(&settings, &format!("http://{addr}/")).await;
    assert_fails(&report, "status", "larger than the limit");
}

#[tokio::test]
async fn production_refuses_http_private_and_odd_urls_without_any_network_r25() {
    let production = CheckSettings::production();
    let cases = [
        ("http://fabrikam.example/", "over HTTPS"),
        ("https://127.0.0.1/", "loopback"),
        ("https://10.0.0.1/", "private"),
        ("https://192.168.0.10/", "private"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://100.64.0.1/", "shared"),
        ("https://0.0.0.0/", "unspecified"),
        ("https://[::1]/", "loopback"),
        ("https://[::ffff:127.0.0.1]/", "loopback"),
        ("https://[fd12::1]/", "private"),
        ("https://[fe80::1]/", "link-local"),
        ("https://localhost/", "could not be reached"),
        ("https://fabrikam.example:8443/", "port 8443"),
        ("https://fabrikam.example:22/", "port 22"),
        ("ftp://fabrikam.example/", "must start with https://"),
        ("javascript:alert(1)", "must start with https://"),
        ("fabrikam.example", "not an absolute https:// URL"),
        (
            "https://user:secret@fabrikam.example/",
            "user name or password",
        ),
    ];
    for (url, words) in cases {
        let started = Instant::now();
        let report = check_with(&production, url).await;
        assert_fails(&report, "url", words);
        assert!(started.elapsed() < Duration::from_secs(5), "{url}");
        for check in &report.checks[1..] {
            assert!(
                !check.passed && check.detail.contains("not checked"),
                "{url}: {check:?}"
            );
        }
    }
    // The same refusals, at once and without DNS, for a listing request's form.
    for (url, words) in cases.iter().filter(|(url, _)| !url.contains("localhost")) {
        let error = validate_url(&production, url).unwrap_err();
        assert!(
            error.contains(words) && error.contains("R25"),
            "{url}: {error}"
        );
    }
    assert!(validate_url(&production, "https://www.fabrikam.example/training").is_ok());

    // localhost is refused whichever address it resolves to first, and the partner is not
    // told what it resolves to (issue 15).
    let report = check_with(&production, "https://localhost/").await;
    assert_fails(&report, "url", "could not be reached");
    let detail = &report.checks[0].detail;
    assert!(
        !detail.contains("127.0.0.1") && !detail.contains("::1") && !detail.contains("loopback"),
        "{detail}"
    );
}

#[tokio::test]
async fn production_refuses_a_real_server_on_loopback_r25() {
    let addr = serve(site(GOOD_PAGE)).await;
    let report = check_with(&CheckSettings::production(), &format!("http://{addr}/")).await;
    assert_fails(&report, "url", "HTTPS");
    let report = check_with(&CheckSettings::production(), &format!("https://{addr}/")).await;
    assert_fails(&report, "url", "(443)");
}

#[tokio::test]
async fn test_configuration_still_refuses_private_addresses_r25() {
    for url in [
        "http://10.0.0.1/",
        "http://169.254.169.254/",
        "http://[fd00::1]/",
    ] {
        let report = check_with(&CheckSettings::for_tests(), url).await;
        assert_fails(&report, "url", "public addresses only");
    }
}
