//! Enrolling a partner in a learning option (R1..R5, R8..R11, R29): `lpc enroll` and
//! `POST /api/v1/partners/{mpn}/enrollments`.
//!
//! Enrollment is fully automated (R2: no business plan is ever asked): the prerequisites are
//! judged at that moment by the eligibility engine, and an accepted enrollment becomes an
//! order for the fee of the rule set in force today. A card pays it at once (the membership
//! starts); a bank transfer leaves it pending until an operator confirms the proof of payment
//! (`payments`).

use jiff::civil::Date;
use lpc_domain::access::Action;
use lpc_domain::eligibility::{self as rules_eligibility, OptionEligibility, Recommendation};
use lpc_domain::{LearningOption, Money, MpnId, RequirementId, calendar};
use lpc_store::{
    AuditDraft, CaseKind, Membership, MembershipStatus, NewCase, NewOrder, Order, OrderEffect,
    OrderPurpose, OrderStatus, PaymentMethod, SupportCase,
};
use serde::Serialize;

use crate::{Actor, App, AppError, eligibility, guidelines};

/// What an enrollment came to, in DESIGN.md's `enroll` shape (`status`, `option`,
/// `competency`, `anniversary_date`, `unmet`, `recommended`) plus the order's details.
#[derive(Debug, Clone, Serialize)]
pub struct Enrollment {
    pub status: EnrollmentStatus,
    pub partner_id: MpnId,
    pub option: LearningOption,
    pub competency: Option<String>,
    /// One year after the payment (R28, R11); `null` until paid.
    pub anniversary_date: Option<Date>,
    /// Refused: every unmet prerequisite. Pending payment: the payment step still to do
    /// (`fee_paid`, or `action_pack_subscription` for the LAP). Active: empty.
    pub unmet: Vec<RequirementId>,
    /// R10: what the partner meets instead, when refused; `null` otherwise.
    pub recommended: Option<Recommendation>,
    /// A sentence per unmet requirement, citing its rule.
    pub reasons: Vec<String>,
    /// R11: gold bought by a silver partner of the same competency.
    pub upgrade: bool,
    pub order_id: Option<i64>,
    pub membership_id: Option<i64>,
    pub payment_method: Option<PaymentMethod>,
    pub fee: Option<Money>,
    pub discount: Option<Money>,
    pub amount_due: Option<Money>,
    pub currency: Option<String>,
    /// R29: a bank transfer not confirmed before this day expires.
    pub expires_on: Option<Date>,
    /// R5: the account-profile-setup case whose closing grants Courseware Marketplace access.
    pub marketplace_access_case: Option<i64>,
    /// What happens next, in a sentence.
    pub next_step: Option<String>,
}

/// `active`, `pending_payment` or `refused`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    Active,
    PendingPayment,
    Refused,
}

impl Enrollment {
    fn base(partner: MpnId, option: LearningOption, competency: Option<String>) -> Self {
        Self {
            status: EnrollmentStatus::Refused,
            partner_id: partner,
            option,
            competency,
            anniversary_date: None,
            unmet: Vec::new(),
            recommended: None,
            reasons: Vec::new(),
            upgrade: false,
            order_id: None,
            membership_id: None,
            payment_method: None,
            fee: None,
            discount: None,
            amount_due: None,
            currency: None,
            expires_on: None,
            marketplace_access_case: None,
            next_step: None,
        }
    }

    /// The refusal as one line for stderr: every unmet requirement with its rule, and R10's
    /// offer.
    pub fn refusal_message(&self) -> String {
        let what = match &self.competency {
            Some(c) => format!("{} in {c}", self.option.label()),
            None => self.option.label().to_owned(),
        };
        let offer = match &self.recommended {
            Some(r) => match &r.competency {
                Some(c) => format!("; R10: partner meets {} in {c}", r.option.label()),
                None => format!("; R10: partner meets {}", r.option.label()),
            },
            None => "; R10: no option is met yet".to_owned(),
        };
        format!(
            "enrollment of partner {} in {what} refused: {}{offer}",
            self.partner_id,
            self.reasons.join("; ")
        )
    }
}

/// Checks `competency` against `option` and the rule set in force: silver and gold need one
/// of the competencies offering that tier (R3), the Action Pack takes none.
fn checked_competency(
    app: &App,
    today: Date,
    option: LearningOption,
    competency: Option<&str>,
) -> Result<Option<String>, AppError> {
    let rules = app.rules_on(today)?;
    let competency = competency.map(str::trim).filter(|c| !c.is_empty());
    match (option.has_competency(), competency) {
        (false, None) => Ok(None),
        (false, Some(c)) => Err(AppError::invalid(
            "competency",
            format!("the Learning Action Pack has no competency (got {c:?}) (R3)"),
        )),
        (true, None) => Err(AppError::invalid(
            "competency",
            format!(
                "the {} is taken per competency: name one (R3)",
                option.label()
            ),
        )),
        (true, Some(c)) => {
            let offered = rules
                .competency_options()
                .any(|(o, comp)| o == option && comp.id == c);
            if offered {
                Ok(Some(c.to_owned()))
            } else {
                let ids: Vec<&str> = rules
                    .competency_options()
                    .filter(|(o, _)| *o == option)
                    .map(|(_, comp)| comp.id.as_str())
                    .collect();
                Err(AppError::invalid(
                    "competency",
                    format!(
                        "{c:?} offers no {} in rule set {} (R3); one of: {}",
                        option.label(),
                        rules.reference().name,
                        ids.join(", ")
                    ),
                ))
            }
        }
    }
}

/// The payment step of `option`, for `unmet` while an order awaits payment.
fn payment_step(option: LearningOption) -> RequirementId {
    match option {
        LearningOption::ActionPack => RequirementId::ActionPackSubscription,
        LearningOption::Silver | LearningOption::Gold => RequirementId::FeePaid,
    }
}

/// Enrolls `partner` in `option` (in `competency` for silver and gold), paying by
/// `payment_method`.
///
/// - R1: only a partner admin or account admin of the partner, or the CLI (assisted).
/// - R8: with `accept_commitment`, the acting user accepts the Performance Guidelines in
///   force (through [`guidelines::accept`]) before the judgement; without it and without an
///   earlier acceptance of that version, `performance_commitment` is unmet.
/// - The judgement is the eligibility engine's, on today's facts. It lists prerequisites
///   only: `fee_paid` and `action_pack_subscription` are not prerequisites
///   ([`RequirementId::is_prerequisite`]) but the enrollment's own payment step, so a partner
///   is never refused for not having paid yet; while a bank transfer awaits confirmation
///   that step is reported in `unmet` with status `pending_payment`.
/// - Refused (R10): `Ok` with status `refused`, every unmet requirement and the option the
///   partner meets instead; nothing is stored (except an acceptance asked for).
/// - Accepted: an order for the fee of the rule set in force today (R14). Gold while holding
///   an active silver of the competency is an upgrade (R11): the discount is taken off, the
///   silver ends as upgraded with its refund forfeited, and the gold anniversary is one year
///   after the purchase. Card: paid at once, active (R29). Bank transfer: pending until an
///   operator confirms the proof, expiring 31 days after today (R29).
/// - R5: a paid Action Pack opens the account-profile-setup case; marketplace access waits
///   for that case to be closed.
///
/// Holding the option already is a `Conflict` (renew it instead, R28); so is a second
/// enrollment racing this one (the store lets only one through).
pub async fn enroll(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    option: LearningOption,
    competency: Option<&str>,
    accept_commitment: bool,
    payment_method: PaymentMethod,
) -> Result<Enrollment, AppError> {
    actor.authorize(Action::ManageMemberships(partner))?;
    crate::claims::require_verified_for_everyone(&crate::partners::read(app, partner).await?)?;
    let today = app.clock().today();
    let competency = checked_competency(app, today, option, competency)?;
    let rules = app.rules_on(today)?;
    let tier = rules.tiers.get(option);
    if accept_commitment && tier.performance_commitment {
        guidelines::accept(app, actor, partner).await?;
    }
    let facts = eligibility::facts(app, partner).await?;
    let judged = rules_eligibility::evaluate(rules, &facts, today);
    let mut answer = Enrollment::base(partner, option, competency.clone());
    let Some(judgement) = judged.option(option, competency.as_deref()) else {
        return Err(AppError::Internal(format!(
            "the eligibility engine did not judge {option} {competency:?}"
        )));
    };
    if judgement.held {
        return Err(AppError::Conflict(format!(
            "partner {partner} already holds the {}{} and it is active: renew it at its \
             anniversary instead (R28)",
            option.label(),
            competency
                .as_deref()
                .map(|c| format!(" in {c}"))
                .unwrap_or_default()
        )));
    }
    if !judgement.eligible {
        answer.unmet = judgement.unmet();
        answer.reasons = reasons(judgement);
        answer.recommended = match &competency {
            Some(c) => judged.fallback_for(c),
            None => judged.recommended.clone(),
        };
        return Ok(answer);
    }

    // R11: gold bought while holding an active silver of the same competency.
    let silver = match (option, competency.as_deref()) {
        (LearningOption::Gold, Some(c)) => {
            active_membership(app, partner, LearningOption::Silver, c)
                .await?
                .map(|m| m.id)
        }
        _ => None,
    };
    let fee = rules.fee(option, false);
    let due = rules.fee(option, silver.is_some());
    let discount = Money::new(fee.minor - due.minor, fee.currency);
    let order = NewOrder {
        partner_id: partner,
        purpose: if silver.is_some() {
            OrderPurpose::Upgrade
        } else {
            OrderPurpose::Enrollment
        },
        option,
        competency: competency.clone(),
        membership_id: silver,
        fee,
        discount,
        payment_method,
        created_on: today,
        expires_on: calendar::order_expires_on(today),
        created_by: actor.audit_name(),
        guidelines_version: tier
            .performance_commitment
            .then(|| rules.guidelines_version.clone()),
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "order.create",
        format!("partner:{partner}"),
        app.clock().now(),
        serde_json::json!({
            "purpose": order.purpose,
            "option": option,
            "competency": competency,
            "fee": fee,
            "discount": discount,
            "payment_method": payment_method,
            "rule_set": rules.reference().name,
        }),
    );
    let pay_now = match payment_method {
        PaymentMethod::Card => Some((today, effect_of_new(&order, today)?)),
        PaymentMethod::BankTransfer => None,
    };
    let stored = app.store().create_order(&order, pay_now, &audit).await?;
    answer.upgrade = silver.is_some();
    answer.order_id = Some(stored.id);
    answer.payment_method = Some(payment_method);
    answer.fee = Some(stored.fee);
    answer.discount = Some(stored.discount);
    answer.amount_due = Some(stored.amount_due());
    answer.currency = Some(stored.fee.currency.to_string());
    match stored.status {
        OrderStatus::Paid => {
            answer.status = EnrollmentStatus::Active;
            answer.membership_id = stored.membership_id;
            answer.anniversary_date = stored.paid_on.map(|d| calendar::anniversary_after(d, 1));
            let case = after_payment(app, actor, &stored).await?;
            answer.marketplace_access_case = case.as_ref().map(|c| c.id);
            answer.next_step = Some(match case {
                Some(case) => format!(
                    "Courseware Marketplace access awaits account profile setup case {} with \
                     Partner Frontline Support (R5)",
                    case.id
                ),
                None => "active until its anniversary; renewable from 30 days before it (R28)"
                    .to_owned(),
            });
        }
        _ => {
            answer.status = EnrollmentStatus::PendingPayment;
            answer.unmet = vec![payment_step(option)];
            answer.expires_on = Some(stored.expires_on);
            answer.reasons = vec![format!(
                "Pay {} by bank transfer and upload the proof of payment; the order expires \
                 on {} (R29)",
                stored.amount_due(),
                stored.expires_on
            )];
            answer.next_step = Some(format!(
                "upload the proof of payment of order {} (lpc orders proof {} FILE); an \
                 operator confirms it{}",
                stored.id,
                stored.id,
                if option == LearningOption::ActionPack {
                    ", then the account profile setup case opens (R5)"
                } else {
                    ""
                }
            ));
        }
    }
    Ok(answer)
}

/// Each unmet requirement as `message (id, rule)`.
fn reasons(judgement: &OptionEligibility) -> Vec<String> {
    judgement
        .requirements
        .iter()
        .filter(|r| !r.met)
        .map(|r| format!("{} ({}, {})", r.message, r.id, r.rule))
        .collect()
}

/// The partner's active membership of `option` in `competency`, if any.
async fn active_membership(
    app: &App,
    partner: MpnId,
    option: LearningOption,
    competency: &str,
) -> Result<Option<Membership>, AppError> {
    Ok(app
        .store()
        .memberships_of(partner)
        .await?
        .into_iter()
        .find(|m| {
            m.status == MembershipStatus::Active
                && m.option == option
                && m.competency.as_deref() == Some(competency)
        }))
}

/// What paying an enrollment or upgrade order on `paid_on` does: a membership starting that
/// day with its anniversary one year later (R28; R11 for an upgrade).
pub(crate) fn effect_of_new(order: &NewOrder, paid_on: Date) -> Result<OrderEffect, AppError> {
    let anniversary_date = calendar::anniversary_after(paid_on, 1);
    match (order.purpose, order.membership_id) {
        (OrderPurpose::Enrollment, _) => Ok(OrderEffect::StartMembership {
            option: order.option,
            competency: order.competency.clone(),
            started_on: paid_on,
            anniversary_date,
        }),
        (OrderPurpose::Upgrade, Some(from)) => Ok(OrderEffect::Upgrade {
            from_membership_id: from,
            started_on: paid_on,
            anniversary_date,
        }),
        (purpose, _) => Err(AppError::Internal(format!(
            "an enrollment cannot pay a {purpose} order"
        ))),
    }
}

/// R5: after an Action Pack enrollment is paid, opens the account-profile-setup case linked
/// to the new membership, whose closing grants Courseware Marketplace access. Other options
/// need no case. Opening is its own transaction after the payment's: should it fail, the
/// payment stands and the error is reported (the case can be opened again by support).
pub(crate) async fn after_payment(
    app: &App,
    actor: &Actor,
    order: &Order,
) -> Result<Option<SupportCase>, AppError> {
    if order.option != LearningOption::ActionPack || order.purpose != OrderPurpose::Enrollment {
        return Ok(None);
    }
    let Some(membership) = order.membership_id else {
        return Ok(None);
    };
    let case = NewCase {
        partner_id: order.partner_id,
        kind: CaseKind::AccountProfileSetup,
        opened_by: actor.audit_name(),
        details: serde_json::json!({
            "order_id": order.id,
            "membership_id": membership,
            "request": "Set up the account profile so that the Learning Action Pack gives \
                        access to courseware on the Courseware Marketplace (R5)",
        }),
        membership_id: Some(membership),
        attachment: None,
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "case.open",
        format!("partner:{}", order.partner_id),
        app.clock().now(),
        serde_json::json!({
            "kind": CaseKind::AccountProfileSetup,
            "membership_id": membership,
            "order_id": order.id,
        }),
    );
    Ok(Some(app.store().open_case(&case, &audit).await?))
}

/// A partner's memberships in every status, by start date (anyone who may read the partner).
pub async fn memberships_of(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Vec<Membership>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    if app.store().partner(partner).await?.is_none() {
        return Err(AppError::NotFound(format!(
            "partner {partner} is not registered"
        )));
    }
    Ok(app.store().memberships_of(partner).await?)
}
