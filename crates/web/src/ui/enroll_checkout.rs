//! The checkout of one option (R8..R11, R29): `GET|POST /partner/{mpn}/enroll/{option}
//! [?competency=C]`: the fee with the R11 discount, the Performance Guidelines to accept (R8),
//! card or bank transfer, then [`lpc_app::enrollment::enroll`] as the signed-in user. The
//! options page and what the checkout shares with it are in [`super::enroll_page`].

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lpc_app::enrollment::EnrollmentStatus;
use lpc_app::views::{MembershipStatus, PaymentMethod};
use lpc_app::{App, AppError};
use lpc_domain::LearningOption;
use lpc_domain::points::Money;
use lpc_domain::requirement::RequirementId;
use serde::Deserialize;

use super::context::{Ctx, render};
use super::enroll_page::*;
use super::extract::PartnerUser;

#[derive(Debug, Deserialize)]
pub struct CompetencyQuery {
    pub competency: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct EnrollForm {
    pub competency: Option<String>,
    pub accept: Option<String>,
    pub payment: Option<String>,
}

#[derive(Debug, Template)]
#[template(path = "enroll_checkout.html")]
pub struct CheckoutPage {
    pub ctx: Ctx,
    pub title: String,
    pub mpn: String,
    pub action: String,
    pub competency: String,
    pub can_enroll: bool,
    /// Every prerequisite met, or only the guidelines this form accepts.
    pub can_submit: bool,
    pub requirements: Vec<ReqView>,
    pub price: Vec<PriceLine>,
    pub upgrade_note: String,
    pub needs_commitment: bool,
    pub commitment_label: String,
    /// The page of the guidelines version being accepted, and the link's text.
    pub guidelines_href: String,
    pub guidelines_link: String,
    pub accepted: bool,
    pub accept_error: String,
    pub payment: String,
    pub payment_error: String,
    pub error: String,
    pub recommended_href: String,
    pub recommended_label: String,
    /// The unpaid order of this option, when there is one (its page replaces the form).
    pub pending_order_href: String,
    /// The organization holds this option: nothing to buy, nothing "not met".
    pub held: bool,
}

fn parse_option(text: &str) -> Option<LearningOption> {
    LearningOption::parse(text)
}

/// Builds the checkout page of `option` (None: no such option for this partner).
fn checkout(
    pu: &PartnerUser,
    loaded: &Loaded,
    option: LearningOption,
    competency: Option<&str>,
) -> Option<CheckoutPage> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id.to_string();
    let o = loaded.eligibility.option(option, competency)?;
    let rules = &loaded.rules;
    let requirements = req_views(ctx, rules, loaded.published_on, o);
    let only_commitment = o
        .requirements
        .iter()
        .filter(|r| !r.met)
        .all(|r| r.id == RequirementId::PerformanceCommitment);
    let full = rules.fee(option, false);
    let mut price = vec![PriceLine {
        label: ctx.t("price-fee"),
        amount: ctx.money(full),
        total: false,
    }];
    let upgrade = full != o.fee;
    let mut upgrade_note = String::new();
    if upgrade {
        let discount = Money::new(full.minor - o.fee.minor, full.currency);
        price.push(PriceLine {
            label: ctx.t_args(
                "price-discount",
                &[("percent", rules.silver_to_gold_discount_percent.to_string())],
            ),
            amount: ctx.money(Money::new(-discount.minor, discount.currency)),
            total: false,
        });
        upgrade_note = ctx.t("price-upgrade-note");
    }
    price.push(PriceLine {
        label: ctx.t("price-due"),
        amount: ctx.money(o.fee),
        total: true,
    });
    let needs_commitment = rules.tiers.get(option).performance_commitment;
    let accepted = o
        .requirements
        .iter()
        .any(|r| r.id == RequirementId::PerformanceCommitment && r.met);
    let (recommended_href, recommended_label) = match competency.map_or_else(
        || loaded.eligibility.recommended.clone(),
        |c| loaded.eligibility.fallback_for(c),
    ) {
        Some(r) if !(r.option == option && r.competency.as_deref() == competency) => (
            enroll_href(&mpn, r.option, r.competency.as_deref()),
            option_name(ctx, rules, r.option, r.competency.as_deref()),
        ),
        _ => (String::new(), String::new()),
    };
    let action = format!("/partner/{mpn}/enroll/{}", option.as_str());
    let pending = loaded.pending_order(option, competency);
    Some(CheckoutPage {
        ctx: ctx.clone(),
        title: ctx.t_args(
            "checkout-title",
            &[("option", option_name(ctx, rules, option, competency))],
        ),
        mpn,
        action,
        competency: competency.unwrap_or_default().to_owned(),
        can_enroll: pu.is_admin(),
        can_submit: !o.held && only_commitment && pending.is_none(),
        requirements,
        price,
        upgrade_note,
        needs_commitment,
        commitment_label: ctx.t_args(
            "checkout-accept",
            &[("version", rules.guidelines_version.clone())],
        ),
        guidelines_href: super::guidelines_page::href(&rules.guidelines_version),
        guidelines_link: ctx.t_args(
            "checkout-read-guidelines",
            &[("version", rules.guidelines_version.clone())],
        ),
        accepted,
        accept_error: String::new(),
        payment: String::new(),
        payment_error: String::new(),
        error: if o.held {
            // The held membership's own window (R28): the Action Pack's opens only at its
            // anniversary, silver's and gold's 30 days before.
            loaded
                .memberships
                .iter()
                .find(|m| {
                    m.status == MembershipStatus::Active
                        && m.option == option
                        && m.competency.as_deref() == competency
                })
                .map_or_else(
                    || ctx.t("checkout-held"),
                    |m| {
                        let window =
                            lpc_domain::calendar::renewal_window(m.option, m.anniversary_date);
                        ctx.t_args(
                            "checkout-held-window",
                            &[
                                ("anniversary", ctx.date(m.anniversary_date)),
                                ("from", ctx.date(window.from)),
                                ("to", ctx.date(window.to)),
                            ],
                        )
                    },
                )
        } else if pending.is_some() {
            ctx.t("checkout-pending-order")
        } else {
            String::new()
        },
        recommended_href,
        recommended_label,
        pending_order_href: pending
            .map(|order| format!("/partner/{}/orders/{}", pu.partner.mpn_id, order.id))
            .unwrap_or_default(),
        held: o.held,
    })
}

/// `GET /partner/{mpn}/enroll/{option}[?competency=C]`.
pub async fn checkout_form(
    pu: PartnerUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    Query(query): Query<CompetencyQuery>,
) -> Response {
    let ctx = &pu.ctx;
    if !is_partner_user(&pu) {
        return ctx.not_found();
    }
    let Some(option) = params.get("option").and_then(|o| parse_option(o)) else {
        return ctx.not_found();
    };
    let loaded = match load(&app, &pu).await {
        Ok(l) => l,
        Err(e) => return ctx.fail(e),
    };
    let competency = query.competency.as_deref().filter(|c| !c.is_empty());
    match checkout(&pu, &loaded, option, competency) {
        Some(page) => render(StatusCode::OK, &page),
        None => ctx.not_found(),
    }
}

/// `POST /partner/{mpn}/enroll/{option}`: enrolls as the signed-in user (R1).
pub async fn enroll(
    pu: PartnerUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    Form(form): Form<EnrollForm>,
) -> Response {
    let ctx = &pu.ctx;
    if !is_partner_user(&pu) {
        return ctx.not_found();
    }
    let Some(option) = params.get("option").and_then(|o| parse_option(o)) else {
        return ctx.not_found();
    };
    if !pu.is_admin() {
        return ctx.message(
            StatusCode::FORBIDDEN,
            "error-forbidden-title",
            "error-admin-only",
        );
    }
    let competency = form.competency.as_deref().filter(|c| !c.is_empty());
    let loaded = match load(&app, &pu).await {
        Ok(l) => l,
        Err(e) => return ctx.fail(e),
    };
    let Some(mut page) = checkout(&pu, &loaded, option, competency) else {
        return ctx.not_found();
    };
    let accept = form.accept.as_deref() == Some("yes");
    let method = match form.payment.as_deref() {
        Some("card") => Some(PaymentMethod::Card),
        Some("bank_transfer") => Some(PaymentMethod::BankTransfer),
        _ => None,
    };
    page.payment = form.payment.clone().unwrap_or_default();
    page.accepted = page.accepted || accept;
    let mut invalid = false;
    if page.needs_commitment && !page.accepted {
        page.accept_error = ctx.t("checkout-accept-required");
        invalid = true;
    }
    if method.is_none() {
        page.payment_error = ctx.t("checkout-payment-required");
        invalid = true;
    }
    let Some(method) = method.filter(|_| !invalid) else {
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let answer = match lpc_app::enrollment::enroll(
        &app,
        &pu.actor,
        pu.partner.mpn_id,
        option,
        competency,
        accept,
        method,
    )
    .await
    {
        Ok(a) => a,
        Err(AppError::Conflict(_)) => {
            page.error = ctx.t("checkout-conflict");
            // The unpaid order the refusal is about, one click away.
            if let Some(order) = loaded.pending_order(option, competency) {
                page.pending_order_href =
                    format!("/partner/{}/orders/{}", pu.partner.mpn_id, order.id);
            }
            return render(StatusCode::CONFLICT, &page);
        }
        Err(AppError::Invalid { .. }) => return ctx.not_found(),
        Err(e) => return ctx.fail(e),
    };
    // Post/redirect/get: what the enrollment made (a paid or an unpaid order) has its own
    // page, so a reload shows it again rather than sending the form again.
    match (answer.status, answer.order_id) {
        (EnrollmentStatus::Active | EnrollmentStatus::PendingPayment, Some(id)) => {
            axum::response::Redirect::to(&format!(
                "/partner/{}/orders/{id}?placed=1",
                pu.partner.mpn_id
            ))
            .into_response()
        }
        _ => super::enroll_order::result(&app, &pu, answer).await,
    }
}
