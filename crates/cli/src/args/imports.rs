//! The subcommands of `lpc trainers`, `lpc exams`, `lpc invoices` (R12, R13, R16),
//! `lpc partners` (R31) and `lpc bench`: the CSV imports of DESIGN.md and the benchmark data
//! written in their formats.

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
pub enum PartnersCommand {
    /// Register partners from a CSV (mpn_id,name,country,contact_email), verified, each new
    /// partner's contact to be invited (R31): whole file or nothing unless --skip-invalid
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
    /// Queue the invitations of the contacts partner files marked now (`lpc serve` does it
    /// every half minute): one mail each, once, with a single-use link (R31)
    Invite {
        /// The address users reach the server at, for the link in the mail
        #[arg(long, env = "LPC_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
        public_url: String,
        /// At most this many invitations
        #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u32).range(1..))]
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
