//! What both backends share to freeze a publication inside the database (R12, R17, R21):
//! the plan, the totals with caps, and the digest over a canonical text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_domain::points::KpiPoints;
use lpc_domain::rules::RuleSet;
use sha2::{Digest, Sha256};

use crate::rows::{PublishedRow, PublishedTotal};

/// Everything a backend needs to freeze one publication.
#[derive(Debug, Clone)]
pub struct PublicationPlan {
    pub published_on: Date,
    /// The twelve months it covers (R17).
    pub period: MonthSpan,
    /// The first month of the first publication's period: older lines that no publication
    /// included are published late from there on. `None` before any publication.
    pub late_since: Option<YearMonth>,
    /// The last month of the previous publication's period: an unpublished line up to it
    /// arrived late. `None` before any publication.
    pub late_until: Option<YearMonth>,
    /// The rule set in force on the publication date, whose caps the totals apply (R12).
    pub rules: Option<RuleSet>,
    pub published_at: Timestamp,
}

/// Sums per partner and OMLP type as read from a `GROUP BY partner_id, omlp_type` query
/// (partner, type, thousandths), keyed for [`totals`].
pub fn sums_by_partner(
    sums: Vec<(i64, String, i64)>,
) -> Result<BTreeMap<MpnId, BTreeMap<String, KpiPoints>>, crate::StoreError> {
    let mut per_partner: BTreeMap<MpnId, BTreeMap<String, KpiPoints>> = BTreeMap::new();
    for (partner, omlp_type, kpi) in sums {
        let partner = MpnId::from_stored(partner)
            .map_err(|e| crate::StoreError::corrupt(format!("stored {e}")))?;
        per_partner
            .entry(partner)
            .or_default()
            .insert(omlp_type, KpiPoints::from_thousandths(kpi));
    }
    Ok(per_partner)
}

/// Totals per partner from the sums per OMLP type: each type capped on its own, and the
/// total in all with every cap of the rule set (R12).
pub fn totals(
    sums: &BTreeMap<MpnId, BTreeMap<String, KpiPoints>>,
    rules: Option<&RuleSet>,
) -> Vec<PublishedTotal> {
    let mut totals = Vec::new();
    for (partner, per_type) in sums {
        for (omlp_type, points) in per_type {
            let cap = rules
                .and_then(|r| r.omlp_type(omlp_type))
                .and_then(|t| t.cap);
            let kpi = cap.map_or(*points, |cap| (*points).min(cap));
            totals.push(PublishedTotal {
                partner_id: *partner,
                omlp_type: Some(omlp_type.clone()),
                kpi,
            });
        }
        let all = rules.map_or_else(
            || per_type.values().copied().sum(),
            |r| r.capped_total(per_type),
        );
        totals.push(PublishedTotal {
            partner_id: *partner,
            omlp_type: None,
            kpi: all,
        });
    }
    totals
}

/// The SHA-256 of a publication: a header line, one line per row, one per total; fields
/// tab-separated. Rows come in the order of their key (partner, document type, document
/// number, line; text by byte order), which is the order SQLite clusters them in, so reading
/// them back needs no sort. Fed row by row, so a publication is never held whole.
#[derive(Debug, Clone)]
pub struct DigestWriter {
    hasher: Sha256,
    line: String,
}

impl DigestWriter {
    pub fn new(published_on: Date, period: MonthSpan) -> Self {
        let mut writer = Self {
            hasher: Sha256::new(),
            line: String::new(),
        };
        let _ = writeln!(
            writer.line,
            "lpc-publication-v1\t{published_on}\t{}\t{}",
            period.from, period.to
        );
        writer.flush();
        writer
    }

    fn flush(&mut self) {
        self.hasher.update(self.line.as_bytes());
        self.line.clear();
    }

    pub fn row(&mut self, r: &PublishedRow) {
        let _ = writeln!(
            self.line,
            "row\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.partner_id,
            r.year,
            r.month,
            r.document_type,
            r.document_number,
            r.line_number,
            r.omlp_type,
            r.purchase_units,
            r.kpi.thousandths(),
            r.revenue.minor,
            r.revenue.currency.code(),
            r.late
        );
        self.flush();
    }

    /// Rows already written by the database in [`DigestWriter::row`]'s exact format (one
    /// `row\t...\n` line each, in canonical order): at scale the rows never cross into Rust
    /// one by one, which costs more than hashing them. The story tests check that both
    /// backends' text hashes to the digest [`DigestWriter::row`] gives for the same rows.
    pub fn rows_text(&mut self, text: &str) {
        self.hasher.update(text.as_bytes());
    }

    pub fn total(&mut self, t: &PublishedTotal) {
        let _ = writeln!(
            self.line,
            "total\t{}\t{}\t{}",
            t.partner_id,
            t.omlp_type.as_deref().unwrap_or("*"),
            t.kpi.thousandths()
        );
        self.flush();
    }

    pub fn finish(self) -> String {
        hex::encode(self.hasher.finalize())
    }
}
