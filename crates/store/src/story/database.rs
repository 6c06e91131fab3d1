//! The stories of the database as a whole: migrations run again, an empty store says so, and
//! every change joins one intact audit chain, concurrent changes too.

use lpc_domain::Role;
use lpc_domain::access::RoleGrant;

use super::SharedStore;
use super::fixtures::{add_partner, all_events, draft, mpn, partner, user};
use crate::audit::verify;

pub async fn migrations_can_run_again(store: SharedStore) {
    store
        .migrate()
        .await
        .expect("second migration run is a no-op");
    store.ping().await.expect("store answers after migrating");
}

pub async fn an_empty_store_says_so(store: SharedStore) {
    assert!(store.is_empty().await.expect("is_empty"));
    add_partner(&store, 1_000_001, "Contoso Learning", "US").await;
    assert!(!store.is_empty().await.expect("is_empty"));
}

pub async fn every_change_is_audited_in_one_intact_chain(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    add_partner(&store, 1_000_002, "Fabrikam", "JP").await;
    let grants = vec![RoleGrant::new(Role::Member, Some(mpn(1_000_001))).expect("grant")];
    store
        .add_user(
            &user("carol@contoso.com", grants),
            &draft("user.add", "user:carol".into()),
        )
        .await
        .expect("user added");
    let events = all_events(&store).await;
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["partner.add", "partner.add", "user.add"]);
    assert_eq!(events[1].subject, "partner:1000002");
    assert_eq!(verify(&events), Ok(3));
}

pub async fn concurrent_changes_keep_the_chain_intact(store: SharedStore) {
    let tasks: Vec<_> = (0..24u64)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(
                async move { add_partner(&store, 5_000_000 + i, "Concurrent", "IT").await },
            )
        })
        .collect();
    for task in tasks {
        task.await.expect("task finished");
    }
    // Two racing registrations of one MPN ID: exactly one wins.
    let racers: Vec<_> = (0..2)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .add_partner(
                        &partner(6_000_000, "Racer", "JP"),
                        &draft("partner.add", "partner:6000000".into()),
                    )
                    .await
                    .is_ok()
            })
        })
        .collect();
    let mut wins = 0;
    for racer in racers {
        wins += usize::from(racer.await.expect("racer finished"));
    }
    assert_eq!(wins, 1);
    let events = all_events(&store).await;
    assert_eq!(verify(&events), Ok(25));
    assert_eq!(store.partners().await.expect("list").len(), 25);
}
