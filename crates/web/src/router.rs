//! The whole HTTP surface in one place.

use axum::Router;
use axum::routing::{get, post};
use lpc_app::App;
use tower_http::trace::TraceLayer;

use crate::{api, health, metrics};

/// Builds the router over `app`.
pub fn router(app: App) -> Router {
    metrics::handle();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route(
            "/api/v1/partners/{mpn}/eligibility",
            get(api::partners::eligibility),
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
        .route("/api/v1/imports/invoices", post(api::imports::invoices))
        .route_layer(axum::middleware::from_fn(metrics::track))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}
