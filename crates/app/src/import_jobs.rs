//! Imports run in the background from the operator console (`/ops/imports`).
//!
//! The web layer streams an uploaded file to a temporary file and hands it to [`start`],
//! which answers at once with the job's id; the import then runs on its own task through the
//! same use cases as `lpc invoices import`, `lpc trainers import`, `lpc exams import` and
//! `lpc partners import` (whole file or nothing, or with `skip_invalid` the valid invoice or
//! partner rows), while the job's
//! progress (bytes and rows read) can be read with [`ImportJobs::get`]. When it ends, the job
//! keeps its summary and its refused rows (line, field, value, rule, reason), and one row is
//! written to the import history (`Store::record_import`, audited as `import.record`).
//!
//! Jobs live in memory (the newest [`KEPT_JOBS`]); the import history is what stays.

use std::collections::VecDeque;
use std::io::{Read, Seek};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use jiff::Timestamp;
use lpc_domain::access::Action;
use lpc_store::{AuditDraft, ImportRecord};
use serde::Serialize;

use crate::csv_rows::RowError;
use crate::{Actor, App, AppError, exams, invoices, trainers};

mod partners;
mod refused;

pub use refused::{RefusedRow, refused_csv, rule_of};

/// Jobs kept in memory; older finished ones are forgotten (their history row stays).
pub const KEPT_JOBS: usize = 200;
/// Refused rows kept per job for the page and `refused.csv`; the rest are counted.
pub const KEPT_REFUSALS: usize = 10_000;
/// Trainers and exams files are read whole (they are small): the largest accepted.
pub const PEOPLE_FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// Which interchange file (DESIGN.md) an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    Invoices,
    Trainers,
    Exams,
    /// The program's partner file (R31): partners registered verified, contacts invited.
    Partners,
}

impl ImportKind {
    pub const ALL: [ImportKind; 4] = [Self::Invoices, Self::Trainers, Self::Exams, Self::Partners];

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invoices => "invoices",
            Self::Trainers => "trainers",
            Self::Exams => "exams",
            Self::Partners => "partners",
        }
    }

    /// The header the file must start with.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Invoices => invoices::COLUMNS,
            Self::Trainers => trainers::COLUMNS,
            Self::Exams => exams::COLUMNS,
            Self::Partners => crate::partners_import::COLUMNS,
        }
    }
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Running,
    /// Stored (whole, or its valid rows with `skip_invalid`).
    Done,
    /// Refused or failed: nothing of the file was stored.
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }
}

/// Why a whole file was refused before (or instead of) judging its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FileProblem {
    /// Not text: binary content (a spreadsheet, an archive, a PDF) or not UTF-8.
    NotText,
    /// Empty, or its first line is not the expected header.
    Header { expected: String, reason: String },
    /// Larger than a trainers or exams file may be.
    TooLarge { limit: u64 },
    /// Something failed that is not the file's fault; the details are in the server's log.
    Failed,
}

/// What a finished import did: the `lpc invoices import --json` counts, for trainers and
/// exams the rows stored and unchanged, for partners the partners stored and the contacts
/// invited.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportSummary {
    /// Data rows read.
    pub rows: u64,
    /// Rows newly stored (invoice lines; trainers and exam passes added or updated).
    pub lines: u64,
    pub unchanged: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub partners: u64,
    pub refused: u64,
    pub seconds: f64,
    /// Partners: contacts invited, partners registered without a contact, and contacts not
    /// invited because they have an account.
    pub invited: u64,
    pub without_contact: u64,
    pub not_invited: u64,
}

/// A job as a page or `progress.json` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    pub id: String,
    pub kind: ImportKind,
    pub file_name: String,
    pub by: String,
    pub started_at: Timestamp,
    pub skip_invalid: bool,
    pub state: JobState,
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub rows_read: u64,
    /// Whole percent of the file read (100 once finished).
    pub percent: u64,
    /// Once done, and once refused row by row (the counts of what would have been stored).
    pub summary: Option<ImportSummary>,
    /// Refused rows (up to [`KEPT_REFUSALS`]); `refused_count` counts them all.
    #[serde(skip)]
    pub refused: Vec<RefusedRow>,
    pub refused_count: u64,
    pub problem: Option<FileProblem>,
    /// Partners: the contacts not invited, and why.
    #[serde(skip)]
    pub not_invited: Vec<crate::partners_import::NotInvited>,
}

#[derive(Debug, Default)]
struct Ending {
    state: Option<JobState>,
    summary: Option<ImportSummary>,
    refused: Vec<RefusedRow>,
    refused_count: u64,
    problem: Option<FileProblem>,
    not_invited: Vec<crate::partners_import::NotInvited>,
}

#[derive(Debug)]
struct Job {
    id: String,
    kind: ImportKind,
    file_name: String,
    by: String,
    started_at: Timestamp,
    started: Instant,
    skip_invalid: bool,
    bytes_total: u64,
    bytes_read: AtomicU64,
    rows_read: AtomicU64,
    ending: Mutex<Ending>,
}

impl Job {
    fn view(&self) -> JobView {
        let ending = self.ending.lock().unwrap_or_else(PoisonError::into_inner);
        let state = ending.state.unwrap_or(JobState::Running);
        let bytes_read = self.bytes_read.load(Ordering::Relaxed);
        let percent = match state {
            JobState::Running if self.bytes_total > 0 => {
                (bytes_read.min(self.bytes_total) * 100 / self.bytes_total).min(99)
            }
            JobState::Running => 0,
            _ => 100,
        };
        JobView {
            id: self.id.clone(),
            kind: self.kind,
            file_name: self.file_name.clone(),
            by: self.by.clone(),
            started_at: self.started_at,
            skip_invalid: self.skip_invalid,
            state,
            bytes_read,
            bytes_total: self.bytes_total,
            rows_read: self.rows_read.load(Ordering::Relaxed),
            percent,
            summary: ending.summary.clone(),
            refused: ending.refused.clone(),
            refused_count: ending.refused_count,
            problem: ending.problem.clone(),
            not_invited: ending.not_invited.clone(),
        }
    }
}

/// The jobs of this process, newest last.
#[derive(Debug, Default)]
pub struct ImportJobs {
    jobs: Mutex<VecDeque<Arc<Job>>>,
}

impl ImportJobs {
    fn add(&self, job: Arc<Job>) {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        jobs.push_back(job);
        while jobs.len() > KEPT_JOBS {
            // Forget the oldest finished job; running ones stay however many there are.
            let finished = jobs.iter().position(|j| {
                j.ending
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .state
                    .is_some()
            });
            match finished {
                Some(i) => {
                    jobs.remove(i);
                }
                None => break,
            }
        }
    }

    /// Whether the job `id` is still in memory (its page can be shown).
    pub fn contains(&self, id: &str) -> bool {
        let jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        jobs.iter().any(|j| j.id == id)
    }

    /// The job `id`, as it is now; `None` for an unknown (or forgotten) id.
    pub fn get(&self, id: &str) -> Option<JobView> {
        let jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        jobs.iter().find(|j| j.id == id).map(|j| j.view())
    }
}

/// A reader that counts the bytes read into the job, for its progress bar.
struct Counting<R> {
    inner: R,
    job: Arc<Job>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.job.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn new_id() -> Result<String, AppError> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

/// What the upload carried.
#[derive(Debug)]
pub struct Upload {
    pub kind: ImportKind,
    /// The file's name as the browser sent it (for the history and the audit log).
    pub file_name: String,
    /// The file, written to disk (a temporary file), read from its start.
    pub file: std::fs::File,
    pub bytes_total: u64,
    /// Invoices and partners: store the valid rows and report the others instead of refusing
    /// the file.
    pub skip_invalid: bool,
    /// Partners: the text of the invitations mailed to the contacts (the adapter knows the
    /// address users reach the server at), queued right after the import; without it, the
    /// servers' mail loop queues them.
    pub invitation_text: Option<crate::partners_import::ComposeInvitation>,
}

/// Starts importing `upload` in the background (operators only); the job's id.
pub fn start(app: &App, actor: &Actor, upload: Upload) -> Result<String, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let id = new_id()?;
    let job = Arc::new(Job {
        id: id.clone(),
        kind: upload.kind,
        file_name: upload.file_name,
        by: actor.audit_name(),
        started_at: app.clock().now(),
        started: Instant::now(),
        skip_invalid: upload.skip_invalid
            && matches!(upload.kind, ImportKind::Invoices | ImportKind::Partners),
        bytes_total: upload.bytes_total,
        bytes_read: AtomicU64::new(0),
        rows_read: AtomicU64::new(0),
        ending: Mutex::new(Ending::default()),
    });
    app.import_jobs().add(Arc::clone(&job));
    let (app, actor) = (app.clone(), actor.clone());
    tokio::spawn(async move {
        let inner = tokio::spawn(execute(
            app.clone(),
            actor.clone(),
            Arc::clone(&job),
            upload.file,
            upload.invitation_text,
        ));
        let ending = match inner.await {
            Ok(ending) => ending,
            Err(e) => {
                tracing::error!(job = %job.id, "the import task stopped: {e}");
                failed(FileProblem::Failed)
            }
        };
        finish(&app, &actor, &job, ending).await;
    });
    Ok(id)
}

/// Keeps the reasons of a refused row for the job's page, up to [`KEPT_REFUSALS`].
fn keep_refused(kept: &mut Vec<RefusedRow>, r: &crate::invoices::Rejected) {
    for error in &r.errors {
        if kept.len() < KEPT_REFUSALS {
            kept.push(RefusedRow::of(error));
        }
    }
}

fn failed(problem: FileProblem) -> Ending {
    Ending {
        state: Some(JobState::Failed),
        problem: Some(problem),
        ..Ending::default()
    }
}

/// Writes the history row, then publishes the ending (so a finished job is in the history).
async fn finish(app: &App, actor: &Actor, job: &Job, ending: Ending) {
    let state = ending.state.unwrap_or(JobState::Failed);
    let summary = ending.summary.clone();
    let count = |f: fn(&ImportSummary) -> u64| summary.as_ref().map_or(0, f);
    let record = ImportRecord {
        id: job.id.clone(),
        kind: job.kind.as_str().to_owned(),
        file_name: job.file_name.clone(),
        started_at: job.started_at,
        finished_at: app.clock().now(),
        by: job.by.clone(),
        state: state.as_str().to_owned(),
        rows: count(|s| s.rows).max(job.rows_read.load(Ordering::Relaxed)),
        stored: if state == JobState::Done {
            count(|s| s.lines)
        } else {
            0
        },
        unchanged: count(|s| s.unchanged),
        invoices: count(|s| s.invoices),
        credit_notes: count(|s| s.credit_notes),
        partners: count(|s| s.partners),
        refused: ending.refused_count,
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "import.record",
        format!("import:{}", job.id),
        app.clock().now(),
        serde_json::json!({
            "kind": record.kind, "file": record.file_name, "state": record.state,
            "stored": record.stored, "refused": record.refused,
        }),
    );
    if let Err(e) = app.store().record_import(&record, &audit).await {
        tracing::error!(job = %job.id, "the import history was not written: {e}");
    }
    let mut slot = job.ending.lock().unwrap_or_else(PoisonError::into_inner);
    *slot = Ending {
        state: Some(state),
        ..ending
    };
}

/// Reads the first bytes: a file that is not text is refused before any row is read.
fn sniff(file: &mut std::fs::File, kind: ImportKind) -> Result<(), FileProblem> {
    let mut head = Vec::with_capacity(8192);
    let read = file
        .by_ref()
        .take(8192)
        .read_to_end(&mut head)
        .and_then(|_| file.rewind());
    if let Err(e) = read {
        tracing::error!("cannot read the uploaded file: {e}");
        return Err(FileProblem::Failed);
    }
    if head.is_empty() {
        return Err(FileProblem::Header {
            expected: kind.columns().join(","),
            reason: "the file is empty".to_owned(),
        });
    }
    let text = match std::str::from_utf8(&head) {
        Ok(_) => true,
        // Cut in the middle of a character at the end of the sample: still text.
        Err(e) => e.error_len().is_none(),
    };
    if !text || head.contains(&0) {
        return Err(FileProblem::NotText);
    }
    Ok(())
}

/// The ending of an import refused with `errors`.
fn refused(kind: ImportKind, errors: &[RowError]) -> Ending {
    if let [only] = errors
        && only.column == "(header)"
    {
        return failed(FileProblem::Header {
            expected: kind.columns().join(","),
            reason: only.reason.clone(),
        });
    }
    // The use case reports up to a thousand rows and counts the rest in a last note.
    let more: u64 = errors
        .iter()
        .filter(|e| e.line == 0)
        .filter_map(|e| {
            e.reason
                .split_whitespace()
                .find_map(|w| w.parse::<u64>().ok())
        })
        .sum();
    // Rows, not fields: a row names every bad field it has, one after the other.
    let mut lines: Vec<u64> = errors
        .iter()
        .filter(|e| e.line > 0)
        .map(|e| e.line)
        .collect();
    lines.dedup();
    let listed = lines.len() as u64;
    Ending {
        state: Some(JobState::Failed),
        refused: errors.iter().map(RefusedRow::of).collect(),
        refused_count: listed + more,
        ..Ending::default()
    }
}

fn ending_of_error(kind: ImportKind, job: &Job, e: AppError) -> Ending {
    match e {
        AppError::Rows { errors, .. } => refused(kind, &errors),
        other => {
            tracing::error!(job = %job.id, "import failed: {other}");
            failed(FileProblem::Failed)
        }
    }
}

async fn execute(
    app: App,
    actor: Actor,
    job: Arc<Job>,
    file: std::fs::File,
    invitation_text: Option<crate::partners_import::ComposeInvitation>,
) -> Ending {
    let kind = job.kind;
    let sniffed = tokio::task::spawn_blocking(move || {
        let mut file = file;
        sniff(&mut file, kind).map(|()| file)
    })
    .await;
    let file = match sniffed {
        Ok(Ok(file)) => file,
        Ok(Err(problem)) => return failed(problem),
        Err(_) => return failed(FileProblem::Failed),
    };
    match kind {
        ImportKind::Invoices => import_invoices(&app, &actor, &job, file).await,
        ImportKind::Trainers | ImportKind::Exams => import_people(&app, &actor, &job, file).await,
        ImportKind::Partners => partners::import(&app, &actor, &job, file, invitation_text).await,
    }
}

async fn import_invoices(app: &App, actor: &Actor, job: &Arc<Job>, file: std::fs::File) -> Ending {
    let reader = Counting {
        inner: file,
        job: Arc::clone(job),
    };
    let mut rejected: Vec<RefusedRow> = Vec::new();
    let progress = Arc::clone(job);
    let outcome = invoices::import(
        app,
        actor,
        &job.file_name,
        reader,
        job.skip_invalid,
        |r| keep_refused(&mut rejected, r),
        move |p| progress.rows_read.store(p.rows, Ordering::Relaxed),
    )
    .await;
    match outcome {
        Ok(done) => {
            rejected.sort_by_key(|r| r.line);
            Ending {
                state: Some(JobState::Done),
                summary: Some(ImportSummary {
                    rows: job.rows_read.load(Ordering::Relaxed),
                    lines: done.lines,
                    unchanged: done.unchanged,
                    invoices: done.invoices as u64,
                    credit_notes: done.credit_notes as u64,
                    partners: done.partners as u64,
                    refused: done.refused as u64,
                    seconds: done.seconds,
                    ..ImportSummary::default()
                }),
                refused: rejected,
                refused_count: done.refused as u64,
                problem: None,
                not_invited: Vec::new(),
            }
        }
        Err(e) => ending_of_error(ImportKind::Invoices, job, e),
    }
}

/// A file read whole (the imports that judge every row against every other), counted for
/// the progress bar; refused past [`PEOPLE_FILE_LIMIT`].
async fn read_whole(job: &Arc<Job>, file: std::fs::File) -> Result<Vec<u8>, Ending> {
    if job.bytes_total > PEOPLE_FILE_LIMIT {
        return Err(failed(FileProblem::TooLarge {
            limit: PEOPLE_FILE_LIMIT,
        }));
    }
    let counted = Arc::clone(job);
    let read = tokio::task::spawn_blocking(move || {
        let mut bytes = Vec::new();
        Counting {
            inner: file,
            job: counted,
        }
        .take(PEOPLE_FILE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map(|_| bytes)
    })
    .await;
    match read {
        Ok(Ok(bytes)) => Ok(bytes),
        _ => Err(failed(FileProblem::Failed)),
    }
}

async fn import_people(app: &App, actor: &Actor, job: &Arc<Job>, file: std::fs::File) -> Ending {
    let bytes = match read_whole(job, file).await {
        Ok(bytes) => bytes,
        Err(ending) => return ending,
    };
    let seconds = || job.started.elapsed().as_secs_f64();
    let outcome = match job.kind {
        ImportKind::Trainers => trainers::import(app, actor, &job.file_name, &bytes)
            .await
            .map(|t| (t.rows, t.counts)),
        _ => exams::import(app, actor, &job.file_name, &bytes)
            .await
            .map(|e| (e.rows, e.counts)),
    };
    match outcome {
        Ok((rows, counts)) => {
            job.rows_read.store(rows as u64, Ordering::Relaxed);
            Ending {
                state: Some(JobState::Done),
                summary: Some(ImportSummary {
                    rows: rows as u64,
                    lines: counts.added + counts.updated,
                    unchanged: counts.unchanged,
                    invoices: 0,
                    credit_notes: 0,
                    partners: 0,
                    refused: 0,
                    seconds: seconds(),
                    ..ImportSummary::default()
                }),
                ..Ending::default()
            }
        }
        Err(e) => ending_of_error(job.kind, job, e),
    }
}

/// The latest `limit` imports run from the console, newest first (operators only).
pub async fn history(app: &App, actor: &Actor, limit: u32) -> Result<Vec<ImportRecord>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    Ok(app.store().import_history(limit).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_a_reason_cites_is_found_as_a_word() {
        assert_eq!(rule_of("R13: only actual invoices count"), "R13");
        assert_eq!(
            rule_of("no rule set is in force on 2001-01-01 (R14)"),
            "R14"
        );
        assert_eq!(rule_of("must be a whole number"), "format");
        assert_eq!(rule_of("SKU XR13 is unknown"), "format");
    }
}
