//! `POST /api/v1/partners/{mpn}/enrollments` and `GET /api/v1/partners/{mpn}/memberships`
//! (R1..R5, R8..R11, R29).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lpc_app::enrollment::{self, Enrollment, EnrollmentStatus};
use lpc_app::partners::parse_mpn_id;
use lpc_app::views::PaymentMethod;
use lpc_app::{App, AppError};
use lpc_domain::LearningOption;
use serde::{Deserialize, Serialize};

use crate::auth::ApiActor;
use crate::error::ApiError;

/// The enrollment asked for.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollBody {
    /// `action_pack` (or `action-pack`), `silver`, `gold`.
    pub option: String,
    #[serde(default)]
    pub competency: Option<String>,
    /// R8: accept the Performance Guidelines in force first.
    #[serde(default)]
    pub accept_commitment: bool,
    /// `card` (default) or `bank_transfer`.
    #[serde(default)]
    pub payment_method: Option<String>,
}

/// The calling partner admin enrolls its partner: 201 with DESIGN.md's `enroll` shape when
/// accepted (`active` or `pending_payment`); 422 problem+json carrying the same fields when
/// refused (R10: `unmet` and `recommended`).
#[utoipa::path(
    post,
    path = "/api/v1/partners/{mpn}/enrollments",
    tag = "enrollments",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    request_body = EnrollBody,
    responses(
        (status = 201, description = "Accepted: `active`, or `pending_payment` with the order to pay", body = crate::openapi::schemas::Enrollment),
        (status = 409, description = "The partner already holds this option", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused (R10): the unmet requirements and what the partner meets instead; or a malformed body", body = crate::openapi::schemas::RefusedProblem, content_type = "application/problem+json"),
    )
)]
pub async fn enroll(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
    body: Result<Json<EnrollBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    let Json(body) = body.map_err(|e| AppError::invalid("body", e.body_text()))?;
    let option = LearningOption::parse(&body.option).ok_or_else(|| {
        AppError::invalid(
            "option",
            format!(
                "{:?} is not an option: action_pack, silver or gold (R3)",
                body.option
            ),
        )
    })?;
    let method = match body.payment_method.as_deref() {
        None | Some("card") => PaymentMethod::Card,
        Some("bank_transfer" | "bank-transfer") => PaymentMethod::BankTransfer,
        Some(other) => {
            return Err(AppError::invalid(
                "payment_method",
                format!("{other:?} is not a payment method: card or bank_transfer (R29)"),
            )
            .into());
        }
    };
    let answer = enrollment::enroll(
        &app,
        &actor,
        partner,
        option,
        body.competency.as_deref(),
        body.accept_commitment,
        method,
    )
    .await?;
    if answer.status == EnrollmentStatus::Refused {
        return Ok(refused(answer));
    }
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// An RFC 9457 problem with R10's answer as extension members: `unmet`, `recommended`,
/// `option`, `competency`, and the whole `enroll` document (whose own `status` is
/// `"refused"`, so it cannot be flattened beside the problem's numeric `status`).
#[derive(Serialize)]
struct RefusedProblem {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'static str,
    status: u16,
    detail: String,
    option: LearningOption,
    competency: Option<String>,
    unmet: Vec<lpc_domain::RequirementId>,
    recommended: Option<lpc_domain::eligibility::Recommendation>,
    enrollment: Enrollment,
}

fn refused(answer: Enrollment) -> Response {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let problem = RefusedProblem {
        kind: "about:blank",
        title: "Unprocessable Entity",
        status: status.as_u16(),
        detail: answer.refusal_message(),
        option: answer.option,
        competency: answer.competency.clone(),
        unmet: answer.unmet.clone(),
        recommended: answer.recommended.clone(),
        enrollment: answer,
    };
    let mut response = (status, Json(problem)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// `GET /api/v1/partners/{mpn}/memberships`.
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/memberships",
    tag = "enrollments",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "The partner's memberships in every status", body = crate::openapi::schemas::Memberships))
)]
pub async fn memberships(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<crate::openapi::schemas::Memberships>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(crate::openapi::schemas::Memberships {
        partner_id: partner,
        memberships: enrollment::memberships_of(&app, &actor, partner)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    }))
}
