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
}
