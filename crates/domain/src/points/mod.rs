//! Exact quantities: KPI points (fixed-point thousandths) and money (minor units + ISO 4217).
//!
//! Neither ever goes through a float in a computation: 0.5-point weights must add up exactly
//! over ten million invoice lines (R12, R20), and a fee must round-trip to the cent.
//!
//! - [`KpiPoints`]: fixed-point thousandths of a KPI point.
//! - [`Money`] and [`Currency`]: integer minor units of an ISO 4217 currency.

mod fixed;
mod kpi;
mod money;

pub use kpi::KpiPoints;
pub use money::{Currency, Money};

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
