//! Fixed-point decimal text: the one parser and formatter behind KPI points and money, so that
//! both refuse the same malformed inputs.

/// Parses `[-]digits[.fraction]` with 1..=`max_decimals` fraction digits into an integer scaled
/// by 10^`max_decimals`; `None` for anything else or on overflow.
pub(super) fn parse_fixed(input: &str, max_decimals: u32) -> Option<i64> {
    let (negative, body) = match input.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, frac),
        None => (body, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    if body.contains('.') && frac.is_empty() {
        return None;
    }
    let frac_len = u32::try_from(frac.len()).ok()?;
    if frac_len > max_decimals {
        return None;
    }
    let scale = 10_i64.checked_pow(max_decimals)?;
    let int_value: i64 = int.parse().ok()?;
    let frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse::<i64>().ok()? * 10_i64.checked_pow(max_decimals - frac_len)?
    };
    let magnitude = int_value.checked_mul(scale)?.checked_add(frac_value)?;
    Some(if negative { -magnitude } else { magnitude })
}

/// Formats an integer scaled by 10^`decimals`; with `trim`, trailing fraction zeros (and a
/// bare point) are dropped, as KPI points are shown.
pub(super) fn format_fixed(value: i64, decimals: u32, trim: bool) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    let scale = 10_u64.pow(decimals);
    let int = magnitude / scale;
    if decimals == 0 {
        return format!("{sign}{int}");
    }
    let frac = format!("{:0width$}", magnitude % scale, width = decimals as usize);
    let frac = if trim {
        frac.trim_end_matches('0')
    } else {
        &frac
    };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// `1234567` -> `1,234,567`.
pub(super) fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
