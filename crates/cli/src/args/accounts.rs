//! The subcommands of `lpc partner`, `lpc user`, `lpc token` and `lpc audit`: partner
//! organizations and their claims (R31), users and their roles, API bearer tokens, the audit
//! log.

use clap::Subcommand;

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

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain; exit 3 naming the first bad event
    Verify {
        #[arg(long)]
        json: bool,
    },
}
