//! The whole HTTP surface in one place.

use axum::Router;
use axum::routing::get;
use lpc_app::App;
use tower_http::trace::TraceLayer;

use crate::{health, metrics};

/// Builds the router over `app`.
pub fn router(app: App) -> Router {
    metrics::handle();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route_layer(axum::middleware::from_fn(metrics::track))
        .layer(TraceLayer::new_for_http())
        .with_state(app)
}
