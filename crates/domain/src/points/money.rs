//! Money: integer minor units of an ISO 4217 currency, parsed and printed as exact decimals.

use std::fmt;
use std::str::FromStr;

use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::QuantityError;
use super::fixed::{format_fixed, parse_fixed};

/// An ISO 4217 currency the program accepts, with the number of digits of its minor unit.
///
/// Only codes in a fixed table are representable, so a `Money` always knows how many decimals
/// it has: `JPY 1250` has none, `USD 1250.00` has two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; 3],
    digits: u8,
}

/// The accepted currencies and their minor-unit digits (ISO 4217), sorted by code.
const CURRENCIES: &[(&str, u8)] = &[
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("INR", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("NOK", 2),
    ("NZD", 2),
    ("PLN", 2),
    ("SEK", 2),
    ("USD", 2),
];

impl Currency {
    /// The program's reference currency: every default fee is in US dollars.
    pub const USD: Currency = Currency {
        code: *b"USD",
        digits: 2,
    };
    pub const EUR: Currency = Currency {
        code: *b"EUR",
        digits: 2,
    };
    pub const JPY: Currency = Currency {
        code: *b"JPY",
        digits: 0,
    };

    /// Parses an upper-case ISO 4217 code from the table (`USD`, `JPY`, ...).
    pub fn parse(input: &str) -> Result<Self, QuantityError> {
        CURRENCIES
            .binary_search_by(|(code, _)| (*code).cmp(input))
            .ok()
            .and_then(|i| CURRENCIES.get(i))
            .and_then(|&(code, digits)| {
                let bytes: [u8; 3] = code.as_bytes().try_into().ok()?;
                Some(Self {
                    code: bytes,
                    digits,
                })
            })
            .ok_or_else(|| QuantityError::Currency(input.to_owned()))
    }

    pub fn code(&self) -> &str {
        // The bytes come from the ASCII table above, so this never falls back.
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// Digits of the minor unit: 2 for cents, 0 for currencies without one (JPY, KRW).
    pub fn minor_digits(self) -> u8 {
        self.digits
    }

    pub(super) fn known_codes() -> String {
        CURRENCIES
            .iter()
            .map(|(code, _)| *code)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(de::Error::custom)
    }
}

/// An amount of money: integer minor units (cents) of one currency.
///
/// Serialized as `{"amount": "1250.00", "currency": "USD"}`: the amount is a decimal string so
/// that no reader is tempted to parse it as a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MoneyText", into = "MoneyText")]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Parses a decimal amount (`1250.00`, `1250.5`, `-250`) in `currency`, refusing more
    /// decimals than the currency has (`1250.5` JPY), signs other than a leading `-`, spaces
    /// and thousands separators: amounts come from files and must mean exactly one thing.
    pub fn parse_decimal(input: &str, currency: Currency) -> Result<Self, QuantityError> {
        let digits = currency.minor_digits();
        match parse_fixed(input, u32::from(digits)) {
            Some(minor) => Ok(Self { minor, currency }),
            None if looks_too_large(input, digits) => {
                Err(QuantityError::Overflow(input.to_owned()))
            }
            None => Err(QuantityError::Amount {
                value: input.to_owned(),
                currency,
                digits,
                example: if digits == 0 { "1250" } else { "1250.00" },
            }),
        }
    }

    /// The amount as a decimal string with all the currency's decimals (`1250.00`, `1250`).
    pub fn to_decimal(&self) -> String {
        format_fixed(self.minor, u32::from(self.currency.minor_digits()), false)
    }

    pub fn is_negative(&self) -> bool {
        self.minor < 0
    }

    /// The sum of two amounts of the same currency; `None` for mixed currencies or overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        if self.currency != other.currency {
            return None;
        }
        self.minor.checked_add(other.minor).map(|minor| Money {
            minor,
            currency: self.currency,
        })
    }

    /// The amount less `percent`% (the R11 upgrade discount), rounded to the nearest minor
    /// unit, halves away from zero; a percent above 100 is treated as 100.
    pub fn less_percent(self, percent: u8) -> Money {
        let keep = i128::from(100 - percent.min(100));
        let scaled = i128::from(self.minor) * keep;
        let rounded = (scaled + scaled.signum() * 50) / 100;
        // |rounded| <= |minor|, so it fits back into an i64.
        let minor = i64::try_from(rounded).unwrap_or(self.minor);
        Money {
            minor,
            currency: self.currency,
        }
    }
}

impl fmt::Display for Money {
    /// `1250.00 USD`: the decimal form and the code, unambiguous in logs and messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal(), self.currency)
    }
}

/// The serialized shape of [`Money`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneyText {
    amount: String,
    currency: Currency,
}

impl TryFrom<MoneyText> for Money {
    type Error = QuantityError;
    fn try_from(value: MoneyText) -> Result<Self, Self::Error> {
        Money::parse_decimal(&value.amount, value.currency)
    }
}

impl From<Money> for MoneyText {
    fn from(value: Money) -> Self {
        MoneyText {
            amount: value.to_decimal(),
            currency: value.currency,
        }
    }
}

/// Whether a refused amount was well-formed but out of range, to say so instead of "malformed".
fn looks_too_large(input: &str, digits: u8) -> bool {
    let body = input.strip_prefix('-').unwrap_or(input);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= usize::from(digits)
        && !(body.contains('.') && frac.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(text: &str) -> Money {
        Money::parse_decimal(text, Currency::USD).unwrap()
    }

    #[test]
    fn currency_table_is_sorted_and_knows_zero_decimal_currencies() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        for code in [
            "USD", "EUR", "JPY", "GBP", "CHF", "CAD", "AUD", "INR", "BRL", "KRW", "CNY", "SEK",
            "NOK", "DKK", "PLN",
        ] {
            let currency = Currency::parse(code).unwrap();
            assert_eq!(currency.code(), code);
        }
        assert_eq!(Currency::parse("JPY").unwrap().minor_digits(), 0);
        assert_eq!(Currency::parse("KRW").unwrap().minor_digits(), 0);
        assert_eq!(Currency::parse("USD").unwrap(), Currency::USD);
        assert_eq!(Currency::parse("EUR").unwrap(), Currency::EUR);
        assert_eq!(Currency::parse("JPY").unwrap(), Currency::JPY);
        for bad in ["usd", "XXX", "US", "USDD", ""] {
            assert!(Currency::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn money_parses_strictly_by_currency_digits() {
        assert_eq!(usd("1250.00").minor, 125_000);
        assert_eq!(usd("1250.5").minor, 125_050);
        assert_eq!(usd("-250.00").minor, -25_000);
        assert_eq!(usd("7").minor, 700);
        let yen = Money::parse_decimal("1250", Currency::JPY).unwrap();
        assert_eq!(yen.minor, 1250);
        for bad in [
            "1250.001", "1,250.00", "$5", "+5", " 5", "5.", ".5", "", "1e3",
        ] {
            assert!(
                Money::parse_decimal(bad, Currency::USD).is_err(),
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn money_error_names_value_and_allowed_digits() {
        let err = Money::parse_decimal("1250.5", Currency::JPY).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("\"1250.5\""), "{text}");
        assert!(text.contains("JPY"), "{text}");
        assert!(text.contains("at most 0 decimal"), "{text}");
        let err = Money::parse_decimal("10.125", Currency::USD).unwrap_err();
        assert!(err.to_string().contains("at most 2 decimal"), "{err}");
        let err = Money::parse_decimal("99999999999999999999", Currency::USD).unwrap_err();
        assert_eq!(err, QuantityError::Overflow("99999999999999999999".into()));
    }

    #[test]
    fn money_formats_back_with_all_decimals() {
        assert_eq!(usd("1250.5").to_decimal(), "1250.50");
        assert_eq!(usd("-0.05").to_decimal(), "-0.05");
        assert_eq!(usd("1900").to_string(), "1900.00 USD");
        let yen = Money::parse_decimal("-3", Currency::JPY).unwrap();
        assert_eq!(yen.to_decimal(), "-3");
    }

    #[test]
    fn upgrade_discount_r11_takes_25_percent_off_gold() {
        // R11: 25% off the default gold fee of 5,100 USD is 3,825 USD.
        assert_eq!(usd("5100.00").less_percent(25), usd("3825.00"));
        assert_eq!(
            usd("0.01").less_percent(50),
            usd("0.01"),
            "half a cent rounds up"
        );
        assert_eq!(usd("-0.01").less_percent(50), usd("-0.01"));
        assert_eq!(usd("10.00").less_percent(0), usd("10.00"));
        assert_eq!(usd("10.00").less_percent(100), usd("0"));
        assert_eq!(usd("10.00").less_percent(200), usd("0"));
    }

    #[test]
    fn money_adds_only_the_same_currency() {
        assert_eq!(usd("1.50").checked_add(usd("2.50")), Some(usd("4.00")));
        let yen = Money::new(5, Currency::JPY);
        assert_eq!(usd("1.00").checked_add(yen), None);
        assert_eq!(
            Money::new(i64::MAX, Currency::USD).checked_add(usd("0.01")),
            None
        );
    }

    proptest! {
        #[test]
        fn money_round_trips_in_every_currency(minor in (i64::MIN + 1)..=i64::MAX, index in 0usize..CURRENCIES.len()) {
            let currency = Currency::parse(CURRENCIES[index].0).unwrap();
            let money = Money::new(minor, currency);
            prop_assert_eq!(Money::parse_decimal(&money.to_decimal(), currency), Ok(money));
        }
    }
}
