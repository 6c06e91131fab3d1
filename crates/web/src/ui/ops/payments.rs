//! Payments in the console (R29, R30): the bank transfers waiting for an operator, their
//! proofs, confirming or rejecting them, and the latest refunds and rejections.
//!
//! Routes (see [`crate::ui::routes`]), operators only ([`OperatorUser`]):
//! - `GET /ops/payments`: the pending bank transfers, oldest first, and the recent history.
//! - `POST /ops/payments/{order}/confirm`: [`payments::confirm`]; a second confirmation
//!   (a double click, another tab, another operator) says who confirmed it when and changes
//!   nothing.
//! - `POST /ops/payments/{order}/reject`: [`payments::reject_proof`] with the required reason,
//!   which the partner's admins are told.
//! - `GET /ops/payments/{order}/proofs/{proof}`: the stored file, shown inline with its own
//!   content type (PDF, PNG or JPEG, told by its content at upload) and `nosniff`.

use std::collections::HashMap;

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::payments::{self, PendingTransfer};
use lpc_app::views::{Order, OrderStatus, PaymentProofMeta, ProofStatus};
use lpc_app::{Actor, App, AppError};
use lpc_domain::MpnId;

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::context::{Ctx, render};

/// How many refunds and rejections the history shows.
const HISTORY: usize = 10;

/// Longest reason, as the use case allows.
const MAX_REASON: usize = 1000;

/// One proof as the page lists it.
#[derive(Debug, Clone)]
pub struct ProofView {
    pub href: String,
    pub file_name: String,
    pub facts: String,
    /// `submitted`, `accepted` or `rejected`.
    pub status: &'static str,
    pub status_label: String,
    /// Why it was rejected (empty otherwise).
    pub reason: String,
}

/// One pending bank transfer.
#[derive(Debug, Clone)]
pub struct TransferView {
    pub id: i64,
    pub heading: String,
    pub partner: String,
    pub partner_href: String,
    pub option: String,
    pub amount: String,
    pub created: String,
    pub expires: String,
    /// Three days or fewer left (R29): shown as urgent.
    pub urgent: bool,
    pub proofs: Vec<ProofView>,
    /// A proof awaits a decision: the reject form is offered.
    pub has_submitted: bool,
    pub reason: String,
    pub reason_error: String,
}

/// One line of the history: a refund or a rejected proof.
#[derive(Debug, Clone)]
pub struct HistoryView {
    pub date: String,
    pub what: String,
    pub partner: String,
    pub amount: String,
    pub detail: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_payments.html")]
pub struct PaymentsPage {
    pub ctx: Ctx,
    pub nav: OpsNav,
    /// What was just done (`role="status"`); empty: nothing.
    pub notice: String,
    /// Why the last action was refused (`role="alert"`); empty: nothing.
    pub error: String,
    pub transfers: Vec<TransferView>,
    pub history: Vec<HistoryView>,
}

/// `Learning Action Pack`, `Silver learning option — Data Analytics`.
fn option_label(app: &App, ctx: &Ctx, order: &Order) -> String {
    let label = ctx.t(&format!("option-{}", order.option.as_str()));
    match order.competency.as_deref() {
        Some(c) => {
            let name = app
                .rules_on(app.clock().today())
                .ok()
                .and_then(|r| r.competency(c).map(|c| c.name.clone()))
                .unwrap_or_else(|| c.to_owned());
            format!("{label} — {name}")
        }
        None => label,
    }
}

/// `Partner name (MPN)`, or the MPN ID alone when the partner cannot be read.
async fn partner_label(
    app: &App,
    actor: &Actor,
    names: &mut HashMap<MpnId, String>,
    mpn: MpnId,
) -> String {
    if let Some(name) = names.get(&mpn) {
        return name.clone();
    }
    let label = match lpc_app::partners::get(app, actor, mpn).await {
        Ok(p) => format!("{} ({mpn})", p.name),
        Err(_) => mpn.to_string(),
    };
    names.insert(mpn, label.clone());
    label
}

fn days_between(from: jiff::civil::Date, to: jiff::civil::Date) -> i64 {
    from.until(to)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or_default()
}

fn proof_view(ctx: &Ctx, order_id: i64, p: &PaymentProofMeta) -> ProofView {
    let uploaded = p.uploaded_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    let size_kib = i64::try_from(p.size_bytes.div_ceil(1024)).unwrap_or(i64::MAX);
    ProofView {
        href: format!("/ops/payments/{order_id}/proofs/{}", p.id),
        file_name: p.file_name.clone(),
        facts: ctx.t_args(
            "ops-payments-proof-facts",
            &[
                ("date", ctx.date(uploaded)),
                ("who", ctx.staff_actor_label(&p.uploaded_by)),
                ("size", ctx.number(size_kib)),
            ],
        ),
        status: p.status.as_str(),
        status_label: ctx.t(&format!("ops-payments-proof-{}", p.status.as_str())),
        reason: p
            .decision
            .as_ref()
            .and_then(|d| d.reason.clone())
            .unwrap_or_default(),
    }
}

async fn transfer_view(
    app: &App,
    actor: &Actor,
    ctx: &Ctx,
    names: &mut HashMap<MpnId, String>,
    t: &PendingTransfer,
) -> TransferView {
    let today = app.clock().today();
    let order = &t.order;
    let age = days_between(order.created_on, today);
    let left = days_between(today, order.expires_on);
    TransferView {
        id: order.id,
        heading: ctx.t_args("ops-payments-order", &[("id", order.id.to_string())]),
        partner: partner_label(app, actor, names, order.partner_id).await,
        partner_href: format!("/ops/partners/{}", order.partner_id),
        option: option_label(app, ctx, order),
        amount: ctx.money(order.amount_due()),
        created: ctx.t_args(
            "ops-payments-created",
            &[
                ("date", ctx.date(order.created_on)),
                ("days", age.to_string()),
            ],
        ),
        expires: if left > 0 {
            ctx.t_args(
                "ops-payments-expires",
                &[
                    ("date", ctx.date(order.expires_on)),
                    ("days", left.to_string()),
                ],
            )
        } else {
            ctx.t_args(
                "ops-payments-expired",
                &[("date", ctx.date(order.expires_on))],
            )
        },
        urgent: left <= 3,
        proofs: t
            .proofs
            .iter()
            .map(|p| proof_view(ctx, order.id, p))
            .collect(),
        has_submitted: t.proofs.iter().any(|p| p.status == ProofStatus::Submitted),
        reason: String::new(),
        reason_error: String::new(),
    }
}

/// The page as it stands now.
async fn page(app: &App, staff: &Staff) -> Result<PaymentsPage, AppError> {
    let ctx = &staff.ctx;
    let mut names = HashMap::new();
    let mut transfers = Vec::new();
    for t in payments::pending_transfers(app, &staff.actor).await? {
        transfers.push(transfer_view(app, &staff.actor, ctx, &mut names, &t).await);
    }
    let mut dated: Vec<(jiff::civil::Date, HistoryView)> = Vec::new();
    for order in payments::recent_refunds(app, &staff.actor, HISTORY).await? {
        let on = order.refunded_on.unwrap_or(order.created_on);
        dated.push((
            on,
            HistoryView {
                date: ctx.date(on),
                what: ctx.t_args("ops-payments-refunded", &[("id", order.id.to_string())]),
                partner: partner_label(app, &staff.actor, &mut names, order.partner_id).await,
                amount: ctx.money(order.amount_due()),
                detail: option_label(app, ctx, &order),
            },
        ));
    }
    for (order, proof) in payments::recent_rejections(app, &staff.actor, HISTORY).await? {
        let on = proof.decision.as_ref().map_or(order.created_on, |d| {
            d.at.to_zoned(jiff::tz::TimeZone::UTC).date()
        });
        let detail = proof
            .decision
            .as_ref()
            .map(|d| {
                ctx.t_args(
                    "ops-payments-rejected-detail",
                    &[
                        ("reason", d.reason.clone().unwrap_or_default()),
                        ("who", ctx.staff_actor_label(&d.by)),
                    ],
                )
            })
            .unwrap_or_default();
        dated.push((
            on,
            HistoryView {
                date: ctx.date(on),
                what: ctx.t_args(
                    "ops-payments-rejected",
                    &[
                        ("id", order.id.to_string()),
                        ("file", proof.file_name.clone()),
                    ],
                ),
                partner: partner_label(app, &staff.actor, &mut names, order.partner_id).await,
                amount: ctx.money(order.amount_due()),
                detail,
            },
        ));
    }
    dated.sort_by_key(|(on, _)| std::cmp::Reverse(*on));
    Ok(PaymentsPage {
        ctx: ctx.clone(),
        nav: staff.nav("payments"),
        notice: String::new(),
        error: String::new(),
        transfers,
        history: dated.into_iter().take(HISTORY).map(|(_, h)| h).collect(),
    })
}

/// `GET /ops/payments[?confirmed=ID|rejected=ID]`.
pub async fn list(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut page = match page(&app, &staff).await {
        Ok(page) => page,
        Err(e) => return staff.ctx.fail(e),
    };
    let query: HashMap<String, String> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    if let Some(id) = query.get("confirmed").and_then(|v| v.parse::<i64>().ok()) {
        page.notice = staff
            .ctx
            .t_args("ops-payments-confirmed", &[("id", id.to_string())]);
    } else if let Some(id) = query.get("rejected").and_then(|v| v.parse::<i64>().ok()) {
        page.notice = staff
            .ctx
            .t_args("ops-payments-rejected-notice", &[("id", id.to_string())]);
    }
    render(StatusCode::OK, &page)
}

/// Why confirming order `id` was refused, in the page's language: who confirmed it when, that
/// it was refunded, or that it expired (R29, R30).
async fn refusal(app: &App, staff: &Staff, id: i64, err: &AppError) -> String {
    let ctx = &staff.ctx;
    let Ok(order) = payments::order_of(app, &staff.actor, id).await else {
        return err.to_string();
    };
    match order.status {
        OrderStatus::Paid => {
            let decision = payments::confirmation_of(app, id).await.ok().flatten();
            // The program's day of payment (R29), which `--today` may pin; the decision's
            // timestamp is the real instant.
            let on = order
                .paid_on
                .or_else(|| {
                    decision
                        .as_ref()
                        .map(|d| d.at.to_zoned(jiff::tz::TimeZone::UTC).date())
                })
                .unwrap_or(order.created_on);
            let who = decision
                .map(|d| ctx.staff_actor_label(&d.by))
                .unwrap_or_else(|| ctx.t("ops-payments-someone"));
            ctx.t_args(
                "ops-payments-already-confirmed",
                &[("id", id.to_string()), ("date", ctx.date(on)), ("who", who)],
            )
        }
        OrderStatus::Refunded => {
            ctx.t_args("ops-payments-already-refunded", &[("id", id.to_string())])
        }
        OrderStatus::Expired | OrderStatus::PendingPayment => ctx.t_args(
            "ops-payments-order-expired",
            &[("id", id.to_string()), ("date", ctx.date(order.expires_on))],
        ),
    }
}

/// The page with `error` at the top, answered with `status`.
async fn refused(app: &App, staff: &Staff, status: StatusCode, error: String) -> Response {
    match page(app, staff).await {
        Ok(mut page) => {
            page.error = error;
            render(status, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/payments/{order}/confirm`.
pub async fn confirm(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
) -> Response {
    match payments::confirm(&app, &staff.actor, id).await {
        Ok(_) => Redirect::to(&format!("/ops/payments?confirmed={id}")).into_response(),
        Err(e @ (AppError::Conflict(_) | AppError::Invalid { .. })) => {
            let text = refusal(&app, &staff, id, &e).await;
            refused(&app, &staff, StatusCode::CONFLICT, text).await
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/payments/{order}/reject` with `reason`.
pub async fn reject(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
    body: String,
) -> Response {
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let reason = values
        .get("reason")
        .map(|r| r.trim().to_owned())
        .unwrap_or_default();
    let ctx = &staff.ctx;
    let field_error = if reason.is_empty() {
        Some(ctx.t("ops-payments-reason-required"))
    } else if reason.chars().count() > MAX_REASON {
        Some(ctx.t("ops-payments-reason-too-long"))
    } else {
        None
    };
    let (message, status) = match field_error {
        Some(message) => (message, StatusCode::UNPROCESSABLE_ENTITY),
        None => match payments::reject_proof(&app, &staff.actor, id, &reason).await {
            Ok(_) => return Redirect::to(&format!("/ops/payments?rejected={id}")).into_response(),
            Err(AppError::Invalid { .. }) => (
                ctx.t("ops-payments-reason-required"),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(AppError::Conflict(_)) => (
                ctx.t_args("ops-payments-nothing-to-reject", &[("id", id.to_string())]),
                StatusCode::CONFLICT,
            ),
            Err(e) => return ctx.fail(e),
        },
    };
    match page(&app, &staff).await {
        Ok(mut page) => {
            match page.transfers.iter_mut().find(|t| t.id == id) {
                Some(t) if status == StatusCode::UNPROCESSABLE_ENTITY => {
                    t.reason_error = message;
                    t.reason = reason;
                }
                _ => page.error = message,
            }
            render(status, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

/// A file name safe in a `Content-Disposition` header: ASCII letters, digits, `.-_`.
pub(crate) fn header_file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "proof".to_owned()
    } else {
        safe
    }
}

/// `GET /ops/payments/{order}/proofs/{proof}`: the stored proof, inline (R29).
pub async fn proof(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path((order_id, proof_id)): Path<(i64, i64)>,
) -> Response {
    let (meta, content) =
        match payments::proof_content(&app, &staff.actor, order_id, proof_id).await {
            Ok(found) => found,
            Err(e) => return staff.ctx.fail(e),
        };
    // A proof is the partner's file, opened by an operator signed in on our origin: images are
    // shown inline under a sandboxing policy (no script, no origin), a PDF (which can carry
    // scripts and forms) and anything else is a download (issue 15).
    let (content_type, disposition) = match meta.content_type.as_str() {
        t @ ("image/png" | "image/jpeg") => (t, "inline"),
        "application/pdf" => ("application/pdf", "attachment"),
        _ => ("application/octet-stream", "attachment"),
    };
    let file = header_file_name(&meta.file_name);
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type)
        .header(
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{file}\""),
        )
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'; img-src 'self'",
        )
        .header(header::CACHE_CONTROL, "private, no-store")
        .body(Body::from(content))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_in_headers_are_plain() {
        assert_eq!(header_file_name("reçu \"bank\".pdf"), "re_u__bank_.pdf");
        assert_eq!(header_file_name(""), "proof");
    }
}
