//! The command-line grammar of DESIGN.md.
//!
//! # Layout
//! - this module: [`Cli`], the flags every command accepts ([`Global`]) and the list of
//!   commands ([`Command`]).
//! - [`server`]: `serve` and `demo`.
//! - [`accounts`]: partner organizations, users, API tokens and the audit log.
//! - [`imports`]: trainer, exam, invoice and partner imports, and the benchmark data
//!   generator.
//! - [`rules`]: rule sets, their drafts (R14) and the performance guidelines (R8).
//! - [`membership`]: enrollment, orders and renewals (R1..R11, R23, R28..R30).
//! - [`kpi`]: KPI reports (R17, R21).
//! - [`cases`]: Partner Frontline Support cases (R5, R22, R27).
//! - [`outbox`]: the e-mail outbox.
//! - [`directory`]: the public Learning Partner directory (R24-R27).
//! - [`db`]: moving the database (SQLite to PostgreSQL).

mod accounts;
mod cases;
mod db;
mod directory;
mod imports;
mod kpi;
mod membership;
mod outbox;
mod rules;
mod server;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

pub use accounts::{AuditCommand, PartnerCommand, TokenCommand, UserCommand};
pub use cases::CasesCommand;
pub use db::DbCommand;
pub use directory::{CompetitorsCommand, DirectoryCommand};
pub use imports::{BenchCommand, ImportCommand, InvoicesCommand, PartnersCommand};
pub use kpi::KpiCommand;
pub use membership::{EnrollArgs, OrdersCommand, PayMethod, RenewalsCommand};
pub use outbox::OutboxCommand;
pub use rules::{GuidelinesCommand, RuleDraftCommand, RulesCommand};
pub use server::{DemoArgs, SchedulerMode, ServeArgs};

#[derive(Debug, Parser)]
#[command(
    name = "lpc",
    version,
    about = "Learning Partner Center: run a learning partner program"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts. Each falls back to its `LPC_*` variable, then to `lpc.toml`.
#[derive(Debug, Args)]
pub struct Global {
    /// Database URL: sqlite://FILE (created if missing) or postgres://... [default: sqlite://lpc.db]
    #[arg(long, global = true, env = "LPC_DATABASE_URL")]
    pub db: Option<String>,
    /// Pretend today is this date (YYYY-MM-DD); every rule is evaluated on it
    #[arg(long, global = true, env = "LPC_TODAY", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Directory of rule-set TOML files replacing the embedded ones
    #[arg(long, global = true, env = "LPC_RULES")]
    pub rules: Option<PathBuf>,
    /// The program's time zone, for "today" [default: UTC]
    #[arg(long, global = true, env = "LPC_TIME_ZONE")]
    pub time_zone: Option<String>,
    /// Log format on stderr [default: text]
    #[arg(long, global = true, env = "LPC_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    /// Configuration file [default: ./lpc.toml if present]
    #[arg(long, global = true, env = "LPC_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|e| format!("{text:?} is not a date of the form YYYY-MM-DD ({e})"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web UI, the JSON API and the scheduler
    Serve(ServeArgs),
    /// Apply pending database migrations
    Migrate,
    /// Seed demo data into an empty database
    Demo(DemoArgs),
    /// Partner organizations
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Partner organizations in bulk: the program's partner file (R31)
    #[command(subcommand)]
    Partners(PartnersCommand),
    /// Users and their roles
    #[command(subcommand)]
    User(UserCommand),
    /// The audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Trainer affiliations (MCTs, R4)
    #[command(subcommand)]
    Trainers(ImportCommand),
    /// Exam passes (R8, R9)
    #[command(subcommand)]
    Exams(ImportCommand),
    /// Every enrollment option of a partner, every requirement met or not, and why (R3..R10)
    Eligibility {
        /// MPN ID
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        mpn: Option<String>,
        /// Every registered partner, one line each as it is judged (with --json: one JSON
        /// document per line)
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// May a partner buy a courseware product for external delivery, at which price (R6)
    Entitlement {
        /// MPN ID
        mpn: String,
        /// Courseware Marketplace product SKU
        #[arg(long)]
        product: String,
        #[arg(long)]
        json: bool,
    },
    /// Partner Frontline Support cases: KPI discrepancies (R22), account profile setup (R5),
    /// missing directory listings (R27)
    #[command(subcommand)]
    Cases(CasesCommand),
    /// The e-mail outbox (mail queued by use cases, sent by `serve` when LPC_SMTP_URL is set)
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// API bearer tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// Rule sets: check files, show the one in force (no database needed)
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Benchmark data: deterministic partners, trainers, exams and invoices (no database needed)
    #[command(subcommand)]
    Bench(BenchCommand),
    /// The Learning Program Performance Guidelines (R8)
    #[command(subcommand)]
    Guidelines(GuidelinesCommand),
    /// Courseware Marketplace invoices (R12, R13, R16)
    #[command(subcommand)]
    Invoices(InvoicesCommand),
    /// Publish the KPI report of the latest 15th on or before today (R17); idempotent
    Publish {
        #[arg(long)]
        json: bool,
    },
    /// Enroll a partner in a learning option, paying its fee (R1..R5, R8..R11, R29)
    Enroll(EnrollArgs),
    /// Orders: list, proofs of bank transfers, confirmation, refunds, expiry (R29, R30)
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// A partner's memberships, in every status (R28)
    Memberships {
        /// MPN ID
        mpn: String,
        #[arg(long)]
        json: bool,
    },
    /// KPI reports
    #[command(subcommand)]
    Kpi(KpiCommand),
    /// Membership anniversaries: renew, waive (R23) or lapse (R28)
    #[command(subcommand)]
    Renewals(RenewalsCommand),
    /// Each membership's renewal forecast: the R19 window's points, the months not published
    /// yet, every requirement's gap, the last invoice day that counts (R14, R17, R19, R23)
    Forecast {
        /// MPN ID
        mpn: String,
        #[arg(long)]
        json: bool,
    },
    /// The public Learning Partner directory: requests, the monthly cycle (R24-R26)
    #[command(subcommand)]
    Directory(DirectoryCommand),
    /// The database itself: copy a SQLite database into PostgreSQL (docs/scaling.md)
    #[command(subcommand)]
    Db(DbCommand),
}
