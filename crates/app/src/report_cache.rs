//! Published KPI reports kept in memory (R17, issue 6 item 9).
//!
//! A publication is frozen: a partner's rows and totals of one publication never change. So
//! the dashboard and the API read them from the database once per (publication, partner) and
//! then from memory. The largest partners have ten thousand lines, and decoding them was
//! most of a dashboard request's cost. Each server keeps its own copy; as the data never
//! changes, servers cannot disagree.

use std::sync::Arc;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar;
use lpc_store::Publication;

use crate::memo::Memo;
use crate::publications::{ReportRow, ReportTotals};

/// What a report row weighs in memory, about: the struct and its strings.
const ROW_BYTES: usize = 150;

/// Rows kept at most, over all entries: 150 MiB at [`ROW_BYTES`] a row.
pub const MAX_ROWS: usize = 1_000_000;

/// One partner's frozen part of one publication.
#[derive(Debug)]
pub struct FrozenReport {
    pub rows: Arc<Vec<ReportRow>>,
    pub totals: ReportTotals,
}

/// The reports read so far, by (publication date, partner), weighed in bytes.
#[derive(Debug)]
pub struct ReportCache {
    reports: Memo<(Date, MpnId), FrozenReport>,
    /// The latest publication by day, once it is the one due that day (see [`Self::settle`]).
    latest: Memo<Date, Publication>,
}

impl Default for ReportCache {
    fn default() -> Self {
        ReportCache {
            reports: Memo::new(MAX_ROWS * ROW_BYTES, |r| r.rows.len() * ROW_BYTES),
            latest: Memo::new(64 * 1024, |_| std::mem::size_of::<Publication>() + 256),
        }
    }
}

impl ReportCache {
    pub fn get(&self, published_on: Date, partner: MpnId) -> Option<Arc<FrozenReport>> {
        self.reports.get(&(published_on, partner))
    }

    /// Keeps `report` and hands it back (the cache is emptied first when it would hold more
    /// than [`MAX_ROWS`] rows).
    pub fn put(
        &self,
        published_on: Date,
        partner: MpnId,
        report: FrozenReport,
    ) -> Arc<FrozenReport> {
        self.reports.put((published_on, partner), report)
    }

    /// The latest publication on or before `today`, when [`Self::settle`] kept it.
    pub fn latest(&self, today: Date) -> Option<Arc<Publication>> {
        self.latest.get(&today)
    }

    /// Keeps `latest`, the latest publication on or before `today`, when it can no longer
    /// change that day: reports are published on the 15th only, once, and never withdrawn
    /// (R17), so once the one due on `today`'s 15th exists no other can take its place until
    /// the next 15th, whichever server or command published it. An older one is not kept:
    /// the due report may be published any moment, by any server.
    pub fn settle(&self, today: Date, latest: &Publication) {
        if latest.published_on == calendar::publication_on_or_before(today) {
            self.latest.put(today, latest.clone());
        }
    }

    /// The bytes the kept reports weigh, keys included, for tests and metrics.
    pub fn bytes(&self) -> usize {
        self.reports.weight()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    use jiff::civil::date;
    use lpc_domain::invoice::DocumentType;
    use lpc_domain::points::KpiPoints;

    use super::*;

    fn frozen(rows: usize) -> FrozenReport {
        let row = ReportRow {
            year: 2026,
            month: 3,
            omlp_type: "moc".to_owned(),
            purchase_units: 1,
            invoice_number: "INV-1".to_owned(),
            kpi_value: KpiPoints::from_thousandths(1000),
            revenue: lpc_domain::points::Money::new(
                100,
                lpc_domain::points::Currency::parse("USD").unwrap(),
            ),
            document_type: DocumentType::Invoice,
            line_number: 1,
            late: false,
            adjustment_case_id: None,
        };
        FrozenReport {
            rows: Arc::new(vec![row; rows]),
            totals: ReportTotals {
                kpi_value: KpiPoints::ZERO,
                by_omlp_type: BTreeMap::new(),
            },
        }
    }

    fn published_on(published_on: jiff::civil::Date) -> Publication {
        Publication {
            published_on,
            period: calendar::period_of_publication(published_on),
            partners: 1,
            lines: 1,
            digest: "d".to_owned(),
            published_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    /// R17: once the report due on the day's 15th is published, it stays the latest all day;
    /// an older one may be overtaken by the due one at any moment, so it is not kept.
    #[test]
    fn only_the_report_due_that_day_is_settled() {
        let cache = ReportCache::default();
        let march = published_on(date(2026, 3, 15));
        cache.settle(date(2026, 3, 20), &march);
        assert_eq!(*cache.latest(date(2026, 3, 20)).unwrap(), march);
        assert!(
            cache.latest(date(2026, 3, 21)).is_none(),
            "another day asks again"
        );
        // On 15 April before the April report, March's is the latest but not settled.
        cache.settle(date(2026, 4, 15), &march);
        assert!(cache.latest(date(2026, 4, 15)).is_none());
        // On 14 April, March's is the one due.
        cache.settle(date(2026, 4, 14), &march);
        assert!(cache.latest(date(2026, 4, 14)).is_some());
    }

    /// What one report of `rows` rows weighs in the cache.
    fn entry(rows: usize) -> usize {
        use crate::memo::{ENTRY_BYTES, KeyBytes};
        let key = (date(2026, 3, 15), MpnId::parse("1234567").unwrap());
        rows * ROW_BYTES + key.key_bytes() + ENTRY_BYTES
    }

    #[test]
    fn a_report_is_kept_per_publication_and_partner() {
        let cache = ReportCache::default();
        let a = MpnId::parse("1234567").unwrap();
        let b = MpnId::parse("7654321").unwrap();
        let put = cache.put(date(2026, 3, 15), a, frozen(3));
        let got = cache.get(date(2026, 3, 15), a).unwrap();
        assert!(Arc::ptr_eq(&put, &got), "the same report, not a copy");
        assert!(
            cache.get(date(2026, 4, 15), a).is_none(),
            "another publication"
        );
        assert!(cache.get(date(2026, 3, 15), b).is_none(), "another partner");
        cache.put(date(2026, 3, 15), a, frozen(5));
        assert_eq!(
            cache.bytes(),
            entry(5),
            "replacing an entry does not count it twice"
        );
    }

    #[test]
    fn a_full_cache_is_emptied_before_it_grows_past_its_bound() {
        let cache = ReportCache::default();
        let a = MpnId::parse("1234567").unwrap();
        let b = MpnId::parse("7654321").unwrap();
        cache.put(date(2026, 3, 15), a, frozen(MAX_ROWS - 1));
        cache.put(date(2026, 3, 15), b, frozen(2));
        assert!(cache.get(date(2026, 3, 15), a).is_none(), "emptied");
        assert_eq!(cache.bytes(), entry(2));
        assert!(cache.bytes() <= MAX_ROWS * ROW_BYTES);
    }
}
