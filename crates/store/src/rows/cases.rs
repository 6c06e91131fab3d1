//! The rows of Partner Frontline Support cases (R5, R13, R22, R27): cases, their attachments,
//! comments and changes of state, and the KPI adjustments resolving a discrepancy adds.

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::points::{KpiPoints, Money};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::StoreError;

stored_enum! {
    /// The kinds of Partner Frontline Support cases.
    CaseKind {
        /// R22: the partner's dashboard disagrees with its invoices.
        KpiDiscrepancy => "kpi_discrepancy",
        /// R5: the second step of activating the Action Pack.
        AccountProfileSetup => "account_profile_setup",
        /// R27: the partner is missing from the Learning Partner directory.
        DirectoryMissing => "directory_missing",
    }
}

stored_enum! {
    /// Where a support case stands; `Resolved` and `Rejected` are final.
    CaseState {
        Open => "open",
        /// The agent asked the partner for something (e.g. an actual invoice, R13).
        WaitingOnPartner => "waiting_on_partner",
        Resolved => "resolved",
        Rejected => "rejected",
    }
}

impl CaseState {
    /// Whether the case is decided and can no longer change.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Resolved | Self::Rejected)
    }
}

/// A support case to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub partner_id: MpnId,
    pub kind: CaseKind,
    /// Who opened it, as in the audit log.
    pub opened_by: String,
    /// The case kind's fields (R22's seven, R27's three), as the app validated them.
    pub details: serde_json::Value,
    /// For an account-profile-setup case: the Action Pack membership it activates (R5).
    pub membership_id: Option<i64>,
    /// A file given with the case (R13: the invoice a discrepancy is about), stored in the
    /// case's transaction.
    pub attachment: Option<NewCaseAttachment>,
}

/// A file a partner gives a support case: the invoice of a KPI discrepancy (R13), a PDF,
/// PNG or JPEG checked as proofs of payment are (R29).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCaseAttachment {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
    /// Who uploaded it, as in the audit log.
    pub uploaded_by: String,
}

impl NewCaseAttachment {
    /// The SHA-256 of the content, hex, stored beside it (as for proofs of payment).
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(&self.content))
    }
}

/// A stored case attachment, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseAttachment {
    pub id: i64,
    pub case_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub uploaded_at: Timestamp,
    pub uploaded_by: String,
}

/// A stored support case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportCase {
    pub id: i64,
    pub partner_id: MpnId,
    pub kind: CaseKind,
    pub state: CaseState,
    pub opened_by: String,
    pub opened_at: Timestamp,
    pub details: serde_json::Value,
    /// The agent's message with the last change of state.
    pub decision_message: Option<String>,
    /// Who made the last change of state, and when (R22: who decided what).
    pub decided_by: Option<String>,
    pub decided_at: Option<Timestamp>,
    pub membership_id: Option<i64>,
}

/// A change of a case's state, with what resolving it writes in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStateChange {
    pub state: CaseState,
    pub message: Option<String>,
    pub decided_by: String,
    /// R22: the KPI adjustment an accepted discrepancy case adds (only when resolving a
    /// `kpi_discrepancy` case).
    pub adjustment: Option<NewKpiAdjustment>,
    /// R5: the membership id and day from which resolving an `account_profile_setup` case
    /// grants Courseware Marketplace access.
    pub grant_access: Option<(i64, Date)>,
}

impl CaseStateChange {
    /// Refuses (`Conflict`) a change the case cannot take: any change of a decided case, an
    /// adjustment other than with a resolved discrepancy case (R22), a marketplace grant other
    /// than with a resolved account-profile-setup case (R5).
    pub fn check(&self, case: &SupportCase) -> Result<(), StoreError> {
        let id = case.id;
        if case.state.is_final() {
            return Err(StoreError::Conflict(format!(
                "case {id} is already {}: its decision stands",
                case.state
            )));
        }
        let resolving = self.state == CaseState::Resolved;
        if self.adjustment.is_some() && !(resolving && case.kind == CaseKind::KpiDiscrepancy) {
            return Err(StoreError::Conflict(format!(
                "a KPI adjustment comes only with resolving a kpi_discrepancy case (case {id} is \
                 a {} case being set {})",
                case.kind, self.state
            )));
        }
        if self.grant_access.is_some() && !(resolving && case.kind == CaseKind::AccountProfileSetup)
        {
            return Err(StoreError::Conflict(format!(
                "marketplace access comes only with resolving an account_profile_setup case \
                 (case {id} is a {} case being set {})",
                case.kind, self.state
            )));
        }
        Ok(())
    }
}

/// A comment on a support case, by the partner or an agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseComment {
    pub id: i64,
    pub case_id: i64,
    pub author: String,
    pub at: Timestamp,
    pub body: String,
}

/// A KPI adjustment to add with a resolved discrepancy case (R22): one line of R21's seven
/// fields. The partner is the case's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKpiAdjustment {
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    pub kpi: KpiPoints,
    pub revenue: Money,
    pub created_on: Date,
}

/// A stored KPI adjustment; the next publication includes it and sets `published_on` (R22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KpiAdjustment {
    pub id: i64,
    pub case_id: i64,
    pub partner_id: MpnId,
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    pub kpi: KpiPoints,
    pub revenue: Money,
    pub created_on: Date,
    pub published_on: Option<Date>,
}
