//! Web sessions and account recovery: the [`SessionStore`] part of the storage contract.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{StoredSession, User};
use async_trait::async_trait;
use jiff::Timestamp;

/// Web sessions, kept in the database so that several servers share them, and account
/// recovery. Sessions are not audited (signing in is not a change of the program's state);
/// a password set through a reset token is.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Stores a new session; `false` (nothing written) if its id is taken.
    async fn session_create(&self, session: &StoredSession) -> Result<bool, StoreError>;

    /// Stores a session, replacing the one with the same id.
    async fn session_save(&self, session: &StoredSession) -> Result<(), StoreError>;

    /// The session with this id, unless it has expired by `now`.
    async fn session_load(
        &self,
        id: &str,
        now: Timestamp,
    ) -> Result<Option<StoredSession>, StoreError>;

    /// Removes a session (signing out); removing an unknown one does nothing.
    async fn session_delete(&self, id: &str) -> Result<(), StoreError>;

    /// Removes every session expired by `now`; returns how many.
    async fn session_delete_expired(&self, now: Timestamp) -> Result<u64, StoreError>;

    /// Stores a password reset (or invitation) token's SHA-256 for a user, valid until
    /// `expires_at`, with its audit event.
    async fn add_password_reset(
        &self,
        user_id: i64,
        token_sha256: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The user a reset token belongs to, if the token is unused and not expired by `now`.
    async fn password_reset_user(
        &self,
        token_sha256: &str,
        now: Timestamp,
    ) -> Result<Option<User>, StoreError>;

    /// Uses a reset token once: sets its user's password hash, confirms the address (the
    /// link was mailed to it), marks every reset token of that user used and revokes the user's API tokens (someone who knew the old password may
    /// have made one), with the audit event, in one transaction. `Some(revoked tokens)`, or
    /// `None` (nothing written) if the token is unknown, already used or expired by `now`.
    async fn use_password_reset(
        &self,
        token_sha256: &str,
        now: Timestamp,
        password_hash: &str,
        audit: &AuditDraft,
    ) -> Result<Option<u64>, StoreError>;

    /// Records the user's language for the web pages (`None`: follow the browser).
    async fn set_user_locale(&self, user_id: i64, locale: Option<&str>) -> Result<(), StoreError>;

    /// The user's chosen language, if any.
    async fn user_locale(&self, user_id: i64) -> Result<Option<String>, StoreError>;
}
