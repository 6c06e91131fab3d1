//! Partner Frontline Support cases (R5, R13, R22, R27): a partner's users open and comment,
//! support agents and operators decide. A case of another partner answers 404, never 403, so
//! that its existence does not leak.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lpc_app::cases::{self, CaseRequest, Decision};
use lpc_app::partners::parse_mpn_id;
use lpc_app::{App, AppError};
use lpc_domain::points::KpiPoints;
use serde::Deserialize;
use serde_json::Value;

use crate::auth::ApiActor;
use crate::error::ApiError;
use crate::openapi::schemas::{CaseComment, CaseView, Decided, SupportCase};

/// `POST /api/v1/cases` body: `{"partner_id", "kind", "fields": {...}}`; field values may be
/// strings or numbers.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"partner_id": "1234567", "kind": "kpi_discrepancy", "fields": {"month": 3, "year": 2019, "omlp_type": "moc", "purchase_units": 10, "invoice_number": "INV-1001", "kpi_value": 10, "revenue_value": "1250.00", "currency": "USD", "evidence_document_type": "invoice"}}))]
pub struct OpenCase {
    /// The MPN ID (digits; a JSON number is accepted too).
    #[schema(value_type = String)]
    pub partner_id: Value,
    /// `kpi_discrepancy` (R22), `account_profile_setup` (R5), `directory_missing` (R27).
    pub kind: String,
    /// The kind's fields; values may be strings or numbers. A `kpi_discrepancy` needs
    /// `month`, `year`, `omlp_type`, `purchase_units`, `invoice_number`, `kpi_value`,
    /// `revenue_value`, `currency` and `evidence_document_type` (`invoice`, R13).
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, String>)]
    pub fields: BTreeMap<String, Value>,
}

/// A JSON value as the text a case field is checked from.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `POST /api/v1/cases`: opens a case for the caller's partner (any of its users).
#[utoipa::path(
    post,
    path = "/api/v1/cases",
    operation_id = "open_case",
    tag = "cases",
    request_body = OpenCase,
    responses(
        (status = 201, description = "The case was opened", body = crate::openapi::schemas::SupportCase),
        (status = 422, description = "Refused: `fields` names every missing or faulty field at once; an evidence other than an actual invoice is refused citing R13", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn open(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Json(body): Json<OpenCase>,
) -> Result<(StatusCode, Json<SupportCase>), ApiError> {
    let request = CaseRequest {
        partner_id: parse_mpn_id(&text_of(&body.partner_id))
            .map_err(|_| AppError::invalid("partner_id", "must be an MPN ID (digits)"))?,
        kind: cases::parse_kind(&body.kind)?,
        fields: body
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), text_of(v)))
            .collect(),
    };
    let case = cases::open(&app, &actor, request).await?;
    Ok((StatusCode::CREATED, Json(case.into())))
}

/// `GET /api/v1/cases?partner=&state=` filters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only this partner's cases (MPN ID).
    pub partner: Option<String>,
    /// Only cases in this state: `open`, `waiting_on_partner`, `resolved`, `rejected`.
    pub state: Option<String>,
}

/// `GET /api/v1/cases`: support sees every case, a partner's user its own partner's.
#[utoipa::path(
    get,
    path = "/api/v1/cases",
    operation_id = "list_cases",
    tag = "cases",
    params(ListQuery),
    responses((status = 200, description = "Support sees every case, a partner's user its own partner's", body = Vec<crate::openapi::schemas::SupportCase>))
)]
pub async fn list(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<SupportCase>>, ApiError> {
    let partner = query
        .partner
        .as_deref()
        .map(|p| parse_mpn_id(p).map_err(|_| AppError::invalid("partner", "must be an MPN ID")))
        .transpose()?;
    let state = query.state.as_deref().map(cases::parse_state).transpose()?;
    Ok(Json(
        cases::list(&app, &actor, partner, state)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// `GET /api/v1/cases/{id}`: the case, its comments and, for a discrepancy, the evidence.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}",
    operation_id = "show_case",
    tag = "cases",
    params(("id" = i64, Path, description = "The case id")),
    responses((status = 200, description = "The case, its comments and, for a discrepancy, the evidence", body = crate::openapi::schemas::CaseView))
)]
pub async fn show(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(cases::show(&app, &actor, id).await?.into()))
}

/// `POST /api/v1/cases/{id}/comments` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewComment {
    pub body: String,
}

/// `POST /api/v1/cases/{id}/comments`.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/comments",
    operation_id = "comment_case",
    tag = "cases",
    params(("id" = i64, Path, description = "The case id")),
    request_body = NewComment,
    responses((status = 201, description = "The comment was added", body = crate::openapi::schemas::CaseComment))
)]
pub async fn comment(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Json(body): Json<NewComment>,
) -> Result<(StatusCode, Json<CaseComment>), ApiError> {
    let comment = cases::comment(&app, &actor, id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(comment.into())))
}

/// `POST /api/v1/cases/{id}/decision` body: `{"state", "message"?, "points"?}`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DecisionBody {
    /// `resolved` (accepts), `rejected`, or `waiting_on_partner`.
    pub state: String,
    /// To the partner: required to reject or to wait on the partner.
    pub message: Option<String>,
    /// Resolving a discrepancy: the KPI points granted instead of the computed ones (a
    /// number or a decimal string).
    #[schema(value_type = Option<f64>)]
    pub points: Option<Value>,
}

/// `POST /api/v1/cases/{id}/decision`: support agents and operators only.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/decision",
    operation_id = "decide_case",
    tag = "cases",
    params(("id" = i64, Path, description = "The case id")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "The decision was recorded; an accepted discrepancy adds a KPI adjustment (R22)", body = crate::openapi::schemas::Decided),
        (status = 409, description = "The case is already decided: its decision stands", body = crate::openapi::schemas::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn decide(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Json(body): Json<DecisionBody>,
) -> Result<Json<Decided>, ApiError> {
    let points = body
        .points
        .as_ref()
        .filter(|p| !p.is_null())
        .map(|p| {
            KpiPoints::parse(&text_of(p))
                .map_err(|_| AppError::invalid("points", "must be a number of KPI points"))
        })
        .transpose()?;
    let decision = Decision {
        state: cases::parse_state(&body.state)?,
        message: body.message,
        points,
    };
    Ok(Json(
        cases::decide(&app, &actor, id, decision).await?.into(),
    ))
}
