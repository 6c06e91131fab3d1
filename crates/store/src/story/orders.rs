//! The stories of orders and payment (R29): a card payment starting one membership, concurrent
//! orders for one option, bank transfers paid once an operator accepts their proof, and unpaid
//! orders expiring once.

use jiff::ToSpan;
use jiff::civil::date;
use lpc_domain::LearningOption;
use sha2::{Digest, Sha256};

use super::SharedStore;
use super::fixtures::{
    add_partner, all_events, assert_chain_intact, draft, enroll_by_card, enrollment, is_conflict,
    is_not_found, mpn, start,
};
use crate::error::StoreError;
use crate::rows::{MembershipStatus, NewPaymentProof, OrderStatus, PaymentMethod, ProofStatus};

pub async fn a_card_payment_starts_one_membership_and_a_second_is_refused(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let on = date(2025, 1, 10);
    let paid = enroll_by_card(&store, 1_000_001, LearningOption::ActionPack, None, on).await;
    assert_eq!(paid.status, OrderStatus::Paid);
    assert_eq!(paid.paid_on, Some(on));
    assert_eq!(paid.guidelines_version.as_deref(), Some("FY26-1.0"));
    let held = store.memberships_of(mpn(1_000_001)).await.expect("read");
    assert_eq!(held.len(), 1);
    let lap = &held[0];
    assert_eq!(paid.membership_id, Some(lap.id));
    assert_eq!(
        (lap.option, lap.competency.as_deref(), lap.status),
        (LearningOption::ActionPack, None, MembershipStatus::Active)
    );
    assert_eq!(
        (lap.started_on, lap.anniversary_date),
        (on, date(2026, 1, 10))
    );
    assert_eq!(
        store.membership(lap.id).await.expect("read").as_ref(),
        Some(lap)
    );
    assert_eq!(
        store.order(paid.id).await.expect("read"),
        Some(paid.clone())
    );
    let events = assert_chain_intact(&store).await;

    // The same option again while the first is active: by card (the unique index) and by
    // bank transfer (no pending order for what the partner holds). Nothing is left behind.
    let again = store
        .create_order(
            &enrollment(
                1_000_001,
                LearningOption::ActionPack,
                None,
                PaymentMethod::Card,
                on,
            ),
            Some((on, start(LearningOption::ActionPack, None, on))),
            &draft("order.create", "partner:1000001".into()),
        )
        .await;
    assert!(is_conflict(again), "a second active Action Pack");
    let pending = store
        .create_order(
            &enrollment(
                1_000_001,
                LearningOption::ActionPack,
                None,
                PaymentMethod::BankTransfer,
                on,
            ),
            None,
            &draft("order.create", "partner:1000001".into()),
        )
        .await;
    assert!(is_conflict(pending), "an order for what is held");
    assert_eq!(store.orders_of(mpn(1_000_001)).await.expect("read"), [paid]);
    assert_eq!(
        store
            .memberships_of(mpn(1_000_001))
            .await
            .expect("read")
            .len(),
        1
    );
    assert_eq!(
        all_events(&store).await.len(),
        events,
        "no event for a refusal"
    );

    // Another option, or the same in another competency, is another membership.
    enroll_by_card(
        &store,
        1_000_001,
        LearningOption::Silver,
        Some("security"),
        on,
    )
    .await;
    enroll_by_card(
        &store,
        1_000_001,
        LearningOption::Silver,
        Some("devops"),
        on,
    )
    .await;
    assert_eq!(
        store
            .memberships_of(mpn(1_000_001))
            .await
            .expect("read")
            .len(),
        3
    );
    // A partner that is not registered cannot order.
    let stray = store
        .create_order(
            &enrollment(
                9_999_999,
                LearningOption::ActionPack,
                None,
                PaymentMethod::Card,
                on,
            ),
            Some((on, start(LearningOption::ActionPack, None, on))),
            &draft("order.create", "partner:9999999".into()),
        )
        .await;
    assert!(is_not_found(stray));
    assert_eq!(assert_chain_intact(&store).await, events + 2);
}

pub async fn concurrent_orders_for_one_option_let_exactly_one_through(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let on = date(2025, 1, 10);
    let race = |option: LearningOption, competency: &'static str, pay: bool| {
        let store = store.clone();
        tokio::spawn(async move {
            let method = if pay {
                PaymentMethod::Card
            } else {
                PaymentMethod::BankTransfer
            };
            store
                .create_order(
                    &enrollment(1_000_001, option, Some(competency), method, on),
                    pay.then(|| (on, start(option, Some(competency), on))),
                    &draft("order.create", "partner:1000001".into()),
                )
                .await
        })
    };
    // Paid at once: the active-membership index decides.
    let (a, b) = tokio::join!(
        race(LearningOption::Silver, "security", true),
        race(LearningOption::Silver, "security", true)
    );
    let outcomes = [a.expect("task"), b.expect("task")];
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1);
    assert!(
        outcomes
            .iter()
            .any(|o| matches!(o, Err(StoreError::Conflict(_))))
    );
    assert_eq!(
        store
            .memberships_of(mpn(1_000_001))
            .await
            .expect("read")
            .len(),
        1
    );

    // Awaiting payment: the pending-order index decides.
    let (a, b) = tokio::join!(
        race(LearningOption::Silver, "data_platform", false),
        race(LearningOption::Silver, "data_platform", false)
    );
    let outcomes = [a.expect("task"), b.expect("task")];
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1);
    assert_eq!(
        store
            .orders_with_status(OrderStatus::PendingPayment)
            .await
            .expect("read")
            .len(),
        1
    );
    assert_eq!(
        store.orders_of(mpn(1_000_001)).await.expect("read").len(),
        2
    );
    assert_eq!(assert_chain_intact(&store).await, 3);
}

fn proof(name: &str, content: &[u8]) -> NewPaymentProof {
    NewPaymentProof {
        file_name: name.to_owned(),
        content_type: "application/pdf".to_owned(),
        content: content.to_vec(),
        uploaded_by: "user:admin@contoso.example".to_owned(),
    }
}

pub async fn bank_transfers_are_paid_once_an_operator_accepts_their_proof(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let created = date(2025, 1, 10);
    let new = enrollment(
        1_000_001,
        LearningOption::Silver,
        Some("security"),
        PaymentMethod::BankTransfer,
        created,
    );
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let pending = store
        .create_order(&new, None, &audit("order.create"))
        .await
        .expect("order");
    assert_eq!(pending.status, OrderStatus::PendingPayment);
    assert_eq!(pending.membership_id, None);
    assert!(
        store
            .memberships_of(mpn(1_000_001))
            .await
            .expect("read")
            .is_empty()
    );

    let first = store
        .attach_payment_proof(
            pending.id,
            &proof("scan.pdf", b"blurred"),
            &audit("proof.attach"),
        )
        .await
        .expect("first proof");
    assert_eq!(first.status, ProofStatus::Submitted);
    assert_eq!(first.size_bytes, 7);
    assert_eq!(first.sha256, hex::encode(Sha256::digest(b"blurred")));
    assert_eq!(first.decision, None);
    let second = store
        .attach_payment_proof(
            pending.id,
            &proof("again.pdf", b"x"),
            &audit("proof.attach"),
        )
        .await;
    assert!(is_conflict(second), "one proof awaits a decision at a time");

    store
        .reject_payment_proof(pending.id, "unreadable scan", &audit("proof.reject"))
        .await
        .expect("rejected");
    assert!(
        is_conflict(
            store
                .reject_payment_proof(pending.id, "again", &audit("proof.reject"))
                .await
        ),
        "nothing left to reject"
    );
    let receipt = b"%PDF-1.7 bank receipt".to_vec();
    let accepted = store
        .attach_payment_proof(
            pending.id,
            &proof("receipt.pdf", &receipt),
            &audit("proof.attach"),
        )
        .await
        .expect("a new proof after a rejection");
    let (meta, content) = store
        .payment_proof_content(accepted.id)
        .await
        .expect("read")
        .expect("present");
    assert_eq!((meta, content), (accepted.clone(), receipt));
    assert_eq!(
        store.order(pending.id).await.expect("read"),
        Some(pending.clone())
    );

    // Payable until the day before its expiry date (R29).
    let effect = start(LearningOption::Silver, Some("security"), date(2025, 1, 20));
    let late = store
        .settle_order(
            pending.id,
            new.expires_on,
            effect.clone(),
            &audit("order.settle"),
        )
        .await;
    assert!(is_conflict(late), "settled on its expiry date");
    // An effect that does not belong to the order is refused.
    let wrong = start(LearningOption::Gold, Some("security"), date(2025, 1, 20));
    assert!(is_conflict(
        store
            .settle_order(pending.id, date(2025, 1, 20), wrong, &audit("order.settle"))
            .await
    ));
    let paid = store
        .settle_order(
            pending.id,
            date(2025, 1, 20),
            effect.clone(),
            &audit("order.settle"),
        )
        .await
        .expect("settled");
    assert_eq!(paid.status, OrderStatus::Paid);
    assert_eq!(paid.paid_on, Some(date(2025, 1, 20)));
    let held = store.memberships_of(mpn(1_000_001)).await.expect("read");
    assert_eq!(held.len(), 1);
    assert_eq!(paid.membership_id, Some(held[0].id));
    assert_eq!(held[0].anniversary_date, date(2026, 1, 20));

    let proofs = store.payment_proofs(pending.id).await.expect("read");
    let states: Vec<_> = proofs.iter().map(|p| p.status).collect();
    assert_eq!(states, [ProofStatus::Rejected, ProofStatus::Accepted]);
    let rejected = proofs[0].decision.as_ref().expect("decided");
    assert_eq!(
        (rejected.by.as_str(), rejected.reason.as_deref()),
        ("story", Some("unreadable scan"))
    );
    let confirmed = proofs[1].decision.as_ref().expect("decided");
    assert_eq!(
        (confirmed.by.as_str(), confirmed.reason.as_deref()),
        ("story", None)
    );

    let events = all_events(&store).await.len();
    assert!(
        is_conflict(
            store
                .settle_order(
                    pending.id,
                    date(2025, 1, 21),
                    effect.clone(),
                    &audit("order.settle")
                )
                .await
        ),
        "settled twice"
    );
    assert!(
        is_conflict(
            store
                .attach_payment_proof(pending.id, &proof("late.pdf", b"x"), &audit("proof.attach"))
                .await
        ),
        "a paid order takes no proof"
    );
    assert!(is_not_found(
        store
            .settle_order(987_654, date(2025, 1, 21), effect, &audit("order.settle"))
            .await
    ));
    assert_eq!(
        store
            .memberships_of(mpn(1_000_001))
            .await
            .expect("read")
            .len(),
        1
    );
    assert_eq!(all_events(&store).await.len(), events);

    // A card order awaiting payment takes no proof either.
    let card = store
        .create_order(
            &enrollment(
                1_000_001,
                LearningOption::ActionPack,
                None,
                PaymentMethod::Card,
                created,
            ),
            None,
            &audit("order.create"),
        )
        .await
        .expect("order");
    assert!(is_conflict(
        store
            .attach_payment_proof(card.id, &proof("x.pdf", b"x"), &audit("proof.attach"))
            .await
    ));
    // create, attach, reject, attach, settle, create.
    assert_eq!(assert_chain_intact(&store).await, 7);
}

pub async fn unpaid_orders_expire_once(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let created = date(2025, 1, 10);
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let mut ids = Vec::new();
    for competency in ["security", "devops"] {
        let new = enrollment(
            1_000_001,
            LearningOption::Silver,
            Some(competency),
            PaymentMethod::BankTransfer,
            created,
        );
        let order = store
            .create_order(&new, None, &audit("order.create"))
            .await
            .expect("order");
        ids.push(order.id);
    }
    // One paid in time is not touched.
    let paid = enroll_by_card(&store, 1_000_001, LearningOption::ActionPack, None, created).await;
    let expires_on = created.saturating_add(31.days());
    let events = all_events(&store).await.len();
    let job = audit("orders.expire");

    assert!(
        store
            .expire_orders(expires_on.yesterday().expect("date"), &job)
            .await
            .expect("run")
            .is_empty()
    );
    let expired = store.expire_orders(expires_on, &job).await.expect("run");
    assert_eq!(expired.iter().map(|o| o.id).collect::<Vec<_>>(), ids);
    assert!(expired.iter().all(|o| o.status == OrderStatus::Expired));
    assert!(
        store
            .expire_orders(expires_on, &job)
            .await
            .expect("again")
            .is_empty(),
        "idempotent"
    );
    assert_eq!(
        all_events(&store).await.len(),
        events + 1,
        "one event, for the run that expired"
    );
    assert_eq!(
        store
            .orders_with_status(OrderStatus::Expired)
            .await
            .expect("read"),
        expired
    );
    assert!(
        store
            .orders_with_status(OrderStatus::PendingPayment)
            .await
            .expect("read")
            .is_empty()
    );
    assert_eq!(
        store
            .order(paid.id)
            .await
            .expect("read")
            .expect("present")
            .status,
        OrderStatus::Paid
    );
    let effect = start(LearningOption::Silver, Some("security"), created);
    assert!(
        is_conflict(
            store
                .settle_order(ids[0], created, effect, &audit("order.settle"))
                .await
        ),
        "an expired order cannot be paid"
    );

    // Expired orders do not block a new one.
    let again = enrollment(
        1_000_001,
        LearningOption::Silver,
        Some("security"),
        PaymentMethod::BankTransfer,
        expires_on,
    );
    store
        .create_order(&again, None, &audit("order.create"))
        .await
        .expect("a new order after expiry");
    let newest = store.orders_of(mpn(1_000_001)).await.expect("read");
    assert_eq!(newest.len(), 4);
    assert_eq!(newest[0].created_on, expires_on, "newest first");
    assert_chain_intact(&store).await;
}
