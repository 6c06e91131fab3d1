//! The text of the invitations a partner file sends (R31), written by the adapter once per
//! language with slots, and filled in for each partner: formatting a message per row of a
//! 100,000-row file would cost more than storing it.

use std::collections::HashMap;
use std::sync::Arc;

use lpc_domain::CountryCode;

/// Where an invitation's text names the partner: its name.
pub const PARTNER: &str = "{partner}";
/// Where an invitation's text names the partner's MPN ID.
pub const MPN: &str = "{mpn}";
/// Where the link carries its single-use token (the adapter writes the link around it).
pub const TOKEN: &str = "{token}";

/// An invitation mail as the adapter writes it for one language, with [`PARTNER`], [`MPN`]
/// and [`TOKEN`] where the partner's values go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationText {
    pub subject: String,
    pub body: String,
}

/// Writes the text for a partner in `country` (its language, R32): called once per country
/// a file holds, on the import's blocking thread.
#[derive(Clone)]
pub struct ComposeInvitation(Arc<dyn Fn(CountryCode) -> InvitationText + Send + Sync>);

impl ComposeInvitation {
    pub fn new(compose: impl Fn(CountryCode) -> InvitationText + Send + Sync + 'static) -> Self {
        Self(Arc::new(compose))
    }

    fn text(&self, country: CountryCode) -> InvitationText {
        (self.0)(country)
    }
}

impl std::fmt::Debug for ComposeInvitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ComposeInvitation")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Partner,
    Mpn,
    Token,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(Slot),
}

/// A text cut at its slots once, then filled in for each partner in one pass (a partner
/// name holding `{token}` stays as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Template(Vec<Piece>);

impl Template {
    fn parse(text: &str) -> Self {
        let slots = [
            (PARTNER, Slot::Partner),
            (MPN, Slot::Mpn),
            (TOKEN, Slot::Token),
        ];
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some((at, marker, slot)) = slots
            .iter()
            .filter_map(|(marker, slot)| rest.find(marker).map(|at| (at, *marker, *slot)))
            .min_by_key(|(at, _, _)| *at)
        {
            if at > 0 {
                pieces.push(Piece::Text(rest[..at].to_owned()));
            }
            pieces.push(Piece::Slot(slot));
            rest = &rest[at + marker.len()..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_owned()));
        }
        Template(pieces)
    }

    fn fill(&self, values: &Values<'_>) -> String {
        let mut out = String::with_capacity(self.capacity(values));
        for piece in &self.0 {
            out.push_str(match piece {
                Piece::Text(text) => text,
                Piece::Slot(Slot::Partner) => values.partner,
                Piece::Slot(Slot::Mpn) => values.mpn,
                Piece::Slot(Slot::Token) => values.token,
            });
        }
        out
    }

    fn capacity(&self, values: &Values<'_>) -> usize {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.len(),
                Piece::Slot(Slot::Partner) => values.partner.len(),
                Piece::Slot(Slot::Mpn) => values.mpn.len(),
                Piece::Slot(Slot::Token) => values.token.len(),
            })
            .sum()
    }
}

/// One partner's values for the slots.
#[derive(Debug, Clone, Copy)]
pub(super) struct Values<'a> {
    pub partner: &'a str,
    pub mpn: &'a str,
    pub token: &'a str,
}

/// The texts of one import, cut once per country they are asked for.
pub(super) struct Texts {
    compose: ComposeInvitation,
    cut: HashMap<CountryCode, (Template, Template)>,
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts")
            .field("countries", &self.cut.len())
            .finish_non_exhaustive()
    }
}

impl Texts {
    pub(super) fn new(compose: ComposeInvitation) -> Self {
        Self {
            compose,
            cut: HashMap::new(),
        }
    }

    /// The subject and body of the invitation of a partner in `country`.
    pub(super) fn mail(&mut self, country: CountryCode, values: &Values<'_>) -> (String, String) {
        let compose = &self.compose;
        let (subject, body) = self.cut.entry(country).or_insert_with(|| {
            let text = compose.text(country);
            (Template::parse(&text.subject), Template::parse(&text.body))
        });
        (subject.fill(values), body.fill(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_once_and_a_value_holding_a_slot_stays_as_it_is() {
        let template = Template::parse("Hello {partner} ({mpn}): /invitation/{token}!");
        let values = Values {
            partner: "Evil {token} Learning",
            mpn: "4100001",
            token: "abc123",
        };
        assert_eq!(
            template.fill(&values),
            "Hello Evil {token} Learning (4100001): /invitation/abc123!"
        );
        assert_eq!(Template::parse("").fill(&values), "");
        assert_eq!(
            Template::parse("{mpn}{mpn}").fill(&values),
            "41000014100001"
        );
    }

    #[test]
    fn each_country_is_composed_once() {
        let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let compose = move |country: CountryCode| {
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            InvitationText {
                subject: format!("{country}: {PARTNER}"),
                body: format!("{MPN} {TOKEN}"),
            }
        };
        let mut texts = Texts::new(ComposeInvitation::new(compose));
        let values = Values {
            partner: "P",
            mpn: "1",
            token: "t",
        };
        let jp = CountryCode::parse("JP").unwrap();
        assert_eq!(texts.mail(jp, &values), ("JP: P".into(), "1 t".into()));
        texts.mail(jp, &values);
        texts.mail(CountryCode::parse("IT").unwrap(), &values);
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 2);
    }
}
