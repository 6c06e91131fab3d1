//! The web's sessions, kept in the database so that a restart or another server keeps
//! everyone signed in. The web adapter's session store calls these; there is no permission to
//! decide: a session is the adapter's own record, found by its random id.

use lpc_store::StoredSession;

use crate::{App, AppError};

/// Stores a new session; `false` when its id is taken (the caller draws another).
pub async fn create(app: &App, session: &StoredSession) -> Result<bool, AppError> {
    Ok(app.store().session_create(session).await?)
}

/// Saves a session's data and expiry.
pub async fn save(app: &App, session: &StoredSession) -> Result<(), AppError> {
    Ok(app.store().session_save(session).await?)
}

/// A session that has not expired by now.
pub async fn load(app: &App, id: &str) -> Result<Option<StoredSession>, AppError> {
    Ok(app.store().session_load(id, app.clock().now()).await?)
}

pub async fn delete(app: &App, id: &str) -> Result<(), AppError> {
    Ok(app.store().session_delete(id).await?)
}
