//! The subcommands of `lpc trainers`, `lpc exams`, `lpc invoices` (R12, R13, R16) and
//! `lpc bench`: the CSV imports of DESIGN.md and the benchmark data written in their formats.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a CSV file (formats in DESIGN.md): whole file or nothing, idempotent
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum InvoicesCommand {
    /// Import an invoices CSV (DESIGN.md): whole file or nothing unless --skip-invalid
    Import {
        file: PathBuf,
        /// Import the valid rows and write the refused ones to --rejects
        #[arg(long, requires = "rejects")]
        skip_invalid: bool,
        /// Where --skip-invalid writes the refused rows, with an `error` column
        #[arg(long, requires = "skip_invalid")]
        rejects: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The ledger's committed import batches, newest first, and the lines they hold
    Batches {
        /// How many batches to list
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Write partners.csv, trainers.csv, exams.csv and invoices.csv (DESIGN.md formats) into
    /// --out; the same --seed gives the same bytes
    Generate {
        /// Registered partners (partners.csv)
        #[arg(long)]
        partners: u64,
        /// Data rows of invoices.csv, exactly
        #[arg(long)]
        lines: u64,
        /// Directory to write into (created if missing)
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}
