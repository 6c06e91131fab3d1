//! Rate-limit counts shared by every server (issue 18): one row per key and fixed window.
//!
//! A reservation upserts each of its keys in one transaction, in the order of their stored
//! keys, and rolls back when any of them went over its limit. On PostgreSQL the upsert's row
//! lock makes a concurrent reservation of the same key wait until this one commits or rolls
//! back, then count on what it left (read committed re-reads the row); the fixed order keeps
//! two reservations from waiting on each other. On SQLite the transaction holds the one write
//! lock. Times are Unix seconds, compared as numbers.

use std::time::Duration;

use jiff::Timestamp;
use sha2::{Digest, Sha256};

use crate::StoreError;
use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::{Query, sql};
use crate::store::throttles::{ThrottleLimit, ThrottlePlace, ThrottlePrune};

/// Limits one reservation may name: the web's take two at most; more is a caller's mistake,
/// refused before any statement runs.
pub const MAX_LIMITS: usize = 8;

/// The longest kind kept in clear before a key's hash.
const MAX_KIND: usize = 16;

/// The key as stored: its kind (the text before the first `:`, when it is a short lowercase
/// word; `other` otherwise), then the SHA-256 of the whole text. The kind lets the prune keep
/// the per-client counts; the hash keeps e-mail and client addresses out of the database and
/// every stored key 64 hex digits past its kind, whatever the text's length.
pub fn stored_key(text: &str) -> String {
    let kind = text
        .split_once(':')
        .map(|(kind, _)| kind)
        .filter(|kind| {
            (1..=MAX_KIND).contains(&kind.len())
                && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
        .unwrap_or("other");
    format!("{kind}:{}", hex::encode(Sha256::digest(text.as_bytes())))
}

fn seconds(window: Duration) -> i64 {
    i64::try_from(window.as_secs()).unwrap_or(i64::MAX)
}

fn hits(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

/// One more attempt under `key` at `now`: a new window when there was none, or when the last
/// one started `window` or longer ago (`window_start <= now - window`); the row's count and
/// window start.
fn upsert(key: &str, window: Duration, now: Timestamp) -> Query<'_> {
    let now = now.as_second();
    let window = seconds(window);
    sql(
        "INSERT INTO throttles (key, window_start, expires_at, hits) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN throttles.window_start <= $4 THEN 1 ELSE throttles.hits + 1 END, \
           window_start = CASE WHEN throttles.window_start <= $4 \
                          THEN excluded.window_start ELSE throttles.window_start END, \
           expires_at = CASE WHEN throttles.window_start <= $4 \
                        THEN excluded.expires_at ELSE throttles.expires_at END \
         RETURNING hits, window_start",
    )
    .bind(key)
    .bind(now)
    .bind(now.saturating_add(window))
    .bind(now.saturating_sub(window))
}

pub async fn reserve(
    backend: &impl Backend,
    limits: &[ThrottleLimit<'_>],
    now: Timestamp,
) -> Result<Option<Vec<ThrottlePlace>>, StoreError> {
    if limits.len() > MAX_LIMITS {
        return Err(StoreError::internal(format!(
            "a reservation names {} limits; at most {MAX_LIMITS}",
            limits.len()
        )));
    }
    let mut keyed: Vec<(String, &ThrottleLimit<'_>)> =
        limits.iter().map(|l| (stored_key(l.key), l)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut tx = backend.unaudited_write().await?;
    let mut places = Vec::with_capacity(keyed.len());
    for (key, limit) in keyed {
        let (count, window_start): (i64, i64) =
            tx.fetch_one_as(upsert(&key, limit.window, now)).await?;
        if count > i64::from(limit.attempts) {
            // Dropping the transaction rolls back the places already taken: all or none.
            return Ok(None);
        }
        places.push(ThrottlePlace {
            stored_key: key,
            window_start,
            hits: hits(count),
        });
    }
    tx.commit().await?;
    Ok(Some(places))
}

pub async fn release(backend: &impl Backend, places: &[ThrottlePlace]) -> Result<(), StoreError> {
    let mut db = backend.plain_write().await?;
    for place in places {
        db.execute(
            sql("UPDATE throttles SET hits = hits - 1 \
                 WHERE key = $1 AND window_start = $2 AND hits > 0")
            .bind(&place.stored_key)
            .bind(place.window_start),
        )
        .await?;
    }
    Ok(())
}

pub async fn count(
    backend: &impl Backend,
    key: &str,
    window: Duration,
    now: Timestamp,
) -> Result<u32, StoreError> {
    let key = stored_key(key);
    let (count, _): (i64, i64) = backend
        .plain_write()
        .await?
        .fetch_one_as(upsert(&key, window, now))
        .await?;
    Ok(hits(count))
}

pub async fn attempts(
    backend: &impl Backend,
    key: &str,
    window: Duration,
    now: Timestamp,
) -> Result<u32, StoreError> {
    let found: Option<(i64,)> = backend
        .read()
        .await?
        .fetch_optional_as(
            sql("SELECT hits FROM throttles WHERE key = $1 AND window_start > $2")
                .bind(stored_key(key))
                .bind(now.as_second().saturating_sub(seconds(window))),
        )
        .await?;
    Ok(found.map_or(0, |(n,)| hits(n)))
}

pub async fn clear(backend: &impl Backend, key: &str) -> Result<(), StoreError> {
    backend
        .plain_write()
        .await?
        .execute(sql("DELETE FROM throttles WHERE key = $1").bind(stored_key(key)))
        .await
        .map(drop)
}

pub async fn prune(
    backend: &impl Backend,
    now: Timestamp,
    max_keys: u64,
) -> Result<ThrottlePrune, StoreError> {
    let mut db = backend.plain_write().await?;
    let mut removed = db
        .execute(sql("DELETE FROM throttles WHERE expires_at <= $1").bind(now.as_second()))
        .await?;
    let mut kept = held(&mut db).await?;
    if kept < max_keys {
        return Ok(ThrottlePrune { removed, kept });
    }
    // Over the bound: the cheapest counts to lose first, as the in-memory limiter did.
    for step in [
        "DELETE FROM throttles WHERE hits <= 1",
        "DELETE FROM throttles WHERE key NOT LIKE 'client:%'",
        "DELETE FROM throttles",
    ] {
        if kept < max_keys / 2 {
            break;
        }
        removed += db.execute(sql(step)).await?;
        kept = held(&mut db).await?;
    }
    Ok(ThrottlePrune { removed, kept })
}

async fn held(db: &mut impl Db) -> Result<u64, StoreError> {
    let (n,): (i64,) = db
        .fetch_one_as(sql("SELECT COUNT(*) FROM throttles"))
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::stored_key;

    #[test]
    fn stored_keys_keep_their_kind_but_not_the_address() {
        let key = stored_key("pair:alice@example.com|203.0.113.7");
        assert!(key.starts_with("pair:"), "{key}");
        assert_eq!(key.len(), "pair:".len() + 64);
        assert!(!key.contains("alice") && !key.contains("203.0"), "{key}");
        assert_ne!(key, stored_key("pair:alice@example.com|203.0.113.8"));
        let long = format!("client:{}", "x".repeat(10_000));
        assert_eq!(stored_key(&long).len(), "client:".len() + 64);
        assert!(stored_key("Weird Kind:x").starts_with("other:"));
        assert!(stored_key("no kind at all").starts_with("other:"));
    }
}
