//! `lpc-web`: the HTTP face of lpc.
//!
//! An axum router over the use cases of `lpc-app`. It parses requests, asks `app` (which
//! decides permissions), and renders the answer; it never talks to the store on its own except
//! for the readiness probe.
//!
//! # Layout
//! - [`router`]: assembles every route and middleware into one [`axum::Router`].
//! - [`auth`]: who is calling the API (bearer tokens).
//! - [`client_addr`]: the client's address, from `X-Forwarded-For` only behind a trusted proxy.
//! - [`api`]: the JSON API under `/api/v1`, one module per resource.
//! - [`health`]: `/healthz` (the process answers) and `/readyz` (the database answers).
//! - [`metrics`]: `/metrics` in Prometheus text, and the middleware that feeds it.
//! - [`error`]: [`ApiError`], one enum for every failure, its status code, and RFC 9457 bodies.
//! - [`view_cache`]: dashboards, charts and report JSON derived from frozen publications,
//!   kept in memory.
//! - [`content_coding`]: gzip, compressed once, for those cached bodies.
//! - [`server`]: binding, serving and graceful shutdown.
//! - [`ui`]: the partner portal in HTML (askama templates in `templates/`, Fluent messages in
//!   `locales/{en,ja,it}/` at the repository root, Pico CSS from `assets/` embedded by
//!   `build.rs`): sessions in the database, CSRF, sign-up, sign-in, password reset,
//!   invitations, `/partner/{mpn}` pages.

pub mod api;
pub mod auth;
pub mod client_addr;
pub mod content_coding;
pub mod error;
pub mod health;
pub mod metrics;
pub mod openapi;
pub mod router;
pub mod server;
pub mod ui;
pub mod view_cache;

pub use error::ApiError;
pub use router::router;
pub use router::router_with;
pub use server::serve;
pub use server::serve_with;
pub use ui::UiConfig;
