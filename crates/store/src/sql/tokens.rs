//! API bearer tokens, kept as SHA-256 digests only.

use crate::{StoreError, User};

use crate::sql::db::Backend;
use crate::sql::users;

pub async fn user(backend: &impl Backend, sha256: &str) -> Result<Option<User>, StoreError> {
    users::by_token(backend, sha256).await
}
