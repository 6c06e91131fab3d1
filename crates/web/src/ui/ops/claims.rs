//! Claims in the console (R31): the organizations someone signed up for, waiting for an
//! operator, with what the program holds for each MPN ID; approving, rejecting with a reason,
//! and inviting an organization's contact on file.
//!
//! Routes (see [`crate::ui::routes`]), operators only ([`OperatorUser`]), each change answered
//! by a redirect back to the queue (post/redirect/get):
//! - `GET /ops/claims`: the queue, oldest first, and the invitation form.
//! - `POST /ops/claims/{mpn}/verify`: [`claims::approve`].
//! - `POST /ops/claims/{mpn}/reject` with `reason`: [`claims::reject`]; the claimant is told.
//! - `POST /ops/claims/invite` with `mpn` and an optional `email`: [`claims::invite_contact`].

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::{App, AppError, claims};
use lpc_domain::{Email, MpnId};

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::Ui;
use crate::ui::context::{Ctx, render};

/// One claim as the queue shows it.
#[derive(Debug, Clone)]
pub struct ClaimView {
    pub mpn: String,
    pub name: String,
    pub country: String,
    pub claimed: String,
    pub claimants: Vec<(String, bool)>,
    pub invoices: String,
    pub reason: String,
    pub reason_error: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_claims.html")]
pub struct ClaimsPage {
    pub ctx: Ctx,
    pub nav: OpsNav,
    /// What was just done (`role="status"`); empty: nothing.
    pub notice: String,
    /// Why the last action was refused (`role="alert"`); empty: nothing.
    pub error: String,
    pub claims: Vec<ClaimView>,
    pub invite_mpn: String,
    pub invite_email: String,
}

async fn page(app: &App, staff: &Staff) -> Result<ClaimsPage, AppError> {
    let ctx = &staff.ctx;
    let pending = claims::pending(app, &staff.actor).await?;
    let views = pending
        .iter()
        .map(|c| ClaimView {
            mpn: c.partner.mpn_id.to_string(),
            name: c.partner.name.to_string(),
            country: c.partner.country.to_string(),
            claimed: ctx.date(
                c.partner
                    .registered_at
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .date(),
            ),
            claimants: c
                .claimants
                .iter()
                .map(|who| (who.email.to_string(), who.email_confirmed))
                .collect(),
            invoices: match &c.invoice_months {
                Some((from, to)) => ctx.t_args(
                    "ops-claims-invoices",
                    &[
                        (
                            "lines",
                            ctx.number(i64::try_from(c.invoice_lines).unwrap_or(i64::MAX)),
                        ),
                        ("from", from.clone()),
                        ("to", to.clone()),
                    ],
                ),
                None => ctx.t("ops-claims-no-invoices"),
            },
            reason: String::new(),
            reason_error: String::new(),
        })
        .collect();
    Ok(ClaimsPage {
        ctx: ctx.clone(),
        nav: staff.nav("claims"),
        notice: String::new(),
        error: String::new(),
        claims: views,
        invite_mpn: String::new(),
        invite_email: String::new(),
    })
}

/// `GET /ops/claims[?verified=MPN|rejected=MPN|invited=EMAIL]`
pub async fn list(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let query: HashMap<String, String> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let mut page = match page(&app, &staff).await {
        Ok(page) => page,
        Err(e) => return staff.ctx.fail(e),
    };
    let ctx = &staff.ctx;
    // Echoed values are parsed first: only an MPN ID or an address is ever shown back.
    if let Some(mpn) = query.get("verified").and_then(|m| MpnId::parse(m).ok()) {
        page.notice = ctx.t_args("ops-claims-verified-notice", &[("mpn", mpn.to_string())]);
    } else if let Some(mpn) = query.get("rejected").and_then(|m| MpnId::parse(m).ok()) {
        page.notice = ctx.t_args("ops-claims-rejected-notice", &[("mpn", mpn.to_string())]);
    } else if let Some(email) = query.get("invited").and_then(|e| Email::parse(e).ok()) {
        page.notice = ctx.t_args("ops-claims-invited-notice", &[("email", email.to_string())]);
    }
    render(StatusCode::OK, &page)
}

/// The queue again, with an error (a conflict: decided meanwhile by someone else).
async fn refused(app: &App, staff: &Staff, status: StatusCode, error: String) -> Response {
    match page(app, staff).await {
        Ok(mut page) => {
            page.error = error;
            render(status, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/claims/{mpn}/verify`
pub async fn verify(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(mpn): Path<String>,
) -> Response {
    let Ok(mpn) = MpnId::parse(&mpn) else {
        return staff.ctx.not_found();
    };
    match claims::approve(&app, &staff.actor, mpn).await {
        Ok(_) => Redirect::to(&format!("/ops/claims?verified={mpn}")).into_response(),
        Err(AppError::Conflict(_)) => {
            let text = staff
                .ctx
                .t_args("ops-claims-decided-already", &[("mpn", mpn.to_string())]);
            refused(&app, &staff, StatusCode::CONFLICT, text).await
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/claims/{mpn}/reject` with `reason`.
pub async fn reject(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(mpn): Path<String>,
    body: String,
) -> Response {
    let Ok(mpn) = MpnId::parse(&mpn) else {
        return staff.ctx.not_found();
    };
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let reason = values.get("reason").map(|r| r.trim()).unwrap_or_default();
    let ctx = &staff.ctx;
    let (message, status) = match claims::reject(&app, &staff.actor, mpn, reason).await {
        Ok(_) => return Redirect::to(&format!("/ops/claims?rejected={mpn}")).into_response(),
        Err(AppError::Invalid { .. }) => (
            if reason.is_empty() {
                ctx.t("ops-claims-reason-required")
            } else {
                ctx.t("ops-claims-reason-too-long")
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(AppError::Conflict(_)) => (
            ctx.t_args("ops-claims-decided-already", &[("mpn", mpn.to_string())]),
            StatusCode::CONFLICT,
        ),
        Err(e) => return ctx.fail(e),
    };
    match page(&app, &staff).await {
        Ok(mut page) => {
            let mpn = mpn.to_string();
            match page.claims.iter_mut().find(|c| c.mpn == mpn) {
                Some(c) if status == StatusCode::UNPROCESSABLE_ENTITY => {
                    c.reason_error = message;
                    c.reason = reason.chars().take(claims::MAX_REASON_CHARS).collect();
                }
                _ => page.error = message,
            }
            render(status, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

/// `POST /ops/claims/invite` with `mpn` and an optional `email` (else the contact on file).
pub async fn invite(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Extension(ui): Extension<Arc<Ui>>,
    body: String,
) -> Response {
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let mpn_text = values.get("mpn").map(|m| m.trim()).unwrap_or_default();
    let email_text = values.get("email").map(|e| e.trim()).unwrap_or_default();
    let ctx = &staff.ctx;
    let again = async |error: String, status: StatusCode| match page(&app, &staff).await {
        Ok(mut page) => {
            page.error = error;
            page.invite_mpn = mpn_text.chars().take(20).collect();
            page.invite_email = email_text.chars().take(320).collect();
            render(status, &page)
        }
        Err(e) => staff.ctx.fail(e),
    };
    let Ok(mpn) = MpnId::parse(mpn_text) else {
        return again(ctx.t("error-mpn-id"), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let contact = match email_text {
        "" => None,
        text => match Email::parse(text) {
            Ok(email) => Some(email),
            Err(_) => return again(ctx.t("error-email"), StatusCode::UNPROCESSABLE_ENTITY).await,
        },
    };
    let partner_name = match lpc_app::partners::get(&app, &staff.actor, mpn).await {
        Ok(p) => p.name.to_string(),
        Err(AppError::NotFound(_)) => {
            let text = ctx.t_args("ops-claims-unknown-partner", &[("mpn", mpn.to_string())]);
            return again(text, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(e) => return ctx.fail(e),
    };
    // The contact may not share the operator's language: the invitation is in English,
    // Japanese and Italian at once.
    let base = ui.config.public_url.trim_end_matches('/').to_owned();
    let compose = |token: &str| {
        let args = [("partner", partner_name.clone()), ("mpn", mpn.to_string())];
        let link = format!("{base}/password/reset/{token}");
        let body = crate::ui::i18n::Lang::ALL
            .iter()
            .map(|lang| {
                [
                    lang.t_args("mail-program-invite-intro", &args),
                    lang.t("mail-invite-link"),
                    link.clone(),
                ]
                .join("\n")
            })
            .collect::<Vec<_>>()
            .join("\n\n---\n\n");
        (
            crate::ui::i18n::Lang::En.t_args("mail-program-invite-subject", &args),
            body,
        )
    };
    match claims::invite_contact(&app, &staff.actor, mpn, contact, &compose).await {
        Ok(user) => {
            let query =
                serde_urlencoded::to_string([("invited", user.email.as_str())]).unwrap_or_default();
            Redirect::to(&format!("/ops/claims?{query}")).into_response()
        }
        Err(AppError::Conflict(_)) => {
            let text = ctx.t_args("ops-claims-invite-pending", &[("mpn", mpn.to_string())]);
            again(text, StatusCode::CONFLICT).await
        }
        Err(AppError::Invalid { field, .. }) if field == "contact_email" || field == "email" => {
            let key = if field == "email" {
                "ops-claims-invite-has-account"
            } else {
                "ops-claims-invite-no-contact"
            };
            again(
                ctx.t_args(key, &[("mpn", mpn.to_string())]),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => ctx.fail(e),
    }
}
