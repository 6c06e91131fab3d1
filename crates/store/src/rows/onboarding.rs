//! The rows of bulk onboarding (R31): partners registered from the program's partner file,
//! the single-use invitations mailed to their contacts, and who accepts one.

use jiff::Timestamp;
use lpc_domain::{Email, MpnId};

use super::outbox::NewOutboxMessage;
use super::partners::{NewPartner, Partner};

/// A partner a file registers, and whether its contact on file is to be invited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPartner {
    pub partner: NewPartner,
    /// The contact waits for the program's invitation: the servers' mail loop sends it
    /// (see [`InvitationBatch`]).
    pub invite: bool,
}

/// What one partner file registers, written in one transaction with the import's audit
/// event. No invitation is made here and no account: the contacts are marked to be invited,
/// and their invitations are made and mailed a batch at a time afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnerImport {
    /// MPN IDs not registered yet, registered verified (R31: the program vouches for them).
    pub partners: Vec<ImportedPartner>,
    /// MPN IDs whose claim an operator rejected: registered again with the file's values,
    /// verified, as a new sign-up would claim them again.
    pub replaced: Vec<ImportedPartner>,
}

/// What a partner import stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartnersStored {
    /// Partners registered (new ones and rejected claims registered again).
    pub partners: u64,
    /// Of them, those whose contact is to be invited.
    pub to_invite: u64,
}

impl PartnersStored {
    /// What writing `import` whole stores: every backend's answer once its transaction commits.
    pub fn of(import: &PartnerImport) -> Self {
        let all = import.partners.iter().chain(&import.replaced);
        Self {
            partners: (import.partners.len() + import.replaced.len()) as u64,
            to_invite: all.filter(|p| p.invite).count() as u64,
        }
    }
}

/// Invitations of contacts marked to be invited, with the mails carrying their links: one
/// of each per partner, the mail at each index carrying the invitation at the same index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvitationBatch {
    pub invitations: Vec<NewPartnerInvitation>,
    pub mails: Vec<NewOutboxMessage>,
}

/// An invitation of a partner's contact on file to become its MPN partner admin (R31).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPartnerInvitation {
    /// The SHA-256 of the link's token, hex: the token itself is only in the mail.
    pub token_sha256: String,
    pub partner: MpnId,
    /// The address the link is mailed to: the account it makes has this address, confirmed.
    pub email: Email,
    pub expires_at: Timestamp,
}

/// An invitation as its link finds it: not used and not expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerInvitation {
    pub partner: Partner,
    pub email: Email,
    pub expires_at: Timestamp,
}

/// Who accepts an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invitee {
    /// A new account with this password hash (Argon2id), its address confirmed by the link.
    New { password_hash: String },
    /// The account that already has the invited address (signed in as it): it becomes the
    /// partner's MPN partner admin, whatever role it held there.
    Existing { user_id: i64 },
}
