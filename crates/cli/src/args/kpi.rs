//! The subcommands of `lpc kpi`: KPI reports (R17, R21).

use clap::Subcommand;

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
