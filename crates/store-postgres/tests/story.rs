//! The shared story tests (`lpc_store::story`) against PostgreSQL.
//!
//! Each story gets a database of its own, created for it and dropped after it, on the server
//! named by `LPC_TEST_POSTGRES_URL` (default: the local server with trust authentication).
//! An unreachable server fails the tests: they are never skipped silently.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

lpc_store::story_tests!(support::run);
