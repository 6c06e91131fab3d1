//! Reads a rule set's dates whether the file wrote them as TOML dates or as strings.
//!
//! `effective_from = 2020-07-01` is a TOML local date, which TOML deserializers hand over as a
//! one-entry map (`{"$__toml_private_datetime": "2020-07-01"}`) rather than a string, and
//! jiff's `Date` only reads strings. Accepting both keeps the domain free of the `toml` crate.

use std::fmt;

use jiff::civil::Date;
use serde::Deserializer;
use serde::de::{self, MapAccess, Visitor};

/// The key under which TOML deserializers pass a date or datetime.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

/// Deserializes a `YYYY-MM-DD` date from a string or a TOML local date.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    deserializer.deserialize_any(DateVisitor)
}

/// Parses exactly `YYYY-MM-DD`: a TOML datetime with a time is refused, not truncated.
pub(crate) fn parse(text: &str) -> Result<Date, String> {
    let well_formed = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !well_formed {
        return Err(format!(
            "date {text:?} must be written YYYY-MM-DD, like 2020-07-01"
        ));
    }
    text.parse::<Date>()
        .map_err(|e| format!("date {text:?} is not a calendar date: {e}"))
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Date, E> {
        parse(value).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::custom(
                "expected a date YYYY-MM-DD, found an empty table",
            ));
        };
        if key != TOML_DATETIME_KEY {
            return Err(de::Error::custom(
                "expected a date YYYY-MM-DD, found a table",
            ));
        }
        let text: String = map.next_value()?;
        parse(&text).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, MapDeserializer};

    #[test]
    fn reads_strings_and_toml_dates() {
        let from_str = deserialize(IntoDeserializer::<ValueError>::into_deserializer(
            "2020-07-01",
        ));
        assert_eq!(from_str, Ok(date(2020, 7, 1)));
        let toml_like =
            MapDeserializer::<_, ValueError>::new([(TOML_DATETIME_KEY, "2021-06-30")].into_iter());
        assert_eq!(deserialize(toml_like), Ok(date(2021, 6, 30)));
    }

    #[test]
    fn refuses_datetimes_other_tables_and_impossible_dates() {
        for bad in [
            "2020-07-01T00:00:00",
            "2020-7-1",
            "2021-02-29",
            "01/07/2020",
            "",
        ] {
            let input = IntoDeserializer::<ValueError>::into_deserializer(bad);
            assert!(deserialize(input).is_err(), "{bad:?} must be refused");
        }
        let other = MapDeserializer::<_, ValueError>::new([("year", "2020")].into_iter());
        assert!(deserialize(other).is_err());
    }
}
