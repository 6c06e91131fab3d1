//! [`PartnerStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{NewPartner, NewUser, Partner, User};
use async_trait::async_trait;
use jiff::Timestamp;
use lpc_domain::{Email, MpnId};

use crate::sql::Backend;
use crate::store::PartnerStore;

#[async_trait]
impl<B: Backend> PartnerStore for B {
    async fn add_partner(
        &self,
        partner: &NewPartner,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError> {
        crate::sql::partners::add(self, partner, audit).await
    }

    async fn partner(&self, mpn_id: MpnId) -> Result<Option<Partner>, StoreError> {
        crate::sql::partners::get(self, mpn_id).await
    }

    async fn partners(&self) -> Result<Vec<Partner>, StoreError> {
        crate::sql::partners::list(self).await
    }

    async fn add_user(&self, user: &NewUser, audit: &AuditDraft) -> Result<User, StoreError> {
        crate::sql::users::add(self, user, audit).await
    }

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        crate::sql::users::by_email(self, email).await
    }

    async fn add_claim(
        &self,
        partner: &NewPartner,
        user: &NewUser,
        audit: &AuditDraft,
    ) -> Result<(Partner, User), StoreError> {
        crate::sql::claims::add(self, partner, user, audit).await
    }

    async fn claims(&self) -> Result<Vec<crate::Claim>, StoreError> {
        crate::sql::claims::pending(self).await
    }

    async fn decide_claim(
        &self,
        partner: MpnId,
        decision: crate::Verification,
        audit: &AuditDraft,
    ) -> Result<Vec<Email>, StoreError> {
        crate::sql::claims::decide(self, partner, decision, audit).await
    }

    async fn set_partner_contact(
        &self,
        partner: MpnId,
        contact: &Email,
        verify: bool,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError> {
        crate::sql::claims::set_contact(self, partner, contact, verify, audit).await
    }

    async fn confirm_email(
        &self,
        token_sha256: &str,
        now: Timestamp,
        audit: &AuditDraft,
    ) -> Result<Option<User>, StoreError> {
        crate::sql::claims::confirm_email(self, token_sha256, now, audit).await
    }

    async fn partner_admin_emails(&self, partner: MpnId) -> Result<Vec<Email>, StoreError> {
        crate::sql::users::admin_emails(self, partner).await
    }

    async fn partner_users(
        &self,
        partner: MpnId,
    ) -> Result<Vec<crate::PartnerUserRow>, StoreError> {
        crate::sql::partner_users::list(self, partner).await
    }

    async fn set_partner_role(
        &self,
        partner: MpnId,
        email: &Email,
        role: Option<lpc_domain::Role>,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        crate::sql::partner_users::set_role(self, partner, email, role, audit).await
    }

    async fn partners_among(&self, ids: &[MpnId]) -> Result<Vec<Partner>, StoreError> {
        crate::sql::partner_import::partners_among(self, ids).await
    }

    async fn emails_with_accounts(&self, emails: &[&Email]) -> Result<Vec<Email>, StoreError> {
        crate::sql::partner_import::emails_with_accounts(self, emails).await
    }

    async fn import_partners(
        &self,
        import: crate::PartnerImport,
        audit: &AuditDraft,
    ) -> Result<crate::PartnersStored, StoreError> {
        self.write_partner_import(import, audit).await
    }

    async fn partners_to_invite(&self, limit: u32) -> Result<Vec<Partner>, StoreError> {
        crate::sql::partner_invitations::to_invite(self, limit).await
    }

    async fn queue_partner_invitations(
        &self,
        batch: &crate::InvitationBatch,
        audit: &AuditDraft,
    ) -> Result<u64, StoreError> {
        crate::sql::partner_invitations::queue(self, batch, audit).await
    }

    async fn partner_invitation(
        &self,
        partner: MpnId,
        token_sha256: &str,
        now: Timestamp,
    ) -> Result<Option<crate::PartnerInvitation>, StoreError> {
        crate::sql::partner_invitations::find(self, partner, token_sha256, now).await
    }

    async fn accept_partner_invitation(
        &self,
        partner: MpnId,
        token_sha256: &str,
        now: Timestamp,
        invitee: &crate::Invitee,
        audit: &AuditDraft,
    ) -> Result<Option<User>, StoreError> {
        crate::sql::partner_invitations::accept(self, partner, token_sha256, now, invitee, audit)
            .await
    }
}
