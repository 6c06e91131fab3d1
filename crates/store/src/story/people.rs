//! The stories of a partner's people and keys: trainer imports (R4), exam passes (R8, R9),
//! guideline acceptances (R8), API tokens, and removing each one with its audit event.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, Role};

use super::SharedStore;
use super::fixtures::{add_partner, all_events, counts, draft, mpn, user};
use crate::audit::verify;
use crate::error::StoreError;
use crate::rows::{ExamPass, GuidelineAcceptance, Trainer};

fn trainer(mct: &str, partner: u64, from: Date, until: Date) -> Trainer {
    Trainer {
        mct_id: mct.to_owned(),
        partner_id: mpn(partner),
        name: format!("Trainer {mct}"),
        email: Email::parse(&format!("{mct}@trainers.example")).expect("email"),
        valid_from: from,
        valid_until: until,
    }
}

pub async fn trainer_imports_are_idempotent_and_update_renewed_trainers(store: SharedStore) {
    let file = vec![
        trainer("MCT-1", 1_000_001, date(2025, 1, 1), date(2025, 12, 31)),
        trainer("MCT-2", 1_000_001, date(2025, 1, 1), date(2025, 12, 31)),
        // The same person affiliated with a partner that has not registered yet (kept, R16).
        trainer("MCT-1", 8_888_888, date(2025, 1, 1), date(2025, 12, 31)),
    ];
    let audit = draft("trainers.import", "file:trainers.csv".into());
    assert_eq!(
        store.import_trainers(&file, &audit).await.expect("import"),
        counts(3, 0, 0)
    );
    assert_eq!(
        store.import_trainers(&file, &audit).await.expect("again"),
        counts(0, 0, 3)
    );
    let mut renewed = file.clone();
    renewed[1].valid_until = date(2026, 12, 31);
    assert_eq!(
        store
            .import_trainers(&renewed, &audit)
            .await
            .expect("renewal"),
        counts(0, 1, 2)
    );
    let stored = store.trainers_of(mpn(1_000_001)).await.expect("read");
    assert_eq!(stored, renewed[..2]);
    // Two changing imports, two audit events; the no-op import wrote none.
    assert_eq!(all_events(&store).await.len(), 2);
}

pub async fn a_failing_import_stores_nothing(store: SharedStore) {
    let bad = vec![
        trainer("MCT-1", 1_000_001, date(2025, 1, 1), date(2025, 12, 31)),
        // Ends before it starts: the database refuses it, and with it the whole file.
        trainer("MCT-2", 1_000_001, date(2025, 12, 31), date(2025, 1, 1)),
    ];
    let audit = draft("trainers.import", "file:bad.csv".into());
    assert!(store.import_trainers(&bad, &audit).await.is_err());
    assert!(
        store
            .trainers_of(mpn(1_000_001))
            .await
            .expect("read")
            .is_empty()
    );
    assert!(all_events(&store).await.is_empty());
}

pub async fn exam_passes_are_stored_once_and_read_by_date(store: SharedStore) {
    let pass = |code: &str, on: Date| ExamPass {
        partner_id: mpn(1_000_001),
        person_email: Email::parse("kenji@sakura.example").expect("email"),
        exam_code: code.to_owned(),
        passed_on: on,
    };
    let file = vec![
        pass("AZ-104", date(2024, 2, 29)),
        pass("AZ-104", date(2025, 3, 1)),
        pass("AZ-204", date(2025, 6, 30)),
    ];
    let audit = draft("exams.import", "file:exams.csv".into());
    assert_eq!(
        store
            .import_exam_passes(&file, &audit)
            .await
            .expect("import"),
        counts(3, 0, 0)
    );
    assert_eq!(
        store
            .import_exam_passes(&file, &audit)
            .await
            .expect("again"),
        counts(0, 0, 3)
    );
    let recent = store
        .exam_passes_of(mpn(1_000_001), date(2025, 3, 1))
        .await
        .expect("read");
    assert_eq!(recent, file[1..]);
    assert!(
        store
            .exam_passes_of(mpn(2_000_002), date(2000, 1, 1))
            .await
            .expect("read")
            .is_empty()
    );
}

pub async fn guideline_acceptances_keep_the_first_acceptance(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let accept = |by: &str| GuidelineAcceptance {
        partner_id: mpn(1_000_001),
        version: "FY26-1.0".to_owned(),
        accepted_by: Email::parse(by).expect("email"),
        accepted_at: Timestamp::now()
            .round(jiff::Unit::Microsecond)
            .expect("round"),
    };
    let first = accept("admin@contoso.example");
    let audit = draft("guidelines.accept", "partner:1000001".into());
    store
        .accept_guidelines(&first, &audit)
        .await
        .expect("accepted");
    store
        .accept_guidelines(&accept("other@contoso.example"), &audit)
        .await
        .expect("again is fine");
    assert_eq!(
        store
            .guideline_acceptances(mpn(1_000_001))
            .await
            .expect("read"),
        [first]
    );
    let mut stray = accept("x@y.example");
    stray.partner_id = mpn(9_999_999);
    assert!(matches!(
        store.accept_guidelines(&stray, &audit).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        all_events(&store).await.len(),
        2,
        "partner added, one acceptance"
    );
}

pub async fn api_tokens_lead_to_their_user(store: SharedStore) {
    let grants = vec![RoleGrant::new(Role::Operator, None).expect("grant")];
    let user = store
        .add_user(
            &user("ops@program.example", grants),
            &draft("user.add", "user:ops".into()),
        )
        .await
        .expect("user");
    let expires_at = Timestamp::from_second(1_900_000_000).expect("time");
    store
        .add_api_token_with_hint(
            user.id,
            "ab12",
            "ci",
            "",
            expires_at,
            &draft("token.add", "user:ops".into()),
        )
        .await
        .expect("token");
    let found = store
        .user_by_token("ab12")
        .await
        .expect("read")
        .expect("present");
    assert_eq!(found.email, user.email);
    assert!(store.user_by_token("ab13").await.expect("read").is_none());
    // Its expiry and last use, as the app checks them (issue 15).
    let info = store
        .api_token("ab12")
        .await
        .expect("read")
        .expect("present");
    assert_eq!((info.expires_at, info.last_used_at), (expires_at, None));
    let used_at = Timestamp::from_second(1_850_000_000).expect("time");
    store.touch_api_token("ab12", used_at).await.expect("touch");
    let info = store
        .api_token("ab12")
        .await
        .expect("read")
        .expect("present");
    assert_eq!(info.last_used_at, Some(used_at));
    assert!(store.api_token("ab13").await.expect("read").is_none());
}

pub async fn trainers_exam_passes_and_tokens_are_removed_one_by_one_with_their_audit(
    store: SharedStore,
) {
    let audit = draft("trainer.add", "partner:1000001".into());
    let file = vec![
        trainer("MCT-1", 1_000_001, date(2025, 1, 1), date(2025, 12, 31)),
        trainer("MCT-2", 1_000_001, date(2025, 1, 1), date(2025, 12, 31)),
        trainer("MCT-1", 1_000_002, date(2025, 1, 1), date(2025, 12, 31)),
    ];
    store
        .import_trainers(&file, &audit)
        .await
        .expect("trainers");
    let before = all_events(&store).await.len();
    let removal = draft("trainer.remove", "partner:1000001".into());
    assert!(
        store
            .remove_trainer(mpn(1_000_001), "MCT-1", &removal)
            .await
            .expect("remove")
    );
    assert!(
        !store
            .remove_trainer(mpn(1_000_001), "MCT-1", &removal)
            .await
            .expect("again")
    );
    let left: Vec<String> = store
        .trainers_of(mpn(1_000_001))
        .await
        .expect("read")
        .into_iter()
        .map(|t| t.mct_id)
        .collect();
    assert_eq!(left, ["MCT-2"]);
    // The other partner's affiliation of the same MCT stays.
    assert_eq!(
        store.trainers_of(mpn(1_000_002)).await.expect("read").len(),
        1
    );
    assert_eq!(all_events(&store).await.len(), before + 1);

    let pass = ExamPass {
        partner_id: mpn(1_000_001),
        person_email: Email::parse("kenji@sakura.example").expect("email"),
        exam_code: "AZ-104".to_owned(),
        passed_on: date(2025, 3, 1),
    };
    store
        .import_exam_passes(std::slice::from_ref(&pass), &draft("exam.add", "p".into()))
        .await
        .expect("pass");
    let mut other_day = pass.clone();
    other_day.passed_on = date(2025, 3, 2);
    let exam_removal = draft("exam.remove", "partner:1000001".into());
    assert!(
        !store
            .remove_exam_pass(&other_day, &exam_removal)
            .await
            .expect("no such pass")
    );
    assert!(
        store
            .remove_exam_pass(&pass, &exam_removal)
            .await
            .expect("remove pass")
    );
    assert!(
        store
            .exam_passes_of(mpn(1_000_001), date(2000, 1, 1))
            .await
            .expect("read")
            .is_empty()
    );

    let grants = vec![RoleGrant::new(Role::Operator, None).expect("grant")];
    let owner = store
        .add_user(
            &user("ops@program.example", grants.clone()),
            &draft("user.add", "u".into()),
        )
        .await
        .expect("user");
    let other = store
        .add_user(
            &user("other@program.example", grants),
            &draft("user.add", "u".into()),
        )
        .await
        .expect("user");
    let create = draft("token.create", "user:ops".into());
    let expires_at = Timestamp::from_second(1_900_000_000).expect("time");
    store
        .add_api_token_with_hint(owner.id, "d1", "ci", "beef", expires_at, &create)
        .await
        .expect("token");
    store
        .add_api_token_with_hint(owner.id, "d2", "old", "", expires_at, &create)
        .await
        .expect("old token");
    let listed = store.api_tokens_of(owner.id).await.expect("list");
    let mut hints: Vec<(&str, &str, &str)> = listed
        .iter()
        .map(|t| {
            (
                t.token_sha256.as_str(),
                t.label.as_str(),
                t.last_four.as_str(),
            )
        })
        .collect();
    hints.sort_unstable();
    assert_eq!(hints, [("d1", "ci", "beef"), ("d2", "old", "")]);
    assert!(
        store
            .api_tokens_of(other.id)
            .await
            .expect("list")
            .is_empty()
    );
    let revoke = draft("token.revoke", "user:ops".into());
    assert!(
        !store
            .revoke_api_token(other.id, "d1", &revoke)
            .await
            .expect("not the other's")
    );
    assert!(store.user_by_token("d1").await.expect("read").is_some());
    assert!(
        store
            .revoke_api_token(owner.id, "d1", &revoke)
            .await
            .expect("revoke")
    );
    assert!(store.user_by_token("d1").await.expect("read").is_none());
    assert_eq!(store.api_tokens_of(owner.id).await.expect("list").len(), 1);
    let events = all_events(&store).await;
    assert_eq!(
        events.iter().filter(|e| e.action == "token.revoke").count(),
        1
    );
    verify(&events).expect("intact chain");
}
