//! The placeholders of statements that carry many rows or keys at once: `IN ($1, ..., $n)`
//! lists and multi-row `VALUES`. Each placeholder appears once, in order, so that SQLite
//! binds them by position (`lpc_store_sqlite`: binding n numbered ones costs n² there).

/// `$from, $from+1, ...`, `count` of them.
pub fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `VALUES` rows of a multi-row INSERT of `rows` rows, each with one placeholder per
/// cast of `casts` (`""` for none), numbered from `$1` row after row.
pub fn values(rows: usize, casts: &[&str]) -> String {
    (0..rows)
        .map(|i| {
            let first = 1 + i * casts.len();
            let row = casts
                .iter()
                .enumerate()
                .map(|(j, cast)| format!("${}{cast}", first + j))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({row})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::query::placeholders_ascend;

    #[test]
    fn every_row_takes_its_own_placeholders_in_order() {
        let rows = values(3, &["", "::date"]);
        assert_eq!(rows, "($1, $2::date), ($3, $4::date), ($5, $6::date)");
        assert!(placeholders_ascend(&rows));
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
    }
}
