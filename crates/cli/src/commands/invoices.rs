//! `lpc invoices import FILE [--skip-invalid --rejects OUT.csv] [--json]` and
//! `lpc invoices batches [--limit N] [--json]`.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use lpc_app::invoices::{self, COLUMNS, Progress, Rejected};
use lpc_app::{Actor, App};

use super::rejects::{self as rejects_file, progress_bar};
use crate::failure::Failure;
use crate::output;

pub async fn import(
    app: &App,
    path: &Path,
    rejects: Option<&Path>,
    json: bool,
) -> Result<(), Failure> {
    let name = path.display().to_string();
    let file =
        File::open(path).map_err(|e| Failure::other(format!("{name}: cannot read it: {e}")))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or_default();
    let bar = progress_bar(size);
    let on_progress = {
        let bar = bar.clone();
        move |p: Progress| {
            bar.set_position(p.bytes);
            bar.set_message(format!("{} rows", p.rows));
        }
    };
    let mut refused = rejects_file::RejectsFile::open(rejects, COLUMNS)?;
    let on_reject = |r: &Rejected| refused.record(r);
    let reader = BufReader::with_capacity(1 << 20, file);
    let done = invoices::import(
        app,
        &Actor::local(),
        &name,
        reader,
        rejects.is_some(),
        on_reject,
        on_progress,
    )
    .await;
    bar.finish_and_clear();
    let done = done?;
    refused.finish()?;
    if json {
        return output::json(&done);
    }
    output::text(&format!(
        "{name}: {} lines stored ({} already stored), {} invoices, {} credit notes, {} partners, {} refused, {:.2} s\n",
        done.lines,
        done.unchanged,
        done.invoices,
        done.credit_notes,
        done.partners,
        done.refused,
        done.seconds
    ))
}

/// `lpc invoices batches`: what the ledger holds, from the batches' own figures.
pub async fn batches(app: &App, limit: u32, json: bool) -> Result<(), Failure> {
    let ledger = invoices::ledger(app, &Actor::local(), limit).await?;
    if json {
        return output::json(&ledger);
    }
    let mut text = format!(
        "{} lines in {} committed batches\n",
        ledger.lines, ledger.committed
    );
    for b in &ledger.batches {
        text.push_str(&format!(
            "batch {} committed {}: {} lines ({} unchanged), {} invoices, {} credit notes, {} partners ({})\n",
            b.id, b.committed_at, b.lines, b.unchanged, b.invoices, b.credit_notes, b.partners, b.import_id
        ));
    }
    output::text(&text)
}
