//! `POST /api/v1/imports/invoices`: an invoices CSV as the request body, streamed into the
//! import as it arrives (never buffered whole), for operators.

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use futures_util::TryStreamExt;
use lpc_app::App;
use lpc_app::invoices::{self, InvoicesImported, Rejected};
use serde::{Deserialize, Serialize};
use tokio_util::io::{StreamReader, SyncIoBridge};

use crate::auth::ApiActor;
use crate::error::ApiError;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Store the valid rows and return the refused ones instead of refusing the file.
    #[serde(default)]
    pub skip_invalid: bool,
}

/// The import's summary, and with `skip_invalid` the refused rows and why.
#[derive(Debug, Serialize)]
pub struct ImportAnswer {
    #[serde(flatten)]
    pub summary: InvoicesImported,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejects: Vec<Rejected>,
}

#[utoipa::path(
    post,
    path = "/api/v1/imports/invoices",
    operation_id = "import_invoices",
    tag = "imports",
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "An invoices CSV (DESIGN.md's format), streamed; the header row is required"),
    responses(
        (status = 200, description = "The file was imported (whole, or its valid rows with `skip_invalid`)", body = crate::openapi::schemas::ImportAnswer),
        (status = 415, description = "The body is not `text/csv`", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file was refused: `errors` lists every refused row (line, column, value, reason)", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn invoices(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Query(query): Query<ImportQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportAnswer>, ApiError> {
    let csv = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/csv"))
        });
    if !csv {
        return Err(ApiError::UnsupportedMediaType("text/csv"));
    }
    let stream = body.into_data_stream().map_err(std::io::Error::other);
    // The import reads on a blocking thread; the bridge lets it pull the body from there.
    let reader = SyncIoBridge::new(StreamReader::new(stream));
    let mut rejects = Vec::new();
    let summary = invoices::import(
        &app,
        &actor,
        "api upload",
        reader,
        query.skip_invalid,
        |r| rejects.push(r.clone()),
        |_| {},
    )
    .await?;
    Ok(Json(ImportAnswer { summary, rejects }))
}
