//! `lpc outbox list`: the mail use cases queued, sent or not (operators read here what would
//! have been mailed when no SMTP URL is configured), with each mail's attempts, the server
//! that sent or is sending it, and when a failed one is tried again (issue 18).

use lpc_app::{Actor, App, mail};

use crate::failure::Failure;
use crate::output;

pub async fn list(app: &App, limit: u32, json: bool) -> Result<(), Failure> {
    let messages = mail::list(app, &Actor::local(), limit).await?;
    if json {
        return output::json(&messages);
    }
    if messages.is_empty() {
        return output::text("the outbox is empty\n");
    }
    let mut out = String::new();
    for m in &messages {
        let by = m
            .claimed_by
            .as_deref()
            .map(|server| format!(" by {server}"))
            .unwrap_or_default();
        let mut state = match (m.sent_at, &m.last_error) {
            (Some(at), _) => format!("sent {at}{by}"),
            (None, Some(e)) => format!("unsent, {} failed attempts: {e}", m.attempts),
            (None, None) => "unsent".to_owned(),
        };
        // Issue 18: which server is sending it now, or when it is tried again.
        if m.sent_at.is_none() {
            if let Some(until) = m.lease_until {
                state.push_str(&format!("; being sent{by}, claimed until {until}"));
            } else if let Some(next) = m.next_attempt_at {
                state.push_str(&format!("; next attempt after {next}"));
            }
        }
        out.push_str(&format!(
            "#{} {} to {} [{}] ({state})\n  Subject: {}\n{}\n",
            m.id,
            m.created_at,
            m.to,
            m.dedup_key,
            m.subject,
            m.body
                .lines()
                .map(|l| format!("  | {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    output::text(&out)
}
