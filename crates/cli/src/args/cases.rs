//! The subcommands of `lpc cases`: Partner Frontline Support cases, KPI discrepancies (R22),
//! account profile setup (R5), missing directory listings (R27).

use clap::Subcommand;

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
