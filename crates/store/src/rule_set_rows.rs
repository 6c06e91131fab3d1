//! Rule sets uploaded by operators (R14): drafts, activated ones and discarded ones.
//!
//! The TOML text is kept verbatim (with its SHA-256) so that what was activated is exactly what
//! was uploaded and checked; the effective date of an active rule set is the one chosen on
//! activation, which overrides the file's own `effective_from`.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

/// Where an uploaded rule set stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSetState {
    /// Uploaded and checked, not used by any decision.
    Draft,
    /// In force from its `effective_from` (R14).
    Active,
    /// Set aside by an operator; kept for the record.
    Discarded,
}

impl RuleSetState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Discarded => "discarded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "draft" => Some(Self::Draft),
            "active" => Some(Self::Active),
            "discarded" => Some(Self::Discarded),
            _ => None,
        }
    }
}

/// A rule set draft to store: already checked like `lpc rules check` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRuleSetDraft {
    /// The rule set's `name` (`FY27`), for lists.
    pub name: String,
    pub toml: String,
    /// Lower-case hex SHA-256 of `toml`.
    pub sha256: String,
    /// The actor as the audit log writes it (`user:ann@contoso.com`, `cli:ops`).
    pub uploaded_by: String,
    pub uploaded_at: Timestamp,
}

/// A stored rule set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredRuleSet {
    pub id: i64,
    pub name: String,
    pub toml: String,
    pub sha256: String,
    pub state: RuleSetState,
    /// The actor as the audit log writes it (`user:ann@contoso.com`, `cli:ops`).
    pub uploaded_by: String,
    pub uploaded_at: Timestamp,
    pub activated_by: Option<String>,
    pub activated_at: Option<Timestamp>,
    /// Set on activation (R14).
    pub effective_from: Option<Date>,
}

/// Who activates a draft, when, and from which date it is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSetActivation {
    pub id: i64,
    pub effective_from: Date,
    /// The actor as the audit log writes it.
    pub by: String,
    pub at: Timestamp,
}

/// What eligibility reads about every partner, read at once (the what-if of a draft rule set
/// over all partners; a query per partner would take minutes at 100,000 partners).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EligibilityBulk {
    /// Every trainer affiliation, by partner then MCT ID.
    pub trainers: Vec<crate::rows::Trainer>,
    /// Every exam pass on or after the date asked for, by partner.
    pub exam_passes: Vec<crate::rows::ExamPass>,
    /// Every guidelines version accepted (R8): (partner, version).
    pub acceptances: Vec<(lpc_domain::MpnId, String)>,
    /// The overall KPI points of each partner in the publication asked for (R17).
    pub kpi_totals: Vec<(lpc_domain::MpnId, lpc_domain::points::KpiPoints)>,
}
