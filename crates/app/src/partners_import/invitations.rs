//! The invitations of the contacts a partner file marked (R31), made a batch at a time: a
//! single-use token per contact, kept as its SHA-256, and the mail that carries the link,
//! with a dedup key so that a partner's contact is mailed once. No account is made here: the
//! contact's account is made when the link is used (`crate::partner_invitations`).

use jiff::SignedDuration;
use lpc_domain::access::Action;
use lpc_domain::{Email, MpnId};
use lpc_store::{AuditDraft, InvitationBatch, NewOutboxMessage, NewPartnerInvitation, Partner};
use sha2::{Digest, Sha256};

use super::invitation_text::{ComposeInvitation, Texts, Values};
use crate::{Actor, App, AppError};

/// How long an invitation's link works, from the moment its mail is queued: long enough
/// for a contact reached by a mass mailing to get round to it.
pub const INVITATION_TTL: SignedDuration = SignedDuration::from_hours(30 * 24);

/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;

/// Hex digits of a token's random part.
const SECRET_HEX: usize = 2 * TOKEN_BYTES;

/// The SHA-256 of an invitation's token, as the store keeps it.
fn token_digest(token: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(b"partner-invitation:");
    hash.update(token.as_bytes());
    hex::encode(hash.finalize())
}

/// A link's token: the random part, then the partner's MPN ID, by which the invitation is
/// found (one per partner: the store keeps them in MPN ID order, never at a random place of
/// an index). Letters and digits only, so that a mail's kept copy loses it whole
/// (`crate::mail::without_secrets`).
fn token(secret: &[u8], partner: MpnId) -> String {
    format!("{}{partner}", hex::encode(secret))
}

/// The partner a link's token names and the token's SHA-256; `None` for text that is no
/// such token.
pub(crate) fn token_parts(token: &str) -> Option<(MpnId, String)> {
    let secret = token.get(..SECRET_HEX)?;
    if !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let partner = MpnId::parse(token.get(SECRET_HEX..)?).ok()?;
    Some((partner, token_digest(token)))
}

/// The dedup key of the invitation of `partner`'s contact `email`: mailed once.
fn dedup_key(partner: MpnId, email: &Email) -> String {
    format!("partners.invitation:{partner}:{email}")
}

/// Invitations and mails for `partners` (those with a contact on file).
fn batch(
    partners: &[Partner],
    texts: &mut Texts,
    now: jiff::Timestamp,
) -> Result<InvitationBatch, AppError> {
    let expires_at = now
        .checked_add(INVITATION_TTL)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let to: Vec<(&Partner, &Email)> = partners
        .iter()
        .filter_map(|p| p.contact_email.as_ref().map(|e| (p, e)))
        .collect();
    // One call for the randomness of every token: a system call per token would be a tenth
    // of a large batch.
    let mut random = vec![0u8; TOKEN_BYTES * to.len()];
    getrandom::fill(&mut random).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let mut batch = InvitationBatch {
        invitations: Vec::with_capacity(to.len()),
        mails: Vec::with_capacity(to.len()),
    };
    for ((partner, email), secret) in to.into_iter().zip(random.chunks(TOKEN_BYTES)) {
        let token = token(secret, partner.mpn_id);
        let mpn = partner.mpn_id.to_string();
        let (subject, body) = texts.mail(
            partner.country,
            &Values {
                partner: partner.name.as_str(),
                mpn: &mpn,
                token: &token,
            },
        );
        batch.invitations.push(NewPartnerInvitation {
            token_sha256: token_digest(&token),
            partner: partner.mpn_id,
            email: email.clone(),
            expires_at,
        });
        batch.mails.push(NewOutboxMessage {
            dedup_key: dedup_key(partner.mpn_id, email),
            to: email.clone(),
            subject,
            body,
            created_at: now,
        });
    }
    Ok(batch)
}

/// Invites the contacts partner files marked, up to `limit` of them (program staff and the
/// servers' mail loop): each gets a single-use link by mail, once, in its partner's
/// language (`compose`). Servers running this at the same moment never invite anyone
/// twice. Returns how many were invited.
pub async fn invite_pending(
    app: &App,
    actor: &Actor,
    compose: &ComposeInvitation,
    limit: u32,
) -> Result<u64, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let partners = app.store().partners_to_invite(limit).await?;
    if partners.is_empty() {
        return Ok(0);
    }
    let now = app.clock().now();
    let compose = compose.clone();
    let made = tokio::task::spawn_blocking(move || {
        let mut texts = Texts::new(compose);
        batch(&partners, &mut texts, now)
    })
    .await
    .map_err(|e| AppError::Internal(format!("the invitations stopped: {e}")))??;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "partners.invitations_queued",
        "partners",
        now,
        serde_json::json!({
            "invitations": made.invitations.len(),
            "first": made.invitations.first().map(|i| i.partner),
            "last": made.invitations.last().map(|i| i.partner),
            "rule": "R31",
        }),
    );
    Ok(app.store().queue_partner_invitations(&made, &audit).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_partner_and_nothing_else_passes_for_one() {
        let partner = MpnId::parse("4100001").unwrap();
        let made = token(&[0xab; TOKEN_BYTES], partner);
        assert_eq!(made.len(), SECRET_HEX + 7);
        assert!(made.chars().all(|c| c.is_ascii_alphanumeric()));
        let (named, digest) = token_parts(&made).unwrap();
        assert_eq!(named, partner);
        assert_eq!(digest, token_digest(&made));
        assert_ne!(digest, token_digest(&token(&[0xac; TOKEN_BYTES], partner)));
        let shifted = format!("{}x", &made[1..]);
        for bad in ["", "abc", &made[..SECRET_HEX], shifted.as_str()] {
            assert_eq!(token_parts(bad), None, "{bad}");
        }
    }
}
