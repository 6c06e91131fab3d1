//! An operator's decision on a received request (R1, R26: not before its processing week),
//! and the landing page checks of a request run again (R25), shared with the monthly cycle.

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_store::directory::{DirectoryRequest, RequestDecision, RequestState};
use serde_json::json;

use super::draft;
use super::requests::{has_active_membership, r24_refusal};
use super::schedule::visible_from;
use super::token::token_of;
use super::views::{RequestView, report_text};
use crate::landing_check::{LandingReport, check_landing_page};
use crate::{Actor, App, AppError};

/// An operator's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

/// Approves or rejects a received request (operators, R1), with a reason (required to
/// reject). Refused before the request's processing week begins (R26).
pub async fn decide(
    app: &App,
    actor: &Actor,
    request_id: i64,
    decision: Decision,
    reason: &str,
) -> Result<RequestView, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let reason = reason.trim();
    if decision == Decision::Reject && reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "a rejection needs a reason the partner can act on",
        ));
    }
    if reason.chars().count() > 1000 {
        return Err(AppError::invalid(
            "reason",
            "a reason has at most 1000 characters",
        ));
    }
    let request = app
        .store()
        .directory_request(request_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no directory request {request_id}")))?;
    if request.state != RequestState::Received {
        return Err(AppError::Conflict(format!(
            "directory request {request_id} is {}: only a received request can be decided",
            request.state
        )));
    }
    let today = app.clock().today();
    if today < request.processing_from {
        return Err(AppError::Conflict(format!(
            "R26: directory request {request_id} is processed from {} to {}; it cannot be decided before",
            request.processing_from, request.processing_to
        )));
    }
    if decision == Decision::Approve && !has_active_membership(app, request.partner_id).await? {
        return Err(r24_refusal(request.partner_id));
    }
    let reason = if reason.is_empty() {
        "approved by an operator".to_owned()
    } else {
        reason.to_owned()
    };
    decide_now(app, actor, &request, decision, &reason, today).await
}

pub(super) async fn decide_now(
    app: &App,
    actor: &Actor,
    request: &DirectoryRequest,
    decision: Decision,
    reason: &str,
    today: Date,
) -> Result<RequestView, AppError> {
    let (stored_decision, action, visible) = match decision {
        Decision::Approve => {
            let on = visible_from(request.visible_by, today);
            (
                RequestDecision::Approve { visible_from: on },
                "directory.approve",
                Some(on),
            )
        }
        Decision::Reject => (RequestDecision::Reject, "directory.reject", None),
    };
    let audit = draft(
        app,
        actor,
        action,
        format!("partner:{}", request.partner_id),
        json!({ "request_id": request.id, "reason": reason, "visible_from": visible }),
    );
    let stored = app
        .store()
        .decide_directory_request(request.id, &stored_decision, reason, &audit)
        .await?;
    app.directory_index().invalidate();
    Ok(RequestView::of(stored))
}

/// Runs the landing page checks of a request again (operators: "run checks again").
pub async fn recheck(app: &App, actor: &Actor, request_id: i64) -> Result<RequestView, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let request = app
        .store()
        .directory_request(request_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no directory request {request_id}")))?;
    let (stored, _) = recheck_request(app, actor, &request).await?;
    Ok(RequestView::of(stored))
}

pub(super) async fn check(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    url: &str,
    name: &str,
) -> Result<LandingReport, AppError> {
    let token = token_of(app, actor, partner).await?;
    let competitors = app.store().directory_competitors().await?;
    Ok(check_landing_page(&app.directory().checks, url, name, &token, &competitors).await)
}

pub(super) async fn recheck_request(
    app: &App,
    actor: &Actor,
    request: &DirectoryRequest,
) -> Result<(DirectoryRequest, LandingReport), AppError> {
    let report = check(
        app,
        actor,
        request.partner_id,
        &request.landing_url,
        &request.display_name,
    )
    .await?;
    let audit = draft(
        app,
        actor,
        "directory.check",
        format!("partner:{}", request.partner_id),
        json!({ "request_id": request.id, "passed": report.passed() }),
    );
    let stored = app
        .store()
        .record_directory_request_checks(
            request.id,
            &report_text(&report)?,
            app.clock().now(),
            app.clock().today(),
            &audit,
        )
        .await?;
    Ok((stored, report))
}
