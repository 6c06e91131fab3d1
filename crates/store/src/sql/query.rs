//! A statement and its arguments, as the shared SQL hands them to a backend.

use std::borrow::Cow;

/// One argument of a statement. Borrowed text and bytes are bound without a copy.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'q> {
    /// SQL `NULL`, from a `None` of a value of this kind (PostgreSQL types its parameters).
    Null(Kind),
    I64(i64),
    F64(f64),
    Bool(bool),
    Text(Cow<'q, str>),
    Bytes(Cow<'q, [u8]>),
}

/// What a `NULL` argument would have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Real,
    Boolean,
    Text,
    Bytes,
}

/// A type an argument can be made of, and so a `NULL` of.
pub trait Bindable {
    /// The kind of a `None` of this type.
    const KIND: Kind;
}

macro_rules! bindable {
    ($kind:ident: $($t:ty),*) => {$(impl Bindable for $t { const KIND: Kind = Kind::$kind; })*};
}
bindable!(Integer: i64, i32, u32);
bindable!(Real: f64);
bindable!(Boolean: bool);
bindable!(Text: &str, String, &String);
bindable!(Bytes: &[u8], Vec<u8>, &Vec<u8>);

/// A statement with `$1`, `$2`, ... placeholders and the arguments bound to them, in order.
///
/// Placeholders must first appear in ascending order: SQLite numbers `$N` parameters by their
/// first appearance, not by `N` (see `placeholders_ascend` below).
#[derive(Debug, Clone)]
pub struct Query<'q> {
    sql: Cow<'q, str>,
    args: Vec<Arg<'q>>,
}

/// Starts a [`Query`] on `sql`, a constant or a string built from constants (never from input).
pub fn sql<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query {
        sql: sql.into(),
        args: Vec::new(),
    }
}

impl<'q> Query<'q> {
    /// Binds the next placeholder.
    #[must_use]
    pub fn bind(mut self, value: impl Into<Arg<'q>>) -> Self {
        self.args.push(value.into());
        self
    }

    /// The statement's text.
    pub fn text(&self) -> &str {
        &self.sql
    }

    /// The text and the arguments, for a backend to run.
    pub fn into_parts(self) -> (Cow<'q, str>, Vec<Arg<'q>>) {
        (self.sql, self.args)
    }
}

impl From<i64> for Arg<'_> {
    fn from(v: i64) -> Self {
        Self::I64(v)
    }
}
impl From<i32> for Arg<'_> {
    fn from(v: i32) -> Self {
        Self::I64(i64::from(v))
    }
}
impl From<u32> for Arg<'_> {
    fn from(v: u32) -> Self {
        Self::I64(i64::from(v))
    }
}
impl From<f64> for Arg<'_> {
    fn from(v: f64) -> Self {
        Self::F64(v)
    }
}
impl From<bool> for Arg<'_> {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}
impl<'q> From<&'q str> for Arg<'q> {
    fn from(v: &'q str) -> Self {
        Self::Text(Cow::Borrowed(v))
    }
}
impl<'q> From<&'q String> for Arg<'q> {
    fn from(v: &'q String) -> Self {
        Self::Text(Cow::Borrowed(v))
    }
}
impl From<String> for Arg<'_> {
    fn from(v: String) -> Self {
        Self::Text(Cow::Owned(v))
    }
}
impl<'q> From<&'q [u8]> for Arg<'q> {
    fn from(v: &'q [u8]) -> Self {
        Self::Bytes(Cow::Borrowed(v))
    }
}
impl<'q> From<&'q Vec<u8>> for Arg<'q> {
    fn from(v: &'q Vec<u8>) -> Self {
        Self::Bytes(Cow::Borrowed(v))
    }
}
impl From<Vec<u8>> for Arg<'_> {
    fn from(v: Vec<u8>) -> Self {
        Self::Bytes(Cow::Owned(v))
    }
}
impl<'q, T: Into<Arg<'q>> + Bindable> From<Option<T>> for Arg<'q> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Null(T::KIND), Into::into)
    }
}

/// Whether each `$N` of `sql` first appears after `$1..$N-1`, as SQLite needs.
pub fn placeholders_ascend(sql: &str) -> bool {
    let mut seen = 0u32;
    let bytes = sql.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let digits: String = sql[i + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.parse::<u32>() {
                if n > seen + 1 {
                    return false;
                }
                seen = seen.max(n);
            }
            i += 1 + digits.len();
        } else {
            i += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::placeholders_ascend;

    #[test]
    fn placeholders_must_first_appear_in_order() {
        assert!(placeholders_ascend("SELECT $1, $2, $1, $3"));
        assert!(!placeholders_ascend("SELECT $2, $1"));
        assert!(!placeholders_ascend("VALUES ($1, $3)"));
        assert!(placeholders_ascend("SELECT '$' || $1"));
    }
}
