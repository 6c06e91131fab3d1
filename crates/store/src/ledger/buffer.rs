//! An import's lines waiting to become segments: grouped by partner only when flushed, so
//! that memory is one compact record per line, whatever the number of partners.

use foldhash::HashMap;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};

use super::documents::DocumentKey;
use super::segment::{EncodedSegment, PackedLine, RawLine, encode};
use crate::error::StoreError;
use crate::rows::InvoiceLine;

/// No string: `corrects` of an invoice line.
const NONE: u32 = u32::MAX;

/// One buffered line: strings as indexes into the buffer's string table.
#[derive(Debug, Clone, Copy)]
struct BufLine {
    partner: MpnId,
    number: u32,
    line: u32,
    corrects: u32,
    omlp: u32,
    sku: u32,
    currency: u32,
    year: i16,
    month: i8,
    day: i8,
    credit_note: bool,
    units: i64,
    revenue: i64,
    kpi: i64,
    source_line: u64,
}

/// Lines of one import not yet written, at most about [`LineBuffer::budget`] bytes.
#[derive(Debug)]
pub struct LineBuffer {
    lines: Vec<BufLine>,
    strings: Vec<Box<str>>,
    /// OMLP types, SKUs and currencies repeat across the whole file: each is kept once.
    shared: HashMap<Box<str>, u32>,
    string_bytes: usize,
    budget: usize,
}

impl LineBuffer {
    pub fn new(budget: usize) -> Self {
        Self {
            lines: Vec::new(),
            strings: Vec::new(),
            shared: HashMap::default(),
            string_bytes: 0,
            budget,
        }
    }

    /// Memory held, roughly: what [`LineBuffer::is_full`] compares with the budget.
    pub fn bytes(&self) -> usize {
        self.lines.len() * std::mem::size_of::<BufLine>()
            + self.string_bytes
            + self.strings.len() * std::mem::size_of::<Box<str>>()
    }

    pub fn is_full(&self) -> bool {
        self.bytes() >= self.budget
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    fn add_string(&mut self, value: &str) -> u32 {
        let i = self.strings.len() as u32;
        self.string_bytes += value.len() + 16;
        self.strings.push(value.into());
        i
    }

    fn shared(&mut self, value: &str) -> u32 {
        if let Some(&i) = self.shared.get(value) {
            return i;
        }
        let i = self.add_string(value);
        self.string_bytes += value.len() + 24;
        self.shared.insert(value.into(), i);
        i
    }

    /// A document number: the lines of a document usually follow each other, so the number
    /// of the line before is reused rather than looked up.
    fn number(&mut self, value: &str) -> u32 {
        if let Some(last) = self.lines.last()
            && self.text(last.number) == value
        {
            return last.number;
        }
        self.add_string(value)
    }

    fn text(&self, i: u32) -> &str {
        self.strings.get(i as usize).map_or("", |s| s)
    }

    pub fn push(&mut self, line: &InvoiceLine) {
        let number = self.number(&line.document_number);
        let corrects = match &line.corrects_document {
            Some(c) => self.add_string(c),
            None => NONE,
        };
        let omlp = self.shared(&line.omlp_type);
        let sku = self.shared(&line.product_sku);
        let currency = self.shared(line.revenue.currency.code());
        self.lines.push(BufLine {
            partner: line.partner_id,
            number,
            line: line.line_number,
            corrects,
            omlp,
            sku,
            currency,
            year: line.document_date.year(),
            month: line.document_date.month(),
            day: line.document_date.day(),
            credit_note: line.document_type == DocumentType::CreditNote,
            units: line.purchase_units,
            revenue: line.revenue.minor,
            kpi: line.kpi.thousandths(),
            source_line: line.source_line,
        });
    }

    fn raw(&self, l: &BufLine) -> Result<RawLine<'_>, StoreError> {
        Ok(RawLine {
            document_type: if l.credit_note {
                DocumentType::CreditNote
            } else {
                DocumentType::Invoice
            },
            document_number: self.text(l.number),
            line_number: l.line,
            corrects_document: (l.corrects != NONE).then(|| self.text(l.corrects)),
            date: Date::new(l.year, l.month, l.day)
                .map_err(|e| StoreError::internal(format!("buffered line date: {e}")))?,
            omlp_type: self.text(l.omlp),
            product_sku: self.text(l.sku),
            purchase_units: l.units,
            revenue_minor: l.revenue,
            currency: self.text(l.currency),
            kpi_thousandths: l.kpi,
            source_line: l.source_line,
        })
    }

    fn matches(&self, l: &BufLine, partner: MpnId, key: &DocumentKey, line: u32) -> bool {
        l.partner == partner
            && l.line == line
            && l.credit_note == (key.document_type == DocumentType::CreditNote)
            && self.text(l.number) == key.document_number
    }

    /// A buffered line, by partner and key (to name it in a conflict message).
    pub fn find(
        &self,
        partner: MpnId,
        key: &DocumentKey,
        line: u32,
    ) -> Result<Option<InvoiceLine>, StoreError> {
        let Some(l) = self
            .lines
            .iter()
            .find(|l| self.matches(l, partner, key, line))
        else {
            return Ok(None);
        };
        let raw = self.raw(l)?;
        let currency = Currency::parse(raw.currency)
            .map_err(|e| StoreError::internal(format!("buffered line currency: {e}")))?;
        Ok(Some(InvoiceLine {
            document_type: raw.document_type,
            document_number: raw.document_number.to_owned(),
            line_number: raw.line_number,
            corrects_document: raw.corrects_document.map(str::to_owned),
            partner_id: partner,
            document_date: raw.date,
            omlp_type: raw.omlp_type.to_owned(),
            product_sku: raw.product_sku.to_owned(),
            purchase_units: raw.purchase_units,
            revenue: Money::new(raw.revenue_minor, currency),
            kpi: KpiPoints::from_thousandths(raw.kpi_thousandths),
            source_line: raw.source_line,
        }))
    }

    /// Keeps, of the lines pushed since the buffer held `mark` lines, those whose entry in
    /// `keep` is true (in the order they were pushed).
    pub fn keep_staged(&mut self, mark: usize, keep: &[bool]) {
        if keep.iter().all(|&k| k) || mark > self.lines.len() {
            return;
        }
        let staged = self.lines.split_off(mark);
        self.lines.extend(
            staged
                .into_iter()
                .zip(keep.iter().copied().chain(std::iter::repeat(true)))
                .filter(|(_, k)| *k)
                .map(|(l, _)| l),
        );
    }

    /// Takes a buffered line out again; `false` if it is not buffered (already written).
    pub fn remove(&mut self, partner: MpnId, key: &DocumentKey, line: u32) -> bool {
        let Some(i) = self
            .lines
            .iter()
            .position(|l| self.matches(l, partner, key, line))
        else {
            return false;
        };
        self.lines.remove(i);
        true
    }

    /// Every buffered line as segments, one per partner, by partner; the buffer is emptied.
    pub fn drain_segments(&mut self) -> Result<Vec<EncodedSegment>, StoreError> {
        // Positions sorted by (partner, position): within a partner, lines keep the order of
        // the file, and the lines themselves are not moved.
        let mut keyed: Vec<(MpnId, u32)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| (l.partner, i as u32))
            .collect();
        keyed.sort_unstable();
        let order: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
        // A segment's strings are the buffer's, renumbered from 0: an array lookup per
        // string rather than a hash.
        let all = std::mem::take(&mut self.strings);
        let mut local = vec![NONE; all.len()];
        let mut segments = Vec::new();
        let mut start = 0;
        while start < order.len() {
            let partner = self.lines[order[start] as usize].partner;
            let end = order[start..]
                .iter()
                .position(|&i| self.lines[i as usize].partner != partner)
                .map_or(order.len(), |n| start + n);
            let mut strings: Vec<&str> = Vec::new();
            let mut packed = Vec::with_capacity(end - start);
            // Months as numbers while scanning; made months once per segment.
            let (mut first, mut last) = (i32::MAX, i32::MIN);
            for &i in &order[start..end] {
                let l = &self.lines[i as usize];
                let month = i32::from(l.year) * 12 + i32::from(l.month) - 1;
                first = first.min(month);
                last = last.max(month);
                packed.push(PackedLine {
                    kind: u8::from(l.credit_note),
                    number: renumber(&mut local, &all, &mut strings, l.number),
                    line: l.line,
                    corrects: (l.corrects != NONE)
                        .then(|| renumber(&mut local, &all, &mut strings, l.corrects)),
                    year: l.year,
                    month: l.month as u8,
                    day: l.day as u8,
                    omlp: renumber(&mut local, &all, &mut strings, l.omlp),
                    sku: renumber(&mut local, &all, &mut strings, l.sku),
                    units: l.units,
                    revenue: l.revenue,
                    currency: renumber(&mut local, &all, &mut strings, l.currency),
                    kpi: l.kpi,
                    source_line: l.source_line,
                });
            }
            let (first, last) = (
                super::segment::month_of_number(i64::from(first)),
                super::segment::month_of_number(i64::from(last)),
            );
            for &i in &order[start..end] {
                let l = &self.lines[i as usize];
                for global in [l.number, l.corrects, l.omlp, l.sku, l.currency] {
                    if let Some(slot) = local.get_mut(global as usize) {
                        *slot = NONE;
                    }
                }
            }
            if let (Ok(month_from), Ok(month_to)) = (first, last) {
                segments.push(encode(partner, month_from, month_to, &strings, &packed)?);
            }
            start = end;
        }
        // The allocation is kept for the next flush: its pages are already the process's.
        self.lines.clear();
        self.shared = HashMap::default();
        self.string_bytes = 0;
        Ok(segments)
    }
}

/// The segment's number of buffer string `global`, adding it to the segment's table the
/// first time.
fn renumber<'s>(
    local: &mut [u32],
    all: &'s [Box<str>],
    strings: &mut Vec<&'s str>,
    global: u32,
) -> u32 {
    let Some(slot) = local.get_mut(global as usize) else {
        return 0;
    };
    if *slot == NONE {
        *slot = strings.len() as u32;
        strings.push(all.get(global as usize).map_or("", |s| s));
    }
    *slot
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::segment::Segment;
    use jiff::civil::date;

    fn line(partner: &str, number: &str, n: u32) -> InvoiceLine {
        InvoiceLine {
            document_type: DocumentType::Invoice,
            document_number: number.to_owned(),
            line_number: n,
            corrects_document: None,
            partner_id: MpnId::parse(partner).expect("mpn"),
            document_date: date(2020, 1, 20),
            omlp_type: "moc".to_owned(),
            product_sku: format!("SKU-{n}"),
            purchase_units: 2,
            revenue: Money::new(25_000, Currency::USD),
            kpi: KpiPoints::from_thousandths(2000),
            source_line: u64::from(n) + 1,
        }
    }

    #[test]
    fn segments_group_by_partner_and_keep_the_file_order() {
        let mut buffer = LineBuffer::new(1 << 20);
        let lines = [
            line("2000002", "INV-1", 1),
            line("1000001", "INV-2", 1),
            line("2000002", "INV-1", 2),
            line("1000001", "INV-3", 1),
        ];
        for l in &lines {
            buffer.push(l);
        }
        let key = DocumentKey {
            document_type: DocumentType::Invoice,
            document_number: "INV-1".into(),
        };
        assert_eq!(
            buffer.find(lines[2].partner_id, &key, 2).expect("find"),
            Some(lines[2].clone())
        );
        assert_eq!(
            buffer.find(lines[1].partner_id, &key, 2).expect("find"),
            None
        );
        let segments = buffer.drain_segments().expect("segments");
        assert!(buffer.is_empty());
        assert_eq!(segments.len(), 2);
        let numbers = |s: &EncodedSegment| -> Vec<(String, u32)> {
            Segment::decode(&s.bytes)
                .expect("decode")
                .lines()
                .map(|l| (l.document_number.to_owned(), l.line_number))
                .collect()
        };
        assert_eq!(segments[0].partner_id, lines[1].partner_id);
        assert_eq!(
            numbers(&segments[0]),
            [("INV-2".into(), 1), ("INV-3".into(), 1)]
        );
        assert_eq!(
            numbers(&segments[1]),
            [("INV-1".into(), 1), ("INV-1".into(), 2)]
        );
    }

    #[test]
    fn a_removed_line_is_not_written() {
        let mut buffer = LineBuffer::new(1 << 20);
        buffer.push(&line("1000001", "INV-1", 1));
        buffer.push(&line("1000001", "INV-1", 2));
        let key = DocumentKey {
            document_type: DocumentType::Invoice,
            document_number: "INV-1".into(),
        };
        let partner = MpnId::parse("1000001").expect("mpn");
        assert!(buffer.remove(partner, &key, 1));
        assert!(!buffer.remove(partner, &key, 1));
        let segments = buffer.drain_segments().expect("segments");
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].lines, 1);
    }

    #[test]
    fn the_budget_counts_what_is_held() {
        let mut buffer = LineBuffer::new(10_000);
        let mut n = 0;
        while !buffer.is_full() {
            n += 1;
            buffer.push(&line("1000001", &format!("INV-{n}"), 1));
            assert!(n < 1_000, "a full buffer says so");
        }
        assert!(buffer.bytes() >= 10_000);
    }
}
