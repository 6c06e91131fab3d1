//! The e-mail outbox: use cases queue mail ([`queue`]) in the database, and the scheduler
//! delivers it ([`deliver_pending`]), so that a mail server being slow or down never blocks or
//! fails the change that caused the mail.
//!
//! Delivery uses SMTP (lettre) when [`crate::MailSettings::smtp_url`] is set (`LPC_SMTP_URL`,
//! or `smtp_url` in `lpc.toml`). Without it each message is logged at info level and stays
//! unsent in the outbox, where an operator reads it with `lpc outbox list`.

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use lpc_domain::Email;
use lpc_store::{NewOutboxMessage, OutboxMessage};
use serde::Serialize;

use crate::{App, AppError};

/// Mails read from the outbox per delivery run.
const BATCH: u32 = 100;
/// Failed attempts after which a mail is left for an operator (it stays in the outbox).
pub const MAX_ATTEMPTS: u32 = 10;
/// The sender when none is configured.
pub const DEFAULT_FROM: &str = "Learning Partner Center <noreply@localhost>";

/// Queues a mail; `key` names its cause (`case:42:resolved:...`), and a key already queued
/// queues nothing (`Ok(false)`). Mail is not audited: the change that caused it is.
pub async fn queue(
    app: &App,
    key: &str,
    to: &Email,
    subject: &str,
    body: &str,
) -> Result<bool, AppError> {
    if key.trim().is_empty() {
        return Err(AppError::invalid("dedup_key", "a mail needs a dedup key"));
    }
    let message = NewOutboxMessage {
        dedup_key: key.to_owned(),
        to: to.clone(),
        subject: subject.to_owned(),
        body: body.to_owned(),
        created_at: app.clock().now(),
    };
    Ok(app.store().enqueue_mail(&message).await?)
}

/// What one delivery run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// Sent by SMTP and marked sent.
    pub sent: u32,
    /// Refused or unreachable; the error is recorded and the mail tried again after a pause
    /// that doubles with each failure.
    pub failed: u32,
    /// Left in the outbox: no SMTP URL is configured (each was logged). A mail that failed
    /// [`MAX_ATTEMPTS`] times is no longer claimed: it waits for an operator.
    pub held: u32,
}

/// Sends the unsent mail this server claims (up to 100 per run) when an SMTP URL is
/// configured; otherwise logs each at info and leaves it in the outbox. Safe to call on every
/// tick of every server: each mail is claimed by one server. Errs only when the outbox cannot
/// be read or the SMTP URL is malformed.
pub async fn deliver_pending(app: &App) -> Result<Delivery, AppError> {
    let mut done = Delivery::default();
    let Some(url) = app.mail().smtp_url.as_deref() else {
        let pending = app.store().unsent_mail(BATCH).await?;
        for m in &pending {
            tracing::info!(
                id = m.id, to = %m.to, subject = %m.subject, key = %m.dedup_key,
                "mail not sent: no SMTP URL is configured (LPC_SMTP_URL); it stays in the outbox"
            );
            done.held += 1;
        }
        return Ok(done);
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map_err(|e| AppError::invalid("smtp_url", format!("not a usable SMTP URL: {e}")))?
        .build();
    let from_text = app.mail().from.as_deref().unwrap_or(DEFAULT_FROM);
    let from: Mailbox = from_text.parse().map_err(|e| {
        AppError::invalid(
            "mail_from",
            format!("{from_text:?} is not a mail address: {e}"),
        )
    })?;
    // Each mail is claimed by this server before it is sent, so that no other server sends it
    // too (issue 18); a crash between sending and marking it sent can at worst send it once
    // more, after its lease.
    let now = app.clock().now();
    let scheduling = app.scheduling();
    let pending = app
        .store()
        .claim_mail(lpc_store::sql::outbox::MailClaim {
            server: &scheduling.server,
            now,
            lease_until: now.saturating_add(scheduling.mail_lease).unwrap_or(now),
            max_attempts: MAX_ATTEMPTS,
            limit: BATCH,
        })
        .await?;
    for m in pending {
        let outcome = match message(&from, &m) {
            Ok(message) => transport.send(message).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(_) => {
                let kept = without_secrets(&m.body);
                app.store()
                    .mark_mail_sent(m.id, app.clock().now(), &kept)
                    .await?;
                done.sent += 1;
            }
            Err(error) => {
                let retry_at = app
                    .clock()
                    .now()
                    .saturating_add(back_off(m.attempts))
                    .unwrap_or(now);
                tracing::warn!(id = m.id, to = %m.to, %error, %retry_at, "mail not sent; tried again after a pause");
                app.store().mark_mail_failed(m.id, &error, retry_at).await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// How long a mail rests after its `failures`-th failure: a minute, doubling, at most six
/// hours (a mail server that refuses for a while is not hammered).
fn back_off(failures: u32) -> jiff::SignedDuration {
    let minutes = 1i64 << failures.min(9);
    jiff::SignedDuration::from_mins(minutes.min(6 * 60))
}

fn message(from: &Mailbox, m: &OutboxMessage) -> Result<Message, String> {
    let to: Mailbox =
        m.to.to_string()
            .parse()
            .map_err(|e| format!("recipient {}: {e}", m.to))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| e.to_string())
}

/// The outbox for operators, newest first (`lpc outbox list`).
pub async fn list(
    app: &App,
    actor: &crate::Actor,
    limit: u32,
) -> Result<Vec<OutboxMessage>, AppError> {
    actor.authorize(lpc_domain::access::Action::OperateProgram)?;
    let mut mails = app.store().outbox(limit).await?;
    for m in &mut mails {
        m.body = without_secrets(&m.body).into_owned();
    }
    Ok(mails)
}

/// Where a link carries a secret: password reset and invitation links (`crate::accounts`).
/// The paths whose last segment is a one-use token: reset and invitation links,
/// address-confirmation links (R31), and the invitations of a partner file (R31).
const SECRET_PATHS: [&str; 3] = ["/password/reset/", "/confirm/", "/invitation/"];

/// `body` with the token of every reset, invitation or confirmation link replaced: what the
/// outbox keeps once the mail is sent, and what a listing shows. The token is stored only as
/// a SHA-256 (`crate::accounts`); a readable copy in the outbox made that protect nothing
/// (issue 15).
pub fn without_secrets(body: &str) -> std::borrow::Cow<'_, str> {
    let mut text = std::borrow::Cow::Borrowed(body);
    for path in SECRET_PATHS {
        if let std::borrow::Cow::Owned(kept) = tokens_removed(&text, path) {
            text = std::borrow::Cow::Owned(kept);
        }
    }
    text
}

fn tokens_removed<'a>(body: &'a str, secret_path: &str) -> std::borrow::Cow<'a, str> {
    if !body.contains(secret_path) {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut kept = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find(secret_path) {
        let (before, after) = rest.split_at(at + secret_path.len());
        kept.push_str(before);
        let token_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        if token_len > 0 {
            kept.push_str("[removed]");
        }
        rest = &after[token_len..];
    }
    kept.push_str(rest);
    std::borrow::Cow::Owned(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_and_invitation_tokens_leave_the_text() {
        let body =
            "Hello\nhttps://lpc.example.com/password/reset/0a1b2c3d\nor /password/reset/ffee.\n";
        let kept = without_secrets(body);
        assert!(
            !kept.contains("0a1b2c3d") && !kept.contains("ffee"),
            "{kept}"
        );
        assert_eq!(kept.matches("/password/reset/[removed]").count(), 2);
        assert!(kept.ends_with(".\n"));
        assert_eq!(without_secrets("no link"), "no link");
        assert_eq!(
            without_secrets("Join: https://lpc.example.com/invitation/0a1b2c\n"),
            "Join: https://lpc.example.com/invitation/[removed]\n"
        );
        let confirm = without_secrets("Confirm: https://lpc.example.com/confirm/9f8e7d\n");
        assert_eq!(
            confirm,
            "Confirm: https://lpc.example.com/confirm/[removed]\n"
        );
    }

    #[test]
    fn a_failing_mail_rests_a_minute_doubling_to_six_hours() {
        let minutes = |n| back_off(n).as_mins();
        assert_eq!(
            [0, 1, 2, 3].map(minutes),
            [1, 2, 4, 8],
            "a minute after the first failure"
        );
        assert_eq!(minutes(9), 6 * 60);
        assert_eq!(minutes(u32::MAX), 6 * 60, "never longer, never overflowing");
    }
}
