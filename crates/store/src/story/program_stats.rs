//! The story of the operators' overview and partner pages (issue 7): counts, anniversaries,
//! late lines, partner search and audit trails, answered by the database. A child module of
//! [`crate::story`], whose shared helpers (`fixtures`) it uses.

use jiff::ToSpan;
use jiff::civil::date;
use lpc_domain::LearningOption;
use lpc_domain::Role;
use lpc_domain::access::RoleGrant;
use lpc_domain::calendar::YearMonth;

use super::SharedStore;
use super::fixtures::{add_partner, discrepancy, draft, enroll_by_card, line, mpn, plan, user};
use crate::program_stats::{AuditTrailFilter, PartnerQuery};
use crate::rows::{CaseKind, CaseState, CaseStateChange, NewCase};

pub async fn program_counts_searches_and_audit_trails_come_from_the_database(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso Learning", "US").await;
    add_partner(&store, 1_000_002, "Fabrikam Training", "US").await;
    add_partner(&store, 2_000_001, "Formazione Aurora", "IT").await;
    add_partner(&store, 3_000_001, "Sakura 100% Learning", "JP").await;
    let empty = store.program_counts().await.expect("counts");
    assert_eq!(empty.partners, 4);
    assert!(empty.by_tier.is_empty() && empty.by_competency.is_empty());

    // Contoso: Action Pack and silver security; Fabrikam: Action Pack; Aurora: gold security
    // whose anniversary is far away.
    let today = date(2026, 11, 22);
    let lap = enroll_by_card(
        &store,
        1_000_001,
        LearningOption::ActionPack,
        None,
        date(2025, 12, 1),
    )
    .await;
    enroll_by_card(
        &store,
        1_000_001,
        LearningOption::Silver,
        Some("security"),
        date(2026, 1, 10),
    )
    .await;
    enroll_by_card(
        &store,
        1_000_002,
        LearningOption::ActionPack,
        None,
        date(2026, 2, 15),
    )
    .await;
    enroll_by_card(
        &store,
        2_000_001,
        LearningOption::Gold,
        Some("security"),
        date(2026, 6, 1),
    )
    .await;

    let counts = store.program_counts().await.expect("counts");
    let tiers: Vec<(LearningOption, u64)> = counts
        .by_tier
        .iter()
        .map(|t| (t.option, t.partners))
        .collect();
    assert_eq!(
        tiers,
        vec![
            (LearningOption::ActionPack, 2),
            (LearningOption::Silver, 1),
            (LearningOption::Gold, 1)
        ],
        "partners by tier, each partner once per option"
    );
    assert_eq!(counts.by_competency.len(), 1);
    assert_eq!(
        (
            counts.by_competency[0].competency.as_str(),
            counts.by_competency[0].silver,
            counts.by_competency[0].gold
        ),
        ("security", 1, 1)
    );
    let countries: Vec<(&str, u64, u64)> = counts
        .by_country
        .iter()
        .map(|c| (c.country.as_str(), c.partners, c.active))
        .collect();
    assert_eq!(countries, vec![("US", 2, 2), ("IT", 1, 1), ("JP", 1, 0)]);

    // Anniversaries: 1 Dec 2026 (9 days), 10 Jan 2027 (49), 15 Feb 2027 (85), 1 Jun 2027.
    let a = store
        .anniversary_counts(today)
        .await
        .expect("anniversaries");
    assert_eq!((a.within_30, a.within_60, a.within_90), (1, 2, 3));
    let next = store
        .anniversaries_between(today.tomorrow().expect("day"), today + 90.days(), 1, 10)
        .await
        .expect("paged");
    let dates: Vec<_> = next.iter().map(|m| m.anniversary_date).collect();
    assert_eq!(
        dates,
        vec![date(2027, 1, 10), date(2027, 2, 15)],
        "skips the first"
    );
    assert_eq!(
        store
            .anniversaries_between(today, today + 90.days(), 0, 1)
            .await
            .expect("paged")[0]
            .id,
        lap.membership_id.expect("linked")
    );

    // Late lines: published months hold a line no publication included.
    store
        .import_invoice_lines(
            &[line("INV-1", 1_000_001, date(2026, 3, 5), 4)],
            &draft("invoices.import", "file:a.csv".into()),
        )
        .await
        .expect("import");
    store
        .publish(
            &plan(date(2026, 11, 15), None),
            &draft("publication.publish", "publication:2026-11-15".into()),
        )
        .await
        .expect("published");
    let (from, until) = (
        YearMonth::new(2025, 11).expect("month"),
        YearMonth::new(2026, 10).expect("month"),
    );
    assert_eq!(
        store.late_lines_waiting(from, until).await.expect("late"),
        0
    );
    store
        .import_invoice_lines(
            &[
                line("INV-2", 1_000_001, date(2026, 4, 5), 2),
                line("INV-3", 9_999_999, date(2026, 4, 5), 2),
                line("INV-4", 1_000_002, date(2026, 11, 2), 2),
            ],
            &draft("invoices.import", "file:b.csv".into()),
        )
        .await
        .expect("import");
    assert_eq!(
        store.late_lines_waiting(from, until).await.expect("late"),
        1,
        "the April line of a registered partner; not an unregistered partner's, not November's"
    );

    // Search: exact MPN ID, part of the name in any case, country; paged by MPN ID.
    let search = |q: PartnerQuery, offset: u64, limit: u32| {
        let store = store.clone();
        async move {
            store
                .search_partners(&q, offset, limit)
                .await
                .expect("search")
        }
    };
    let ids = |found: &(Vec<crate::rows::Partner>, u64)| -> Vec<u64> {
        found.0.iter().map(|p| p.mpn_id.get()).collect()
    };
    let by_name = search(
        PartnerQuery {
            name: Some("LEARN".into()),
            ..Default::default()
        },
        0,
        50,
    )
    .await;
    assert_eq!((ids(&by_name), by_name.1), (vec![1_000_001, 3_000_001], 2));
    let literal = search(
        PartnerQuery {
            name: Some("100%".into()),
            ..Default::default()
        },
        0,
        50,
    )
    .await;
    assert_eq!(
        ids(&literal),
        vec![3_000_001],
        "% is a character, not a wildcard"
    );
    let nothing = search(
        PartnerQuery {
            name: Some("0%L".into()),
            ..Default::default()
        },
        0,
        50,
    )
    .await;
    assert_eq!(nothing.1, 0);
    let us = search(
        PartnerQuery {
            country: Some("US".into()),
            ..Default::default()
        },
        1,
        1,
    )
    .await;
    assert_eq!(
        (ids(&us), us.1),
        (vec![1_000_002], 2),
        "the second page of one"
    );
    let exact = search(
        PartnerQuery {
            mpn_id: Some(mpn(2_000_001)),
            ..Default::default()
        },
        0,
        50,
    )
    .await;
    assert_eq!(ids(&exact), vec![2_000_001]);
    let all = search(PartnerQuery::default(), 0, 50).await;
    assert_eq!(all.1, 4);

    // The audit trail of Contoso: its partner events, its user, its orders and cases; not
    // another partner's.
    store
        .add_user(
            &user(
                "admin@contoso.example",
                vec![RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(1_000_001))).expect("grant")],
            ),
            &draft("user.add", "user:admin@contoso.example".into()),
        )
        .await
        .expect("user");
    let case = store
        .open_case(
            &NewCase {
                partner_id: mpn(1_000_001),
                kind: CaseKind::KpiDiscrepancy,
                opened_by: "user:admin@contoso.example".to_owned(),
                details: discrepancy(),
                membership_id: None,
                attachment: None,
            },
            &draft("case.open", "partner:1000001".into()),
        )
        .await
        .expect("case");
    store
        .add_case_comment(
            case.id,
            "support",
            "looking",
            &draft("case.comment", format!("case:{}", case.id)),
        )
        .await
        .expect("comment");
    let trail = store
        .audit_trail(&AuditTrailFilter::Partner(mpn(1_000_001)), None, 100)
        .await
        .expect("trail");
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "case.comment",
            "case.open",
            "user.add",
            "order.create",
            "order.create",
            "partner.add"
        ],
        "newest first"
    );
    assert!(trail.windows(2).all(|w| w[0].seq > w[1].seq));
    let older = store
        .audit_trail(
            &AuditTrailFilter::Partner(mpn(1_000_001)),
            Some(trail[1].seq),
            2,
        )
        .await
        .expect("next page");
    assert_eq!(
        older.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![trail[2].seq, trail[3].seq]
    );
    let imports = store
        .audit_trail(&AuditTrailFilter::Action("invoices.import".into()), None, 5)
        .await
        .expect("imports");
    assert_eq!(
        imports
            .iter()
            .map(|e| e.subject.as_str())
            .collect::<Vec<_>>(),
        vec!["file:b.csv", "file:a.csv"]
    );

    // Open cases by kind and day; a decided one no longer counts.
    let counts = store.program_counts().await.expect("counts");
    assert_eq!(counts.open_cases.len(), 1);
    assert_eq!(
        (counts.open_cases[0].kind, counts.open_cases[0].cases),
        (CaseKind::KpiDiscrepancy, 1)
    );
    store
        .set_case_state(
            case.id,
            &CaseStateChange {
                state: CaseState::Rejected,
                message: Some("R13: not an invoice".into()),
                decided_by: "support".into(),
                adjustment: None,
                grant_access: None,
            },
            &draft("case.decide", format!("case:{}", case.id)),
        )
        .await
        .expect("decided");
    assert!(
        store
            .program_counts()
            .await
            .expect("counts")
            .open_cases
            .is_empty()
    );
}
