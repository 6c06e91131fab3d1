//! [`Site`]: the server a test talks to, whatever started it (in process or as a child
//! process), named by its base URL.

/// A running server the helpers of this crate send requests to.
pub trait Site {
    /// Its base URL, `http://ADDR` without a trailing slash.
    fn base(&self) -> &str;

    /// The URL of `path` (which starts with `/`) on this server.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }
}

/// A reference to a site is that site: helpers called with `&server` where `server` is
/// already a reference still find it.
impl<T: Site + ?Sized> Site for &T {
    fn base(&self) -> &str {
        (**self).base()
    }
}
