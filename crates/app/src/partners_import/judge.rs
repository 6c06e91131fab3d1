//! A partner file's rows against what the program holds (R31): a new MPN ID is registered;
//! the same values again change nothing; other values are refused naming what is stored and
//! what the line says; a claim waiting for an operator is refused; a rejected claim is
//! registered again with the file's values.

use std::collections::HashMap;

use lpc_domain::MpnId;
use lpc_store::{Partner, Verification};

use super::parse::{Row, describe, first_difference, refusal};
use crate::invoices::Rejected;

/// The rows of a file judged against the store.
#[derive(Debug, Default)]
pub(super) struct Judged {
    /// MPN IDs not registered yet.
    pub new: Vec<Row>,
    /// MPN IDs of claims an operator rejected: registered again.
    pub replaced: Vec<Row>,
    /// Rows whose partner is stored with the same values.
    pub unchanged: u64,
    pub refused: Vec<Rejected>,
}

/// A stored partner as a refusal quotes it.
fn describe_stored(p: &Partner) -> String {
    describe(&lpc_store::NewPartner {
        mpn_id: p.mpn_id,
        name: p.name.clone(),
        country: p.country,
        contact_email: p.contact_email.clone(),
        verification: p.verification,
    })
}

pub(super) fn judge(rows: Vec<Row>, stored: &HashMap<MpnId, Partner>) -> Judged {
    // Most rows of a first import are new: room for them all at once, not by doubling.
    let mut judged = Judged {
        new: Vec::with_capacity(rows.len().saturating_sub(stored.len())),
        ..Judged::default()
    };
    for row in rows {
        let Some(found) = stored.get(&row.partner.mpn_id) else {
            judged.new.push(row);
            continue;
        };
        let mpn = row.partner.mpn_id;
        match found.verification {
            Verification::Rejected => judged.replaced.push(row),
            Verification::Unverified => {
                let reason = format!(
                    "R31: MPN ID {mpn} is claimed by a sign-up waiting for an operator's \
                     decision (stored as {}); this line says {}: approve or reject the claim \
                     first",
                    describe_stored(found),
                    describe(&row.partner)
                );
                judged
                    .refused
                    .push(refusal(row.line, "mpn_id", &row.partner, reason));
            }
            Verification::Verified => {
                let differs = first_difference(
                    &row.partner,
                    &found.name,
                    found.country,
                    found.contact_email.as_ref(),
                );
                match differs {
                    None => judged.unchanged += 1,
                    Some(column) => {
                        let reason = format!(
                            "R31: MPN ID {mpn} is stored as {}; this line says {}",
                            describe_stored(found),
                            describe(&row.partner)
                        );
                        judged
                            .refused
                            .push(refusal(row.line, column, &row.partner, reason));
                    }
                }
            }
        }
    }
    judged
}
