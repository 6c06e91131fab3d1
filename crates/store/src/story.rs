//! The story tests: one scenario per storage behaviour, run unchanged against every backend.
//!
//! A backend crate instantiates them all with [`story_tests!`](crate::story_tests), giving an
//! async function that opens a fresh, empty store, runs the story and removes the store:
//!
//! ```ignore
//! lpc_store::story_tests!(crate::harness::run);
//! ```
//!
//! Stories use only the [`Store`] trait, so a backend that passes them behaves like the others.

// This is test code that lives in the library so that every backend can share it; a failed
// expectation is a failed test, which is exactly what `expect` reports.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::{Date, date};
use lpc_domain::access::RoleGrant;
use lpc_domain::{CountryCode, Email, MpnId, PartnerName, Role};

use crate::audit::{AuditDraft, AuditEvent, verify};
use crate::error::StoreError;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};

use crate::publishing::PublicationPlan;
use crate::rows::{
    CaseKind, CaseState, CaseStateChange, ExamPass, GuidelineAcceptance, ImportCounts, InvoiceLine,
    MembershipStatus, NewCase, NewKpiAdjustment, NewOrder, NewOutboxMessage, NewPartner,
    NewPaymentProof, NewUser, Order, OrderEffect, OrderPurpose, OrderStatus, PaymentMethod,
    ProofStatus, PublishedTotal, Trainer,
};
use crate::store::Store;
use jiff::ToSpan;
use lpc_domain::LearningOption;
use sha2::{Digest, Sha256};

pub use crate::story_directory_public::public_listings_are_those_visible_on_the_day_with_their_active_memberships;
pub use crate::story_rule_sets::eligibility_is_read_in_bulk_for_every_partner;
pub use crate::story_rule_sets::rule_set_drafts_are_activated_once_per_effective_date;

#[path = "story_directory.rs"]
mod directory_story;
pub use directory_story::directory_requests_are_decided_once_and_listings_flagged_and_removed;

#[path = "story_claims.rs"]
mod claims_story;
pub use claims_story::{
    claims_are_stored_whole_decided_once_and_claimed_again_after_a_rejection,
    partner_roles_change_and_go_but_an_mpn_partner_admin_stays,
};

#[path = "story_program_stats.rs"]
mod program_stats_story;
pub use program_stats_story::program_counts_searches_and_audit_trails_come_from_the_database;

/// A store shared across the tasks of one story.
pub type SharedStore = Arc<dyn Store>;

/// Declares one `#[tokio::test]` per story, each run through `$harness(story_name, story)`.
#[macro_export]
macro_rules! story_tests {
    ($harness:path) => {
        $crate::story_tests!(@each $harness;
            migrations_can_run_again,
            an_empty_store_says_so,
            partners_are_registered_once,
            partners_are_listed_by_mpn_id,
            users_hold_a_role_per_organization,
            operators_hold_roles_without_an_organization,
            a_refused_user_leaves_nothing_behind,
            every_change_is_audited_in_one_intact_chain,
            concurrent_changes_keep_the_chain_intact,
            trainer_imports_are_idempotent_and_update_renewed_trainers,
            a_failing_import_stores_nothing,
            exam_passes_are_stored_once_and_read_by_date,
            guideline_acceptances_keep_the_first_acceptance,
            api_tokens_lead_to_their_user,
            invoice_lines_are_stored_once_and_a_conflict_refuses_the_batch,
            publications_take_their_period_and_unpublished_older_lines,
            publications_are_frozen_once,
            a_card_payment_starts_one_membership_and_a_second_is_refused,
            concurrent_orders_for_one_option_let_exactly_one_through,
            bank_transfers_are_paid_once_an_operator_accepts_their_proof,
            unpaid_orders_expire_once,
            renewals_move_the_anniversary_and_upgrades_replace_silver_with_gold,
            refunds_end_the_membership_once,
            memberships_lapse_and_come_due_by_anniversary,
            cases_are_discussed_and_decided_once,
            case_attachments_are_kept_with_their_case_until_it_is_decided,
            resolving_account_profile_setup_grants_marketplace_access,
            mail_is_queued_once_per_dedup_key,
            the_digest_is_the_hash_of_the_published_rows,
            an_accepted_adjustment_is_frozen_into_the_next_publication,
            web_sessions_are_stored_loaded_and_expire,
            program_counts_searches_and_audit_trails_come_from_the_database,
            imports_are_recorded_once_and_listed_newest_first,
            publications_are_listed_newest_first_with_who_published_them,
            password_resets_work_once_and_languages_are_kept,
            partner_users_are_listed_with_their_roles_and_pending_invitations,
            trainers_exam_passes_and_tokens_are_removed_one_by_one_with_their_audit,
            rule_set_drafts_are_activated_once_per_effective_date,
            eligibility_is_read_in_bulk_for_every_partner,
            public_listings_are_those_visible_on_the_day_with_their_active_memberships,
            directory_requests_are_decided_once_and_listings_flagged_and_removed,
            claims_are_stored_whole_decided_once_and_claimed_again_after_a_rejection,
            partner_roles_change_and_go_but_an_mpn_partner_admin_stays
        );
    };
    (@each $harness:path; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $harness(stringify!($name), |store| Box::pin($crate::story::$name(store))).await;
            }
        )*
    };
}

fn mpn(n: u64) -> MpnId {
    MpnId::parse(&n.to_string()).expect("story MPN IDs are valid")
}

fn partner(n: u64, name: &str, country: &str) -> NewPartner {
    NewPartner {
        mpn_id: mpn(n),
        name: PartnerName::parse(name).expect("story names are valid"),
        country: CountryCode::parse(country).expect("story countries are valid"),
        contact_email: None,
        verification: crate::Verification::Verified,
    }
}

fn draft(action: &str, subject: String) -> AuditDraft {
    AuditDraft::new(
        "story",
        action,
        subject,
        Timestamp::now(),
        serde_json::json!({ "story": true }),
    )
}

async fn add_partner(store: &SharedStore, n: u64, name: &str, country: &str) {
    let p = partner(n, name, country);
    store
        .add_partner(&p, &draft("partner.add", format!("partner:{n}")))
        .await
        .expect("partner added");
}

fn user(email: &str, grants: Vec<RoleGrant>) -> NewUser {
    NewUser {
        email: Email::parse(email).expect("story emails are valid"),
        // Stores keep the hash opaque; hashing is `app`'s job.
        password_hash: format!("$argon2id$story${email}"),
        grants,
        email_confirmed: true,
    }
}

async fn all_events(store: &SharedStore) -> Vec<AuditEvent> {
    let mut events = Vec::new();
    loop {
        let after = events.last().map_or(0, |e: &AuditEvent| e.seq);
        let page = store.audit_page(after, 3).await.expect("audit page");
        if page.is_empty() {
            return events;
        }
        events.extend(page);
    }
}

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

pub async fn partners_are_registered_once(store: SharedStore) {
    add_partner(&store, 1_234_567, "Fabrikam Training", "JP").await;
    let stored = store
        .partner(mpn(1_234_567))
        .await
        .expect("read")
        .expect("present");
    assert_eq!(stored.name.as_str(), "Fabrikam Training");
    assert_eq!(stored.country.as_str(), "JP");

    let again = partner(1_234_567, "Someone Else", "IT");
    let err = store
        .add_partner(&again, &draft("partner.add", "partner:1234567".into()))
        .await
        .expect_err("a second registration of the same MPN ID is refused");
    assert!(
        matches!(err, StoreError::Conflict(ref m) if m.contains("1234567")),
        "{err}"
    );
    // The refused attempt changed nothing: the first name stands, one event only.
    let stored = store
        .partner(mpn(1_234_567))
        .await
        .expect("read")
        .expect("present");
    assert_eq!(stored.name.as_str(), "Fabrikam Training");
    assert_eq!(all_events(&store).await.len(), 1);
    assert!(store.partner(mpn(7_654_321)).await.expect("read").is_none());
}

pub async fn partners_are_listed_by_mpn_id(store: SharedStore) {
    add_partner(&store, 3_000_000, "Trey Research", "IT").await;
    add_partner(&store, 1_000_000, "Adatum", "DE").await;
    add_partner(&store, 20_000_000, "Northwind", "JP").await;
    let ids: Vec<u64> = store
        .partners()
        .await
        .expect("list")
        .iter()
        .map(|p| p.mpn_id.get())
        .collect();
    assert_eq!(ids, [1_000_000, 3_000_000, 20_000_000]);
}

pub async fn users_hold_a_role_per_organization(store: SharedStore) {
    add_partner(&store, 1_111_111, "Contoso", "US").await;
    add_partner(&store, 2_222_222, "Fabrikam", "JP").await;
    let grants = vec![
        RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(1_111_111))).expect("grant"),
        RoleGrant::new(Role::Member, Some(mpn(2_222_222))).expect("grant"),
    ];
    let created = store
        .add_user(
            &user("ann@contoso.com", grants.clone()),
            &draft("user.add", "user:ann".into()),
        )
        .await
        .expect("user added");
    let found = store
        .user_by_email(&Email::parse("ANN@Contoso.com").expect("email"))
        .await
        .expect("read")
        .expect("present");
    assert_eq!(found.id, created.id);
    assert_eq!(found.password_hash, "$argon2id$story$ann@contoso.com");
    let mut got = found.grants.clone();
    got.sort_by_key(|g| g.partner());
    assert_eq!(got, grants);

    let dup = store
        .add_user(
            &user("ann@contoso.com", vec![]),
            &draft("user.add", "user:ann".into()),
        )
        .await
        .expect_err("the same e-mail twice is refused");
    assert!(
        matches!(dup, StoreError::Conflict(ref m) if m.contains("ann@contoso.com")),
        "{dup}"
    );
}

pub async fn operators_hold_roles_without_an_organization(store: SharedStore) {
    let grants = vec![
        RoleGrant::new(Role::Operator, None).expect("grant"),
        RoleGrant::new(Role::SupportAgent, None).expect("grant"),
    ];
    store
        .add_user(
            &user("ops@program.example", grants),
            &draft("user.add", "user:ops".into()),
        )
        .await
        .expect("operator added");
    let found = store
        .user_by_email(&Email::parse("ops@program.example").expect("email"))
        .await
        .expect("read")
        .expect("present");
    let mut roles: Vec<Role> = found.grants.iter().map(|g| g.role()).collect();
    roles.sort();
    assert_eq!(roles, [Role::Operator, Role::SupportAgent]);
    assert!(found.grants.iter().all(|g| g.partner().is_none()));
}

pub async fn a_refused_user_leaves_nothing_behind(store: SharedStore) {
    let grants = vec![RoleGrant::new(Role::AccountAdmin, Some(mpn(9_999_999))).expect("grant")];
    let err = store
        .add_user(
            &user("bob@nowhere.example", grants),
            &draft("user.add", "user:bob".into()),
        )
        .await
        .expect_err("a role in an unregistered partner is refused");
    assert!(
        matches!(err, StoreError::NotFound(ref m) if m.contains("9999999")),
        "{err}"
    );
    let bob = Email::parse("bob@nowhere.example").expect("email");
    assert!(store.user_by_email(&bob).await.expect("read").is_none());
    assert!(
        all_events(&store).await.is_empty(),
        "no audit event for a refused change"
    );
    assert!(store.is_empty().await.expect("is_empty"));
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

fn counts(added: u64, updated: u64, unchanged: u64) -> ImportCounts {
    ImportCounts {
        added,
        updated,
        unchanged,
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

fn line(number: &str, partner: u64, on: Date, units: i64) -> InvoiceLine {
    InvoiceLine {
        document_type: DocumentType::Invoice,
        document_number: number.to_owned(),
        line_number: 1,
        corrects_document: None,
        partner_id: mpn(partner),
        document_date: on,
        omlp_type: "moc".to_owned(),
        product_sku: "20764-C".to_owned(),
        purchase_units: units,
        revenue: Money::new(units * 12_500, Currency::parse("USD").expect("USD")),
        kpi: KpiPoints::from_thousandths(units * 1000),
        source_line: 2,
    }
}

pub async fn invoice_lines_are_stored_once_and_a_conflict_refuses_the_batch(store: SharedStore) {
    let audit = draft("invoices.import", "file:a.csv".into());
    let mut credit = line("CN-77", 1_234_567, date(2020, 2, 3), -2);
    credit.document_type = DocumentType::CreditNote;
    credit.corrects_document = Some("INV-1001".into());
    let file = vec![line("INV-1001", 1_234_567, date(2020, 1, 20), 10), credit];
    assert_eq!(
        store
            .import_invoice_lines(&file, &audit)
            .await
            .expect("import"),
        counts(2, 0, 0)
    );
    let mut again = file.clone();
    again[0].source_line = 99; // where a line sits in a file is not part of it
    assert_eq!(
        store
            .import_invoice_lines(&again, &audit)
            .await
            .expect("again"),
        counts(0, 0, 2)
    );
    assert_eq!(
        store.invoice_partner("INV-1001").await.expect("read"),
        Some(mpn(1_234_567))
    );
    assert_eq!(
        store.invoice_partner("CN-77").await.expect("read"),
        None,
        "a credit note is not an invoice"
    );

    let mut changed = line("INV-1001", 1_234_567, date(2020, 1, 20), 11);
    changed.source_line = 5;
    let batch = vec![line("INV-2000", 1_234_567, date(2020, 3, 1), 1), changed];
    let err = store
        .import_invoice_lines(&batch, &audit)
        .await
        .expect_err("the same key with other values");
    assert!(
        matches!(err, StoreError::Conflict(ref m) if m.contains("invoice INV-1001 line 1")),
        "{err}"
    );
    assert_eq!(
        store.invoice_partner("INV-2000").await.expect("read"),
        None,
        "nothing of the refused batch"
    );
    assert_eq!(all_events(&store).await.len(), 1);
}

/// The plan of a publication; what it publishes late, it derives from the publications
/// before it.
fn plan(published_on: Date, _previous_period: Option<((i16, i8), (i16, i8))>) -> PublicationPlan {
    let period = lpc_domain::calendar::period_of_publication(published_on);
    PublicationPlan {
        published_on,
        period,
        rules: None,
        published_at: Timestamp::now()
            .round(jiff::Unit::Microsecond)
            .expect("round"),
    }
}

async fn published(store: &SharedStore, on: Date, partner: u64) -> Vec<(String, bool)> {
    store
        .published_rows(on, mpn(partner))
        .await
        .expect("rows")
        .into_iter()
        .map(|r| (r.document_number, r.late))
        .collect()
}

pub async fn publications_take_their_period_and_unpublished_older_lines(store: SharedStore) {
    add_partner(&store, 1_234_567, "Worked Example", "JP").await;
    let lines = vec![
        line("IN-PERIOD", 1_234_567, date(2019, 12, 31), 1),
        line("TOO-NEW", 1_234_567, date(2020, 1, 1), 1),
        line("OLDER", 1_234_567, date(2018, 12, 31), 1),
        // R16: kept, but not published until the partner registers.
        line("UNREGISTERED", 7_777_777, date(2019, 6, 1), 1),
    ];
    store
        .import_invoice_lines(&lines, &draft("invoices.import", "file:x".into()))
        .await
        .expect("import");
    let january = store
        .publish(
            &plan(date(2020, 1, 15), None),
            &draft("publication.publish", "p".into()),
        )
        .await
        .expect("published");
    assert_eq!((january.partners, january.lines), (1, 1));
    assert_eq!(
        published(&store, date(2020, 1, 15), 1_234_567).await,
        [("IN-PERIOD".to_owned(), false)]
    );

    // Imported after January's publication: one line of its period, one older than the next
    // period; both are late in February's. The line before the first period never is.
    let late = vec![
        line("LATE-MAY", 1_234_567, date(2019, 5, 5), 2),
        line("LATE-JAN", 1_234_567, date(2019, 1, 20), 3),
    ];
    store
        .import_invoice_lines(&late, &draft("invoices.import", "file:y".into()))
        .await
        .expect("import");
    add_partner(&store, 7_777_777, "Registered Later", "IT").await;
    let february = plan(date(2020, 2, 15), Some(((2019, 1), (2019, 12))));
    store
        .publish(&february, &draft("publication.publish", "p".into()))
        .await
        .expect("published");
    let mut rows = published(&store, date(2020, 2, 15), 1_234_567).await;
    rows.sort();
    let expected: Vec<(String, bool)> = [
        ("IN-PERIOD", false),
        ("LATE-JAN", true),
        ("LATE-MAY", true),
        ("TOO-NEW", false),
    ]
    .map(|(n, l)| (n.to_owned(), l))
    .to_vec();
    assert_eq!(rows, expected);
    assert_eq!(
        published(&store, date(2020, 2, 15), 7_777_777).await,
        [("UNREGISTERED".to_owned(), true)]
    );
    let totals = store
        .published_totals(date(2020, 2, 15), mpn(1_234_567))
        .await
        .expect("totals");
    let all = totals
        .iter()
        .find(|t| t.omlp_type.is_none())
        .expect("total in all");
    assert_eq!(all.kpi, KpiPoints::from_thousandths(7000));
}

pub async fn publications_are_frozen_once(store: SharedStore) {
    add_partner(&store, 1_234_567, "Worked Example", "JP").await;
    let stored = line("INV-1", 1_234_567, date(2019, 5, 5), 3);
    store
        .import_invoice_lines(
            std::slice::from_ref(&stored),
            &draft("invoices.import", "file:x".into()),
        )
        .await
        .expect("import");
    let audit = draft("publication.publish", "publication:2020-01-15".into());
    let publication = store
        .publish(&plan(date(2020, 1, 15), None), &audit)
        .await
        .expect("saved");
    assert_eq!(publication.digest.len(), 64);
    let again = store.publish(&plan(date(2020, 1, 15), None), &audit).await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "a published date is frozen"
    );
    assert_eq!(
        store.publication(date(2020, 1, 15)).await.expect("read"),
        Some(publication.clone())
    );
    assert_eq!(
        store
            .latest_publication(date(2020, 2, 14))
            .await
            .expect("read"),
        Some(publication.clone())
    );
    assert_eq!(
        store.first_publication().await.expect("read"),
        Some(publication.clone())
    );
    assert_eq!(
        store
            .latest_publication(date(2020, 1, 14))
            .await
            .expect("read"),
        None
    );
    let rows = store
        .published_rows(date(2020, 1, 15), mpn(1_234_567))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].year,
            rows[0].month,
            rows[0].purchase_units,
            rows[0].late
        ),
        (2019, 5, 3, false)
    );
    assert_eq!(rows[0].revenue, stored.revenue);
    let mut got = store
        .published_totals(date(2020, 1, 15), mpn(1_234_567))
        .await
        .expect("totals");
    got.sort_by(|a, b| a.omlp_type.cmp(&b.omlp_type));
    let kpi = KpiPoints::from_thousandths(3000);
    assert_eq!(
        got,
        [
            PublishedTotal {
                partner_id: mpn(1_234_567),
                omlp_type: None,
                kpi
            },
            PublishedTotal {
                partner_id: mpn(1_234_567),
                omlp_type: Some("moc".into()),
                kpi
            },
        ]
    );
    // The event records the digest.
    let events = all_events(&store).await;
    assert!(
        events
            .last()
            .expect("event")
            .details
            .contains(&publication.digest)
    );
}

// Memberships, orders and payment (R5, R11, R28..R30).

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::USD)
}

/// An order created on `created`, payable for 30 days (R29).
fn order(
    partner: u64,
    purpose: OrderPurpose,
    option: LearningOption,
    competency: Option<&str>,
    method: PaymentMethod,
    created: Date,
) -> NewOrder {
    NewOrder {
        partner_id: mpn(partner),
        purpose,
        option,
        competency: competency.map(str::to_owned),
        membership_id: None,
        fee: usd(190_000),
        discount: usd(0),
        payment_method: method,
        created_on: created,
        expires_on: created.saturating_add(31.days()),
        created_by: "user:admin@contoso.example".to_owned(),
        guidelines_version: Some("FY26-1.0".to_owned()),
    }
}

fn enrollment(
    partner: u64,
    option: LearningOption,
    competency: Option<&str>,
    method: PaymentMethod,
    created: Date,
) -> NewOrder {
    order(
        partner,
        OrderPurpose::Enrollment,
        option,
        competency,
        method,
        created,
    )
}

/// The effect of paying an enrollment on `on`: a membership with its anniversary a year on.
fn start(option: LearningOption, competency: Option<&str>, on: Date) -> OrderEffect {
    OrderEffect::StartMembership {
        option,
        competency: competency.map(str::to_owned),
        started_on: on,
        anniversary_date: on.saturating_add(1.year()),
    }
}

/// Enrolls by card, paid at once; returns the order (linked to its new membership).
async fn enroll_by_card(
    store: &SharedStore,
    partner: u64,
    option: LearningOption,
    competency: Option<&str>,
    on: Date,
) -> Order {
    store
        .create_order(
            &enrollment(partner, option, competency, PaymentMethod::Card, on),
            Some((on, start(option, competency, on))),
            &draft("order.create", format!("partner:{partner}")),
        )
        .await
        .expect("paid by card")
}

async fn assert_chain_intact(store: &SharedStore) -> usize {
    let events = all_events(store).await;
    assert_eq!(verify(&events), Ok(events.len() as i64));
    events.len()
}

fn is_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::Conflict(_)))
}

fn is_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) -> bool {
    matches!(result, Err(StoreError::NotFound(_)))
}

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

fn discrepancy() -> serde_json::Value {
    serde_json::json!({
        "month": 5, "year": 2025, "omlp_type": "moc", "purchase_unit": 10,
        "invoice_number": "INV-1001", "kpi_value": "10", "revenue_value": "1250.00"
    })
}

fn resolve(adjustment: Option<NewKpiAdjustment>, grant: Option<(i64, Date)>) -> CaseStateChange {
    CaseStateChange {
        state: CaseState::Resolved,
        message: Some("accepted on the invoice".to_owned()),
        decided_by: "user:agent@program.example".to_owned(),
        adjustment,
        grant_access: grant,
    }
}

fn adjustment() -> NewKpiAdjustment {
    NewKpiAdjustment {
        year: 2025,
        month: 5,
        omlp_type: "moc".to_owned(),
        invoice_number: "INV-1001".to_owned(),
        purchase_units: 10,
        kpi: KpiPoints::from_thousandths(10_000),
        revenue: usd(125_000),
        created_on: date(2025, 7, 2),
    }
}

pub async fn cases_are_discussed_and_decided_once(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let opening = audit("case.open");
    let opened = store
        .open_case(
            &NewCase {
                partner_id: mpn(1_000_001),
                kind: CaseKind::KpiDiscrepancy,
                opened_by: "user:admin@contoso.example".to_owned(),
                details: discrepancy(),
                membership_id: None,
                attachment: None,
            },
            &opening,
        )
        .await
        .expect("opened");
    assert_eq!(
        (opened.kind, opened.state, opened.opened_at),
        (CaseKind::KpiDiscrepancy, CaseState::Open, opening.at)
    );
    assert_eq!(opened.details, discrepancy());
    assert_eq!(
        (opened.decided_by.as_ref(), opened.decided_at),
        (None, None)
    );

    store
        .add_case_comment(
            opened.id,
            "user:admin@contoso.example",
            "See the invoice.",
            &audit("case.comment"),
        )
        .await
        .expect("comment");
    store
        .add_case_comment(
            opened.id,
            "user:agent@program.example",
            "Checking.",
            &audit("case.comment"),
        )
        .await
        .expect("comment");
    let bodies: Vec<String> = store
        .case_comments(opened.id)
        .await
        .expect("read")
        .into_iter()
        .map(|c| c.body)
        .collect();
    assert_eq!(bodies, ["See the invoice.", "Checking."]);
    assert!(is_not_found(
        store
            .add_case_comment(55_555, "x", "y", &audit("case.comment"))
            .await
    ));

    let waiting = store
        .set_case_state(
            opened.id,
            &CaseStateChange {
                state: CaseState::WaitingOnPartner,
                message: Some("Please attach the actual invoice (R13).".to_owned()),
                decided_by: "user:agent@program.example".to_owned(),
                adjustment: None,
                grant_access: None,
            },
            &audit("case.state"),
        )
        .await
        .expect("waiting");
    assert_eq!(waiting.state, CaseState::WaitingOnPartner);
    // An adjustment comes only with a resolution.
    let mut reject_with_adjustment = resolve(Some(adjustment()), None);
    reject_with_adjustment.state = CaseState::Rejected;
    assert!(is_conflict(
        store
            .set_case_state(opened.id, &reject_with_adjustment, &audit("case.state"))
            .await
    ));

    let deciding = audit("case.state");
    let resolved = store
        .set_case_state(opened.id, &resolve(Some(adjustment()), None), &deciding)
        .await
        .expect("resolved");
    assert_eq!(resolved.state, CaseState::Resolved);
    assert_eq!(
        resolved.decided_by.as_deref(),
        Some("user:agent@program.example")
    );
    assert_eq!(resolved.decided_at, Some(deciding.at));
    assert_eq!(
        resolved.decision_message.as_deref(),
        Some("accepted on the invoice")
    );
    let adjustments = store
        .kpi_adjustments(Some(mpn(1_000_001)), true)
        .await
        .expect("read");
    assert_eq!(adjustments.len(), 1);
    let a = &adjustments[0];
    let expected = adjustment();
    assert_eq!(
        (
            a.case_id,
            a.partner_id,
            a.year,
            a.month,
            a.purchase_units,
            a.kpi,
            a.revenue
        ),
        (
            opened.id,
            mpn(1_000_001),
            2025,
            5,
            10,
            expected.kpi,
            expected.revenue
        )
    );
    assert_eq!(
        (a.invoice_number.as_str(), a.created_on, a.published_on),
        ("INV-1001", date(2025, 7, 2), None)
    );
    assert_eq!(
        store.kpi_adjustments(None, false).await.expect("read"),
        adjustments
    );
    assert!(
        store
            .kpi_adjustments(Some(mpn(2_000_002)), false)
            .await
            .expect("read")
            .is_empty()
    );

    // The decision stands: a second one is refused and changes nothing.
    let events = all_events(&store).await.len();
    let mut reject = resolve(None, None);
    reject.state = CaseState::Rejected;
    assert!(is_conflict(
        store
            .set_case_state(opened.id, &reject, &audit("case.state"))
            .await
    ));
    assert!(is_conflict(
        store
            .set_case_state(
                opened.id,
                &resolve(Some(adjustment()), None),
                &audit("case.state")
            )
            .await
    ));
    assert_eq!(
        store.case(opened.id).await.expect("read"),
        Some(resolved.clone())
    );
    assert_eq!(
        store.kpi_adjustments(None, false).await.expect("read"),
        adjustments
    );
    assert_eq!(all_events(&store).await.len(), events);

    assert_eq!(
        store.cases(Some(mpn(1_000_001)), None).await.expect("read"),
        std::slice::from_ref(&resolved)
    );
    assert_eq!(
        store
            .cases(None, Some(CaseState::Resolved))
            .await
            .expect("read"),
        [resolved]
    );
    assert!(
        store
            .cases(None, Some(CaseState::Open))
            .await
            .expect("read")
            .is_empty()
    );
    let stray = NewCase {
        partner_id: mpn(9_999_999),
        kind: CaseKind::DirectoryMissing,
        opened_by: "user:x@y.example".to_owned(),
        details: serde_json::json!({}),
        membership_id: None,
        attachment: None,
    };
    assert!(is_not_found(
        store.open_case(&stray, &audit("case.open")).await
    ));
    // open, two comments, waiting, resolved.
    assert_eq!(assert_chain_intact(&store).await, 6);
}

pub async fn case_attachments_are_kept_with_their_case_until_it_is_decided(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let invoice = |name: &str, content: &[u8]| crate::NewCaseAttachment {
        file_name: name.to_owned(),
        content_type: "application/pdf".to_owned(),
        content: content.to_vec(),
        uploaded_by: "user:admin@contoso.example".to_owned(),
    };
    // R13: the invoice comes with the case, in its transaction.
    let case = store
        .open_case(
            &NewCase {
                partner_id: mpn(1_000_001),
                kind: CaseKind::KpiDiscrepancy,
                opened_by: "user:admin@contoso.example".to_owned(),
                details: serde_json::json!({ "invoice_number": "INV-1" }),
                membership_id: None,
                attachment: Some(invoice("INV-1.pdf", b"%PDF-1.7 first")),
            },
            &audit("case.open"),
        )
        .await
        .expect("opened");
    let second = store
        .add_case_attachment(
            case.id,
            &invoice("INV-1-page2.pdf", b"%PDF-1.7 second"),
            &audit("case.attach"),
        )
        .await
        .expect("attached");
    let listed = store.case_attachments(case.id).await.expect("read");
    assert_eq!(
        listed
            .iter()
            .map(|a| a.file_name.as_str())
            .collect::<Vec<_>>(),
        ["INV-1.pdf", "INV-1-page2.pdf"]
    );
    assert_eq!(listed[0].size_bytes, 14);
    assert_eq!(
        listed[0].sha256,
        invoice("", b"%PDF-1.7 first").sha256_hex()
    );
    let (meta, content) = store
        .case_attachment_content(second.id)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(meta, second);
    assert_eq!(content, b"%PDF-1.7 second");
    assert!(
        store
            .case_attachment_content(second.id + 100)
            .await
            .expect("read")
            .is_none()
    );
    assert!(is_not_found(
        store
            .add_case_attachment(
                case.id + 100,
                &invoice("x.pdf", b"%PDF-"),
                &audit("case.attach")
            )
            .await
    ));
    // A decided case takes no more files.
    store
        .set_case_state(case.id, &resolve(None, None), &audit("case.state"))
        .await
        .expect("resolved");
    assert!(is_conflict(
        store
            .add_case_attachment(
                case.id,
                &invoice("late.pdf", b"%PDF-"),
                &audit("case.attach")
            )
            .await
    ));
    assert_eq!(
        store.case_attachments(case.id).await.expect("read").len(),
        2
    );
    // open (with its file), the second file, resolved.
    assert_eq!(assert_chain_intact(&store).await, 4);
}

pub async fn resolving_account_profile_setup_grants_marketplace_access(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let lap = enroll_by_card(
        &store,
        1_000_001,
        LearningOption::ActionPack,
        None,
        date(2025, 1, 10),
    )
    .await
    .membership_id
    .expect("linked");
    let case = |kind: CaseKind| NewCase {
        partner_id: mpn(1_000_001),
        kind,
        opened_by: "user:admin@contoso.example".to_owned(),
        details: serde_json::json!({ "note": "please set up our profile" }),
        membership_id: (kind == CaseKind::AccountProfileSetup).then_some(lap),
        attachment: None,
    };
    let setup = store
        .open_case(&case(CaseKind::AccountProfileSetup), &audit("case.open"))
        .await
        .expect("opened");
    assert_eq!(setup.membership_id, Some(lap));
    // A grant belongs to an account-profile-setup case only.
    let other = store
        .open_case(&case(CaseKind::KpiDiscrepancy), &audit("case.open"))
        .await
        .expect("opened");
    assert!(is_conflict(
        store
            .set_case_state(
                other.id,
                &resolve(None, Some((lap, date(2025, 1, 12)))),
                &audit("case.state")
            )
            .await
    ));
    assert_eq!(
        store
            .case(other.id)
            .await
            .expect("read")
            .expect("present")
            .state,
        CaseState::Open
    );
    assert_eq!(
        store
            .membership(lap)
            .await
            .expect("read")
            .expect("present")
            .marketplace_access_on,
        None
    );

    let resolved = store
        .set_case_state(
            setup.id,
            &resolve(None, Some((lap, date(2025, 1, 12)))),
            &audit("case.state"),
        )
        .await
        .expect("resolved");
    assert_eq!(resolved.state, CaseState::Resolved);
    let m = store.membership(lap).await.expect("read").expect("present");
    assert_eq!(m.marketplace_access_on, Some(date(2025, 1, 12)));

    // Granting again keeps the first date and writes nothing.
    let events = all_events(&store).await.len();
    let again = store
        .grant_marketplace_access(lap, date(2025, 2, 1), &audit("membership.access"))
        .await
        .expect("granted");
    assert_eq!(again.marketplace_access_on, Some(date(2025, 1, 12)));
    assert_eq!(all_events(&store).await.len(), events);
    assert_chain_intact(&store).await;
}

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
        .mark_mail_failed(first.id, "smtp: connection refused")
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
    assert!(is_not_found(store.mark_mail_failed(999_999, "x").await));
    assert!(all_events(&store).await.is_empty(), "mail is not audited");
}

/// The digest the database writes as text (for speed) is exactly the hash [`DigestWriter`]
/// gives for the same rows read back one by one: text sorted by bytes ("INV-10" before
/// "INV-9", upper case before lower), credit notes, several lines per document, late lines.
pub async fn the_digest_is_the_hash_of_the_published_rows(store: SharedStore) {
    use crate::publishing::DigestWriter;
    add_partner(&store, 1_234_567, "Worked Example", "JP").await;
    add_partner(&store, 7_654_321, "Second Example", "IT").await;
    let mut lines = vec![
        line("INV-9", 1_234_567, date(2019, 5, 5), 3),
        line("INV-10", 1_234_567, date(2019, 6, 1), 2),
        line("inv-1", 1_234_567, date(2019, 6, 2), 1),
        line("INV-11", 7_654_321, date(2019, 12, 31), 7),
    ];
    let mut second = line("INV-10", 1_234_567, date(2019, 6, 1), 4);
    second.line_number = 2;
    lines.push(second);
    let mut credit = line("CN-1", 1_234_567, date(2019, 7, 1), -1);
    credit.document_type = DocumentType::CreditNote;
    credit.corrects_document = Some("INV-10".to_owned());
    credit.revenue = Money::new(-12_500, credit.revenue.currency);
    credit.kpi = KpiPoints::from_thousandths(-1000);
    lines.push(credit);
    store
        .import_invoice_lines(&lines, &draft("invoices.import", "file:a".into()))
        .await
        .expect("import");
    let first = store
        .publish(
            &plan(date(2020, 1, 15), None),
            &draft("publication.publish", "p1".into()),
        )
        .await
        .expect("first");
    // Imported after the first publication, dated inside its period: late in the second.
    store
        .import_invoice_lines(
            &[line("INV-12", 7_654_321, date(2019, 3, 3), 5)],
            &draft("invoices.import", "file:b".into()),
        )
        .await
        .expect("late import");
    let second = store
        .publish(
            &plan(date(2020, 2, 15), Some(((2019, 1), (2019, 12)))),
            &draft("publication.publish", "p2".into()),
        )
        .await
        .expect("second");
    for publication in [first, second] {
        let on = publication.published_on;
        let mut digest = DigestWriter::new(on, publication.period);
        let mut all_totals = Vec::new();
        let mut count = 0;
        for partner in [1_234_567, 7_654_321] {
            let mut rows = store.published_rows(on, mpn(partner)).await.expect("rows");
            rows.sort_by(|a, b| {
                (
                    a.document_type.as_str(),
                    a.document_number.as_bytes(),
                    a.line_number,
                )
                    .cmp(&(
                        b.document_type.as_str(),
                        b.document_number.as_bytes(),
                        b.line_number,
                    ))
            });
            for row in &rows {
                digest.row(row);
            }
            count += rows.len() as u64;
            let mut totals = store
                .published_totals(on, mpn(partner))
                .await
                .expect("totals");
            // Publication feeds each partner's types in order, then the total in all.
            totals.sort_by_key(|t| (t.omlp_type.is_none(), t.omlp_type.clone()));
            all_totals.extend(totals);
        }
        for total in &all_totals {
            digest.total(total);
        }
        assert_eq!(publication.lines, count, "lines of {on}");
        assert_eq!(publication.digest, digest.finish(), "digest of {on}");
    }
    let late = store
        .published_rows(date(2020, 2, 15), mpn(7_654_321))
        .await
        .expect("rows");
    assert!(
        late.iter().any(|r| r.late),
        "the second publication has a late row"
    );
}

/// Hashes a publication's rows and totals as read back, the way [`DigestWriter`] documents.
///
/// [`DigestWriter`]: crate::publishing::DigestWriter
async fn digest_of(store: &SharedStore, on: Date, partners: &[u64]) -> (String, u64) {
    use crate::publishing::DigestWriter;
    let publication = store
        .publication(on)
        .await
        .expect("read")
        .expect("published");
    let mut digest = DigestWriter::new(on, publication.period);
    let mut all_totals = Vec::new();
    let mut count = 0;
    for partner in partners {
        let mut rows = store.published_rows(on, mpn(*partner)).await.expect("rows");
        rows.sort_by(|a, b| {
            (
                a.document_type.as_str(),
                a.document_number.as_bytes(),
                a.line_number,
            )
                .cmp(&(
                    b.document_type.as_str(),
                    b.document_number.as_bytes(),
                    b.line_number,
                ))
        });
        for row in &rows {
            digest.row(row);
        }
        count += rows.len() as u64;
        let mut totals = store
            .published_totals(on, mpn(*partner))
            .await
            .expect("totals");
        totals.sort_by_key(|t| (t.omlp_type.is_none(), t.omlp_type.clone()));
        all_totals.extend(totals);
    }
    for total in &all_totals {
        digest.total(total);
    }
    (digest.finish(), count)
}

/// R22: an accepted discrepancy's adjustment is a row of the next publication (document
/// `adjustment` `ADJ-<case>`), counts in its totals and digest, is then marked published, and
/// stays in later publications while its month is in their period.
pub async fn an_accepted_adjustment_is_frozen_into_the_next_publication(store: SharedStore) {
    add_partner(&store, 1_234_567, "Worked Example", "JP").await;
    store
        .import_invoice_lines(
            &[line("INV-9", 1_234_567, date(2019, 5, 5), 3)],
            &draft("invoices.import", "file:a".into()),
        )
        .await
        .expect("import");
    let first = store
        .publish(
            &plan(date(2020, 1, 15), None),
            &draft("publication.publish", "p1".into()),
        )
        .await
        .expect("first");
    let audit = |action: &str| draft(action, "partner:1234567".into());
    let case = store
        .open_case(
            &NewCase {
                partner_id: mpn(1_234_567),
                kind: CaseKind::KpiDiscrepancy,
                opened_by: "user:admin@example.jp".to_owned(),
                details: discrepancy(),
                membership_id: None,
                attachment: None,
            },
            &audit("case.open"),
        )
        .await
        .expect("opened");
    let mut adjustment = adjustment();
    (adjustment.year, adjustment.month) = (2019, 5);
    adjustment.invoice_number = "INV-9".to_owned();
    adjustment.purchase_units = 2;
    adjustment.kpi = KpiPoints::from_thousandths(2_500);
    adjustment.revenue = usd(25_000);
    store
        .set_case_state(
            case.id,
            &resolve(Some(adjustment), None),
            &audit("case.state"),
        )
        .await
        .expect("resolved");
    // The publication made before the decision is frozen: unchanged.
    assert_eq!(
        store.publication(first.published_on).await.expect("read"),
        Some(first.clone())
    );
    let second = store
        .publish(
            &plan(date(2020, 2, 15), Some(((2019, 1), (2019, 12)))),
            &draft("publication.publish", "p2".into()),
        )
        .await
        .expect("second");
    let rows = store
        .published_rows(second.published_on, mpn(1_234_567))
        .await
        .expect("rows");
    let adjustment_row = rows
        .iter()
        .find(|r| r.document_type == DocumentType::Adjustment)
        .expect("the adjustment is a row");
    assert_eq!(
        (
            adjustment_row.document_number.clone(),
            adjustment_row.line_number,
            adjustment_row.year,
            adjustment_row.month,
            adjustment_row.purchase_units,
            adjustment_row.kpi,
            adjustment_row.revenue,
            adjustment_row.late,
        ),
        (
            format!("ADJ-{}", case.id),
            1,
            2019,
            5,
            2,
            KpiPoints::from_thousandths(2_500),
            usd(25_000),
            false
        )
    );
    assert_eq!(second.lines, 2, "the line and the adjustment");
    let totals = store
        .published_totals(second.published_on, mpn(1_234_567))
        .await
        .expect("totals");
    let all = totals
        .iter()
        .find(|t| t.omlp_type.is_none())
        .expect("total");
    assert_eq!(all.kpi, KpiPoints::from_thousandths(5_500));
    let (digest, count) = digest_of(&store, second.published_on, &[1_234_567]).await;
    assert_eq!((second.digest.clone(), second.lines), (digest, count));
    let stored = store.kpi_adjustments(None, false).await.expect("read");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].published_on, Some(second.published_on));
    assert!(
        store
            .kpi_adjustments(None, true)
            .await
            .expect("read")
            .is_empty()
    );
    // Still in the period of the next publication: still a row; once out of it, gone.
    let third = store
        .publish(
            &plan(date(2020, 3, 15), Some(((2019, 1), (2020, 1)))),
            &draft("publication.publish", "p3".into()),
        )
        .await
        .expect("third");
    assert_eq!(third.lines, 2);
    let (digest, _) = digest_of(&store, third.published_on, &[1_234_567]).await;
    assert_eq!(third.digest, digest);
    let later = store
        .publish(
            &plan(date(2020, 7, 15), Some(((2019, 1), (2020, 5)))),
            &draft("publication.publish", "p4".into()),
        )
        .await
        .expect("later");
    assert_eq!(
        later.lines, 0,
        "May 2019 is out of the period 2019-06..2020-06"
    );
    assert_eq!(
        store.kpi_adjustments(None, false).await.expect("read")[0].published_on,
        Some(second.published_on),
        "published_on keeps the first publication that included it"
    );
}

pub async fn web_sessions_are_stored_loaded_and_expire(store: SharedStore) {
    use crate::rows::StoredSession;
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    let session = |id: &str, data: &str, expires_in: i64| StoredSession {
        id: id.to_owned(),
        data: data.to_owned(),
        expires_at: Timestamp::from_second(now.as_second() + expires_in).unwrap(),
    };
    assert!(store.session_create(&session("a", "{}", 60)).await.unwrap());
    assert!(
        !store
            .session_create(&session("a", "{\"x\":1}", 60))
            .await
            .unwrap(),
        "an id already taken is refused"
    );
    let loaded = store.session_load("a", now).await.unwrap().unwrap();
    assert_eq!(loaded, session("a", "{}", 60));
    store
        .session_save(&session("a", "{\"user\":7}", 120))
        .await
        .unwrap();
    assert_eq!(
        store.session_load("a", now).await.unwrap().unwrap().data,
        "{\"user\":7}"
    );
    store.session_save(&session("b", "{}", -1)).await.unwrap();
    assert_eq!(store.session_load("b", now).await.unwrap(), None, "expired");
    assert_eq!(store.session_load("zzz", now).await.unwrap(), None);
    assert_eq!(store.session_delete_expired(now).await.unwrap(), 1);
    store.session_delete("a").await.unwrap();
    store.session_delete("a").await.unwrap();
    assert_eq!(store.session_load("a", now).await.unwrap(), None);
}

pub async fn password_resets_work_once_and_languages_are_kept(store: SharedStore) {
    add_partner(&store, 4100001, "Sakura Learning", "JP").await;
    let admin = RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(4100001))).unwrap();
    let u = store
        .add_user(
            &user("admin@sakura.example", vec![admin]),
            &draft("user.add", "user:admin@sakura.example".into()),
        )
        .await
        .unwrap();
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    let later = |s: i64| Timestamp::from_second(now.as_second() + s).unwrap();
    let audit = draft("password.reset.request", "user:admin@sakura.example".into());
    store
        .add_password_reset(u.id, "digest-1", later(3600), &audit)
        .await
        .unwrap();
    store
        .add_password_reset(u.id, "digest-2", later(3600), &audit)
        .await
        .unwrap();
    assert_eq!(
        store
            .password_reset_user("digest-1", now)
            .await
            .unwrap()
            .map(|u| u.email.to_string()),
        Some("admin@sakura.example".to_owned())
    );
    assert_eq!(
        store
            .password_reset_user("digest-1", later(7200))
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert!(
        store
            .use_password_reset("digest-1", later(7200), "$argon2id$late", &audit)
            .await
            .unwrap()
            .is_none(),
        "an expired token sets nothing"
    );
    store
        .add_api_token_with_hint(
            u.id,
            "api-1",
            "ci",
            "",
            later(86_400),
            &draft("token.create", "user:admin@sakura.example".into()),
        )
        .await
        .unwrap();
    let used = draft("password.reset", "user:admin@sakura.example".into());
    assert_eq!(
        store
            .use_password_reset("digest-1", now, "$argon2id$new", &used)
            .await
            .unwrap(),
        Some(1),
        "the user's API token is revoked with the reset (issue 15)"
    );
    assert!(store.user_by_token("api-1").await.unwrap().is_none());
    let stored = store
        .user_by_email(&Email::parse("admin@sakura.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.password_hash, "$argon2id$new");
    for token in ["digest-1", "digest-2"] {
        assert!(
            store
                .use_password_reset(token, now, "$argon2id$again", &used)
                .await
                .unwrap()
                .is_none(),
            "every token of the user is spent once one is used"
        );
        assert_eq!(store.password_reset_user(token, now).await.unwrap(), None);
    }
    assert!(
        store
            .use_password_reset("unknown", now, "$argon2id$x", &used)
            .await
            .unwrap()
            .is_none()
    );
    let events = all_events(&store).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "password.reset")
            .count(),
        1,
        "only the reset that happened is audited"
    );
    verify(&events).expect("chain intact");

    assert_eq!(store.user_locale(u.id).await.unwrap(), None);
    store.set_user_locale(u.id, Some("ja")).await.unwrap();
    assert_eq!(
        store.user_locale(u.id).await.unwrap().as_deref(),
        Some("ja")
    );
    store.set_user_locale(u.id, None).await.unwrap();
    assert_eq!(store.user_locale(u.id).await.unwrap(), None);
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

fn import_record(id: &str, kind: &str, minutes: i64, state: &str) -> crate::rows::ImportRecord {
    let started_at = Timestamp::from_second(1_800_000_000 + minutes * 60).expect("time");
    crate::rows::ImportRecord {
        id: id.to_owned(),
        kind: kind.to_owned(),
        file_name: format!("{id}.csv"),
        started_at,
        finished_at: started_at + 3.seconds(),
        by: "operator@program.example".to_owned(),
        state: state.to_owned(),
        rows: 12,
        stored: if state == "done" { 11 } else { 0 },
        unchanged: 1,
        invoices: 4,
        credit_notes: 1,
        partners: 2,
        refused: if state == "done" { 0 } else { 1 },
    }
}

pub async fn imports_are_recorded_once_and_listed_newest_first(store: SharedStore) {
    assert!(store.import_history(10).await.expect("read").is_empty());
    let refused = import_record("job-a", "invoices", 0, "failed");
    let stored = import_record("job-b", "invoices", 5, "done");
    let trainers = import_record("job-c", "trainers", 9, "done");
    for r in [&refused, &stored, &trainers] {
        store
            .record_import(r, &draft("import.record", format!("import:{}", r.id)))
            .await
            .expect("recorded");
    }
    let again = store
        .record_import(&stored, &draft("import.record", "import:job-b".into()))
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "an import is recorded once: {again:?}"
    );
    let history = store.import_history(10).await.expect("read");
    assert_eq!(history, vec![trainers.clone(), stored, refused]);
    assert_eq!(store.import_history(1).await.expect("read"), vec![trainers]);
    let events = all_events(&store).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "import.record")
            .count(),
        3,
        "each recorded import audited once, the refused second record not at all"
    );
    verify(&events).expect("intact chain");
}

pub async fn publications_are_listed_newest_first_with_who_published_them(store: SharedStore) {
    assert!(
        store
            .publication_history(10)
            .await
            .expect("read")
            .is_empty()
    );
    add_partner(&store, 1_234_567, "Worked Example", "JP").await;
    store
        .import_invoice_lines(
            &[line("INV-1", 1_234_567, date(2019, 5, 5), 3)],
            &draft("invoices.import", "file:x".into()),
        )
        .await
        .expect("import");
    let mut by_operator = draft("publication.publish", "publication:2020-01-15".into());
    by_operator.actor = "operator@program.example".to_owned();
    let january = store
        .publish(&plan(date(2020, 1, 15), None), &by_operator)
        .await
        .expect("published");
    let february = store
        .publish(
            &plan(date(2020, 2, 15), Some(((2019, 1), (2019, 12)))),
            &draft("publication.publish", "publication:2020-02-15".into()),
        )
        .await
        .expect("published");
    let history = store.publication_history(10).await.expect("read");
    let seen: Vec<(Date, Option<&str>)> = history
        .iter()
        .map(|r| (r.publication.published_on, r.published_by.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (date(2020, 2, 15), Some("story")),
            (date(2020, 1, 15), Some("operator@program.example")),
        ]
    );
    assert_eq!(history[0].publication, february);
    assert_eq!(history[1].publication, january);
    assert_eq!(store.publication_history(1).await.expect("read").len(), 1);
}

/// The partner's users list (R1): one row per role held on the partner, by e-mail, with the
/// user's creation time; an invited user is pending until a link of theirs is used, and a
/// reset link that was asked for but not used does not make anyone "invited".
pub async fn partner_users_are_listed_with_their_roles_and_pending_invitations(store: SharedStore) {
    add_partner(&store, 4200001, "Olive Training", "IT").await;
    add_partner(&store, 4200002, "Fuji Academy", "JP").await;
    let on = |n: u64, role: Role| RoleGrant::new(role, Some(mpn(n))).unwrap();
    let add = |email: &'static str, grants: Vec<RoleGrant>| {
        let store = store.clone();
        async move {
            store
                .add_user(
                    &user(email, grants),
                    &draft("user.add", format!("user:{email}")),
                )
                .await
                .unwrap()
        }
    };
    let admin = add(
        "admin@olive.example",
        vec![on(4200001, Role::MpnPartnerAdmin)],
    )
    .await;
    let invited = add("zoe@olive.example", vec![on(4200001, Role::Member)]).await;
    let joined = add("bea@olive.example", vec![on(4200001, Role::AccountAdmin)]).await;
    add(
        "other@fuji.example",
        vec![on(4200002, Role::MpnPartnerAdmin)],
    )
    .await;
    let both = add(
        "both@fuji.example",
        vec![on(4200002, Role::Member), on(4200001, Role::Member)],
    )
    .await;
    let later = Timestamp::from_second(Timestamp::now().as_second() + 3600).unwrap();
    for (u, digest) in [(&invited, "inv-zoe"), (&joined, "inv-bea")] {
        store
            .add_password_reset(
                u.id,
                digest,
                later,
                &draft("user.invited", format!("user:{}", u.email)),
            )
            .await
            .unwrap();
    }
    assert!(
        store
            .use_password_reset(
                "inv-bea",
                Timestamp::now(),
                "$argon2id$chosen",
                &draft("password.reset", "user:bea@olive.example".into()),
            )
            .await
            .unwrap()
            .is_some()
    );
    // The admin asked for a reset and never used it: not an invitation.
    store
        .add_password_reset(
            admin.id,
            "reset-admin",
            later,
            &draft(
                "password.reset_requested",
                "user:admin@olive.example".into(),
            ),
        )
        .await
        .unwrap();

    let listed = store.partner_users(mpn(4200001)).await.unwrap();
    let seen: Vec<(String, Role, bool)> = listed
        .iter()
        .map(|r| (r.email.to_string(), r.role, r.invitation_pending))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "admin@olive.example".to_owned(),
                Role::MpnPartnerAdmin,
                false
            ),
            ("bea@olive.example".to_owned(), Role::AccountAdmin, false),
            ("both@fuji.example".to_owned(), Role::Member, false),
            ("zoe@olive.example".to_owned(), Role::Member, true),
        ],
        "by e-mail, the partner's roles only, pending until the invitation is used"
    );
    for (row, u) in listed.iter().zip([&admin, &joined, &both, &invited]) {
        // PostgreSQL keeps microseconds.
        let apart = row.created_at.as_microsecond() - u.created_at.as_microsecond();
        assert!(apart.abs() <= 1, "{} created {}", row.email, row.created_at);
    }
    let other: Vec<String> = store
        .partner_users(mpn(4200002))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.email.to_string())
        .collect();
    assert_eq!(other, vec!["both@fuji.example", "other@fuji.example"]);
    assert!(store.partner_users(mpn(4200009)).await.unwrap().is_empty());
}
