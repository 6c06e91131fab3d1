//! API bearer tokens: created for a user, shown once, stored as a SHA-256 digest, valid for
//! the days chosen at creation ([`DEFAULT_DAYS`] unless said), their last use recorded to the
//! hour, and revoked by a password reset (`crate::accounts::reset_password`).

use lpc_domain::Email;
use lpc_domain::access::Action;
use lpc_store::{ApiTokenInfo, AuditDraft, User};
use sha2::{Digest, Sha256};

use crate::{Actor, App, AppError};

/// Prefix that makes a leaked token recognisable by secret scanners.
const PREFIX: &str = "lpc_";

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How long a token works unless its creator chose otherwise.
pub const DEFAULT_DAYS: i64 = 90;
/// The longest a token may work.
pub const MAX_DAYS: i64 = 365;
/// How stale a token's recorded last use may get before a request records it again: a write
/// per request would be a write per API call.
const TOUCH_EVERY: jiff::SignedDuration = jiff::SignedDuration::from_hours(1);

/// Creates a token for the user `email` valid for [`DEFAULT_DAYS`]; see [`create_for`].
pub async fn create(
    app: &App,
    actor: &Actor,
    email: &Email,
    label: &str,
) -> Result<String, AppError> {
    create_for(app, actor, email, label, DEFAULT_DAYS).await
}

/// Creates a token for the user `email`, valid for `days` (1 to [`MAX_DAYS`]), and returns
/// it; it cannot be shown again. Users create their own; operators (and the local CLI)
/// create them for anyone.
pub async fn create_for(
    app: &App,
    actor: &Actor,
    email: &Email,
    label: &str,
    days: i64,
) -> Result<String, AppError> {
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(AppError::invalid(
            "days",
            format!("a token works for 1 to {MAX_DAYS} days (found {days})"),
        ));
    }
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
        serde_json::json!({ "label": label, "days": days }),
    );
    let expires_at = audit
        .at
        .checked_add(jiff::SignedDuration::from_hours(days * 24))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let last_four = &token[token.len().saturating_sub(4)..];
    app.store()
        .add_api_token_with_hint(
            user.id,
            &digest(&token),
            label,
            last_four,
            expires_at,
            &audit,
        )
        .await?;
    Ok(token)
}

/// The user a bearer token belongs to, while it has not expired; records its use (at most
/// once per [`TOUCH_EVERY`]).
pub async fn user_of(app: &App, token: &str) -> Result<Option<User>, AppError> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    let digest = digest(token);
    let Some(info) = app.store().api_token(&digest).await? else {
        return Ok(None);
    };
    let now = app.clock().now();
    if info.expires_at <= now {
        return Ok(None);
    }
    if info
        .last_used_at
        .is_none_or(|used| now.duration_since(used) >= TOUCH_EVERY)
    {
        app.store().touch_api_token(&digest, now).await?;
    }
    // R31: an account whose address is not confirmed acts through no channel.
    Ok(app
        .store()
        .user_by_token(&digest)
        .await?
        .filter(|user| user.email_confirmed_at.is_some()))
}

/// The actor a bearer token authenticates.
pub async fn actor_of(app: &App, token: &str) -> Result<Option<Actor>, AppError> {
    Ok(user_of(app, token).await?.map(|u| Actor::User {
        email: u.email,
        grants: u.grants,
    }))
}

/// Longest token name, in characters.
pub const MAX_LABEL: usize = 100;

/// Creates a token for the signed-in user from the settings page, valid for `days`: the name
/// must have 1 to [`MAX_LABEL`] characters.
pub async fn create_own(
    app: &App,
    actor: &Actor,
    label: &str,
    days: i64,
) -> Result<String, AppError> {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > MAX_LABEL || label.chars().any(char::is_control)
    {
        return Err(AppError::invalid(
            "label",
            format!("a token's name has 1 to {MAX_LABEL} characters"),
        ));
    }
    let Actor::User { email, .. } = actor else {
        return Err(AppError::Denied(
            "only a signed-in user has tokens of their own".to_owned(),
        ));
    };
    create_for(app, actor, email, label, days).await
}

async fn own_user(app: &App, actor: &Actor) -> Result<User, AppError> {
    let Actor::User { email, .. } = actor else {
        return Err(AppError::Denied(
            "only a signed-in user has tokens of their own".to_owned(),
        ));
    };
    app.store()
        .user_by_email(email)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no user has the email {email}")))
}

/// The signed-in user's own tokens (never the tokens themselves).
pub async fn list_own(app: &App, actor: &Actor) -> Result<Vec<ApiTokenInfo>, AppError> {
    let user = own_user(app, actor).await?;
    Ok(app.store().api_tokens_of(user.id).await?)
}

/// Revokes one of the signed-in user's tokens, named by its digest (as [`list_own`] gives
/// it); another user's token is "not found".
pub async fn revoke_own(app: &App, actor: &Actor, token_sha256: &str) -> Result<(), AppError> {
    let user = own_user(app, actor).await?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "token.revoke",
        format!("user:{}", user.email),
        app.clock().now(),
        serde_json::json!({ "token_sha256_prefix": token_sha256.chars().take(8).collect::<String>() }),
    );
    if app
        .store()
        .revoke_api_token(user.id, token_sha256, &audit)
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound("no such token".to_owned()))
    }
}
