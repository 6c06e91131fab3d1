//! A partner's eligibility (R3..R10) and entitlements (R6).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use lpc_app::partners::parse_mpn_id;
use lpc_app::{App, eligibility, entitlements, guidelines, publications};
use lpc_domain::eligibility::Eligibility;

use crate::auth::ApiActor;
use crate::error::ApiError;

/// `GET /api/v1/partners/{mpn}/eligibility`: every option, every requirement, and why.
pub async fn eligibility(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<Eligibility>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(eligibility::of_partner(&app, &actor, partner).await?))
}

/// `GET /api/v1/partners/{mpn}/entitlements/{product}`: may the partner buy the product for
/// external delivery, and at which price tier (R6).
pub async fn entitlement(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path((mpn, product)): Path<(String, String)>,
) -> Result<Json<entitlements::ProductEntitlement>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(
        entitlements::for_product(&app, &actor, partner, &product).await?,
    ))
}

/// `POST /api/v1/partners/{mpn}/guidelines-acceptance`: the calling partner admin accepts the
/// Performance Guidelines version in force (R1, R8).
pub async fn accept_guidelines(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<lpc_store::GuidelineAcceptance>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(guidelines::accept(&app, &actor, partner).await?))
}

/// `GET /api/v1/partners/{mpn}/kpi-report`: what the partner's dashboard shows today (R17,
/// R21): the latest publication on or before today, or `"published_on": null` before the first.
pub async fn kpi_report(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<publications::KpiReport>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(publications::kpi_report(&app, &actor, partner).await?))
}

/// `GET /api/v1/partners/{mpn}/kpi-report.csv`: the same rows as CSV.
pub async fn kpi_report_csv(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    let report = publications::kpi_report(&app, &actor, partner).await?;
    let name = format!("attachment; filename=\"kpi-report-{partner}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        publications::report_csv(&report)?,
    ))
}
