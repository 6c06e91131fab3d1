//! The renewal forecast (issue 19): for each of a partner's memberships, what today's data says
//! of its next renewal, what is still missing, and by when.
//!
//! A partner's dashboard shows the twelve months of the latest publication (R17); its renewal
//! is judged on the twelve complete months before the anniversary month (R19). The forecast
//! tells the two apart: the points of the window already published, the months not published
//! yet, the points of today's report that will have left the window, and each requirement
//! with its gap, under the rule set in force on the anniversary (R14) or its R23 waiver.
//!
//! It is judged by [`crate::renewal_assessment`], the code the renewal run decides with: from
//! the anniversary on, its outcome is what `lpc renewals run` decides that day; before, it is
//! the outcome expected if nothing changes, with the window's points estimated from the months
//! already published (caps applied as the deciding report will, R12).

use std::collections::BTreeMap;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::calendar::{self, DateWindow, MonthSpan, YearMonth};
use lpc_domain::eligibility::{Measure, Requirement};
use lpc_domain::learning_option::LearningOption;
use lpc_domain::points::KpiPoints;
use lpc_domain::rules::RuleSetRef;
use lpc_store::{Membership, MembershipStatus};
use serde::Serialize;

use crate::renewal_assessment::{self, Decision};
use crate::renewals::Outcome;
use crate::{Actor, App, AppError};

/// Days before an anniversary from which the overview shows its forecast unasked.
pub const SHOWN_DAYS_BEFORE: i32 = 90;

/// Every active membership's forecast, soonest anniversary first (`lpc forecast`, the API).
#[derive(Debug, Clone, Serialize)]
pub struct PartnerForecast {
    pub partner_id: MpnId,
    pub today: Date,
    /// The publication today's dashboard shows (R17); `None` before the first.
    pub shown_report_on: Option<Date>,
    pub memberships: Vec<Forecast>,
}

/// One month of a renewal's window: its points in today's report, or `None` when the month
/// is not published yet (R18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WindowMonth {
    pub month: YearMonth,
    /// The sum of the month's lines in today's report, before caps (R12).
    pub points: Option<KpiPoints>,
}

/// A requirement judged on today's data, and what is still missing.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastRequirement {
    #[serde(flatten)]
    pub requirement: Requirement,
    /// What must still be added to meet it (MCTs, passes, points), `true` for a commitment
    /// still to make; `None` when met or waived.
    pub gap: Option<Measure>,
}

/// One membership's renewal as today's data sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub membership_id: i64,
    pub option: LearningOption,
    pub competency: Option<String>,
    pub anniversary_date: Date,
    /// Days from today to the anniversary; negative once it has passed.
    pub days_to_anniversary: i64,
    /// The days on which it can be renewed (R28).
    pub renewal_window: DateWindow,
    /// R19: the twelve complete months before the anniversary month.
    pub window: MonthSpan,
    /// The last day an invoice can be dated and still count: the window's last day.
    pub last_invoice_date: Date,
    /// The publication that decides the points: the anniversary month's 15th (R17, R19).
    pub deciding_report_on: Date,
    pub deciding_report_published: bool,
    /// The window's twelve months, each with its points in today's report.
    pub months: Vec<WindowMonth>,
    /// Months of the window in today's report.
    pub published_months: Option<MonthSpan>,
    /// Months of the window after today's report: published later, up to the deciding report.
    pub not_yet_published_months: Option<MonthSpan>,
    /// The window's points: the deciding report's total once published, else those of its
    /// published months with the caps applied (R12).
    pub points_in_window: KpiPoints,
    /// Months today's report counts that fall out of the window before the anniversary.
    pub leaving_months: Option<MonthSpan>,
    /// Their points, before caps: they count on today's dashboard, not at the renewal.
    pub points_leaving: KpiPoints,
    /// The total today's dashboard shows (R17).
    pub points_shown_today: KpiPoints,
    /// The rule set in force on the anniversary (R14).
    pub rule_set: RuleSetRef,
    /// The R23 policy that waives this anniversary's requirements, if any.
    pub waiver: Option<String>,
    pub requirements: Vec<ForecastRequirement>,
    /// From the anniversary on, what `lpc renewals run` decides today; before, what it would
    /// decide if nothing changed.
    pub outcome: Outcome,
    /// Whether `outcome` is the renewal run's decision of today (the anniversary has come).
    pub decided: bool,
    /// The renewal order awaiting its bank transfer, if any (R29).
    pub pending_order: Option<i64>,
    /// Every sentence that explains the outcome, each citing its rule.
    pub reasons: Vec<String>,
}

/// Whether the overview shows a membership's forecast without being asked: from 90 days
/// before its anniversary, and after it while the membership is still active (undecided).
pub fn shown_on(anniversary: Date, today: Date) -> bool {
    anniversary <= today.saturating_add(jiff::ToSpan::days(SHOWN_DAYS_BEFORE))
}

impl Forecast {
    /// The requirements still unmet, in the rule set's order.
    pub fn unmet(&self) -> impl Iterator<Item = &ForecastRequirement> {
        self.requirements.iter().filter(|r| !r.requirement.met)
    }
}

/// The forecast of every active membership of `partner`.
pub async fn of_partner(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<PartnerForecast, AppError> {
    let read = crate::partners::get(app, actor, partner).await?;
    crate::claims::require_verified(actor, &read)?;
    let today = app.clock().today();
    let shown = crate::publications::latest_on(app, today).await?;
    let mut memberships: Vec<Membership> = app
        .store()
        .memberships_of(partner)
        .await?
        .into_iter()
        .filter(|m| m.status == MembershipStatus::Active)
        .collect();
    memberships.sort_by_key(|m| (m.anniversary_date, m.id));
    let mut forecasts = Vec::with_capacity(memberships.len());
    for membership in &memberships {
        forecasts.push(of_membership(app, actor, membership).await?);
    }
    Ok(PartnerForecast {
        partner_id: partner,
        today,
        shown_report_on: shown.map(|p| p.published_on),
        memberships: forecasts,
    })
}

/// The forecast of one membership (its partner's readers and operators).
pub async fn of_membership(
    app: &App,
    actor: &Actor,
    membership: &Membership,
) -> Result<Forecast, AppError> {
    actor.authorize(Action::ReadPartner(membership.partner_id))?;
    let today = app.clock().today();
    let anniversary = membership.anniversary_date;
    let assessment = renewal_assessment::assess(app, membership).await?;
    let rules = app.rules_on(anniversary)?;
    let report = crate::publications::kpi_report(app, actor, membership.partner_id).await?;
    let timeline = report
        .published_on
        .map(|on| calendar::renewal_timeline(anniversary, on));
    let window = calendar::renewal_kpi_window(anniversary);
    let deciding_report_on = calendar::renewal_report_published_on(anniversary);
    let mut by_month: BTreeMap<YearMonth, KpiPoints> = BTreeMap::new();
    let mut by_type: BTreeMap<String, KpiPoints> = BTreeMap::new();
    let mut points_leaving = KpiPoints::ZERO;
    let leaving = timeline.and_then(|t| t.leaving);
    for row in report.rows.iter() {
        let Ok(month) = YearMonth::new(row.year, row.month) else {
            continue;
        };
        if window.contains(month) {
            *by_month.entry(month).or_default() += row.kpi_value;
            *by_type.entry(row.omlp_type.clone()).or_default() += row.kpi_value;
        } else if leaving.is_some_and(|l| l.contains(month)) {
            points_leaving += row.kpi_value;
        }
    }
    let published = timeline.and_then(|t| t.published);
    let months = window_months(window)
        .map(|month| WindowMonth {
            month,
            points: published
                .is_some_and(|p| p.contains(month))
                .then(|| by_month.get(&month).copied().unwrap_or_default()),
        })
        .collect();
    let caps = app.rules().in_force_on(deciding_report_on).unwrap_or(rules);
    let points_in_window = assessment
        .decided_points
        .unwrap_or_else(|| caps.capped_total(&by_type));
    let expected = assessment.with_points(rules, points_in_window);
    let decided = today >= anniversary;
    let (outcome, mut reasons) = if decided {
        let decision = renewal_assessment::decide(&assessment, today);
        (assessment.outcome(&decision), vec![explain(&decision)])
    } else {
        let mut estimate = assessment.clone();
        estimate.decided_points = Some(points_in_window);
        estimate.judged = expected.clone();
        let decision = renewal_assessment::decide(&estimate, calendar::lapses_on(anniversary));
        let why = match &decision {
            Decision::Lapse(_) if assessment.pending_order.is_none() => format!(
                "R28: unless its requirements are met, it lapses on {}",
                calendar::lapses_on(anniversary)
            ),
            other => explain(other),
        };
        (assessment.outcome(&decision), vec![why])
    };
    if assessment.decided_points.is_none() && assessment.kpi_required {
        reasons.push(format!(
            "R19: the KPI points of {} to {} are judged on the report published on {deciding_report_on}; \
             until then they are estimated from the months published",
            window.from, window.to
        ));
    }
    let requirements = expected
        .requirements
        .iter()
        .map(|r| ForecastRequirement {
            gap: gap(r),
            requirement: r.clone(),
        })
        .collect();
    Ok(Forecast {
        membership_id: membership.id,
        option: membership.option,
        competency: membership.competency.clone(),
        anniversary_date: anniversary,
        days_to_anniversary: i64::from((anniversary - today).get_days()),
        renewal_window: calendar::renewal_window(membership.option, anniversary),
        window,
        last_invoice_date: window.last_day(),
        deciding_report_on,
        deciding_report_published: assessment.decided_points.is_some(),
        months,
        published_months: if assessment.decided_points.is_some() {
            Some(window)
        } else {
            published
        },
        not_yet_published_months: if assessment.decided_points.is_some() {
            None
        } else {
            timeline.map_or(Some(window), |t| t.not_yet_published)
        },
        points_in_window,
        leaving_months: leaving,
        points_leaving,
        points_shown_today: report.totals.kpi_value,
        rule_set: expected.rule_set.clone(),
        waiver: expected.waiver.clone(),
        requirements,
        outcome,
        decided,
        pending_order: assessment.pending_order.as_ref().map(|o| o.id),
        reasons,
    })
}

/// The sentence a decision gives, citing its rule.
fn explain(decision: &Decision) -> String {
    match decision {
        Decision::Renew => {
            "R15, R19: the requirements hold; the membership renews for a year".to_owned()
        }
        Decision::Wait(why) => why.clone(),
        Decision::Lapse(why) => format!("R28: it lapses because {why}"),
    }
}

/// What is missing of an unmet requirement.
fn gap(requirement: &Requirement) -> Option<Measure> {
    if requirement.met {
        return None;
    }
    Some(match (requirement.actual, requirement.required) {
        (Measure::Count(actual), Measure::Count(required)) => {
            Measure::Count(required.saturating_sub(actual).max(0))
        }
        (Measure::Points(actual), Measure::Points(required)) => {
            Measure::Points((required - actual).max(KpiPoints::ZERO))
        }
        _ => Measure::Flag(true),
    })
}

/// The months of `span`, in order.
fn window_months(span: MonthSpan) -> impl Iterator<Item = YearMonth> {
    std::iter::successors(Some(span.from), move |m| (*m < span.to).then(|| m.next()))
}
