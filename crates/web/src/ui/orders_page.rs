//! A partner's orders (issue 16): `GET /partner/{mpn}/orders`, newest first, each with what
//! it buys, its status, the amount, when it was placed and when it must be paid or was paid,
//! the latest proof of payment and the operator's decision on it (R29, R30).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::views::{Order, OrderStatus};
use lpc_app::{Actor, App};

use super::context::{Ctx, render};
use super::enroll_page::{is_partner_user, option_name};
use super::extract::PartnerUser;

/// One order as the list shows it.
#[derive(Debug, Clone)]
pub struct OrderRow {
    pub id: i64,
    pub href: String,
    pub what: String,
    /// `pending_payment`, `paid`, `expired`, `refunded`: for the style.
    pub status_code: &'static str,
    pub status: String,
    pub amount: String,
    pub placed: String,
    /// "Pay by …", "Paid on …", "Expired on …", "Refunded on …".
    pub when: String,
    /// The latest proof's state and, when rejected, why.
    pub proof: String,
}

#[derive(Debug, Template)]
#[template(path = "orders.html")]
pub struct OrdersPage {
    pub ctx: Ctx,
    pub mpn: String,
    pub title: String,
    pub orders: Vec<OrderRow>,
}

async fn row(app: &App, actor: &Actor, ctx: &Ctx, mpn: &str, order: &Order) -> OrderRow {
    let rules = app.rules_on(app.clock().today()).ok();
    let what = match rules {
        Some(rules) => option_name(ctx, rules, order.option, order.competency.as_deref()),
        None => ctx.t(&format!("option-{}", order.option.as_str())),
    };
    let when = match order.status {
        OrderStatus::PendingPayment => {
            ctx.t_args("orders-pay-by", &[("date", ctx.date(order.expires_on))])
        }
        OrderStatus::Paid => order.paid_on.map_or_else(String::new, |d| {
            ctx.t_args("orders-paid-on", &[("date", ctx.date(d))])
        }),
        OrderStatus::Expired => {
            ctx.t_args("orders-expired-on", &[("date", ctx.date(order.expires_on))])
        }
        OrderStatus::Refunded => order.refunded_on.map_or_else(String::new, |d| {
            ctx.t_args("orders-refunded-on", &[("date", ctx.date(d))])
        }),
    };
    let proof = match lpc_app::payments::proofs_of_order(app, actor, order.id).await {
        Ok(proofs) => proofs.last().map_or_else(String::new, |p| {
            let state = ctx.t(&format!("proof-status-{}", p.status.as_str()));
            match p.decision.as_ref().and_then(|d| d.reason.clone()) {
                Some(reason) => format!("{} · {state}: {reason}", p.file_name),
                None => format!("{} · {state}", p.file_name),
            }
        }),
        Err(e) => {
            tracing::warn!(order = order.id, error = %e, "proofs not read");
            String::new()
        }
    };
    OrderRow {
        id: order.id,
        href: format!("/partner/{mpn}/orders/{}", order.id),
        what,
        status_code: order.status.as_str(),
        status: ctx.t(&format!("order-status-{}", order.status.as_str())),
        amount: ctx.money(order.amount_due()),
        placed: ctx.date(order.created_on),
        when,
        proof,
    }
}

/// `GET /partner/{mpn}/orders`.
pub async fn list(pu: PartnerUser, State(app): State<App>) -> Response {
    let ctx = &pu.ctx;
    if !is_partner_user(&pu) {
        return ctx.not_found();
    }
    let orders = match lpc_app::payments::orders_of(&app, &pu.actor, pu.partner.mpn_id).await {
        Ok(orders) => orders,
        Err(e) => return ctx.fail(e),
    };
    let mpn = pu.partner.mpn_id.to_string();
    let mut rows = Vec::with_capacity(orders.len());
    for order in &orders {
        rows.push(row(&app, &pu.actor, ctx, &mpn, order).await);
    }
    render(
        StatusCode::OK,
        &OrdersPage {
            ctx: ctx.clone(),
            title: ctx.t_args(
                "orders-page-title",
                &[("name", pu.partner.name.as_str().to_owned())],
            ),
            mpn,
            orders: rows,
        },
    )
}
