//! Where "today" comes from.
//!
//! Every rule of the program is about dates, so no use case reads the system clock itself:
//! the CLI and the server build a [`SystemClock`] (honouring `--today`), tests a [`FixedClock`].

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// The source of the current date and instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The program's current date: the date the rules are evaluated on.
    fn today(&self) -> Date;
    /// The current instant, for timestamps in the audit log.
    fn now(&self) -> Timestamp;
}

/// The real clock in the program's time zone, optionally pinned to a date (`--today`).
#[derive(Debug, Clone)]
pub struct SystemClock {
    zone: TimeZone,
    today: Option<Date>,
}

impl SystemClock {
    pub fn new(zone: TimeZone, today: Option<Date>) -> Self {
        Self { zone, today }
    }
}

impl Clock for SystemClock {
    fn today(&self) -> Date {
        self.today
            .unwrap_or_else(|| Zoned::now().with_time_zone(self.zone.clone()).date())
    }

    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that always says the same date, for tests and reproducible runs.
#[derive(Debug, Clone)]
pub struct FixedClock {
    pub today: Date,
}

impl Clock for FixedClock {
    fn today(&self) -> Date {
        self.today
    }

    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}
