//! [`SessionStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{StoredSession, User};
use async_trait::async_trait;
use jiff::Timestamp;

use crate::sql::Backend;
use crate::store::SessionStore;

#[async_trait]
impl<B: Backend> SessionStore for B {
    async fn session_create(&self, session: &StoredSession) -> Result<bool, StoreError> {
        crate::sql::sessions::create(self, session).await
    }

    async fn session_save(&self, session: &StoredSession) -> Result<(), StoreError> {
        crate::sql::sessions::save(self, session).await
    }

    async fn session_load(
        &self,
        id: &str,
        now: Timestamp,
    ) -> Result<Option<StoredSession>, StoreError> {
        crate::sql::sessions::load(self, id, now).await
    }

    async fn session_delete(&self, id: &str) -> Result<(), StoreError> {
        crate::sql::sessions::delete(self, id).await
    }

    async fn session_delete_expired(&self, now: Timestamp) -> Result<u64, StoreError> {
        crate::sql::sessions::delete_expired(self, now).await
    }

    async fn add_password_reset(
        &self,
        user_id: i64,
        token_sha256: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        crate::sql::sessions::add_reset(self, user_id, token_sha256, expires_at, audit).await
    }

    async fn password_reset_user(
        &self,
        token_sha256: &str,
        now: Timestamp,
    ) -> Result<Option<User>, StoreError> {
        crate::sql::sessions::reset_user(self, token_sha256, now).await
    }

    async fn use_password_reset(
        &self,
        token_sha256: &str,
        now: Timestamp,
        password_hash: &str,
        audit: &AuditDraft,
    ) -> Result<Option<u64>, StoreError> {
        crate::sql::sessions::use_reset(self, token_sha256, now, password_hash, audit).await
    }

    async fn set_user_locale(&self, user_id: i64, locale: Option<&str>) -> Result<(), StoreError> {
        crate::sql::sessions::set_locale(self, user_id, locale).await
    }

    async fn user_locale(&self, user_id: i64) -> Result<Option<String>, StoreError> {
        crate::sql::sessions::locale(self, user_id).await
    }
}
