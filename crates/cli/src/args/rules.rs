//! The subcommands of `lpc rules` (rule sets, their drafts, R14) and `lpc guidelines` (the
//! Learning Program Performance Guidelines, R8).

use std::path::PathBuf;

use clap::Subcommand;
use jiff::civil::Date;

use super::parse_date;

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
