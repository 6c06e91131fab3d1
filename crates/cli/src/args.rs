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
    /// The public Learning Partner directory: requests, the monthly cycle (R24-R26)
    #[command(subcommand)]
    Directory(DirectoryCommand),
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
        /// How many days it works (1 to 365)
        #[arg(long, default_value_t = lpc_app::tokens::DEFAULT_DAYS)]
        days: i64,
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
    /// The address users reach the server at, for links in mail (e.g. https://lpc.example.com)
    /// [default: http://ADDR]; an https URL also makes the session cookie Secure
    #[arg(long, env = "LPC_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Send cookies without `Secure` even off loopback (plain http on a trusted network).
    /// By default they are Secure unless the server listens on a loopback address
    #[arg(long, env = "LPC_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
    /// A reverse proxy whose X-Forwarded-For names the client (repeat for several, or a
    /// comma-separated list). Without one the header is ignored: anyone can send it
    #[arg(
        long = "trusted-proxy",
        env = "LPC_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Also serve /metrics alone on this address (for a Prometheus on another machine, keep
    /// it on a private network). On the main address /metrics answers only to this machine
    /// and to --metrics-token
    #[arg(long, env = "LPC_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// A bearer token that reads /metrics on the main address from anywhere
    #[arg(long, env = "LPC_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many partners (the first nine are hand-made, one of them a sign-up waiting for
    /// the program's verification (R31); the rest generated)
    #[arg(long, default_value_t = 9)]
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
        /// The organization's contact on file: whom the program's invitation goes to (R31)
        #[arg(long)]
        contact_email: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Claims waiting for a decision: organizations someone signed up for, unverified (R31)
    Claims {
        #[arg(long)]
        json: bool,
    },
    /// Approve a claim: the organization is verified and its users see its KPIs (R31)
    Verify {
        /// MPN ID
        mpn: String,
    },
    /// Reject a claim, saying why: its roles are removed and the claimant is told (R31)
    Reject {
        /// MPN ID
        mpn: String,
        /// Why (mailed to the claimant and audited)
        #[arg(long)]
        reason: String,
    },
    /// Invite the organization's contact on file to become its MPN partner admin (R31)
    Invite {
        /// MPN ID
        mpn: String,
        /// Record this address as the contact on file first
        #[arg(long)]
        email: Option<String>,
        /// The address users reach the server at, for the link in the mail
        #[arg(long, env = "LPC_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
        public_url: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Confirm a user's address on the program's word, when its mail does not arrive (R31)
    Confirm {
        /// The user's e-mail address
        email: String,
    },
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
    /// Rule sets uploaded to the database: drafts, what-if, activation (R14)
    #[command(subcommand)]
    Draft(RuleDraftCommand),
}

#[derive(Debug, Subcommand)]
pub enum RuleDraftCommand {
    /// Check a rule-set .toml file as `rules check` does and store it as a draft
    Upload { file: PathBuf },
    /// Every partner judged under the draft vs the rule set in force on --on: who gains or
    /// loses which option, and why
    WhatIf {
        id: i64,
        /// The date to judge on [default: today, or the draft's effective date if later]
        #[arg(long, value_parser = parse_date)]
        on: Option<Date>,
        #[arg(long)]
        json: bool,
    },
    /// Activate a draft from a date (today or later, R14)
    Activate {
        id: i64,
        #[arg(long, value_parser = parse_date)]
        effective_from: Date,
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

#[derive(Debug, Subcommand)]
pub enum RenewalsCommand {
    /// Judge every membership whose anniversary is on or before today: renewed, waived (R23),
    /// pending or lapsed (R28); queue the reminders of anniversaries to come
    Run {
        #[arg(long)]
        json: bool,
    },
}

/// `lpc enroll MPN --option ...` (DESIGN.md's contract).
#[derive(Debug, Args)]
pub struct EnrollArgs {
    /// MPN ID
    pub mpn: String,
    /// action-pack, silver or gold
    #[arg(long, value_parser = parse_option)]
    pub option: lpc_domain::LearningOption,
    /// The competency of silver and gold (e.g. security)
    #[arg(long)]
    pub competency: Option<String>,
    /// Accept the Performance Requirements of the guidelines in force (R8, silver and gold)
    #[arg(long)]
    pub accept_commitment: bool,
    /// How the fee is paid (R29)
    #[arg(long, value_enum, default_value_t = PayMethod::Card)]
    pub pay: PayMethod,
    /// Act as this user (an MPN partner admin or account admin of the partner, R1)
    #[arg(long = "as", value_name = "EMAIL")]
    pub acting: Option<String>,
    #[arg(long)]
    pub json: bool,
}

fn parse_option(text: &str) -> Result<lpc_domain::LearningOption, String> {
    lpc_domain::LearningOption::parse(text)
        .ok_or_else(|| format!("{text:?} is not an option: action-pack, silver or gold (R3)"))
}

/// How a fee is paid (R29).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PayMethod {
    /// Active at once
    Card,
    /// Active once an operator confirms the uploaded proof of payment
    BankTransfer,
}

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// A partner's orders, newest first
    List {
        /// MPN ID
        mpn: String,
        #[arg(long)]
        json: bool,
    },
    /// Upload the proof of payment of a bank transfer (PDF, PNG or JPEG, at most 5 MiB, R29)
    Proof {
        order: i64,
        file: PathBuf,
        /// Act as this user (an admin of the order's partner, R1)
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Confirm that a bank transfer arrived: the order is paid today (operators, R29)
    Confirm {
        order: i64,
        #[arg(long)]
        json: bool,
    },
    /// Reject the submitted proof of payment of an order (operators, R29)
    Reject {
        order: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Refund a paid order within 30 days if no benefit was used (R30)
    Refund {
        order: i64,
        /// Act as this user (an admin of the order's partner, R1)
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Expire every order unpaid 30 days after its creation (R29); idempotent
    Expire {
        #[arg(long)]
        json: bool,
    },
}

/// `--field KEY=VALUE`: one field of a case.
fn parse_field(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("{text:?} is not KEY=VALUE (e.g. --field month=5)"))
}

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// Open a case for a partner. kpi-discrepancy fields (R21, R22, all required): month,
    /// year, omlp_type, purchase_units, invoice_number, kpi_value, revenue_value, currency,
    /// evidence_document_type=invoice (R13). directory-missing (R27): name, country,
    /// landing_page_url. account-profile-setup (R5): membership_id (optional)
    Open {
        /// MPN ID
        mpn: String,
        /// kpi-discrepancy, account-profile-setup or directory-missing
        #[arg(long)]
        kind: String,
        /// A field of the case, KEY=VALUE; repeat for each field
        #[arg(long = "field", value_name = "KEY=VALUE", value_parser = parse_field)]
        fields: Vec<(String, String)>,
        /// Open it as this user of the partner (any role); without it, as the command line
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List cases, oldest first
    List {
        /// Only this partner's cases (MPN ID)
        #[arg(long)]
        partner: Option<String>,
        /// Only cases in this state: open, waiting_on_partner, resolved, rejected
        #[arg(long)]
        state: Option<String>,
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One case with its comments and, for a discrepancy, the invoice's stored lines, its
    /// published rows and the adjustment accepting it would add
    Show {
        id: i64,
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a comment
    Comment {
        id: i64,
        #[arg(long)]
        body: String,
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Resolve a case: a discrepancy adds its KPI adjustment (R22), an account profile setup
    /// grants marketplace access (R5)
    Resolve {
        id: i64,
        /// KPI points granted (a discrepancy); default: the claim less what is published
        #[arg(long, allow_hyphen_values = true)]
        points: Option<String>,
        #[arg(long)]
        message: Option<String>,
        /// A support agent or operator; without it, the command line (an operator)
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Reject a case, telling the partner why (e.g. "R13: an order confirmation is not an invoice")
    Reject {
        id: i64,
        #[arg(long)]
        message: String,
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Ask the partner for something; the case waits on the partner
    Wait {
        id: i64,
        #[arg(long)]
        message: String,
        #[arg(long = "as", value_name = "EMAIL")]
        acting: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// The latest mail, sent or not, newest first
    List {
        /// How many
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DirectoryCommand {
    /// Ask for a partner's listing (R24); its landing page is checked at once (R25), and the
    /// answer says when it is processed and visible (R26)
    Request {
        /// MPN ID
        mpn: String,
        /// The name to show (1 to 100 characters)
        #[arg(long)]
        name: String,
        /// ISO 3166-1 alpha-2 country code
        #[arg(long)]
        country: String,
        /// The landing page, https://...
        #[arg(long)]
        url: String,
        #[arg(long)]
        json: bool,
    },
    /// Run the monthly cycle (R26): on days 15-21 re-check, approve and remove; idempotent
    Cycle {
        #[arg(long)]
        json: bool,
    },
    /// Every request and listing
    List {
        #[arg(long)]
        json: bool,
    },
    /// Approve or reject a received request, with a reason
    Decide {
        /// The request's number
        id: i64,
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        approve: bool,
        #[arg(long)]
        reject: bool,
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// The partner's domain-ownership token, served at /.well-known/lpc-verification.txt (R25)
    Token {
        /// MPN ID
        mpn: String,
    },
    /// The competitors no landing page may name (R25)
    #[command(subcommand)]
    Competitors(CompetitorsCommand),
}

#[derive(Debug, Subcommand)]
pub enum CompetitorsCommand {
    /// Add a competitor
    Add { name: String },
    /// Remove a competitor
    Remove { name: String },
    /// List the competitors
    List {
        #[arg(long)]
        json: bool,
    },
}
