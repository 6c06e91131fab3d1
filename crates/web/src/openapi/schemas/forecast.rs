//! The renewal forecast (R14, R17, R19, R23; issue 19), mirrored from
//! `lpc_app::renewal_forecast`.

use serde::Serialize;
use utoipa::ToSchema;

use super::*;

/// Every active membership's renewal forecast, soonest anniversary first.
#[derive(Debug, Serialize, ToSchema)]
pub struct RenewalForecast {
    #[schema(example = "1234567")]
    pub partner_id: String,
    #[schema(format = Date)]
    pub today: String,
    /// The publication today's dashboard shows (R17); null before the first.
    #[schema(format = Date)]
    pub shown_report_on: Option<String>,
    pub memberships: Vec<MembershipForecast>,
}

/// An inclusive range of days.
#[derive(Debug, Serialize, ToSchema)]
pub struct DateWindow {
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
}

/// One month of the R19 window and its points in today's report; `points` is null for a
/// month not published yet (R18).
#[derive(Debug, Serialize, ToSchema)]
pub struct WindowMonth {
    #[schema(example = "2026-03", pattern = r"^\d{4}-\d{2}$")]
    pub month: String,
    pub points: Option<f64>,
}

/// One requirement on today's data, with what is still missing.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastRequirement {
    pub id: RequirementId,
    pub met: bool,
    pub actual: Measure,
    pub required: Measure,
    pub rule: String,
    pub message: String,
    /// The waiver policy that made the requirement met (R23); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived_by: Option<String>,
    /// What must still be added (MCTs, passes, points), `true` for a commitment to make;
    /// null when met or waived.
    pub gap: Option<Measure>,
}

/// What `lpc renewals run` decides, or would decide if nothing changed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RenewalOutcome {
    Renewed,
    Waived,
    Pending,
    Lapsed,
}

/// One membership's renewal as today's data sees it (`docs/forecast.md`).
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipForecast {
    pub membership_id: i64,
    pub option: LearningOption,
    pub competency: Option<String>,
    #[schema(format = Date)]
    pub anniversary_date: String,
    /// Negative once the anniversary has passed.
    pub days_to_anniversary: i64,
    /// The days on which it can be renewed (R28).
    pub renewal_window: DateWindow,
    /// R19: the twelve complete months before the anniversary month.
    pub window: MonthSpan,
    /// The last day an invoice can be dated and still count.
    #[schema(format = Date)]
    pub last_invoice_date: String,
    /// The anniversary month's 15th: the report that decides the points.
    #[schema(format = Date)]
    pub deciding_report_on: String,
    pub deciding_report_published: bool,
    pub months: Vec<WindowMonth>,
    pub published_months: Option<MonthSpan>,
    pub not_yet_published_months: Option<MonthSpan>,
    /// The deciding report's total once published; else the published months', capped (R12).
    pub points_in_window: f64,
    /// Months of today's report that leave the window before the anniversary.
    pub leaving_months: Option<MonthSpan>,
    pub points_leaving: f64,
    pub points_shown_today: f64,
    /// The rule set in force on the anniversary (R14).
    pub rule_set: RuleSetRef,
    /// The R23 waiver policy of this anniversary, if any.
    pub waiver: Option<String>,
    pub requirements: Vec<ForecastRequirement>,
    pub outcome: RenewalOutcome,
    /// True from the anniversary on: `outcome` is the renewal run's decision of today.
    pub decided: bool,
    /// The renewal order awaiting its bank transfer (R29).
    pub pending_order: Option<i64>,
    pub reasons: Vec<String>,
}
