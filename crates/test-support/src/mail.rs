//! The links a mail carries back to the server (confirmations, invitations, resets).

use crate::Site;

/// The path of the first link in `body` on `server` that starts with `prefix`.
pub fn link_in(server: &impl Site, body: &str, prefix: &str) -> String {
    let base = server.base();
    let start = format!("{base}{prefix}");
    let at = body
        .find(&start)
        .unwrap_or_else(|| panic!("no {prefix} link in {body}"));
    body[at + base.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}
