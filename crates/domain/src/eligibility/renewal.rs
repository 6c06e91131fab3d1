//! Judging a membership at its anniversary (R15, R19, R23, R28).

use jiff::civil::Date;
use serde::Serialize;

use super::PartnerFacts;
use super::check::{self, KpiSource, Requirement};
use crate::calendar::{self, DateWindow, MonthSpan};
use crate::learning_option::LearningOption;
use crate::points::Money;
use crate::rules::{Competency, RuleSet, RuleSetRef, Stage};

/// How a renewal is judged, before payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalVerdict {
    /// Every requirement is met on its merits.
    Met,
    /// At least one requirement is met only because a waiver policy applies (R23).
    Waived,
    /// At least one requirement is unmet: without renewal the membership lapses (R28).
    Unmet,
}

/// The judgement of one membership at one anniversary, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenewalEvaluation {
    pub option: LearningOption,
    pub competency: Option<String>,
    pub anniversary_date: Date,
    /// The KPI window the points were measured on (R19).
    pub window: MonthSpan,
    /// The days on which the renewal can be paid (R28).
    pub renewal_window: DateWindow,
    pub verdict: RenewalVerdict,
    pub requirements: Vec<Requirement>,
    /// The waiver policy that applied (R23), if any.
    pub waiver: Option<String>,
    /// Whether the renewal fee is due (R23 keeps it due).
    pub fee_due: bool,
    pub fee: Money,
    pub rule_set: RuleSetRef,
}

/// Judges the renewal of `option` (in `competency`) at `anniversary`.
///
/// `rules` must be the rule set in force on the anniversary (R14), and `facts.kpi_points` the
/// points of [`calendar::renewal_kpi_window`] (R19), not the latest report. Thresholds are the
/// rule set's `at_renewal` ones; the first anniversary is judged like every later one (R15).
/// A waiver policy of the rule set covering the anniversary and the competency (R23) turns the
/// unmet requirements it waives into met ones, saying so.
pub fn evaluate_renewal(
    rules: &RuleSet,
    facts: &PartnerFacts,
    option: LearningOption,
    competency: Option<&str>,
    anniversary: Date,
) -> RenewalEvaluation {
    let window = calendar::renewal_kpi_window(anniversary);
    // A competency the rule set no longer lists is still judged on its exam requirement
    // (which then has no mapped exam), rather than silently skipping it.
    let competency_rules = competency.map(|id| {
        rules.competency(id).cloned().unwrap_or_else(|| Competency {
            id: id.to_owned(),
            name: id.to_owned(),
            tiers: Vec::new(),
        })
    });
    let judged = check::prerequisites(
        rules,
        facts,
        option,
        competency_rules
            .as_ref()
            .filter(|_| option.has_competency()),
        Stage::Renewal,
        KpiSource::RenewalWindow(window),
    );
    let waiver = rules
        .waiver_for(anniversary, competency)
        .filter(|_| option.has_competency());
    let requirements: Vec<Requirement> = match waiver {
        Some(waiver) => judged
            .into_iter()
            .map(|r| {
                if waiver.waives(r.id) {
                    r.waive(&waiver.id)
                } else {
                    r
                }
            })
            .collect(),
        None => judged,
    };
    let verdict = if requirements.iter().any(|r| !r.met) {
        RenewalVerdict::Unmet
    } else if requirements.iter().any(|r| r.waived_by.is_some()) {
        RenewalVerdict::Waived
    } else {
        RenewalVerdict::Met
    };
    RenewalEvaluation {
        option,
        competency: competency.map(str::to_owned),
        anniversary_date: anniversary,
        window,
        renewal_window: calendar::renewal_window(option, anniversary),
        verdict,
        requirements,
        waiver: waiver.map(|w| w.id.clone()),
        fee_due: waiver.is_none_or(|w| w.fee_due),
        fee: rules.fee(option, false),
        rule_set: rules.reference(),
    }
}
