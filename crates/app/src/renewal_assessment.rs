//! One judgement of a membership's renewal, shared by the renewal run ([`crate::renewals`]),
//! the operators' predictions ([`crate::program_overview::predict`]) and the partner's
//! forecast ([`crate::renewal_forecast`]), so that on the anniversary all three say the same
//! (issue 19).
//!
//! The facts are those of the anniversary, not of the day the run happens to go: the rule
//! set in force on the anniversary (R14) with its R23 waivers, the MCTs valid that day (R4),
//! the exam passes of the twelve months up to it, and the KPI points of the report that covers
//! the twelve complete months before its month (R19). Before that report is published the
//! renewal cannot be decided on points; a forecast still estimates them from the months of the
//! window already published.

use jiff::civil::Date;
use lpc_domain::calendar;
use lpc_domain::eligibility::{PartnerFacts, RenewalEvaluation, RenewalVerdict, evaluate_renewal};
use lpc_domain::learning_option::LearningOption;
use lpc_domain::points::KpiPoints;
use lpc_domain::rules::{RuleSet, Stage};
use lpc_store::{Membership, Order, OrderPurpose, OrderStatus, PaymentMethod};

use crate::{App, AppError};

/// What a membership's renewal is judged on, and the judgement.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub anniversary: Date,
    /// R19: the partner's points in the deciding report; `None` while it is not published.
    pub decided_points: Option<KpiPoints>,
    /// The facts of the anniversary, with `kpi_points` the decided points or 0.
    pub facts: PartnerFacts,
    /// Judged on `facts`: what the renewal run decides on.
    pub judged: RenewalEvaluation,
    /// Whether the option is judged on KPI points at all (the Action Pack is not, R4).
    pub kpi_required: bool,
    /// The renewal order waiting for its bank transfer, if any (R29).
    pub pending_order: Option<Order>,
    /// How the membership was last paid: its renewal is paid the same way (R29).
    pub paid_by: PaymentMethod,
}

/// What the renewal run does with a membership on `today`, decided from an [`Assessment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Requirements met or waived (R23): renew, with an order paid like the last one.
    Renew,
    /// Nothing to do yet, and why (citing the rule).
    Wait(String),
    /// Not renewed within 30 days of the anniversary (R28), because of what is said.
    Lapse(String),
}

impl Assessment {
    /// The outcome the renewal run gives a membership it decides so (a renewal paid by bank
    /// transfer is pending until an operator confirms the proof, R29).
    pub fn outcome(&self, decision: &Decision) -> crate::renewals::Outcome {
        use crate::renewals::Outcome;
        match decision {
            Decision::Renew if self.paid_by == PaymentMethod::BankTransfer => Outcome::Pending,
            Decision::Renew if self.judged.verdict == RenewalVerdict::Waived => Outcome::Waived,
            Decision::Renew => Outcome::Renewed,
            Decision::Wait(_) => Outcome::Pending,
            Decision::Lapse(_) => Outcome::Lapsed,
        }
    }

    /// The same judgement with `points` in place of the decided ones: a forecast's estimate.
    pub fn with_points(&self, rules: &RuleSet, points: KpiPoints) -> RenewalEvaluation {
        let mut facts = self.facts.clone();
        facts.kpi_points = points;
        evaluate_renewal(
            rules,
            &facts,
            self.judged.option,
            self.judged.competency.as_deref(),
            self.anniversary,
        )
    }
}

/// Judges `membership` at its anniversary on what the store holds now.
pub async fn assess(app: &App, membership: &Membership) -> Result<Assessment, AppError> {
    let anniversary = membership.anniversary_date;
    let rules = app.rules_on(anniversary)?;
    let orders = app.store().orders_of(membership.partner_id).await?;
    let pending_order = orders
        .iter()
        .find(|o| {
            o.purpose == OrderPurpose::Renewal
                && o.status == OrderStatus::PendingPayment
                && o.membership_id == Some(membership.id)
        })
        .cloned();
    let paid_by = orders
        .iter()
        .find(|o| o.membership_id == Some(membership.id) && o.status == OrderStatus::Paid)
        .map_or(PaymentMethod::Card, |o| o.payment_method);
    let decided_points = decided_points(app, membership.partner_id, anniversary).await?;
    let mut facts =
        crate::eligibility::facts_as_of(app, membership.partner_id, anniversary).await?;
    facts.kpi_points = decided_points.unwrap_or(KpiPoints::ZERO);
    let judged = evaluate_renewal(
        rules,
        &facts,
        membership.option,
        membership.competency.as_deref(),
        anniversary,
    );
    Ok(Assessment {
        anniversary,
        decided_points,
        facts,
        judged,
        kpi_required: kpi_required(rules, membership.option),
        pending_order,
        paid_by,
    })
}

/// What the renewal run decides on `today` (on or after the anniversary).
pub fn decide(assessment: &Assessment, today: Date) -> Decision {
    let anniversary = assessment.anniversary;
    let lapses = today >= calendar::lapses_on(anniversary);
    if let Some(order) = &assessment.pending_order {
        return if lapses {
            Decision::Lapse("its renewal fee was not paid (R29)".to_owned())
        } else {
            Decision::Wait(format!(
                "R29: renewal order {} awaits its bank transfer; payable until {}",
                order.id,
                calendar::order_payable_until(order.created_on)
            ))
        };
    }
    let verdict = assessment.judged.verdict;
    if assessment.kpi_required
        && assessment.decided_points.is_none()
        && verdict != RenewalVerdict::Waived
    {
        let on = calendar::renewal_report_published_on(anniversary);
        let window = assessment.judged.window;
        return if lapses {
            Decision::Lapse(format!(
                "the KPI report of {on} (R19) was never published: nothing shows the requirements met"
            ))
        } else {
            Decision::Wait(format!(
                "R19: the KPI points of {} to {} are judged on the report published on {on}",
                window.from, window.to
            ))
        };
    }
    match verdict {
        RenewalVerdict::Met | RenewalVerdict::Waived => Decision::Renew,
        RenewalVerdict::Unmet if lapses => Decision::Lapse("its requirements were not met".into()),
        RenewalVerdict::Unmet => Decision::Wait(format!(
            "R28: unless its requirements are met, the membership lapses on {}",
            calendar::lapses_on(anniversary)
        )),
    }
}

/// Whether the option's renewal is judged on KPI points at all (the Action Pack is not, R4).
fn kpi_required(rules: &RuleSet, option: LearningOption) -> bool {
    rules
        .tiers
        .get(option)
        .kpi_required_at(Stage::Renewal)
        .is_some()
}

/// The partner's points in the report that covers the renewal window (R19), or `None` when
/// that report is not published (yet).
async fn decided_points(
    app: &App,
    partner: lpc_domain::MpnId,
    anniversary: Date,
) -> Result<Option<KpiPoints>, AppError> {
    let on = calendar::renewal_report_published_on(anniversary);
    if app.store().publication(on).await?.is_none() {
        return Ok(None);
    }
    let totals = app.store().published_totals(on, partner).await?;
    Ok(Some(
        totals
            .into_iter()
            .find(|t| t.omlp_type.is_none())
            .map_or(KpiPoints::ZERO, |t| t.kpi),
    ))
}
