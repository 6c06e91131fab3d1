//! An announcement's plain text as a page shows it (R32): paragraphs split by blank lines,
//! line breaks kept, and `http://` or `https://` addresses made links. Nothing else becomes
//! markup: every piece is text the template escapes, and no other scheme (`javascript:`,
//! `data:`) is ever a link.

/// A piece of a paragraph: text, a link (its `href` is the text), or a line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    /// The link's address (an `http(s)://` URL, escaped by the template); empty: plain text.
    pub href: String,
    /// A line break inside the paragraph (`text` and `href` empty).
    pub line_break: bool,
}

impl Segment {
    fn text(text: &str) -> Self {
        Segment {
            text: text.to_owned(),
            href: String::new(),
            line_break: false,
        }
    }

    fn link(url: &str) -> Self {
        Segment {
            text: url.to_owned(),
            href: url.to_owned(),
            line_break: false,
        }
    }

    fn line_break() -> Self {
        Segment {
            text: String::new(),
            href: String::new(),
            line_break: true,
        }
    }

    /// Whether this piece is a link.
    pub fn is_link(&self) -> bool {
        !self.href.is_empty()
    }
}

/// One paragraph's pieces.
pub type Paragraph = Vec<Segment>;

/// `text` as paragraphs (blank lines between them), each as its pieces.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let text = text.replace("\r\n", "\n");
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Paragraph = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(Segment::line_break());
        }
        push_line(&mut current, line.trim_end());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Characters that may open a link's surroundings, left out of it: `(https://…)`.
const OPENERS: &[char] = &['(', '<', '[', '"', '\''];
/// Characters that end a sentence or close a bracket after a link, left out of it.
const CLOSERS: &[char] = &['.', ',', ';', ':', '!', '?', ')', '>', ']', '"', '\''];

/// `token` is a web address we link: `http://` or `https://` (any case) and a host.
fn linkable(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        rest.chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '[')
    }) && !token
        .chars()
        .any(|c| c.is_control() || c == '<' || c == '>' || c == '"')
}

/// Appends `line`'s pieces to `paragraph`, text runs merged.
fn push_line(paragraph: &mut Paragraph, line: &str) {
    let push_text = |paragraph: &mut Paragraph, text: &str| {
        if text.is_empty() {
            return;
        }
        match paragraph.last_mut() {
            Some(last) if !last.is_link() && !last.line_break => last.text.push_str(text),
            _ => paragraph.push(Segment::text(text)),
        }
    };
    for token in line.split_inclusive(char::is_whitespace) {
        let word = token.trim_end_matches(char::is_whitespace);
        let space = &token[word.len()..];
        let core_start = word.len() - word.trim_start_matches(OPENERS).len();
        let (lead, rest) = word.split_at(core_start);
        let core = rest.trim_end_matches(CLOSERS);
        let tail = &rest[core.len()..];
        if linkable(core) {
            push_text(paragraph, lead);
            paragraph.push(Segment::link(core));
            push_text(paragraph, tail);
            push_text(paragraph, space);
        } else {
            push_text(paragraph, token);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Vec<Vec<String>> {
        paragraphs(text)
            .iter()
            .map(|p| {
                p.iter()
                    .map(|s| {
                        if s.line_break {
                            "<br>".to_owned()
                        } else if s.is_link() {
                            format!("[{}]", s.href)
                        } else {
                            s.text.clone()
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn blank_lines_split_paragraphs_and_line_breaks_stay() {
        assert_eq!(
            shape("First line\nsecond line\r\n\r\n\n  \nNext paragraph.\n"),
            [
                vec!["First line", "<br>", "second line"],
                vec!["Next paragraph."]
            ]
        );
        assert!(paragraphs(" \n\n").is_empty());
    }

    #[test]
    fn only_http_and_https_addresses_become_links() {
        assert_eq!(
            shape("See https://learn.example/kpi?y=2027&x=1. Or (HTTP://docs.example/a)!"),
            [vec![
                "See ",
                "[https://learn.example/kpi?y=2027&x=1]",
                ". Or (",
                "[HTTP://docs.example/a]",
                ")!"
            ]]
        );
        assert_eq!(
            shape("javascript:alert(1) data:text/html,x ftp://x.example https:// http://<b>"),
            [vec![
                "javascript:alert(1) data:text/html,x ftp://x.example https:// http://<b>"
            ]],
            "no other scheme, no empty host, no markup in a link"
        );
        assert_eq!(
            shape("<script>alert(1)</script>"),
            [vec!["<script>alert(1)</script>"]],
            "markup stays text for the template to escape"
        );
    }
}
