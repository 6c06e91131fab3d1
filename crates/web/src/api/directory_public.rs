//! The public Learning Partner directory as JSON (R24, R26): no bearer token, like the pages
//! at `/directory`. Both routes read the directory kept in memory
//! (`lpc_app::directory_search`).

use axum::Json;
use axum::extract::{Path, Query, State};
use lpc_app::App;
use lpc_app::directory_search::{self, DirectoryEntry, DirectoryPage, DirectoryQuery};
use lpc_app::partners::parse_mpn_id;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::openapi::schemas::LearningOption;

/// `GET /api/v1/directory` filters; an empty value is no filter.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct DirectoryParams {
    /// Part of the name, any case (Unicode lowercase).
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2 code, either case (`jp`).
    pub country: Option<String>,
    /// A competency id (`cloud_platform`): partners holding its silver or gold option.
    pub competency: Option<String>,
    /// `action_pack`, `silver` or `gold`: partners holding that option.
    pub tier: Option<String>,
    /// `name` (the default) or `tier` (gold first, then silver, then Action Pack, by name).
    pub sort: Option<String>,
    /// 1-based page number (25 listings a page).
    pub page: Option<String>,
}

/// `GET /api/v1/directory`: a page of the public directory.
#[utoipa::path(
    get,
    path = "/api/v1/directory",
    operation_id = "search_directory",
    tag = "directory",
    security(()),
    params(DirectoryParams),
    responses(
        (status = 200, description = "One page of the listings public today that match (R24, R26), by name unless `sort=tier`", body = DirectoryResults),
        (status = 422, description = "A filter was refused: `fields` names it", content_type = "application/problem+json", body = crate::openapi::schemas::Problem)
    )
)]
pub async fn search(
    State(app): State<App>,
    Query(params): Query<DirectoryParams>,
) -> Result<Json<DirectoryPage>, ApiError> {
    let query = DirectoryQuery::parse(
        params.q.as_deref(),
        params.country.as_deref(),
        params.competency.as_deref(),
        params.tier.as_deref(),
        params.sort.as_deref(),
        params.page.as_deref(),
    )?;
    let (_, page) = directory_search::search(&app, &query).await?;
    Ok(Json(page))
}

/// `GET /api/v1/directory/{mpn}`: a partner's public listing.
#[utoipa::path(
    get,
    path = "/api/v1/directory/{mpn}",
    operation_id = "directory_listing",
    tag = "directory",
    security(()),
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses(
        (status = 200, description = "The partner's listing, public today (R24, R26)", body = DirectoryListing),
        (status = 404, description = "The partner is not listed today", content_type = "application/problem+json", body = crate::openapi::schemas::Problem),
        (status = 422, description = "The MPN ID is not one", content_type = "application/problem+json", body = crate::openapi::schemas::Problem)
    )
)]
pub async fn show(
    State(app): State<App>,
    Path(mpn): Path<String>,
) -> Result<Json<std::sync::Arc<DirectoryEntry>>, ApiError> {
    let mpn = parse_mpn_id(&mpn)?;
    Ok(Json(directory_search::listing(&app, mpn).await?))
}

// ---------------------------------------------------------------------------------------------
// The answers' schemas: mirrors of `lpc_app::directory_search`'s types (see
// `crate::openapi::schemas` for why mirrors).

/// A page of the public directory.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectoryResults {
    /// Listings matching the search, on every page.
    #[schema(example = 132)]
    pub total: u64,
    #[schema(example = 1)]
    pub page: u64,
    /// Pages in all (at least 1).
    #[schema(example = 6)]
    pub pages: u64,
    #[schema(example = 25)]
    pub per_page: u64,
    pub listings: Vec<DirectoryListing>,
}

/// A listing of the public directory.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectoryListing {
    #[schema(example = "1234567")]
    pub mpn_id: String,
    /// The name the partner asked to show (R24), as written.
    #[schema(example = "Contoso Learning")]
    pub name: String,
    #[schema(example = "JP")]
    pub country: String,
    #[schema(example = "https://learning.contoso.example/")]
    pub landing_url: String,
    /// Public since (R26), `YYYY-MM-DD`.
    #[schema(example = "2026-04-07")]
    pub listed_since: String,
    /// The options held, best first.
    pub tiers: Vec<LearningOption>,
    /// The silver and gold options held, by competency.
    pub competencies: Vec<DirectoryCompetency>,
}

/// A silver or gold option a listed partner holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectoryCompetency {
    #[schema(example = "cloud_platform")]
    pub competency: String,
    pub tier: LearningOption,
}
