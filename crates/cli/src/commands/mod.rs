//! One module per command; [`run`] dispatches.

mod audit;
mod bench;
mod cases;
mod db;
mod demo;
mod directory;
mod eligibility;
mod enroll;
mod forecast;
mod guidelines;
mod imports;
mod invoices;
mod kpi;
mod migrate;
mod orders;
mod outbox;
mod partner;
mod partners;
mod rejects;
mod renewals;
mod rule_drafts;
mod rules;
mod serve;
mod token;
mod user;

use std::sync::Arc;

use lpc_app::{App, SystemClock};

use crate::args::{
    AuditCommand, Command, GuidelinesCommand, ImportCommand, InvoicesCommand, KpiCommand,
    PartnerCommand, PartnersCommand, RulesCommand, TokenCommand, UserCommand,
};
use crate::backend;
use crate::config::Config;
use crate::failure::Failure;

/// Commands dispatched before [`with_app`] never reach it.
fn unreachable_command() -> Result<(), Failure> {
    Err(Failure::other("this command does not work on the store"))
}

/// Opens the store and the clock every command works with.
async fn app(config: &Config) -> Result<App, Failure> {
    // Rules first: an invalid rule set refuses the command before the database is touched.
    let rules = rules::book(config)?;
    let store = backend::open(&config.db).await?;
    let clock = SystemClock::new(config.time_zone.clone(), config.today);
    let app = App::new(store, Arc::new(clock), Arc::new(rules));
    // The rule sets operators activated (R14) join the files' ones.
    let app = lpc_app::rule_drafts::with_activated(app).await?;
    Ok(app
        .with_mail(config.mail.clone())
        .with_bank_account(config.bank_account.clone())
        .with_directory(directory::settings()?))
}

pub async fn run(command: Command, config: Config) -> Result<(), Failure> {
    match command {
        // Before any `app()`: checking or reading rule sets needs no database.
        Command::Rules(RulesCommand::Check { path }) => rules::check(&path),
        Command::Rules(RulesCommand::Show { json }) => rules::show(&config, json),
        // Nor does generating benchmark files.
        Command::Bench(crate::args::BenchCommand::Generate {
            partners,
            lines,
            out,
            seed,
        }) => bench::generate(partners, lines, &out, seed),
        Command::Migrate => migrate::run(&config).await,
        // A copy opens its two databases itself, as their own backends.
        Command::Db(command) => db::run(command, &config).await,
        Command::Serve(args) => serve::run(args, &config).await,
        command => {
            let app = app(&config).await?;
            let result = with_app(command, &app).await;
            // A command runs once: its connections end cleanly (SQLite folds its
            // write-ahead log back into the database file).
            app.close().await;
            result
        }
    }
}

/// The commands that work on the store, with the store opened once.
async fn with_app(command: Command, app: &App) -> Result<(), Failure> {
    match command {
        Command::Rules(RulesCommand::Draft(command)) => rule_drafts::run(command, app).await,
        Command::Rules(_)
        | Command::Bench(_)
        | Command::Migrate
        | Command::Serve(_)
        | Command::Db(_) => unreachable_command(),
        Command::Demo(args) => demo::run(args, app).await,
        Command::Partner(PartnerCommand::Add {
            id,
            name,
            country,
            contact_email,
            json,
        }) => {
            let form = lpc_app::partners::PartnerForm {
                mpn_id: id,
                name,
                country,
                contact_email: contact_email.unwrap_or_default(),
            };
            partner::add(app, form, json).await
        }
        Command::Partner(PartnerCommand::Claims { json }) => partner::claims(app, json).await,
        Command::Partner(PartnerCommand::Verify { mpn }) => partner::verify(app, &mpn).await,
        Command::Partner(PartnerCommand::Reject { mpn, reason }) => {
            partner::reject(app, &mpn, &reason).await
        }
        Command::Partner(PartnerCommand::Invite {
            mpn,
            email,
            public_url,
        }) => partner::invite(app, &mpn, email.as_deref(), &public_url).await,
        Command::Partners(PartnersCommand::Import {
            file,
            skip_invalid,
            rejects,
            json,
        }) => {
            let rejects = rejects.as_deref().filter(|_| skip_invalid);
            partners::import(app, &file, rejects, json).await
        }
        Command::Partners(PartnersCommand::Invite {
            public_url,
            limit,
            json,
        }) => partners::invite(app, &public_url, limit, json).await,
        Command::User(UserCommand::Confirm { email }) => user::confirm(app, &email).await,
        Command::User(UserCommand::Add {
            email,
            role,
            partner,
            json,
        }) => user::add(app, email, role, partner, json).await,
        Command::Trainers(ImportCommand::Import { file, json }) => {
            imports::trainers(app, &file, json).await
        }
        Command::Exams(ImportCommand::Import { file, json }) => {
            imports::exams(app, &file, json).await
        }
        Command::Eligibility { mpn, all, json } => match mpn {
            Some(mpn) if !all => eligibility::eligibility(app, &mpn, json).await,
            _ => eligibility::all(app, json).await,
        },
        Command::Entitlement { mpn, product, json } => {
            eligibility::entitlement(app, &mpn, &product, json).await
        }
        Command::Invoices(InvoicesCommand::Import {
            file,
            skip_invalid,
            rejects,
            json,
        }) => {
            invoices::import(
                app,
                &file,
                rejects.as_deref().filter(|_| skip_invalid),
                json,
            )
            .await
        }
        Command::Invoices(InvoicesCommand::Batches { limit, json }) => {
            invoices::batches(app, limit, json).await
        }
        Command::Publish { json } => kpi::publish(app, json).await,
        Command::Enroll(args) => enroll::run(app, args).await,
        Command::Orders(command) => orders::run(app, command).await,
        Command::Memberships { mpn, json } => enroll::memberships(app, &mpn, json).await,
        Command::Renewals(crate::args::RenewalsCommand::Run { json }) => {
            renewals::run(app, json).await
        }
        Command::Forecast { mpn, json } => forecast::show(app, &mpn, json).await,
        Command::Kpi(KpiCommand::Report { mpn, json, csv }) => {
            kpi::report(app, &mpn, json, csv).await
        }
        Command::Cases(command) => cases::run(app, command).await,
        Command::Outbox(crate::args::OutboxCommand::List { limit, json }) => {
            outbox::list(app, limit, json).await
        }
        Command::Guidelines(GuidelinesCommand::Accept { mpn, acting, json }) => {
            guidelines::accept(app, &mpn, &acting, json).await
        }
        Command::Token(TokenCommand::Create { email, label, days }) => {
            token::create(app, &email, &label, days).await
        }
        Command::Directory(command) => directory::run(app, command).await,
        Command::Audit(AuditCommand::Verify { json }) => audit::verify(app, json).await,
    }
}
