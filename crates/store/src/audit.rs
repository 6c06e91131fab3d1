//! The audit log's hash chain.
//!
//! Every state change appends an event in the same transaction as the change. Each event's
//! hash covers its own fields and the previous event's hash, so changing, removing or
//! reordering a stored event breaks the chain from that event on. Both backends call
//! [`seal`] to compute the hash and [`verify`] to check a stored sequence, so the two can
//! never disagree about what a valid chain is.

use jiff::{Timestamp, Unit};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash a chain starts from: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event to append, before the store gives it a sequence number and a hash.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditDraft {
    /// Who did it: `user:<email>`, `cli:<os user>`, `system:scheduler`, `demo`.
    pub actor: String,
    /// What was done, as `noun.verb` (`partner.add`, `user.add`).
    pub action: String,
    /// What it was done to (`partner:1234567`, `user:ann@contoso.com`).
    pub subject: String,
    /// When, rounded to microseconds so that every database stores it exactly.
    pub at: Timestamp,
    /// Whatever else an auditor needs, as JSON (keys sorted, so the text is canonical).
    pub details: serde_json::Value,
}

impl AuditDraft {
    pub fn new(
        actor: impl Into<String>,
        action: impl Into<String>,
        subject: impl Into<String>,
        at: Timestamp,
        details: serde_json::Value,
    ) -> Self {
        Self {
            actor: actor.into(),
            action: action.into(),
            subject: subject.into(),
            at: at.round(Unit::Microsecond).unwrap_or(at),
            details,
        }
    }
}

impl AuditDraft {
    /// The same event with one more detail.
    pub fn with_detail(&self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        let mut audit = self.clone();
        if let Some(details) = audit.details.as_object_mut() {
            details.insert(key.to_owned(), value.into());
        }
        audit
    }

    /// The same event with what an import changed added to its details.
    pub fn with_counts(&self, counts: crate::rows::ImportCounts) -> Self {
        let mut audit = self.clone();
        if let Some(details) = audit.details.as_object_mut() {
            details.insert("added".into(), counts.added.into());
            details.insert("updated".into(), counts.updated.into());
            details.insert("unchanged".into(), counts.unchanged.into());
        }
        audit
    }
}

/// A stored event, exactly as read back from the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub seq: i64,
    /// RFC 3339 text, stored verbatim so that the hashed bytes are the stored bytes.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    /// JSON text, stored verbatim for the same reason.
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Turns a draft into the event to insert after the event hashed `prev_hash` with `seq - 1`.
pub fn seal(draft: &AuditDraft, seq: i64, prev_hash: &str) -> AuditEvent {
    let mut event = AuditEvent {
        seq,
        at: draft.at.to_string(),
        actor: draft.actor.clone(),
        action: draft.action.clone(),
        subject: draft.subject.clone(),
        details: draft.details.to_string(),
        prev_hash: prev_hash.to_owned(),
        hash: String::new(),
    };
    event.hash = hash_of(&event);
    event
}

/// The SHA-256 of an event's fields (all but `hash`), each length-prefixed so that no two
/// different events can produce the same byte string.
pub fn hash_of(event: &AuditEvent) -> String {
    let mut hasher = Sha256::new();
    let seq = event.seq.to_string();
    for field in [
        seq.as_str(),
        &event.at,
        &event.actor,
        &event.action,
        &event.subject,
        &event.details,
        &event.prev_hash,
    ] {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b";");
    }
    hex::encode(hasher.finalize())
}

/// Where and why a stored chain stops being valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit event {seq}: {reason}")]
pub struct ChainBreak {
    /// The sequence number of the first event that does not check out.
    pub seq: i64,
    pub reason: String,
}

/// Checks events in sequence order, carrying the state across pages of a long log.
#[derive(Debug, Clone)]
pub struct Verifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            expected_seq: 1,
            prev_hash: GENESIS.to_owned(),
        }
    }
}

impl Verifier {
    /// Checks the next event; the first failure names the event to look at.
    pub fn check(&mut self, event: &AuditEvent) -> Result<(), ChainBreak> {
        let fail = |seq, reason: String| Err(ChainBreak { seq, reason });
        if event.seq != self.expected_seq {
            return fail(
                self.expected_seq,
                format!("missing: the next stored event is {}", event.seq),
            );
        }
        if event.prev_hash != self.prev_hash {
            return fail(
                event.seq,
                "does not link to the event before it (prev_hash differs)".into(),
            );
        }
        if hash_of(event) != event.hash {
            return fail(
                event.seq,
                "its content was changed after it was written (hash differs)".into(),
            );
        }
        self.expected_seq += 1;
        self.prev_hash.clone_from(&event.hash);
        Ok(())
    }

    /// How many events have been checked so far.
    pub fn checked(&self) -> i64 {
        self.expected_seq - 1
    }
}

/// Verifies a whole chain held in memory.
pub fn verify(events: &[AuditEvent]) -> Result<i64, ChainBreak> {
    let mut verifier = Verifier::default();
    for event in events {
        verifier.check(event)?;
    }
    Ok(verifier.checked())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEvent> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let draft = AuditDraft::new(
                    "cli:test",
                    "partner.add",
                    format!("partner:{seq}"),
                    Timestamp::from_second(1_600_000_000 + seq).unwrap(),
                    serde_json::json!({ "name": "Contoso", "seq": seq }),
                );
                let event = seal(&draft, seq, &prev);
                prev.clone_from(&event.hash);
                event
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn a_changed_field_is_caught_at_that_event() {
        for field in 0..5 {
            let mut events = chain(5);
            let e = &mut events[2];
            match field {
                0 => e.actor.push('x'),
                1 => e.action.push('x'),
                2 => e.subject.push('x'),
                3 => e.details = "{}".into(),
                _ => e.at.push('x'),
            }
            assert_eq!(verify(&events).unwrap_err().seq, 3);
        }
    }

    #[test]
    fn a_removed_or_reordered_event_is_caught() {
        let mut events = chain(5);
        events.remove(1);
        assert_eq!(verify(&events).unwrap_err().seq, 2);
        let mut events = chain(5);
        events.swap(3, 4);
        assert_eq!(verify(&events).unwrap_err().seq, 4);
    }

    #[test]
    fn a_rehashed_forgery_still_breaks_the_link_to_the_next_event() {
        let mut events = chain(4);
        events[1].details = r#"{"name":"Forged"}"#.into();
        events[1].hash = hash_of(&events[1]);
        assert_eq!(verify(&events).unwrap_err().seq, 3);
    }
}
