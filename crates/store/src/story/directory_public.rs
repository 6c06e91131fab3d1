//! The story of the public directory's read side (R24, R26, R28), run on every backend through
//! [`story_tests!`](crate::story_tests): which listings are public on a day, what their
//! partners hold, and the version that changes with them.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use jiff::civil::{Date, date};
use jiff::{Timestamp, ToSpan};
use lpc_domain::{CountryCode, Currency, LearningOption, Money, MpnId, PartnerName};

use crate::audit::AuditDraft;
use crate::directory::{NewDirectoryRequest, RequestDecision};
use crate::directory_public::ListedMembership;
use crate::rows::{NewOrder, NewPartner, OrderEffect, OrderPurpose, PaymentMethod};
use crate::story::SharedStore;

fn audit(action: &str, subject: &str) -> AuditDraft {
    AuditDraft::new(
        "story",
        action,
        subject,
        Timestamp::now(),
        serde_json::json!({ "story": true }),
    )
}

fn mpn(n: u64) -> MpnId {
    MpnId::parse(&n.to_string()).unwrap()
}

async fn partner(store: &SharedStore, n: u64, name: &str, country: &str) {
    let partner = NewPartner {
        mpn_id: mpn(n),
        name: PartnerName::parse(name).unwrap(),
        country: CountryCode::parse(country).unwrap(),
        contact_email: None,
        verification: crate::Verification::Verified,
    };
    store
        .add_partner(&partner, &audit("partner.add", &format!("partner:{n}")))
        .await
        .unwrap();
}

/// A membership paid by card on `on`; returns its id.
async fn membership(
    store: &SharedStore,
    n: u64,
    option: LearningOption,
    competency: Option<&str>,
    on: Date,
) -> i64 {
    let order = NewOrder {
        partner_id: mpn(n),
        purpose: OrderPurpose::Enrollment,
        option,
        competency: competency.map(str::to_owned),
        membership_id: None,
        fee: Money::new(190_000, Currency::USD),
        discount: Money::new(0, Currency::USD),
        payment_method: PaymentMethod::Card,
        created_on: on,
        expires_on: on.saturating_add(31.days()),
        created_by: "story".to_owned(),
        guidelines_version: None,
    };
    let effect = OrderEffect::StartMembership {
        option,
        competency: competency.map(str::to_owned),
        started_on: on,
        anniversary_date: on.saturating_add(1.year()),
    };
    store
        .create_order(&order, Some((on, effect)), &audit("order.create", "order"))
        .await
        .unwrap()
        .membership_id
        .unwrap()
}

/// A request made on `on` and approved, public from `visible_from`.
async fn listed(store: &SharedStore, n: u64, name: &str, country: &str, visible_from: Date) {
    let on = visible_from.saturating_sub(20.days());
    let request = store
        .add_directory_request(
            &NewDirectoryRequest {
                partner_id: mpn(n),
                display_name: name.to_owned(),
                country: CountryCode::parse(country).unwrap(),
                landing_url: format!("https://{n}.example/"),
                requested_at: Timestamp::now(),
                requested_on: on,
                processing_from: on,
                processing_to: on,
                visible_by: visible_from,
                checks: "[]".to_owned(),
            },
            &audit("directory.request", &format!("partner:{n}")),
        )
        .await
        .unwrap();
    store
        .decide_directory_request(
            request.id,
            &RequestDecision::Approve { visible_from },
            "story",
            &audit("directory.approve", &format!("partner:{n}")),
        )
        .await
        .unwrap();
}

/// R26: a listing is public from its `visible_from` day, until its `listed_until` day (R28:
/// removed when the membership lapsed); each shows its partner's active memberships only, and
/// the version changes with every listing and membership change (and not without one).
pub async fn public_listings_are_those_visible_on_the_day_with_their_active_memberships(
    store: SharedStore,
) {
    partner(&store, 1_000_001, "Contoso", "US").await;
    partner(&store, 2_000_002, "Fabrikam", "JP").await;
    partner(&store, 3_000_003, "Northwind", "IT").await;
    let v0 = store.directory_version().await.unwrap();
    assert!(
        store
            .public_listings(date(2026, 4, 7))
            .await
            .unwrap()
            .is_empty()
    );

    let silver = membership(
        &store,
        1_000_001,
        LearningOption::Silver,
        Some("security"),
        date(2026, 1, 5),
    )
    .await;
    membership(
        &store,
        1_000_001,
        LearningOption::ActionPack,
        None,
        date(2026, 1, 5),
    )
    .await;
    membership(
        &store,
        2_000_002,
        LearningOption::Gold,
        Some("devops"),
        date(2026, 1, 5),
    )
    .await;
    let v1 = store.directory_version().await.unwrap();
    assert_ne!(v0, v1, "a new membership changes the version");

    listed(
        &store,
        1_000_001,
        "Contoso Learning",
        "US",
        date(2026, 4, 7),
    )
    .await;
    listed(
        &store,
        2_000_002,
        "ファブリカム研修",
        "JP",
        date(2026, 5, 7),
    )
    .await;
    let v2 = store.directory_version().await.unwrap();
    assert_ne!(v1, v2, "an approved listing changes the version");
    assert_eq!(
        v2,
        store.directory_version().await.unwrap(),
        "stable without changes"
    );

    let ids = |day: Date| {
        let store = store.clone();
        async move {
            store
                .public_listings(day)
                .await
                .unwrap()
                .into_iter()
                .map(|l| l.partner_id)
                .collect::<Vec<_>>()
        }
    };
    assert!(
        ids(date(2026, 4, 6)).await.is_empty(),
        "not before its visible_from day"
    );
    assert_eq!(ids(date(2026, 4, 7)).await, vec![mpn(1_000_001)]);
    assert_eq!(
        ids(date(2026, 5, 7)).await,
        vec![mpn(1_000_001), mpn(2_000_002)]
    );

    let on = store.public_listings(date(2026, 5, 7)).await.unwrap();
    let contoso = &on[0];
    assert_eq!(contoso.display_name, "Contoso Learning");
    assert_eq!(contoso.country.as_str(), "US");
    assert_eq!(contoso.landing_url, "https://1000001.example/");
    assert_eq!(contoso.visible_from, date(2026, 4, 7));
    assert_eq!(
        contoso.memberships,
        vec![
            ListedMembership {
                option: LearningOption::ActionPack,
                competency: None
            },
            ListedMembership {
                option: LearningOption::Silver,
                competency: Some("security".into())
            },
        ]
    );
    assert_eq!(
        on[1].display_name, "ファブリカム研修",
        "names are kept as written"
    );

    // R28: a lapsed membership is no longer shown; the listing leaves from its end day.
    store
        .lapse_membership(silver, date(2026, 6, 1), &audit("membership.lapse", "m"))
        .await
        .unwrap();
    let v3 = store.directory_version().await.unwrap();
    assert_ne!(v2, v3, "a lapse changes the version");
    let on = store.public_listings(date(2026, 6, 1)).await.unwrap();
    assert_eq!(on[0].memberships.len(), 1, "only the Action Pack is left");
    store
        .remove_directory_listing(
            mpn(1_000_001),
            date(2026, 7, 1),
            &audit("directory.remove", "p"),
        )
        .await
        .unwrap();
    assert_ne!(
        v3,
        store.directory_version().await.unwrap(),
        "a removal changes it"
    );
    assert_eq!(
        ids(date(2026, 6, 30)).await,
        vec![mpn(1_000_001), mpn(2_000_002)]
    );
    assert_eq!(
        ids(date(2026, 7, 1)).await,
        vec![mpn(2_000_002)],
        "gone from its end day"
    );

    // A partner without an active membership but still listed shows no tier.
    listed(&store, 3_000_003, "Northwind", "IT", date(2026, 5, 7)).await;
    let on = store.public_listings(date(2026, 7, 1)).await.unwrap();
    assert_eq!(on.len(), 2);
    assert!(on[1].memberships.is_empty());
}
