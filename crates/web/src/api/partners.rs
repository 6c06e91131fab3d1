//! A partner's eligibility (R3..R10), entitlements (R6) and renewal forecast (R19).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use lpc_app::partners::parse_mpn_id;
use lpc_app::{App, eligibility, entitlements, guidelines, publications};
use lpc_domain::eligibility::Eligibility;

use crate::auth::ApiActor;
use crate::content_coding::Encoded;
use crate::error::ApiError;
use crate::view_cache::ViewCaches;

/// `GET /api/v1/partners/{mpn}/eligibility`: every option, every requirement, and why.
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/eligibility",
    tag = "partners",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "Every option, every requirement, met or not, and why (R3..R10)", body = crate::openapi::schemas::Eligibility))
)]
pub async fn eligibility(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<Eligibility>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(eligibility::of_partner(&app, &actor, partner).await?))
}

/// `GET /api/v1/partners/{mpn}/renewal-forecast`: each active membership's renewal forecast
/// (R14, R17, R19, R23): the window's points published and to come, every requirement's gap,
/// the last invoice day that counts and the deciding report's day.
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/renewal-forecast",
    tag = "partners",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "Each active membership's renewal forecast, soonest anniversary first (R19); judged by the renewal run's code", body = crate::openapi::schemas::RenewalForecast))
)]
pub async fn renewal_forecast(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<lpc_app::renewal_forecast::PartnerForecast>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(
        lpc_app::renewal_forecast::of_partner(&app, &actor, partner).await?,
    ))
}

/// `GET /api/v1/partners/{mpn}/entitlements/{product}`: may the partner buy the product for
/// external delivery, and at which price tier (R6).
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/entitlements/{product}",
    tag = "partners",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567"), ("product" = String, Path, description = "A Courseware Marketplace SKU (1 to 64 characters)", example = "20764-C")),
    responses((status = 200, description = "Whether the partner may buy the product for external delivery, and at which price tier (R6)", body = crate::openapi::schemas::ProductEntitlement))
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/partners/{mpn}/guidelines-acceptance",
    tag = "partners",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "The calling partner admin accepted the Performance Guidelines in force (R1, R8)", body = crate::openapi::schemas::GuidelineAcceptance))
)]
pub async fn accept_guidelines(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<crate::openapi::schemas::GuidelineAcceptance>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(
        guidelines::accept(&app, &actor, partner).await?.into(),
    ))
}

/// `GET /api/v1/partners/{mpn}/kpi-report`: what the partner's dashboard shows today (R17,
/// R21): the latest publication on or before today, or `"published_on": null` before the first.
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/kpi-report",
    tag = "kpi",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "What the partner's dashboard shows today: the latest publication on or before today (R17, R21); `published_on` null before the first", body = crate::openapi::schemas::KpiReport))
)]
pub async fn kpi_report(
    State(app): State<App>,
    Extension(views): Extension<Arc<ViewCaches>>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    let report = publications::kpi_report(&app, &actor, partner).await?;
    // The body is a function of the frozen publication and the day (the next publication's
    // date): serialized (and compressed) once, then served from memory.
    let key = format!(
        "{partner}|{:?}|{}",
        report.published_on,
        app.clock().today()
    );
    let body = match views.report_json.get(&key) {
        Some(body) => body,
        None => {
            let json = serde_json::to_vec(&report)
                .map_err(|e| ApiError::from(lpc_app::AppError::Internal(e.to_string())))?;
            views.report_json.put(key, Encoded::new(json))
        }
    };
    Ok(body.respond(&request, "application/json"))
}

/// `GET /api/v1/partners/{mpn}/kpi-report.csv`: the same rows as CSV.
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/kpi-report.csv",
    tag = "kpi",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "The same rows as CSV (an attachment)", body = String, content_type = "text/csv"))
)]
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
