//! How the KPI pages write points, money, months and OMLP types in the reader's language
//! (`1,240.5`, `1.240,5`; `March 2026`, `2026年3月`; `Microsoft Official Course`, `試験バウチャー`):
//! shared by the dashboard, its rows and chart, the case pages and the console.

use lpc_domain::calendar::YearMonth;
use lpc_domain::{Currency, KpiPoints, Money, RuleSet};

use super::context::Ctx;
use super::i18n::Lang;

/// KPI points in the page's language: `1,240.5` (en, ja), `1.240,5` (it).
pub(crate) fn points(lang: Lang, p: KpiPoints) -> String {
    let t = p.thousandths();
    let whole = lang.number(t / 1000);
    let frac = (t % 1000).unsigned_abs();
    let sign = if t < 0 && t / 1000 == 0 { "-" } else { "" };
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{frac:03}");
    let digits = digits.trim_end_matches('0');
    let decimal = if lang == Lang::It { ',' } else { '.' };
    format!("{sign}{whole}{decimal}{digits}")
}

/// A decimal string of `currency` in the page's language; the text itself when it is not one.
pub(crate) fn money_text(lang: Lang, amount: &str, currency: &str) -> String {
    Currency::parse(currency)
        .ok()
        .and_then(|c| Money::parse_decimal(amount, c).ok())
        .map_or_else(|| format!("{amount} {currency}"), |m| lang.money(m))
}

pub(crate) fn month_name(ctx: &Ctx, month: i8) -> String {
    ctx.t(&format!("kpi-month-{month}"))
}

/// `March 2026`, `2026年3月`, `marzo 2026`.
pub(crate) fn month_year(ctx: &Ctx, ym: YearMonth) -> String {
    ctx.t_args(
        "kpi-month-year",
        &[
            ("month", month_name(ctx, ym.month())),
            ("year", ym.year().to_string()),
        ],
    )
}

/// The name a person reads for an OMLP type: its translation (`omlp-<id>` in `locales/`) for
/// the types the program ships with, else the name the rule set gives, else the code (a type
/// added by an operator's rule set before anyone translated it).
pub(crate) fn type_name(lang: Lang, rules: Option<&RuleSet>, id: &str) -> String {
    if let Some(translated) = lang.try_t(&format!("omlp-{id}")) {
        return translated;
    }
    rules
        .and_then(|r| r.omlp_type(id))
        .and_then(|t| t.name.clone())
        .unwrap_or_else(|| id.to_owned())
}
