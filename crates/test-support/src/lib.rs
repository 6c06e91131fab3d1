//! What the integration tests of `lpc-web` and `lpc` share: a reqwest client that fills forms
//! like a browser without JavaScript, the CSRF token of a page, `multipart/form-data` uploads,
//! links in mail, a raw request that declares a body it never sends, and temporary SQLite
//! databases. A dev-dependency only: each crate's `tests/support` module re-exports these
//! next to what is its own (how its server is started, its fixtures).
//!
//! # Layout
//! - [`site`]: [`Site`], the server a test talks to, named by its base URL.
//! - [`client`]: browser-like clients ([`browser`], [`browser_no_redirects`],
//!   [`browser_with_jar`]), the session cookie ([`cookie_header`]) and [`get`].
//! - [`forms`]: a page's CSRF token ([`csrf_of`]) and form submission ([`submit`],
//!   [`submit_text`], [`submit_multipart`]).
//! - [`mail`]: the links a mail carries ([`link_in`]).
//! - [`declared_body`]: [`answer_to_declared_body`], the answer to a request head alone.
//! - [`database`]: temporary SQLite databases ([`temp_sqlite`], [`sqlite_url_in`]).

// Test support: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod client;
pub mod database;
pub mod declared_body;
pub mod forms;
pub mod mail;
pub mod site;

pub use client::{browser, browser_no_redirects, browser_with_jar, cookie_header, get};
pub use database::{sqlite_url_in, temp_sqlite};
pub use declared_body::answer_to_declared_body;
pub use forms::{FormFile, csrf_of, submit, submit_multipart, submit_text};
pub use mail::link_in;
pub use site::Site;
