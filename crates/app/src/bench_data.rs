//! Benchmark data: `lpc bench generate --partners N --lines N --out DIR [--seed S]`.
//!
//! Writes the four interchange files of DESIGN.md that the benchmarks import (`partners.csv`,
//! `trainers.csv`, `exams.csv`, `invoices.csv`), the same bytes for the same seed on every
//! machine: every random draw comes from [`SplitMix64`], never from a dependency's generator,
//! whose output may change with a version bump and silently change what is measured.
//!
//! Memory does not grow with `--lines`: rows are formatted straight into a `BufWriter`, and
//! the only state kept is a few bytes per partner (its last invoice, for the credit notes),
//! so 10M lines take as much memory as 10k. Every file is written under a temporary name and
//! renamed when complete, so an interrupted run never leaves a plausible half file behind.
//!
//! The data is anchored on [`DATA_END`] (2026-06-30), not on today, so that a benchmark run
//! next year measures the same files:
//! - invoices are dated over the 36 months up to it, in date order, from the embedded rule
//!   sets' OMLP types (R12); about 2% of the lines are credit notes correcting an earlier
//!   invoice of the same partner (R13) and about 0.5% are for MPN IDs that are not in
//!   `partners.csv` (partners who register later, R16);
//! - exam passes are in the 24 months up to it, with the exam codes of the rule set in force
//!   on it (R8, R9);
//! - MCT affiliations last a year, about a quarter of them expired by then (R4).

mod invoices;
mod names;
mod people;
#[cfg(test)]
mod tests;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::{Date, date};
use lpc_domain::rules::RuleBook;
use serde::Serialize;

use crate::demo::SplitMix64;
use crate::error::AppError;
use crate::rule_files;

/// The last day of the generated data: no invoice, exam pass or affiliation starts after it.
pub const DATA_END: Date = date(2026, 6, 30);
/// The first invoice date: 36 months before [`DATA_END`] ends.
pub const INVOICES_FROM: Date = date(2023, 7, 1);
/// The first exam date: 24 months before [`DATA_END`] ends.
pub const EXAMS_FROM: Date = date(2024, 7, 1);

/// The most partners `generate` accepts: the credit-note state is about 24 bytes per partner,
/// and MPN IDs (`1_000_000 + i`) must stay within ten digits.
pub const MAX_PARTNERS: u64 = 10_000_000;

/// The header rows, exactly as DESIGN.md spells them.
pub const PARTNERS_HEADER: &str = "mpn_id,name,country";
pub const TRAINERS_HEADER: &str = "mct_id,partner_id,name,email,valid_from,valid_until";
pub const EXAMS_HEADER: &str = "partner_id,person_email,exam_code,passed_on";
pub const INVOICES_HEADER: &str = "document_type,document_number,corrects_document,partner_id,\
                                   document_date,line_number,omlp_type,product_sku,\
                                   purchase_units,revenue_value,currency";

/// What to generate; the same spec always gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BenchSpec {
    /// Registered partners (`partners.csv`), MPN IDs `1_000_000 ..`.
    pub partners: u64,
    /// Data rows of `invoices.csv`, exactly.
    pub lines: u64,
    pub seed: u64,
}

/// What was written, for the one-line summary of `lpc bench generate` and for the benchmark
/// scripts to check they measure what they think they measure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BenchSummary {
    pub partners: u64,
    pub trainers: u64,
    pub exam_passes: u64,
    /// Data rows of `invoices.csv` (invoice and credit-note lines).
    pub invoice_lines: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub credit_note_lines: u64,
    /// MPN IDs that receive invoices but are not in `partners.csv` (R16): the IDs right after
    /// the registered ones, as if they were the next partners to register.
    pub unregistered_partners: u64,
    pub unregistered_lines: u64,
}

/// Writes `partners.csv`, `trainers.csv`, `exams.csv` and `invoices.csv` into `dir` (created
/// if missing), replacing files of those names.
///
/// Always from the embedded rule sets, never `--rules DIR`: the same seed must give the same
/// files wherever the benchmark runs.
pub fn generate(spec: &BenchSpec, dir: &Path) -> Result<BenchSummary, AppError> {
    if spec.partners == 0 || spec.partners > MAX_PARTNERS {
        return Err(AppError::invalid(
            "partners",
            format!(
                "must be between 1 and {MAX_PARTNERS}, not {}",
                spec.partners
            ),
        ));
    }
    let book = rule_files::embedded()?;
    let catalog = Catalog::from_rules(&book)?;
    fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;

    let mut summary = BenchSummary {
        partners: spec.partners,
        ..BenchSummary::default()
    };
    let mut partners = Output::create(dir, "partners.csv")?;
    people::write_partners(&mut partners.writer, spec).map_err(|e| partners.error(&e))?;
    partners.finish()?;

    let mut trainers = Output::create(dir, "trainers.csv")?;
    let mut exams = Output::create(dir, "exams.csv")?;
    let counts = people::write_people(&mut trainers.writer, &mut exams.writer, spec, &catalog)
        // Both files are written in one pass; an error names the first, which is enough to
        // find a full disk or a missing permission.
        .map_err(|e| trainers.error(&e))?;
    summary.trainers = counts.trainers;
    summary.exam_passes = counts.exam_passes;
    trainers.finish()?;
    exams.finish()?;

    let mut invoices = Output::create(dir, "invoices.csv")?;
    let counts = invoices::write_invoices(&mut invoices.writer, spec, &catalog)
        .map_err(|e| invoices.error(&e))?;
    invoices.finish()?;
    summary.invoice_lines = counts.lines;
    summary.invoices = counts.invoices;
    summary.credit_notes = counts.credit_notes;
    summary.credit_note_lines = counts.credit_note_lines;
    summary.unregistered_partners = counts.unregistered_partners;
    summary.unregistered_lines = counts.unregistered_lines;
    Ok(summary)
}

/// What the generators take from the rule sets, resolved once.
#[derive(Debug)]
struct Catalog {
    /// OMLP types every rule set in force between [`INVOICES_FROM`] and [`DATA_END`] knows,
    /// with their share of the lines: an invoice line must be valid under the rule set in
    /// force on its date (R14), whichever that is.
    omlp: Vec<invoices::OmlpMix>,
    /// Per competency of the rule set in force on [`DATA_END`], the exam codes counting for
    /// it (R8, R9); competencies without exams are left out.
    exams_by_competency: Vec<Vec<String>>,
    /// Every exam code of that rule set.
    all_exams: Vec<String>,
    /// `YYYY-MM-DD` of every day from [`INVOICES_FROM`] to a year after [`DATA_END`] (an MCT
    /// affiliation starting on the last day ends a year later), formatted once instead of once
    /// per row.
    days: Vec<String>,
}

impl Catalog {
    fn from_rules(book: &RuleBook) -> Result<Self, AppError> {
        let missing = |date: Date| {
            AppError::Internal(format!(
                "bench data: no embedded rule set in force on {date}"
            ))
        };
        let first = book
            .in_force_on(INVOICES_FROM)
            .ok_or_else(|| missing(INVOICES_FROM))?;
        let in_period: Vec<_> = std::iter::once(first)
            .chain(
                book.sets()
                    .iter()
                    .filter(|s| s.effective_from > INVOICES_FROM && s.effective_from <= DATA_END),
            )
            .collect();
        let omlp = invoices::OmlpMix::known_to(&in_period);
        if omlp.is_empty() {
            return Err(AppError::Internal(
                "bench data: the embedded rule sets share no OMLP type of the benchmark mix"
                    .to_owned(),
            ));
        }

        let last = book
            .in_force_on(DATA_END)
            .ok_or_else(|| missing(DATA_END))?;
        let exams_by_competency: Vec<Vec<String>> = last
            .competencies
            .iter()
            .map(|c| {
                last.exams_for(&c.id)
                    .into_iter()
                    .map(str::to_owned)
                    .collect()
            })
            .filter(|codes: &Vec<String>| !codes.is_empty())
            .collect();
        let all_exams = last.exams.iter().map(|e| e.code.clone()).collect();

        let mut days = Vec::new();
        let until = DATA_END
            .checked_add(1.year())
            .map_err(|e| AppError::Internal(format!("bench data: {e}")))?;
        let mut day = INVOICES_FROM;
        while day <= until {
            days.push(day.to_string());
            day = day
                .tomorrow()
                .map_err(|e| AppError::Internal(format!("bench data: {e}")))?;
        }
        Ok(Self {
            omlp,
            exams_by_competency,
            all_exams,
            days,
        })
    }

    /// Index into `days` of `date` (on or after [`INVOICES_FROM`]).
    fn day_index(date: Date) -> usize {
        let days = INVOICES_FROM.until(date).map_or(0, |span| span.get_days());
        usize::try_from(days).unwrap_or(0)
    }

    fn day(&self, index: usize) -> &str {
        self.days.get(index).map_or("", String::as_str)
    }
}

/// The independent random streams: each file (and each partner) draws from its own, so that
/// changing how one is generated does not shift every value of the others.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
enum Stream {
    Partner = 1,
    People = 2,
    Invoices = 3,
}

/// A generator for `(seed, stream, index)`, each mixed through SplitMix64's finalizer so
/// that neighbouring indexes give unrelated sequences.
fn rng(seed: u64, stream: Stream, index: u64) -> SplitMix64 {
    let mix = |x: u64| SplitMix64::new(x).next_u64();
    SplitMix64::new(mix(mix(seed) ^ stream as u64) ^ index)
}

/// Uniform in `[0, 1)` squared, scaled to `0..n`: small values are much more likely (the
/// density falls as `1/sqrt(x)`), the shape of "a few partners buy most" and "most lines are
/// a few units". Integer arithmetic only, so that it is the same everywhere.
fn skewed_below(rng: &mut SplitMix64, n: u64) -> u64 {
    let r = u128::from(rng.next_u64());
    let squared = (r * r) >> 64;
    u64::try_from((squared * u128::from(n)) >> 64).unwrap_or(0)
}

/// Picks an index by weight.
fn weighted<T>(rng: &mut SplitMix64, items: &[T], weight: impl Fn(&T) -> u64) -> usize {
    let total: u64 = items.iter().map(&weight).sum();
    let mut pick = rng.below(total);
    for (i, item) in items.iter().enumerate() {
        let w = weight(item);
        if pick < w {
            return i;
        }
        pick -= w;
    }
    0
}

fn io_error(path: &Path, error: &io::Error) -> AppError {
    AppError::Internal(format!("bench data: {}: {error}", path.display()))
}

/// One output file, written under `NAME.tmp` and renamed into place by [`Output::finish`].
struct Output {
    tmp: PathBuf,
    path: PathBuf,
    writer: BufWriter<File>,
}

impl Output {
    fn create(dir: &Path, name: &str) -> Result<Self, AppError> {
        let path = dir.join(name);
        let tmp = dir.join(format!("{name}.tmp"));
        let file = File::create(&tmp).map_err(|e| io_error(&tmp, &e))?;
        Ok(Self {
            tmp,
            path,
            writer: BufWriter::with_capacity(1 << 20, file),
        })
    }

    fn error(&self, error: &io::Error) -> AppError {
        io_error(&self.path, error)
    }

    fn finish(mut self) -> Result<(), AppError> {
        self.writer.flush().map_err(|e| io_error(&self.path, &e))?;
        fs::rename(&self.tmp, &self.path).map_err(|e| io_error(&self.path, &e))
    }
}
