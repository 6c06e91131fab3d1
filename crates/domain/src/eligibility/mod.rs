//! Eligibility: for a partner on a day, every option it could enroll in, every requirement met
//! or not, and why (R3, R4, R7..R10, R15, R16).
//!
//! Pure: the caller gathers the facts (active MCTs, exam passes, the latest report's points,
//! accepted guidelines, memberships) and passes the rule set in force (R14). What appears for
//! which option, and the tie-break of the recommendation, are documented in `docs/rules.md`.
//!
//! - [`check`]: one requirement and its sentence.
//! - [`count_exam_passes`]: exam passes in the last twelve months (R8).
//! - [`evaluate_renewal`]: judging a membership at its anniversary (R15, R19, R23).

pub mod check;
mod exams;
mod renewal;

#[cfg(test)]
mod tests;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar;
use crate::ids::MpnId;
use crate::learning_option::LearningOption;
use crate::points::{KpiPoints, Money};
use crate::requirement::RequirementId;
use crate::rules::{RuleSet, RuleSetRef, Stage};

pub use check::{Measure, Requirement};
pub use exams::count_exam_passes;
pub use renewal::{RenewalEvaluation, RenewalVerdict, evaluate_renewal};

/// A membership the partner holds (paid), as the eligibility and entitlement rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldMembership {
    pub option: LearningOption,
    /// `None` for the Action Pack.
    pub competency: Option<String>,
    /// The current anniversary; the membership counts through anniversary + 30 days (R28).
    pub anniversary_date: Date,
}

impl HeldMembership {
    /// Whether it still gives its benefits on `today` (R28: until it lapses).
    pub fn is_active_on(&self, today: Date) -> bool {
        calendar::is_active_on(self.anniversary_date, today)
    }
}

/// What the caller knows about a partner on `today`; every field is already filtered to what
/// counts on that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerFacts {
    pub partner_id: MpnId,
    /// MCTs whose `valid_from..=valid_until` contains today.
    pub active_mcts: u32,
    /// Exam passes per competency in the last twelve months ([`count_exam_passes`]).
    pub exam_passes: BTreeMap<String, u32>,
    /// Points of the latest published report (R17), 0 before any; for a renewal, the points
    /// of the renewal window (R19). Purchases before enrollment count like others (R16).
    pub kpi_points: KpiPoints,
    /// Publication date of the report `kpi_points` comes from; `None` before any publication.
    pub kpi_published_on: Option<Date>,
    /// Performance Guidelines versions the partner's admin has accepted (R8).
    pub accepted_guidelines: BTreeSet<String>,
    /// Paid memberships; lapsed ones are ignored by date.
    pub memberships: Vec<HeldMembership>,
}

impl PartnerFacts {
    /// A partner with nothing yet: no MCT, no pass, no report, no membership.
    pub fn empty(partner_id: MpnId) -> Self {
        Self {
            partner_id,
            active_mcts: 0,
            exam_passes: BTreeMap::new(),
            kpi_points: KpiPoints::ZERO,
            kpi_published_on: None,
            accepted_guidelines: BTreeSet::new(),
            memberships: Vec::new(),
        }
    }

    /// Whether the partner holds `option` (in `competency`) and it is active on `today`.
    pub fn holds(&self, option: LearningOption, competency: Option<&str>, today: Date) -> bool {
        self.memberships.iter().any(|m| {
            m.option == option && m.competency.as_deref() == competency && m.is_active_on(today)
        })
    }

    fn passes_for(&self, competency: &str) -> u32 {
        self.exam_passes.get(competency).copied().unwrap_or(0)
    }
}

/// One option (LAP, or silver/gold of a competency) and its requirements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionEligibility {
    pub option: LearningOption,
    pub competency: Option<String>,
    /// Every prerequisite is met: the partner may buy the option now.
    pub eligible: bool,
    pub requirements: Vec<Requirement>,
    /// The partner already holds this option and it is active.
    pub held: bool,
    /// What enrolling would cost: the gold fee less the R11 discount when the partner holds
    /// silver in the competency.
    pub fee: Money,
}

impl OptionEligibility {
    /// The ids of the unmet requirements, for refusals (R10) and `enroll`'s `unmet`.
    pub fn unmet(&self) -> Vec<RequirementId> {
        self.requirements
            .iter()
            .filter(|r| !r.met)
            .map(|r| r.id)
            .collect()
    }
}

/// The option offered to the partner (R10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub option: LearningOption,
    pub competency: Option<String>,
}

/// The whole answer, in DESIGN.md's `eligibility` shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Eligibility {
    pub partner_id: MpnId,
    pub rule_set: RuleSetRef,
    pub options: Vec<OptionEligibility>,
    pub recommended: Option<Recommendation>,
}

impl Eligibility {
    pub fn option(
        &self,
        option: LearningOption,
        competency: Option<&str>,
    ) -> Option<&OptionEligibility> {
        self.options
            .iter()
            .find(|o| o.option == option && o.competency.as_deref() == competency)
    }

    /// R10: what to offer a partner refused `competency`'s gold or silver: the highest option
    /// it meets in that competency, else the LAP, else nothing.
    pub fn fallback_for(&self, competency: &str) -> Option<Recommendation> {
        [LearningOption::Gold, LearningOption::Silver]
            .into_iter()
            .filter_map(|option| self.option(option, Some(competency)))
            .chain(self.option(LearningOption::ActionPack, None))
            .find(|o| o.eligible)
            .map(|o| Recommendation {
                option: o.option,
                competency: o.competency.clone(),
            })
    }
}

/// Judges every option of `rules` for the partner on `today` (R3, R4, R8, R9, R10).
///
/// Requirements listed are the prerequisites to meet before buying: the LAP needs its MCT
/// (R4); silver needs MCTs, exam passes and the performance commitment, plus KPI points only
/// if the rule set applies them at enrollment (by default silver KPIs are judged at renewal
/// only); gold the same with its KPI points (R9). Paying (`fee_paid`,
/// `action_pack_subscription`) is a step of enrolling, not of eligibility. First-year partners
/// and partners enrolled yesterday are judged alike: nothing here depends on an enrollment
/// date (R15, R16).
pub fn evaluate(rules: &RuleSet, facts: &PartnerFacts, today: Date) -> Eligibility {
    let source = check::KpiSource::Report(facts.kpi_published_on);
    let lap = {
        let requirements = check::prerequisites(
            rules,
            facts,
            LearningOption::ActionPack,
            None,
            Stage::Enrollment,
            source,
        );
        OptionEligibility {
            option: LearningOption::ActionPack,
            competency: None,
            eligible: requirements.iter().all(|r| r.met),
            requirements,
            held: facts.holds(LearningOption::ActionPack, None, today),
            fee: rules.fee(LearningOption::ActionPack, false),
        }
    };
    let competency_options = rules.competency_options().map(|(option, competency)| {
        let requirements = check::prerequisites(
            rules,
            facts,
            option,
            Some(competency),
            Stage::Enrollment,
            source,
        );
        let id = competency.id.as_str();
        let upgrade =
            option == LearningOption::Gold && facts.holds(LearningOption::Silver, Some(id), today);
        OptionEligibility {
            option,
            competency: Some(competency.id.clone()),
            eligible: requirements.iter().all(|r| r.met),
            requirements,
            held: facts.holds(option, Some(id), today),
            fee: rules.fee(option, upgrade),
        }
    });
    let options: Vec<OptionEligibility> = std::iter::once(lap).chain(competency_options).collect();
    let recommended = recommend(&options, facts, today);
    Eligibility {
        partner_id: facts.partner_id,
        rule_set: rules.reference(),
        options,
        recommended,
    }
}

/// R10: the highest eligible option (gold > silver > LAP). Among competencies of that tier:
/// first one where the partner holds silver (a gold upgrade with the R11 discount), then the
/// most exam passes for the competency, then the competency id alphabetically.
fn recommend(
    options: &[OptionEligibility],
    facts: &PartnerFacts,
    today: Date,
) -> Option<Recommendation> {
    options
        .iter()
        .filter(|o| o.eligible)
        .min_by_key(|o| {
            let competency = o.competency.as_deref();
            let upgrade = o.option == LearningOption::Gold
                && facts.holds(LearningOption::Silver, competency, today);
            let passes = competency.map_or(0, |c| facts.passes_for(c));
            (
                Reverse(o.option),
                Reverse(upgrade),
                Reverse(passes),
                competency,
            )
        })
        .map(|o| Recommendation {
            option: o.option,
            competency: o.competency.clone(),
        })
}
