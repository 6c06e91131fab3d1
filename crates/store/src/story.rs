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
use lpc_domain::calendar::YearMonth;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};

use crate::publishing::PublicationPlan;
use crate::rows::{
    ExamPass, GuidelineAcceptance, ImportCounts, InvoiceLine, NewPartner, NewUser, PublishedTotal,
    Trainer,
};
use crate::store::Store;

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
            the_digest_is_the_hash_of_the_published_rows
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
    store
        .add_api_token(
            user.id,
            "ab12",
            "ci",
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

fn plan(published_on: Date, late: Option<((i16, i8), (i16, i8))>) -> PublicationPlan {
    let period = lpc_domain::calendar::period_of_publication(published_on);
    PublicationPlan {
        published_on,
        period,
        late_since: late.map(|(since, _)| YearMonth::new(since.0, since.1).expect("month")),
        late_until: late.map(|(_, until)| YearMonth::new(until.0, until.1).expect("month")),
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
