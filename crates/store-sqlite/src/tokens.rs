//! API bearer tokens, kept as SHA-256 digests only.

use lpc_store::{StoreError, User};
use sqlx::SqlitePool;

use crate::users;

pub(crate) async fn user(pool: &SqlitePool, sha256: &str) -> Result<Option<User>, StoreError> {
    users::by_token(pool, sha256).await
}
