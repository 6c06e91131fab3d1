//! What both backends share to make a publication (R12, R17, R21): the plan, the totals with
//! caps, and the digest over a canonical text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::MonthSpan;
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
    /// The rule set in force on the publication date, whose caps the totals apply (R12).
    pub rules: Option<RuleSet>,
    pub published_at: Timestamp,
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

/// The fields of one row as [`DigestWriter`] hashes them.
#[derive(Debug, Clone, Copy)]
pub struct RowFields<'a> {
    pub partner_id: MpnId,
    pub year: i16,
    pub month: i8,
    pub document_type: &'a str,
    pub document_number: &'a str,
    pub line_number: u32,
    pub omlp_type: &'a str,
    pub purchase_units: i64,
    pub kpi_thousandths: i64,
    pub revenue_minor: i64,
    pub currency: &'a str,
    pub late: bool,
}

/// Appends one row of the canonical text: `row`, then the fields tab-separated, then a
/// newline.
pub fn write_row(line: &mut String, r: &RowFields<'_>) {
    let mut n = itoa::Buffer::new();
    line.push_str("row\t");
    line.push_str(n.format(r.partner_id.get()));
    line.push('\t');
    line.push_str(n.format(r.year));
    line.push('\t');
    line.push_str(n.format(r.month));
    line.push('\t');
    line.push_str(r.document_type);
    line.push('\t');
    line.push_str(r.document_number);
    line.push('\t');
    line.push_str(n.format(r.line_number));
    line.push('\t');
    line.push_str(r.omlp_type);
    line.push('\t');
    line.push_str(n.format(r.purchase_units));
    line.push('\t');
    line.push_str(n.format(r.kpi_thousandths));
    line.push('\t');
    line.push_str(n.format(r.revenue_minor));
    line.push('\t');
    line.push_str(r.currency);
    line.push('\t');
    line.push_str(if r.late { "true" } else { "false" });
    line.push('\n');
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
        self.row_fields(&RowFields {
            partner_id: r.partner_id,
            year: r.year,
            month: r.month,
            document_type: r.document_type.as_str(),
            document_number: &r.document_number,
            line_number: r.line_number,
            omlp_type: &r.omlp_type,
            purchase_units: r.purchase_units,
            kpi_thousandths: r.kpi.thousandths(),
            revenue_minor: r.revenue.minor,
            currency: r.revenue.currency.code(),
            late: r.late,
        });
    }

    /// A row from borrowed fields: a publication hashes millions of rows straight from the
    /// ledger's segments, without building a [`PublishedRow`] for each.
    pub fn row_fields(&mut self, r: &RowFields<'_>) {
        write_row(&mut self.line, r);
        // Hashed in blocks rather than row by row: the same bytes, fewer calls.
        if self.line.len() >= 8192 {
            self.flush();
        }
    }

    /// Rows already written by [`write_row`] (on other threads, in canonical order).
    pub fn rows_text(&mut self, text: &str) {
        self.flush();
        self.hasher.update(text.as_bytes());
    }

    pub fn total(&mut self, t: &PublishedTotal) {
        self.flush();
        let _ = writeln!(
            self.line,
            "total\t{}\t{}\t{}",
            t.partner_id,
            t.omlp_type.as_deref().unwrap_or("*"),
            t.kpi.thousandths()
        );
        self.flush();
    }

    pub fn finish(mut self) -> String {
        self.flush();
        hex::encode(self.hasher.finalize())
    }
}

/// Partners whose totals a publication stores in one row: a publication writes a few hundred
/// rows rather than one per partner, and a dashboard reads one row to find its partner's.
pub const PARTNERS_PER_TOTALS_CHUNK: usize = 500;

/// A stored chunk of a publication's totals: partners `first..=last`, as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalsChunk {
    pub first: MpnId,
    pub last: MpnId,
    pub text: String,
}

/// One partner's totals in their stored form (thousandths of a point):
/// `{"p":1234567,"all":1234500,"types":{"moc":1000000,...}}`. Written by hand: a publication
/// writes a hundred thousand of them; OMLP type ids go through serde_json only when they
/// need escaping.
fn push_partner_totals(text: &mut String, partner: MpnId, totals: &[PublishedTotal]) {
    let mut n = itoa::Buffer::new();
    let mut all = 0;
    text.push_str("{\"p\":");
    text.push_str(n.format(partner.get()));
    text.push_str(",\"types\":{");
    let mut first = true;
    for t in totals {
        match &t.omlp_type {
            Some(omlp_type) => {
                if !first {
                    text.push(',');
                }
                first = false;
                if omlp_type
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    text.push('"');
                    text.push_str(omlp_type);
                    text.push('"');
                } else {
                    text.push_str(&serde_json::Value::from(omlp_type.as_str()).to_string());
                }
                text.push(':');
                text.push_str(n.format(t.kpi.thousandths()));
            }
            None => all = t.kpi.thousandths(),
        }
    }
    text.push_str("},\"all\":");
    text.push_str(n.format(all));
    text.push('}');
}

/// A publication's totals (by partner, as [`totals`] orders them) in stored chunks.
pub fn totals_chunks(totals: &[PublishedTotal]) -> Vec<TotalsChunk> {
    let partners: Vec<&[PublishedTotal]> = totals
        .chunk_by(|a, b| a.partner_id == b.partner_id)
        .collect();
    partners
        .chunks(PARTNERS_PER_TOTALS_CHUNK)
        .filter_map(|chunk| {
            let first = chunk.first()?.first()?.partner_id;
            let last = chunk.last()?.first()?.partner_id;
            let mut text = String::with_capacity(chunk.len() * 80);
            text.push('[');
            for (i, partner) in chunk.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                if let Some(head) = partner.first() {
                    push_partner_totals(&mut text, head.partner_id, partner);
                }
            }
            text.push(']');
            Some(TotalsChunk { first, last, text })
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct StoredTotals {
    p: i64,
    all: i64,
    types: BTreeMap<String, i64>,
}

fn parse_chunk(text: &str) -> Result<Vec<StoredTotals>, crate::StoreError> {
    serde_json::from_str(text)
        .map_err(|e| crate::StoreError::corrupt(format!("stored totals: {e}")))
}

fn partner_of(p: i64) -> Result<MpnId, crate::StoreError> {
    MpnId::from_stored(p).map_err(|e| crate::StoreError::corrupt(format!("stored totals: {e}")))
}

fn expand(stored: StoredTotals) -> Result<Vec<PublishedTotal>, crate::StoreError> {
    let partner_id = partner_of(stored.p)?;
    let mut totals: Vec<PublishedTotal> = stored
        .types
        .into_iter()
        .map(|(omlp_type, kpi)| PublishedTotal {
            partner_id,
            omlp_type: Some(omlp_type),
            kpi: KpiPoints::from_thousandths(kpi),
        })
        .collect();
    totals.push(PublishedTotal {
        partner_id,
        omlp_type: None,
        kpi: KpiPoints::from_thousandths(stored.all),
    });
    Ok(totals)
}

/// Every total of a stored chunk, by partner: per OMLP type in order, then in all.
pub fn chunk_totals(text: &str) -> Result<Vec<PublishedTotal>, crate::StoreError> {
    let mut totals = Vec::new();
    for stored in parse_chunk(text)? {
        totals.extend(expand(stored)?);
    }
    Ok(totals)
}

/// One partner's totals from its stored chunk (none when it has no row in the publication).
pub fn chunk_partner_totals(
    text: &str,
    partner: MpnId,
) -> Result<Vec<PublishedTotal>, crate::StoreError> {
    let id = partner.as_i64();
    match parse_chunk(text)?.into_iter().find(|s| s.p == id) {
        Some(stored) => expand(stored),
        None => Ok(Vec::new()),
    }
}

/// Every partner's total in all from a stored chunk (eligibility of every partner).
pub fn chunk_points(text: &str) -> Result<Vec<(MpnId, KpiPoints)>, crate::StoreError> {
    parse_chunk(text)?
        .into_iter()
        .map(|s| Ok((partner_of(s.p)?, KpiPoints::from_thousandths(s.all))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical text is fixed: every stored digest (those made before the ledger
    /// included) is the SHA-256 of exactly these bytes.
    #[test]
    fn the_digest_is_the_sha256_of_the_canonical_text() {
        use jiff::civil::date;
        use lpc_domain::calendar::YearMonth;
        use lpc_domain::invoice::DocumentType;
        use lpc_domain::points::{Currency, Money};
        let partner = MpnId::parse("1234567").expect("mpn");
        let period = MonthSpan {
            from: YearMonth::new(2019, 1).expect("month"),
            to: YearMonth::new(2019, 12).expect("month"),
        };
        let mut digest = DigestWriter::new(date(2020, 1, 15), period);
        digest.row(&PublishedRow {
            partner_id: partner,
            document_type: DocumentType::CreditNote,
            document_number: "CN-7".into(),
            line_number: 2,
            year: 2019,
            month: 12,
            omlp_type: "moc".into(),
            purchase_units: -2,
            kpi: KpiPoints::from_thousandths(-2000),
            revenue: Money::new(-25_000, Currency::USD),
            late: true,
        });
        digest.total(&PublishedTotal {
            partner_id: partner,
            omlp_type: Some("moc".into()),
            kpi: KpiPoints::from_thousandths(-2000),
        });
        digest.total(&PublishedTotal {
            partner_id: partner,
            omlp_type: None,
            kpi: KpiPoints::from_thousandths(-2000),
        });
        let text = "lpc-publication-v1\t2020-01-15\t2019-01\t2019-12\n\
                    row\t1234567\t2019\t12\tcredit_note\tCN-7\t2\tmoc\t-2\t-2000\t-25000\tUSD\ttrue\n\
                    total\t1234567\tmoc\t-2000\n\
                    total\t1234567\t*\t-2000\n";
        assert_eq!(
            digest.finish(),
            hex::encode(Sha256::digest(text.as_bytes()))
        );
    }

    #[test]
    fn totals_round_trip_through_their_stored_chunks() {
        let totals_of = |mpn: &str, all: i64| {
            let partner = MpnId::parse(mpn).expect("mpn");
            vec![
                PublishedTotal {
                    partner_id: partner,
                    omlp_type: Some("labs_online".into()),
                    kpi: KpiPoints::from_thousandths(500),
                },
                PublishedTotal {
                    partner_id: partner,
                    omlp_type: Some("a\"b".into()),
                    kpi: KpiPoints::from_thousandths(-2000),
                },
                PublishedTotal {
                    partner_id: partner,
                    omlp_type: None,
                    kpi: KpiPoints::from_thousandths(all),
                },
            ]
        };
        let mut totals = Vec::new();
        for n in 0..(PARTNERS_PER_TOTALS_CHUNK as i64 + 3) {
            totals.extend(totals_of(&(1_000_000 + n).to_string(), n));
        }
        let chunks = totals_chunks(&totals);
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[1].first, MpnId::parse("1000500").expect("mpn"));
        assert_eq!(chunks[1].last, MpnId::parse("1000502").expect("mpn"));
        let mut back = Vec::new();
        for chunk in &chunks {
            back.extend(chunk_totals(&chunk.text).expect("read"));
        }
        // Types come back in their stored (byte) order, the total in all last.
        let mut expected = totals.clone();
        for partner in expected.chunks_mut(3) {
            partner.swap(0, 1);
        }
        assert_eq!(back, expected);
        let partner = MpnId::parse("1000501").expect("mpn");
        assert_eq!(
            chunk_partner_totals(&chunks[1].text, partner).expect("read")[2].kpi,
            KpiPoints::from_thousandths(501)
        );
        assert!(
            chunk_partner_totals(&chunks[0].text, partner)
                .expect("read")
                .is_empty()
        );
        assert_eq!(chunk_points(&chunks[1].text).expect("read").len(), 3);
        assert!(chunk_totals("{}").is_err());
    }
}
