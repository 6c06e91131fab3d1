//! The rule set in force on a date, shaped for people and for `lpc rules show --json`
//! (DESIGN.md): each competency with the exam codes that count for it, so that a reader does
//! not have to invert the exam mapping by hand.

use jiff::civil::Date;
use lpc_domain::learning_option::LearningOption;
use lpc_domain::rules::{
    ExamMapping, OmlpType, RuleBook, RuleSet, RuleSetRef, SharedCap, Tiers, Waiver,
};
use serde::Serialize;

use crate::error::AppError;

/// A rule set as shown by `lpc rules show`: DESIGN.md's `effective_from`, `competencies`,
/// `omlp_types` and `tiers` (each tier with `kpi_at_enrollment`/`kpi_at_renewal`, when its
/// `kpi_points` apply), plus the rest of the file and what takes effect next.
#[derive(Debug, Serialize)]
pub struct RuleSetSummary<'a> {
    pub name: &'a str,
    pub effective_from: Date,
    /// The date the rule set was chosen for (R14): today, or `--today`.
    pub in_force_on: Date,
    /// The rule set taking effect after this one, if the book has one.
    pub next: Option<RuleSetRef>,
    pub guidelines_version: &'a str,
    /// R11.
    pub silver_to_gold_discount_percent: i64,
    pub competencies: Vec<CompetencySummary<'a>>,
    pub exams: &'a [ExamMapping],
    pub tiers: &'a Tiers,
    /// Each with `cap` (`null` when uncapped).
    pub omlp_types: &'a [OmlpType],
    pub caps: &'a [SharedCap],
    pub waivers: &'a [Waiver],
}

/// A competency, the options it offers (R3) and the exams whose passes count for it (R8, R9).
#[derive(Debug, Serialize)]
pub struct CompetencySummary<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub tiers: &'a [LearningOption],
    pub exams: Vec<&'a str>,
}

/// The rule set in force on `date` (R14), summarized; refused, naming the first effective
/// date, when `date` is before every rule set.
pub fn summary(book: &RuleBook, date: Date) -> Result<RuleSetSummary<'_>, AppError> {
    let Some(set) = book.in_force_on(date) else {
        let first = book
            .sets()
            .first()
            .map(|set| format!("; the first takes effect on {}", set.effective_from))
            .unwrap_or_default();
        return Err(AppError::invalid(
            "today",
            format!("no rule set is in force on {date} (R14){first}"),
        ));
    };
    Ok(of(set, date, book.next_after(date).map(RuleSet::reference)))
}

fn of(set: &RuleSet, date: Date, next: Option<RuleSetRef>) -> RuleSetSummary<'_> {
    RuleSetSummary {
        name: &set.name,
        effective_from: set.effective_from,
        in_force_on: date,
        next,
        guidelines_version: &set.guidelines_version,
        silver_to_gold_discount_percent: set.silver_to_gold_discount_percent,
        competencies: set
            .competencies
            .iter()
            .map(|c| CompetencySummary {
                id: &c.id,
                name: &c.name,
                tiers: &c.tiers,
                exams: set.exams_for(&c.id),
            })
            .collect(),
        exams: &set.exams,
        tiers: &set.tiers,
        omlp_types: &set.omlp_types,
        caps: &set.caps,
        waivers: &set.waivers,
    }
}
