//! Segments: how the ledger keeps invoice lines on disk.
//!
//! A segment holds lines of one partner written by one import batch, packed into one value
//! (a BLOB in SQLite, a `bytea` in PostgreSQL). Reading a partner's report is then a handful
//! of rows instead of one row per line, and an import writes one row per partner and flush
//! instead of one per line: at ten million lines, a row per line in SQLite costs about a
//! microsecond each, more than parsing the file, and a per-partner index over single lines
//! costs a hundred seconds of random B-tree inserts (measured, `bench/README.md` section 5).
//!
//! Strings that repeat within a segment (OMLP types, SKUs, currencies, the number shared by
//! the lines of a document) are stored once in a per-segment table and referred to by index.
//! The encoding is postcard (serde, variable-length integers), behind a leading format byte
//! so that a later layout can be read beside this one.

use foldhash::HashMap;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::YearMonth;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::rows::InvoiceLine;

/// The first byte of every stored segment: the layout below.
const FORMAT_V1: u8 = 1;

/// One line as stored: strings as indexes into the segment's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct PackedLine {
    /// 0: invoice, 1: credit note.
    pub(super) kind: u8,
    pub(super) number: u32,
    pub(super) line: u32,
    pub(super) corrects: Option<u32>,
    pub(super) year: i16,
    pub(super) month: u8,
    pub(super) day: u8,
    pub(super) omlp: u32,
    pub(super) sku: u32,
    pub(super) units: i64,
    pub(super) revenue: i64,
    pub(super) currency: u32,
    pub(super) kpi: i64,
    pub(super) source_line: u64,
}

/// Encodes a segment from its string table and lines, exactly as [`Packed`] would be: a
/// sequence is its length then its items, so borrowed strings encode like owned ones.
pub(super) fn encode(
    partner_id: MpnId,
    month_from: YearMonth,
    month_to: YearMonth,
    strings: &[&str],
    lines: &[PackedLine],
) -> Result<EncodedSegment, StoreError> {
    let fail = |e: postcard::Error| StoreError::internal(format!("encoding a ledger segment: {e}"));
    let bytes = postcard::to_extend(&strings, vec![FORMAT_V1]).map_err(fail)?;
    let bytes = postcard::to_extend(&lines, bytes).map_err(fail)?;
    Ok(EncodedSegment {
        partner_id,
        month_from,
        month_to,
        lines: lines.len() as u64,
        bytes,
    })
}

#[derive(Debug, Clone, Default, Serialize)]
struct Packed {
    strings: Vec<String>,
    lines: Vec<PackedLine>,
}

/// A decoded segment: its strings in one text (one allocation, not one per string), and its
/// lines referring to them.
#[derive(Debug, Clone, Default)]
pub struct Segment {
    text: String,
    strings: Vec<(u32, u32)>,
    lines: Vec<PackedLine>,
}

/// The stored layout, borrowing its strings from the bytes being read.
#[derive(Deserialize)]
struct Borrowed<'a> {
    #[serde(borrow)]
    strings: Vec<&'a str>,
    lines: Vec<PackedLine>,
}

/// One stored line, borrowing its strings from its [`Segment`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRef<'a> {
    pub document_type: DocumentType,
    pub document_number: &'a str,
    pub line_number: u32,
    pub corrects_document: Option<&'a str>,
    pub year: i16,
    pub month: i8,
    pub day: i8,
    pub omlp_type: &'a str,
    pub product_sku: &'a str,
    pub purchase_units: i64,
    pub revenue_minor: i64,
    pub currency: &'a str,
    pub kpi_thousandths: i64,
    pub source_line: u64,
}

impl LineRef<'_> {
    /// The month the line is dated in.
    pub fn year_month(&self) -> Result<YearMonth, StoreError> {
        YearMonth::new(self.year, self.month)
            .map_err(|e| StoreError::corrupt(format!("stored line month: {e}")))
    }

    /// The line with owned values, for the few places that hand lines out (a case's
    /// evidence, a conflict message).
    pub fn to_line(&self, partner: MpnId) -> Result<InvoiceLine, StoreError> {
        let corrupt = |what: &str, e: &dyn std::fmt::Display| {
            StoreError::corrupt(format!("stored line {what}: {e}"))
        };
        let currency = Currency::parse(self.currency).map_err(|e| corrupt("currency", &e))?;
        Ok(InvoiceLine {
            document_type: self.document_type,
            document_number: self.document_number.to_owned(),
            line_number: self.line_number,
            corrects_document: self.corrects_document.map(str::to_owned),
            partner_id: partner,
            document_date: Date::new(self.year, self.month, self.day)
                .map_err(|e| corrupt("date", &e))?,
            omlp_type: self.omlp_type.to_owned(),
            product_sku: self.product_sku.to_owned(),
            purchase_units: self.purchase_units,
            revenue: Money::new(self.revenue_minor, currency),
            kpi: KpiPoints::from_thousandths(self.kpi_thousandths),
            source_line: self.source_line,
        })
    }
}

impl Segment {
    /// Decodes a stored segment.
    pub fn decode(bytes: &[u8]) -> Result<Self, StoreError> {
        match bytes.split_first() {
            Some((&FORMAT_V1, rest)) => {
                let borrowed: Borrowed<'_> = postcard::from_bytes(rest)
                    .map_err(|e| StoreError::corrupt(format!("stored ledger segment: {e}")))?;
                let count = borrowed.strings.len();
                let fits = |i: u32| (i as usize) < count;
                if borrowed.lines.iter().any(|l| {
                    !(fits(l.number) && fits(l.omlp) && fits(l.sku) && fits(l.currency))
                        || l.corrects.is_some_and(|c| !fits(c))
                        || l.kind > 1
                }) {
                    return Err(StoreError::corrupt(
                        "stored ledger segment refers to a string it does not hold",
                    ));
                }
                let mut text =
                    String::with_capacity(borrowed.strings.iter().map(|s| s.len()).sum());
                let mut strings = Vec::with_capacity(count);
                for s in &borrowed.strings {
                    let start = text.len() as u32;
                    text.push_str(s);
                    strings.push((start, text.len() as u32));
                }
                Ok(Self {
                    text,
                    strings,
                    lines: borrowed.lines,
                })
            }
            Some((other, _)) => Err(StoreError::corrupt(format!(
                "stored ledger segment has unknown format {other}"
            ))),
            None => Err(StoreError::corrupt("stored ledger segment is empty")),
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    fn string(&self, i: u32) -> &str {
        self.strings
            .get(i as usize)
            .and_then(|&(a, b)| self.text.get(a as usize..b as usize))
            .unwrap_or("")
    }

    /// The line at `index` (`0..len()`).
    pub fn line(&self, index: usize) -> Option<LineRef<'_>> {
        let l = self.lines.get(index)?;
        Some(LineRef {
            document_type: if l.kind == 0 {
                DocumentType::Invoice
            } else {
                DocumentType::CreditNote
            },
            document_number: self.string(l.number),
            line_number: l.line,
            corrects_document: l.corrects.map(|c| self.string(c)),
            year: l.year,
            month: l.month as i8,
            day: l.day as i8,
            omlp_type: self.string(l.omlp),
            product_sku: self.string(l.sku),
            purchase_units: l.units,
            revenue_minor: l.revenue,
            currency: self.string(l.currency),
            kpi_thousandths: l.kpi,
            source_line: l.source_line,
        })
    }

    pub fn lines(&self) -> impl Iterator<Item = LineRef<'_>> {
        (0..self.len()).filter_map(|i| self.line(i))
    }
}

/// Builds one segment from lines of one partner, in the order given.
#[derive(Debug, Default)]
pub struct SegmentBuilder {
    packed: Packed,
    index: HashMap<String, u32>,
    first: Option<YearMonth>,
    last: Option<YearMonth>,
}

/// An encoded segment with what its row records beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedSegment {
    pub partner_id: MpnId,
    /// The months of its first and last lines, so that a reader can skip a segment whose
    /// lines all lie outside the months it wants.
    pub month_from: YearMonth,
    pub month_to: YearMonth,
    pub lines: u64,
    pub bytes: Vec<u8>,
}

/// One line's values for [`SegmentBuilder::push_raw`], borrowing its strings.
#[derive(Debug, Clone, Copy)]
pub struct RawLine<'a> {
    pub document_type: DocumentType,
    pub document_number: &'a str,
    pub line_number: u32,
    pub corrects_document: Option<&'a str>,
    pub date: Date,
    pub omlp_type: &'a str,
    pub product_sku: &'a str,
    pub purchase_units: i64,
    pub revenue_minor: i64,
    pub currency: &'a str,
    pub kpi_thousandths: i64,
    pub source_line: u64,
}

impl SegmentBuilder {
    fn string(&mut self, value: &str) -> u32 {
        if let Some(&i) = self.index.get(value) {
            return i;
        }
        let i = self.packed.strings.len() as u32;
        self.packed.strings.push(value.to_owned());
        self.index.insert(value.to_owned(), i);
        i
    }

    pub fn push(&mut self, line: &InvoiceLine) {
        self.push_raw(&RawLine {
            document_type: line.document_type,
            document_number: &line.document_number,
            line_number: line.line_number,
            corrects_document: line.corrects_document.as_deref(),
            date: line.document_date,
            omlp_type: &line.omlp_type,
            product_sku: &line.product_sku,
            purchase_units: line.purchase_units,
            revenue_minor: line.revenue.minor,
            currency: line.revenue.currency.code(),
            kpi_thousandths: line.kpi.thousandths(),
            source_line: line.source_line,
        });
    }

    /// Adds a line that is already in memory as parts (an import's buffer, a segment being
    /// rewritten), without building an [`InvoiceLine`] for it.
    pub fn push_raw(&mut self, line: &RawLine<'_>) {
        let month = YearMonth::of(line.date);
        self.first = Some(self.first.map_or(month, |m| m.min(month)));
        self.last = Some(self.last.map_or(month, |m| m.max(month)));
        let number = self.string(line.document_number);
        let corrects = line.corrects_document.map(|c| self.string(c));
        let omlp = self.string(line.omlp_type);
        let sku = self.string(line.product_sku);
        let currency = self.string(line.currency);
        self.packed.lines.push(PackedLine {
            kind: u8::from(line.document_type != DocumentType::Invoice),
            number,
            line: line.line_number,
            corrects,
            year: line.date.year(),
            month: line.date.month() as u8,
            day: line.date.day() as u8,
            omlp,
            sku,
            units: line.purchase_units,
            revenue: line.revenue_minor,
            currency,
            kpi: line.kpi_thousandths,
            source_line: line.source_line,
        });
    }

    /// Adds a line read from another segment (rewriting a segment without some lines).
    pub fn push_ref(&mut self, line: &LineRef<'_>) -> Result<(), StoreError> {
        let date = Date::new(line.year, line.month, line.day)
            .map_err(|e| StoreError::corrupt(format!("stored line date: {e}")))?;
        self.push_raw(&RawLine {
            document_type: line.document_type,
            document_number: line.document_number,
            line_number: line.line_number,
            corrects_document: line.corrects_document,
            date,
            omlp_type: line.omlp_type,
            product_sku: line.product_sku,
            purchase_units: line.purchase_units,
            revenue_minor: line.revenue_minor,
            currency: line.currency,
            kpi_thousandths: line.kpi_thousandths,
            source_line: line.source_line,
        });
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.packed.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packed.lines.is_empty()
    }

    /// The encoded segment; `None` when no line was pushed.
    pub fn finish(self, partner_id: MpnId) -> Result<Option<EncodedSegment>, StoreError> {
        let (Some(month_from), Some(month_to)) = (self.first, self.last) else {
            return Ok(None);
        };
        let bytes = postcard::to_extend(&self.packed, vec![FORMAT_V1])
            .map_err(|e| StoreError::internal(format!("encoding a ledger segment: {e}")))?;
        Ok(Some(EncodedSegment {
            partner_id,
            month_from,
            month_to,
            lines: self.packed.lines.len() as u64,
            bytes,
        }))
    }
}

/// A month as one integer (`year * 12 + month - 1`), the form segment rows store their
/// month range in, so that both databases compare months as numbers.
pub fn month_number(month: YearMonth) -> i64 {
    i64::from(month.year()) * 12 + i64::from(month.month()) - 1
}

/// The month of [`month_number`]'s integer.
pub fn month_of_number(n: i64) -> Result<YearMonth, StoreError> {
    let year = n.div_euclid(12);
    let month = n.rem_euclid(12) + 1;
    i16::try_from(year)
        .ok()
        .and_then(|y| YearMonth::new(y, month as i8).ok())
        .ok_or_else(|| StoreError::corrupt(format!("stored month number {n}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn line(number: &str, n: u32, on: Date, units: i64) -> InvoiceLine {
        InvoiceLine {
            document_type: DocumentType::Invoice,
            document_number: number.to_owned(),
            line_number: n,
            corrects_document: None,
            partner_id: MpnId::parse("1234567").expect("mpn"),
            document_date: on,
            omlp_type: "moc".to_owned(),
            product_sku: "20764-C".to_owned(),
            purchase_units: units,
            revenue: Money::new(units * 12_500, Currency::USD),
            kpi: KpiPoints::from_thousandths(units * 1000),
            source_line: u64::from(n) + 1,
        }
    }

    #[test]
    fn lines_come_back_as_they_went_in() {
        let mut credit = line("CN-1", 1, date(2020, 2, 29), -2);
        credit.document_type = DocumentType::CreditNote;
        credit.corrects_document = Some("INV-1".to_owned());
        credit.revenue = Money::new(-25_000, Currency::JPY);
        let lines = vec![
            line("INV-1", 1, date(2019, 12, 31), 10),
            line("INV-1", 2, date(2019, 12, 31), 3),
            credit,
            line("INV-2", 7, date(-44, 3, 15), 1),
        ];
        let mut builder = SegmentBuilder::default();
        for l in &lines {
            builder.push(l);
        }
        let partner = lines[0].partner_id;
        let encoded = builder.finish(partner).expect("encode").expect("lines");
        assert_eq!(encoded.lines, 4);
        assert_eq!(encoded.month_from, YearMonth::new(-44, 3).expect("month"));
        assert_eq!(encoded.month_to, YearMonth::new(2020, 2).expect("month"));
        let segment = Segment::decode(&encoded.bytes).expect("decode");
        let back: Vec<InvoiceLine> = segment
            .lines()
            .map(|l| l.to_line(partner).expect("line"))
            .collect();
        assert_eq!(back, lines);
        assert_eq!(
            back.iter().map(|l| l.source_line).collect::<Vec<_>>(),
            lines.iter().map(|l| l.source_line).collect::<Vec<_>>()
        );
    }

    #[test]
    fn damaged_segments_are_refused_not_misread() {
        let mut builder = SegmentBuilder::default();
        builder.push(&line("INV-1", 1, date(2020, 1, 1), 1));
        let partner = MpnId::parse("1234567").expect("mpn");
        let encoded = builder.finish(partner).expect("encode").expect("lines");
        assert!(Segment::decode(&[]).is_err());
        assert!(Segment::decode(&[9, 0]).is_err());
        for cut in 1..encoded.bytes.len() {
            assert!(
                Segment::decode(&encoded.bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn month_numbers_order_like_months() {
        let months = [(-1, 12), (0, 1), (1999, 12), (2000, 1), (2020, 2)];
        let numbers: Vec<i64> = months
            .iter()
            .map(|&(y, m)| month_number(YearMonth::new(y, m).expect("month")))
            .collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]));
        for (&(y, m), &n) in months.iter().zip(&numbers) {
            assert_eq!(
                month_of_number(n).expect("back"),
                YearMonth::new(y, m).expect("m")
            );
        }
    }
}
