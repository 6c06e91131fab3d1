//! Eligibility (R3..R10), entitlements (R6) and guidelines acceptances (R8).

use serde::Serialize;
use utoipa::ToSchema;

use super::*;

/// Every option, every requirement, met or not, and why: DESIGN.md's `eligibility` shape.
#[derive(Debug, Serialize, ToSchema)]
pub struct Eligibility {
    pub partner_id: String,
    pub rule_set: RuleSetRef,
    pub options: Vec<OptionEligibility>,
    pub recommended: Option<Recommendation>,
}

/// The rule set a decision used (R14).
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleSetRef {
    pub name: String,
    #[schema(format = Date)]
    pub effective_from: String,
    pub guidelines_version: String,
}

/// One option judged for the partner.
#[derive(Debug, Serialize, ToSchema)]
pub struct OptionEligibility {
    pub option: LearningOption,
    pub competency: Option<String>,
    pub eligible: bool,
    pub requirements: Vec<Requirement>,
    /// The partner holds this option and it is active.
    pub held: bool,
    /// What enrolling would cost (gold less the R11 discount for a silver partner).
    pub fee: Money,
}

/// One requirement, met or not, citing its rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct Requirement {
    pub id: RequirementId,
    pub met: bool,
    pub actual: Measure,
    pub required: Measure,
    /// The PROGRAM.md rule that decided (`R4`, `R8`, ...).
    pub rule: String,
    pub message: String,
    /// The waiver policy that made the requirement met (R23); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived_by: Option<String>,
}

/// A count, a number of KPI points, or a yes/no.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Measure {
    Count(i64),
    Points(f64),
    Flag(bool),
}

/// The option offered instead (R10).
#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub option: LearningOption,
    pub competency: Option<String>,
}

/// The Courseware Marketplace price tier (R6).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceTier {
    FullPriceInternalOnly,
    LearningPartnerDiscount,
}

/// May the partner buy the product for external delivery, and at which price (R6).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductEntitlement {
    pub partner_id: String,
    pub product: String,
    pub allowed: bool,
    pub price_tier: PriceTier,
    pub reason: String,
    pub rule: String,
}

/// A partner admin's acceptance of a Performance Guidelines version (R8).
#[derive(Debug, Serialize, ToSchema)]
pub struct GuidelineAcceptance {
    #[schema(value_type = String)]
    pub partner_id: lpc_domain::MpnId,
    pub version: String,
    #[schema(value_type = String)]
    pub accepted_by: lpc_domain::Email,
    #[schema(value_type = String, format = DateTime)]
    pub accepted_at: jiff::Timestamp,
}

impl From<lpc_app::views::GuidelineAcceptance> for GuidelineAcceptance {
    fn from(a: lpc_app::views::GuidelineAcceptance) -> Self {
        Self {
            partner_id: a.partner_id,
            version: a.version,
            accepted_by: a.accepted_by,
            accepted_at: a.accepted_at,
        }
    }
}
