//! Partner organizations, their users and roles, and claims of organizations (R1, R31):
//! the [`PartnerStore`] part of the storage contract.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{NewPartner, NewUser, Partner, PartnerUserRow, User};
use async_trait::async_trait;
use jiff::Timestamp;
use lpc_domain::{Email, MpnId};

/// Partner organizations, their users and roles, and claims of organizations (R1, R31).
#[async_trait]
pub trait PartnerStore: Send + Sync {
    /// Registers a partner; `Conflict` if its MPN ID is taken.
    async fn add_partner(
        &self,
        partner: &NewPartner,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError>;

    /// A registered partner. A verified partner is never changed or removed (verification is
    /// never taken back), and `lpc_app` relies on it to keep the verified ones it has read in
    /// memory; only the contact on file changes, and whoever changes it drops it there.
    async fn partner(&self, mpn_id: MpnId) -> Result<Option<Partner>, StoreError>;

    /// All partners, by MPN ID.
    async fn partners(&self) -> Result<Vec<Partner>, StoreError>;

    /// Creates a user with its roles; `Conflict` if the e-mail is taken, `NotFound` if a role
    /// names a partner that is not registered.
    async fn add_user(&self, user: &NewUser, audit: &AuditDraft) -> Result<User, StoreError>;

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;

    /// Records a sign-up in one transaction: the organization, unverified, with the
    /// claimant's address as its contact, and the claimant as its MPN partner admin (the
    /// user's grants name it). An MPN ID whose earlier claim was rejected is claimed again
    /// (its name, country, contact and date replaced). `Conflict` naming `id` when the MPN ID is
    /// registered otherwise, naming `email` when the address has an account; nothing is
    /// then written.
    async fn add_claim(
        &self,
        partner: &NewPartner,
        user: &NewUser,
        audit: &AuditDraft,
    ) -> Result<(Partner, User), StoreError>;

    /// The unverified organizations, oldest claim first, with what the program holds for
    /// each MPN ID.
    async fn claims(&self) -> Result<Vec<crate::Claim>, StoreError>;

    /// Decides a pending claim with its audit event, in one transaction: `Verified` makes
    /// the organization verified; `Rejected` marks it rejected and removes every role held
    /// in it and the trainers, exam passes and guidelines acceptances its claimant entered.
    /// Returns the addresses of those who held a role (to tell them). `Conflict` when the
    /// organization is not an unverified claim, `NotFound` when it is not registered.
    async fn decide_claim(
        &self,
        partner: MpnId,
        decision: crate::Verification,
        audit: &AuditDraft,
    ) -> Result<Vec<Email>, StoreError>;

    /// Sets the organization's contact on file (R31) and, when `verify`, makes it verified
    /// (a rejected claim the program invites its real contact to), with the audit event.
    /// `Conflict` when it is an unverified claim (decide the claim first).
    async fn set_partner_contact(
        &self,
        partner: MpnId,
        contact: &Email,
        verify: bool,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError>;

    /// Uses an address-confirmation token once (stored like a reset token): marks it used and
    /// the user's address confirmed, with the audit event. `None` (nothing written) if the
    /// token is unknown, used or expired by `now`.
    async fn confirm_email(
        &self,
        token_sha256: &str,
        now: Timestamp,
        audit: &AuditDraft,
    ) -> Result<Option<User>, StoreError>;

    /// The e-mail addresses of the partner's MPN partner admins and account admins (R1), by
    /// address: who is told about renewals and lapses.
    async fn partner_admin_emails(&self, partner: MpnId) -> Result<Vec<Email>, StoreError>;

    /// The users holding a role on `partner`, one row per role held there, by e-mail: the
    /// partner's users list (R1).
    async fn partner_users(&self, partner: MpnId) -> Result<Vec<PartnerUserRow>, StoreError>;

    /// Changes the role `email` holds on `partner` to `role`, or removes it (`None`), with
    /// the audit event, in one transaction (R1). `NotFound` if the user holds no role there;
    /// `Conflict` when the organization would be left without an MPN partner admin.
    async fn set_partner_role(
        &self,
        partner: MpnId,
        email: &Email,
        role: Option<lpc_domain::Role>,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The registered partners among `ids` (any order, each once): what a partner file's rows
    /// are compared with, a few queries for the whole file rather than one per row.
    async fn partners_among(&self, ids: &[MpnId]) -> Result<Vec<Partner>, StoreError>;

    /// The addresses among `emails` that have an account (any order, each once).
    async fn emails_with_accounts(&self, emails: &[&Email]) -> Result<Vec<Email>, StoreError>;

    /// Stores a partner file (R31) in one transaction with its audit event: the audit event
    /// first (the partners registered keep its `seq`, so that
    /// their files show it), then the partners, those whose contact is to be invited marked
    /// so. `Conflict`, with nothing written, when one of the MPN IDs was registered (or a
    /// rejected one claimed again) since the file was compared with the store.
    async fn import_partners(
        &self,
        import: crate::PartnerImport,
        audit: &AuditDraft,
    ) -> Result<crate::PartnersStored, StoreError>;

    /// Up to `limit` partners whose contact is marked to be invited, by MPN ID.
    async fn partners_to_invite(&self, limit: u32) -> Result<Vec<Partner>, StoreError>;

    /// Stores a batch of invitations and queues their mails, in one transaction of
    /// multi-row statements, for the partners of the batch still marked to be invited, and
    /// unmarks them: each contact is invited once, whichever servers make batches at the
    /// same time. A partner's invitation replaces its earlier one. The audit event is
    /// written when an invitation was. Returns how many were stored.
    async fn queue_partner_invitations(
        &self,
        batch: &crate::InvitationBatch,
        audit: &AuditDraft,
    ) -> Result<u64, StoreError>;

    /// The invitation of `partner`'s contact, when its token has this SHA-256 and it is
    /// unused and unexpired at `now`, with the partner.
    async fn partner_invitation(
        &self,
        partner: MpnId,
        token_sha256: &str,
        now: Timestamp,
    ) -> Result<Option<crate::PartnerInvitation>, StoreError>;

    /// Uses `partner`'s invitation once (R31), in one transaction with the audit event: the
    /// invitee (a new account, its address confirmed, or the account that has the address)
    /// becomes the partner's MPN partner admin. `None` (nothing written) when the token is
    /// not the invitation's, or it is used or expired by `now`; `Conflict` when a new
    /// account's address was taken meanwhile.
    async fn accept_partner_invitation(
        &self,
        partner: MpnId,
        token_sha256: &str,
        now: Timestamp,
        invitee: &crate::Invitee,
        audit: &AuditDraft,
    ) -> Result<Option<User>, StoreError>;
}
