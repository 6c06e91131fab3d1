//! `lpc invoices import FILE [--skip-invalid --rejects OUT.csv] [--json]`.

use std::path::Path;

use lpc_app::invoices::{self, COLUMNS, Rejected};
use lpc_app::{Actor, App};

use crate::failure::Failure;
use crate::output;

pub async fn import(
    app: &App,
    path: &Path,
    rejects: Option<&Path>,
    json: bool,
) -> Result<(), Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::other(format!("{}: cannot read it: {e}", path.display())))?;
    let name = path.display().to_string();
    let done = invoices::import(app, &Actor::local(), &name, &bytes, rejects.is_some()).await?;
    if let Some(out) = rejects {
        write_rejects(out, &done.rejected)?;
    }
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

/// The refused rows as they were read, with an `error` column saying line, column and why.
fn write_rejects(path: &Path, rejected: &[Rejected]) -> Result<(), Failure> {
    let fail =
        |e: &dyn std::fmt::Display| Failure::other(format!("--rejects {}: {e}", path.display()));
    let mut writer = csv::Writer::from_path(path).map_err(|e| fail(&e))?;
    let mut header: Vec<&str> = COLUMNS.to_vec();
    header.push("error");
    writer.write_record(&header).map_err(|e| fail(&e))?;
    for r in rejected {
        let mut cells = r.cells.clone();
        cells.resize(COLUMNS.len(), String::new());
        cells.push(r.error.to_string());
        writer.write_record(&cells).map_err(|e| fail(&e))?;
    }
    writer.flush().map_err(|e| fail(&e))
}
