//! The story of the mail outbox: each mail queued once per dedup key, sent or failed, never
//! audited.

use jiff::Timestamp;
use lpc_domain::Email;

use super::SharedStore;
use super::fixtures::{all_events, is_not_found};
use crate::rows::NewOutboxMessage;

pub async fn mail_is_queued_once_per_dedup_key(store: SharedStore) {
    let now = Timestamp::now()
        .round(jiff::Unit::Microsecond)
        .expect("round");
    let mail = |key: &str| NewOutboxMessage {
        dedup_key: key.to_owned(),
        to: Email::parse("admin@contoso.example").expect("email"),
        subject: format!("About {key}"),
        body: "Hello".to_owned(),
        created_at: now,
    };
    assert!(
        store
            .enqueue_mail(&mail("order:1:paid"))
            .await
            .expect("queued")
    );
    assert!(
        !store
            .enqueue_mail(&mail("order:1:paid"))
            .await
            .expect("deduplicated")
    );
    assert!(
        store
            .enqueue_mail(&mail("order:2:paid"))
            .await
            .expect("queued")
    );

    let unsent = store.unsent_mail(10).await.expect("read");
    let keys: Vec<&str> = unsent.iter().map(|m| m.dedup_key.as_str()).collect();
    assert_eq!(keys, ["order:1:paid", "order:2:paid"]);
    assert_eq!(store.unsent_mail(1).await.expect("read").len(), 1);
    let first = &unsent[0];
    assert_eq!(
        (first.created_at, first.attempts, first.sent_at),
        (now, 0, None)
    );

    store
        .mark_mail_failed(first.id, "smtp: connection refused", now)
        .await
        .expect("failed");
    let sent_at = now
        .checked_add(jiff::SignedDuration::from_secs(60))
        .expect("time");
    store
        .mark_mail_sent(first.id, sent_at, "sent text")
        .await
        .expect("sent");
    let unsent = store.unsent_mail(10).await.expect("read");
    assert_eq!(unsent.len(), 1);
    assert_eq!(unsent[0].dedup_key, "order:2:paid");

    let all = store.outbox(10).await.expect("read");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].dedup_key, "order:2:paid", "newest first");
    assert_eq!(
        (
            all[1].sent_at,
            all[1].attempts,
            all[1].last_error.as_deref()
        ),
        (Some(sent_at), 1, Some("smtp: connection refused"))
    );
    assert_eq!(
        all[1].body, "sent text",
        "the text kept once sent (issue 15)"
    );
    assert!(is_not_found(
        store.mark_mail_sent(999_999, sent_at, "").await
    ));
    assert!(is_not_found(
        store.mark_mail_failed(999_999, "x", now).await
    ));
    assert!(all_events(&store).await.is_empty(), "mail is not audited");
}
