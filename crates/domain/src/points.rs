//! Exact quantities: KPI points (fixed-point thousandths) and money (minor units + ISO 4217).
//!
//! Neither ever goes through a float in a computation: 0.5-point weights must add up exactly
//! over ten million invoice lines (R12, R20), and a fee must round-trip to the cent.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text could not become points, a currency or an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("KPI points {0:?} must be a decimal number with at most 3 decimals, like 1240.5")]
    Points(String),
    #[error("currency {0:?} is not an ISO 4217 code this program accepts ({known})", known = Currency::known_codes())]
    Currency(String),
    #[error(
        "amount {value:?} is not a decimal amount of {currency} with at most {digits} decimal(s), like {example}"
    )]
    Amount {
        value: String,
        currency: Currency,
        digits: u8,
        example: &'static str,
    },
    #[error("amount {0:?} is too large")]
    Overflow(String),
}

/// KPI points, kept in thousandths of a point so that fractional weights add up exactly.
///
/// Displayed plainly (`1240.5`, `1000`, `-0.25`) and serialized as a JSON number; see
/// [`KpiPoints::grouped`] for the `1,240.5` form used in sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KpiPoints(i64);

impl KpiPoints {
    pub const ZERO: KpiPoints = KpiPoints(0);
    const SCALE: i64 = 1000;

    /// Points from a count of thousandths (`500` is half a point); the storage form.
    pub const fn from_thousandths(thousandths: i64) -> Self {
        Self(thousandths)
    }

    /// Whole points; saturates instead of overflowing (beyond 9.2e15 points, never reached).
    pub const fn whole(points: i64) -> Self {
        Self(points.saturating_mul(Self::SCALE))
    }

    pub const fn thousandths(self) -> i64 {
        self.0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Parses `1240.5`, `-2`, `0.125`; refuses more than three decimals rather than rounding.
    pub fn parse(input: &str) -> Result<Self, QuantityError> {
        parse_fixed(input, 3)
            .map(Self)
            .ok_or_else(|| QuantityError::Points(input.to_owned()))
    }

    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }

    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).map(Self)
    }

    /// The points `units` purchase units earn at this weight per unit (R12, R20); `None` on
    /// overflow. Negative units (credit notes, R13) give negative points.
    pub fn checked_times(self, units: i64) -> Option<Self> {
        self.0.checked_mul(units).map(Self)
    }

    /// The smaller of the two; used to apply caps.
    pub fn min(self, other: Self) -> Self {
        Self(self.0.min(other.0))
    }

    /// The amount with thousands separators (`1,240.5`), for sentences shown to people.
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (int, frac) = match rest.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (rest, None),
        };
        let mut out = String::from(sign);
        out.push_str(&group_thousands(int));
        if let Some(frac) = frac {
            out.push('.');
            out.push_str(frac);
        }
        out
    }

    /// The value as a float, only for serialization (exact for any realistic total: the
    /// shortest decimal that reads back to the same double is the fixed-point value itself).
    fn as_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }
}

impl fmt::Display for KpiPoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_fixed(self.0, 3, true))
    }
}

impl FromStr for KpiPoints {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Add for KpiPoints {
    type Output = Self;
    /// Overflow needs 9.2e15 points; it panics in debug builds like any integer.
    fn add(self, rhs: Self) -> Self {
        Self(self.0 + rhs.0)
    }
}

impl AddAssign for KpiPoints {
    fn add_assign(&mut self, rhs: Self) {
        self.0 += rhs.0;
    }
}

impl Sub for KpiPoints {
    type Output = Self;
    fn sub(self, rhs: Self) -> Self {
        Self(self.0 - rhs.0)
    }
}

impl Neg for KpiPoints {
    type Output = Self;
    fn neg(self) -> Self {
        Self(-self.0)
    }
}

impl Sum for KpiPoints {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

impl Serialize for KpiPoints {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Whole numbers as integers (`1000`, not `1000.0`), fractions as the exact decimal.
        if self.0 % Self::SCALE == 0 {
            serializer.serialize_i64(self.0 / Self::SCALE)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for KpiPoints {
    /// Accepts a number (`1`, `0.5`, as TOML and JSON write them) or a decimal string.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PointsVisitor;

        impl Visitor<'_> for PointsVisitor {
            type Value = KpiPoints;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("KPI points: a number with at most 3 decimals, like 0.5")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KpiPoints, E> {
                v.checked_mul(KpiPoints::SCALE)
                    .map(KpiPoints)
                    .ok_or_else(|| E::custom(format!("{v} KPI points is too large")))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KpiPoints, E> {
                i64::try_from(v)
                    .map_err(|_| E::custom(format!("{v} KPI points is too large")))
                    .and_then(|v| self.visit_i64(v))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KpiPoints, E> {
                // Go through the shortest decimal form so that 0.1 means exactly 100
                // thousandths, and refuse what thousandths cannot hold instead of rounding.
                KpiPoints::parse(&v.to_string()).map_err(E::custom)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<KpiPoints, E> {
                KpiPoints::parse(v).map_err(E::custom)
            }
        }

        deserializer.deserialize_any(PointsVisitor)
    }
}

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

    fn known_codes() -> String {
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

/// Parses `[-]digits[.fraction]` with 1..=`max_decimals` fraction digits into an integer scaled
/// by 10^`max_decimals`; `None` for anything else or on overflow.
fn parse_fixed(input: &str, max_decimals: u32) -> Option<i64> {
    let (negative, body) = match input.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, frac),
        None => (body, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    if body.contains('.') && frac.is_empty() {
        return None;
    }
    let frac_len = u32::try_from(frac.len()).ok()?;
    if frac_len > max_decimals {
        return None;
    }
    let scale = 10_i64.checked_pow(max_decimals)?;
    let int_value: i64 = int.parse().ok()?;
    let frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse::<i64>().ok()? * 10_i64.checked_pow(max_decimals - frac_len)?
    };
    let magnitude = int_value.checked_mul(scale)?.checked_add(frac_value)?;
    Some(if negative { -magnitude } else { magnitude })
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

/// Formats an integer scaled by 10^`decimals`; with `trim`, trailing fraction zeros (and a
/// bare point) are dropped, as KPI points are shown.
fn format_fixed(value: i64, decimals: u32, trim: bool) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    let scale = 10_u64.pow(decimals);
    let int = magnitude / scale;
    if decimals == 0 {
        return format!("{sign}{int}");
    }
    let frac = format!(
        "{:0width$}",
        magnitude % scale,
        width = decimals as usize
    );
    let frac = if trim { frac.trim_end_matches('0') } else { &frac };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// `1234567` -> `1,234,567`.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, F64Deserializer, I64Deserializer};

    fn usd(text: &str) -> Money {
        Money::parse_decimal(text, Currency::USD).unwrap()
    }

    #[test]
    fn points_display_plainly_without_trailing_zeros() {
        assert_eq!(KpiPoints::from_thousandths(1_240_500).to_string(), "1240.5");
        assert_eq!(KpiPoints::whole(1000).to_string(), "1000");
        assert_eq!(KpiPoints::from_thousandths(-250).to_string(), "-0.25");
        assert_eq!(KpiPoints::from_thousandths(1).to_string(), "0.001");
        assert_eq!(KpiPoints::ZERO.to_string(), "0");
    }

    #[test]
    fn points_grouped_for_sentences() {
        assert_eq!(KpiPoints::from_thousandths(1_240_500).grouped(), "1,240.5");
        assert_eq!(KpiPoints::whole(1_000_000).grouped(), "1,000,000");
        assert_eq!(KpiPoints::whole(640).grouped(), "640");
        assert_eq!(KpiPoints::from_thousandths(-1_000_500).grouped(), "-1,000.5");
    }

    #[test]
    fn points_parse_refuses_more_than_thousandths() {
        assert_eq!(KpiPoints::parse("0.5"), Ok(KpiPoints::from_thousandths(500)));
        assert_eq!(KpiPoints::parse("-2"), Ok(KpiPoints::whole(-2)));
        for bad in ["", "0.0005", "1.", ".5", "+1", "1,000", " 1", "1e3", "--1"] {
            assert!(KpiPoints::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn half_point_weights_add_up_exactly_r12_r20() {
        // R12/R20: 0.5 points per unit over many lines must not drift like floats do.
        let half = KpiPoints::parse("0.5").unwrap();
        let total: KpiPoints = (0..10_000).map(|_| half.checked_times(3).unwrap()).sum();
        assert_eq!(total, KpiPoints::whole(15_000));
        let tenth = KpiPoints::parse("0.1").unwrap();
        let total: KpiPoints = (0..10).map(|_| tenth).sum();
        assert_eq!(total, KpiPoints::whole(1));
    }

    #[test]
    fn points_deserialize_from_integers_floats_and_strings() {
        let from_int = KpiPoints::deserialize(I64Deserializer::<ValueError>::new(300)).unwrap();
        assert_eq!(from_int, KpiPoints::whole(300));
        let from_float = KpiPoints::deserialize(F64Deserializer::<ValueError>::new(0.5)).unwrap();
        assert_eq!(from_float, KpiPoints::from_thousandths(500));
        let from_tenth = KpiPoints::deserialize(F64Deserializer::<ValueError>::new(0.1)).unwrap();
        assert_eq!(from_tenth, KpiPoints::from_thousandths(100));
        let from_str =
            KpiPoints::deserialize(IntoDeserializer::<ValueError>::into_deserializer("1.25"))
                .unwrap();
        assert_eq!(from_str, KpiPoints::from_thousandths(1250));
        assert!(KpiPoints::deserialize(F64Deserializer::<ValueError>::new(0.0001)).is_err());
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
        for bad in ["1250.001", "1,250.00", "$5", "+5", " 5", "5.", ".5", "", "1e3"] {
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
        assert_eq!(usd("0.01").less_percent(50), usd("0.01"), "half a cent rounds up");
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
        assert_eq!(Money::new(i64::MAX, Currency::USD).checked_add(usd("0.01")), None);
    }

    proptest! {
        #[test]
        fn points_round_trip_through_text(thousandths in -10_000_000_000_000i64..10_000_000_000_000) {
            let points = KpiPoints::from_thousandths(thousandths);
            prop_assert_eq!(KpiPoints::parse(&points.to_string()), Ok(points));
            prop_assert_eq!(points.grouped().replace(',', ""), points.to_string());
        }

        #[test]
        fn points_float_form_reads_back_exactly(thousandths in -10_000_000_000_000i64..10_000_000_000_000) {
            // The JSON number (shortest f64 form) must parse back to the same thousandths.
            let points = KpiPoints::from_thousandths(thousandths);
            prop_assert_eq!(KpiPoints::parse(&points.as_f64().to_string()), Ok(points));
        }

        #[test]
        fn money_round_trips_in_every_currency(minor in any::<i64>(), index in 0usize..CURRENCIES.len()) {
            let currency = Currency::parse(CURRENCIES[index].0).unwrap();
            let money = Money::new(minor, currency);
            prop_assert_eq!(Money::parse_decimal(&money.to_decimal(), currency), Ok(money));
        }
    }
}
