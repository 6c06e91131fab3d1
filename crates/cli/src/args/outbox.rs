//! The subcommands of `lpc outbox`: the e-mail outbox.

use clap::Subcommand;

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
