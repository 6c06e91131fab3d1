//! `lpc demo`: seed the demo program into an empty database.

use lpc_app::App;
use lpc_app::demo::{self, DemoSummary};

use crate::args::DemoArgs;
use crate::failure::Failure;
use crate::output;

pub async fn run(args: DemoArgs, app: &App) -> Result<(), Failure> {
    let summary = demo::seed(app, args.partners, args.seed).await?;
    if args.json {
        return output::json(&summary);
    }
    print_summary(&summary);
    Ok(())
}

/// Prints what was seeded and the logins to try (also used by `serve --demo`).
pub fn print_summary(summary: &DemoSummary) {
    if !summary.seeded {
        println!("the database already holds data: demo not seeded");
        return;
    }
    println!(
        "demo seeded: {} partners. Logins (password for all: {}):",
        summary.partners,
        lpc_app::demo::DEMO_PASSWORD
    );
    for login in &summary.logins {
        let scope = login
            .partner
            .as_deref()
            .map(|p| format!(" of partner {p}"))
            .unwrap_or_default();
        println!("  {:<40} {}{scope}", login.email, login.role);
    }
    if !summary.stages.is_empty() {
        println!("Memberships at every stage and support cases to look at:");
        for stage in &summary.stages {
            println!("  {stage}");
        }
    }
}
