//! Reading a partner file: every row checked on its own (MPN ID, name, country, contact on
//! file), then against the file's earlier rows for the same MPN ID (the same values again
//! change nothing; other values are refused naming both lines).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use lpc_domain::{CountryCode, Email, MpnId, PartnerName};
use lpc_store::{NewPartner, Verification};

use super::COLUMNS;
use crate::csv_rows::{self, Record, RowError};
use crate::invoices::{Progress, Rejected};

/// Rows read between two progress reports.
const PROGRESS_EVERY: u64 = 10_000;

/// A row of the file that parsed: the partner it registers and where it is.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub line: u64,
    pub partner: NewPartner,
}

/// What the file holds, row by row.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    /// Data rows read.
    pub rows: u64,
    /// The rows that parsed, the first of each MPN ID only, in file order.
    pub partners: Vec<Row>,
    /// The refused rows, in file order.
    pub refused: Vec<Rejected>,
}

/// The cells of a row as the file has them (a rejects file repeats them).
pub(super) fn cells_of(p: &NewPartner) -> Vec<String> {
    vec![
        p.mpn_id.to_string(),
        p.name.to_string(),
        p.country.to_string(),
        p.contact_email
            .as_ref()
            .map(Email::to_string)
            .unwrap_or_default(),
    ]
}

/// A partner as a refusal quotes it: `"Sakura Learning", JP, desk@sakura.example`.
pub(super) fn describe(p: &NewPartner) -> String {
    let contact = p
        .contact_email
        .as_ref()
        .map_or_else(|| "no contact e-mail".to_owned(), Email::to_string);
    format!("{:?}, {}, {contact}", p.name.as_str(), p.country)
}

/// The first column where two rows of one MPN ID differ, if they do.
pub(super) fn first_difference(
    a: &NewPartner,
    name: &PartnerName,
    country: CountryCode,
    contact: Option<&Email>,
) -> Option<&'static str> {
    if a.name != *name {
        Some("name")
    } else if a.country != country {
        Some("country")
    } else if a.contact_email.as_ref() != contact {
        Some("contact_email")
    } else {
        None
    }
}

/// One row as the partner it registers, or every bad field of it; each reason cites R31,
/// the rule a partner file serves.
fn parse_row(r: &Record<'_>) -> Result<NewPartner, Vec<RowError>> {
    let mut bad = Vec::new();
    let mpn_id = r
        .parse("mpn_id", MpnId::parse)
        .map_err(|_| {
            bad.push(r.error(
                "mpn_id",
                "R31: an MPN ID is 1 to 10 digits, the first of them not 0",
            ))
        })
        .ok();
    let name = r
        .parse("name", PartnerName::parse)
        .map_err(|_| {
            bad.push(r.error(
                "name",
                "R31: the organization's name has 1 to 200 characters, none of them a \
                 control character",
            ))
        })
        .ok();
    let country = r
        .parse("country", CountryCode::parse)
        .map_err(|_| {
            bad.push(r.error(
                "country",
                "R31: the country is an ISO 3166-1 alpha-2 code (for example JP, IT, US)",
            ))
        })
        .ok();
    let contact_email = match r.get("contact_email") {
        "" => Some(None),
        text => Email::parse(text)
            .map_err(|_| {
                bad.push(r.error(
                    "contact_email",
                    "R31: the contact on file is empty or an e-mail address of the form \
                     name@domain.tld",
                ))
            })
            .ok()
            .map(Some),
    };
    match (mpn_id, name, country, contact_email) {
        (Some(mpn_id), Some(name), Some(country), Some(contact_email)) if bad.is_empty() => {
            Ok(NewPartner {
                mpn_id,
                name,
                country,
                contact_email,
                verification: Verification::Verified,
            })
        }
        _ => Err(bad),
    }
}

/// Reads `reader` as a partner file of about `lines` lines (room is made for them at once,
/// not by doubling). `Err` only for a header that does not fit.
pub(super) fn read(
    reader: impl std::io::Read,
    lines: usize,
    bytes_read: impl Fn() -> u64,
    on_progress: &dyn Fn(Progress),
) -> Result<Parsed, RowError> {
    let mut parsed = Parsed {
        partners: Vec::with_capacity(lines),
        ..Parsed::default()
    };
    // Each MPN ID's first row, by its index in `parsed.partners`.
    let mut first: HashMap<MpnId, usize> = HashMap::with_capacity(lines);
    let report = |rows| {
        on_progress(Progress {
            bytes: bytes_read(),
            rows,
        })
    };
    let parse = |r: &Record<'_>| parse_row(r).map(|partner| (r.line, partner));
    csv_rows::visit(reader, COLUMNS, parse, |outcome| {
        parsed.rows += 1;
        if parsed.rows.is_multiple_of(PROGRESS_EVERY) {
            report(parsed.rows);
        }
        let (line, partner) = match outcome {
            Ok(row) => row,
            Err((errors, cells)) => {
                parsed.refused.push(Rejected { cells, errors });
                return;
            }
        };
        match first.entry(partner.mpn_id) {
            Entry::Vacant(slot) => {
                slot.insert(parsed.partners.len());
                parsed.partners.push(Row { line, partner });
            }
            Entry::Occupied(slot) => {
                let earlier = &parsed.partners[*slot.get()];
                let differs = first_difference(
                    &earlier.partner,
                    &partner.name,
                    partner.country,
                    partner.contact_email.as_ref(),
                );
                // The same row again changes nothing and is not counted.
                if let Some(column) = differs {
                    let reason = format!(
                        "R31: line {} registers MPN ID {} as {}; this line says {}",
                        earlier.line,
                        partner.mpn_id,
                        describe(&earlier.partner),
                        describe(&partner)
                    );
                    parsed.refused.push(refusal(line, column, &partner, reason));
                }
            }
        }
    })?;
    report(parsed.rows);
    Ok(parsed)
}

/// The refusal of a row that parsed, naming `column`.
pub(super) fn refusal(line: u64, column: &str, p: &NewPartner, reason: String) -> Rejected {
    let cells = cells_of(p);
    let value = COLUMNS
        .iter()
        .position(|c| *c == column)
        .and_then(|i| cells.get(i))
        .map(|v| csv_rows::echo(v))
        .unwrap_or_default();
    Rejected {
        cells,
        errors: vec![RowError {
            line,
            column: column.to_owned(),
            value,
            reason,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        read(text.as_bytes(), 4, || 0, &|_| {}).unwrap()
    }

    #[test]
    fn r31_every_bad_field_of_a_row_is_named_with_its_line_and_the_rule() {
        let parsed = parse(
            "mpn_id,name,country,contact_email\n\
             4100001,Sakura Learning,jp,Desk@Sakura.example\n\
             041,,XX,not-an-address\n\
             4100002,Aurora,IT,\n",
        );
        assert_eq!(parsed.rows, 3);
        assert_eq!(parsed.partners.len(), 2);
        let first = &parsed.partners[0].partner;
        assert_eq!(first.country.as_str(), "JP");
        assert_eq!(
            first.contact_email.as_ref().map(Email::as_str),
            Some("desk@sakura.example")
        );
        assert_eq!(parsed.partners[1].partner.contact_email, None);
        let errors = &parsed.refused[0].errors;
        let named: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(
            named,
            [
                (3, "mpn_id"),
                (3, "name"),
                (3, "country"),
                (3, "contact_email")
            ]
        );
        assert!(errors.iter().all(|e| e.reason.starts_with("R31: ")));
    }

    #[test]
    fn r31_a_row_repeated_is_ignored_and_one_with_other_values_names_both_lines() {
        let parsed = parse(
            "mpn_id,name,country,contact_email\n\
             4100001,Sakura Learning,JP,desk@sakura.example\n\
             4100001,Sakura Learning,JP,desk@sakura.example\n\
             4100001,Sakura Learning,JP,other@sakura.example\n",
        );
        assert_eq!(parsed.partners.len(), 1);
        assert_eq!(parsed.refused.len(), 1);
        let error = &parsed.refused[0].errors[0];
        assert_eq!((error.line, error.column.as_str()), (4, "contact_email"));
        assert_eq!(error.value, "other@sakura.example");
        assert!(
            error.reason.contains(
                "line 2 registers MPN ID 4100001 as \"Sakura Learning\", JP, desk@sakura.example"
            ) && error
                .reason
                .ends_with("this line says \"Sakura Learning\", JP, other@sakura.example"),
            "{}",
            error.reason
        );
    }
}
