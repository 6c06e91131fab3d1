//! The page after an enrollment and an order's page (R5, R29): `GET /partner/{mpn}/orders/{id}`
//! and the proof of payment upload `POST /partner/{mpn}/orders/{id}/proof` (a bank transfer
//! waits for a proof, which an operator confirms or rejects with a reason).

use std::collections::HashMap;

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use lpc_app::enrollment::{Enrollment, EnrollmentStatus};
use lpc_app::payments::MAX_PROOF_BYTES;
use lpc_app::views::{Order, OrderStatus, PaymentMethod};
use lpc_app::{App, AppError};
use lpc_domain::LearningOption;
use lpc_domain::points::Money;

use super::context::{Ctx, render};
use super::enroll_page::{
    CheckStep, PriceLine, ReqView, active_lap, enroll_href, is_partner_user, lap_checklist, load,
    option_name, req_views,
};
use super::extract::PartnerUser;
use super::upload::{self, Keep, UploadError};

/// How much larger than the proof a multipart body may be (boundaries, headers, the name).
const MULTIPART_OVERHEAD: usize = 64 * 1024;

/// The body limit of the proof upload route ([`axum::extract::DefaultBodyLimit`]).
pub const PROOF_ROUTE_LIMIT: usize = MAX_PROOF_BYTES + MULTIPART_OVERHEAD;

#[derive(Debug, Template)]
#[template(path = "enroll_result.html")]
pub struct ResultPage {
    pub ctx: Ctx,
    pub title: String,
    pub mpn: String,
    /// `active`, `pending_payment` or `refused`.
    pub status: &'static str,
    pub lead: String,
    pub facts: Vec<PriceLine>,
    pub unmet: Vec<ReqView>,
    pub recommended_href: String,
    pub recommended_label: String,
    pub checklist: Vec<CheckStep>,
    /// The proofs of payment sent for the order, oldest first, each with the operator's
    /// decision: a rejected proof says why, so the partner knows what to send instead.
    pub proofs: Vec<ProofView>,
    /// The proof upload form (pending bank transfers only).
    pub upload_action: String,
    pub upload_error: String,
    pub notice: String,
    /// Where and how to pay an unpaid bank-transfer order (R29).
    pub bank: Option<BankView>,
    /// An unpaid bank-transfer order while no account is configured: ask support.
    pub bank_missing: bool,
}

/// The program's bank account and the order's reference, as the order page shows them.
#[derive(Debug, Clone)]
pub struct BankView {
    pub beneficiary: String,
    pub iban: String,
    pub bic: String,
    pub bank: String,
    pub reference: String,
    pub amount: String,
}

impl ResultPage {
    fn new(ctx: &Ctx, mpn: String, status: &'static str, title: String) -> Self {
        ResultPage {
            ctx: ctx.clone(),
            title,
            mpn,
            status,
            lead: String::new(),
            facts: Vec::new(),
            unmet: Vec::new(),
            recommended_href: String::new(),
            recommended_label: String::new(),
            checklist: Vec::new(),
            proofs: Vec::new(),
            upload_action: String::new(),
            upload_error: String::new(),
            notice: String::new(),
            bank: None,
            bank_missing: false,
        }
    }
}

/// A proof of payment on the order page.
#[derive(Debug, Clone)]
pub struct ProofView {
    pub file_name: String,
    /// "Sent on …": the upload's date in the page's language.
    pub sent: String,
    /// `submitted`, `accepted` or `rejected`, for the style.
    pub status: &'static str,
    pub status_text: String,
    /// The operator's reason when rejected (R29).
    pub reason: String,
}

fn proof_view(ctx: &Ctx, proof: &lpc_app::views::PaymentProofMeta) -> ProofView {
    let sent = ctx.date(proof.uploaded_at.to_zoned(jiff::tz::TimeZone::UTC).date());
    ProofView {
        file_name: proof.file_name.clone(),
        sent: ctx.t_args("proof-sent-on", &[("date", sent)]),
        status: proof.status.as_str(),
        status_text: ctx.t(&format!("proof-status-{}", proof.status.as_str())),
        reason: proof
            .decision
            .as_ref()
            .and_then(|d| d.reason.clone())
            .unwrap_or_default(),
    }
}

fn fact(label: String, amount: String) -> PriceLine {
    PriceLine {
        label,
        amount,
        total: false,
    }
}

/// The page after `enroll` answered.
pub(super) async fn result(app: &App, pu: &PartnerUser, answer: Enrollment) -> Response {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id.to_string();
    let loaded = match load(app, pu).await {
        Ok(l) => l,
        Err(e) => return ctx.fail(e),
    };
    let name = option_name(
        ctx,
        &loaded.rules,
        answer.option,
        answer.competency.as_deref(),
    );
    match answer.status {
        EnrollmentStatus::Refused => {
            let mut page = ResultPage::new(
                ctx,
                mpn.clone(),
                "refused",
                ctx.t_args("result-refused-title", &[("option", name)]),
            );
            page.lead = ctx.t("result-refused-lead");
            if let Some(o) = loaded
                .eligibility
                .option(answer.option, answer.competency.as_deref())
            {
                page.unmet = req_views(ctx, &loaded.rules, loaded.published_on, o)
                    .into_iter()
                    .filter(|r| !r.met)
                    .collect();
            }
            if let Some(r) = &answer.recommended {
                page.recommended_href = enroll_href(&mpn, r.option, r.competency.as_deref());
                page.recommended_label =
                    option_name(ctx, &loaded.rules, r.option, r.competency.as_deref());
            }
            render(StatusCode::OK, &page)
        }
        EnrollmentStatus::Active => {
            let mut page = ResultPage::new(
                ctx,
                mpn.clone(),
                "active",
                ctx.t_args("result-active-title", &[("option", name)]),
            );
            // Without an order (none is made for a free option) the answer is shown here.
            page.lead = ctx.t("result-active-lead");
            if let Some(d) = answer.anniversary_date {
                page.facts.push(fact(ctx.t("col-anniversary"), ctx.date(d)));
                let window = lpc_domain::calendar::renewal_window(answer.option, d);
                page.facts.push(fact(
                    ctx.t("col-renewal-window"),
                    format!("{} – {}", ctx.date(window.from), ctx.date(window.to)),
                ));
            }
            if let Some(paid) = answer.amount_due {
                page.facts
                    .push(fact(ctx.t("result-paid-card"), ctx.money(paid)));
            }
            if answer.upgrade {
                page.notice = ctx.t("result-upgraded");
            }
            if answer.option == LearningOption::ActionPack {
                let lap = loaded
                    .memberships
                    .iter()
                    .find(|m| Some(m.id) == answer.membership_id)
                    .or_else(|| active_lap(&loaded.memberships));
                page.checklist = match lap_checklist(app, &pu.actor, ctx, &mpn, lap, false).await {
                    Ok(c) => c,
                    Err(e) => return ctx.fail(e),
                };
            }
            render(StatusCode::OK, &page)
        }
        EnrollmentStatus::PendingPayment => {
            let Some(order_id) = answer.order_id else {
                return ctx.fail(AppError::Internal(
                    "a pending enrollment without order".into(),
                ));
            };
            match order_page(app, pu, order_id, String::new(), String::new()).await {
                Ok(page) => render(StatusCode::OK, &page),
                Err(e) => ctx.fail(e),
            }
        }
    }
}

/// The page of an order just paid by card (after the enrollment's redirect): what the
/// partner now holds, its anniversary and renewal window, and the Action Pack's next steps.
async fn paid_page(app: &App, pu: &PartnerUser, order: &Order) -> Result<ResultPage, AppError> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id.to_string();
    let loaded = load(app, pu).await?;
    let name = option_name(
        ctx,
        &loaded.rules,
        order.option,
        order.competency.as_deref(),
    );
    let mut page = ResultPage::new(
        ctx,
        mpn.clone(),
        "active",
        ctx.t_args("result-active-title", &[("option", name)]),
    );
    page.lead = ctx.t("result-active-lead");
    let membership = loaded
        .memberships
        .iter()
        .find(|m| Some(m.id) == order.membership_id);
    if let Some(m) = membership {
        page.facts
            .push(fact(ctx.t("col-anniversary"), ctx.date(m.anniversary_date)));
        let window = lpc_domain::calendar::renewal_window(m.option, m.anniversary_date);
        page.facts.push(fact(
            ctx.t("col-renewal-window"),
            format!("{} – {}", ctx.date(window.from), ctx.date(window.to)),
        ));
    }
    page.facts.push(fact(
        ctx.t("result-paid-card"),
        ctx.money(order.amount_due()),
    ));
    page.facts
        .push(fact(ctx.t("order-number"), order.id.to_string()));
    if order.purpose == lpc_app::views::OrderPurpose::Upgrade {
        page.notice = ctx.t("result-upgraded");
    }
    if order.option == LearningOption::ActionPack {
        let lap = membership.or_else(|| active_lap(&loaded.memberships));
        page.checklist = lap_checklist(app, &pu.actor, ctx, &mpn, lap, false).await?;
    }
    Ok(page)
}

/// The page of order `id` of the partner: what it buys, what is due, and the proof upload
/// while a bank transfer awaits payment.
async fn order_page(
    app: &App,
    pu: &PartnerUser,
    id: i64,
    upload_error: String,
    notice: String,
) -> Result<ResultPage, AppError> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id.to_string();
    let orders = lpc_app::payments::orders_of(app, &pu.actor, pu.partner.mpn_id).await?;
    let order: Order = orders
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(|| AppError::NotFound(format!("no order {id}")))?;
    let rules = app.rules_on(app.clock().today())?;
    let name = option_name(ctx, rules, order.option, order.competency.as_deref());
    let pending = order.status == OrderStatus::PendingPayment;
    let status = if pending { "pending_payment" } else { "active" };
    let title = if pending {
        ctx.t_args("result-pending-title", &[("option", name)])
    } else {
        ctx.t_args("order-title", &[("id", id.to_string()), ("option", name)])
    };
    let mut page = ResultPage::new(ctx, mpn.clone(), status, title);
    page.facts.push(fact(ctx.t("order-number"), id.to_string()));
    page.facts.push(fact(
        ctx.t("col-status"),
        ctx.t(&format!("order-status-{}", order.status.as_str())),
    ));
    page.facts
        .push(fact(ctx.t("price-fee"), ctx.money(order.fee)));
    if order.discount.minor != 0 {
        page.facts.push(fact(
            ctx.t_args(
                "price-discount",
                &[("percent", rules.silver_to_gold_discount_percent.to_string())],
            ),
            ctx.money(Money::new(-order.discount.minor, order.discount.currency)),
        ));
    }
    page.facts
        .push(fact(ctx.t("price-due"), ctx.money(order.amount_due())));
    if pending {
        page.lead = ctx.t_args(
            "result-pending-lead",
            &[
                ("amount", ctx.money(order.amount_due())),
                ("date", ctx.date(order.expires_on)),
            ],
        );
        page.facts
            .push(fact(ctx.t("order-expires"), ctx.date(order.expires_on)));
        if order.payment_method == PaymentMethod::BankTransfer {
            match app.bank_account() {
                Some(account) => {
                    page.bank = Some(BankView {
                        beneficiary: account.beneficiary.clone(),
                        iban: account.iban(),
                        bic: account.bic().unwrap_or_default().to_owned(),
                        bank: account.bank.clone().unwrap_or_default(),
                        reference: lpc_app::bank_transfer::reference(&order),
                        amount: ctx.money(order.amount_due()),
                    });
                }
                None => page.bank_missing = true,
            }
        }
        if pu.is_admin() && order.payment_method == PaymentMethod::BankTransfer {
            page.upload_action = format!(
                "/partner/{mpn}/orders/{id}/proof?{}",
                serde_urlencoded::to_string([("csrf", ctx.csrf.as_str())]).unwrap_or_default()
            );
        }
        if order.option == LearningOption::ActionPack {
            page.checklist = lap_checklist(app, &pu.actor, ctx, &mpn, None, true).await?;
        }
    } else if let Some(d) = order.paid_on {
        page.facts.push(fact(ctx.t("order-paid-on"), ctx.date(d)));
    }
    page.proofs = lpc_app::payments::proofs_of_order(app, &pu.actor, id)
        .await?
        .iter()
        .map(|p| proof_view(ctx, p))
        .collect();
    page.upload_error = upload_error;
    page.notice = notice;
    Ok(page)
}

/// What the order page was sent back with after a form (post/redirect/get).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct OrderQuery {
    /// `1` right after the enrollment placed the order.
    placed: String,
    /// `received` right after a proof was uploaded.
    proof: String,
}

/// `GET /partner/{mpn}/orders/{id}[?placed=1|proof=received]`.
pub async fn order(
    pu: PartnerUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    Query(query): Query<OrderQuery>,
) -> Response {
    let ctx = &pu.ctx;
    if !is_partner_user(&pu) {
        return ctx.not_found();
    }
    let Some(id) = params.get("id").and_then(|i| i.parse::<i64>().ok()) else {
        return ctx.not_found();
    };
    if query.placed == "1" {
        let orders = match lpc_app::payments::orders_of(&app, &pu.actor, pu.partner.mpn_id).await {
            Ok(orders) => orders,
            Err(e) => return ctx.fail(e),
        };
        if let Some(paid) = orders
            .iter()
            .find(|o| o.id == id && o.status == OrderStatus::Paid)
        {
            return match paid_page(&app, &pu, paid).await {
                Ok(page) => render(StatusCode::OK, &page),
                Err(e) => ctx.fail(e),
            };
        }
    }
    let mut notice = String::new();
    if query.proof == "received" {
        // The file's name as stored, never the query's text.
        if let Ok(proofs) = lpc_app::payments::proofs_of_order(&app, &pu.actor, id).await
            && let Some(last) = proofs.last()
        {
            notice = ctx.t_args("proof-received", &[("file", last.file_name.clone())]);
        }
    }
    match order_page(&app, &pu, id, String::new(), notice).await {
        Ok(mut page) => {
            if !page.notice.is_empty() {
                page.upload_action.clear();
            }
            render(StatusCode::OK, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

/// The order page with `message` next to the file field, answered with `status`.
async fn refuse(
    app: &App,
    pu: &PartnerUser,
    id: i64,
    status: StatusCode,
    message: String,
) -> Response {
    match order_page(app, pu, id, message, String::new()).await {
        Ok(page) => render(status, &page),
        Err(e) => pu.ctx.fail(e),
    }
}

/// `POST /partner/{mpn}/orders/{id}/proof`: a multipart upload with the `proof` file, at most
/// 5 MiB, refused from its declared length before anything is read, and never read beyond
/// the limit (R29).
pub async fn upload_proof(
    pu: PartnerUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let ctx = &pu.ctx;
    if !is_partner_user(&pu) {
        return ctx.not_found();
    }
    let Some(id) = params.get("id").and_then(|i| i.parse::<i64>().ok()) else {
        return ctx.not_found();
    };
    if !pu.is_admin() {
        return ctx.message(
            StatusCode::FORBIDDEN,
            "error-forbidden-title",
            "error-admin-only",
        );
    }
    let too_large = ctx.t("proof-too-large");
    let received = if upload::declared_over(&headers, PROOF_ROUTE_LIMIT as u64) {
        Err(UploadError::TooLarge)
    } else {
        upload::receive(multipart, "proof", MAX_PROOF_BYTES as u64, Keep::InMemory).await
    };
    let file = match received {
        Ok(received) => received.file.filter(|f| f.size > 0),
        Err(UploadError::TooLarge) => {
            return refuse(&app, &pu, id, StatusCode::PAYLOAD_TOO_LARGE, too_large).await;
        }
        Err(_) => None,
    };
    let Some(file) = file else {
        return refuse(
            &app,
            &pu,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.t("proof-missing"),
        )
        .await;
    };
    let name = file.name.clone();
    let content = file.into_bytes();
    match lpc_app::payments::attach_proof(&app, &pu.actor, id, &name, content).await {
        Ok(_) => axum::response::Redirect::to(&format!(
            "/partner/{}/orders/{id}?proof=received",
            pu.partner.mpn_id
        ))
        .into_response(),
        Err(AppError::Invalid { field, message }) if field == "proof" => {
            let key = if message.contains("bytes") {
                "proof-too-large"
            } else if message.contains("empty") {
                "proof-missing"
            } else {
                "proof-wrong-type"
            };
            refuse(&app, &pu, id, StatusCode::UNPROCESSABLE_ENTITY, ctx.t(key)).await
        }
        Err(AppError::Invalid { .. }) => {
            refuse(
                &app,
                &pu,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.t("proof-order-expired"),
            )
            .await
        }
        Err(AppError::Conflict(_)) => {
            refuse(
                &app,
                &pu,
                id,
                StatusCode::CONFLICT,
                ctx.t("proof-order-not-pending"),
            )
            .await
        }
        Err(e) => ctx.fail(e),
    }
}
