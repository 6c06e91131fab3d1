//! The partner's verification token (R25), served on its landing page's host to prove the
//! page is the partner's.

use lpc_domain::MpnId;
use lpc_domain::access::Action;
use serde_json::json;

use super::draft;
use crate::{Actor, App, AppError};

/// R25: the token the partner serves at `/.well-known/lpc-verification.txt` on its landing
/// page's host; made at random on first use and kept.
pub async fn verification_token(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<String, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    token_of(app, actor, partner).await
}

pub(super) async fn token_of(app: &App, actor: &Actor, partner: MpnId) -> Result<String, AppError> {
    if let Some(token) = app.store().directory_token(partner).await? {
        return Ok(token);
    }
    let mut secret = [0u8; 16];
    getrandom::fill(&mut secret).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let token = format!("lpc-verification-{}", hex::encode(secret));
    let audit = draft(
        app,
        actor,
        "directory.token",
        format!("partner:{partner}"),
        json!({}),
    );
    Ok(app
        .store()
        .create_directory_token(partner, &token, &audit)
        .await?)
}
