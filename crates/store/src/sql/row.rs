//! A fetched row as plain values, so that one decoder serves both databases.

use std::sync::Arc;

use crate::StoreError;

/// One column's value. Each backend maps its own types here: SQLite's storage classes, and
/// PostgreSQL's integers, text, booleans, bytes, and its dates and timestamps as ISO text (the
/// form SQLite stores them in).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    I64(i64),
    F64(f64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
}

/// A row: the result's column names (shared by its rows) and this row's values.
#[derive(Debug, Clone)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    /// A row of `values`, named by `columns` in the same order.
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Self {
        Self { columns, values }
    }

    /// The value of column `name`, converted to `T`.
    pub fn get<T: FromValue>(&self, name: &str) -> Result<T, StoreError> {
        let at = self
            .columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| StoreError::internal(format!("no column {name:?} in the row")))?;
        self.at(at)
            .map_err(|e| StoreError::corrupt(format!("column {name:?}: {e}")))
    }

    /// The value of the `index`th column (from 0), converted to `T`.
    pub fn at<T: FromValue>(&self, index: usize) -> Result<T, StoreError> {
        let value = self
            .values
            .get(index)
            .ok_or_else(|| StoreError::internal(format!("no column {index} in the row")))?;
        T::from_value(value)
    }

    /// The row as a tuple, by position.
    pub fn to<T: FromRow>(&self) -> Result<T, StoreError> {
        T::from_row(self)
    }

    /// The row's values, moved out: copying a database (`sql::copy`) hands them on as they
    /// are, without a copy of each text and blob.
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }
}

/// A Rust value a column converts to.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Result<Self, StoreError>;
}

fn mismatch(want: &str, value: &Value) -> StoreError {
    StoreError::corrupt(format!("expected {want}, found {value:?}"))
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Result<Self, StoreError> {
        match value {
            Value::I64(v) => Ok(*v),
            Value::Bool(v) => Ok(i64::from(*v)),
            other => Err(mismatch("an integer", other)),
        }
    }
}

macro_rules! narrow_integer {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: &Value) -> Result<Self, StoreError> {
                let wide = i64::from_value(value)?;
                <$t>::try_from(wide).map_err(|_| {
                    StoreError::corrupt(format!("{wide} is out of range for {}", stringify!($t)))
                })
            }
        }
    )*};
}
narrow_integer!(i32, u32, u64, usize, u8, i16);

impl FromValue for f64 {
    fn from_value(value: &Value) -> Result<Self, StoreError> {
        match value {
            Value::F64(v) => Ok(*v),
            #[allow(clippy::cast_precision_loss)]
            Value::I64(v) => Ok(*v as f64),
            other => Err(mismatch("a number", other)),
        }
    }
}

/// SQLite has no boolean: it stores 0 and 1.
impl FromValue for bool {
    fn from_value(value: &Value) -> Result<Self, StoreError> {
        match value {
            Value::Bool(v) => Ok(*v),
            Value::I64(0) => Ok(false),
            Value::I64(1) => Ok(true),
            other => Err(mismatch("a boolean", other)),
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<Self, StoreError> {
        match value {
            Value::Text(v) => Ok(v.clone()),
            other => Err(mismatch("text", other)),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Result<Self, StoreError> {
        match value {
            Value::Bytes(v) => Ok(v.clone()),
            Value::Text(v) => Ok(v.clone().into_bytes()),
            other => Err(mismatch("bytes", other)),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self, StoreError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

/// A tuple read from a row by position, for short queries.
pub trait FromRow: Sized {
    fn from_row(row: &Row) -> Result<Self, StoreError>;
}

macro_rules! tuple_from_row {
    ($($t:ident $i:tt),+) => {
        impl<$($t: FromValue),+> FromRow for ($($t,)+) {
            fn from_row(row: &Row) -> Result<Self, StoreError> {
                Ok(($(row.at::<$t>($i)?,)+))
            }
        }
    };
}
tuple_from_row!(A 0);
tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: Vec<Value>) -> Row {
        let names: Vec<String> = (0..values.len()).map(|i| format!("c{i}")).collect();
        Row::new(names.into(), values)
    }

    #[test]
    fn sqlite_integers_read_as_booleans_and_nulls_as_none() {
        let r = row(vec![Value::I64(1), Value::Null, Value::Text("x".into())]);
        assert!(r.get::<bool>("c0").unwrap());
        assert_eq!(r.get::<Option<String>>("c1").unwrap(), None);
        assert_eq!(r.get::<Option<String>>("c2").unwrap().as_deref(), Some("x"));
        assert!(r.get::<i64>("c2").is_err(), "text is not an integer");
        assert!(r.get::<i64>("nope").is_err());
        let (a, b): (i64, Option<i64>) = r.to::<(i64, Option<i64>)>().unwrap();
        assert_eq!((a, b), (1, None));
    }

    #[test]
    fn narrowing_refuses_values_out_of_range() {
        let r = row(vec![Value::I64(-1)]);
        assert!(r.get::<u32>("c0").is_err());
        assert_eq!(r.get::<i32>("c0").unwrap(), -1);
    }
}
