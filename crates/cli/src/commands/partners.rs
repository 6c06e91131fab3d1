//! `lpc partners import FILE [--skip-invalid --rejects OUT.csv] [--json]`: the program's
//! partner file (R31), registered verified, each new partner's contact marked to be
//! invited; `lpc partners invite`: those invitations queued now (`lpc serve` queues them
//! every half minute).

use std::io::Read;
use std::path::Path;

use lpc_app::invoices::{Progress, Rejected};
use lpc_app::partners_import::{self, COLUMNS};
use lpc_app::{Actor, App};

use super::rejects::{self as rejects_file, progress_bar};
use crate::failure::Failure;
use crate::output;

/// Where the file's bytes are read through, for the bar while it is read.
struct Counted<R> {
    inner: R,
    bar: indicatif::ProgressBar,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

pub async fn import(
    app: &App,
    path: &Path,
    rejects: Option<&Path>,
    json: bool,
) -> Result<(), Failure> {
    let name = path.display().to_string();
    let cannot = |e: std::io::Error| Failure::other(format!("{name}: cannot read it: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or_default();
    let bar = progress_bar(size);
    bar.set_message("reading");
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
    Counted {
        inner: file,
        bar: bar.clone(),
    }
    .read_to_end(&mut bytes)
    .map_err(cannot)?;
    bar.set_position(0);
    let on_progress = {
        let bar = bar.clone();
        move |p: Progress| {
            bar.set_position(p.bytes);
            bar.set_message(format!("{} rows checked", p.rows));
        }
    };
    let mut refused = rejects_file::RejectsFile::open(rejects, COLUMNS)?;
    let on_reject = |r: &Rejected| refused.record(r);
    let done = partners_import::import(
        app,
        &Actor::local(),
        &name,
        bytes,
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
    let mut text = format!(
        "{name}: {} partners registered, verified (R31) ({} already stored), {} contacts to \
         invite (`lpc serve` mails them, or `lpc partners invite`), {} without a contact, {} \
         refused, {:.2} s\n",
        done.partners,
        done.unchanged,
        done.invited,
        done.without_contact,
        done.refused,
        done.seconds
    );
    for n in &done.not_invited {
        text.push_str(&format!(
            "not invited: line {}, MPN ID {}, {}: {}\n",
            n.line, n.mpn_id, n.contact_email, n.reason
        ));
    }
    output::text(&text)
}

/// Invitations queued per batch (one transaction each).
const INVITATIONS_PER_BATCH: u32 = 10_000;

pub async fn invite(app: &App, public_url: &str, limit: u32, json: bool) -> Result<(), Failure> {
    let compose = lpc_web::ui::invitation::compose_invitations(public_url);
    let mut queued = 0u64;
    while queued < u64::from(limit) {
        let room = u32::try_from(u64::from(limit) - queued).unwrap_or(u32::MAX);
        let batch = partners_import::invite_pending(
            app,
            &Actor::local(),
            &compose,
            room.min(INVITATIONS_PER_BATCH),
        )
        .await?;
        if batch == 0 {
            break;
        }
        queued += batch;
    }
    if json {
        return output::json(&serde_json::json!({ "invited": queued }));
    }
    output::text(&format!(
        "{queued} invitations queued in the outbox (R31); `lpc outbox list` shows them\n"
    ))
}
