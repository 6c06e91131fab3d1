//! An import into the ledger, the same for every backend: what is new, what is stored
//! already, what conflicts, and when buffered lines become segments.
//!
//! The backend ([`LedgerWriter`]) only stores and reads rows, each call in its own short
//! write transaction, so that the portal's writes go on between them (DESIGN.md: long
//! imports never hold the write lock). Everything is written under the import's batch,
//! which no reader sees until [`LedgerWriter::commit`] marks it committed in one small
//! transaction; an import that is refused, fails or is killed leaves a pending batch that
//! [`LedgerWriter::abort`] or the next import removes.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};

use async_trait::async_trait;
use lpc_domain::MpnId;
use lpc_domain::calendar::YearMonth;
use lpc_domain::invoice::DocumentType;
use serde::Serialize;

use super::buffer::LineBuffer;
use super::documents::{DocumentKey, DocumentPart};
use super::fingerprint::line_fingerprint;
use super::segment::{EncodedSegment, Segment, SegmentBuilder};
use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{ExistingLine, InvoiceLine};
use crate::store::InvoiceImport;

/// Buffered lines are written as segments once they hold this many bytes: about 1.5 million
/// lines of the benchmark data, within the 512 MiB an import may use (issue 14). Fewer,
/// larger flushes make fewer, larger segments, which publications read faster.
pub const BUFFER_BYTES: usize = 128 << 20;

/// Document keys per lookup or insert call: one short transaction each.
const KEYS_PER_CALL: usize = 10_000;

/// What a committed batch records about itself: the maintained figures the console reads
/// instead of counting lines (issue 14 item 5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    /// Lines newly stored.
    pub lines: u64,
    /// Lines of the file stored already with the same values (by an earlier import).
    pub unchanged: u64,
    /// Documents with at least one newly stored line.
    pub invoices: u64,
    pub credit_notes: u64,
    /// Partners with at least one newly stored line.
    pub partners: u64,
    /// Newly stored lines of partners registered when the import started, by month: what
    /// the next publication will publish late when the month is already published.
    pub months: BTreeMap<YearMonth, u64>,
}

/// The rows an import stores, behind one backend.
#[async_trait]
pub trait LedgerWriter: Send {
    /// The import's batch.
    fn batch(&self) -> i64;

    /// Stores each part whose `(key, part)` is free; answers, per part, whether it stored it.
    async fn insert_parts(&mut self, parts: Vec<DocumentPart>) -> Result<Vec<bool>, StoreError>;

    /// Every part stored under `keys` by a committed batch or by this import.
    async fn parts(&mut self, keys: Vec<DocumentKey>) -> Result<Vec<DocumentPart>, StoreError>;

    /// Replaces one of this import's parts (lines were taken out again); removes it when
    /// it holds no line any more.
    async fn replace_part(&mut self, part: DocumentPart) -> Result<(), StoreError>;

    /// Which of `partners` are registered.
    async fn registered(&mut self, partners: Vec<MpnId>) -> Result<Vec<MpnId>, StoreError>;

    /// Appends one run of segments (by MPN ID) to this import's batch, and records the run.
    async fn write_segments(
        &mut self,
        run: u32,
        segments: Vec<EncodedSegment>,
    ) -> Result<(), StoreError>;

    /// The segments of `partner` stored by `batch` (committed, or this import's), with ids.
    async fn segments(
        &mut self,
        partner: MpnId,
        batch: i64,
    ) -> Result<Vec<(i64, Segment)>, StoreError>;

    /// Removes some of this import's segments (after writing their replacements).
    async fn delete_segments(&mut self, ids: Vec<i64>) -> Result<(), StoreError>;

    /// Marks the batch committed, with its figures and audit event, in one transaction.
    async fn commit(
        self: Box<Self>,
        summary: BatchSummary,
        audit: Option<AuditDraft>,
    ) -> Result<(), StoreError>;

    /// Removes everything this import wrote.
    async fn abort(self: Box<Self>) -> Result<(), StoreError>;
}

/// An import in progress: see the module documentation.
pub struct ImportSession {
    writer: Option<Box<dyn LedgerWriter>>,
    batch: i64,
    buffer: LineBuffer,
    credit_notes: Vec<InvoiceLine>,
    summary: BatchSummary,
    /// Partners seen in this import, and whether each is registered.
    partners: HashMap<MpnId, bool>,
    partners_added: HashSet<MpnId>,
    /// Lines of one month counted in a row (files come in date order), not yet in `summary`.
    month_run: Option<(YearMonth, u64)>,
    /// The number of the next run of segments this import writes.
    next_run: u32,
}

impl std::fmt::Debug for ImportSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportSession")
            .field("batch", &self.batch)
            .field("buffered", &self.buffer.len())
            .field("summary", &self.summary)
            .finish_non_exhaustive()
    }
}

/// Lines of one document and partner within one call to `add`, in the order of the file.
#[derive(Debug)]
struct Group {
    key: DocumentKey,
    partner: MpnId,
    /// `(index into the call's lines, line number, fingerprint)`, first occurrence of each
    /// line number only.
    lines: Vec<(usize, u32, u64)>,
}

/// Lines of one call grouped by document and partner, with their fingerprints: CPU work with
/// no store in it, done before [`InvoiceImport::add_prepared`] by whichever thread has a core
/// free (an import's parsing thread), so that it does not wait for the database or the
/// database for it.
#[derive(Debug)]
pub struct Prepared {
    lines: Vec<InvoiceLine>,
    groups: Vec<Group>,
    /// Line numbers repeated within a document run, answered against the first.
    repeated: Vec<ExistingLine>,
}

impl Prepared {
    pub fn new(lines: Vec<InvoiceLine>) -> Self {
        let mut repeated = Vec::new();
        let groups = group(&lines, &mut repeated);
        Self {
            lines,
            groups,
            repeated,
        }
    }

    pub fn lines(&self) -> &[InvoiceLine] {
        &self.lines
    }
}

/// Groups a call's lines into runs of one document and partner (a document's lines
/// follow each other in a marketplace export); a line number repeated within a run is
/// answered here, against its first occurrence. A document that comes back later in the
/// call makes a second run, which finds the first one stored and is compared with it
/// like any stored document.
fn group(lines: &[InvoiceLine], existing: &mut Vec<ExistingLine>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let fingerprint = line_fingerprint(line);
        let continues = groups.last().is_some_and(|g| {
            g.partner == line.partner_id
                && g.key.document_type == line.document_type
                && g.key.document_number == line.document_number
        });
        if !continues {
            groups.push(Group {
                key: DocumentKey {
                    document_type: line.document_type,
                    document_number: line.document_number.clone(),
                },
                partner: line.partner_id,
                lines: Vec::with_capacity(4),
            });
        }
        let Some(group) = groups.last_mut() else {
            continue;
        };
        match group.lines.iter().find(|(_, n, _)| *n == line.line_number) {
            Some(&(first, _, first_fingerprint)) => existing.push(ExistingLine {
                index,
                same_import: true,
                conflict: (first_fingerprint != fingerprint).then(|| lines[first].clone()),
            }),
            None => group.lines.push((index, line.line_number, fingerprint)),
        }
    }
    groups
}

impl ImportSession {
    pub fn new(writer: Box<dyn LedgerWriter>, buffer_bytes: usize) -> Self {
        Self {
            batch: writer.batch(),
            writer: Some(writer),
            buffer: LineBuffer::new(buffer_bytes),
            credit_notes: Vec::new(),
            summary: BatchSummary::default(),
            partners: HashMap::default(),
            partners_added: HashSet::default(),
            month_run: None,
            next_run: 0,
        }
    }

    fn writer(&mut self) -> Result<&mut Box<dyn LedgerWriter>, StoreError> {
        self.writer
            .as_mut()
            .ok_or_else(|| StoreError::internal("the import is already finished"))
    }

    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let segments = self.buffer.drain_segments()?;
        let run = self.next_run;
        self.next_run += 1;
        self.writer()?.write_segments(run, segments).await
    }

    /// The stored line under `key`/`line` in `part`: from the buffer when this import
    /// stored it and has not written it yet, else from the part's segments.
    async fn stored_line(
        &mut self,
        part: &DocumentPart,
        line: u32,
    ) -> Result<InvoiceLine, StoreError> {
        if part.batch == self.batch
            && let Some(found) = self.buffer.find(part.partner_id, &part.key, line)?
        {
            return Ok(found);
        }
        let segments = self.writer()?.segments(part.partner_id, part.batch).await?;
        for (_, segment) in &segments {
            if let Some(l) = segment.lines().find(|l| {
                l.document_type == part.key.document_type
                    && l.document_number == part.key.document_number
                    && l.line_number == line
            }) {
                return l.to_line(part.partner_id);
            }
        }
        Err(StoreError::corrupt(format!(
            "{} {} line {line} is in the document table but in no segment of partner {}",
            part.key.document_type, part.key.document_number, part.partner_id
        )))
    }

    async fn note_partners(&mut self, lines: &[InvoiceLine]) -> Result<(), StoreError> {
        let unseen: Vec<MpnId> = lines
            .iter()
            .map(|l| l.partner_id)
            .filter(|p| !self.partners.contains_key(p))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        if unseen.is_empty() {
            return Ok(());
        }
        let registered: HashSet<MpnId> = self
            .writer()?
            .registered(unseen.clone())
            .await?
            .into_iter()
            .collect();
        for p in unseen {
            self.partners.insert(p, registered.contains(&p));
        }
        Ok(())
    }

    /// Counts newly stored lines of one document and partner (already in the buffer).
    fn count_lines<'a>(&mut self, partner: MpnId, lines: impl Iterator<Item = &'a InvoiceLine>) {
        if self.partners_added.insert(partner) {
            self.summary.partners += 1;
        }
        let registered = self.partners.get(&partner) == Some(&true);
        for line in lines {
            self.summary.lines += 1;
            if registered {
                let month = YearMonth::of(line.document_date);
                match &mut self.month_run {
                    Some((m, n)) if *m == month => *n += 1,
                    run => {
                        if let Some((m, n)) = run.replace((month, 1)) {
                            *self.summary.months.entry(m).or_default() += n;
                        }
                    }
                }
            }
            if line.document_type == DocumentType::CreditNote {
                self.credit_notes.push(line.clone());
            }
        }
    }

    /// Adds the month being counted to the histogram.
    fn close_month_run(&mut self) {
        if let Some((m, n)) = self.month_run.take() {
            *self.summary.months.entry(m).or_default() += n;
        }
    }

    fn count_document(&mut self, document_type: DocumentType) {
        match document_type {
            DocumentType::CreditNote => self.summary.credit_notes += 1,
            _ => self.summary.invoices += 1,
        }
    }

    fn part_of(&self, group: &Group, part: u32, lines: &[(usize, u32, u64)]) -> DocumentPart {
        let mut numbered: Vec<(u32, u64)> = lines.iter().map(|&(_, n, fp)| (n, fp)).collect();
        numbered.sort_unstable_by_key(|&(n, _)| n);
        DocumentPart {
            key: group.key.clone(),
            part,
            batch: self.batch,
            partner_id: group.partner,
            lines: numbered,
        }
    }
}

#[async_trait]
impl InvoiceImport for ImportSession {
    async fn add_prepared(&mut self, batch: &Prepared) -> Result<Vec<ExistingLine>, StoreError> {
        let lines = batch.lines();
        self.note_partners(lines).await?;
        let mut existing = batch.repeated.clone();
        let groups = &batch.groups;

        // Most documents are new: try to store each as part 0 at once. While the database
        // stores them, their lines are staged in the buffer (the two run on both cores);
        // lines of documents that turn out to be stored already are then taken out again.
        let mut stored = Vec::with_capacity(groups.len());
        for chunk in groups.chunks(KEYS_PER_CALL) {
            let parts: Vec<DocumentPart> =
                chunk.iter().map(|g| self.part_of(g, 0, &g.lines)).collect();
            let mark = self.buffer.len();
            let writer = self
                .writer
                .as_mut()
                .ok_or_else(|| StoreError::internal("the import is already finished"))?;
            let buffer = &mut self.buffer;
            let (result, ()) = tokio::join!(writer.insert_parts(parts), async {
                for g in chunk {
                    for &(index, _, _) in &g.lines {
                        buffer.push(&lines[index]);
                    }
                }
            });
            let ok = result?;
            let keep: Vec<bool> = chunk
                .iter()
                .zip(&ok)
                .flat_map(|(g, &k)| std::iter::repeat_n(k, g.lines.len()))
                .collect();
            self.buffer.keep_staged(mark, &keep);
            stored.extend(ok);
        }
        let mut taken: Vec<&Group> = Vec::new();
        for (group, &ok) in groups.iter().zip(&stored) {
            if ok {
                self.count_document(group.key.document_type);
                self.count_lines(
                    group.partner,
                    group.lines.iter().map(|&(index, _, _)| &lines[index]),
                );
            } else {
                taken.push(group);
            }
        }

        // The others have stored parts: compare line by line.
        for chunk in taken.chunks(KEYS_PER_CALL) {
            let keys: Vec<DocumentKey> = chunk.iter().map(|g| g.key.clone()).collect();
            let mut known: HashMap<DocumentKey, Vec<DocumentPart>> = HashMap::default();
            for part in self.writer()?.parts(keys).await? {
                known.entry(part.key.clone()).or_default().push(part);
            }
            let mut new_parts = Vec::new();
            let mut accepted = Vec::new();
            for group in chunk {
                let parts = known.entry(group.key.clone()).or_default();
                let mut fresh = Vec::new();
                for &(index, number, fingerprint) in &group.lines {
                    match parts.iter().find(|p| p.fingerprint(number).is_some()) {
                        Some(part) => {
                            let same_import = part.batch == self.batch;
                            let conflict = if part.fingerprint(number) == Some(fingerprint) {
                                None
                            } else {
                                let part = part.clone();
                                Some(self.stored_line(&part, number).await?)
                            };
                            existing.push(ExistingLine {
                                index,
                                same_import,
                                conflict,
                            });
                        }
                        None => fresh.push((index, number, fingerprint)),
                    }
                }
                if fresh.is_empty() {
                    continue;
                }
                if !parts.iter().any(|p| p.batch == self.batch) {
                    self.count_document(group.key.document_type);
                }
                let next = parts.iter().map(|p| p.part + 1).max().unwrap_or(0);
                let part = self.part_of(group, next, &fresh);
                parts.push(part.clone());
                new_parts.push(part);
                accepted.push((
                    group.partner,
                    fresh.iter().map(|&(i, _, _)| i).collect::<Vec<_>>(),
                ));
            }
            if !new_parts.is_empty() {
                let count = new_parts.len();
                let stored = self.writer()?.insert_parts(new_parts).await?;
                if stored.iter().filter(|&&ok| ok).count() != count {
                    return Err(StoreError::Conflict(
                        "another import stored the same documents at the same time".into(),
                    ));
                }
            }
            for (partner, indices) in accepted {
                for &i in &indices {
                    self.buffer.push(&lines[i]);
                }
                self.count_lines(partner, indices.into_iter().map(|i| &lines[i]));
            }
        }
        for e in &existing {
            if e.conflict.is_none() && !e.same_import {
                self.summary.unchanged += 1;
            }
        }
        self.close_month_run();
        if self.buffer.is_full() {
            self.flush().await?;
        }
        existing.sort_by_key(|e| e.index);
        Ok(existing)
    }

    async fn orphan_credit_notes(&mut self) -> Result<Vec<InvoiceLine>, StoreError> {
        let corrected: Vec<DocumentKey> = self
            .credit_notes
            .iter()
            .filter_map(|l| l.corrects_document.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .map(|document_number| DocumentKey {
                document_type: DocumentType::Invoice,
                document_number,
            })
            .collect();
        let mut invoiced: HashSet<(String, MpnId)> = HashSet::default();
        for chunk in corrected.chunks(KEYS_PER_CALL) {
            for part in self.writer()?.parts(chunk.to_vec()).await? {
                invoiced.insert((part.key.document_number, part.partner_id));
            }
        }
        let mut orphans: Vec<InvoiceLine> = self
            .credit_notes
            .iter()
            .filter(|l| {
                let corrects = l.corrects_document.clone().unwrap_or_default();
                !invoiced.contains(&(corrects, l.partner_id))
            })
            .cloned()
            .collect();
        orphans.sort_by_key(|l| l.source_line);
        Ok(orphans)
    }

    async fn remove(&mut self, lines: &[InvoiceLine]) -> Result<(), StoreError> {
        let mut written: BTreeMap<MpnId, Vec<(DocumentKey, u32)>> = BTreeMap::new();
        let mut keys: HashSet<DocumentKey> = HashSet::default();
        for line in lines {
            let key = DocumentKey {
                document_type: line.document_type,
                document_number: line.document_number.clone(),
            };
            if !self.buffer.remove(line.partner_id, &key, line.line_number) {
                written
                    .entry(line.partner_id)
                    .or_default()
                    .push((key.clone(), line.line_number));
            }
            keys.insert(key);
            self.summary.lines = self.summary.lines.saturating_sub(1);
            if self.partners.get(&line.partner_id) == Some(&true)
                && let Some(n) = self
                    .summary
                    .months
                    .get_mut(&YearMonth::of(line.document_date))
            {
                *n = n.saturating_sub(1);
            }
        }
        // Lines written already: their partner's segments of this batch are written again
        // without them.
        let batch = self.batch;
        for (partner, gone) in written {
            let segments = self.writer()?.segments(partner, batch).await?;
            let mut builder = SegmentBuilder::default();
            let mut ids = Vec::new();
            for (id, segment) in &segments {
                ids.push(*id);
                for l in segment.lines() {
                    let removed = gone.iter().any(|(key, n)| {
                        key.document_type == l.document_type
                            && key.document_number == l.document_number
                            && *n == l.line_number
                    });
                    if !removed {
                        builder.push_ref(&l)?;
                    }
                }
            }
            let replacement: Vec<EncodedSegment> = builder.finish(partner)?.into_iter().collect();
            let run = self.next_run;
            self.next_run += 1;
            self.writer()?.write_segments(run, replacement).await?;
            self.writer()?.delete_segments(ids).await?;
        }
        let keys: Vec<DocumentKey> = keys.into_iter().collect();
        for part in self.writer()?.parts(keys).await? {
            if part.batch != batch {
                continue;
            }
            let mut changed = part.clone();
            changed.lines.retain(|&(n, _)| {
                !lines.iter().any(|l| {
                    l.partner_id == part.partner_id
                        && l.document_type == part.key.document_type
                        && l.document_number == part.key.document_number
                        && l.line_number == n
                })
            });
            if changed.lines.len() != part.lines.len() {
                self.writer()?.replace_part(changed).await?;
            }
        }
        Ok(())
    }

    fn summary(&self) -> &BatchSummary {
        &self.summary
    }

    async fn commit(mut self: Box<Self>, audit: Option<&AuditDraft>) -> Result<(), StoreError> {
        self.flush().await?;
        let writer = self
            .writer
            .take()
            .ok_or_else(|| StoreError::internal("the import is already finished"))?;
        writer
            .commit(std::mem::take(&mut self.summary), audit.cloned())
            .await
    }

    async fn abort(mut self: Box<Self>) -> Result<(), StoreError> {
        match self.writer.take() {
            Some(writer) => writer.abort().await,
            None => Ok(()),
        }
    }
}
