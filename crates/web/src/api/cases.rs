//! Partner Frontline Support cases (R5, R13, R22, R27): a partner's users open and comment,
//! support agents and operators decide. A case of another partner answers 404, never 403, so
//! that its existence does not leak.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use lpc_app::cases::{self, CaseRequest, CaseView, Decided, Decision};
use lpc_app::partners::parse_mpn_id;
use lpc_app::{App, AppError};
use lpc_domain::points::KpiPoints;
use lpc_store::{CaseComment, SupportCase};
use serde::Deserialize;
use serde_json::Value;

use crate::auth::ApiActor;
use crate::error::ApiError;

/// `POST /api/v1/cases` body: `{"partner_id", "kind", "fields": {...}}`; field values may be
/// strings or numbers.
#[derive(Debug, Deserialize)]
pub struct OpenCase {
    pub partner_id: Value,
    pub kind: String,
    #[serde(default)]
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
    Ok((StatusCode::CREATED, Json(case)))
}

/// `GET /api/v1/cases?partner=&state=` filters.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub partner: Option<String>,
    pub state: Option<String>,
}

/// `GET /api/v1/cases`: support sees every case, a partner's user its own partner's.
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
    Ok(Json(cases::list(&app, &actor, partner, state).await?))
}

/// `GET /api/v1/cases/{id}`: the case, its comments and, for a discrepancy, the evidence.
pub async fn show(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(cases::show(&app, &actor, id).await?))
}

/// `POST /api/v1/cases/{id}/comments` body.
#[derive(Debug, Deserialize)]
pub struct NewComment {
    pub body: String,
}

/// `POST /api/v1/cases/{id}/comments`.
pub async fn comment(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(id): Path<i64>,
    Json(body): Json<NewComment>,
) -> Result<(StatusCode, Json<CaseComment>), ApiError> {
    let comment = cases::comment(&app, &actor, id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(comment)))
}

/// `POST /api/v1/cases/{id}/decision` body: `{"state", "message"?, "points"?}`.
#[derive(Debug, Deserialize)]
pub struct DecisionBody {
    pub state: String,
    pub message: Option<String>,
    pub points: Option<Value>,
}

/// `POST /api/v1/cases/{id}/decision`: support agents and operators only.
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
    Ok(Json(cases::decide(&app, &actor, id, decision).await?))
}
