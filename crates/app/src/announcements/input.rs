//! What an operator typed for an announcement, checked (R32): an English title and text, a
//! Japanese or Italian version whole or not at all, bounded sizes, a start that is not in the
//! past (today when none is given) and an end not before the start.
//!
//! Every problem names its form field (`title_ja`, `ends_on`), so that a page shows each next
//! to its field in the reader's language and the CLI or a log reads the English sentence.

use jiff::civil::Date;
use lpc_store::{AnnouncementDraft, AnnouncementText};

/// The languages an announcement may have a version in; English is required.
pub const LANGS: [&str; 3] = ["en", "ja", "it"];
/// The longest title, in characters (R32: what a page heading and a mail subject carry).
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest text, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// One language version as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    /// `en`, `ja` or `it`.
    pub lang: String,
    pub title: String,
    pub text: String,
}

/// An announcement as typed in the console.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnouncementInput {
    pub texts: Vec<TextInput>,
    /// `None`: today.
    pub starts_on: Option<Date>,
    /// `None`: shown until withdrawn.
    pub ends_on: Option<Date>,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Required (the English version), or half of a version given without the other half.
    Missing,
    /// Longer than allowed.
    TooLong { chars: usize, max: usize },
    /// The start is before today: an announcement is not backdated.
    StartsInPast { today: Date },
    /// The end is before the start.
    EndsBeforeStart { starts_on: Date },
    /// A language the program does not speak.
    UnknownLanguage,
}

/// A refused field: its form name (`title_en`, `text_ja`, `starts_on`, `ends_on`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub field: String,
    pub problem: Problem,
}

impl InputError {
    fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }

    /// The refusal in English, naming the field and the rule.
    pub fn message(&self) -> String {
        let field = &self.field;
        match self.problem {
            Problem::Missing if field.ends_with("_en") => {
                format!("{field} is required: every announcement has an English version (R32)")
            }
            Problem::Missing => format!(
                "{field} is required: a version in another language has both a title and a \
                 text (R32)"
            ),
            Problem::TooLong { chars, max } => {
                format!("{field} has {chars} characters; at most {max} (R32)")
            }
            Problem::StartsInPast { today } => format!(
                "{field} is before today ({today}): an announcement starts today or later (R32)"
            ),
            Problem::EndsBeforeStart { starts_on } => format!(
                "{field} is before the start ({starts_on}): an announcement ends on or after \
                 the day it starts (R32)"
            ),
            Problem::UnknownLanguage => {
                format!("{field}: announcements are written in en, ja or it (R32)")
            }
        }
    }
}

/// A title on one line: trimmed, any line break or control character a space.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A text with `\n` line breaks only, without other control characters (tabs kept),
/// trimmed.
fn plain_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// `input` checked on `today`: the announcement to store (English first), or every problem.
pub fn check(input: &AnnouncementInput, today: Date) -> Result<AnnouncementDraft, Vec<InputError>> {
    let mut errors = Vec::new();
    let mut texts = Vec::new();
    for given in &input.texts {
        if !LANGS.contains(&given.lang.as_str()) {
            errors.push(InputError::new(
                format!("title_{}", given.lang),
                Problem::UnknownLanguage,
            ));
        }
    }
    for lang in LANGS {
        let given = input.texts.iter().find(|t| t.lang == lang);
        let title = given.map(|t| one_line(&t.title)).unwrap_or_default();
        let text = given.map(|t| plain_text(&t.text)).unwrap_or_default();
        if lang != "en" && title.is_empty() && text.is_empty() {
            continue;
        }
        let mut fine = true;
        for (field, value, max) in [
            (format!("title_{lang}"), &title, MAX_TITLE_CHARS),
            (format!("text_{lang}"), &text, MAX_TEXT_CHARS),
        ] {
            let chars = value.chars().count();
            if chars == 0 {
                errors.push(InputError::new(field, Problem::Missing));
                fine = false;
            } else if chars > max {
                errors.push(InputError::new(field, Problem::TooLong { chars, max }));
                fine = false;
            }
        }
        if fine {
            texts.push(AnnouncementText {
                lang: lang.to_owned(),
                title,
                body: text,
            });
        }
    }
    let starts_on = input.starts_on.unwrap_or(today);
    if starts_on < today {
        errors.push(InputError::new(
            "starts_on",
            Problem::StartsInPast { today },
        ));
    }
    if let Some(end) = input.ends_on
        && end < starts_on
    {
        errors.push(InputError::new(
            "ends_on",
            Problem::EndsBeforeStart { starts_on },
        ));
    }
    if errors.is_empty() {
        Ok(AnnouncementDraft {
            starts_on,
            ends_on: input.ends_on,
            texts,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;

    fn input(texts: &[(&str, &str, &str)]) -> AnnouncementInput {
        AnnouncementInput {
            texts: texts
                .iter()
                .map(|(lang, title, text)| TextInput {
                    lang: (*lang).to_owned(),
                    title: (*title).to_owned(),
                    text: (*text).to_owned(),
                })
                .collect(),
            starts_on: None,
            ends_on: None,
        }
    }

    fn fields(errors: &[InputError]) -> Vec<(&str, Problem)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem))
            .collect()
    }

    #[test]
    fn english_is_required_and_other_languages_come_whole() {
        let today = date(2026, 11, 22);
        let errors = check(&input(&[("ja", "題名", "")]), today).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("title_en", Problem::Missing),
                ("text_en", Problem::Missing),
                ("text_ja", Problem::Missing),
            ]
        );
        assert!(errors[0].message().contains("R32"));
        let draft = check(
            &input(&[
                ("it", " ", "\n"),
                ("en", "  FY28\nKPIs ", "One.\r\n\r\nTwo.\u{7}\n"),
            ]),
            today,
        )
        .unwrap();
        assert_eq!(draft.starts_on, today, "the start defaults to today");
        assert_eq!(
            draft.texts.len(),
            1,
            "a blank Italian version is no version"
        );
        assert_eq!(draft.texts[0].title, "FY28 KPIs", "a title is one line");
        assert_eq!(
            draft.texts[0].body, "One.\n\nTwo.",
            "plain text, paragraphs kept"
        );
    }

    #[test]
    fn sizes_are_bounded_in_characters() {
        let today = date(2026, 11, 22);
        let title = "あ".repeat(MAX_TITLE_CHARS);
        let text = "x".repeat(MAX_TEXT_CHARS);
        assert!(check(&input(&[("en", &title, &text)]), today).is_ok());
        let errors = check(
            &input(&[("en", &format!("{title}a"), &format!("{text}y"))]),
            today,
        )
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                (
                    "title_en",
                    Problem::TooLong {
                        chars: 201,
                        max: 200
                    }
                ),
                (
                    "text_en",
                    Problem::TooLong {
                        chars: 10_001,
                        max: 10_000
                    }
                ),
            ]
        );
        assert_eq!(
            errors[0].message(),
            "title_en has 201 characters; at most 200 (R32)"
        );
    }

    #[test]
    fn an_announcement_starts_today_or_later_and_ends_on_or_after_its_start() {
        let today = date(2026, 11, 22);
        let mut typed = input(&[("en", "T", "X")]);
        typed.starts_on = Some(date(2026, 11, 21));
        typed.ends_on = Some(date(2026, 11, 20));
        let errors = check(&typed, today).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("starts_on", Problem::StartsInPast { today }),
                (
                    "ends_on",
                    Problem::EndsBeforeStart {
                        starts_on: date(2026, 11, 21)
                    }
                ),
            ]
        );
        typed.starts_on = Some(date(2026, 12, 1));
        typed.ends_on = Some(date(2026, 12, 1));
        let draft = check(&typed, today).unwrap();
        assert_eq!(
            (draft.starts_on, draft.ends_on),
            (date(2026, 12, 1), Some(date(2026, 12, 1))),
            "a one-day announcement"
        );
        let errors = check(&input(&[("en", "T", "X"), ("fr", "T", "X")]), today).unwrap_err();
        assert_eq!(fields(&errors), [("title_fr", Problem::UnknownLanguage)]);
    }
}
