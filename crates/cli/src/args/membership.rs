//! The arguments of `lpc enroll` (R1..R5, R8..R11, R29) and the subcommands of `lpc orders`
//! (R29, R30) and `lpc renewals` (R23, R28): how a partner joins, pays and stays.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

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

#[derive(Debug, Subcommand)]
pub enum RenewalsCommand {
    /// Judge every membership whose anniversary is on or before today: renewed, waived (R23),
    /// pending or lapsed (R28); queue the reminders of anniversaries to come
    Run {
        #[arg(long)]
        json: bool,
    },
}
