//! The story of the directory's write side (R24-R26, R28), run on every backend through
//! [`story_tests!`](crate::story_tests): requests superseding each other, decisions made once
//! with the listing in the same transaction, re-checks that flag and remove, the
//! domain-ownership token and the competitors, each change with its audit event.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use jiff::Timestamp;
use jiff::civil::{Date, date};
use lpc_domain::{CountryCode, MpnId, PartnerName};

use crate::audit::{AuditDraft, verify};
use crate::directory::{ListingCheck, NewDirectoryRequest, RequestDecision, RequestState};
use crate::error::StoreError;
use crate::rows::NewPartner;
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

fn new_request(n: u64, name: &str, on: Date) -> NewDirectoryRequest {
    NewDirectoryRequest {
        partner_id: mpn(n),
        display_name: name.to_owned(),
        country: CountryCode::parse("IT").unwrap(),
        landing_url: format!("https://{n}.example/learning"),
        requested_at: Timestamp::now(),
        requested_on: on,
        processing_from: date(2021, 3, 15),
        processing_to: date(2021, 3, 21),
        visible_by: date(2021, 4, 7),
        checks: r#"{"url":"x","checks":[],"checked_at":"2021-03-10T00:00:00Z"}"#.to_owned(),
    }
}

async fn events(store: &SharedStore) -> usize {
    let all = store.audit_page(0, 100_000).await.unwrap();
    verify(&all).expect("the audit chain is intact");
    all.len()
}

/// R24-R26: a partner's later request supersedes the earlier one still received; a decision
/// is made once, and an approval writes the listing (public from `visible_from`) in the same
/// transaction; re-checks flag, keep the first flag and remove; the token is made once; the
/// competitors are kept once per name whatever its case. Every change is audited.
pub async fn directory_requests_are_decided_once_and_listings_flagged_and_removed(
    store: SharedStore,
) {
    let partner = NewPartner {
        mpn_id: mpn(1_234_567),
        name: PartnerName::parse("Contoso Learning").unwrap(),
        country: CountryCode::parse("IT").unwrap(),
        contact_email: None,
        verification: crate::Verification::Verified,
    };
    store
        .add_partner(&partner, &audit("partner.add", "partner:1234567"))
        .await
        .unwrap();
    let before = events(&store).await;

    // Unknown partner: nothing stored.
    let unknown = store
        .add_directory_request(
            &new_request(7_654_321, "Nobody", date(2021, 3, 1)),
            &audit("directory.request", "partner:7654321"),
        )
        .await;
    assert!(
        matches!(unknown, Err(StoreError::NotFound(_))),
        "{unknown:?}"
    );

    let first = store
        .add_directory_request(
            &new_request(1_234_567, "Contoso", date(2021, 3, 2)),
            &audit("directory.request", "partner:1234567"),
        )
        .await
        .unwrap();
    assert_eq!(first.state, RequestState::Received);
    assert_eq!(first.processing_from, date(2021, 3, 15));
    assert_eq!(first.last_checked_on, Some(date(2021, 3, 2)));
    let second = store
        .add_directory_request(
            &new_request(1_234_567, "Contoso <b>Learning</b>", date(2021, 3, 10)),
            &audit("directory.request", "partner:1234567"),
        )
        .await
        .unwrap();
    let mine = store
        .directory_requests(Some(mpn(1_234_567)), None)
        .await
        .unwrap();
    assert_eq!(
        mine.iter().map(|r| (r.id, r.state)).collect::<Vec<_>>(),
        [
            (second.id, RequestState::Received),
            (first.id, RequestState::Superseded)
        ],
        "newest first; the earlier one superseded"
    );
    assert_eq!(
        store
            .directory_requests(None, Some(RequestState::Received))
            .await
            .unwrap()
            .len(),
        1
    );

    // Re-checked: new results stored.
    let checked = store
        .record_directory_request_checks(
            second.id,
            "{}",
            Timestamp::now(),
            date(2021, 3, 15),
            &audit("directory.check", "partner:1234567"),
        )
        .await
        .unwrap();
    assert_eq!(checked.checks.as_deref(), Some("{}"));
    assert_eq!(checked.last_checked_on, Some(date(2021, 3, 15)));

    // Approved once: the listing is written with the request's values.
    let approved = store
        .decide_directory_request(
            second.id,
            &RequestDecision::Approve {
                visible_from: date(2021, 4, 7),
            },
            "all checks pass",
            &audit("directory.approve", "partner:1234567"),
        )
        .await
        .unwrap();
    assert_eq!(approved.state, RequestState::Approved);
    assert_eq!(approved.decided_by.as_deref(), Some("story"));
    assert_eq!(approved.reason.as_deref(), Some("all checks pass"));
    assert!(approved.decided_at.is_some());
    let again = store
        .decide_directory_request(
            second.id,
            &RequestDecision::Reject,
            "changed my mind",
            &audit("directory.reject", "partner:1234567"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let superseded = store
        .decide_directory_request(
            first.id,
            &RequestDecision::Reject,
            "late",
            &audit("directory.reject", "partner:1234567"),
        )
        .await;
    assert!(matches!(superseded, Err(StoreError::Conflict(_))));

    let listing = store
        .directory_listing(mpn(1_234_567))
        .await
        .unwrap()
        .expect("the approval wrote the listing");
    assert_eq!(
        listing.display_name, "Contoso <b>Learning</b>",
        "kept as typed"
    );
    assert_eq!(listing.request_id, second.id);
    assert_eq!(listing.visible_from, date(2021, 4, 7));
    assert!(!listing.is_visible_on(date(2021, 4, 6)));
    assert!(listing.is_visible_on(date(2021, 4, 7)));
    assert_eq!(listing.last_checked_on, Some(date(2021, 3, 15)));
    assert_eq!(store.directory_listings(false).await.unwrap().len(), 1);

    // A failed re-check flags it; a second failure keeps the first flag and removes it.
    let check = |on: Date, flag: Option<(Date, String)>, remove_on: Option<Date>| ListingCheck {
        checks: "{}".to_owned(),
        checked_at: Timestamp::now(),
        checked_on: on,
        flag,
        remove_on,
    };
    let flagged = store
        .record_listing_check(
            mpn(1_234_567),
            &check(
                date(2021, 4, 15),
                Some((date(2021, 4, 15), "gone".into())),
                None,
            ),
            &audit("directory.flag", "partner:1234567"),
        )
        .await
        .unwrap();
    assert_eq!(flagged.flagged_on, Some(date(2021, 4, 15)));
    assert_eq!(flagged.flag_reason.as_deref(), Some("gone"));
    assert!(
        flagged.is_visible_on(date(2021, 4, 16)),
        "flagged, still listed"
    );
    let removed = store
        .record_listing_check(
            mpn(1_234_567),
            &check(
                date(2021, 5, 15),
                Some((date(2021, 5, 15), "still gone".into())),
                Some(date(2021, 5, 15)),
            ),
            &audit("directory.remove", "partner:1234567"),
        )
        .await
        .unwrap();
    assert_eq!(
        removed.flagged_on,
        Some(date(2021, 4, 15)),
        "the first flag stays"
    );
    assert_eq!(removed.listed_until, Some(date(2021, 5, 15)));
    assert!(!removed.is_visible_on(date(2021, 5, 15)));
    assert!(removed.is_visible_on(date(2021, 5, 14)));
    assert!(store.directory_listings(false).await.unwrap().is_empty());
    assert_eq!(store.directory_listings(true).await.unwrap().len(), 1);
    let twice = store
        .remove_directory_listing(
            mpn(1_234_567),
            date(2021, 5, 16),
            &audit("directory.remove", "partner:1234567"),
        )
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");

    // A new approval lists it again, flag cleared.
    let third = store
        .add_directory_request(
            &new_request(1_234_567, "Contoso", date(2021, 6, 1)),
            &audit("directory.request", "partner:1234567"),
        )
        .await
        .unwrap();
    store
        .decide_directory_request(
            third.id,
            &RequestDecision::Approve {
                visible_from: date(2021, 7, 7),
            },
            "ok",
            &audit("directory.approve", "partner:1234567"),
        )
        .await
        .unwrap();
    let relisted = store
        .directory_listing(mpn(1_234_567))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(relisted.listed_until, None);
    assert_eq!(relisted.flagged_on, None);
    assert_eq!(relisted.visible_from, date(2021, 7, 7));
    // Removal for a lapse (R28).
    let lapsed = store
        .remove_directory_listing(
            mpn(1_234_567),
            date(2021, 8, 15),
            &audit("directory.remove", "partner:1234567"),
        )
        .await
        .unwrap();
    assert_eq!(lapsed.listed_until, Some(date(2021, 8, 15)));

    // The token is made once: a second one is not stored.
    assert_eq!(store.directory_token(mpn(1_234_567)).await.unwrap(), None);
    let token = store
        .create_directory_token(mpn(1_234_567), "t-one", &audit("directory.token", "p"))
        .await
        .unwrap();
    assert_eq!(token, "t-one");
    let kept = store
        .create_directory_token(mpn(1_234_567), "t-two", &audit("directory.token", "p"))
        .await
        .unwrap();
    assert_eq!(kept, "t-one");
    assert_eq!(
        store
            .directory_token(mpn(1_234_567))
            .await
            .unwrap()
            .as_deref(),
        Some("t-one")
    );
    let nobody = store
        .create_directory_token(mpn(7_654_321), "t", &audit("directory.token", "p"))
        .await;
    assert!(matches!(nobody, Err(StoreError::NotFound(_))), "{nobody:?}");

    // Competitors: once per name, whatever its case.
    assert!(
        store
            .add_directory_competitor("Globex", &audit("c", "c"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .add_directory_competitor("GLOBEX", &audit("c", "c"))
            .await
            .unwrap()
    );
    assert!(
        store
            .add_directory_competitor("Acme", &audit("c", "c"))
            .await
            .unwrap()
    );
    assert_eq!(
        store.directory_competitors().await.unwrap(),
        ["Acme", "Globex"]
    );
    assert!(
        store
            .remove_directory_competitor("globex", &audit("c", "c"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .remove_directory_competitor("globex", &audit("c", "c"))
            .await
            .unwrap()
    );
    assert_eq!(store.directory_competitors().await.unwrap(), ["Acme"]);

    // Every change above wrote exactly one event (refusals and no-ops none).
    // 3 requests + 1 check + 2 approvals + 2 listing checks + 1 removal + 1 token
    // + 2 competitor adds + 1 competitor removal = 13.
    assert_eq!(events(&store).await - before, 13);
}
