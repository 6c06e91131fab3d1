//! The HTML user interface: the partner portal, server-rendered with askama in English,
//! Japanese and Italian.
//!
//! # Layout
//! - [`context`]: [`Ctx`](context::Ctx), what every page gets (language, CSRF token, user),
//!   and the friendly failure pages.
//! - [`i18n`]: the Fluent messages (`locales/` at the repository root) and locale formatting.
//! - [`sessions`]: sessions stored in the database, cookie settings.
//! - [`csrf`]: the per-session token every form carries, checked on every non-GET request.
//! - [`anonymous_csrf`]: the CSRF token of a visitor before sign-in, in a cookie (no session row).
//! - [`limiter`]: sign-in and sign-up attempts, reserved before the work (per client, per
//!   account and client; the account alone is slowed down, never locked), counted in the
//!   database for every server.
//! - [`forms`]: the generic form page (labels, errors next to fields, values kept).
//! - [`accounts`]: sign-in, sign-out, language, invitations; [`signup`]: sign-up and the
//!   address confirmation (R31); [`password_reset`]: the password reset.
//! - [`invitation`]: the invitation a partner file mails to each partner's contact (R31), its
//!   page and its mail's text.
//! - [`extract`]: the [`PartnerUser`](extract::PartnerUser) extractor and the session's user.
//! - [`portal`]: `/` and the partner's overview.
//! - [`cases_list`]: the partner's support cases; [`case_new`]: the discrepancy form;
//!   [`cases_page`]: a case's page.
//! - [`trainers_page`], [`exams_page`]: the partner's trainers and exam passes, sharing
//!   [`people_page`].
//! - [`enroll_page`]: the options (R3-R10); [`enroll_checkout`]: the checkout of one;
//!   [`next_tier`]: the overview's next tiers; [`enroll_order`]: the result,
//!   an order's page and its proof of payment upload (R5, R29).
//! - [`orders_page`]: a partner's orders, with status, amount, dates and proofs (R29, R30).
//! - [`assets`]: Pico CSS and `app.css`, embedded in the binary.
//! - [`kpi_dashboard`], [`kpi_chart`]: the KPI dashboard's model and its SVG chart.
//! - [`kpi_rows`]: the dashboard's table rows, formatted and rendered once per page and language.
//! - [`kpi_page`]: the dashboard page; [`kpi_csv`]: its CSV; [`kpi_format`]: points, money,
//!   months and OMLP types in the reader's language.
//! - [`ops`]: the operator and support console under `/ops` and its role extractors.
//! - [`directory_public`]: the public Learning Partner directory, no sign-in (R24, R26).
//! - [`guidelines_page`]: what a version of the Performance Guidelines asks (R8), public.
//! - [`tokens_page`]: API tokens.
//! - [`upload`]: forms with a file (multipart), read part by part within their limits.
//! - [`directory_page`]: the partner's directory listing request, token and checks (R24-R26).
//! - [`announcements_block`]: the program's announcements on a partner's overview and their
//!   dismissal (R32); [`announcement_text`]: their plain text as paragraphs with safe links;
//!   [`announcements_feed`]: the public Atom feed `/announcements.atom`.
//!
//! Templates live in `crates/web/templates/` (`base.html` is the layout every page extends).
//! A page for another feature: a handler taking [`PartnerUser`](extract::PartnerUser) (or
//! [`Ctx`](context::Ctx) for public pages), a template extending `base.html` with a `ctx`
//! field, and its messages in `locales/{en,ja,it}/*.ftl`.

pub mod accounts;
pub mod announcement_text;
pub mod announcements_block;
pub mod announcements_feed;
pub mod anonymous_csrf;
pub mod assets;
pub mod case_new;
pub mod cases_list;
pub mod cases_page;
pub mod context;
pub mod csrf;
pub mod directory_page;
pub mod directory_public;
pub mod enroll_checkout;
pub mod enroll_order;
pub mod enroll_page;
pub mod exams_page;
pub mod extract;
pub mod forecast_page;
pub mod forms;
pub mod guidelines_page;
pub mod i18n;
pub mod invitation;
pub mod kpi_chart;
pub mod kpi_csv;
pub mod kpi_dashboard;
pub mod kpi_format;
pub mod kpi_page;
pub mod kpi_rows;
pub mod limiter;
pub mod next_tier;
pub mod ops;
pub mod orders_page;
pub mod password_reset;
pub mod people_page;
pub mod portal;
pub mod resources_page;
pub mod sessions;
pub mod signup;
pub mod tokens_page;
pub mod trainers_page;
pub mod upload;
pub mod users_page;

use std::sync::Arc;

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use lpc_app::App;

/// How the UI is deployed.
#[derive(Debug, Clone)]
pub struct UiConfig {
    /// Send cookies with `Secure` (only over HTTPS). Off only for plain-http use, such as
    /// `lpc serve` on a loopback address.
    pub secure_cookies: bool,
    /// The address users reach the server at, for links in mail (`https://lpc.example.com`).
    pub public_url: String,
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// A bearer token that reads `/metrics` from anywhere (`--metrics-token`).
    pub metrics_token: Option<String>,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            secure_cookies: true,
            public_url: "http://127.0.0.1:8080".to_owned(),
            trusted_proxies: Vec::new(),
            metrics_token: None,
        }
    }
}

impl UiConfig {
    /// The settings for a server listening on `addr`: cookies are `Secure` unless it listens
    /// on a loopback address (a developer's machine, over plain http) and the public URL is
    /// not https; `insecure_cookies` turns `Secure` off anywhere (plain http on a LAN).
    pub fn for_listener(
        addr: std::net::SocketAddr,
        public_url: Option<String>,
        insecure_cookies: bool,
    ) -> Self {
        let public_url = public_url.unwrap_or_else(|| format!("http://{addr}"));
        let https = public_url.starts_with("https://");
        UiConfig {
            secure_cookies: !insecure_cookies && (https || !addr.ip().is_loopback()),
            public_url,
            trusted_proxies: Vec::new(),
            metrics_token: None,
        }
    }
}

/// What UI handlers share: the configuration and the sign-in limiter.
#[derive(Debug)]
pub struct Ui {
    pub config: UiConfig,
    pub limiter: limiter::Limiter,
}

/// What a page may load: scripts and styles from this site only (no inline script: an
/// injected `<script>` would not run), no plugins, no `<base>`, forms posted here only, and
/// no framing by other sites. Inline `<style>` blocks stay allowed (the pages have a few).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Headers every UI page carries: no framing by other sites (clickjacking), no MIME sniffing,
/// no full URL (which may hold a reset token) sent to other sites as the referrer, the
/// [`CONTENT_SECURITY_POLICY`], and HSTS when the public URL is https.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let https = request
        .extensions()
        .get::<Arc<Ui>>()
        .is_some_and(|ui| ui.config.public_url.starts_with("https://"));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if https && !headers.contains_key("strict-transport-security") {
        headers.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
    ] {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

/// The UI routes, with their sessions, CSRF check and shared state.
pub fn routes(app: &App, config: UiConfig) -> Router<App> {
    let secure = config.secure_cookies;
    let ui = Arc::new(Ui {
        config,
        limiter: limiter::Limiter::new(app.clone()),
    });
    Router::new()
        .route("/", get(portal::home))
        .route("/signup", get(signup::signup_form).post(signup::signup))
        .route("/signup/sent", get(signup::signup_sent))
        .route(
            "/confirm/{token}",
            get(signup::confirm_form).post(signup::confirm),
        )
        .route(
            "/invitation/{token}",
            get(invitation::show).post(invitation::accept),
        )
        .route("/login", get(accounts::login_form).post(accounts::login))
        .route("/logout", post(accounts::logout))
        .route("/lang", post(accounts::switch_lang))
        .route(
            "/password/forgot",
            get(password_reset::forgot_form).post(password_reset::forgot),
        )
        .route(
            "/password/reset/{token}",
            get(password_reset::reset_form).post(password_reset::reset),
        )
        .route("/partner/{mpn}", get(portal::overview))
        .route("/partner/{mpn}/kpi", get(kpi_page::dashboard))
        .route("/partner/{mpn}/forecast", get(forecast_page::page))
        .route("/partner/{mpn}/resources", get(resources_page::page))
        .route(
            "/partner/{mpn}/resources/{id}/{lang}",
            get(resources_page::download),
        )
        .route("/partner/{mpn}/kpi.csv", get(kpi_csv::csv))
        .route(
            "/partner/{mpn}/cases/new",
            get(case_new::new_form).post(case_new::create).layer(
                axum::extract::DefaultBodyLimit::max(case_new::NEW_CASE_ROUTE_LIMIT),
            ),
        )
        .route("/partner/{mpn}/cases/{id}", get(cases_page::show))
        .route(
            "/partner/{mpn}/cases/{id}/attachments",
            post(cases_page::attach).layer(axum::extract::DefaultBodyLimit::max(
                case_new::NEW_CASE_ROUTE_LIMIT,
            )),
        )
        .route(
            "/partner/{mpn}/cases/{id}/attachments/{attachment}",
            get(cases_page::attachment),
        )
        .route(
            "/ops/cases/{id}/attachments/{attachment}",
            get(ops::cases::attachment),
        )
        .route(
            "/partner/{mpn}/cases/{id}/comments",
            post(cases_page::comment),
        )
        .route(
            "/partner/{mpn}/users/invite",
            get(accounts::invite_form).post(accounts::invite),
        )
        .route("/partner/{mpn}/users", get(users_page::list))
        .route(
            "/partner/{mpn}/announcements/{id}/dismiss",
            post(announcements_block::dismiss),
        )
        .route("/announcements.atom", get(announcements_feed::atom))
        .route(
            "/ops/announcements",
            get(ops::announcements::list).post(ops::announcement_form::create),
        )
        .route(
            "/ops/announcements/new",
            get(ops::announcement_form::new_form),
        )
        .route(
            "/ops/announcements/{id}/edit",
            get(ops::announcement_form::edit_form).post(ops::announcement_form::edit),
        )
        .route(
            "/ops/announcements/{id}/withdraw",
            post(ops::announcements::withdraw),
        )
        .route("/partner/{mpn}/users/role", post(users_page::change_role))
        .route("/partner/{mpn}/users/remove", post(users_page::remove))
        .route("/partner/{mpn}/enroll", get(enroll_page::options))
        .route(
            "/partner/{mpn}/enroll/{option}",
            get(enroll_checkout::checkout_form).post(enroll_checkout::enroll),
        )
        .route("/partner/{mpn}/orders", get(orders_page::list))
        .route("/partner/{mpn}/orders/{id}", get(enroll_order::order))
        .route(
            "/partner/{mpn}/trainers",
            get(trainers_page::trainers).post(trainers_page::add_trainer),
        )
        .route(
            "/partner/{mpn}/trainers/remove",
            get(trainers_page::remove_trainer_form).post(trainers_page::remove_trainer),
        )
        .route(
            "/partner/{mpn}/trainers/import",
            post(trainers_page::import_trainers).layer(axum::extract::DefaultBodyLimit::max(
                people_page::IMPORT_ROUTE_LIMIT,
            )),
        )
        .route(
            "/partner/{mpn}/exams",
            get(exams_page::exams).post(exams_page::add_exam),
        )
        .route(
            "/partner/{mpn}/exams/remove",
            get(exams_page::remove_exam_form).post(exams_page::remove_exam),
        )
        .route(
            "/partner/{mpn}/exams/import",
            post(exams_page::import_exams).layer(axum::extract::DefaultBodyLimit::max(
                people_page::IMPORT_ROUTE_LIMIT,
            )),
        )
        .route("/partner/{mpn}/cases", get(cases_list::cases))
        .route(
            "/partner/{mpn}/cases/directory",
            get(directory_page::directory_new).post(directory_page::directory_create),
        )
        .route(
            "/settings/tokens",
            get(tokens_page::list).post(tokens_page::create),
        )
        .route("/settings/tokens/revoke", post(tokens_page::revoke))
        .route("/ops", get(ops::home))
        .route(
            "/partner/{mpn}/directory",
            get(directory_page::show).post(directory_page::submit),
        )
        .route("/ops/claims", get(ops::claims::list))
        .route(
            "/ops/resources",
            get(ops::resources::list)
                .post(ops::resources::publish)
                .layer(axum::extract::DefaultBodyLimit::max(
                    ops::resources::RESOURCE_ROUTE_LIMIT,
                )),
        )
        .route(
            "/ops/resources/{id}/versions",
            post(ops::resources::add_version).layer(axum::extract::DefaultBodyLimit::max(
                ops::resources::RESOURCE_ROUTE_LIMIT,
            )),
        )
        .route(
            "/ops/resources/{id}/withdraw",
            post(ops::resources::withdraw),
        )
        .route("/ops/resources/{id}/{lang}", get(ops::resources::file))
        .route("/ops/claims/invite", post(ops::claims::invite))
        .route("/ops/claims/{mpn}/verify", post(ops::claims::verify))
        .route("/ops/claims/{mpn}/reject", post(ops::claims::reject))
        .route("/ops/directory", get(ops::directory::list))
        .route("/ops/directory/cycle", post(ops::directory::cycle))
        .route(
            "/ops/directory/competitors",
            post(ops::directory::add_competitor),
        )
        .route("/ops/directory/{id}/decide", post(ops::directory::decide))
        .route("/ops/directory/{id}/recheck", post(ops::directory::recheck))
        .route(
            "/ops/imports",
            get(ops::imports::list).post(ops::imports::upload).layer(
                axum::extract::DefaultBodyLimit::max(
                    usize::try_from(ops::imports::UPLOAD_LIMIT).unwrap_or(usize::MAX),
                ),
            ),
        )
        .route("/ops/imports/{job}", get(ops::imports::show))
        .route(
            "/ops/imports/{job}/progress.json",
            get(ops::imports::progress),
        )
        .route(
            "/ops/imports/{job}/refused.csv",
            get(ops::imports::refused_csv),
        )
        .route("/ops/publications", get(ops::publications::list))
        .route("/ops/rules", get(ops::rules::list))
        .route("/ops/rules/drafts", post(ops::rules::upload))
        .route("/ops/rules/drafts/{id}", get(ops::rules::show))
        .route(
            "/ops/rules/drafts/{id}/what-if",
            get(ops::rules_what_if::what_if),
        )
        .route(
            "/ops/rules/drafts/{id}/what-if.csv",
            get(ops::rules_what_if::what_if_csv),
        )
        .route(
            "/ops/rules/drafts/{id}/activate",
            post(ops::rules::activate),
        )
        .route("/ops/rules/drafts/{id}/discard", post(ops::rules::discard))
        .route("/ops/publications/run", post(ops::publications::run))
        .route("/ops/publications/compare", get(ops::publications::compare))
        .route("/guidelines/{version}", get(guidelines_page::show))
        .route(
            "/guidelines/{version}/document/{lang}",
            get(guidelines_page::document),
        )
        .route("/directory", get(directory_public::search))
        .route("/directory/{mpn}", get(directory_public::partner))
        .route("/ops/overview", get(ops::overview::overview))
        .route("/ops/partners", get(ops::partner_search::search))
        .route("/ops/partners/{mpn}", get(ops::partners::show))
        .route("/ops/payments", get(ops::payments::list))
        .route("/ops/payments/{id}/confirm", post(ops::payments::confirm))
        .route("/ops/payments/{id}/reject", post(ops::payments::reject))
        .route(
            "/ops/payments/{id}/proofs/{proof}",
            get(ops::payments::proof),
        )
        .route("/ops/cases", get(ops::case_queue::queue))
        .route("/ops/cases/{id}", get(ops::cases::show))
        .route("/ops/cases/{id}/comments", post(ops::cases::comment))
        .route("/ops/cases/{id}/accept", post(ops::case_decisions::accept))
        .route("/ops/cases/{id}/reject", post(ops::case_decisions::reject))
        .route(
            "/partner/{mpn}/orders/{id}/proof",
            post(enroll_order::upload_proof).layer(axum::extract::DefaultBodyLimit::max(
                enroll_order::PROOF_ROUTE_LIMIT,
            )),
        )
        // Every other address: the styled "page not found" (problem+json under /api).
        .fallback(not_found)
        .layer(axum::middleware::from_fn(csrf::check))
        .layer(axum::middleware::from_fn(move |request, next| {
            anonymous_csrf::issue(secure, request, next)
        }))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(sessions::layer(app, secure))
        .layer(Extension(ui))
        .route("/assets/pico.min.css", get(assets::pico))
        .route("/assets/app.css", get(assets::app_css))
        .route("/assets/console.js", get(assets::console_js))
        .route("/assets/favicon.svg", get(assets::favicon))
        .route("/favicon.ico", get(assets::favicon))
}

/// An address nothing answers: the API's 404 problem document, or the page for people.
async fn not_found(uri: axum::http::Uri, ctx: context::Ctx) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::error::ApiError::NotFound.into_response();
    }
    ctx.not_found()
}
