//! The subcommands of `lpc db`: moving the program's database.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Copy this database (--db, SQLite) into an empty PostgreSQL database, every table and
    /// id, in one transaction; then verify the audit chain and every publication there
    Copy {
        /// The PostgreSQL database to fill: postgres://USER@HOST/DB, created empty beforehand
        /// (`createdb`); its schema is made here
        #[arg(long, value_name = "URL")]
        to: String,
        #[arg(long)]
        json: bool,
    },
}
