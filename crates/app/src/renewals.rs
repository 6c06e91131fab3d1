//! Anniversaries: renewing, waiving (R23) or lapsing memberships, and reminding partners
//! before (R15, R19, R23, R28): `lpc renewals run` and the scheduler's daily job.
//!
//! Renewal is automatic: on or after its anniversary, a membership whose requirements hold
//! (judged by the rule set in force on the anniversary, R14, with the KPI points of the report
//! that covers the twelve months before the anniversary month, R19) is renewed with an order
//! for the fee, paid the way the membership was last paid: by card at once, or by bank
//! transfer once an operator confirms the proof (R29). A membership whose requirements do not
//! hold stays `pending` through the 30 days after its anniversary and then lapses (R28); a
//! lapsed gold whose silver requirements hold is offered silver (R10).
//!
//! Idempotent: a renewed membership's anniversary moves a year on and a lapsed one is no
//! longer active, so running again the same day changes nothing and mails nobody twice.

use jiff::ToSpan;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::calendar::{self, DateWindow, MonthSpan};
use lpc_domain::eligibility::{RenewalVerdict, evaluate_renewal};
use lpc_domain::learning_option::LearningOption;
use lpc_domain::points::Money;
use lpc_store::{
    AuditDraft, Membership, NewOrder, NewOutboxMessage, OrderEffect, OrderPurpose, PaymentMethod,
};
use serde::Serialize;

use crate::renewal_assessment::{self, Assessment, Decision};
use crate::{Actor, App, AppError};

/// Days before an anniversary on which the partner's admins are reminded (R28).
pub const REMINDER_DAYS: [i32; 2] = [30, 7];

/// What happened to one membership at its anniversary, in DESIGN.md's `renewals run` shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Requirements met: renewed for a year.
    Renewed,
    /// Renewed because a waiver policy (R23) waived what was not met; the fee is still due.
    Waived,
    /// Not decided yet: the KPI report of the window is not published, the requirements are
    /// unmet but the 30 days after the anniversary are not over, or the renewal fee awaits a
    /// bank transfer.
    Pending,
    /// Not renewed 30 days after the anniversary: benefits end (R6, R28).
    Lapsed,
}

/// The option offered to a partner whose gold lapsed but whose silver requirements hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub option: LearningOption,
    pub competency: Option<String>,
}

/// One membership judged at its anniversary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluated {
    pub partner_id: MpnId,
    pub membership_id: i64,
    pub option: LearningOption,
    pub competency: Option<String>,
    pub anniversary_date: Date,
    pub outcome: Outcome,
    /// The twelve months whose KPI points count (R19).
    pub window: MonthSpan,
    /// The days on which the membership can be renewed (R28).
    pub renewal_window: DateWindow,
    /// Every requirement's sentence, and what decided the outcome.
    pub reasons: Vec<String>,
    /// The next anniversary, once renewed.
    pub new_anniversary_date: Option<Date>,
    /// The renewal order, when one was placed.
    pub order_id: Option<i64>,
    pub offered: Option<Offer>,
}

/// Everything one run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenewalsRun {
    pub today: Date,
    pub evaluated: Vec<Evaluated>,
    /// Reminder and lapse mails newly queued in the outbox.
    pub mails_queued: usize,
}

/// Judges every active membership whose anniversary is on or before today, and queues the
/// reminders of anniversaries to come (operators and the scheduler only).
pub async fn run(app: &App, actor: &Actor) -> Result<RenewalsRun, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let today = app.clock().today();
    let horizon = today.saturating_add((REMINDER_DAYS[0]).days());
    let mut run = RenewalsRun {
        today,
        evaluated: Vec::new(),
        mails_queued: 0,
    };
    for membership in app.store().active_memberships_due(horizon).await? {
        if membership.anniversary_date > today {
            run.mails_queued += remind(app, &membership, today).await?;
            continue;
        }
        let evaluated = judge(app, actor, &membership, today).await?;
        if evaluated.outcome == Outcome::Lapsed {
            run.mails_queued += tell_lapse(app, &evaluated).await?;
        }
        run.evaluated.push(evaluated);
    }
    Ok(run)
}

async fn judge(
    app: &App,
    actor: &Actor,
    membership: &Membership,
    today: Date,
) -> Result<Evaluated, AppError> {
    let anniversary = membership.anniversary_date;
    let assessment = renewal_assessment::assess(app, membership).await?;
    let decision = renewal_assessment::decide(&assessment, today);
    let mut evaluated = Evaluated {
        partner_id: membership.partner_id,
        membership_id: membership.id,
        option: membership.option,
        competency: membership.competency.clone(),
        anniversary_date: anniversary,
        outcome: Outcome::Pending,
        window: calendar::renewal_kpi_window(anniversary),
        renewal_window: calendar::renewal_window(membership.option, anniversary),
        reasons: Vec::new(),
        new_anniversary_date: None,
        order_id: assessment.pending_order.as_ref().map(|o| o.id),
        offered: None,
    };
    // A renewal awaiting its transfer is told by its order alone.
    if assessment.pending_order.is_none() {
        evaluated.reasons = assessment
            .judged
            .requirements
            .iter()
            .map(|r| r.message.clone())
            .collect();
    }
    match decision {
        Decision::Renew => renew(app, actor, membership, today, &assessment, evaluated).await,
        Decision::Wait(why) => {
            evaluated.reasons.push(why);
            Ok(evaluated)
        }
        Decision::Lapse(why) => {
            let unmet = assessment.pending_order.is_none()
                && assessment.judged.verdict == RenewalVerdict::Unmet
                && (assessment.decided_points.is_some() || !assessment.kpi_required);
            let offer = if unmet {
                silver_offer(app, membership, &assessment.facts, anniversary)?
            } else {
                None
            };
            let mut lapsed = lapse(app, actor, membership, today, evaluated, &why).await?;
            if let Some(offer) = offer {
                lapsed.reasons.push(format!(
                    "R10: the silver learning option of {} is open to the partner: its requirements hold",
                    offer.competency.as_deref().unwrap_or_default()
                ));
                lapsed.offered = Some(offer);
            }
            Ok(lapsed)
        }
    }
}

/// The anniversary after `membership`'s current one, counted from its start (R28) so that a
/// 29 February start comes back to the 29th in leap years.
pub fn next_anniversary(membership: &Membership) -> Date {
    let years = membership.anniversary_date.year() - membership.started_on.year();
    calendar::anniversary_after(membership.started_on, years + 1)
}

async fn renew(
    app: &App,
    actor: &Actor,
    membership: &Membership,
    today: Date,
    assessment: &Assessment,
    mut evaluated: Evaluated,
) -> Result<Evaluated, AppError> {
    let judged = &assessment.judged;
    let method = assessment.paid_by;
    let next = next_anniversary(membership);
    let order = NewOrder {
        partner_id: membership.partner_id,
        purpose: OrderPurpose::Renewal,
        option: membership.option,
        competency: membership.competency.clone(),
        membership_id: Some(membership.id),
        fee: judged.fee,
        discount: Money::new(0, judged.fee.currency),
        payment_method: method,
        created_on: today,
        expires_on: calendar::order_expires_on(today),
        created_by: actor.audit_name(),
        guidelines_version: None,
    };
    let outcome = if judged.verdict == RenewalVerdict::Waived {
        Outcome::Waived
    } else {
        Outcome::Renewed
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "membership.renew",
        format!("membership:{}", membership.id),
        app.clock().now(),
        serde_json::json!({
            "partner_id": membership.partner_id,
            "anniversary_date": membership.anniversary_date,
            "outcome": outcome,
            "waiver": judged.waiver,
            "rule_set": judged.rule_set,
            "payment_method": method.as_str(),
        }),
    );
    let pay_now = (method == PaymentMethod::Card).then_some((
        today,
        OrderEffect::Renew {
            membership_id: membership.id,
            new_anniversary_date: next,
        },
    ));
    let paid_now = pay_now.is_some();
    let stored = app.store().create_order(&order, pay_now, &audit).await?;
    evaluated.order_id = Some(stored.id);
    if let Some(waiver) = &judged.waiver {
        evaluated.reasons.push(format!(
            "R23: policy {waiver} waives the requirements of this anniversary; the fee is still due"
        ));
    }
    if paid_now {
        evaluated.outcome = outcome;
        evaluated.new_anniversary_date = Some(next);
    } else {
        evaluated.reasons.push(format!(
            "R29: renewal order {} awaits its bank transfer; the membership renews when it is confirmed",
            stored.id
        ));
    }
    Ok(evaluated)
}

async fn lapse(
    app: &App,
    actor: &Actor,
    membership: &Membership,
    today: Date,
    mut evaluated: Evaluated,
    why: &str,
) -> Result<Evaluated, AppError> {
    let audit = AuditDraft::new(
        actor.audit_name(),
        "membership.lapse",
        format!("membership:{}", membership.id),
        app.clock().now(),
        serde_json::json!({
            "partner_id": membership.partner_id,
            "anniversary_date": membership.anniversary_date,
            "why": why,
        }),
    );
    app.store()
        .lapse_membership(membership.id, today, &audit)
        .await?;
    evaluated.outcome = Outcome::Lapsed;
    evaluated.reasons.push(format!(
        "R28: not renewed within 30 days of {} because {why}: lapsed on {today}; its benefits end (R6)",
        membership.anniversary_date
    ));
    Ok(evaluated)
}

/// R10: a lapsing gold is offered the silver option of its competency when silver's renewal
/// requirements hold on the same facts.
fn silver_offer(
    app: &App,
    membership: &Membership,
    facts: &lpc_domain::eligibility::PartnerFacts,
    anniversary: Date,
) -> Result<Option<Offer>, AppError> {
    if membership.option != LearningOption::Gold {
        return Ok(None);
    }
    let rules = app.rules_on(anniversary)?;
    let silver = evaluate_renewal(
        rules,
        facts,
        LearningOption::Silver,
        membership.competency.as_deref(),
        anniversary,
    );
    if silver.verdict == RenewalVerdict::Unmet {
        return Ok(None);
    }
    Ok(Some(Offer {
        option: LearningOption::Silver,
        competency: membership.competency.clone(),
    }))
}

fn describe(option: LearningOption, competency: Option<&str>) -> String {
    match competency {
        Some(c) => format!("{} ({c})", option.label()),
        None => option.label().to_owned(),
    }
}

/// Queues the reminders whose day has come (30 and 7 days before the anniversary); the
/// dedup key makes every reminder go once.
async fn remind(app: &App, membership: &Membership, today: Date) -> Result<usize, AppError> {
    let anniversary = membership.anniversary_date;
    let mut queued = 0;
    for days in REMINDER_DAYS {
        let on = anniversary.saturating_sub(days.days());
        // Only the latest reminder due: a membership found 10 days before its anniversary
        // gets the 30-day reminder, not both on the same day.
        let next_due = REMINDER_DAYS
            .iter()
            .map(|d| anniversary.saturating_sub(d.days()))
            .filter(|d| *d <= today)
            .max();
        if today < on || next_due != Some(on) {
            continue;
        }
        let what = describe(membership.option, membership.competency.as_deref());
        let subject = format!("Your {what} renews on {anniversary}");
        let body = format!(
            "The {what} of partner {} reaches its anniversary on {anniversary}. \
             It is renewed automatically if its requirements are met (R15, R19); \
             otherwise it lapses on {} (R28). Renewal window: {} to {}.",
            membership.partner_id,
            calendar::lapses_on(anniversary),
            calendar::renewal_window(membership.option, anniversary).from,
            calendar::renewal_window(membership.option, anniversary).to,
        );
        queued += mail_admins(
            app,
            membership.partner_id,
            &format!("renewal-reminder-{days}:{}:{anniversary}", membership.id),
            &subject,
            &body,
        )
        .await?;
    }
    Ok(queued)
}

async fn tell_lapse(app: &App, evaluated: &Evaluated) -> Result<usize, AppError> {
    let what = describe(evaluated.option, evaluated.competency.as_deref());
    let mut body = format!(
        "The {what} of partner {} was not renewed within 30 days of its anniversary ({}) and has lapsed.\n\n",
        evaluated.partner_id, evaluated.anniversary_date
    );
    for reason in &evaluated.reasons {
        body.push_str("- ");
        body.push_str(reason);
        body.push('\n');
    }
    mail_admins(
        app,
        evaluated.partner_id,
        &format!(
            "lapse:{}:{}",
            evaluated.membership_id, evaluated.anniversary_date
        ),
        &format!("Your {what} has lapsed"),
        &body,
    )
    .await
}

async fn mail_admins(
    app: &App,
    partner: MpnId,
    key: &str,
    subject: &str,
    body: &str,
) -> Result<usize, AppError> {
    let mut queued = 0;
    for to in app.store().partner_admin_emails(partner).await? {
        let message = NewOutboxMessage {
            dedup_key: format!("{key}:{to}"),
            to,
            subject: subject.to_owned(),
            body: body.to_owned(),
            created_at: app.clock().now(),
        };
        if app.store().enqueue_mail(&message).await? {
            queued += 1;
        }
    }
    Ok(queued)
}
