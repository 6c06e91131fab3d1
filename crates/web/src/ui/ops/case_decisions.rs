//! A support agent's decisions in the console (R5, R13, R22, R27): `POST /ops/cases/{id}/accept`
//! (with `preview=1`, the adjustment accepting would add, nothing saved) and
//! `POST /ops/cases/{id}/reject` (a common reason with its rule and/or free text). A decided
//! case keeps its decision: a second one is answered with who decided what, and when.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::cases::{self, Decision};
use lpc_app::views::{CaseKind, CaseState};
use lpc_app::{App, AppError};
use lpc_domain::points::KpiPoints;

use super::cases::*;
use super::{Staff, SupportUser};
use crate::ui::context::render;

/// The page with a change the handler makes, answered with `status`.
pub(super) async fn answer(
    app: &App,
    staff: &Staff,
    id: i64,
    status: StatusCode,
    change: impl FnOnce(&mut CasePage),
) -> Response {
    match case_page(app, staff, id).await {
        Ok(mut page) => {
            change(&mut page);
            render(status, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// A decision refused because the case is already decided: who decided what, and when.
pub(super) async fn already_decided(app: &App, staff: &Staff, id: i64) -> Response {
    answer(app, staff, id, StatusCode::CONFLICT, |page| {
        page.error = staff.ctx.t_args(
            "ops-cases-already-decided",
            &[
                ("id", id.to_string()),
                ("state", page.state.clone()),
                ("by", page.decision_by.clone()),
            ],
        );
    })
    .await
}

/// Runs a decision; redirects to the case on success.
pub(super) async fn decide(
    app: &App,
    staff: &Staff,
    id: i64,
    decision: Decision,
    on_invalid: impl FnOnce(&mut CasePage, String, String),
) -> Response {
    match cases::decide(app, &staff.actor, id, decision).await {
        Ok(_) => Redirect::to(&format!("/ops/cases/{id}?decided=1")).into_response(),
        Err(AppError::Conflict(_)) => already_decided(app, staff, id).await,
        Err(AppError::Invalid { field, message }) => {
            answer(app, staff, id, StatusCode::UNPROCESSABLE_ENTITY, |page| {
                on_invalid(page, field, message);
            })
            .await
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/cases/{id}/accept`: a discrepancy is previewed (`preview=1`), then saved with
/// the previewed figures; the other kinds are resolved at once.
pub async fn accept(
    SupportUser(staff): SupportUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    body: String,
) -> Response {
    let Some(id) = case_id(&params) else {
        return staff.ctx.not_found();
    };
    let ctx = &staff.ctx;
    let values = form(&body);
    let message = values
        .get("message")
        .map(|m| m.trim().to_owned())
        .unwrap_or_default();
    let case = match cases::get(&app, &staff.actor, id).await {
        Ok(case) => case,
        Err(e) => return ctx.fail(e),
    };
    if case.state.is_final() {
        return already_decided(&app, &staff, id).await;
    }
    if message.chars().count() > MAX_TEXT {
        return answer(&app, &staff, id, StatusCode::UNPROCESSABLE_ENTITY, |page| {
            page.error = ctx.t("ops-cases-message-too-long");
            page.accept_message = message.clone();
        })
        .await;
    }
    let mut decision = Decision {
        state: CaseState::Resolved,
        message: Some(message.clone()).filter(|m| !m.is_empty()),
        points: None,
    };
    if case.kind != CaseKind::KpiDiscrepancy {
        return decide(&app, &staff, id, decision, |page, _, _| {
            page.error = ctx.t("ops-cases-cannot-resolve");
        })
        .await;
    }
    // R22: the points granted, when the agent changes the computed ones.
    let points_text = values
        .get("points")
        .map(|p| p.trim().to_owned())
        .unwrap_or_default();
    if !points_text.is_empty() {
        match KpiPoints::parse(&points_text.replace(',', ".")) {
            Ok(p) => decision.points = Some(p),
            Err(_) => {
                return answer(&app, &staff, id, StatusCode::UNPROCESSABLE_ENTITY, |page| {
                    page.points_error = ctx.t("ops-cases-points-invalid");
                    page.points = points_text.clone();
                    page.accept_message = message.clone();
                })
                .await;
            }
        }
    }
    let mut proposal = match cases::proposed_adjustment(&app, &staff.actor, id).await {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    if let Some(p) = decision.points {
        proposal.kpi_value = p;
    }
    let preview = adjustment_view(ctx, app.rules_on(app.clock().today()).ok(), &proposal);
    let previewed = values.get("preview").is_some_and(|v| v == "1");
    let unchanged = values.get("confirm_kpi") == Some(&preview.kpi_raw)
        && values.get("confirm_units") == Some(&preview.units_raw)
        && values.get("confirm_revenue") == Some(&preview.revenue_raw);
    if previewed || !unchanged {
        // A confirmation whose previewed figures no longer hold is shown again, said so.
        let changed = !previewed && values.contains_key("confirm_kpi");
        return answer(&app, &staff, id, StatusCode::OK, |page| {
            if changed {
                page.notice = ctx.t("ops-cases-preview-changed");
            }
            page.preview = Some(preview);
            page.points = points_text.clone();
            page.accept_message = message.clone();
        })
        .await;
    }
    decide(&app, &staff, id, decision, |page, field, _| {
        if field == "points" {
            page.points_error = ctx.t("ops-cases-points-invalid");
        } else {
            page.error = ctx.t("ops-cases-message-too-long");
        }
        page.points = points_text.clone();
        page.accept_message = message.clone();
    })
    .await
}

/// `POST /ops/cases/{id}/reject`: a common reason (with its rule) and/or free text, told to
/// the partner.
pub async fn reject(
    SupportUser(staff): SupportUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    body: String,
) -> Response {
    let Some(id) = case_id(&params) else {
        return staff.ctx.not_found();
    };
    let ctx = &staff.ctx;
    let values = form(&body);
    let code = values.get("reason").cloned().unwrap_or_default();
    let text = values
        .get("message")
        .map(|m| m.trim().to_owned())
        .unwrap_or_default();
    let reason = REJECT_REASONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, key)| ctx.t(key));
    let keep = |page: &mut CasePage, error: String| {
        page.reasons = reason_options(ctx, &code);
        page.reject_text = text.clone();
        page.reject_error = error;
    };
    if let Ok(case) = cases::get(&app, &staff.actor, id).await
        && case.state.is_final()
    {
        return already_decided(&app, &staff, id).await;
    }
    let message = match (reason, text.is_empty()) {
        (None, true) => {
            return answer(&app, &staff, id, StatusCode::UNPROCESSABLE_ENTITY, |page| {
                keep(page, ctx.t("ops-cases-reject-needs-reason"));
            })
            .await;
        }
        (Some(r), true) => r,
        (Some(r), false) => format!("{r}\n\n{text}"),
        (None, false) => text.clone(),
    };
    if message.chars().count() > MAX_TEXT {
        return answer(&app, &staff, id, StatusCode::UNPROCESSABLE_ENTITY, |page| {
            keep(page, ctx.t("ops-cases-message-too-long"));
        })
        .await;
    }
    let decision = Decision {
        state: CaseState::Rejected,
        message: Some(message),
        points: None,
    };
    decide(&app, &staff, id, decision, |page, _, _| {
        keep(page, ctx.t("ops-cases-reject-needs-reason"));
    })
    .await
}
