//! The program's bank account, shown with every order paid by bank transfer (R29): whom to
//! pay, where, and the reference that lets an operator match the transfer to its order.
//!
//! The account comes from configuration (`[bank_transfer]` in `lpc.toml`), parsed once at
//! start: an IBAN with a wrong check or length for its country stops the server with the key
//! named, rather than sending partners' money nowhere.

use lpc_store::Order;

use crate::AppError;

/// Longest beneficiary or bank name shown to partners.
const MAX_NAME_CHARS: usize = 140;

/// Where partners send bank transfers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankAccount {
    pub beneficiary: String,
    iban: iban::Iban,
    bic: Option<String>,
    pub bank: Option<String>,
}

impl BankAccount {
    /// Parses the configured account; each refusal names its key.
    pub fn parse(
        beneficiary: &str,
        iban: &str,
        bic: Option<&str>,
        bank: Option<&str>,
    ) -> Result<Self, AppError> {
        let beneficiary = name("beneficiary", beneficiary)?;
        let iban: iban::Iban = iban
            .trim()
            .parse()
            .map_err(|e| AppError::invalid("iban", format!("{iban:?} is not a valid IBAN: {e}")))?;
        let bic = bic
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(parse_bic)
            .transpose()?;
        let bank = bank
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|b| name("bank", b))
            .transpose()?;
        Ok(Self {
            beneficiary,
            iban,
            bic,
            bank,
        })
    }

    /// The IBAN as printed: groups of four (`IT60 X054 2811 …`).
    pub fn iban(&self) -> String {
        self.iban.to_string()
    }

    /// The BIC (SWIFT code), when configured.
    pub fn bic(&self) -> Option<&str> {
        self.bic.as_deref()
    }
}

fn name(key: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty()
        || text.chars().count() > MAX_NAME_CHARS
        || text.chars().any(char::is_control)
    {
        return Err(AppError::invalid(
            key,
            format!("give 1 to {MAX_NAME_CHARS} characters on one line"),
        ));
    }
    Ok(text.to_owned())
}

/// A BIC (ISO 9362): 4 letters for the bank, 2 for the country, 2 letters or digits for the
/// place, optionally 3 for the branch.
fn parse_bic(text: &str) -> Result<String, AppError> {
    let bic = text.to_ascii_uppercase();
    let b = bic.as_bytes();
    let shaped = matches!(b.len(), 8 | 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..].iter().all(u8::is_ascii_alphanumeric);
    if shaped {
        Ok(bic)
    } else {
        Err(AppError::invalid(
            "bic",
            format!("{text:?} is not a BIC: 8 or 11 letters and digits, like BPMOIT22XXX"),
        ))
    }
}

/// The reference a partner writes on the transfer: the MPN ID and the order number, which
/// together find the order and tell a mistyped number from another partner's.
pub fn reference(order: &Order) -> String {
    format!("LPC-{}-{}", order.partner_id, order.id)
}

/// The account of the demo program (`lpc serve --demo` without one configured): a well-formed
/// example IBAN that belongs to no one.
pub fn demo_account() -> Result<BankAccount, AppError> {
    BankAccount::parse(
        "Learning Partner Program (demo)",
        "IT60 X054 2811 1010 0000 0123 456",
        Some("BPMOIT22XXX"),
        Some("Demo Bank"),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_configured_account_is_checked_key_by_key() {
        let ok = BankAccount::parse("Program", "DE44500105175407324931", Some("inganl2a"), None)
            .unwrap();
        assert_eq!(ok.iban(), "DE44 5001 0517 5407 3249 31");
        assert_eq!(ok.bic(), Some("INGANL2A"));
        demo_account().unwrap();
        let field = |r: Result<BankAccount, AppError>| match r {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        // One digit changed: the mod-97 check fails.
        assert_eq!(
            field(BankAccount::parse(
                "P",
                "DE45500105175407324931",
                None,
                None
            )),
            "iban"
        );
        assert_eq!(field(BankAccount::parse("P", "DE44", None, None)), "iban");
        assert_eq!(
            field(BankAccount::parse(
                "P",
                "DE44500105175407324931",
                Some("BANK-1"),
                None
            )),
            "bic"
        );
        assert_eq!(
            field(BankAccount::parse(
                " ",
                "DE44500105175407324931",
                None,
                None
            )),
            "beneficiary"
        );
        assert_eq!(
            field(BankAccount::parse(
                "P\nQ",
                "DE44500105175407324931",
                None,
                None
            )),
            "beneficiary"
        );
    }
}
