//! [`CaseStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{
    CaseAttachment, CaseComment, CaseState, CaseStateChange, KpiAdjustment, NewCase,
    NewCaseAttachment, SupportCase,
};
use async_trait::async_trait;
use lpc_domain::MpnId;

use crate::sql::Backend;
use crate::store::CaseStore;

#[async_trait]
impl<B: Backend> CaseStore for B {
    async fn open_case(
        &self,
        case: &NewCase,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError> {
        crate::sql::cases::open(self, case, audit).await
    }

    async fn case(&self, id: i64) -> Result<Option<SupportCase>, StoreError> {
        crate::sql::cases::get(self, id).await
    }

    async fn cases(
        &self,
        partner: Option<MpnId>,
        state: Option<CaseState>,
    ) -> Result<Vec<SupportCase>, StoreError> {
        crate::sql::cases::list(self, partner, state).await
    }

    async fn add_case_comment(
        &self,
        case_id: i64,
        author: &str,
        body: &str,
        audit: &AuditDraft,
    ) -> Result<CaseComment, StoreError> {
        crate::sql::cases::comment(self, case_id, author, body, audit).await
    }

    async fn case_comments(&self, case_id: i64) -> Result<Vec<CaseComment>, StoreError> {
        crate::sql::cases::comments(self, case_id).await
    }

    async fn add_case_attachment(
        &self,
        case_id: i64,
        attachment: &NewCaseAttachment,
        audit: &AuditDraft,
    ) -> Result<CaseAttachment, StoreError> {
        crate::sql::case_attachments::add(self, case_id, attachment, audit).await
    }

    async fn case_attachments(&self, case_id: i64) -> Result<Vec<CaseAttachment>, StoreError> {
        crate::sql::case_attachments::list(self, case_id).await
    }

    async fn case_attachment_content(
        &self,
        id: i64,
    ) -> Result<Option<(CaseAttachment, Vec<u8>)>, StoreError> {
        crate::sql::case_attachments::content(self, id).await
    }

    async fn set_case_state(
        &self,
        case_id: i64,
        change: &CaseStateChange,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError> {
        crate::sql::cases::set_state(self, case_id, change, audit).await
    }

    async fn kpi_adjustments(
        &self,
        partner: Option<MpnId>,
        unpublished_only: bool,
    ) -> Result<Vec<KpiAdjustment>, StoreError> {
        crate::sql::cases::adjustments(self, partner, unpublished_only).await
    }
}
