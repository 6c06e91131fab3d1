//! The subcommands of `lpc directory`: the public Learning Partner directory, its requests,
//! its monthly cycle and its competitors (R24-R27).

use clap::Subcommand;

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
