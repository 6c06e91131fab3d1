//! `lpc bench generate --partners N --lines N --out DIR [--seed S]`: the benchmark files.
//!
//! Opens no database: the files are what the benchmarks import, into lpc and into DuckDB
//! and PostgreSQL alike (`bench/README.md`). Prints one summary line and nothing per row:
//! at 10M lines, progress output would cost more than it tells.

use std::path::Path;
use std::time::Instant;

use lpc_app::bench_data::{self, BenchSpec};

use crate::failure::Failure;
use crate::output;

pub fn generate(partners: u64, lines: u64, out: &Path, seed: u64) -> Result<(), Failure> {
    if partners == 0 {
        return Err(Failure::usage(
            "--partners must be at least 1: invoices need partners to be for",
        ));
    }
    let started = Instant::now();
    let spec = BenchSpec {
        partners,
        lines,
        seed,
    };
    let s = bench_data::generate(&spec, out)?;
    let seconds = started.elapsed().as_secs_f64();
    output::text(&format!(
        "bench data in {}: {} partners, {} trainers, {} exam passes, {} invoice lines \
         ({} invoices, {} credit notes with {} lines, {} lines of {} unregistered partners) \
         in {seconds:.2} s\n",
        out.display(),
        s.partners,
        s.trainers,
        s.exam_passes,
        s.invoice_lines,
        s.invoices,
        s.credit_notes,
        s.credit_note_lines,
        s.unregistered_lines,
        s.unregistered_partners,
    ))
}
