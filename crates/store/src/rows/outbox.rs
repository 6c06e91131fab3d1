//! The rows of the mail outbox: mail to send, and mail sent or waiting.

use jiff::Timestamp;
use lpc_domain::Email;
use serde::Serialize;

/// An e-mail to send, written in the transaction-free outbox so that a mail server being down
/// never fails the change that caused the mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxMessage {
    /// Names the mail's cause (`order:42:paid`): enqueuing the same key twice sends once.
    pub dedup_key: String,
    pub to: Email,
    pub subject: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// A mail in the outbox, sent or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub dedup_key: String,
    pub to: Email,
    pub subject: String,
    pub body: String,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// Failed sending attempts so far.
    pub attempts: u32,
    pub last_error: Option<String>,
    /// The server that claimed it last (issue 18: each mail is sent by one server).
    pub claimed_by: Option<String>,
    /// Until when that claim holds while the mail is being sent; `None` when not claimed.
    pub lease_until: Option<Timestamp>,
    /// After a failure, the mail is not tried again before this (the back-off).
    pub next_attempt_at: Option<Timestamp>,
}
