//! The HTML user interface: the partner portal, server-rendered with askama in English,
//! Japanese and Italian.
//!
//! # Layout
//! - [`context`]: [`Ctx`](context::Ctx), what every page gets (language, CSRF token, user),
//!   and the friendly failure pages.
//! - [`i18n`]: the Fluent messages (`locales/` at the repository root) and locale formatting.
//! - [`sessions`]: sessions stored in the database, cookie settings.
//! - [`csrf`]: the per-session token every form carries, checked on every non-GET request.
//! - [`limiter`]: sign-in attempts per IP and per account.
//! - [`forms`]: the generic form page (labels, errors next to fields, values kept).
//! - [`accounts`]: sign-up, sign-in, sign-out, password reset, language, invitations.
//! - [`portal`]: `/`, the [`PartnerUser`](portal::PartnerUser) extractor and the overview.
//! - [`assets`]: Pico CSS and `app.css`, embedded in the binary.
//! - [`kpi_dashboard`], [`kpi_chart`]: the KPI dashboard's model and its SVG chart.
//! - [`ops`]: the operator and support console under `/ops` and its role extractors.
//! - [`people_page`]: trainers, exam passes and the cases list; [`tokens_page`]: API tokens.
//!
//! Templates live in `crates/web/templates/` (`base.html` is the layout every page extends).
//! A page for another feature: a handler taking [`PartnerUser`](portal::PartnerUser) (or
//! [`Ctx`](context::Ctx) for public pages), a template extending `base.html` with a `ctx`
//! field, and its messages in `locales/{en,ja,it}/*.ftl`.

pub mod accounts;
pub mod assets;
pub mod cases_page;
pub mod context;
pub mod csrf;
pub mod enroll_page;
pub mod forms;
pub mod i18n;
pub mod kpi_chart;
pub mod kpi_dashboard;
pub mod kpi_page;
pub mod limiter;
pub mod ops;
pub mod people_page;
pub mod portal;
pub mod sessions;
pub mod tokens_page;

use std::sync::Arc;

use axum::http::HeaderValue;
use axum::response::Response;
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
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            secure_cookies: true,
            public_url: "http://127.0.0.1:8080".to_owned(),
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
        }
    }
}

/// What UI handlers share: the configuration and the sign-in limiter.
#[derive(Debug, Default)]
pub struct Ui {
    pub config: UiConfig,
    pub limiter: limiter::LoginLimiter,
}

/// Headers every UI page carries: no framing by other sites (clickjacking), no MIME sniffing,
/// and no full URL (which may hold a reset token) sent to other sites as the referrer.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("content-security-policy", "frame-ancestors 'none'"),
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
        limiter: limiter::LoginLimiter::default(),
    });
    Router::new()
        .route("/", get(portal::home))
        .route("/signup", get(accounts::signup_form).post(accounts::signup))
        .route("/login", get(accounts::login_form).post(accounts::login))
        .route("/logout", post(accounts::logout))
        .route("/lang", post(accounts::switch_lang))
        .route(
            "/password/forgot",
            get(accounts::forgot_form).post(accounts::forgot),
        )
        .route(
            "/password/reset/{token}",
            get(accounts::reset_form).post(accounts::reset),
        )
        .route("/partner/{mpn}", get(portal::overview))
        .route("/partner/{mpn}/kpi", get(kpi_page::dashboard))
        .route("/partner/{mpn}/kpi.csv", get(kpi_page::csv))
        .route(
            "/partner/{mpn}/cases/new",
            get(cases_page::new_form).post(cases_page::create),
        )
        .route("/partner/{mpn}/cases/{id}", get(cases_page::show))
        .route(
            "/partner/{mpn}/cases/{id}/comments",
            post(cases_page::comment),
        )
        .route(
            "/partner/{mpn}/users/invite",
            get(accounts::invite_form).post(accounts::invite),
        )
        .route("/partner/{mpn}/enroll", get(enroll_page::options))
        .route(
            "/partner/{mpn}/enroll/{option}",
            get(enroll_page::checkout_form).post(enroll_page::enroll),
        )
        .route("/partner/{mpn}/orders/{id}", get(enroll_page::order))
        .route(
            "/partner/{mpn}/trainers",
            get(people_page::trainers).post(people_page::add_trainer),
        )
        .route(
            "/partner/{mpn}/trainers/remove",
            get(people_page::remove_trainer_form).post(people_page::remove_trainer),
        )
        .route(
            "/partner/{mpn}/trainers/import",
            post(people_page::import_trainers).layer(axum::extract::DefaultBodyLimit::max(
                people_page::IMPORT_ROUTE_LIMIT,
            )),
        )
        .route(
            "/partner/{mpn}/exams",
            get(people_page::exams).post(people_page::add_exam),
        )
        .route(
            "/partner/{mpn}/exams/remove",
            get(people_page::remove_exam_form).post(people_page::remove_exam),
        )
        .route(
            "/partner/{mpn}/exams/import",
            post(people_page::import_exams).layer(axum::extract::DefaultBodyLimit::max(
                people_page::IMPORT_ROUTE_LIMIT,
            )),
        )
        .route("/partner/{mpn}/cases", get(people_page::cases))
        .route(
            "/partner/{mpn}/cases/directory",
            get(people_page::directory_new).post(people_page::directory_create),
        )
        .route(
            "/settings/tokens",
            get(tokens_page::list).post(tokens_page::create),
        )
        .route("/settings/tokens/revoke", post(tokens_page::revoke))
        .route("/ops", get(ops::home))
        .route(
            "/partner/{mpn}/orders/{id}/proof",
            post(enroll_page::upload_proof).layer(axum::extract::DefaultBodyLimit::max(
                enroll_page::PROOF_ROUTE_LIMIT,
            )),
        )
        .layer(axum::middleware::from_fn(csrf::check))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(sessions::layer(app, secure))
        .layer(Extension(ui))
        .route("/assets/pico.min.css", get(assets::pico))
        .route("/assets/app.css", get(assets::app_css))
}
