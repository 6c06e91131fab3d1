//! Liveness and readiness probes, for load balancers and orchestrators.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use lpc_app::App;
use serde_json::{Value, json};

/// The process is up and serving requests.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The process can do useful work: its database answers. A 503 takes this instance out of a
/// load balancer's rotation until the database is back.
pub async fn readyz(State(app): State<App>) -> (StatusCode, Json<Value>) {
    let backend = app.backend();
    match app.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": backend })),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": backend })),
            )
        }
    }
}
