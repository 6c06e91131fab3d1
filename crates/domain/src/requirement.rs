//! The names of the requirements an option is judged on, shared by eligibility, renewals,
//! enrollment and waiver policies (R23) so that every layer cites the same ids.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One requirement of an enrollment option, serialized with DESIGN.md's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementId {
    /// Active Microsoft Certified Trainers affiliated with the partner (R4, R8, R9).
    MctCount,
    /// Passes of exams mapped to the competency in the last twelve months (R8, R9).
    ExamPasses,
    /// KPI points in the latest report (R17) or the renewal window (R19) (R8, R9, R15).
    KpiPoints,
    /// Acceptance of the current Learning Program Performance Guidelines (R8).
    PerformanceCommitment,
    /// The Action Pack subscription bought or renewed: the payment step of the LAP (R5).
    ActionPackSubscription,
    /// The competency fee paid: the payment step of silver and gold (R8, R29).
    FeePaid,
}

impl RequirementId {
    pub const ALL: [RequirementId; 6] = [
        Self::MctCount,
        Self::ExamPasses,
        Self::KpiPoints,
        Self::PerformanceCommitment,
        Self::ActionPackSubscription,
        Self::FeePaid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::MctCount => "mct_count",
            Self::ExamPasses => "exam_passes",
            Self::KpiPoints => "kpi_points",
            Self::PerformanceCommitment => "performance_commitment",
            Self::ActionPackSubscription => "action_pack_subscription",
            Self::FeePaid => "fee_paid",
        }
    }

    /// Whether the partner must meet it before buying (a prerequisite judged by eligibility)
    /// rather than do it while enrolling (a payment step).
    pub fn is_prerequisite(self) -> bool {
        !matches!(self, Self::ActionPackSubscription | Self::FeePaid)
    }
}

impl fmt::Display for RequirementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::Error as ValueError;

    #[test]
    fn ids_are_the_names_of_design_md() {
        let names: Vec<_> = RequirementId::ALL.iter().map(|id| id.as_str()).collect();
        assert_eq!(
            names,
            [
                "mct_count",
                "exam_passes",
                "kpi_points",
                "performance_commitment",
                "action_pack_subscription",
                "fee_paid"
            ]
        );
        for id in RequirementId::ALL {
            let parsed = RequirementId::deserialize(
                IntoDeserializer::<ValueError>::into_deserializer(id.as_str()),
            )
            .unwrap();
            assert_eq!(parsed, id, "serde name of {id} must match as_str");
        }
    }
}
