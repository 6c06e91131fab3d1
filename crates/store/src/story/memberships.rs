//! The stories of memberships once paid (R11, R28, R30): renewals moving the anniversary,
//! upgrades replacing silver with gold, refunds ending a membership once, and memberships
//! lapsing and coming due by anniversary.

use jiff::civil::{Date, date};
use lpc_domain::LearningOption;

use super::SharedStore;
use super::fixtures::{
    add_partner, all_events, assert_chain_intact, draft, enroll_by_card, enrollment, is_conflict,
    is_not_found, mpn, order, start, usd,
};
use crate::rows::{MembershipStatus, Order, OrderEffect, OrderPurpose, OrderStatus, PaymentMethod};

pub async fn renewals_move_the_anniversary_and_upgrades_replace_silver_with_gold(
    store: SharedStore,
) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let bought = enroll_by_card(
        &store,
        1_000_001,
        LearningOption::Silver,
        Some("security"),
        date(2025, 3, 1),
    )
    .await;
    let silver = bought.membership_id.expect("linked");

    let mut renewal = order(
        1_000_001,
        OrderPurpose::Renewal,
        LearningOption::Silver,
        Some("security"),
        PaymentMethod::Card,
        date(2026, 2, 20),
    );
    renewal.membership_id = Some(silver);
    // The effect must be the order's: an enrollment's effect does not pay a renewal.
    let mismatched = store
        .create_order(
            &renewal,
            Some((
                date(2026, 2, 20),
                start(LearningOption::Silver, Some("security"), date(2026, 2, 20)),
            )),
            &audit("order.create"),
        )
        .await;
    assert!(is_conflict(mismatched));
    let renewed = store
        .create_order(
            &renewal,
            Some((
                date(2026, 2, 20),
                OrderEffect::Renew {
                    membership_id: silver,
                    new_anniversary_date: date(2027, 3, 1),
                },
            )),
            &audit("order.create"),
        )
        .await
        .expect("renewed");
    assert_eq!(renewed.membership_id, Some(silver));
    let m = store
        .membership(silver)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(
        (m.started_on, m.anniversary_date, m.status),
        (date(2025, 3, 1), date(2027, 3, 1), MembershipStatus::Active)
    );

    // R11: gold with 25% off the gold fee; the silver refund is forfeited.
    let mut upgrade = order(
        1_000_001,
        OrderPurpose::Upgrade,
        LearningOption::Gold,
        Some("security"),
        PaymentMethod::Card,
        date(2026, 4, 1),
    );
    upgrade.membership_id = Some(silver);
    upgrade.fee = usd(510_000);
    upgrade.discount = usd(127_500);
    let upgraded = store
        .create_order(
            &upgrade,
            Some((
                date(2026, 4, 1),
                OrderEffect::Upgrade {
                    from_membership_id: silver,
                    started_on: date(2026, 4, 1),
                    anniversary_date: date(2027, 4, 1),
                },
            )),
            &audit("order.create"),
        )
        .await
        .expect("upgraded");
    assert_eq!(upgraded.amount_due(), usd(382_500));
    let gold = upgraded.membership_id.expect("linked to gold");
    assert_ne!(gold, silver);
    let held = store.memberships_of(mpn(1_000_001)).await.expect("read");
    assert_eq!(
        held.iter().map(|m| m.id).collect::<Vec<_>>(),
        [silver, gold]
    );
    let (old, new) = (&held[0], &held[1]);
    assert_eq!(
        (old.status, old.ended_on, old.refund_forfeited),
        (MembershipStatus::Upgraded, Some(date(2026, 4, 1)), true)
    );
    assert_eq!(
        (
            new.option,
            new.competency.as_deref(),
            new.status,
            new.started_on,
            new.anniversary_date,
            new.refund_forfeited
        ),
        (
            LearningOption::Gold,
            Some("security"),
            MembershipStatus::Active,
            date(2026, 4, 1),
            date(2027, 4, 1),
            false
        )
    );
    assert!(old.to_held().is_none() && new.to_held().is_some());

    // The upgraded silver can be neither renewed nor upgraded again.
    let events = all_events(&store).await.len();
    let mut stale = renewal.clone();
    stale.created_on = date(2026, 5, 1);
    stale.expires_on = date(2026, 6, 1);
    assert!(is_conflict(
        store
            .create_order(&stale, None, &audit("order.create"))
            .await
    ));
    let mut again = upgrade.clone();
    again.created_on = date(2026, 5, 1);
    again.expires_on = date(2026, 6, 1);
    assert!(is_conflict(
        store
            .create_order(&again, None, &audit("order.create"))
            .await
    ));
    assert_eq!(all_events(&store).await.len(), events);
    assert_chain_intact(&store).await;
}

pub async fn refunds_end_the_membership_once(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let paid = enroll_by_card(
        &store,
        1_000_001,
        LearningOption::ActionPack,
        None,
        date(2025, 1, 5),
    )
    .await;
    let refunded = store
        .refund_order(paid.id, date(2025, 1, 15), &audit("order.refund"))
        .await
        .expect("refunded");
    assert_eq!(
        (refunded.status, refunded.refunded_on, refunded.paid_on),
        (
            OrderStatus::Refunded,
            Some(date(2025, 1, 15)),
            Some(date(2025, 1, 5))
        )
    );
    let m = store
        .membership(paid.membership_id.expect("linked"))
        .await
        .expect("read")
        .expect("present");
    assert_eq!(
        (m.status, m.ended_on),
        (MembershipStatus::Refunded, Some(date(2025, 1, 15)))
    );

    let events = all_events(&store).await.len();
    assert!(
        is_conflict(
            store
                .refund_order(paid.id, date(2025, 1, 16), &audit("order.refund"))
                .await
        ),
        "refunded twice"
    );
    assert!(is_not_found(
        store
            .refund_order(424_242, date(2025, 1, 16), &audit("order.refund"))
            .await
    ));
    // Without an active Action Pack the partner may order one again; unpaid, it cannot be
    // refunded.
    let pending = store
        .create_order(
            &enrollment(
                1_000_001,
                LearningOption::ActionPack,
                None,
                PaymentMethod::BankTransfer,
                date(2025, 1, 16),
            ),
            None,
            &audit("order.create"),
        )
        .await
        .expect("a new order");
    assert!(is_conflict(
        store
            .refund_order(pending.id, date(2025, 1, 17), &audit("order.refund"))
            .await
    ));
    assert_eq!(all_events(&store).await.len(), events + 1);
    assert_eq!(
        store.order(paid.id).await.expect("read"),
        Some(refunded),
        "the refused refunds changed nothing"
    );
    assert_chain_intact(&store).await;
}

pub async fn memberships_lapse_and_come_due_by_anniversary(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    add_partner(&store, 2_000_002, "Fabrikam", "JP").await;
    let id = |o: Order| o.membership_id.expect("linked");
    let a_lap = id(enroll_by_card(
        &store,
        1_000_001,
        LearningOption::ActionPack,
        None,
        date(2025, 1, 10),
    )
    .await);
    let a_silver = id(enroll_by_card(
        &store,
        1_000_001,
        LearningOption::Silver,
        Some("security"),
        date(2025, 3, 1),
    )
    .await);
    let b_silver = id(enroll_by_card(
        &store,
        2_000_002,
        LearningOption::Silver,
        Some("security"),
        date(2025, 1, 10),
    )
    .await);
    let _b_gold = id(enroll_by_card(
        &store,
        2_000_002,
        LearningOption::Gold,
        Some("devops"),
        date(2025, 6, 1),
    )
    .await);

    let due = |until: Date| {
        let store = store.clone();
        async move {
            store
                .active_memberships_due(until)
                .await
                .expect("read")
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(due(date(2026, 3, 1)).await, [a_lap, b_silver, a_silver]);
    assert!(due(date(2026, 1, 9)).await.is_empty());

    let audit = draft("membership.lapse", "partner:1000001".into());
    let lapsed = store
        .lapse_membership(a_lap, date(2026, 2, 10), &audit)
        .await
        .expect("lapsed");
    assert_eq!(
        (lapsed.status, lapsed.ended_on),
        (MembershipStatus::Lapsed, Some(date(2026, 2, 10)))
    );
    let events = all_events(&store).await.len();
    assert!(is_conflict(
        store
            .lapse_membership(a_lap, date(2026, 2, 11), &audit)
            .await
    ));
    assert!(is_not_found(
        store
            .lapse_membership(777_777, date(2026, 2, 11), &audit)
            .await
    ));
    assert!(
        is_conflict(
            store
                .grant_marketplace_access(a_lap, date(2026, 2, 11), &audit)
                .await
        ),
        "a lapsed membership gets no access"
    );
    assert_eq!(all_events(&store).await.len(), events);
    assert_eq!(due(date(2026, 3, 1)).await, [b_silver, a_silver]);
    assert_eq!(
        store.membership(a_lap).await.expect("read"),
        Some(lapsed),
        "the refusals changed nothing"
    );
    assert_chain_intact(&store).await;
}
