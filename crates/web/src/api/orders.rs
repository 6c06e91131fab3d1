//! Orders and their payment (R29, R30): `GET /api/v1/partners/{mpn}/orders`,
//! `PUT /api/v1/orders/{id}/proof`, `POST /api/v1/orders/{id}/confirm|reject|refund`.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use lpc_app::partners::parse_mpn_id;
use lpc_app::payments::{self, MAX_PROOF_BYTES};
use lpc_app::{App, AppError};
use serde::Deserialize;

use crate::auth::ApiActor;
use crate::error::ApiError;
use crate::openapi::schemas::{Confirmed, Order, Orders, PaymentProofMeta};

/// `GET /api/v1/partners/{mpn}/orders`.
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/orders",
    operation_id = "list_orders",
    tag = "orders",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "The partner's orders, newest first", body = crate::openapi::schemas::Orders))
)]
pub async fn list(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<Orders>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(Orders {
        partner_id: partner,
        orders: payments::orders_of(&app, &actor, partner)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    }))
}

fn too_large(size: Option<u64>) -> ApiError {
    let size = size.map_or_else(|| "more than 5 MiB".to_owned(), |s| format!("{s} bytes"));
    ApiError::PayloadTooLarge(format!(
        "the proof of payment is {size}; at most {MAX_PROOF_BYTES} bytes (5 MiB) are accepted \
         (R29)"
    ))
}

/// `PUT /api/v1/orders/{id}/proof`: the raw file as the body (PDF, PNG or JPEG by content;
/// the declared type is ignored). A declared length over 5 MiB is refused before reading; a
/// body that turns out longer is cut off at 5 MiB and refused (413). The file name may be
/// given in `Content-Disposition: attachment; filename="..."`.
#[utoipa::path(
    put,
    path = "/api/v1/orders/{id}/proof",
    operation_id = "upload_proof",
    tag = "orders",
    params(
        ("id" = i64, Path, description = "The order id"),
        ("Content-Disposition" = Option<String>, Header, description = "`attachment; filename=\"...\"` names the file"),
    ),
    request_body(content = crate::openapi::schemas::ProofFile, content_type = "application/octet-stream", description = "The proof of a bank transfer: PDF, PNG or JPEG (told by content), at most 5 MiB (R29)"),
    responses(
        (status = 201, description = "The proof was stored, waiting for an operator", body = crate::openapi::schemas::PaymentProofMeta),
        (status = 409, description = "The order does not take a proof now", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 5 MiB (R29), refused before it is read whole", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn proof(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<PaymentProofMeta>), ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_PROOF_BYTES as u64) {
        return Err(too_large(declared));
    }
    let content = axum::body::to_bytes(body, MAX_PROOF_BYTES)
        .await
        .map_err(|_| too_large(declared))?;
    let name = headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("filename=").nth(1))
        .map(|n| n.trim().trim_matches('"').to_owned())
        .unwrap_or_else(|| format!("order-{id}-proof"));
    let stored = payments::attach_proof(&app, &actor, id, &name, content.to_vec()).await?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

/// `POST /api/v1/orders/{id}/confirm`: an operator confirms the bank transfer (R29).
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/confirm",
    operation_id = "confirm_order",
    tag = "orders",
    params(("id" = i64, Path, description = "The order id")),
    responses(
        (status = 200, description = "An operator confirmed the bank transfer (R29): the order is paid", body = crate::openapi::schemas::Confirmed),
        (status = 409, description = "The order cannot be paid now", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn confirm(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Confirmed>, ApiError> {
    Ok(Json(payments::confirm(&app, &actor, id).await?.into()))
}

/// Why a proof is rejected.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectBody {
    pub reason: String,
}

/// `POST /api/v1/orders/{id}/reject`: an operator rejects the submitted proof (R29).
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/reject",
    operation_id = "reject_proof",
    tag = "orders",
    params(("id" = i64, Path, description = "The order id")),
    request_body = RejectBody,
    responses(
        (status = 200, description = "An operator rejected the submitted proof (R29)", body = crate::openapi::schemas::Order),
        (status = 409, description = "No proof is waiting", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reject(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    body: Result<Json<RejectBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Order>, ApiError> {
    let Json(body) = body.map_err(|e| AppError::invalid("body", e.body_text()))?;
    Ok(Json(
        payments::reject_proof(&app, &actor, id, &body.reason)
            .await?
            .into(),
    ))
}

/// `POST /api/v1/orders/{id}/refund`: R30.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/refund",
    operation_id = "refund_order",
    tag = "orders",
    params(("id" = i64, Path, description = "The order id")),
    responses(
        (status = 200, description = "The order was refunded (R30)", body = crate::openapi::schemas::Order),
        (status = 409, description = "Not refundable (R30: after the deadline, or forfeited by an upgrade, R11)", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn refund(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Order>, ApiError> {
    Ok(Json(payments::refund(&app, &actor, id).await?.into()))
}

/// The body limit of the proof route: the proof's 5 MiB (R29). The handler reads the body
/// itself up to this many bytes, so that the refusal is a problem+json 413.
pub const PROOF_BODY_LIMIT: usize = MAX_PROOF_BYTES;
