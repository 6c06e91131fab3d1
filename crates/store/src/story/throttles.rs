//! The stories of the throttles (issue 18): attempts reserved before the work, all or none,
//! atomically for every server on the database; given back, counted, forgotten, and pruned so
//! that the table stays bounded.

use std::time::Duration;

use jiff::Timestamp;

use super::SharedStore;
use crate::store::throttles::ThrottleLimit;

const QUARTER_HOUR: Duration = Duration::from_secs(15 * 60);

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + second).unwrap()
}

/// A sign-in's two limits, as the web names them: 5 per (account, client), 20 per client.
fn sign_in(account: &str, client: &str) -> [(String, u32); 2] {
    [
        (format!("pair:{account}|{client}"), 5),
        (format!("client:{client}"), 20),
    ]
}

fn limits(keys: &[(String, u32)]) -> Vec<ThrottleLimit<'_>> {
    keys.iter()
        .map(|(key, attempts)| ThrottleLimit {
            key,
            attempts: *attempts,
            window: QUARTER_HOUR,
        })
        .collect()
}

async fn reserve(store: &SharedStore, keys: &[(String, u32)], now: Timestamp) -> bool {
    store
        .throttle_reserve(&limits(keys), now)
        .await
        .unwrap()
        .is_some()
}

pub async fn a_full_limit_refuses_the_whole_reservation_and_counts_nothing(store: SharedStore) {
    // A stranger uses up their own attempts, not the owner's.
    for _ in 0..5 {
        assert!(reserve(&store, &sign_in("a@x", "203.0.113.1"), at(0)).await);
    }
    assert!(!reserve(&store, &sign_in("a@x", "203.0.113.1"), at(1)).await);
    assert!(
        reserve(&store, &sign_in("a@x", "203.0.113.2"), at(1)).await,
        "the owner, from elsewhere"
    );
    let attempts = |key: &str| {
        let store = store.clone();
        let key = key.to_owned();
        async move {
            store
                .throttle_attempts(&key, QUARTER_HOUR, at(2))
                .await
                .unwrap()
        }
    };
    assert_eq!(
        attempts("pair:a@x|203.0.113.1").await,
        5,
        "a refusal counts nothing"
    );
    assert_eq!(attempts("client:203.0.113.1").await, 5);

    // All or none, whichever key is full: the free one is not counted either.
    let full = ("client:198.51.100.9".to_owned(), 1);
    assert!(reserve(&store, std::slice::from_ref(&full), at(0)).await);
    let free = ("pair:b@x|198.51.100.9".to_owned(), 5);
    assert!(!reserve(&store, &[free.clone(), full.clone()], at(1)).await);
    assert!(!reserve(&store, &[full.clone(), free.clone()], at(1)).await);
    assert_eq!(attempts("pair:b@x|198.51.100.9").await, 0);
    assert_eq!(attempts("client:198.51.100.9").await, 1);

    // A new window starts when the last one has ended.
    let later = at(i64::try_from(QUARTER_HOUR.as_secs()).unwrap());
    assert!(reserve(&store, &sign_in("a@x", "203.0.113.1"), later).await);
    assert_eq!(
        store
            .throttle_attempts("pair:a@x|203.0.113.1", QUARTER_HOUR, later)
            .await
            .unwrap(),
        1
    );
}

pub async fn released_places_go_back_to_the_window_they_were_taken_in(store: SharedStore) {
    // Successes give their places back: twenty of them never fill a limit of five.
    for i in 0..20 {
        let places = store
            .throttle_reserve(&limits(&sign_in("a@x", "203.0.113.1")), at(i))
            .await
            .unwrap()
            .expect("a place");
        store.throttle_release(&places).await.unwrap();
    }
    assert!(reserve(&store, &sign_in("a@x", "203.0.113.1"), at(20)).await);
    assert_eq!(
        store
            .throttle_attempts("pair:a@x|203.0.113.1", QUARTER_HOUR, at(21))
            .await
            .unwrap(),
        1
    );

    // A place taken just before its window ended is not given to the next window, which
    // someone else is filling.
    let key = [("pair:c@x|203.0.113.3".to_owned(), 5)];
    let old = store
        .throttle_reserve(&limits(&key), at(0))
        .await
        .unwrap()
        .expect("a place");
    assert_eq!(old[0].hits, 1, "the first attempt starts the window");
    let next = at(i64::try_from(QUARTER_HOUR.as_secs()).unwrap() + 1);
    assert!(reserve(&store, &key, next).await);
    store.throttle_release(&old).await.unwrap();
    assert_eq!(
        store
            .throttle_attempts(&key[0].0, QUARTER_HOUR, next)
            .await
            .unwrap(),
        1
    );
}

pub async fn parallel_reservations_get_no_more_places_than_the_limit(store: SharedStore) {
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let keys = sign_in("a@x", "203.0.113.1");
                store
                    .throttle_reserve(&limits(&keys), at(0))
                    .await
                    .unwrap()
                    .is_some()
            })
        })
        .collect();
    let mut granted = 0;
    for task in tasks {
        if task.await.unwrap() {
            granted += 1;
        }
    }
    assert_eq!(granted, 5);
    assert_eq!(
        store
            .throttle_attempts("client:203.0.113.1", QUARTER_HOUR, at(0))
            .await
            .unwrap(),
        5,
        "the refused ones counted nothing"
    );
}

pub async fn counted_attempts_last_their_window_until_cleared(store: SharedStore) {
    let key = "account:a@x";
    for expected in 1..=3 {
        assert_eq!(
            store
                .throttle_count(key, QUARTER_HOUR, at(expected))
                .await
                .unwrap(),
            u32::try_from(expected).unwrap()
        );
    }
    assert_eq!(
        store
            .throttle_attempts(key, QUARTER_HOUR, at(899))
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        store
            .throttle_attempts(key, QUARTER_HOUR, at(901))
            .await
            .unwrap(),
        0,
        "the window started at the first attempt and has ended"
    );
    assert_eq!(
        store
            .throttle_attempts("account:b@x", QUARTER_HOUR, at(0))
            .await
            .unwrap(),
        0
    );
    store
        .throttle_count(key, QUARTER_HOUR, at(10))
        .await
        .unwrap();
    store.throttle_clear(key).await.unwrap();
    store.throttle_clear(key).await.unwrap();
    assert_eq!(
        store
            .throttle_attempts(key, QUARTER_HOUR, at(10))
            .await
            .unwrap(),
        0
    );
}

pub async fn throttles_are_pruned_and_stay_bounded(store: SharedStore) {
    let hour = Duration::from_secs(3600);
    store
        .throttle_count("signup:203.0.113.1", hour, at(0))
        .await
        .unwrap();
    store
        .throttle_count("account:old", QUARTER_HOUR, at(0))
        .await
        .unwrap();
    let pruned = store.throttle_prune(at(900), 40).await.unwrap();
    assert_eq!(
        (pruned.removed, pruned.kept),
        (1, 1),
        "only the ended window"
    );
    store.throttle_clear("signup:203.0.113.1").await.unwrap();

    // An attacker rotating addresses leaves single attempts: they go first.
    for i in 0..50 {
        store
            .throttle_count(&format!("account:{i}"), QUARTER_HOUR, at(0))
            .await
            .unwrap();
    }
    for i in 0..5 {
        for _ in 0..2 {
            store
                .throttle_count(&format!("client:{i}"), QUARTER_HOUR, at(0))
                .await
                .unwrap();
            store
                .throttle_count(&format!("pair:{i}"), QUARTER_HOUR, at(0))
                .await
                .unwrap();
        }
    }
    assert_eq!(store.throttle_prune(at(1), 100).await.unwrap().kept, 60);
    let pruned = store.throttle_prune(at(1), 40).await.unwrap();
    assert_eq!((pruned.removed, pruned.kept), (50, 10));

    // Still too many: every count but the per-client ones goes.
    for i in 5..40 {
        for _ in 0..2 {
            store
                .throttle_count(&format!("pair:{i}"), QUARTER_HOUR, at(0))
                .await
                .unwrap();
        }
    }
    let pruned = store.throttle_prune(at(1), 40).await.unwrap();
    assert_eq!((pruned.removed, pruned.kept), (40, 5));
    assert_eq!(
        store
            .throttle_attempts("client:3", QUARTER_HOUR, at(1))
            .await
            .unwrap(),
        2,
        "the per-client counts are kept"
    );

    // And when the per-client counts alone are too many, all go.
    for i in 5..40 {
        store
            .throttle_count(&format!("client:{i}"), QUARTER_HOUR, at(0))
            .await
            .unwrap();
        store
            .throttle_count(&format!("client:{i}"), QUARTER_HOUR, at(0))
            .await
            .unwrap();
    }
    let pruned = store.throttle_prune(at(1), 40).await.unwrap();
    assert_eq!((pruned.removed, pruned.kept), (40, 0));
}
