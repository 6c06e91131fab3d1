//! The stories of publications (R16, R17, R22): their period and the older lines not yet
//! published, frozen once, the digest as the hash of the published rows, and an accepted
//! adjustment frozen into the next publication.

use jiff::civil::{Date, date};
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{KpiPoints, Money};

use super::SharedStore;
use super::fixtures::{
    add_partner, adjustment, all_events, discrepancy, draft, line, mpn, plan, resolve, usd,
};
use crate::error::StoreError;
use crate::rows::{CaseKind, NewCase, PublishedTotal};

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
