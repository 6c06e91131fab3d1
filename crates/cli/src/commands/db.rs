//! `lpc db copy --to postgres://...`: the whole SQLite database (`--db`) into an empty
//! PostgreSQL database in one transaction, then the audit chain and every publication verified
//! on the copy, as `lpc audit verify` does (docs/scaling.md).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use lpc_app::audit::{self, Verdict};
use lpc_app::{App, AppError, SystemClock};
use lpc_store::sql::copy::{self, CopyError, TableCopied};
use serde::Serialize;

use crate::args::DbCommand;
use crate::config::Config;
use crate::failure::Failure;
use crate::output;

pub async fn run(command: DbCommand, config: &Config) -> Result<(), Failure> {
    match command {
        DbCommand::Copy { to, json } => copy(config, &to, json).await,
    }
}

/// What `lpc db copy --json` prints.
#[derive(Debug, Serialize)]
struct Copied {
    /// Every table of the target, in the order it was filled, with its rows.
    tables: Vec<TableCopied>,
    rows: u64,
    /// The copy's time, without the verification's.
    seconds: f64,
    rows_per_second: f64,
    /// `lpc audit verify` on the copy.
    verified: Verdict,
}

async fn copy(config: &Config, to: &str, json: bool) -> Result<(), Failure> {
    source_file(&config.db)?;
    target_url(to)?;
    // Rules first, as every command: the verification runs on an App.
    let rules = super::rules::book(config)?;
    let source = lpc_store_sqlite::open(&config.db)
        .await
        .map_err(|e| Failure::other(e.to_string()))?;
    let target = match lpc_store_postgres::open(to).await {
        Ok(target) => target,
        Err(e) => {
            lpc_store::Store::close(&source).await;
            return Err(Failure::other(e.to_string()));
        }
    };
    let bar = progress_bar();
    let started = Instant::now();
    let copied = copy::copy(&source, &target, |p| {
        bar.set_length(p.total);
        bar.set_position(p.rows);
        if bar.message() != p.table {
            bar.set_message(p.table.to_owned());
        }
    })
    .await;
    let seconds = started.elapsed().as_secs_f64();
    // A command runs once: SQLite folds its write-ahead log back into the file.
    lpc_store::Store::close(&source).await;
    let copied = match copied {
        Ok(copied) => copied,
        Err(e) => {
            bar.finish_and_clear();
            lpc_store::Store::close(&target).await;
            return Err(failure(e, to));
        }
    };
    bar.set_message("copied; verifying the audit log and every publication on the copy");
    // Nothing moves the bar while the verification runs: a steady tick shows the message.
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    let clock = SystemClock::new(config.time_zone.clone(), config.today);
    let app = App::new(Arc::new(target), Arc::new(clock), Arc::new(rules));
    let verdict = audit::verify(&app).await;
    bar.finish_and_clear();
    app.close().await;
    let verdict = verdict?;
    let not_verified = unverified(&verdict);
    let rows_per_second = if seconds > 0.0 {
        copied.rows as f64 / seconds
    } else {
        0.0
    };
    let report = Copied {
        tables: copied.tables,
        rows: copied.rows,
        seconds,
        rows_per_second,
        verified: verdict,
    };
    if let Some(problem) = not_verified {
        if json {
            output::json(&report)?;
        }
        return Err(Failure::refused(format!(
            "{problem}. The rows are in the PostgreSQL database, but keep the servers on SQLite \
             (`lpc audit verify` there tells whether the source was already so); to copy again, \
             give an empty database"
        )));
    }
    if json {
        return output::json(&report);
    }
    output::text(&text(&report))
}

/// What is wrong with the copy, unless it verified.
fn unverified(verdict: &Verdict) -> Option<String> {
    match verdict {
        Verdict::Intact { .. } => None,
        Verdict::Broken {
            first_bad_event,
            reason,
            ..
        } => Some(format!(
            "the copy's audit log is broken at event {first_bad_event}: {reason}"
        )),
        Verdict::PublicationAltered {
            published_on,
            stored_digest,
            derived_digest,
            ..
        } => Some(format!(
            "the copy's publication of {published_on} no longer derives its digest from the \
             ledger: stored {stored_digest}, derived {derived_digest}"
        )),
    }
}

/// The report for people: rows per table, time, and what was verified.
fn text(report: &Copied) -> String {
    let width = report
        .tables
        .iter()
        .map(|t| t.table.len())
        .max()
        .unwrap_or_default();
    let mut out = format!(
        "copied {} rows of {} tables into PostgreSQL in {:.2} s ({:.0} rows/s):\n",
        report.rows,
        report.tables.len(),
        report.seconds,
        report.rows_per_second
    );
    for t in &report.tables {
        out.push_str(&format!("  {:<width$}  {:>10}\n", t.table, t.rows));
    }
    if let Verdict::Intact {
        events,
        publications,
    } = &report.verified
    {
        out.push_str(&format!(
            "the copy verifies: audit log intact ({events} events); {publications} publications \
             derive their digests from the ledger\n\
             Point the servers at the PostgreSQL database (--db or LPC_DATABASE_URL) and start them.\n"
        ));
    }
    out
}

/// Refuses a `--db` that is not an existing SQLite file: `open` would create an empty one.
fn source_file(url: &str) -> Result<(), Failure> {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Err(Failure::usage(format!(
            "--db names a {} database: lpc db copy copies a SQLite database (--db sqlite://FILE) \
             into PostgreSQL (--to postgres://USER@HOST/DB)",
            scheme(url)
        )));
    };
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" || !Path::new(path).is_file() {
        return Err(Failure::usage(format!(
            "--db {url}: there is no SQLite database file there to copy"
        )));
    }
    Ok(())
}

/// Refuses a `--to` that is not a PostgreSQL URL, naming only its scheme (a URL may hold a
/// password).
fn target_url(url: &str) -> Result<(), Failure> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "--to names a {} database: lpc db copy copies into PostgreSQL (--to postgres://USER@HOST/DB)",
        scheme(url)
    )))
}

/// The scheme of a database URL, for messages.
fn scheme(url: &str) -> String {
    match url.split_once(':') {
        Some((scheme, _)) if !scheme.is_empty() => format!("`{scheme}:`"),
        _ => "non-URL".to_owned(),
    }
}

/// A copy that did not happen, as the user sees it: nothing is in the target.
fn failure(err: CopyError, to: &str) -> Failure {
    match err {
        CopyError::NotEmpty { .. } => Failure::refused(format!(
            "--to: {err}. lpc db copy fills an empty database only (createdb makes one); nothing \
             was copied"
        )),
        CopyError::Schema(_) | CopyError::Value { .. } | CopyError::Refused { .. } => {
            Failure::other(format!("{err}; nothing was copied"))
        }
        CopyError::Store(e @ lpc_store::StoreError::DiskFull) => {
            Failure::from(AppError::Store(e)).naming(to)
        }
        CopyError::Store(e) => Failure::other(format!(
            "{e}; nothing was copied (the copy is one transaction)"
        )),
    }
}

/// A bar over the rows to copy, on stderr only when a person is watching.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} rows {msg} ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sqlite_file_that_exists_is_a_source() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lpc.db");
        std::fs::write(&file, b"").unwrap();
        assert!(source_file(&format!("sqlite://{}", file.display())).is_ok());
        assert!(source_file(&format!("sqlite:{}?mode=rwc", file.display())).is_ok());
        let missing = source_file(&format!("sqlite://{}/nope.db", dir.path().display()));
        assert_eq!(missing.unwrap_err().code, 2);
        let pg = source_file("postgres://u:secret@h/db").unwrap_err();
        assert_eq!(pg.code, 2);
        assert!(!pg.message.contains("secret"), "{}", pg.message);
        assert!(pg.message.contains("`postgres:`"), "{}", pg.message);
    }

    #[test]
    fn only_postgres_is_a_target_and_its_password_is_never_shown() {
        assert!(target_url("postgresql://u@h/db").is_ok());
        let mysql = target_url("mysql://u:secret@h/db").unwrap_err();
        assert_eq!(mysql.code, 2);
        assert!(!mysql.message.contains("secret"), "{}", mysql.message);
    }
}
