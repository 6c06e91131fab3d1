//! The story of claims (R31), run on every backend through [`story_tests!`](crate::story_tests):
//! a sign-up stores an unverified organization and its unconfirmed claimant in one
//! transaction or nothing; an address is confirmed once; an operator decides a claim once;
//! a rejected MPN ID can be claimed again; the contact on file changes only outside a claim.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use jiff::Timestamp;
use lpc_domain::access::RoleGrant;
use lpc_domain::{CountryCode, Email, MpnId, PartnerName, Role};

use crate::audit::{AuditDraft, verify};
use crate::error::StoreError;
use crate::rows::{NewPartner, NewUser, Verification};
use crate::story::SharedStore;

fn audit(action: &str) -> AuditDraft {
    AuditDraft::new(
        "story",
        action,
        "claim",
        Timestamp::now(),
        serde_json::json!({ "story": true }),
    )
}

fn mpn(n: u64) -> MpnId {
    MpnId::parse(&n.to_string()).unwrap()
}

fn email(text: &str) -> Email {
    Email::parse(text).unwrap()
}

fn claim(n: u64, name: &str, claimant: &str) -> (NewPartner, NewUser) {
    let partner = NewPartner {
        mpn_id: mpn(n),
        name: PartnerName::parse(name).unwrap(),
        country: CountryCode::parse("IT").unwrap(),
        contact_email: Some(email(claimant)),
        verification: Verification::Unverified,
    };
    let user = NewUser {
        email: email(claimant),
        password_hash: format!("$argon2id$story${claimant}"),
        grants: vec![RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(n))).unwrap()],
        email_confirmed: false,
    };
    (partner, user)
}

pub async fn claims_are_stored_whole_decided_once_and_claimed_again_after_a_rejection(
    store: SharedStore,
) {
    let (p, u) = claim(7_000_001, "Squat Learning", "first@claim.example");
    let (partner, user) = store
        .add_claim(&p, &u, &audit("partner.claimed"))
        .await
        .unwrap();
    assert_eq!(partner.verification, Verification::Unverified);
    assert_eq!(partner.contact_email, Some(email("first@claim.example")));
    assert_eq!(
        user.email_confirmed_at, None,
        "a sign-up's address is not confirmed yet"
    );

    // The same MPN ID, or the same address, again: refused whole.
    let (p2, u2) = claim(7_000_001, "Other", "second@claim.example");
    assert!(matches!(
        store.add_claim(&p2, &u2, &audit("partner.claimed")).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(
        store
            .user_by_email(&email("second@claim.example"))
            .await
            .unwrap()
            .is_none()
    );
    let (p3, u3) = claim(7_000_002, "Other", "first@claim.example");
    assert!(matches!(
        store.add_claim(&p3, &u3, &audit("partner.claimed")).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(
        store.partner(mpn(7_000_002)).await.unwrap().is_none(),
        "nothing half-written"
    );

    let queue = store.claims().await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].partner.mpn_id, mpn(7_000_001));
    assert_eq!(queue[0].claimants.len(), 1);
    assert!(!queue[0].claimants[0].email_confirmed);
    assert_eq!(queue[0].invoice_lines, 0);
    assert_eq!(queue[0].invoice_months, None);

    // Confirming the address works once.
    let now = Timestamp::now();
    let later = Timestamp::from_second(now.as_second() + 3600).unwrap();
    store
        .add_password_reset(
            user.id,
            "confirm-digest",
            later,
            &audit("user.confirmation_sent"),
        )
        .await
        .unwrap();
    let confirmed = store
        .confirm_email("confirm-digest", now, &audit("user.email_confirmed"))
        .await
        .unwrap()
        .expect("the token confirms");
    assert!(confirmed.email_confirmed_at.is_some());
    assert!(
        store
            .confirm_email("confirm-digest", now, &audit("user.email_confirmed"))
            .await
            .unwrap()
            .is_none(),
        "a used token does nothing"
    );
    assert!(store.claims().await.unwrap()[0].claimants[0].email_confirmed);

    // The contact on file does not change under a pending claim.
    assert!(matches!(
        store
            .set_partner_contact(mpn(7_000_001), &email("x@y.example"), true, &audit("c"))
            .await,
        Err(StoreError::Conflict(_))
    ));

    // Rejected: nobody holds a role in it any more, and the decision is made once.
    let told = store
        .decide_claim(
            mpn(7_000_001),
            Verification::Rejected,
            &audit("partner.claim_rejected"),
        )
        .await
        .unwrap();
    assert_eq!(told, vec![email("first@claim.example")]);
    let claimant = store
        .user_by_email(&email("first@claim.example"))
        .await
        .unwrap()
        .unwrap();
    assert!(claimant.grants.is_empty(), "{:?}", claimant.grants);
    assert_eq!(
        store
            .partner(mpn(7_000_001))
            .await
            .unwrap()
            .unwrap()
            .verification,
        Verification::Rejected
    );
    assert!(store.claims().await.unwrap().is_empty());
    assert!(matches!(
        store
            .decide_claim(mpn(7_000_001), Verification::Verified, &audit("again"))
            .await,
        Err(StoreError::Conflict(_))
    ));

    // A rejected MPN ID is claimed again, under the new claimant's name.
    let (p4, u4) = claim(7_000_001, "Real Learning", "owner@real.example");
    let (again, _) = store
        .add_claim(&p4, &u4, &audit("partner.claimed"))
        .await
        .unwrap();
    assert_eq!(again.verification, Verification::Unverified);
    assert_eq!(again.name.as_str(), "Real Learning");
    assert_eq!(again.contact_email, Some(email("owner@real.example")));
    assert!(
        again.registered_at > partner.registered_at,
        "claimed anew on its own date"
    );
    store
        .decide_claim(
            mpn(7_000_001),
            Verification::Verified,
            &audit("partner.verified"),
        )
        .await
        .unwrap();
    let verified = store.partner(mpn(7_000_001)).await.unwrap().unwrap();
    assert_eq!(verified.verification, Verification::Verified);
    let owner = store
        .user_by_email(&email("owner@real.example"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        owner.grants.len(),
        1,
        "the approved claimant keeps their role"
    );
    assert!(matches!(
        store
            .decide_claim(mpn(7_999_999), Verification::Verified, &audit("none"))
            .await,
        Err(StoreError::NotFound(_))
    ));

    // Outside a claim the contact changes; a rejected organization can be verified with it.
    let changed = store
        .set_partner_contact(
            mpn(7_000_001),
            &email("desk@real.example"),
            false,
            &audit("c"),
        )
        .await
        .unwrap();
    assert_eq!(changed.contact_email, Some(email("desk@real.example")));
    let (p5, u5) = claim(7_000_003, "Gone", "gone@claim.example");
    store
        .add_claim(&p5, &u5, &audit("partner.claimed"))
        .await
        .unwrap();
    store
        .decide_claim(mpn(7_000_003), Verification::Rejected, &audit("r"))
        .await
        .unwrap();
    let invited = store
        .set_partner_contact(
            mpn(7_000_003),
            &email("desk@gone.example"),
            true,
            &audit("i"),
        )
        .await
        .unwrap();
    assert_eq!(invited.verification, Verification::Verified);
    assert_eq!(
        store
            .partner(mpn(7_000_003))
            .await
            .unwrap()
            .unwrap()
            .contact_email,
        Some(email("desk@gone.example"))
    );

    let mut events = Vec::new();
    let mut after = 0;
    loop {
        let page = store.audit_page(after, 100).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        events.extend(page);
    }
    assert_eq!(verify(&events), Ok(events.len() as i64));
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "partner.claimed")
            .count(),
        3,
        "refused claims leave no event"
    );
}

pub async fn partner_roles_change_and_go_but_an_mpn_partner_admin_stays(store: SharedStore) {
    let (p, u) = claim(7_100_001, "Roles Learning", "first@roles.example");
    store
        .add_claim(&p, &u, &audit("partner.claimed"))
        .await
        .unwrap();
    let second = NewUser {
        email: email("second@roles.example"),
        password_hash: "$argon2id$story$second".into(),
        grants: vec![RoleGrant::new(Role::Member, Some(mpn(7_100_001))).unwrap()],
        email_confirmed: true,
    };
    store.add_user(&second, &audit("user.add")).await.unwrap();
    let first = email("first@roles.example");
    let last_admin = |r: Result<(), StoreError>| matches!(r, Err(StoreError::Conflict(_)));
    assert!(last_admin(
        store
            .set_partner_role(mpn(7_100_001), &first, Some(Role::Member), &audit("r"))
            .await
    ));
    assert!(last_admin(
        store
            .set_partner_role(mpn(7_100_001), &first, None, &audit("r"))
            .await
    ));
    store
        .set_partner_role(
            mpn(7_100_001),
            &email("second@roles.example"),
            Some(Role::MpnPartnerAdmin),
            &audit("user.role_changed"),
        )
        .await
        .unwrap();
    store
        .set_partner_role(mpn(7_100_001), &first, None, &audit("user.removed"))
        .await
        .unwrap();
    let user = store.user_by_email(&first).await.unwrap().unwrap();
    assert!(
        user.grants.is_empty(),
        "the account stays, without the role"
    );
    assert!(matches!(
        store
            .set_partner_role(mpn(7_100_001), &first, None, &audit("again"))
            .await,
        Err(StoreError::NotFound(_))
    ));
    let rows = store.partner_users(mpn(7_100_001)).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].role, Role::MpnPartnerAdmin);
}
