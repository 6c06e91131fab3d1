//! The command-line grammar of DESIGN.md.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

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
        mpn: String,
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
    /// KPI reports
    #[command(subcommand)]
    Kpi(KpiCommand),
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
}

#[derive(Debug, Subcommand)]
pub enum KpiCommand {
    /// What the partner's KPI dashboard shows today (R17, R21)
    Report {
        /// MPN ID
        mpn: String,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// The rows as CSV (the seven fields of R21)
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum GuidelinesCommand {
    /// Record a partner admin's acceptance of the guidelines version in force
    Accept {
        /// MPN ID
        mpn: String,
        /// The accepting user: an MPN partner admin or account admin of the partner (R1)
        #[arg(long = "as", value_name = "EMAIL")]
        acting: String,
        #[arg(long)]
        json: bool,
    },
}

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
pub enum TokenCommand {
    /// Create a token for a user and print it (shown only once)
    Create {
        #[arg(long)]
        email: String,
        /// What the token is for
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "LPC_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Seed demo data first if the database is empty, and print the demo logins
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many partners (the first eight are hand-made, the rest generated)
    #[arg(long, default_value_t = 8)]
    pub partners: usize,
    /// Seed of the generated part
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Register a partner organization
    Add {
        /// MPN ID (digits)
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// ISO 3166-1 alpha-2 country code (JP, IT, US, ...)
        #[arg(long)]
        country: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is asked for on a terminal, or read from the first line of stdin
    Add {
        #[arg(long)]
        email: String,
        /// mpn_partner_admin, account_admin, member, operator or support_agent
        #[arg(long)]
        role: String,
        /// The organization of a partner-side role (MPN ID)
        #[arg(long)]
        partner: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain; exit 3 naming the first bad event
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a rule-set file or directory; every error as FILE:LINE:COL: FIELD: MESSAGE, exit 3
    Check {
        /// A rule-set .toml file, or a directory of them
        path: PathBuf,
    },
    /// Print the rule set in force today (--today, --rules)
    Show {
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
