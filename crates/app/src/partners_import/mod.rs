//! Onboarding partners in bulk (R31): `lpc partners import FILE` and the console's partner
//! upload.
//!
//! A partner file (`mpn_id,name,country,contact_email`) registers organizations the program
//! knows: they are verified at once (R31). Every row is checked on its own, against the
//! file's earlier rows, then against the store; by default one refusal refuses the whole
//! file, and with `skip_invalid` the valid rows are stored and the others handed out for a
//! rejects file. A row whose partner is stored with the same values changes nothing.
//!
//! The import writes the partners and one audit event (the file's digest and counts), in
//! one transaction of multi-row statements, and marks each new partner whose contact is to
//! be invited; a contact that has an account already is not, and the result says so. The
//! invitations themselves are made afterwards, a batch at a time ([`invite_pending`]: by
//! `lpc serve` every half minute, by the console right after its upload, by `lpc partners
//! invite`): a single-use link per contact (its token kept as a SHA-256) mailed through the
//! outbox, once. The contact's account is made when the link is used
//! (`crate::partner_invitations`). So the import stays as fast as storing the partners:
//! no Argon2 hash per row (hours for 100,000 partners), and no mail written in it.
//!
//! # Layout
//! - [`parse`]: the rows, each on its own and against the file's earlier rows.
//! - [`judge`]: the rows against the partners stored.
//! - [`invitations`]: the batches of invitations: tokens and mails for the contacts marked.
//! - [`invitation_text`]: the mail's text, written once per language and filled per partner.

mod invitation_text;
mod invitations;
mod judge;
mod parse;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use lpc_domain::access::Action;
use lpc_domain::{Email, MpnId};
use lpc_store::{AuditDraft, ImportCounts, ImportedPartner, PartnerImport};
use serde::Serialize;

pub use invitation_text::{ComposeInvitation, InvitationText, MPN, PARTNER, TOKEN};
pub(crate) use invitations::token_parts;
pub use invitations::{INVITATION_TTL, invite_pending};

use crate::csv_rows::RowError;
use crate::invoices::{Progress, Rejected};
use crate::{Actor, App, AppError, import_file};

/// The columns of the partners CSV (DESIGN.md), in their documented order.
pub const COLUMNS: &[&str] = &["mpn_id", "name", "country", "contact_email"];

/// Refusals listed in the error of a refused file; the rest are counted.
const MAX_REPORTED: usize = 1_000;

/// A contact the import did not invite, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotInvited {
    pub line: u64,
    pub mpn_id: MpnId,
    pub contact_email: Email,
    pub reason: String,
}

/// What a partner import did (DESIGN.md's `partners import --json`).
#[derive(Debug, Clone, Serialize)]
pub struct PartnersImported {
    pub file: String,
    /// Data rows read.
    pub rows: u64,
    /// Partners newly stored; a row imported again is not counted.
    pub partners: u64,
    /// Rows whose partner is stored already with the same values.
    pub unchanged: u64,
    /// Contacts to be invited: their invitations are mailed a batch at a time
    /// ([`invite_pending`]).
    pub invited: u64,
    /// Partners registered without a contact on file: nobody was invited.
    pub without_contact: u64,
    /// Contacts not invited because they have an account already.
    pub not_invited: Vec<NotInvited>,
    /// Rows refused (only with `skip_invalid`; otherwise the file is refused).
    pub refused: u64,
    pub seconds: f64,
}

/// The refusal of a whole file: its refused rows by line (up to [`MAX_REPORTED`]), then how
/// many more.
fn refused_file(file: &str, mut refused: Vec<Rejected>) -> AppError {
    refused.sort_by_key(|r| r.errors.first().map_or(0, |e| e.line));
    let count = refused.len();
    let mut errors: Vec<RowError> = refused
        .into_iter()
        .flat_map(|r| r.errors)
        .take(MAX_REPORTED)
        .collect();
    let listed = {
        let mut lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        lines.dedup();
        lines.len()
    };
    if count > listed {
        errors.push(RowError {
            line: 0,
            column: "(file)".into(),
            value: String::new(),
            reason: format!("and {} more refused rows", count - listed),
        });
    }
    AppError::Rows {
        file: file.to_owned(),
        errors,
    }
}

/// A reader that counts what passes through it, for the progress bar.
struct Counting<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Imports a partner file (operators only; see the module's documentation). `bytes` is the
/// whole file (its digest names it in the audit log); `on_progress` is called as rows are
/// read, `on_reject` (with `skip_invalid`) for each refused row in file order.
pub async fn import(
    app: &App,
    actor: &Actor,
    file: &str,
    bytes: Vec<u8>,
    skip_invalid: bool,
    mut on_reject: impl FnMut(&Rejected) + Send,
    on_progress: impl Fn(Progress) + Send + Sync + 'static,
) -> Result<PartnersImported, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let started = Instant::now();
    let read = tokio::task::spawn_blocking(move || {
        let counter = Arc::new(AtomicU64::new(0));
        let reader = Counting {
            inner: bytes.as_slice(),
            bytes: Arc::clone(&counter),
        };
        // The digest is taken on another thread while the rows are read.
        std::thread::scope(|threads| {
            let digest = threads.spawn(|| import_file::digest(&bytes));
            let lines = bytes.iter().filter(|b| **b == b'\n').count();
            let parsed = parse::read(
                reader,
                lines,
                || counter.load(Ordering::Relaxed),
                &on_progress,
            );
            (digest.join(), parsed)
        })
    });
    let (digest, parsed) = read
        .await
        .map_err(|e| AppError::Internal(format!("the CSV reader stopped: {e}")))?;
    let digest =
        digest.map_err(|_| AppError::Internal("the file's digest was not taken".to_owned()))?;
    let parsed = parsed.map_err(|header| AppError::Rows {
        file: file.to_owned(),
        errors: vec![header],
    })?;

    let parsed_at = started.elapsed();
    let ids: Vec<MpnId> = parsed.partners.iter().map(|r| r.partner.mpn_id).collect();
    let stored: HashMap<MpnId, lpc_store::Partner> = app
        .store()
        .partners_among(&ids)
        .await?
        .into_iter()
        .map(|p| (p.mpn_id, p))
        .collect();
    let judged = judge::judge(parsed.partners, &stored);
    let mut refused = parsed.refused;
    refused.extend(judged.refused);
    if !refused.is_empty() && !skip_invalid {
        return Err(refused_file(file, refused));
    }
    refused.sort_by_key(|r| r.errors.first().map_or(0, |e| e.line));
    for r in &refused {
        on_reject(r);
    }

    let judged_at = started.elapsed();
    // Whom to invite: the contacts of the partners registered, unless they have an account.
    let contacts: Vec<&Email> = judged
        .new
        .iter()
        .chain(&judged.replaced)
        .filter_map(|r| r.partner.contact_email.as_ref())
        .collect();
    let accounts: HashSet<Email> = app
        .store()
        .emails_with_accounts(&contacts)
        .await?
        .into_iter()
        .collect();
    let mut not_invited = Vec::new();
    let mut without_contact = 0;
    let mut mark = |row: parse::Row| {
        let invite = match &row.partner.contact_email {
            None => {
                without_contact += 1;
                false
            }
            Some(email) if accounts.contains(email) => {
                not_invited.push(NotInvited {
                    line: row.line,
                    mpn_id: row.partner.mpn_id,
                    contact_email: email.clone(),
                    reason: format!(
                        "R31: {email} already has an account: no invitation is sent; an admin \
                         of the organization, or the program, gives that account its role"
                    ),
                });
                false
            }
            Some(_) => true,
        };
        ImportedPartner {
            partner: row.partner,
            invite,
        }
    };
    let mut import = PartnerImport {
        partners: judged.new.into_iter().map(&mut mark).collect(),
        replaced: judged.replaced.into_iter().map(&mut mark).collect(),
    };
    // In MPN ID order, each partner lands beside the one before it in the table's index,
    // whatever order the file has (a file sorted already stays as it is, at no cost).
    import.partners.sort_unstable_by_key(|p| p.partner.mpn_id);
    let registered = (import.partners.len() + import.replaced.len()) as u64;
    let marked_at = started.elapsed();
    let mut invited = 0;
    if registered > 0 {
        let now = app.clock().now();
        let audit = AuditDraft::new(
            actor.audit_name(),
            "partners.import",
            format!("file:{file}"),
            now,
            serde_json::json!({
                "sha256": digest,
                "rows": parsed.rows,
                "to_invite": import.partners.iter().chain(&import.replaced).filter(|p| p.invite).count(),
                "not_invited": not_invited.len(),
                "without_contact": without_contact,
                "refused": refused.len(),
                "rule": "R31",
            }),
        )
        .with_counts(ImportCounts {
            added: registered,
            updated: 0,
            unchanged: judged.unchanged,
        });
        invited = app.store().import_partners(import, &audit).await?.to_invite;
    }
    // Where an import's time goes (`RUST_LOG=lpc_app=debug`; bench/README.md section 7).
    tracing::debug!(
        rows = parsed.rows,
        parse_seconds = parsed_at.as_secs_f64(),
        judge_seconds = (judged_at - parsed_at).as_secs_f64(),
        accounts_seconds = (marked_at - judged_at).as_secs_f64(),
        write_seconds = (started.elapsed() - marked_at).as_secs_f64(),
        "partner file imported"
    );
    Ok(PartnersImported {
        file: file.to_owned(),
        rows: parsed.rows,
        partners: registered,
        unchanged: judged.unchanged,
        invited,
        without_contact,
        not_invited,
        refused: refused.len() as u64,
        seconds: started.elapsed().as_secs_f64(),
    })
}
