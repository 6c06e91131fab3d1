//! The aggregates' traits of [`crate::Store`], implemented once for every SQL
//! [`Backend`](crate::sql::Backend): each method opens what it needs and runs the shared SQL.
//! Only [`crate::LedgerStore`] and the [`crate::Store`] core stay with each backend.

mod announcements;
mod cases;
mod directory;
mod jobs;
mod memberships;
mod outbox;
mod partners;
mod people;
mod program;
mod publications;
mod resources;
mod sessions;
mod throttles;
