//! Languages of the portal: English, Japanese and Italian, from the Fluent files in
//! `locales/{en,ja,it}/` at the repository root (embedded at build time), and the
//! locale-aware formatting of dates, numbers and money.
//!
//! Which language a page is in: the signed-in user's stored choice, then the `lang` cookie,
//! then the browser's `Accept-Language`, then English.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use jiff::civil::Date;
use lpc_domain::points::Money;

static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: they would end up in mail and in
        // e-mail addresses shown on pages.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static JA: LanguageIdentifier = langid!("ja");
static IT: LanguageIdentifier = langid!("it");

/// A language the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ja,
    It,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ja, Lang::It];

    /// The BCP 47 code used in `<html lang>`, the cookie and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::It => "it",
        }
    }

    /// The language's own name, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
            Lang::It => "Italiano",
        }
    }

    /// `ja`, `ja-JP`, `IT`, `en-US`... (the primary subtag decides).
    pub fn parse(text: &str) -> Option<Lang> {
        let primary = text.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            "it" => Some(Lang::It),
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header, by its q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (index, item) in header.split(',').enumerate() {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            // Higher q wins; on a tie, the one listed first.
            let better = match best {
                None => true,
                Some((bq, bi, _)) => q > bq || (q == bq && index < bi),
            };
            if better {
                best = Some((q, index, lang));
            }
        }
        best.map(|(_, _, lang)| lang)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
            Lang::It => &IT,
        }
    }

    /// The message `key` in this language (English when missing, the key itself when unknown).
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.id(), key)
    }

    /// The message `key` if this language or its fallback (English) has it.
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.id(), key)
    }

    /// The message `key` with its `{ $name }` arguments. An argument written as a plain
    /// integer goes in as a number, so that `[one]` / `*[other]` variants select by it.
    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v.parse::<i64>() {
                    Ok(n) if n.to_string() == *v => FluentValue::from(n),
                    _ => FluentValue::from(v.clone()),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        LOCALES.lookup_with_args(self.id(), key, &args)
    }

    /// `Nov 22, 2026`, `2026年11月22日`, `22/11/2026`.
    pub fn date(self, date: Date) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (y, m, d) = (date.year(), date.month(), date.day());
        match self {
            Lang::En => {
                let name = MONTHS
                    .get(usize::try_from(m - 1).unwrap_or(0))
                    .copied()
                    .unwrap_or("");
                format!("{name} {d}, {y}")
            }
            Lang::Ja => format!("{y}年{m}月{d}日"),
            Lang::It => format!("{d:02}/{m:02}/{y}"),
        }
    }

    /// `1,240` (en, ja) or `1.240` (it).
    pub fn number(self, n: i64) -> String {
        group(&n.unsigned_abs().to_string(), self.thousands(), n < 0)
    }

    fn thousands(self) -> char {
        match self {
            Lang::En | Lang::Ja => ',',
            Lang::It => '.',
        }
    }

    /// `$1,900.00` (en, ja), `1.900,00 $` (it); other currencies by their code.
    pub fn money(self, money: Money) -> String {
        let text = money.to_decimal();
        let negative = text.starts_with('-');
        let digits = text.trim_start_matches('-');
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let whole = group(whole, self.thousands(), negative);
        let decimal = match self {
            Lang::En | Lang::Ja => '.',
            Lang::It => ',',
        };
        let amount = if fraction.is_empty() {
            whole
        } else {
            format!("{whole}{decimal}{fraction}")
        };
        let code = money.currency.code();
        match (self, code) {
            (Lang::En | Lang::Ja, "USD") => match amount.strip_prefix('-') {
                Some(rest) => format!("-${rest}"),
                None => format!("${amount}"),
            },
            (Lang::It, "USD") => format!("{amount} $"),
            (Lang::It, "EUR") => format!("{amount} €"),
            (Lang::Ja, "JPY") => format!("¥{amount}"),
            _ => format!("{amount} {code}"),
        }
    }
}

fn group(digits: &str, separator: char, negative: bool) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;
    use lpc_domain::points::Currency;

    /// Every one-line message of `lang`, by (file, key).
    fn messages(lang: &str) -> std::collections::BTreeMap<(String, String), String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../locales")
            .join(lang);
        let mut found = std::collections::BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some((key, value)) = line.split_once(" = ")
                    && !key.starts_with('#')
                    && !key.starts_with(' ')
                {
                    found.insert((file.clone(), key.to_owned()), value.to_owned());
                }
            }
        }
        found
    }

    /// Issue 16: no Japanese or Italian message is the English one copied, so half-translated
    /// pages cannot come back unnoticed. The exceptions are names and words kept as they are
    /// on purpose, each listed with its reason; a message of placeholders only has no words
    /// to translate. (The browser test e2e/tests/translations.test.mjs reads every page.)
    #[test]
    fn japanese_and_italian_messages_are_not_english_copies() {
        // Product and program names Microsoft keeps in English everywhere.
        const NAMES: &[&str] = &[
            "app-name",
            "home-title",
            "option-action_pack",
            "ovw-tier-action_pack",
            "dirpub-tier-action_pack",
            "dirpub-competency-devops",
            // The banks' own name for the code.
            "bank-bic",
            // The program document's own name (R8, R32), kept in English in Italy too.
            "resources-kind-guidelines",
        ];
        // Words Italian takes from English as they are, in Microsoft's Italian too.
        const ITALIAN_LOANWORDS: &[&str] = &[
            "nav-console",
            "field-password",
            "ops-directory-title",
            "ops-nav-directory",
            "ops-directory-col-partner",
            "ops-rules-what-if-partner",
            "ovw-col-partner",
            "ovw-col-server",
            "ops-cases-col-partner",
            "ops-payments-col-partner",
            "ops-publications-field-partner",
            "kpi-tier-silver",
            "ovw-tier-silver",
            "dirpub-tier-silver",
            "kpi-tier-gold",
            "ovw-tier-gold",
            "dirpub-tier-gold",
            "ops-imports-col-file",
            "ptn-col-email",
            "people-field-email",
            "field-email",
            "users-col-email",
            "nav-home",
            "reset-intro",
        ];
        let words = |text: &str| {
            let mut rest = text.to_owned();
            // Placeholders and selectors are not words.
            while let (Some(a), Some(b)) = (rest.find('{'), rest.find('}')) {
                if b < a {
                    break;
                }
                rest.replace_range(a..=b, " ");
            }
            // Acronyms (MPN ID, IBAN, KPI) read the same everywhere.
            rest.split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 3 && w.chars().any(|c| c.is_ascii_lowercase()))
                .count()
        };
        let english = messages("en");
        let mut copies = Vec::new();
        for lang in ["ja", "it"] {
            for ((file, key), value) in messages(lang) {
                let allowed = NAMES.contains(&key.as_str())
                    || (lang == "it" && ITALIAN_LOANWORDS.contains(&key.as_str()))
                    // Many countries are called in Italian as in English (Canada, Australia).
                    || (lang == "it" && file == "directory-countries.ftl")
                    // The first line of a multi-line select: its variants are checked apart.
                    || value.trim_end().ends_with("->");
                if english.get(&(file.clone(), key.clone())) == Some(&value)
                    && words(&value) >= 1
                    && !allowed
                {
                    copies.push(format!("{lang}/{file} {key} = {value}"));
                }
            }
        }
        assert!(copies.is_empty(), "English copies:\n{}", copies.join("\n"));
    }

    #[test]
    fn dates_numbers_and_money_follow_the_locale() {
        let d = date(2026, 11, 22);
        assert_eq!(Lang::En.date(d), "Nov 22, 2026");
        assert_eq!(Lang::Ja.date(d), "2026年11月22日");
        assert_eq!(Lang::It.date(d), "22/11/2026");
        assert_eq!(Lang::En.number(1240), "1,240");
        assert_eq!(Lang::Ja.number(1_000_000), "1,000,000");
        assert_eq!(Lang::It.number(1240), "1.240");
        assert_eq!(Lang::It.number(-999), "-999");
        let usd = Currency::parse("USD").unwrap();
        let fee = Money::new(190_000, usd);
        assert_eq!(Lang::En.money(fee), "$1,900.00");
        assert_eq!(Lang::It.money(fee), "1.900,00 $");
        assert_eq!(Lang::En.money(Money::new(-25_050, usd)), "-$250.50");
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(
            Lang::from_accept_language("ja-JP,ja;q=0.9,en;q=0.8"),
            Some(Lang::Ja)
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR, it;q=0.7, en;q=0.5"),
            Some(Lang::It)
        );
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(
            Lang::from_accept_language("en;q=0.2, it;q=0.9"),
            Some(Lang::It)
        );
    }

    #[test]
    fn every_language_has_every_message() {
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.to_owned()))
                .collect()
        };
        let en = [
            keys(include_str!("../../../../locales/en/portal.ftl")),
            keys(include_str!("../../../../locales/en/claims.ftl")),
        ]
        .concat();
        for (code, text) in [
            (
                "ja",
                [
                    include_str!("../../../../locales/ja/portal.ftl"),
                    include_str!("../../../../locales/ja/claims.ftl"),
                ]
                .concat(),
            ),
            (
                "it",
                [
                    include_str!("../../../../locales/it/portal.ftl"),
                    include_str!("../../../../locales/it/claims.ftl"),
                ]
                .concat(),
            ),
        ] {
            let theirs = keys(&text);
            for key in &en {
                assert!(theirs.contains(key), "{key} is missing in {code}");
            }
        }
        assert_eq!(Lang::Ja.t("col-anniversary"), "記念日");
        // Plurals select by a count given as text.
        assert_eq!(
            Lang::En.t_args("ovw-claims-waiting", &[("count", "1".into())]),
            "One claim of an organization waits for a decision."
        );
        assert_eq!(
            Lang::En.t_args("ovw-claims-waiting", &[("count", "3".into())]),
            "3 claims of organizations wait for a decision."
        );
        assert!(
            Lang::En
                .t_args("unverified-banner", &[("mpn", "8888888".into())])
                .contains("(MPN ID 8888888)")
        );
        assert_eq!(
            Lang::It.t_args("nav-signed-in-as", &[("email", "a@b.example".into())]),
            "Accesso eseguito come a@b.example"
        );
    }
}
