//! The text of a landing page, and whether it names someone (R25: the page names the partner and
//! no competitor).
//!
//! A crude HTML-to-text, enough for matching names and safe on hostile input: one linear pass,
//! no recursion, no allocation beyond the output. Comments, `<script>`, `<style>` and
//! `<template>` contents are dropped, every other tag becomes a space, and the common character
//! references are decoded (`&amp;`, `&#233;`, ...). Attribute values (alt, title, meta) are not
//! text. Bodies are decoded as UTF-8 (invalid bytes replaced): a page in another encoding is
//! matched only on its ASCII letters.

/// Elements whose content is not page text.
const HIDDEN: [&str; 3] = ["script", "style", "template"];

/// The visible text of `html`, tags and hidden elements removed, references decoded.
pub fn visible_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = 0;
    while rest < html.len() {
        let Some(offset) = html[rest..].find('<') else {
            decode_into(&html[rest..], &mut text);
            break;
        };
        let open = rest + offset;
        decode_into(&html[rest..open], &mut text);
        text.push(' ');
        rest = skip_markup(&lower, open);
    }
    text
}

/// Where the text resumes after the markup starting at `open` (a `<`). `lower` is the page in
/// ASCII lower case: same byte offsets, and `<`, `>` are ASCII so every offset found is a char
/// boundary.
fn skip_markup(lower: &str, open: usize) -> usize {
    let after = &lower[open..];
    if let Some(comment) = after.strip_prefix("<!--") {
        return comment
            .find("-->")
            .map_or(lower.len(), |end| open + 4 + end + 3);
    }
    let tag_end = after.find('>').map_or(lower.len(), |end| open + end + 1);
    let name: String = after[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if HIDDEN.contains(&name.as_str()) {
        let closing = format!("</{name}");
        return lower[tag_end..]
            .find(&closing)
            .map_or(lower.len(), |start| {
                let close = tag_end + start;
                lower[close..]
                    .find('>')
                    .map_or(lower.len(), |end| close + end + 1)
            });
    }
    tag_end
}

/// Appends `raw` with its character references decoded (unknown ones kept as written).
fn decode_into(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| reference(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" | "lsquo" => '\'',
        "ndash" => '–',
        "mdash" => '—',
        "reg" => '®',
        "trade" => '™',
        "copy" => '©',
        _ => return None,
    })
}

/// Lower case, every run of white space one space, trimmed: how text and names are compared.
pub fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Does `text` (already [`normalized`]) name `name`? Case-insensitive, white space folded, and on
/// word boundaries where the script has them: "Contoso" is not found in "Contosoft", but a
/// Japanese name is found inside a sentence written without spaces.
pub fn names(text: &str, name: &str) -> bool {
    let needle = normalized(name);
    if needle.is_empty() {
        return false;
    }
    let first = needle.chars().next();
    let last = needle.chars().next_back();
    text.match_indices(needle.as_str()).any(|(start, found)| {
        let before = text[..start].chars().next_back();
        let after = text[start + found.len()..].chars().next();
        boundary(before, first) && boundary(after, last)
    })
}

/// Is there a word boundary between the name's edge character and its neighbour in the text?
fn boundary(neighbour: Option<char>, edge: Option<char>) -> bool {
    match (neighbour, edge) {
        (Some(n), Some(e)) => !(spaced_word_char(n) && spaced_word_char(e)),
        _ => true,
    }
}

/// A letter or digit of a script that separates words with spaces (not kana or CJK ideographs).
fn spaced_word_char(c: char) -> bool {
    c.is_alphanumeric()
        && !matches!(
            u32::from(c),
            0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str, name: &str) -> bool {
        names(&normalized(&visible_text(html)), name)
    }

    #[test]
    fn text_skips_markup_scripts_and_comments() {
        let html = "<html><head><title>Fabrikam</title><style>p{}</style>\
                    <script type=\"x\">var c = 'Contoso';</script></head>\
                    <body><!-- Contoso --><p class=\"Contoso\">A &amp; B&#x27;s</p></body></html>";
        let text = normalized(&visible_text(html));
        assert_eq!(text, "fabrikam a & b's");
    }

    #[test]
    fn names_on_word_boundaries_case_insensitively() {
        assert!(found(
            "<p>Welcome to FABRIKAM   Training!</p>",
            "Fabrikam Training"
        ));
        assert!(found("<p>Fabrikam<br>Training</p>", "fabrikam training"));
        assert!(!found("<p>Contosoft</p>", "Contoso"));
        assert!(!found("<p>MyContoso</p>", "Contoso"));
        assert!(found("<p>(Contoso)</p>", "Contoso"));
        assert!(found("<p>株式会社ファブリカムの研修</p>", "ファブリカム"));
        assert!(found("<p>Ünïcode Académie</p>", "ünïcode académie"));
        assert!(!found("<p>anything</p>", "   "));
    }

    #[test]
    fn hostile_markup_ends_without_panic() {
        for html in [
            "<",
            "<script>never closed Contoso",
            "<!-- never closed",
            "&#xFFFFFFFF; &#0; &; &amp",
            "<é><scrïpt>x</script>日本",
            "<style",
        ] {
            let _ = visible_text(html);
        }
        assert!(!found("<script>never closed Contoso", "Contoso"));
    }
}
