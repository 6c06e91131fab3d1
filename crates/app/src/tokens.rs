//! API bearer tokens: created for a user, shown once, stored as a SHA-256 digest.

use lpc_domain::Email;
use lpc_domain::access::Action;
use lpc_store::{AuditDraft, User};
use sha2::{Digest, Sha256};

use crate::{Actor, App, AppError};

/// Prefix that makes a leaked token recognisable by secret scanners.
const PREFIX: &str = "lpc_";

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a token for the user `email` and returns it; it cannot be shown again. Users
/// create their own; operators (and the local CLI) create them for anyone.
pub async fn create(
    app: &App,
    actor: &Actor,
    email: &Email,
    label: &str,
) -> Result<String, AppError> {
    let own = matches!(actor, Actor::User { email: e, .. } if e == email);
    if !own {
        actor.authorize(Action::OperateProgram)?;
    }
    let user = app
        .store()
        .user_by_email(email)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no user has the email {email}")))?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let token = format!("{PREFIX}{}", hex::encode(secret));
    let audit = AuditDraft::new(
        actor.audit_name(),
        "token.create",
        format!("user:{email}"),
        app.clock().now(),
        serde_json::json!({ "label": label }),
    );
    app.store()
        .add_api_token(user.id, &digest(&token), label, &audit)
        .await?;
    Ok(token)
}

/// The user a bearer token belongs to, if any.
pub async fn user_of(app: &App, token: &str) -> Result<Option<User>, AppError> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    Ok(app.store().user_by_token(&digest(token)).await?)
}

/// The actor a bearer token authenticates.
pub async fn actor_of(app: &App, token: &str) -> Result<Option<Actor>, AppError> {
    Ok(user_of(app, token).await?.map(|u| Actor::User {
        email: u.email,
        grants: u.grants,
    }))
}
