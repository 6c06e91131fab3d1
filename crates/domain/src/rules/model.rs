//! The parts of a rule set, as the rule files spell them (`docs/rules.md`).
//!
//! Every struct refuses unknown fields, so that a misspelt key is an error at load time rather
//! than a threshold silently left at its default. Counts and amounts are signed so that a
//! negative value reaches [`RuleSet::validate`](super::RuleSet::validate), which names its
//! field, instead of failing as an anonymous type error.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::learning_option::LearningOption;
use crate::points::{KpiPoints, Money};
use crate::requirement::RequirementId;

/// A competency and the learning options it offers (R3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    /// Stable identifier used in files, the CLI and the database (`cloud_platform`).
    pub id: String,
    /// Name shown to people (`Cloud Platform`).
    pub name: String,
    /// Which learning options the competency offers: `silver`, `gold` or both.
    pub tiers: Vec<LearningOption>,
}

impl Competency {
    pub fn offers(&self, option: LearningOption) -> bool {
        self.tiers.contains(&option)
    }
}

/// An exam code and the competencies whose exam requirement its passes count for (R8, R9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamMapping {
    /// The exam code as it appears in the exams file (`AZ-104`).
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// One exam may count for several competencies (AZ-500: security and cloud platform).
    pub competencies: Vec<String>,
}

/// The requirements and fee of each enrollment option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    pub action_pack: TierRules,
    pub silver: TierRules,
    pub gold: TierRules,
}

impl Tiers {
    pub fn get(&self, option: LearningOption) -> &TierRules {
        match option {
            LearningOption::ActionPack => &self.action_pack,
            LearningOption::Silver => &self.silver,
            LearningOption::Gold => &self.gold,
        }
    }
}

/// When a requirement is judged: enrolling (R7..R10) or renewing at an anniversary (R15, R19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Enrollment,
    Renewal,
}

/// What one option requires (R4, R8, R9) and what it costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierRules {
    /// Active MCTs affiliated with the partner (R4: 1 for the LAP).
    pub mct_count: i64,
    /// Passes of exams mapped to the competency in the last twelve months (0: no exam
    /// requirement; must be 0 for the Action Pack, which has no competency).
    pub exam_passes: i64,
    /// KPI points required when the threshold applies (0: no KPI requirement).
    pub kpi_points: KpiPoints,
    /// Whether the threshold is judged when enrolling, on the latest report (R17, R9).
    pub kpi_at_enrollment: bool,
    /// Whether the threshold is judged at each anniversary, on the renewal window (R15, R19).
    pub kpi_at_renewal: bool,
    /// Whether the admin must accept the current Performance Guidelines (R8).
    pub performance_commitment: bool,
    /// The fee of one year (R8, R29), also the Action Pack subscription price (R5).
    pub fee: Money,
}

impl TierRules {
    /// The KPI threshold that applies at `stage`, if any.
    pub fn kpi_required_at(&self, stage: Stage) -> Option<KpiPoints> {
        let applies = match stage {
            Stage::Enrollment => self.kpi_at_enrollment,
            Stage::Renewal => self.kpi_at_renewal,
        };
        (applies && self.kpi_points > KpiPoints::ZERO).then_some(self.kpi_points)
    }
}

/// A kind of Official Microsoft Learning Product and the KPI points one purchase unit earns
/// (R12, R20).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OmlpType {
    /// The value of the invoices file's `omlp_type` column (`labs_online`).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Points per purchase unit, in thousandths at most (`0.5`).
    pub points_per_unit: KpiPoints,
    /// Most points this type contributes to one window (a report period or a renewal window).
    #[serde(default)]
    pub cap: Option<KpiPoints>,
}

/// A cap shared by several OMLP types: together they contribute at most `points` to a window
/// (R12). A type may belong to at most one shared cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedCap {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub omlp_types: Vec<String>,
    pub points: KpiPoints,
}

/// What a waiver policy waives at a renewal (R23).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaiverScope {
    /// Every requirement of the option (R23's "competency requirements").
    Requirements,
    MctCount,
    ExamPasses,
    KpiPoints,
    PerformanceCommitment,
}

impl WaiverScope {
    pub fn covers(self, requirement: RequirementId) -> bool {
        match self {
            Self::Requirements => requirement.is_prerequisite(),
            Self::MctCount => requirement == RequirementId::MctCount,
            Self::ExamPasses => requirement == RequirementId::ExamPasses,
            Self::KpiPoints => requirement == RequirementId::KpiPoints,
            Self::PerformanceCommitment => requirement == RequirementId::PerformanceCommitment,
        }
    }
}

/// A policy that waives renewal requirements for anniversaries in a window (R23): a one-year
/// extension of silver and gold memberships, except for excluded competencies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// Cited in renewal explanations (`covid-extension-2021`).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// First anniversary date the policy applies to.
    #[serde(deserialize_with = "super::date_field::deserialize")]
    pub from: Date,
    /// Last anniversary date the policy applies to (included).
    #[serde(deserialize_with = "super::date_field::deserialize")]
    pub to: Date,
    pub waives: Vec<WaiverScope>,
    /// Whether the renewal fee is still due (R23: yes).
    pub fee_due: bool,
    /// Competencies the policy does not apply to (R23: cloud_business_applications).
    #[serde(default)]
    pub excluded_competencies: Vec<String>,
}

impl Waiver {
    /// Whether the policy applies to the renewal of a membership in `competency` (silver and
    /// gold only: the Action Pack has no competency) with this anniversary.
    pub fn applies_to(&self, anniversary: Date, competency: Option<&str>) -> bool {
        let Some(competency) = competency else {
            return false;
        };
        self.from <= anniversary
            && anniversary <= self.to
            && !self.excluded_competencies.iter().any(|c| c == competency)
    }

    pub fn waives(&self, requirement: RequirementId) -> bool {
        self.waives.iter().any(|scope| scope.covers(requirement))
    }
}
