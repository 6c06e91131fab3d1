//! Moving a database of the copy model (before issue 14: one table of lines, publications
//! copying their rows) into the ledger, the same way on both backends.
//!
//! The copy model does not know which import stored a line, only which publication first
//! included it. That is all the ledger needs to derive the same rows: the conversion makes
//! one batch per publication, holding the lines that publication included first, committed
//! just before it (its cut-off), and one last batch for lines no publication included. Each
//! old publication then derives exactly the rows it copied, and the conversion checks that
//! by re-hashing every one of them before it commits.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::YearMonth;
use lpc_domain::invoice::DocumentType;

use super::buffer::LineBuffer;
use super::documents::{DocumentKey, DocumentPart};
use super::fingerprint::line_fingerprint;
use super::import::BatchSummary;
use super::segment::EncodedSegment;
use crate::error::StoreError;
use crate::rows::InvoiceLine;

/// What to write after a [`Converter::push`]: document parts, and runs of segments, each
/// with its batch and run number.
#[derive(Debug, Default)]
pub struct Converted {
    pub parts: Vec<DocumentPart>,
    pub runs: Vec<(i64, u32, Vec<EncodedSegment>)>,
}

/// The document being read: its key and `(batch, partner, line number, fingerprint)` per line.
type OpenDocument = (DocumentKey, Vec<(i64, MpnId, u32, u64)>);

/// Lines of the copy model, fed in key order (document type, number, line).
#[derive(Debug)]
pub struct Converter {
    batch_of: BTreeMap<Date, i64>,
    unpublished: i64,
    registered: HashSet<MpnId>,
    buffer_bytes: usize,
    buffers: HashMap<i64, LineBuffer>,
    summaries: HashMap<i64, BatchSummary>,
    partners: HashSet<(i64, MpnId)>,
    runs: HashMap<i64, u32>,
    document: Option<OpenDocument>,
}

impl Converter {
    /// `batch_of`: the batch of each publication, by its date; `unpublished`: the batch of
    /// lines no publication included; `registered`: the partners registered now.
    pub fn new(
        batch_of: BTreeMap<Date, i64>,
        unpublished: i64,
        registered: HashSet<MpnId>,
        buffer_bytes: usize,
    ) -> Self {
        Self {
            batch_of,
            unpublished,
            registered,
            buffer_bytes,
            buffers: HashMap::new(),
            summaries: HashMap::new(),
            partners: HashSet::new(),
            runs: HashMap::new(),
            document: None,
        }
    }

    /// Adds the next line, with the date of the first publication that included it.
    pub fn push(
        &mut self,
        line: &InvoiceLine,
        first_published: Option<Date>,
    ) -> Result<Converted, StoreError> {
        let batch = match first_published {
            Some(on) => *self.batch_of.get(&on).ok_or_else(|| {
                StoreError::corrupt(format!(
                    "a line of {} {} was published on {on}, which is not a publication",
                    line.document_type, line.document_number
                ))
            })?,
            None => self.unpublished,
        };
        let key = DocumentKey {
            document_type: line.document_type,
            document_number: line.document_number.clone(),
        };
        let mut out = Converted::default();
        if self.document.as_ref().is_some_and(|(k, _)| *k != key)
            && let Some(done) = self.document.take()
        {
            out.parts = self.parts_of(done);
        }
        self.document
            .get_or_insert_with(|| (key, Vec::new()))
            .1
            .push((
                batch,
                line.partner_id,
                line.line_number,
                line_fingerprint(line),
            ));

        let summary = self.summaries.entry(batch).or_default();
        summary.lines += 1;
        if self.partners.insert((batch, line.partner_id)) {
            summary.partners += 1;
        }
        if self.registered.contains(&line.partner_id) {
            *summary
                .months
                .entry(YearMonth::of(line.document_date))
                .or_default() += 1;
        }
        let bytes = self.buffer_bytes;
        let buffer = self
            .buffers
            .entry(batch)
            .or_insert_with(|| LineBuffer::new(bytes));
        buffer.push(line);
        if buffer.is_full() {
            let segments = buffer.drain_segments()?;
            out.runs.push((batch, self.next_run(batch), segments));
        }
        Ok(out)
    }

    fn parts_of(&mut self, (key, lines): OpenDocument) -> Vec<DocumentPart> {
        let mut groups: BTreeMap<(i64, MpnId), Vec<(u32, u64)>> = BTreeMap::new();
        for (batch, partner, n, fp) in lines {
            groups.entry((batch, partner)).or_default().push((n, fp));
        }
        let mut counted: HashSet<i64> = HashSet::new();
        let mut parts = Vec::new();
        for (part, ((batch, partner), mut numbered)) in groups.into_iter().enumerate() {
            numbered.sort_unstable_by_key(|&(n, _)| n);
            if counted.insert(batch) {
                let summary = self.summaries.entry(batch).or_default();
                match key.document_type {
                    DocumentType::CreditNote => summary.credit_notes += 1,
                    _ => summary.invoices += 1,
                }
            }
            parts.push(DocumentPart {
                key: key.clone(),
                part: part as u32,
                batch,
                partner_id: partner,
                lines: numbered,
            });
        }
        parts
    }

    /// The last parts and segments, and what each batch holds.
    pub fn finish(mut self) -> Result<(Converted, HashMap<i64, BatchSummary>), StoreError> {
        let mut out = Converted::default();
        if let Some(done) = self.document.take() {
            out.parts = self.parts_of(done);
        }
        for (batch, mut buffer) in std::mem::take(&mut self.buffers) {
            let segments = buffer.drain_segments()?;
            out.runs.push((batch, self.next_run(batch), segments));
        }
        Ok((out, self.summaries))
    }

    fn next_run(&mut self, batch: i64) -> u32 {
        let next = self.runs.entry(batch).or_default();
        *next += 1;
        *next - 1
    }
}
