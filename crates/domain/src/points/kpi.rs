//! KPI points (R12, R20): thousandths of a point, so that 0.5-point weights add up exactly.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::QuantityError;
use super::fixed::{format_fixed, group_thousands, parse_fixed};

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as ValueError, F64Deserializer, I64Deserializer};

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
        assert_eq!(
            KpiPoints::from_thousandths(-1_000_500).grouped(),
            "-1,000.5"
        );
    }

    #[test]
    fn points_parse_refuses_more_than_thousandths() {
        assert_eq!(
            KpiPoints::parse("0.5"),
            Ok(KpiPoints::from_thousandths(500))
        );
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
    }
}
