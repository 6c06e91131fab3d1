//! Support cases, their comments, files and KPI adjustments (R5, R13, R22, R27):
//! the [`CaseStore`] part of the storage contract.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{
    CaseAttachment, CaseComment, CaseState, CaseStateChange, KpiAdjustment, NewCase,
    NewCaseAttachment, SupportCase,
};
use async_trait::async_trait;
use lpc_domain::MpnId;

/// Support cases, their comments, files and KPI adjustments (R5, R13, R22, R27).
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Opens a case in state `open`, at the audit draft's time. `NotFound` if the partner is
    /// not registered.
    async fn open_case(
        &self,
        case: &NewCase,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError>;

    /// One support case, for the partner's and the agent's views of it.
    async fn case(&self, id: i64) -> Result<Option<SupportCase>, StoreError>;

    /// Cases of one partner and/or in one state (`None`: any), oldest first.
    async fn cases(
        &self,
        partner: Option<MpnId>,
        state: Option<CaseState>,
    ) -> Result<Vec<SupportCase>, StoreError>;

    /// Adds a comment at the audit draft's time. `NotFound` if there is no such case.
    async fn add_case_comment(
        &self,
        case_id: i64,
        author: &str,
        body: &str,
        audit: &AuditDraft,
    ) -> Result<CaseComment, StoreError>;

    /// A case's comments, oldest first.
    async fn case_comments(&self, case_id: i64) -> Result<Vec<CaseComment>, StoreError>;

    /// Adds a file to a case at the audit draft's time. `NotFound` if there is no such case,
    /// `Conflict` if it is resolved or rejected.
    async fn add_case_attachment(
        &self,
        case_id: i64,
        attachment: &NewCaseAttachment,
        audit: &AuditDraft,
    ) -> Result<CaseAttachment, StoreError>;

    /// A case's attachments, oldest first, without their content.
    async fn case_attachments(&self, case_id: i64) -> Result<Vec<CaseAttachment>, StoreError>;

    /// One attachment with its content.
    async fn case_attachment_content(
        &self,
        id: i64,
    ) -> Result<Option<(CaseAttachment, Vec<u8>)>, StoreError>;

    /// Changes a case's state, recording the message, who and when (the audit draft's time),
    /// and, when resolving, the KPI adjustment (R22) or the marketplace access (R5) in the
    /// same transaction. `Conflict` if the case is already resolved or rejected, or if an
    /// adjustment or grant comes with another state or case kind; nothing is then changed.
    async fn set_case_state(
        &self,
        case_id: i64,
        change: &CaseStateChange,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError>;

    /// KPI adjustments, of one partner or all, optionally only those no publication has
    /// included yet; by id.
    async fn kpi_adjustments(
        &self,
        partner: Option<MpnId>,
        unpublished_only: bool,
    ) -> Result<Vec<KpiAdjustment>, StoreError>;
}
