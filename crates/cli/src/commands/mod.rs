//! One module per command; [`run`] dispatches.

mod audit;
mod demo;
mod migrate;
mod partner;
mod serve;
mod user;

use std::sync::Arc;

use lpc_app::{App, SystemClock};

use crate::args::{AuditCommand, Command, PartnerCommand, UserCommand};
use crate::backend;
use crate::config::Config;
use crate::failure::Failure;

/// Opens the store and the clock every command works with.
async fn app(config: &Config) -> Result<App, Failure> {
    let store = backend::open(&config.db).await?;
    let clock = SystemClock::new(config.time_zone.clone(), config.today);
    let rules = lpc_app::rule_files::embedded()?;
    Ok(App::new(store, Arc::new(clock), Arc::new(rules)))
}

pub async fn run(command: Command, config: Config) -> Result<(), Failure> {
    match command {
        Command::Migrate => migrate::run(&config).await,
        Command::Serve(args) => serve::run(args, &config).await,
        Command::Demo(args) => demo::run(args, &app(&config).await?).await,
        Command::Partner(PartnerCommand::Add {
            id,
            name,
            country,
            json,
        }) => partner::add(&app(&config).await?, id, name, country, json).await,
        Command::User(UserCommand::Add {
            email,
            role,
            partner,
            json,
        }) => user::add(&app(&config).await?, email, role, partner, json).await,
        Command::Audit(AuditCommand::Verify { json }) => {
            audit::verify(&app(&config).await?, json).await
        }
    }
}
