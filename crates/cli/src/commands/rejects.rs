//! What the imports that stream a file share: the progress bar on stderr, and the rejects
//! file of `--skip-invalid --rejects OUT.csv` (each refused row as read, with an `error`
//! column saying line, column, rule and why).

use std::fs::File;
use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use lpc_app::invoices::Rejected;
use lpc_app::spreadsheet_cells;

use crate::failure::Failure;

/// A bar over the file's bytes on stderr, only when a person is watching.
pub fn progress_bar(size: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(size);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

/// Creates the rejects file with the file's `columns` and `error` as its header.
pub fn open(path: &Path, columns: &[&str]) -> Result<csv::Writer<File>, Failure> {
    let mut writer = csv::Writer::from_path(path)
        .map_err(|e| Failure::other(format!("--rejects {}: {e}", path.display())))?;
    let mut header: Vec<&str> = columns.to_vec();
    header.push("error");
    writer
        .write_record(&header)
        .map_err(|e| Failure::other(format!("--rejects {}: {e}", path.display())))?;
    Ok(writer)
}

/// A refused row as it was read (cut or padded to `columns` cells), with its reasons.
pub fn write(
    writer: &mut csv::Writer<File>,
    r: &Rejected,
    columns: usize,
) -> Result<(), csv::Error> {
    let mut cells = r.cells.clone();
    cells.resize(columns, String::new());
    cells.push(r.reasons());
    writer.write_record(spreadsheet_cells::neutral_record(
        cells.iter().map(String::as_str),
    ))
}

/// The rejects file of an import, if one was asked for: each refused row written as it is
/// read, the first write error kept for [`RejectsFile::finish`] (the import goes on).
pub struct RejectsFile<'p> {
    path: Option<&'p Path>,
    writer: Option<csv::Writer<File>>,
    columns: usize,
    error: Option<csv::Error>,
}

impl<'p> RejectsFile<'p> {
    /// Opens `path` (when given) with the file's `columns` and `error` as its header.
    pub fn open(path: Option<&'p Path>, columns: &[&str]) -> Result<Self, Failure> {
        Ok(Self {
            path,
            writer: path.map(|p| open(p, columns)).transpose()?,
            columns: columns.len(),
            error: None,
        })
    }

    /// Writes one refused row.
    pub fn record(&mut self, r: &Rejected) {
        if let Some(w) = self.writer.as_mut()
            && let Err(e) = write(w, r, self.columns)
        {
            self.error.get_or_insert(e);
        }
    }

    /// Fails naming the file if a row could not be written; flushes it otherwise.
    pub fn finish(self) -> Result<(), Failure> {
        if let (Some(path), Some(e)) = (self.path, self.error) {
            return Err(Failure::other(format!("--rejects {}: {e}", path.display())));
        }
        if let Some(mut w) = self.writer {
            w.flush()
                .map_err(|e| Failure::other(format!("--rejects: {e}")))?;
        }
        Ok(())
    }
}
