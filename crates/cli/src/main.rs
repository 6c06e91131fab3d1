//! `lpc`: the command line of the Learning Partner Center.
//!
//! Parses the command line (clap), resolves configuration (flags, then `LPC_*` environment
//! variables, then `lpc.toml`), opens the store named by `--db`, runs one use case and prints
//! its result as text or, with `--json`, as exactly one JSON document. Exit status: 0 done,
//! 2 usage, 3 refused by a rule or by validation, 1 anything else.
//!
//! # Layout
//! - [`args`]: the command-line grammar.
//! - [`config`]: merging flags, environment and `lpc.toml` into one [`config::Config`].
//! - [`backend`]: choosing and opening the store from the URL scheme.
//! - [`failure`]: [`failure::Failure`], an error with its exit status and one-line message.
//! - [`logging`]: tracing output, as text or JSON.
//! - [`output`]: printing results as text or JSON.
//! - [`commands`]: one module per command.

mod args;
mod backend;
mod commands;
mod config;
mod failure;
mod logging;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// See the workspace's Cargo.toml: lines are allocated on one thread and freed on another.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let config = match config::Config::resolve(&cli.global) {
        Ok(config) => config,
        Err(failure) => return failure.report(),
    };
    logging::init(config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return failure::Failure::other(format!("cannot start the async runtime: {e}"))
                .report();
        }
    };
    let db = config.db.clone();
    match runtime.block_on(commands::run(cli.command, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.naming(&db).report(),
    }
}
