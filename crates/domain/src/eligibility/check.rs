//! One requirement judged against the facts, with the sentence that explains it.
//!
//! Each builder compares an actual value with what the rule set requires and words the result
//! for a partner admin: what they have, what is required, and what to do about it.

use jiff::civil::Date;
use serde::Serialize;

use super::PartnerFacts;
use crate::calendar::MonthSpan;
use crate::learning_option::LearningOption;
use crate::points::{KpiPoints, Money};
use crate::requirement::RequirementId;
use crate::rules::{Competency, RuleSet, Stage};

/// A value compared by a requirement: a count, KPI points or a yes/no. Serialized as the bare
/// JSON value (`4`, `640.5`, `true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Measure {
    Count(i64),
    Points(KpiPoints),
    Flag(bool),
}

/// One requirement of an option: met or not, and why, citing its rule (DESIGN.md's shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub id: RequirementId,
    pub met: bool,
    pub actual: Measure,
    pub required: Measure,
    /// The PROGRAM.md rule that decided (`R4`, `R8`, `R9`, `R19`, `R23` when waived).
    pub rule: &'static str,
    pub message: String,
    /// The waiver policy that made the requirement met (R23), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived_by: Option<String>,
}

impl Requirement {
    fn new(
        id: RequirementId,
        met: bool,
        (actual, required): (Measure, Measure),
        rule: &'static str,
        message: String,
    ) -> Self {
        Self {
            id,
            met,
            actual,
            required,
            rule,
            message,
            waived_by: None,
        }
    }

    /// The same requirement met by a waiver policy (R23); already met requirements are left
    /// as they are, so that the explanation shows what was actually waived.
    pub(super) fn waive(mut self, waiver: &str) -> Self {
        if !self.met {
            self.met = true;
            self.rule = "R23";
            self.message = format!("{}; waived by policy {waiver} (R23)", self.message);
            self.waived_by = Some(waiver.to_owned());
        }
        self
    }
}

/// Where the KPI points of a judgement come from, to say so in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KpiSource {
    /// The latest published report (R17), `None` before the first publication.
    Report(Option<Date>),
    /// The renewal window of an anniversary (R19).
    RenewalWindow(MonthSpan),
}

/// R4, R8, R9: active MCTs.
pub fn mct_count(actual: u32, required: i64, rule: &'static str) -> Requirement {
    let actual_count = i64::from(actual);
    let met = actual_count >= required;
    let message = if met {
        let noun = plural(actual_count, "MCT", "MCTs");
        format!("{actual} active {noun} ({required} required)")
    } else {
        let noun = plural(required, "MCT", "MCTs");
        format!(
            "{actual} of {required} active {noun}; add {} more",
            required - actual_count
        )
    };
    Requirement::new(
        RequirementId::MctCount,
        met,
        (Measure::Count(actual_count), Measure::Count(required)),
        rule,
        message,
    )
}

/// R8, R9: passes of exams mapped to `competency` in the last twelve months.
pub fn exam_passes(
    actual: u32,
    required: i64,
    competency: &Competency,
    exam_codes: &[&str],
    rule: &'static str,
) -> Requirement {
    let actual_count = i64::from(actual);
    let met = actual_count >= required;
    let exams = if exam_codes.is_empty() {
        format!(
            "exams mapped to {} (none in this rule set)",
            competency.name
        )
    } else {
        format!(
            "exams mapped to {} ({})",
            competency.name,
            exam_codes.join(", ")
        )
    };
    let message = if met {
        let noun = plural(actual_count, "pass", "passes");
        format!("{actual} {noun} of {exams} in the last 12 months ({required} required)")
    } else {
        format!(
            "{actual} of {required} passes of {exams} in the last 12 months; {} more needed",
            required - actual_count
        )
    };
    Requirement::new(
        RequirementId::ExamPasses,
        met,
        (Measure::Count(actual_count), Measure::Count(required)),
        rule,
        message,
    )
}

/// R8, R9 (enrollment, on the latest report) and R15, R19 (renewal, on the window).
pub(super) fn kpi_points(
    actual: KpiPoints,
    required: KpiPoints,
    source: KpiSource,
    rule: &'static str,
) -> Requirement {
    let met = actual >= required;
    let (have, required_text) = (actual.grouped(), required.grouped());
    let missing = (required - actual).grouped();
    let message = match (source, met) {
        (KpiSource::Report(None), _) => format!(
            "No KPI report published yet: 0 of {required_text} KPI points; {missing} more needed"
        ),
        (KpiSource::Report(Some(published)), true) => format!(
            "{have} KPI points in the report published on {published} ({required_text} required)"
        ),
        (KpiSource::Report(Some(published)), false) => format!(
            "{have} of {required_text} KPI points in the report published on {published}; \
             {missing} more needed"
        ),
        (KpiSource::RenewalWindow(window), true) => format!(
            "{have} KPI points from {} to {} ({required_text} required)",
            window.from, window.to
        ),
        (KpiSource::RenewalWindow(window), false) => format!(
            "{have} of {required_text} KPI points from {} to {}; {missing} more needed",
            window.from, window.to
        ),
    };
    Requirement::new(
        RequirementId::KpiPoints,
        met,
        (Measure::Points(actual), Measure::Points(required)),
        rule,
        message,
    )
}

/// R8: acceptance of the current Performance Guidelines version.
pub fn performance_commitment(accepted: bool, version: &str, rule: &'static str) -> Requirement {
    let message = if accepted {
        format!("Learning Program Performance Guidelines version {version} accepted")
    } else {
        format!(
            "Accept the Performance Requirements of the Learning Program Performance Guidelines \
             version {version}"
        )
    };
    Requirement::new(
        RequirementId::PerformanceCommitment,
        accepted,
        (Measure::Flag(accepted), Measure::Flag(true)),
        rule,
        message,
    )
}

/// R5: the payment step of the LAP, for the enrollment use case's `unmet` list.
pub fn action_pack_subscription(active: bool, price: Money) -> Requirement {
    let message = if active {
        "Action Pack subscription active".to_owned()
    } else {
        format!("Buy or renew the Action Pack subscription ({price})")
    };
    Requirement::new(
        RequirementId::ActionPackSubscription,
        active,
        (Measure::Flag(active), Measure::Flag(true)),
        "R5",
        message,
    )
}

/// R8, R29: the payment step of silver and gold, for the enrollment use case's `unmet` list.
pub fn fee_paid(paid: bool, option: LearningOption, fee: Money) -> Requirement {
    let message = if paid {
        format!("{} fee paid", option.label())
    } else {
        format!("Pay the {} fee ({fee})", option.label())
    };
    let rule = if option == LearningOption::ActionPack {
        "R5"
    } else {
        "R8"
    };
    Requirement::new(
        RequirementId::FeePaid,
        paid,
        (Measure::Flag(paid), Measure::Flag(true)),
        rule,
        message,
    )
}

/// The singular for exactly one, the plural otherwise (`0 MCTs`, `1 MCT`).
fn plural(count: i64, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// The rule each option's requirements cite: R4 for the LAP, R8 silver, R9 gold.
fn option_rule(option: LearningOption) -> &'static str {
    match option {
        LearningOption::ActionPack => "R4",
        LearningOption::Silver => "R8",
        LearningOption::Gold => "R9",
    }
}

/// The prerequisites of `option` (in `competency` for silver and gold) at `stage`, judged on
/// `facts`: what the partner must meet before paying. Requirements the rule set sets to zero
/// or does not apply at this stage are left out rather than shown as trivially met.
pub(super) fn prerequisites(
    rules: &RuleSet,
    facts: &PartnerFacts,
    option: LearningOption,
    competency: Option<&Competency>,
    stage: Stage,
    kpi_source: KpiSource,
) -> Vec<Requirement> {
    let tier = rules.tiers.get(option);
    let rule = option_rule(option);
    let mut requirements = Vec::new();
    if tier.mct_count > 0 {
        requirements.push(mct_count(facts.active_mcts, tier.mct_count, rule));
    }
    if let Some(competency) = competency.filter(|_| tier.exam_passes > 0) {
        let passes = facts.exam_passes.get(&competency.id).copied().unwrap_or(0);
        let codes = rules.exams_for(&competency.id);
        requirements.push(exam_passes(
            passes,
            tier.exam_passes,
            competency,
            &codes,
            rule,
        ));
    }
    if let Some(required) = tier.kpi_required_at(stage) {
        let kpi_rule = match stage {
            Stage::Enrollment => rule,
            Stage::Renewal => "R19",
        };
        requirements.push(kpi_points(facts.kpi_points, required, kpi_source, kpi_rule));
    }
    if tier.performance_commitment {
        let accepted = facts
            .accepted_guidelines
            .contains(&rules.guidelines_version);
        requirements.push(performance_commitment(
            accepted,
            &rules.guidelines_version,
            rule,
        ));
    }
    requirements
}
