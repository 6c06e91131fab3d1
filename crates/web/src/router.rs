//! The whole HTTP surface in one place.

use axum::Router;
use axum::routing::{get, post};
use lpc_app::App;
use tower_http::trace::TraceLayer;

use crate::{api, health, metrics};

/// Builds the router over `app`, with the UI's default settings (`Secure` cookies).
pub fn router(app: App) -> Router {
    router_with(app, crate::ui::UiConfig::default())
}

/// Builds the router over `app`, the UI deployed as `ui` says.
pub fn router_with(app: App, ui: crate::ui::UiConfig) -> Router {
    metrics::handle();
    let metrics_access = metrics::MetricsAccess {
        token: ui.metrics_token.clone(),
    };
    let trusted = crate::client_addr::TrustedProxies(ui.trusted_proxies.clone());
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render_guarded))
        .route("/api/v1/openapi.json", get(crate::openapi::document))
        .route("/api/v1/directory", get(api::directory_public::search))
        .route("/api/v1/directory/{mpn}", get(api::directory_public::show))
        .route(
            "/api/v1/partners/{mpn}/eligibility",
            get(api::partners::eligibility),
        )
        .route(
            "/api/v1/partners/{mpn}/renewal-forecast",
            get(api::partners::renewal_forecast),
        )
        .route(
            "/api/v1/partners/{mpn}/entitlements/{product}",
            get(api::partners::entitlement),
        )
        .route(
            "/api/v1/partners/{mpn}/kpi-report",
            get(api::partners::kpi_report),
        )
        .route(
            "/api/v1/partners/{mpn}/kpi-report.csv",
            get(api::partners::kpi_report_csv),
        )
        .route(
            "/api/v1/partners/{mpn}/guidelines-acceptance",
            post(api::partners::accept_guidelines),
        )
        .route(
            "/api/v1/partners/{mpn}/users",
            get(api::partner_users::list),
        )
        .route("/api/v1/imports/invoices", post(api::imports::invoices))
        .route(
            "/api/v1/cases",
            get(api::cases::list).post(api::cases::open),
        )
        .route("/api/v1/cases/{id}", get(api::cases::show))
        .route("/api/v1/cases/{id}/comments", post(api::cases::comment))
        .route("/api/v1/cases/{id}/decision", post(api::cases::decide))
        .route(
            "/api/v1/partners/{mpn}/enrollments",
            post(api::enrollments::enroll),
        )
        .route(
            "/api/v1/partners/{mpn}/memberships",
            get(api::enrollments::memberships),
        )
        .route(
            "/api/v1/partners/{mpn}/directory-requests",
            get(api::directory_requests::list).post(api::directory_requests::create),
        )
        .route("/api/v1/partners/{mpn}/orders", get(api::orders::list))
        .route(
            "/api/v1/orders/{id}/proof",
            axum::routing::put(api::orders::proof).layer(axum::extract::DefaultBodyLimit::max(
                api::orders::PROOF_BODY_LIMIT,
            )),
        )
        .route("/api/v1/orders/{id}/confirm", post(api::orders::confirm))
        .route("/api/v1/orders/{id}/reject", post(api::orders::reject))
        .route("/api/v1/orders/{id}/refund", post(api::orders::refund))
        .merge(crate::ui::routes(&app, ui))
        .route_layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::Extension(std::sync::Arc::new(
            crate::view_cache::ViewCaches::default(),
        )))
        .layer(axum::Extension(metrics_access))
        .layer(axum::Extension(trusted))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}

/// The router of `--metrics-addr`: `/metrics` alone, for whoever reaches that address.
pub fn metrics_router() -> Router {
    metrics::handle();
    Router::new().route("/metrics", get(metrics::render))
}
