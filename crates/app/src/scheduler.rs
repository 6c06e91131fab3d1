//! The server's daily jobs, idempotent so that running them again (or on several servers)
//! changes nothing, and catching up what was missed while the server was down.

use jiff::civil::Date;
use lpc_domain::calendar;

use crate::publications::{self, Published};
use crate::{Actor, App, AppError};

/// Publishes every report due up to today (R17): after the latest stored publication, each
/// missed 15th in turn; with none stored yet, only the latest one (history before lpc ran is
/// not invented).
pub async fn publish_due(app: &App) -> Result<Vec<Published>, AppError> {
    let actor = Actor::Scheduler;
    let target = calendar::publication_on_or_before(app.clock().today());
    let mut due: Vec<Date> = Vec::new();
    match app.store().latest_publication(target).await? {
        Some(latest) if latest.published_on == target => {}
        Some(latest) => {
            let mut next = latest.published_on;
            while next < target {
                next = next
                    .checked_add(jiff::Span::new().months(1))
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                due.push(next);
            }
        }
        None => due.push(target),
    }
    let mut done = Vec::new();
    for date in due {
        done.push(publications::publish_on(app, &actor, date).await?);
    }
    Ok(done)
}

/// Runs every due job once; what fails is logged and retried at the next run.
pub async fn run_due_jobs(app: &App) {
    match publish_due(app).await {
        Ok(published) => {
            for p in published.iter().filter(|p| !p.already_published) {
                tracing::info!(published_on = %p.published_on, partners = p.partners, lines = p.lines, digest = %p.digest, "KPI report published");
            }
        }
        Err(e) => tracing::error!(error = %e, "publication job failed"),
    }
}
