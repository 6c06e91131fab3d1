//! The story of bulk onboarding (R31), run on every backend through
//! [`story_tests!`](crate::story_tests): a partner file is stored whole, in one transaction
//! with its audit event, or not at all; a rejected claim is registered again; the partner's
//! file shows the import's event; the contacts marked are invited once, in batches; an
//! invitation works once, for a new account or for the account that has the address, and
//! not after it expires.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use jiff::{SignedDuration, Timestamp};
use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, Role};

use super::fixtures::{add_partner, all_events, draft, mpn, partner, user};
use crate::audit::verify;
use crate::error::StoreError;
use crate::program_stats::AuditTrailFilter;
use crate::rows::{
    ImportedPartner, InvitationBatch, Invitee, NewOutboxMessage, NewPartnerInvitation,
    PartnerImport, Verification,
};
use crate::story::SharedStore;

fn not_invited(partner: crate::rows::NewPartner) -> ImportedPartner {
    ImportedPartner {
        partner,
        invite: false,
    }
}

fn email(text: &str) -> Email {
    Email::parse(text).unwrap()
}

fn invitation(n: u64, to: &str, token: &str, expires_at: Timestamp) -> NewPartnerInvitation {
    NewPartnerInvitation {
        token_sha256: format!("sha256-of-{token}"),
        partner: mpn(n),
        email: email(to),
        expires_at,
    }
}

fn mail(key: &str, to: &str, now: Timestamp) -> NewOutboxMessage {
    NewOutboxMessage {
        dedup_key: key.to_owned(),
        to: email(to),
        subject: "Your invitation".to_owned(),
        body: format!("http://lpc.example/invitation/{key}"),
        created_at: now,
    }
}

pub async fn a_partner_file_is_stored_whole_and_its_invitations_work_once(store: SharedStore) {
    let now = Timestamp::now();
    let later = now + SignedDuration::from_hours(24 * 30);
    add_partner(&store, 7_100_001, "Stored Learning", "JP").await;
    // A claim an operator rejected: the file registers the MPN ID again.
    let mut claimed = partner(7_100_900, "Squatter", "IT");
    claimed.verification = Verification::Unverified;
    let claimant = user(
        "squat@claim.example",
        vec![RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(7_100_900))).unwrap()],
    );
    store
        .add_claim(
            &claimed,
            &claimant,
            &draft("partner.claimed", "claim".into()),
        )
        .await
        .unwrap();
    store
        .decide_claim(
            mpn(7_100_900),
            Verification::Rejected,
            &draft("partner.claim_rejected", "claim".into()),
        )
        .await
        .unwrap();
    // A mail with the dedup key of an invitation below is queued already.
    assert!(
        store
            .enqueue_mail(&mail("invite:7100006", "c@onb.example", now))
            .await
            .unwrap()
    );

    // More partners than one statement carries; every other contact to be invited.
    let mut file = PartnerImport::default();
    for n in 7_100_002..7_100_602 {
        let mut p = partner(n, &format!("Bulk Learning {n}"), "US");
        p.contact_email = Some(email(&format!("desk{n}@onb.example")));
        file.partners.push(ImportedPartner {
            partner: p,
            invite: n % 2 == 0,
        });
    }
    let mut again = partner(7_100_900, "Real Owner Learning", "IT");
    again.contact_email = Some(email("owner@onb.example"));
    file.replaced.push(ImportedPartner {
        partner: again,
        invite: true,
    });
    let events_before = all_events(&store).await.len();
    let stored = store
        .import_partners(file, &draft("partners.import", "file:p.csv".into()))
        .await
        .unwrap();
    assert_eq!(stored.partners, 601);
    assert_eq!(stored.to_invite, 301);
    assert_eq!(
        all_events(&store).await.len(),
        events_before + 1,
        "one event"
    );
    let marked = store.partners_to_invite(1000).await.unwrap();
    assert_eq!(marked.len(), 301);
    assert_eq!(marked[0].mpn_id, mpn(7_100_002), "by MPN ID");
    assert_eq!(store.partners_to_invite(10).await.unwrap().len(), 10);

    // A batch invites the partners still marked, once; a mail whose dedup key is queued
    // already is not queued again.
    let batch = InvitationBatch {
        invitations: vec![
            invitation(7_100_002, "a@onb.example", "t-a", later),
            invitation(7_100_003, "c@onb.example", "t-c", later),
            invitation(7_100_004, "a@onb.example", "t-a2", later),
            invitation(7_100_006, "c@onb.example", "t-c2", later),
        ],
        mails: vec![
            mail("invite:7100002", "a@onb.example", now),
            mail("invite:7100003", "c@onb.example", now),
            mail("invite:7100004", "a@onb.example", now),
            mail("invite:7100006", "c@onb.example", now),
        ],
    };
    let queued = draft("partners.invitations_queued", "partners".into());
    assert_eq!(
        store
            .queue_partner_invitations(&batch, &queued)
            .await
            .unwrap(),
        3,
        "7100003 is not marked"
    );
    assert_eq!(
        store
            .queue_partner_invitations(&batch, &queued)
            .await
            .unwrap(),
        0,
        "once"
    );
    assert_eq!(store.partners_to_invite(1000).await.unwrap().len(), 298);
    let mailed: Vec<String> = store
        .unsent_mail(100)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.dedup_key)
        .collect();
    assert_eq!(
        mailed,
        ["invite:7100006", "invite:7100002", "invite:7100004"],
        "{mailed:?}"
    );
    assert!(
        store
            .partner_invitation(mpn(7_100_006), "sha256-of-t-c2", now)
            .await
            .unwrap()
            .is_some(),
        "an invitation whose mail was queued before is stored all the same"
    );

    let found = store
        .partners_among(&[
            mpn(7_100_001),
            mpn(7_100_002),
            mpn(7_100_900),
            mpn(7_199_999),
        ])
        .await
        .unwrap();
    assert_eq!(found.len(), 3);
    let replaced = found.iter().find(|p| p.mpn_id == mpn(7_100_900)).unwrap();
    assert_eq!(replaced.name.as_str(), "Real Owner Learning");
    assert_eq!(replaced.verification, Verification::Verified);
    let imported = found.iter().find(|p| p.mpn_id == mpn(7_100_002)).unwrap();
    assert_eq!(imported.verification, Verification::Verified);
    assert_eq!(
        imported.contact_email.as_ref().map(Email::as_str),
        Some("desk7100002@onb.example")
    );
    let all: Vec<_> = (7_100_002..7_100_602).map(mpn).collect();
    assert_eq!(store.partners_among(&all).await.unwrap().len(), 600);

    // The partner's file shows the import that registered it.
    let trail = store
        .audit_trail(&AuditTrailFilter::Partner(mpn(7_100_500)), None, 20)
        .await
        .unwrap();
    assert_eq!(
        trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["partners.import"]
    );

    // A file naming an MPN ID registered meanwhile stores nothing.
    let mut late = PartnerImport::default();
    late.partners
        .push(not_invited(partner(7_100_700, "Late Learning", "US")));
    late.partners
        .push(not_invited(partner(7_100_002, "Raced Learning", "US")));
    let refused = store
        .import_partners(late, &draft("partners.import", "file:late.csv".into()))
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    assert!(
        store
            .partners_among(&[mpn(7_100_700)])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        all_events(&store).await.len(),
        events_before + 2,
        "the import's, the batch's"
    );

    // An invitation works once and not after it expires.
    let a = store
        .partner_invitation(mpn(7_100_002), "sha256-of-t-a", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.partner.mpn_id, mpn(7_100_002));
    assert_eq!(a.email.as_str(), "a@onb.example");
    assert!(
        store
            .partner_invitation(mpn(7_100_002), "sha256-of-t-a", later)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .partner_invitation(mpn(7_100_004), "sha256-of-t-a", now)
            .await
            .unwrap()
            .is_none(),
        "a token is its own partner's"
    );
    assert!(
        store
            .partner_invitation(mpn(7_100_002), "sha256-of-unknown", now)
            .await
            .unwrap()
            .is_none()
    );
    let accepted = draft("partner.invitation_accepted", "partner:7100002".into());
    let new = Invitee::New {
        password_hash: "$argon2id$story$a".to_owned(),
    };
    let admin = store
        .accept_partner_invitation(mpn(7_100_002), "sha256-of-t-a", now, &new, &accepted)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin.email.as_str(), "a@onb.example");
    assert!(
        admin.email_confirmed_at.is_some(),
        "the link proves the address"
    );
    assert_eq!(
        admin.grants,
        [RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(7_100_002))).unwrap()]
    );
    assert!(
        store
            .accept_partner_invitation(mpn(7_100_002), "sha256-of-t-a", now, &new, &accepted)
            .await
            .unwrap()
            .is_none(),
        "once"
    );
    assert_eq!(
        store
            .emails_with_accounts(&[&email("a@onb.example"), &email("c@onb.example")])
            .await
            .unwrap(),
        [email("a@onb.example")]
    );
    // A file with more contacts than the program has accounts is answered by one read of
    // every account: the same answer.
    let many: Vec<Email> = (0..50)
        .map(|i| email(&format!("contact{i}@onb.example")))
        .chain([email("a@onb.example")])
        .collect();
    assert_eq!(
        store
            .emails_with_accounts(&many.iter().collect::<Vec<_>>())
            .await
            .unwrap(),
        [email("a@onb.example")]
    );

    // The second partner inviting the same address: its account becomes that one's admin too.
    let existing = Invitee::Existing { user_id: admin.id };
    let other = store
        .accept_partner_invitation(mpn(7_100_006), "sha256-of-t-c2", now, &existing, &accepted)
        .await;
    assert!(
        matches!(other, Err(StoreError::Conflict(_))),
        "an invitation to another address is not this account's: {other:?}"
    );
    let both = store
        .accept_partner_invitation(mpn(7_100_004), "sha256-of-t-a2", now, &existing, &accepted)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(both.grants.len(), 2, "{:?}", both.grants);
    assert!(
        store
            .partner_invitation(mpn(7_100_006), "sha256-of-t-c2", now)
            .await
            .unwrap()
            .is_some(),
        "the refused acceptance wrote nothing"
    );
    verify(&all_events(&store).await).expect("the chain is intact");
}
