//! Identifiers parsed once at the edge, so that the rest of the program never re-validates.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a value could not become one of this module's types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{0:?} is not an MPN ID: 1 to 10 digits (0-9) without a leading zero")]
    MpnId(String),
    #[error("partner name must have 1 to 200 characters and no control characters")]
    PartnerName,
}

/// A partner organization's Microsoft Partner Network ID.
///
/// Digits only, as the program issues them. Leading zeros are refused so that the textual
/// form is canonical: the same organization can never appear under two spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MpnId(u64);

impl MpnId {
    /// Largest MPN ID we accept: ten digits, well inside the range of every database integer.
    const MAX_DIGITS: usize = 10;

    pub fn parse(input: &str) -> Result<Self, IdError> {
        let bad = || IdError::MpnId(input.to_owned());
        if input.is_empty()
            || input.len() > Self::MAX_DIGITS
            || !input.bytes().all(|b| b.is_ascii_digit())
            || input.starts_with('0')
        {
            return Err(bad());
        }
        input.parse::<u64>().map(Self).map_err(|_| bad())
    }

    /// The numeric value, for storage as an integer key.
    pub fn get(self) -> u64 {
        self.0
    }

    /// Rebuilds an id read back from storage; refuses values no `parse` could have produced.
    pub fn from_stored(value: i64) -> Result<Self, IdError> {
        Self::parse(&value.to_string())
    }

    /// The value as a signed database integer (always fits: at most ten digits).
    pub fn as_i64(self) -> i64 {
        // Ten decimal digits are below 2^34, so the cast is lossless.
        self.0 as i64
    }
}

impl fmt::Display for MpnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for MpnId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for MpnId {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<MpnId> for String {
    fn from(value: MpnId) -> Self {
        value.to_string()
    }
}

/// The name a partner organization is known by, trimmed, without control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartnerName(String);

impl PartnerName {
    const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, IdError> {
        let trimmed = input.trim();
        let chars = trimmed.chars().count();
        if chars == 0 || chars > Self::MAX_CHARS || trimmed.chars().any(char::is_control) {
            return Err(IdError::PartnerName);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartnerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PartnerName {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PartnerName> for String {
    fn from(value: PartnerName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mpn_id_accepts_digits_only() {
        assert_eq!(MpnId::parse("1234567").map(MpnId::get), Ok(1_234_567));
        for bad in [
            "",
            "12a4",
            "-1",
            "0123",
            " 123",
            "12345678901",
            "1.5",
            "０１",
        ] {
            assert!(MpnId::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn partner_name_is_trimmed_and_refuses_control_characters() {
        assert_eq!(
            PartnerName::parse("  Contoso Learning ").map(String::from),
            Ok("Contoso Learning".to_owned())
        );
        assert!(PartnerName::parse("   ").is_err());
        assert!(PartnerName::parse("a\nb").is_err());
    }

    proptest! {
        #[test]
        fn mpn_id_round_trips_through_text_and_storage(n in 1u64..10_000_000_000) {
            let id = MpnId::parse(&n.to_string()).unwrap();
            prop_assert_eq!(id.to_string(), n.to_string());
            prop_assert_eq!(MpnId::from_stored(id.as_i64()).unwrap(), id);
        }
    }
}
