//! The mail of an announcement in each language the program speaks (R32): the announcement's
//! own title and text in that language (else the English ones, and the mail says so), framed
//! by a sentence in the reader's language.
//!
//! The scheduler queues these mails without a page or a reader's session, so their few fixed
//! sentences live here, in English, Japanese and Italian, rather than in the web's Fluent
//! files.

use lpc_store::{Announcement, LocalizedMail};

use super::input::LANGS;

/// The program's name, kept in English in every language (as on the pages).
const PROGRAM: &str = "Learning Partner Program";

/// Why the reader gets this mail, in `lang`.
fn footer(lang: &str) -> &'static str {
    match lang {
        "ja" => {
            "このお知らせは、Learning Partner Program からパートナー管理者の皆様に一度だけお送りしています (R32)。\
             掲載期間中は、組織の概要ページにも表示されます。"
        }
        "it" => {
            "Ricevi questo annuncio del Learning Partner Program una sola volta, come \
             amministratore del partner (R32). Fino alla sua scadenza è visibile anche nella \
             pagina di riepilogo della tua organizzazione."
        }
        _ => {
            "You receive this announcement of the Learning Partner Program once, as a partner \
             admin (R32). Until it ends it is also shown on your organization's overview page."
        }
    }
}

/// What a reader of `lang` is told when the announcement has no version in it.
fn in_english(lang: &str) -> &'static str {
    match lang {
        "ja" => "このお知らせにはまだ日本語版がないため、英語版をお送りします。",
        "it" => "Questo annuncio non ha ancora una versione in italiano: ecco quella in inglese.",
        _ => "",
    }
}

/// The mail of `announcement` for the admins who read `lang`.
pub fn compose(announcement: &Announcement, lang: &str) -> Option<LocalizedMail> {
    let (text, fell_back) = announcement.text_in(lang)?;
    let mut body = String::new();
    if fell_back {
        body.push_str(in_english(lang));
        body.push_str("\n\n");
    }
    body.push_str(&text.title);
    body.push_str("\n\n");
    body.push_str(&text.body);
    body.push_str("\n\n-- \n");
    body.push_str(footer(lang));
    body.push('\n');
    Some(LocalizedMail {
        lang: lang.to_owned(),
        subject: format!("[{PROGRAM}] {}", text.title),
        body,
    })
}

/// The mail of `announcement` in every language (English always: it has an English text).
pub fn every_language(announcement: &Announcement) -> Vec<LocalizedMail> {
    LANGS
        .iter()
        .filter_map(|lang| compose(announcement, lang))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::Timestamp;
    use jiff::civil::date;
    use lpc_store::AnnouncementText;

    #[test]
    fn each_language_reads_its_version_or_is_told_it_is_english() {
        let announcement = Announcement {
            id: 7,
            starts_on: date(2026, 11, 22),
            ends_on: None,
            created_by: "user:ops@lpc.example".to_owned(),
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
            withdrawn_at: None,
            mailed_at: None,
            texts: vec![
                AnnouncementText {
                    lang: "en".to_owned(),
                    title: "FY28 KPIs".to_owned(),
                    body: "Gold needs 1,500 points.".to_owned(),
                },
                AnnouncementText {
                    lang: "it".to_owned(),
                    title: "KPI FY28".to_owned(),
                    body: "Gold richiede 1.500 punti.".to_owned(),
                },
            ],
        };
        let mails = every_language(&announcement);
        let subjects: Vec<(&str, &str)> = mails
            .iter()
            .map(|m| (m.lang.as_str(), m.subject.as_str()))
            .collect();
        assert_eq!(
            subjects,
            [
                ("en", "[Learning Partner Program] FY28 KPIs"),
                ("ja", "[Learning Partner Program] FY28 KPIs"),
                ("it", "[Learning Partner Program] KPI FY28"),
            ]
        );
        assert!(
            mails[1]
                .body
                .starts_with("このお知らせにはまだ日本語版がない")
        );
        assert!(mails[1].body.contains("Gold needs 1,500 points."));
        assert!(mails[2].body.contains("Gold richiede"));
        assert!(!mails[0].body.contains("inglese") && mails[0].body.contains("(R32)"));
    }
}
