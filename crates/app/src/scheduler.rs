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

/// Runs every due job once; what fails is logged and retried at the next run. Publication
/// goes first, so that an anniversary on the 15th is judged on the report of that day (R19).
pub async fn run_due_jobs(app: &App) {
    // Imports that ended without committing (a killed process) leave a pending batch no one
    // sees; it is removed unless an import runs right now.
    match crate::invoices::remove_abandoned(app).await {
        Ok(0) => {}
        Ok(removed) => tracing::info!(batches = removed, "abandoned import batches removed"),
        Err(e) => {
            tracing::warn!(error = %e, "abandoned import batches not removed; retried in an hour")
        }
    }
    match publish_due(app).await {
        Ok(published) => {
            for p in published.iter().filter(|p| !p.already_published) {
                tracing::info!(published_on = %p.published_on, partners = p.partners, lines = p.lines, digest = %p.digest, "KPI report published");
            }
        }
        Err(e) => tracing::error!(error = %e, "publication job failed"),
    }
    // Renewals judge every anniversary up to today, so a day the server was down is caught
    // up by the next run; lapses happen once (the membership is no longer active).
    match crate::renewals::run(app, &Actor::Scheduler).await {
        Ok(run) => {
            for e in &run.evaluated {
                tracing::info!(partner = %e.partner_id, option = e.option.as_str(), anniversary = %e.anniversary_date, outcome = ?e.outcome, "membership anniversary");
            }
        }
        Err(e) => tracing::error!(error = %e, "renewals job failed"),
    }
    // R31: a claim whose address was never confirmed releases its MPN ID.
    match crate::claims::drop_unconfirmed(app, &Actor::Scheduler).await {
        Ok(released) if !released.is_empty() => {
            tracing::info!(claims = released.len(), "unconfirmed claims dropped (R31)");
        }
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "unconfirmed claims job failed"),
    }
    // R29: unpaid orders expire 30 days after they were placed.
    match crate::payments::expire_due(app, &Actor::Scheduler).await {
        Ok(expired) => {
            if !expired.is_empty() {
                tracing::info!(orders = expired.len(), "unpaid orders expired (R29)");
            }
        }
        Err(e) => tracing::error!(error = %e, "order expiry job failed"),
    }
    // R26: the directory's monthly cycle acts on days 15-21 and is idempotent, so running it
    // every day does each cycle's work once (after renewals: a lapse today is seen).
    match crate::directory::cycle(app, &Actor::Scheduler).await {
        Ok(run) if run.in_processing_window => {
            tracing::info!(
                approved = run.approved.len(),
                rejected = run.rejected.len(),
                awaiting = run.awaiting_decision.len(),
                flagged = run.flagged.len(),
                removed = run.removed.len(),
                "directory cycle (R26)"
            );
        }
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "directory cycle failed"),
    }
    match crate::mail::deliver_pending(app).await {
        Ok(delivery) => tracing::debug!(?delivery, "outbox delivery"),
        Err(e) => tracing::error!(error = %e, "mail delivery failed"),
    }
}
