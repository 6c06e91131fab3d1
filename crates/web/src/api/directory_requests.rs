//! `POST/GET /api/v1/partners/{mpn}/directory-requests`: a partner's listing requests in the
//! public directory (R24-R26), the same JSON as `lpc directory request --json`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use lpc_app::directory::{self, RequestInput, RequestView};
use lpc_app::partners::parse_mpn_id;
use lpc_app::{App, AppError};
use serde::{Deserialize, Serialize};

use crate::auth::ApiActor;
use crate::error::ApiError;

/// The listing asked for (R24).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Contoso Learning", "country": "IT", "url": "https://contoso.example/learning"}))]
pub struct DirectoryRequestBody {
    /// The name to show, 1 to 100 characters (shown as text, never as HTML).
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The Microsoft-themed landing page, `https://...` (R25).
    pub url: String,
}

/// The processing week of a request (R26).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProcessingWindowDoc {
    #[schema(format = Date, example = "2021-03-15")]
    pub from: String,
    #[schema(format = Date, example = "2021-03-21")]
    pub to: String,
}

/// One landing page check (R25).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LandingCheckDoc {
    /// `url`, `status`, `ownership`, `names_partner`, `no_competitors` or `redirects`.
    pub id: String,
    pub passed: bool,
    /// What was found, citing R25.
    pub detail: String,
}

/// The landing page checks of a request (R25).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LandingReportDoc {
    pub url: String,
    pub checks: Vec<LandingCheckDoc>,
    #[schema(format = DateTime)]
    pub checked_at: String,
}

/// A listing request: DESIGN.md's `directory request` shape (`status`, `processing_window`,
/// `visible_by`) and the rest.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DirectoryRequestDoc {
    /// `received`, `approved`, `rejected` or `superseded`.
    pub status: String,
    pub request_id: i64,
    pub partner_id: String,
    pub display_name: String,
    pub country: String,
    pub landing_url: String,
    #[schema(format = Date)]
    pub requested_on: String,
    /// R26: the week the request is processed in (days 15-21).
    pub processing_window: ProcessingWindowDoc,
    /// R26: the day it is visible by once approved (day 7 of the next month).
    #[schema(format = Date, example = "2021-04-07")]
    pub visible_by: String,
    pub checks_passed: bool,
    pub checks: Option<LandingReportDoc>,
    pub decided_by: Option<String>,
    #[schema(format = DateTime)]
    pub decided_at: Option<String>,
    pub reason: Option<String>,
}

/// Asks for the partner's listing (its MPN partner admins and account admins, R1): the
/// landing page is checked at once and the answer says when the request is processed and
/// visible (R26).
#[utoipa::path(
    post,
    path = "/api/v1/partners/{mpn}/directory-requests",
    operation_id = "request_directory_listing",
    tag = "directory",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    request_body = DirectoryRequestBody,
    responses(
        (status = 201, description = "Received: its processing week, visible-by date and check results", body = DirectoryRequestDoc),
        (status = 409, description = "R24: the partner holds no active learning membership", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
    body: Result<Json<DirectoryRequestBody>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<RequestView>), ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    let Json(body) = body.map_err(|e| AppError::invalid("body", e.body_text()))?;
    let input = RequestInput {
        partner,
        display_name: body.name,
        country: body.country,
        landing_url: body.url,
    };
    let view = directory::request(&app, &actor, &input).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The partner's listing requests, newest first (any user of the partner).
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/directory-requests",
    operation_id = "list_directory_requests",
    tag = "directory",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "The partner's requests, newest first", body = Vec<DirectoryRequestDoc>))
)]
pub async fn list(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<Vec<RequestView>>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(directory::requests_of(&app, &actor, partner).await?))
}
